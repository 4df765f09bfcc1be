// SPDX-License-Identifier: MIT
/*
 * sink.rpmsg.print: one line per rpmsg event, as text or JSON lines. Put it after
 * filter.rpmsg.decode to see endpoint names and decoded payloads; on its own it prints the raw
 * fields. Discarded events are printed where they happened and summed on stderr at the end.
 *
 * Parameters: json (bool, default false); clock-seconds, clock-gmt (bool, default false): how
 * text shows times (rpmsg-scope/clock.h: local HH:MM:SS.nnnnnnnnn by default, as babeltrace2).
 * JSON carries "ts_ns" as a string of ns since the clock's origin: exact, where a double
 * (jq, JavaScript) would round a value above 2^53.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/event-fields.h>

#include "components.h"
#include "endpoint_names.h"
#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/bt2-sink-input.h>

struct print_sink {
	bt_self_component *self;
	bt_message_iterator *upstream;
	bool json;
	enum rpmsg_clock_style clock;
	uint64_t discarded_events;
	uint64_t discarded_packets;
	bool discarded_unknown; /* a discard message without a count */
	char *line;		/* one output line */
	size_t line_size;
	/* Names for the events the decode filter passes through unchanged (tx_wait, drop). */
	struct event_reader *reader;
	struct endpoint_names *names;
	struct rpmsg_event event;
	uint64_t printed; /* rpmsg events */
};

#define LINE_SIZE (64 * 1024)

bt_component_class_initialize_method_status
rpmsg_bt2_print_sink_initialize(bt_self_component_sink *self_sink,
				bt_self_component_sink_configuration *config,
				const bt_value *params, void *init_data)
{
	static const struct param_spec specs[] = {
		{"json", BT_VALUE_TYPE_BOOL},
		{"clock-seconds", BT_VALUE_TYPE_BOOL},
		{"clock-gmt", BT_VALUE_TYPE_BOOL},
		{NULL, 0},
	};
	bt_self_component *self = bt_self_component_sink_as_self_component(self_sink);
	struct print_sink *sink;

	if (!rpmsg_bt2_params_check(self, params, specs))
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	sink = calloc(1, sizeof(*sink));
	if (!sink)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	sink->self = self;
	sink->json = rpmsg_bt2_params_bool(params, "json", false);
	sink->clock = rpmsg_bt2_params_clock(params);
	sink->line_size = LINE_SIZE;
	sink->line = malloc(sink->line_size);
	sink->reader = rpmsg_bt2_reader_create();
	sink->names = rpmsg_bt2_names_create();
	if (sink->reader)
		rpmsg_bt2_reader_set_payload_limit(sink->reader, 0);
	if (!sink->line || !sink->reader || !sink->names ||
	    bt_self_component_sink_add_input_port(self_sink, "in", NULL, NULL)) {
		rpmsg_bt2_reader_destroy(sink->reader);
		rpmsg_bt2_names_destroy(sink->names);
		free(sink->line);
		free(sink);
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	}
	bt_self_component_set_data(self, sink);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

void rpmsg_bt2_print_sink_finalize(bt_self_component_sink *self_sink)
{
	struct print_sink *sink =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self_sink));

	fflush(stdout);
	bt_message_iterator_put_ref(sink->upstream);
	rpmsg_bt2_reader_destroy(sink->reader);
	rpmsg_bt2_names_destroy(sink->names);
	free(sink->line);
	free(sink);
}

bt_component_class_sink_graph_is_configured_method_status
rpmsg_bt2_print_sink_graph_is_configured(bt_self_component_sink *self_sink)
{
	struct print_sink *sink =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self_sink));

	return rpmsg_bt2_sink_connect(self_sink, &sink->upstream);
}

/* Appends like snprintf at *pos; output longer than the line is cut, never overflows. */
static void put(struct print_sink *sink, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put(struct print_sink *sink, size_t *pos, const char *fmt, ...)
{
	va_list args;
	int n;

	if (*pos >= sink->line_size)
		return;
	va_start(args, fmt);
	n = vsnprintf(sink->line + *pos, sink->line_size - *pos, fmt, args);
	va_end(args);
	if (n > 0)
		*pos += (size_t)n;
	if (*pos >= sink->line_size)
		*pos = sink->line_size - 1;
}

/* Appends @text as is (memcpy: decoded payloads are long, printf's %s is slow on them). */
static void put_raw(struct print_sink *sink, size_t *pos, const char *text)
{
	size_t len;

	if (!text)
		return;
	len = strlen(text);
	if (*pos + len >= sink->line_size)
		len = sink->line_size - 1 - *pos;
	memcpy(sink->line + *pos, text, len);
	*pos += len;
	sink->line[*pos] = '\0';
}

static void put_json_string(struct print_sink *sink, size_t *pos, const char *text)
{
	size_t full = *pos;

	if (*pos >= sink->line_size)
		return;
	rpmsg_json_escape(sink->line, sink->line_size, &full, text ? text : "");
	*pos = full < sink->line_size ? full : sink->line_size - 1;
}

static const bt_field *member_by_name(const bt_field *structure, const char *name)
{
	return bt_field_structure_borrow_member_field_by_name_const(structure, name);
}

static const char *string_member(const bt_field *structure, const char *name)
{
	const bt_field *field = member_by_name(structure, name);

	if (!field || bt_field_get_class_type(field) != BT_FIELD_CLASS_TYPE_STRING)
		return NULL;
	return bt_field_string_get_value(field);
}

static void put_time(struct print_sink *sink, size_t *pos, const bt_message *msg)
{
	char text[RPMSG_TIME_TEXT_SIZE];
	int64_t ns;

	if (!rpmsg_bt2_message_time_ns(msg, &ns)) {
		put(sink, pos, sink->json ? "\"ts_ns\":null" : "[        unknown time]");
		return;
	}
	if (sink->json)
		put(sink, pos, "\"ts_ns\":\"%" PRId64 "\"", ns);
	else
		put(sink, pos, "[%s]",
		    rpmsg_time_format(text, sizeof(text), ns,
				      rpmsg_bt2_message_clock_is_unix_epoch(msg), sink->clock));
}

/* "name(1024)" or "1024" when the name is unknown. */
static void put_endpoint(struct print_sink *sink, size_t *pos, const char *name, uint32_t addr)
{
	if (name && name[0])
		put(sink, pos, "%s(%" PRIu32 ")", name, addr);
	else
		put(sink, pos, "%" PRIu32, addr);
}

/* A member's value: integers, strings, booleans; arrays by their length. */
static void put_value(struct print_sink *sink, size_t *pos, const bt_field *field)
{
	bt_field_class_type type = bt_field_get_class_type(field);

	if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		put(sink, pos, "%" PRId64, bt_field_integer_signed_get_value(field));
	else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		put(sink, pos, "%" PRIu64, bt_field_integer_unsigned_get_value(field));
	else if (type == BT_FIELD_CLASS_TYPE_BOOL)
		put(sink, pos, "%s", bt_field_bool_get_value(field) ? "true" : "false");
	else if (type == BT_FIELD_CLASS_TYPE_STRING && sink->json)
		put_json_string(sink, pos, bt_field_string_get_value(field));
	else if (type == BT_FIELD_CLASS_TYPE_STRING)
		put(sink, pos, "%s", bt_field_string_get_value(field));
	else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ARRAY))
		put(sink, pos, sink->json ? "\"[%" PRIu64 " items]\"" : "[%" PRIu64 " items]",
		    bt_field_array_get_length(field));
	else
		put(sink, pos, sink->json ? "null" : "?");
}

/* Every payload member but bus and role (and src/dst when @skip_addresses: shown already). */
static void put_members(struct print_sink *sink, size_t *pos, const bt_field *payload,
			bool skip_addresses)
{
	const bt_field_class *fc = bt_field_borrow_class_const(payload);
	uint64_t count = bt_field_class_structure_get_member_count(fc);
	bool first = true;

	for (uint64_t i = 0; i < count; i++) {
		const char *name = bt_field_class_structure_member_get_name(
			bt_field_class_structure_borrow_member_by_index_const(fc, i));

		if (!strcmp(name, "bus") || !strcmp(name, "role") ||
		    (skip_addresses && (!strcmp(name, "src") || !strcmp(name, "dst"))))
			continue;
		if (sink->json) {
			put(sink, pos, first ? "" : ",");
			put_json_string(sink, pos, name);
			put(sink, pos, ":");
		} else {
			put(sink, pos, " %s=", name);
		}
		first = false;
		put_value(sink, pos,
			  bt_field_structure_borrow_member_field_by_index_const(payload, i));
		if (!sink->json && !strcmp(name, "reason") && sink->event.type == RPMSG_EV_DROP)
			put(sink, pos, "(%s)", rpmsg_drop_reason_name(sink->event.drop.reason));
	}
}

/*
 * tx_wait and drop name both ends: learned here from the name-service and endpoint events, as
 * the decode filter does for messages. Returns false for other events.
 */
static bool addressed_event(struct print_sink *sink, const char **src_name, const char **dst_name,
			    uint32_t *src, uint32_t *dst)
{
	const struct rpmsg_event *ev = &sink->event;
	enum endpoint_side src_side, dst_side;

	/* messages are named by the decode filter (and printed raw without it) */
	if (ev->type == RPMSG_EV_MSG_SEND || ev->type == RPMSG_EV_MSG_RECV ||
	    !rpmsg_event_endpoints(ev, src, dst))
		return false;
	rpmsg_bt2_message_sides(ev, &src_side, &dst_side);
	*src_name = rpmsg_bt2_names_lookup(sink->names, ev->bus, src_side, *src);
	*dst_name = rpmsg_bt2_names_lookup(sink->names, ev->bus, dst_side, *dst);
	return true;
}

static void print_event(struct print_sink *sink, const bt_message *msg)
{
	const bt_event *event = bt_message_event_borrow_event_const(msg);
	const char *event_name = bt_event_class_get_name(bt_event_borrow_class_const(event));
	enum rpmsg_event_type type = rpmsg_bt2_event_type_from_name(event_name);
	const bt_field *payload = bt_event_borrow_payload_field_const(event);
	const bt_field *role_field;
	const char *decoded_json, *decoded_text, *bus, *src_name = NULL, *dst_name = NULL;
	uint32_t src = 0, dst = 0;
	uint64_t role = 0;
	bool addressed;
	size_t pos = 0;

	if (!type || !payload)
		return; /* not an rpmsg event */
	memset(&sink->event, 0, sizeof(sink->event));
	if (rpmsg_bt2_reader_read(sink->reader, msg, &sink->event) > 0)
		rpmsg_bt2_names_learn(sink->names, &sink->event);
	addressed = addressed_event(sink, &src_name, &dst_name, &src, &dst);
	bus = string_member(payload, "bus");
	role_field = member_by_name(payload, "role");
	if (role_field)
		role = bt_field_integer_unsigned_get_value(role_field);
	decoded_text = string_member(payload, "decoded_text");
	decoded_json = string_member(payload, "decoded_json");
	if (sink->json) {
		put(sink, &pos, "{");
		put_time(sink, &pos, msg);
		put(sink, &pos, ",\"event\":\"%s\",\"bus\":", rpmsg_bt2_event_type_name(type));
		put_json_string(sink, &pos, bus);
		put(sink, &pos, ",\"role\":\"%s\",", rpmsg_event_role_name((unsigned int)role));
		if (decoded_json) {
			/* A decoded message: its members, the decoding as a nested object. */
			put(sink, &pos, "\"src\":%" PRIu64 ",\"src_name\":",
			    bt_field_integer_unsigned_get_value(member_by_name(payload, "src")));
			put_json_string(sink, &pos, string_member(payload, "src_name"));
			put(sink, &pos, ",\"dst\":%" PRIu64 ",\"dst_name\":",
			    bt_field_integer_unsigned_get_value(member_by_name(payload, "dst")));
			put_json_string(sink, &pos, string_member(payload, "dst_name"));
			put(sink, &pos, ",\"len\":%" PRIu64 ",\"flags\":%" PRIu64 ",\"decoded\":",
			    bt_field_integer_unsigned_get_value(member_by_name(payload, "len")),
			    bt_field_integer_unsigned_get_value(member_by_name(payload, "flags")));
			put_raw(sink, &pos, decoded_json);
			put_raw(sink, &pos, "}");
		} else {
			if (addressed) {
				put(sink, &pos, "\"src\":%" PRIu32 ",\"src_name\":", src);
				put_json_string(sink, &pos, src_name);
				put(sink, &pos, ",\"dst\":%" PRIu32 ",\"dst_name\":", dst);
				put_json_string(sink, &pos, dst_name);
				put(sink, &pos, ",");
			}
			put(sink, &pos, "\"fields\":{");
			put_members(sink, &pos, payload, addressed);
			put(sink, &pos, "}}");
		}
	} else {
		put_time(sink, &pos, msg);
		put(sink, &pos, " %s %s %s", bus ? bus : "?",
		    rpmsg_event_role_name((unsigned int)role), rpmsg_bt2_event_type_name(type));
		if (decoded_text) {
			put(sink, &pos, " ");
			put_endpoint(sink, &pos, string_member(payload, "src_name"),
				     (uint32_t)bt_field_integer_unsigned_get_value(
					     member_by_name(payload, "src")));
			put(sink, &pos, " -> ");
			put_endpoint(sink, &pos, string_member(payload, "dst_name"),
				     (uint32_t)bt_field_integer_unsigned_get_value(
					     member_by_name(payload, "dst")));
			put(sink, &pos, " len=%" PRIu64 " %s: ",
			    bt_field_integer_unsigned_get_value(member_by_name(payload, "len")),
			    string_member(payload, "decoder"));
			put_raw(sink, &pos, decoded_text);
		} else {
			if (addressed) {
				put(sink, &pos, " ");
				put_endpoint(sink, &pos, src_name, src);
				put(sink, &pos, " -> ");
				put_endpoint(sink, &pos, dst_name, dst);
			}
			put_members(sink, &pos, payload, addressed);
		}
	}
	sink->line[pos] = '\0';
	puts(sink->line);
	sink->printed++;
}

static void print_discarded(void *ctx, bool events, uint64_t count, bool known)
{
	struct print_sink *sink = ctx;
	const char *what = events ? "events" : "packets";

	if (known) {
		if (events)
			sink->discarded_events += count;
		else
			sink->discarded_packets += count;
	} else {
		sink->discarded_unknown = true;
	}
	if (sink->json) {
		if (known)
			printf("{\"discarded_%s\":%" PRIu64 "}\n", what, count);
		else
			printf("{\"discarded_%s\":null}\n", what);
	} else if (known) {
		printf("!! %" PRIu64 " %s discarded by the tracer here (its buffers were full)\n",
		       count, what);
	} else {
		printf("!! %s discarded by the tracer here (count unknown)\n", what);
	}
}

static void print_summary(struct print_sink *sink)
{
	fflush(stdout);
	if (!sink->printed)
		fprintf(stderr, "warning: no rpmsg:* events to show (none in the trace, or none "
				"matched the endpoint and time filters)\n");
	if (sink->discarded_events || sink->discarded_packets || sink->discarded_unknown)
		fprintf(stderr,
			"warning: the trace lost events: %" PRIu64 " events and %" PRIu64
			" packets discarded by the tracer%s; use larger buffers\n",
			sink->discarded_events, sink->discarded_packets,
			sink->discarded_unknown ? " (and some of unknown count)" : "");
}

static int print_event_cb(void *ctx, const bt_message *msg)
{
	print_event(ctx, msg);
	return 0;
}

bt_component_class_sink_consume_method_status
rpmsg_bt2_print_sink_consume(bt_self_component_sink *self_sink)
{
	static const struct rpmsg_bt2_sink_input_ops ops = {
		.event = print_event_cb,
		.discarded = print_discarded,
	};
	struct print_sink *sink =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self_sink));
	bt_component_class_sink_consume_method_status status =
		rpmsg_bt2_sink_next(sink->upstream, &ops, sink);

	if (status == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END)
		print_summary(sink);
	else if (status == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN)
		fflush(stdout); /* live: show what we have while waiting */
	return status;
}
