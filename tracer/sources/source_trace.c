// SPDX-License-Identifier: MIT
/*
 * Trace sources through libbabeltrace2, in process: a CTF trace on disk (--replay, source.ctf.fs)
 * or an LTTng live session (--live, source.ctf.lttng-live), then filter.utils.muxer, then our own
 * sink component class, which turns each "rpmsg:*" event (docs/events.md) into a struct
 * rpmsg_event and queues it. The replay clock (replay_queue.h) hands queued events to the
 * collector when they are due, so a trace plays back at its own pace times --speed. Discarded
 * events and packets reported by the trace become lost events in the collector.
 *
 * A trace on disk is read in a forked child that sends its events through a pipe: babeltrace2
 * 2.0's ctf plugin spins forever on some cut metadata and aborts on some damaged stream files,
 * and neither may hang or kill rpmsg-top. The child ends with an END or ERROR record; a pipe
 * that stays silent while the child runs for rpmsg_trace_stall_ms(), or closes without either
 * record, means the reader is stuck or died. A damaged trace is never shown as a whole one: found
 * while opening, the open fails; found later, base.failure says why (the tool prints it and exits
 * 1). Live sessions are read in-process: silence is normal there.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <babeltrace2/babeltrace.h>

#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/bt2-sink-input.h>
#include <rpmsg-scope/clock.h>

#include "replay_queue.h"
#include "source.h"
#include "trace_graph_builder.h"
#include "trace_input.h"

/* A reader making no progress for this much of its running time is stuck (cut metadata). */
#define STALL_CHECK_MS 20

/* What the reading child sends: a header, then for RECORD_EVENT a struct rpmsg_event. */
enum record_kind {
	RECORD_EVENT,
	RECORD_LOST_EVENTS,
	RECORD_LOST_PACKETS,
	RECORD_OTHER_EVENTS,
	RECORD_END,
	RECORD_ERROR,
};

struct record {
	uint32_t kind;
	uint64_t count;	  /* LOST_*, OTHER_EVENTS */
	char reason[200]; /* ERROR */
};

struct trace_source {
	struct rpmsg_source base;
	const char *url;
	pid_t reader;	   /* the reading child (replay), 0: none */
	int pipe_fd;	   /* parent: read end; child: write end; -1: in-process (live) */
	uint64_t received; /* events received from the child */
	struct replay_queue queue;
	bool live;
	bt_graph *graph;
	bt_component_class_sink *sink_class;
	bt_message_iterator *upstream;
	bool graph_ended;
	struct rpmsg_collector *collector; /* for lost events; set during polls */
	uint64_t lost_events, lost_packets, other_events;
	struct event_reader
		*event_reader; /* bt2 event -> struct rpmsg_event (tracer/babeltrace2) */
	int error;
};

/* Child: write one record (and @ev) to the pipe. Return: 0, -EPIPE. */
static int send_record(struct trace_source *s, enum record_kind kind, uint64_t count,
		       const char *reason, const struct rpmsg_event *ev)
{
	struct record r = {.kind = kind, .count = count};
	char buffer[sizeof(r) + sizeof(*ev)];
	size_t size = sizeof(r), done = 0;

	if (reason)
		snprintf(r.reason, sizeof(r.reason), "%s", reason);
	memcpy(buffer, &r, sizeof(r));
	if (ev) {
		memcpy(buffer + sizeof(r), ev, sizeof(*ev));
		size += sizeof(*ev);
	}
	while (done < size) {
		ssize_t n = write(s->pipe_fd, buffer + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		done += (size_t)n;
	}
	return 0;
}

/* Convert one event message and queue it (or send it, in the reading child). Return: 0, -errno. */
static int queue_event(struct trace_source *s, const bt_message *msg)
{
	struct rpmsg_event ev;
	int ret;

	memset(&ev, 0, offsetof(struct rpmsg_event, payload));
	ret = rpmsg_bt2_reader_read(s->event_reader, msg, &ev);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		s->other_events++;
		return 0;
	}
	if (s->pipe_fd >= 0)
		return send_record(s, RECORD_EVENT, 0, NULL, &ev);
	return replay_queue_push(&s->queue, &ev);
}

/* A discard of unknown size counts as one (rpmsg_bt2_discarded_count()): still a loss to see. */
static void count_discarded(void *ctx, bool events, uint64_t count, bool known)
{
	struct trace_source *s = ctx;

	if (events)
		s->lost_events += count;
	else
		s->lost_packets += count;
}

/* ---- our sink component class ---------------------------------------------------------- */

static bt_component_class_initialize_method_status
sink_initialize(bt_self_component_sink *self, bt_self_component_sink_configuration *config,
		const bt_value *params, void *data)
{
	bt_self_component_set_data(bt_self_component_sink_as_self_component(self), data);
	if (bt_self_component_sink_add_input_port(self, "in", NULL, NULL) !=
	    BT_SELF_COMPONENT_ADD_PORT_STATUS_OK)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static struct trace_source *sink_source(bt_self_component_sink *self)
{
	return bt_self_component_get_data(bt_self_component_sink_as_self_component(self));
}

static bt_component_class_sink_graph_is_configured_method_status
sink_graph_is_configured(bt_self_component_sink *self)
{
	return rpmsg_bt2_sink_connect(self, &sink_source(self)->upstream);
}

static void sink_finalize(bt_self_component_sink *self)
{
	struct trace_source *s = sink_source(self);

	bt_message_iterator_put_ref(s->upstream);
	s->upstream = NULL;
}

static int queue_event_cb(void *ctx, const bt_message *msg)
{
	return queue_event(ctx, msg);
}

static bt_component_class_sink_consume_method_status sink_consume(bt_self_component_sink *self)
{
	static const struct rpmsg_bt2_sink_input_ops ops = {
		.event = queue_event_cb,
		.discarded = count_discarded,
	};

	return rpmsg_bt2_sink_next(sink_source(self)->upstream, &ops, sink_source(self));
}

/* ---- graph ------------------------------------------------------------------------------ */

/* The deepest cause of the current thread's babeltrace2 error, into @err; clears the error. */
static void take_bt_error(char *err, size_t err_size, const char *what)
{
	const bt_error *e = bt_current_thread_take_error();
	const char *cause = NULL;

	if (e && bt_error_get_cause_count(e))
		cause = bt_error_cause_get_message(bt_error_borrow_cause_by_index(e, 0));
	snprintf(err, err_size, "%s%s%s", what, cause ? ": " : "", cause ? cause : "");
	if (e)
		bt_error_release(e);
}

/* The builder's failure in rpmsg-top's words, into @err. */
static void describe_build_error(const struct trace_source *s,
				 const struct rpmsg_trace_graph_build *built, int err, char *msg,
				 size_t msg_size)
{
	char what[120];

	switch (err) {
	case -ENOPKG:
		snprintf(msg, msg_size, "%s", built->detail);
		break;
	case -EBADMSG: /* the reader's failure line names the trace around it */
		snprintf(msg, msg_size, "stream %s is empty but its index lists packets",
			 built->detail);
		break;
	case -ENOMSG:
		snprintf(msg, msg_size, "no CTF data streams found");
		break;
	case -EIO:
		take_bt_error(msg, msg_size,
			      s->live ? "cannot connect to the LTTng live session"
				      : "cannot open the trace");
		break;
	case -EINVAL:
	case -EPROTO:
		snprintf(what, sizeof(what), "babeltrace2 failed while %s", built->stage);
		take_bt_error(msg, msg_size, what);
		break;
	default: /* from the search for trace directories */
		snprintf(msg, msg_size, "cannot open the trace %s: %s", s->url,
			 err == -ENODATA ? "no CTF trace (no metadata file) in it"
					 : strerror(-err));
	}
}

/* source.ctf.fs or .lttng-live -> muxer -> our sink (trace_graph_builder.h). Return: 0, -errno. */
static int build_graph(struct trace_source *s, char *err, size_t err_size)
{
	struct rpmsg_trace_component sink = {.name = "rpmsg-top", .data = s};
	struct rpmsg_trace_graph_spec spec = {
		.trace = s->url,
		/* no session yet is not an error: it may start after rpmsg-top */
		.session_not_found_action = "continue",
		.source_log_level = BT_LOGGING_LEVEL_NONE,
		.components = &sink,
		.component_count = 1,
	};
	struct rpmsg_trace_graph_build built;
	int ret;

	s->sink_class = bt_component_class_sink_create("rpmsg-top", sink_consume);
	if (!s->sink_class ||
	    bt_component_class_sink_set_initialize_method(s->sink_class, sink_initialize) ||
	    bt_component_class_sink_set_graph_is_configured_method(s->sink_class,
								   sink_graph_is_configured) ||
	    bt_component_class_sink_set_finalize_method(s->sink_class, sink_finalize)) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	sink.sink = s->sink_class;
	ret = rpmsg_trace_graph_build(&spec, &built);
	if (ret)
		describe_build_error(s, &built, ret, err, err_size);
	s->graph = built.graph;
	return ret;
}

/* ---- the reading child and its watchdog (replay) ------------------------------------------ */

/* Child: read the whole trace into the pipe, then end with END or ERROR. Never returns. */
static void noreturn_child(struct trace_source *s)
{
	char err[200];
	int status;

	if (build_graph(s, err, sizeof(err))) {
		send_record(s, RECORD_ERROR, 0, err, NULL);
		_exit(0);
	}
	do {
		status = rpmsg_trace_graph_run_once(s->graph);
		if ((s->lost_events &&
		     send_record(s, RECORD_LOST_EVENTS, s->lost_events, NULL, NULL)) ||
		    (s->lost_packets &&
		     send_record(s, RECORD_LOST_PACKETS, s->lost_packets, NULL, NULL)))
			_exit(1); /* the parent is gone */
		s->lost_events = s->lost_packets = 0;
	} while (status >= 0);
	if (status == -EPIPE) {
		send_record(s, RECORD_OTHER_EVENTS, s->other_events, NULL, NULL);
		send_record(s, RECORD_END, 0, NULL, NULL);
	} else {
		take_bt_error(err, sizeof(err), "babeltrace2");
		send_record(s, RECORD_ERROR, 0, err, NULL);
	}
	/* _exit: the parent's state this child inherited is the parent's to free */
	_exit(0);
}

/* Parent: the reader is stuck (@stalled) or gone: say how, in s->base.failure. */
static void reader_failed(struct trace_source *s, bool stalled, const char *reason)
{
	char how[200];
	int wait_status = 0;

	if (stalled)
		kill(s->reader, SIGKILL);
	waitpid(s->reader, &wait_status, 0);
	s->reader = 0;
	if (reason)
		snprintf(how, sizeof(how), "%s", reason);
	else if (stalled)
		snprintf(how, sizeof(how), "reading stopped making progress for %ld ms",
			 rpmsg_trace_stall_ms());
	else if (WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGABRT)
		snprintf(how, sizeof(how), "babeltrace2 aborted reading it");
	else if (WIFSIGNALED(wait_status))
		snprintf(how, sizeof(how), "the reader died of signal %d", WTERMSIG(wait_status));
	else
		snprintf(how, sizeof(how), "the reader ended without a word");
	snprintf(s->base.failure, sizeof(s->base.failure),
		 "%s: corrupt or truncated (%s), %llu events read before it", s->url, how,
		 (unsigned long long)s->received);
	s->graph_ended = true;
	s->error = -EIO;
}

/* Parent: @size bytes from the reader. Return: 0, -EPIPE (closed), -ETIMEDOUT (stuck). */
static int receive(struct trace_source *s, void *buffer, size_t size)
{
	long limit_ms = rpmsg_trace_stall_ms(), still_ms = 0;
	size_t done = 0;

	while (done < size) {
		struct pollfd p = {.fd = s->pipe_fd, .events = POLLIN};
		ssize_t n = poll(&p, 1, STALL_CHECK_MS);

		if (n == 0 && rpmsg_trace_reader_running(s->reader) &&
		    (still_ms += STALL_CHECK_MS) >= limit_ms)
			return -ETIMEDOUT;
		if (n <= 0)
			continue; /* quiet but not stuck, or EINTR */
		n = read(s->pipe_fd, (char *)buffer + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		done += (size_t)n;
		still_ms = 0;
	}
	return 0;
}

/* Parent: one record from the reader. Return: 1 progress, -EPIPE ended, -EIO error. */
static int receive_one(struct trace_source *s)
{
	struct rpmsg_event ev;
	struct record r;
	int err = receive(s, &r, sizeof(r));

	if (!err && r.kind == RECORD_EVENT)
		err = receive(s, &ev, sizeof(ev));
	if (err) {
		reader_failed(s, err == -ETIMEDOUT, NULL);
		return -EIO;
	}
	switch (r.kind) {
	case RECORD_EVENT:
		s->received++;
		return replay_queue_push(&s->queue, &ev) ? -EIO : 1;
	case RECORD_LOST_EVENTS:
		s->lost_events += r.count;
		return 1;
	case RECORD_LOST_PACKETS:
		s->lost_packets += r.count;
		return 1;
	case RECORD_OTHER_EVENTS:
		s->other_events = r.count;
		return 1;
	case RECORD_END:
		waitpid(s->reader, NULL, 0);
		s->reader = 0;
		s->graph_ended = true;
		return -EPIPE;
	default:
		r.reason[sizeof(r.reason) - 1] = '\0';
		reader_failed(s, false, r.reason);
		return -EIO;
	}
}

/* Parent: fork the reader. Return: 0, -errno (err filled). */
static int start_reader(struct trace_source *s, const char *url, char *err, size_t err_size)
{
	int fds[2];

	if (pipe(fds)) {
		snprintf(err, err_size, "cannot read %s: pipe: %s", url, strerror(errno));
		return -errno;
	}
	fflush(NULL);
	s->reader = fork();
	if (s->reader < 0) {
		snprintf(err, err_size, "cannot read %s: fork: %s", url, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		s->reader = 0;
		return -EAGAIN;
	}
	if (s->reader == 0) {
		close(fds[0]);
		s->pipe_fd = fds[1];
		noreturn_child(s);
	}
	close(fds[1]);
	s->pipe_fd = fds[0];
	return 0;
}

/* ---- reading ---------------------------------------------------------------------------- */

/* Run the graph once. Return: 1 progress, 0 nothing now (live), -EPIPE ended, -EIO error. */
static int run_once(struct trace_source *s)
{
	int ret;

	if (s->graph_ended)
		return -EPIPE;
	if (s->reader)
		return receive_one(s);
	ret = rpmsg_trace_graph_run_once(s->graph);
	if (ret == -EPIPE) {
		s->graph_ended = true;
	} else if (ret < 0) {
		/* live (read in-process): the relay went away or never answered; say which URL */
		char what[160];

		snprintf(what, sizeof(what), "%.100s: cannot read the LTTng live session", s->url);
		take_bt_error(s->base.failure, sizeof(s->base.failure), what);
		s->graph_ended = true;
		s->error = -EIO;
	}
	return ret;
}

static void report_lost(struct trace_source *s, struct rpmsg_collector *c)
{
	if (s->lost_events) {
		rpmsg_collector_add_lost(c, "lttng-discarded", s->lost_events);
		s->lost_events = 0;
	}
	if (s->lost_packets) {
		rpmsg_collector_add_lost(c, "lttng-discarded-packets", s->lost_packets);
		s->lost_packets = 0;
	}
}

/* Read ahead until an event later than @until is queued (or the trace ends / live waits). */
static void read_ahead(struct trace_source *s, uint64_t until)
{
	while (!s->graph_ended && (!replay_queue_length(&s->queue) || s->queue.last_ts <= until)) {
		if (run_once(s) <= 0)
			break;
	}
	/* Never a partial result shown as a whole: the tool reads base.failure and stops. */
	if (s->base.failure[0])
		snprintf(s->base.note, sizeof(s->base.note), "%.199s", s->base.failure);
}

static void update_ended(struct trace_source *s)
{
	s->base.ended = s->graph_ended && !replay_queue_length(&s->queue);
}

static int trace_advance(struct rpmsg_source *base, struct rpmsg_collector *c, uint64_t until)
{
	struct trace_source *s = (struct trace_source *)base;
	size_t n;

	read_ahead(s, until);
	n = replay_queue_deliver(&s->queue, c, until);
	report_lost(s, c);
	update_ended(s);
	return (int)n;
}

static uint64_t trace_now(struct rpmsg_source *base)
{
	struct trace_source *s = (struct trace_source *)base;
	struct timespec ts;
	uint64_t now;

	if (!s->live)
		return replay_queue_now(&s->queue);
	/* live: LTTng's clock is ns from the Epoch; close intervals on the wall clock */
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	return now > s->queue.last_ts ? now : s->queue.last_ts + 1;
}

static int trace_poll(struct rpmsg_source *base, struct rpmsg_collector *c, int timeout_ms)
{
	struct trace_source *s = (struct trace_source *)base;
	int n;

	if (s->queue.paused)
		n = 0;
	else
		n = trace_advance(base, c, s->live ? UINT64_MAX : trace_now(base));
	replay_queue_idle(n, timeout_ms, base->ended);
	return n;
}

static int trace_sync(struct rpmsg_source *base, struct rpmsg_collector *c)
{
	return trace_poll(base, c, 0) < 0 ? -EIO : 0;
}

static void trace_set_paused(struct rpmsg_source *base, bool paused)
{
	struct trace_source *s = (struct trace_source *)base;

	if (!s->live)
		replay_queue_set_paused(&s->queue, paused);
}

static void trace_close(struct rpmsg_source *base)
{
	struct trace_source *s = (struct trace_source *)base;

	if (s->reader) {
		kill(s->reader, SIGKILL);
		waitpid(s->reader, NULL, 0);
	}
	if (s->pipe_fd >= 0)
		close(s->pipe_fd);
	bt_graph_put_ref(s->graph);
	bt_component_class_sink_put_ref(s->sink_class);
	replay_queue_free(&s->queue);
	rpmsg_bt2_reader_destroy(s->event_reader);
	free(s);
}

static const struct rpmsg_source_ops trace_ops = {
	.poll = trace_poll,
	.sync = trace_sync,
	.now_ns = trace_now,
	.advance = trace_advance,
	.set_paused = trace_set_paused,
	.close = trace_close,
};

int rpmsg_source_trace_open(const struct rpmsg_source_config *o, const char *url, bool live,
			    struct rpmsg_source **out, char *err, size_t err_size)
{
	struct trace_source *s = calloc(1, sizeof(*s));
	int ret;

	if (s)
		s->event_reader = rpmsg_bt2_reader_create();
	if (!s || !s->event_reader) {
		free(s);
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	s->base.ops = &trace_ops;
	s->live = live;
	s->url = url;
	s->pipe_fd = -1;
	replay_queue_init(&s->queue, live ? 1 : o->speed);
	s->base.fast = !live && o->speed <= 0;
	s->base.clock = RPMSG_SOURCE_CLOCK_EPOCH; /* the trace's clock class, on the epoch */
	s->base.provides = RPMSG_SOURCE_LATENCY | RPMSG_SOURCE_WAITS | RPMSG_SOURCE_DROPS;
	s->base.payloads = true;
	ret = live ? build_graph(s, err, err_size) : start_reader(s, url, err, err_size);
	if (ret) {
		trace_close(&s->base);
		return ret;
	}
	if (live) {
		/*
		 * Connecting happens on the first run: an unknown host or a refused connection
		 * must fail here, not show empty tables. No session yet is not an error (AGAIN).
		 */
		if (run_once(s) < 0 && s->error) {
			snprintf(err, err_size, "%s", s->base.failure);
			trace_close(&s->base);
			return -EIO;
		}
		snprintf(s->base.label, sizeof(s->base.label), "LTTng live %s", url);
	} else {
		/* the first event starts the replay clock: read until there is one */
		while (!replay_queue_length(&s->queue) && run_once(s) >= 0)
			;
		if (s->error) {
			snprintf(err, err_size, "%s", s->base.failure);
			trace_close(&s->base);
			return -EIO;
		}
		if (!replay_queue_length(&s->queue))
			snprintf(s->base.note, sizeof(s->base.note),
				 "the trace holds no rpmsg events (%llu other events)",
				 (unsigned long long)s->other_events);
		if (o->speed > 0)
			snprintf(s->base.label, sizeof(s->base.label), "replay x%g %.60s", o->speed,
				 url);
		else
			snprintf(s->base.label, sizeof(s->base.label), "replay %.70s", url);
	}
	update_ended(s);
	*out = &s->base;
	return 0;
}
