// SPDX-License-Identifier: MIT
/*
 * Text and JSON forms of one event (see event_print.h). The fields come from the event model's
 * table (event-fields.h): a field added to an event is printed here without a change.
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include <rpmsg-scope/event-fields.h>
#include <rpmsg-scope/text.h>

#include "event_print.h"

/* Payload as hex, then as text with unprintable bytes as '.', as a hex dump line does. */
static void payload_text(FILE *out, const struct rpmsg_event *ev, uint64_t captured)
{
	unsigned int n = captured < RPMSG_EVENT_PAYLOAD_MAX ? (unsigned int)captured
							    : RPMSG_EVENT_PAYLOAD_MAX;

	fputs(" payload=", out);
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, "%02x", ev->payload[i]);
	fputs(" \"", out);
	for (unsigned int i = 0; i < n; i++)
		fputc(isprint(ev->payload[i]) ? ev->payload[i] : '.', out);
	fprintf(out, "\"%s", n < ev->msg.len ? "..." : "");
}

/* ns_announce's flags and direction read as words in text; JSON keeps the numbers. */
static const char *value_word(const struct rpmsg_event *ev, const struct rpmsg_event_field *f,
			      uint64_t value)
{
	if (ev->type != RPMSG_EV_NS_ANNOUNCE)
		return NULL;
	if (!strcmp(f->name, "flags"))
		return value == RPMSG_EVENT_NS_DESTROY ? "destroy" : "create";
	if (!strcmp(f->name, "direction"))
		return value == RPMSG_EVENT_DIR_TX ? "sent" : "received";
	return NULL;
}

/* One field as " name=value"; the payload as its channel @name, @decoded or a hex dump. */
static void text_field(FILE *out, const struct rpmsg_event *ev, const struct rpmsg_event_field *f,
		       const char *name, const char *decoded)
{
	char escaped[RPMSG_TEXT_ESCAPED_SIZE(RPMSG_EVENT_NAME_LEN)];
	uint64_t value = rpmsg_event_field_get(ev, f);
	const char *word;

	switch (f->type) {
	case RPMSG_FIELD_NAME:
		fprintf(out, " %s=%s", f->name,
			rpmsg_text_escape(escaped, sizeof(escaped), rpmsg_event_field_string(ev, f),
					  f->size));
		return;
	case RPMSG_FIELD_S32:
		fprintf(out, " %s=%" PRId32, f->name, (int32_t)value);
		return;
	case RPMSG_FIELD_PAYLOAD:
		if (name)
			fprintf(out, " name=%s", name);
		if (decoded)
			fprintf(out, " decoded: %s", decoded);
		else
			payload_text(out, ev, value);
		return;
	default:
		word = value_word(ev, f, value);
		if (word)
			fprintf(out, " %s=%s", f->name, word);
		else
			fprintf(out, " %s=%" PRIu64, f->name, value);
		return;
	}
}

/* One field as ,"name":value; the payload as its channel "name", hex bytes and "decoded". */
static void json_field(FILE *out, const struct rpmsg_event *ev, const struct rpmsg_event_field *f,
		       const char *name, const char *decoded)
{
	uint64_t value = rpmsg_event_field_get(ev, f);

	switch (f->type) {
	case RPMSG_FIELD_NAME:
		fprintf(out, ",\"%s\":", f->name);
		rpmsg_json_print(out, rpmsg_event_field_string(ev, f), f->size);
		return;
	case RPMSG_FIELD_S32:
		fprintf(out, ",\"%s\":%" PRId32, f->name, (int32_t)value);
		return;
	case RPMSG_FIELD_PAYLOAD:
		if (value > RPMSG_EVENT_PAYLOAD_MAX)
			value = RPMSG_EVENT_PAYLOAD_MAX;
		if (name) {
			fputs(",\"name\":", out);
			rpmsg_json_print(out, name, RPMSG_EVENT_NAME_LEN);
		}
		fprintf(out, ",\"%s\":\"", f->name);
		for (uint64_t i = 0; i < value; i++)
			fprintf(out, "%02x", ev->payload[i]);
		fputc('"', out);
		if (decoded)
			fprintf(out, ",\"decoded\":%s", decoded);
		return;
	default:
		fprintf(out, ",\"%s\":%" PRIu64, f->name, value);
		return;
	}
}

void event_print(FILE *out, const struct rpmsg_event *ev, const char *name, const char *decoded,
		 bool json, enum rpmsg_clock_style clock)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(ev->type);
	char bus[RPMSG_TEXT_ESCAPED_SIZE(RPMSG_EVENT_BUS_LEN)], time[RPMSG_TIME_TEXT_SIZE];
	int64_t wall_ns = rpmsg_wall_ns(ev->ts_ns);

	if (!cls) {
		fprintf(out, json ? "{\"event\":\"unknown\",\"type\":%u}\n" : "unknown event %u\n",
			ev->type);
		return;
	}
	/* bus and role (the first two fields) lead, with the process: a fixed header */
	if (json) {
		fprintf(out, "{\"event\":\"%s\",\"ts_ns\":\"%" PRId64 "\",\"bus\":", cls->name,
			wall_ns);
		rpmsg_json_print(out, ev->bus, RPMSG_EVENT_BUS_LEN);
		fprintf(out, ",\"role\":%u,\"vpid\":%u,\"vtid\":%u", ev->role, ev->pid, ev->tid);
	} else {
		fprintf(out, "[%s] %-11s bus=%s role=%s pid=%u",
			rpmsg_time_format(time, sizeof(time), wall_ns, true, clock), cls->name,
			rpmsg_text_escape(bus, sizeof(bus), ev->bus, RPMSG_EVENT_BUS_LEN),
			rpmsg_event_role_name(ev->role), ev->pid);
	}
	for (size_t i = RPMSG_EVENT_COMMON_FIELDS; i < cls->field_count; i++) {
		if (json)
			json_field(out, ev, &cls->fields[i], name, decoded);
		else
			text_field(out, ev, &cls->fields[i], name, decoded);
	}
	fputs(json ? "}\n" : "\n", out);
}
