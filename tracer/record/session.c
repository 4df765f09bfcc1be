// SPDX-License-Identifier: MIT
/*
 * The LTTng recording session of `rpmsg-trace record` (see session.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lttng/lttng.h>

#include "session.h"

#define CHANNEL_NAME "rpmsg"
#define NUM_SUBBUF   4

static const char *const event_names[RPMSG_EV_TYPE_COUNT] = RPMSG_EVENT_NAMES;

static int lttng_failed(const char *step, int code)
{
	fprintf(stderr, "rpmsg-trace record: %s failed: %s\n", step,
		lttng_strerror(code < 0 ? code : -code));
	return -EIO;
}

/*
 * Stopping and destroying fail when the consumer could not write (LTTng says "Rotation failure on
 * consumer" for a full disk): keep LTTng's words for the caller, who prints them only if no
 * better reason is found (record.c's disk-full check).
 */
static int lttng_failed_later(struct record_session *session, const char *step, int code)
{
	if (!session->failure[0])
		snprintf(session->failure, sizeof(session->failure),
			 "rpmsg-trace record: %s failed: %s", step,
			 lttng_strerror(code < 0 ? code : -code));
	return -EIO;
}

void record_session_print_failure(const struct record_session *session)
{
	if (session->failure[0])
		fprintf(stderr, "%s\n", session->failure);
}

static struct lttng_session_descriptor *make_descriptor(const struct record_options *opts,
							const char *name)
{
	if (opts->live)
		return lttng_session_descriptor_live_network_create(name, opts->url, NULL,
								    opts->live_timer_us);
	if (opts->url)
		return lttng_session_descriptor_network_create(name, opts->url, NULL);
	return lttng_session_descriptor_local_create(name, opts->output);
}

/* Largest power of two <= value (value >= 1). */
static uint64_t pow2_floor(uint64_t value)
{
	uint64_t p = 1;

	while (p <= value / 2)
		p *= 2;
	return p;
}

static int enable_channel(struct record_session *session, struct lttng_domain *domain,
			  const struct record_options *opts)
{
	struct lttng_channel *channel = lttng_channel_create(domain);
	long page = sysconf(_SC_PAGESIZE);
	int ret;

	if (!channel)
		return lttng_failed("creating the channel", LTTNG_ERR_NOMEM);
	session->num_subbuf = NUM_SUBBUF;
	session->subbuf_size = pow2_floor(opts->buffer_size / NUM_SUBBUF);
	if (session->subbuf_size < (uint64_t)page)
		session->subbuf_size = (uint64_t)page;
	snprintf(channel->name, sizeof(channel->name), "%s", CHANNEL_NAME);
	channel->attr.subbuf_size = session->subbuf_size;
	channel->attr.num_subbuf = session->num_subbuf;
	channel->attr.overwrite = 0; /* discard mode: count what does not fit, never overwrite */
	if (opts->blocking)
		lttng_channel_set_blocking_timeout(channel, -1);
	ret = lttng_enable_channel(session->handle, channel);
	lttng_channel_destroy(channel);
	if (ret < 0 && opts->url) {
		/* The session daemon first talks to the relay daemon here. */
		fprintf(stderr,
			"rpmsg-trace record: enabling the channel failed: %s (is lttng-relayd "
			"listening at %s?)\n",
			lttng_strerror(ret), opts->url);
		return -EIO;
	}
	if (ret < 0)
		return lttng_failed("enabling the channel", ret);
	return 0;
}

static int add_contexts(struct record_session *session)
{
	static const struct {
		enum lttng_event_context_type type;
		const char *name;
	} contexts[] = {
		{LTTNG_EVENT_CONTEXT_VPID, "adding the vpid context"},
		{LTTNG_EVENT_CONTEXT_VTID, "adding the vtid context"},
		{LTTNG_EVENT_CONTEXT_PROCNAME, "adding the procname context"},
	};

	for (size_t i = 0; i < sizeof(contexts) / sizeof(contexts[0]); i++) {
		struct lttng_event_context context;
		int ret;

		memset(&context, 0, sizeof(context));
		context.ctx = contexts[i].type;
		ret = lttng_add_context(session->handle, &context, NULL, CHANNEL_NAME);
		if (ret < 0)
			return lttng_failed(contexts[i].name, ret);
	}
	return 0;
}

static int enable_event(struct record_session *session, const char *name)
{
	struct lttng_event *event = lttng_event_create();
	char step[96];
	int ret;

	if (!event)
		return lttng_failed("creating an event rule", LTTNG_ERR_NOMEM);
	snprintf(event->name, sizeof(event->name), "rpmsg:%s", name);
	event->type = LTTNG_EVENT_TRACEPOINT;
	event->loglevel_type = LTTNG_EVENT_LOGLEVEL_ALL;
	ret = lttng_enable_event_with_exclusions(session->handle, event, CHANNEL_NAME, NULL, 0,
						 NULL);
	lttng_event_destroy(event);
	if (ret < 0) {
		snprintf(step, sizeof(step), "enabling event rpmsg:%s", name);
		return lttng_failed(step, ret);
	}
	return 0;
}

int record_session_create(struct record_session *session, const struct record_options *opts)
{
	struct lttng_session_descriptor *descriptor;
	struct lttng_domain domain;
	enum lttng_error_code code;
	int ret;

	if (opts->name)
		snprintf(session->name, sizeof(session->name), "%s", opts->name);
	else
		snprintf(session->name, sizeof(session->name), "rpmsg-trace-%ld", (long)getpid());

	descriptor = make_descriptor(opts, session->name);
	if (!descriptor) {
		fprintf(stderr, "rpmsg-trace record: cannot describe session '%s'%s%s\n",
			session->name, opts->url ? " for URL " : "", opts->url ? opts->url : "");
		return -EINVAL;
	}
	code = lttng_create_session_ext(descriptor);
	lttng_session_descriptor_destroy(descriptor);
	if (code != LTTNG_OK) {
		fprintf(stderr, "rpmsg-trace record: creating session '%s' failed: %s%s\n",
			session->name, lttng_strerror(-(int)code),
			opts->url ? " (is lttng-relayd running at that URL?)" : "");
		return -EIO;
	}
	session->created = true;

	memset(&domain, 0, sizeof(domain));
	domain.type = LTTNG_DOMAIN_UST;
	domain.buf_type = LTTNG_BUFFER_PER_UID;
	session->handle = lttng_create_handle(session->name, &domain);
	if (!session->handle)
		return lttng_failed("creating a handle", LTTNG_ERR_NOMEM);

	ret = enable_channel(session, &domain, opts);
	if (!ret)
		ret = add_contexts(session);
	if (!ret && opts->all_events)
		ret = enable_event(session, "*");
	for (int i = 1; !ret && !opts->all_events && i < RPMSG_EV_TYPE_COUNT; i++)
		if (opts->events[i])
			ret = enable_event(session, event_names[i]);
	return ret;
}

int record_session_start(struct record_session *session)
{
	int ret = lttng_start_tracing(session->name);

	return ret < 0 ? lttng_failed("starting the session", ret) : 0;
}

/*
 * lttng-ust 2.13.5 with lttng-tools 2.13.9 sometimes reports a discarded-event count with bit 63
 * set (seen with multi-threaded, forking programs and tiny buffers; the packets in the trace
 * carry the same value). No real count gets there, so such a value is taken as "events were
 * discarded, count = the other 63 bits" and flagged, never as zero.
 */
#define IMPLAUSIBLE_COUNT_BIT (1ull << 63)

int record_session_stop(struct record_session *session, uint64_t *discarded, uint64_t *lost_packets)
{
	struct lttng_channel *channels = NULL;
	int count;
	int ret;

	*discarded = 0;
	*lost_packets = 0;
	/* Waits until every sub-buffer is consumed, so the counts below are final. */
	ret = lttng_stop_tracing(session->name);
	if (ret < 0)
		return lttng_failed_later(session, "stopping the session", ret);
	count = lttng_list_channels(session->handle, &channels);
	if (count < 0)
		return lttng_failed_later(session, "reading the channel statistics", count);
	for (int i = 0; i < count; i++) {
		uint64_t value;

		if (!lttng_channel_get_discarded_event_count(&channels[i], &value)) {
			if (value & IMPLAUSIBLE_COUNT_BIT) {
				session->discarded_count_implausible = true;
				value &= ~IMPLAUSIBLE_COUNT_BIT;
				value = value ? value : 1;
			}
			*discarded += value;
		}
		if (!lttng_channel_get_lost_packet_count(&channels[i], &value))
			*lost_packets += value;
	}
	free(channels);
	return 0;
}

int record_session_destroy(struct record_session *session)
{
	struct lttng_destruction_handle *destruction = NULL;
	enum lttng_error_code result = LTTNG_OK;
	enum lttng_error_code code;
	int ret = 0;

	if (session->handle) {
		lttng_destroy_handle(session->handle);
		session->handle = NULL;
	}
	if (!session->created)
		return 0;
	session->created = false;
	code = lttng_destroy_session_ext(session->name, &destruction);
	if (code != LTTNG_OK)
		return lttng_failed_later(session, "destroying the session", -(int)code);
	/* Returns once the trace is complete on disk (or at the relay daemon). */
	if (lttng_destruction_handle_wait_for_completion(destruction, -1) !=
		    LTTNG_DESTRUCTION_HANDLE_STATUS_COMPLETED ||
	    lttng_destruction_handle_get_result(destruction, &result) !=
		    LTTNG_DESTRUCTION_HANDLE_STATUS_OK ||
	    result != LTTNG_OK)
		ret = lttng_failed_later(session, "destroying the session", -(int)result);
	lttng_destruction_handle_destroy(destruction);
	return ret;
}
