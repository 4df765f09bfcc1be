// SPDX-License-Identifier: MIT
/*
 * The doctor's life cycle, its rule table (ids and meanings from RPMSG_DOCTOR_RULES), what each
 * rule needs to be evaluated, and the text and JSON printers of findings.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/text.h>

#include "internal.h"

#define RULE_ID_(ENUM, id, what)   [RPMSG_DOCTOR_##ENUM] = id,
#define RULE_WHAT_(ENUM, id, what) [RPMSG_DOCTOR_##ENUM] = what,
static const char *const rule_ids[] = {RPMSG_DOCTOR_RULES(RULE_ID_)};
static const char *const rule_whats[] = {RPMSG_DOCTOR_RULES(RULE_WHAT_)};
#undef RULE_ID_
#undef RULE_WHAT_

int rpmsg_doctor_create(struct rpmsg_collector *c, const struct rpmsg_doctor_options *opts,
			struct rpmsg_doctor **out)
{
	struct rpmsg_doctor *d;

	if (!c || !out)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->collector = c;
	if (opts)
		d->opts = *opts;
	rpmsg_collector_set_event_observer(c, doctor_observe, d);
	*out = d;
	return 0;
}

void rpmsg_doctor_destroy(struct rpmsg_doctor *d)
{
	if (!d)
		return;
	rpmsg_collector_set_event_observer(d->collector, NULL, NULL);
	free(d->buses);
	free(d->names);
	free(d->epts);
	free(d->destroyed);
	free(d->rows);
	free(d);
}

const char *rpmsg_doctor_rule_id(enum rpmsg_doctor_rule rule)
{
	return (unsigned int)rule < RPMSG_DOCTOR_RULE_COUNT ? rule_ids[rule] : NULL;
}

const char *rpmsg_doctor_rule_what(enum rpmsg_doctor_rule rule)
{
	return (unsigned int)rule < RPMSG_DOCTOR_RULE_COUNT ? rule_whats[rule] : NULL;
}

const char *rpmsg_doctor_severity_name(enum rpmsg_doctor_severity severity)
{
	switch (severity) {
	case RPMSG_DOCTOR_INFO:
		return "info";
	case RPMSG_DOCTOR_WARNING:
		return "warning";
	default:
		return "error";
	}
}

static uint64_t seen_any(const struct rpmsg_doctor *d, enum rpmsg_event_type type)
{
	return d->seen[SIDE_HOST][type] + d->seen[SIDE_REMOTE][type];
}

/* What @rule needs and did not get, as "no ... events", or NULL when it could run. */
static const char *missing(const struct rpmsg_doctor *d, enum rpmsg_doctor_rule rule)
{
	bool vrings = seen_any(d, RPMSG_EV_VRING_ADD) || seen_any(d, RPMSG_EV_VRING_GET);
	bool doorbells = seen_any(d, RPMSG_EV_MBOX_KICK) || seen_any(d, RPMSG_EV_MBOX_RX);
	bool host_msgs =
		d->seen[SIDE_HOST][RPMSG_EV_MSG_SEND] || d->seen[SIDE_HOST][RPMSG_EV_MSG_RECV];
	bool remote_msgs =
		d->seen[SIDE_REMOTE][RPMSG_EV_MSG_SEND] || d->seen[SIDE_REMOTE][RPMSG_EV_MSG_RECV];

	switch (rule) {
	case RPMSG_DOCTOR_NS_NAME_UNBOUND:
	case RPMSG_DOCTOR_NS_ANNOUNCED_TWICE:
		return seen_any(d, RPMSG_EV_NS_ANNOUNCE) ? NULL : "no name-service announcements";
	case RPMSG_DOCTOR_NO_RECIPIENT:
	case RPMSG_DOCTOR_OVERSIZE:
		return d->opts.blind & RPMSG_DOCTOR_BLIND_DROPS ? "no drop events" : NULL;
	case RPMSG_DOCTOR_TX_STARVATION:
		return (d->opts.blind & RPMSG_DOCTOR_BLIND_WAITS) && !vrings
			       ? "no TX waits nor vring events"
			       : NULL;
	case RPMSG_DOCTOR_MISSING_KICKS:
	case RPMSG_DOCTOR_KICK_STORM:
		return doorbells ? NULL : "no doorbell events";
	case RPMSG_DOCTOR_EPT_UNANNOUNCED:
		return d->seen[SIDE_REMOTE][RPMSG_EV_EPT_CREATE]
			       ? NULL
			       : "no endpoint events of the remote";
	case RPMSG_DOCTOR_DESTROYED_IN_FLIGHT:
		return host_msgs && remote_msgs ? NULL : "no message events of both sides";
	case RPMSG_DOCTOR_REMOTE_SILENT:
		return d->seen[SIDE_HOST][RPMSG_EV_MSG_SEND] ? NULL : "no message sent by the host";
	case RPMSG_DOCTOR_SLOW_CALLBACK:
		return vrings ? NULL : "no vring events";
	default:
		return NULL;
	}
}

bool rpmsg_doctor_rule_evaluated(const struct rpmsg_doctor *d, enum rpmsg_doctor_rule rule,
				 char *why, size_t why_size)
{
	const char *lack = d ? missing(d, rule) : "no doctor";

	if (lack && why && why_size)
		snprintf(why, why_size, "%s in %s", lack,
			 d && d->opts.input ? d->opts.input : "the input");
	return !lack;
}

/* "bus sim0, rpmsg-echo 1024->1024, host side": host address first, as every table shows a row. */
static void where(char *buf, size_t size, const struct rpmsg_doctor_finding *f, const char *name)
{
	size_t used = 0;

	if (f->bus[0])
		used += (size_t)snprintf(buf + used, size - used, "bus %s", f->bus);
	if (name[0] && used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
	if (f->local != RPMSG_DOCTOR_NO_ADDR && f->remote != RPMSG_DOCTOR_NO_ADDR && used < size)
		used += (size_t)snprintf(buf + used, size - used, " %" PRIu32 "->%" PRIu32,
					 f->local, f->remote);
	else if (f->local != RPMSG_DOCTOR_NO_ADDR && used < size)
		used += (size_t)snprintf(buf + used, size - used, " host address %" PRIu32,
					 f->local);
	else if (f->remote != RPMSG_DOCTOR_NO_ADDR && used < size)
		used += (size_t)snprintf(buf + used, size - used, " remote address %" PRIu32,
					 f->remote);
	if (f->side[0] && used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s%s side", used ? ", " : "",
					 f->side);
	if (!used)
		snprintf(buf, size, "the whole input");
}

int rpmsg_doctor_print_text(FILE *f, const struct rpmsg_doctor_finding *findings, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct rpmsg_doctor_finding *x = &findings[i];
		char place[4 * (RPMSG_EVENT_BUS_LEN + RPMSG_EVENT_NAME_LEN) + 64];
		char name[RPMSG_TEXT_ESCAPED_SIZE(RPMSG_EVENT_NAME_LEN)];
		char text[RPMSG_TEXT_ESCAPED_SIZE(RPMSG_DOCTOR_TEXT_LEN)];

		/* names (also quoted in the evidence) come from the other side: escaped */
		rpmsg_text_escape(name, sizeof(name), x->name, sizeof(x->name));
		where(place, sizeof(place), x, name);
		rpmsg_text_escape(text, sizeof(text), x->evidence, sizeof(x->evidence));
		fprintf(f, "%s%s (%s%s): %s\n  where:    %s\n  evidence: %s\n  fix:      %s\n",
			i ? "\n" : "", rpmsg_doctor_rule_id(x->rule),
			rpmsg_doctor_severity_name(x->severity), x->uncertain ? ", uncertain" : "",
			rpmsg_doctor_rule_what(x->rule), place, text, x->fix);
	}
	return ferror(f) ? -EIO : 0;
}

static void json_addr(FILE *f, const char *key, uint32_t addr)
{
	if (addr == RPMSG_DOCTOR_NO_ADDR)
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%" PRIu32, key, addr);
}

int rpmsg_doctor_print_json(FILE *f, const struct rpmsg_doctor_finding *findings, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct rpmsg_doctor_finding *x = &findings[i];

		fprintf(f,
			"{\"type\":\"finding\",\"rule\":\"%s\",\"severity\":\"%s\","
			"\"uncertain\":%s,\"bus\":",
			rpmsg_doctor_rule_id(x->rule), rpmsg_doctor_severity_name(x->severity),
			x->uncertain ? "true" : "false");
		rpmsg_json_print(f, x->bus, sizeof(x->bus));
		fprintf(f, ",\"side\":\"%s\"", x->side);
		json_addr(f, "local", x->local);
		json_addr(f, "remote", x->remote);
		fprintf(f, ",\"name\":");
		rpmsg_json_print(f, x->name, sizeof(x->name));
		fprintf(f, ",\"count\":%" PRIu64 ",\"evidence\":", x->count);
		rpmsg_json_print(f, x->evidence, sizeof(x->evidence));
		fprintf(f, ",\"fix\":");
		rpmsg_json_print(f, x->fix, sizeof(x->fix));
		fprintf(f, "}\n");
	}
	return ferror(f) ? -EIO : 0;
}
