// SPDX-License-Identifier: MIT
/*
 * sink.rpmsg.print: one line per rpmsg event, as text or JSON lines. Put it after
 * filter.rpmsg.decode to see endpoint names and decoded payloads, or give it "decode" to do the
 * same decoding itself (decoding.h: the same lines, without the filter's new event per
 * message; rpmsg-trace decode does that). On its own it prints the raw fields. Discarded events
 * are printed where they happened and summed on stderr at the end.
 *
 * Parameters: json (bool, default false); clock-seconds, clock-gmt (bool, default false): how
 * text shows times (rpmsg-scope/clock.h: local HH:MM:SS.nnnnnnnnn by default, as babeltrace2).
 * decode (bool, default false) and, with it, decoders, endpoint, since, until: as
 * filter.rpmsg.decode takes them. JSON carries "ts_ns" as a string of ns since the clock's
 * origin: exact, where a double (jq, JavaScript) would round a value above 2^53.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/event-fields.h>
#include <rpmsg-scope/text.h>

#include "components.h"
#include "decoding.h"
#include "endpoint_names.h"
#include <rpmsg-scope/bt2-components.h>
#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/bt2-sink-input.h>

struct print_sink {
	struct rpmsg_bt2_sink_input input; /* first: the shared sink methods read it */
	bt_self_component *self;
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
	/* "decode": this sink decodes (decoding.h); registry and decoding are used only then */
	bool decode;
	struct rpmsg_decoder_registry *registry;
	char *endpoint;
	struct decoding decoding;
	char decoded_text[8192];
	char decoded_json[16384];
	struct rpmsg_bt2_sink_outcome *outcome; /* the initialize method data, may be NULL */
	/* the last bus name a JSON line showed, and its string literal: it rarely changes */
	char bus_last[RPMSG_EVENT_BUS_LEN];
	char bus_json[RPMSG_EVENT_BUS_LEN * 6 + 3];
	size_t bus_json_len;
	bool bus_known;
	/* how each payload class's members are printed, worked out once (put_members) */
	struct member_plan *plans;
	size_t plan_count;
};

#define PLAN_MEMBERS_MAX 24
#define NO_MEMBER	 UINT64_MAX
#define PLANS_MAX	 64

/* One payload class, as put_members() prints it: which members, under which key. */
struct member_plan {
	const bt_field_class *payload_class;
	/* bus and role, which every line's head shows: their index, NO_MEMBER when absent */
	uint64_t bus_index, role_index;
	bool bus_string; /* bus is a string member (string_member() reads no other kind) */
	uint64_t count;
	struct planned_member {
		uint64_t index;
		bool address; /* src or dst: left out when the line shows them already */
		bool reason;  /* "reason": a drop's gets its name after the value */
		uint8_t key_len[2];
		char key[2][48]; /* [0] text " name=", [1] JSON ",\"name\":" */
	} members[PLAN_MEMBERS_MAX];
};

/* A decoded message's line, wherever its parts come from (the filter's event, or decoding.h). */
struct decoded_line {
	const char *bus;
	uint64_t role, src, dst, len, flags;
	const char *src_name, *dst_name; /* NULL or "": unknown */
	const char *decoder;
	const char *text; /* the decoding as text (text output) */
	const char *json; /* and as a JSON object (JSON output) */
};

#define LINE_SIZE (64 * 1024)

/* Everything @sink holds; also for a half-built one (calloc'd). */
static void print_sink_destroy(struct print_sink *sink)
{
	rpmsg_bt2_decoding_fini(&sink->decoding);
	rpmsg_decoders_destroy(sink->registry);
	rpmsg_bt2_reader_destroy(sink->reader);
	rpmsg_bt2_names_destroy(sink->names);
	free(sink->plans);
	free(sink->endpoint);
	free(sink->line);
	free(sink);
}

/* what the shared consume method does with the messages (defined below) */
static const struct rpmsg_bt2_sink_input_ops print_input_ops;

bt_component_class_initialize_method_status
rpmsg_bt2_print_sink_initialize(bt_self_component_sink *self_sink,
				bt_self_component_sink_configuration *config,
				const bt_value *params, void *init_data)
{
	static const struct param_spec specs[] = {
		{"json", BT_VALUE_TYPE_BOOL},
		{"clock-seconds", BT_VALUE_TYPE_BOOL},
		{"clock-gmt", BT_VALUE_TYPE_BOOL},
		{"decode", BT_VALUE_TYPE_BOOL},
		{"decoders", BT_VALUE_TYPE_STRING},
		{"endpoint", BT_VALUE_TYPE_STRING},
		{"since", BT_VALUE_TYPE_STRING},
		{"until", BT_VALUE_TYPE_STRING},
		{NULL, 0},
	};
	bt_self_component *self = bt_self_component_sink_as_self_component(self_sink);
	bt_component_class_initialize_method_status status;
	struct time_window window;
	struct print_sink *sink;
	const char *decoders, *endpoint;
	char error[512];

	sink = rpmsg_bt2_component_data(self, params, specs, &window, sizeof(*sink), &status);
	if (!sink)
		return status;
	sink->input.ops = &print_input_ops;
	sink->self = self;
	sink->outcome = init_data;
	sink->json = rpmsg_bt2_params_bool(params, "json", false);
	sink->clock = rpmsg_bt2_params_clock(params);
	sink->decode = rpmsg_bt2_params_bool(params, "decode", false);
	sink->line_size = LINE_SIZE;
	sink->line = malloc(sink->line_size);
	sink->reader = rpmsg_bt2_reader_create();
	sink->names = rpmsg_bt2_names_create();
	if (sink->reader)
		rpmsg_bt2_reader_set_payload_limit(sink->reader, 0);
	if (!sink->line || !sink->reader || !sink->names)
		goto memory_error;
	if (sink->decode) {
		decoders = rpmsg_bt2_params_string(params, "decoders");
		endpoint = rpmsg_bt2_params_string(params, "endpoint");
		sink->registry = rpmsg_decoders_create();
		if (!sink->registry || (endpoint && !(sink->endpoint = strdup(endpoint))))
			goto memory_error;
		if (decoders &&
		    rpmsg_decoders_load_file(sink->registry, decoders, error, sizeof(error))) {
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(self, "%s", error);
			print_sink_destroy(sink);
			return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
		}
		if (rpmsg_bt2_decoding_init(&sink->decoding, sink->registry, sink->endpoint,
					    &window))
			goto memory_error;
	}
	if (bt_self_component_sink_add_input_port(self_sink, "in", NULL, NULL))
		goto memory_error;
	bt_self_component_set_data(self, sink);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;

memory_error:
	print_sink_destroy(sink);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
}

void rpmsg_bt2_print_sink_finalize(bt_self_component_sink *self_sink)
{
	struct print_sink *sink =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self_sink));

	fflush(stdout);
	bt_message_iterator_put_ref(sink->input.upstream);
	print_sink_destroy(sink);
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

/* Appends @len bytes of @text (memcpy: no format to parse; long payloads stay cheap). */
static void put_bytes(struct print_sink *sink, size_t *pos, const char *text, size_t len)
{
	if (*pos >= sink->line_size)
		return;
	if (*pos + len >= sink->line_size)
		len = sink->line_size - 1 - *pos;
	memcpy(sink->line + *pos, text, len);
	*pos += len;
	sink->line[*pos] = '\0';
}

/* Appends @text as is (nothing for NULL). */
static void put_raw(struct print_sink *sink, size_t *pos, const char *text)
{
	if (text)
		put_bytes(sink, pos, text, strlen(text));
}

/* Appends @value in decimal, as "%" PRIu64 would, without printf (a few per line). */
static void put_u64(struct print_sink *sink, size_t *pos, uint64_t value)
{
	char digits[RPMSG_U64_DIGITS_MAX + 1];
	size_t n = 0;

	rpmsg_u64_append(digits, sizeof(digits), &n, value);
	put_bytes(sink, pos, digits, n);
}

static void put_s64(struct print_sink *sink, size_t *pos, int64_t value)
{
	if (value < 0) {
		put_bytes(sink, pos, "-", 1);
		put_u64(sink, pos, -(uint64_t)value);
	} else {
		put_u64(sink, pos, (uint64_t)value);
	}
}

static void put_json_string(struct print_sink *sink, size_t *pos, const char *text)
{
	size_t full = *pos;

	if (*pos >= sink->line_size)
		return;
	rpmsg_json_escape(sink->line, sink->line_size, &full, text ? text : "");
	*pos = full < sink->line_size ? full : sink->line_size - 1;
}

/*
 * The bus as put_json_string() writes it, escaped once per name: a name too long to keep, or a
 * line too full to take it whole (put_json_string() cuts it), goes through put_json_string().
 */
static void put_bus_json(struct print_sink *sink, size_t *pos, const char *bus)
{
	const char *text = bus ? bus : "";
	size_t len = strlen(text);

	if (len >= sizeof(sink->bus_last)) {
		put_json_string(sink, pos, bus);
		return;
	}
	if (!sink->bus_known || strcmp(sink->bus_last, text)) {
		memcpy(sink->bus_last, text, len + 1);
		sink->bus_json_len = 0;
		rpmsg_json_escape(sink->bus_json, sizeof(sink->bus_json), &sink->bus_json_len,
				  sink->bus_last);
		sink->bus_known = true;
	}
	if (*pos + sink->bus_json_len < sink->line_size)
		put_bytes(sink, pos, sink->bus_json, sink->bus_json_len);
	else
		put_json_string(sink, pos, bus);
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

static uint64_t unsigned_member(const bt_field *structure, const char *name)
{
	return bt_field_integer_unsigned_get_value(member_by_name(structure, name));
}

static void put_time(struct print_sink *sink, size_t *pos, const bt_message *msg)
{
	char text[RPMSG_TIME_TEXT_SIZE];
	int64_t ns;

	if (!rpmsg_bt2_message_time_ns(msg, &ns)) {
		put_raw(sink, pos, sink->json ? "\"ts_ns\":null" : "[        unknown time]");
		return;
	}
	if (sink->json) {
		put_raw(sink, pos, "\"ts_ns\":\"");
		put_s64(sink, pos, ns);
		put_bytes(sink, pos, "\"", 1);
	} else {
		put_bytes(sink, pos, "[", 1);
		put_raw(sink, pos,
			rpmsg_time_format(text, sizeof(text), ns,
					  rpmsg_bt2_message_clock_is_unix_epoch(msg), sink->clock));
		put_bytes(sink, pos, "]", 1);
	}
}

/* "name(1024)" or "1024" when the name is unknown. */
static void put_endpoint(struct print_sink *sink, size_t *pos, const char *name, uint64_t addr)
{
	if (name && name[0]) {
		put_raw(sink, pos, name);
		put_bytes(sink, pos, "(", 1);
		put_u64(sink, pos, addr);
		put_bytes(sink, pos, ")", 1);
	} else {
		put_u64(sink, pos, addr);
	}
}

/* A member's value: integers, strings, booleans; arrays by their length. */
static void put_value(struct print_sink *sink, size_t *pos, const bt_field *field)
{
	bt_field_class_type type = bt_field_get_class_type(field);

	if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		put_s64(sink, pos, bt_field_integer_signed_get_value(field));
	else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		put_u64(sink, pos, bt_field_integer_unsigned_get_value(field));
	else if (type == BT_FIELD_CLASS_TYPE_BOOL)
		put_raw(sink, pos, bt_field_bool_get_value(field) ? "true" : "false");
	else if (type == BT_FIELD_CLASS_TYPE_STRING && sink->json)
		put_json_string(sink, pos, bt_field_string_get_value(field));
	else if (type == BT_FIELD_CLASS_TYPE_STRING)
		put_raw(sink, pos, bt_field_string_get_value(field));
	else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ARRAY))
		put(sink, pos, sink->json ? "\"[%" PRIu64 " items]\"" : "[%" PRIu64 " items]",
		    bt_field_array_get_length(field));
	else
		put_raw(sink, pos, sink->json ? "null" : "?");
}

/*
 * The plan of @fc: its members but bus and role, with their keys as text and JSON (names
 * escaped once, not per event). NULL when it cannot be made (too many classes or members, a
 * long name, no memory): put_members() then works each line out by itself.
 */
static const struct member_plan *member_plan(struct print_sink *sink, const bt_field_class *fc)
{
	uint64_t count = bt_field_class_structure_get_member_count(fc);
	struct member_plan *plan;

	for (size_t i = 0; i < sink->plan_count; i++)
		if (sink->plans[i].payload_class == fc)
			return &sink->plans[i];
	if (sink->plan_count == PLANS_MAX)
		return NULL;
	if (!sink->plans && !(sink->plans = calloc(PLANS_MAX, sizeof(*sink->plans))))
		return NULL;
	plan = &sink->plans[sink->plan_count];
	plan->count = 0;
	plan->bus_index = plan->role_index = NO_MEMBER;
	plan->bus_string = false;
	for (uint64_t i = 0; i < count; i++) {
		const bt_field_class_structure_member *member =
			bt_field_class_structure_borrow_member_by_index_const(fc, i);
		const char *name = bt_field_class_structure_member_get_name(member);
		struct planned_member *m = &plan->members[plan->count];
		size_t json_len = 1;
		int text_len;

		if (!strcmp(name, "bus")) {
			plan->bus_index = i;
			plan->bus_string =
				bt_field_class_get_type(
					bt_field_class_structure_member_borrow_field_class_const(
						member)) == BT_FIELD_CLASS_TYPE_STRING;
			continue;
		}
		if (!strcmp(name, "role")) {
			plan->role_index = i;
			continue;
		}
		if (plan->count == PLAN_MEMBERS_MAX)
			return NULL;
		m->index = i;
		m->address = !strcmp(name, "src") || !strcmp(name, "dst");
		m->reason = !strcmp(name, "reason");
		text_len = snprintf(m->key[0], sizeof(m->key[0]), " %s=", name);
		m->key[1][0] = ',';
		rpmsg_json_escape(m->key[1], sizeof(m->key[1]), &json_len, name);
		if (text_len < 0 || (size_t)text_len >= sizeof(m->key[0]) ||
		    json_len + 1 >= sizeof(m->key[1]))
			return NULL;
		m->key[1][json_len++] = ':';
		m->key_len[0] = (uint8_t)text_len;
		m->key_len[1] = (uint8_t)json_len;
		plan->count++;
	}
	plan->payload_class = fc;
	sink->plan_count++;
	return plan;
}

/*
 * Every payload member but bus and role (and src/dst when @skip_addresses: shown already).
 * @ev: the event as read (for the drop reason's name).
 */
static void put_members(struct print_sink *sink, size_t *pos, const bt_field *payload,
			const struct member_plan *plan, bool skip_addresses,
			const struct rpmsg_event *ev)
{
	const bt_field_class *fc = bt_field_borrow_class_const(payload);
	uint64_t count = bt_field_class_structure_get_member_count(fc);
	bool first = true;

	for (uint64_t i = 0; plan && i < plan->count; i++) {
		const struct planned_member *m = &plan->members[i];

		if (skip_addresses && m->address)
			continue;
		/* JSON keys are stored with their leading comma: the first one goes without */
		if (sink->json)
			put_bytes(sink, pos, m->key[1] + first, m->key_len[1] - first);
		else
			put_bytes(sink, pos, m->key[0], m->key_len[0]);
		first = false;
		put_value(sink, pos,
			  bt_field_structure_borrow_member_field_by_index_const(payload, m->index));
		if (!sink->json && m->reason && ev->type == RPMSG_EV_DROP)
			put(sink, pos, "(%s)", rpmsg_drop_reason_name(ev->drop.reason));
	}
	for (uint64_t i = 0; !plan && i < count; i++) {
		const char *name = bt_field_class_structure_member_get_name(
			bt_field_class_structure_borrow_member_by_index_const(fc, i));

		if (!strcmp(name, "bus") || !strcmp(name, "role") ||
		    (skip_addresses && (!strcmp(name, "src") || !strcmp(name, "dst"))))
			continue;
		if (sink->json) {
			if (!first)
				put_bytes(sink, pos, ",", 1);
			put_json_string(sink, pos, name);
			put_bytes(sink, pos, ":", 1);
		} else {
			put_bytes(sink, pos, " ", 1);
			put_raw(sink, pos, name);
			put_bytes(sink, pos, "=", 1);
		}
		first = false;
		put_value(sink, pos,
			  bt_field_structure_borrow_member_field_by_index_const(payload, i));
		if (!sink->json && !strcmp(name, "reason") && ev->type == RPMSG_EV_DROP)
			put(sink, pos, "(%s)", rpmsg_drop_reason_name(ev->drop.reason));
	}
}

/*
 * tx_wait and drop name both ends: looked up in @names (learned from the name-service and
 * endpoint events, as for messages). Returns false for other events.
 */
static bool addressed_event(const struct rpmsg_event *ev, const struct endpoint_names *names,
			    const char **src_name, const char **dst_name, uint32_t *src,
			    uint32_t *dst)
{
	enum endpoint_side src_side, dst_side;

	/* messages are named by the decode filter (and printed raw without it) */
	if (ev->type == RPMSG_EV_MSG_SEND || ev->type == RPMSG_EV_MSG_RECV ||
	    !rpmsg_event_endpoints(ev, src, dst))
		return false;
	rpmsg_bt2_message_sides(ev, &src_side, &dst_side);
	*src_name = rpmsg_bt2_names_lookup(names, ev->bus, src_side, *src);
	*dst_name = rpmsg_bt2_names_lookup(names, ev->bus, dst_side, *dst);
	return true;
}

/* Writes the line built in sink->line (@len bytes) and its newline. */
static void line_out(struct print_sink *sink, size_t len)
{
	sink->line[len] = '\n';
	fwrite(sink->line, 1, len + 1, stdout);
	sink->printed++;
}

/*
 * What every line starts with: the time, the bus, the role and the event's name; in JSON the
 * object's first members, up to the comma after "role".
 */
static void put_line_head(struct print_sink *sink, size_t *pos, const bt_message *msg,
			  enum rpmsg_event_type type, const char *bus, uint64_t role)
{
	if (sink->json) {
		put_bytes(sink, pos, "{", 1);
		put_time(sink, pos, msg);
		put_raw(sink, pos, ",\"event\":\"");
		put_raw(sink, pos, rpmsg_bt2_event_type_name(type));
		put_raw(sink, pos, "\",\"bus\":");
		put_bus_json(sink, pos, bus);
		put_raw(sink, pos, ",\"role\":\"");
		put_raw(sink, pos, rpmsg_event_role_name((unsigned int)role));
		put_raw(sink, pos, "\",");
	} else {
		put_time(sink, pos, msg);
		put_bytes(sink, pos, " ", 1);
		put_raw(sink, pos, bus ? bus : "?");
		put_bytes(sink, pos, " ", 1);
		put_raw(sink, pos, rpmsg_event_role_name((unsigned int)role));
		put_bytes(sink, pos, " ", 1);
		put_raw(sink, pos, rpmsg_bt2_event_type_name(type));
	}
}

/* Both ends of a message: " SRC -> DST" in text, the four members (no comma around) in JSON. */
static void put_addresses(struct print_sink *sink, size_t *pos, const char *src_name, uint64_t src,
			  const char *dst_name, uint64_t dst)
{
	if (sink->json) {
		put_raw(sink, pos, "\"src\":");
		put_u64(sink, pos, src);
		put_raw(sink, pos, ",\"src_name\":");
		put_json_string(sink, pos, src_name);
		put_raw(sink, pos, ",\"dst\":");
		put_u64(sink, pos, dst);
		put_raw(sink, pos, ",\"dst_name\":");
		put_json_string(sink, pos, dst_name);
	} else {
		put_bytes(sink, pos, " ", 1);
		put_endpoint(sink, pos, src_name, (uint32_t)src);
		put_raw(sink, pos, " -> ");
		put_endpoint(sink, pos, dst_name, (uint32_t)dst);
	}
}

/* The line of a decoded message. */
static void print_decoded(struct print_sink *sink, const bt_message *msg,
			  enum rpmsg_event_type type, const struct decoded_line *l)
{
	size_t pos = 0;

	put_line_head(sink, &pos, msg, type, l->bus, l->role);
	put_addresses(sink, &pos, l->src_name, l->src, l->dst_name, l->dst);
	if (sink->json) {
		put_raw(sink, &pos, ",\"len\":");
		put_u64(sink, &pos, l->len);
		put_raw(sink, &pos, ",\"flags\":");
		put_u64(sink, &pos, l->flags);
		put_raw(sink, &pos, ",\"decoded\":");
		put_raw(sink, &pos, l->json);
		put_raw(sink, &pos, "}");
	} else {
		put_raw(sink, &pos, " len=");
		put_u64(sink, &pos, l->len);
		put_bytes(sink, &pos, " ", 1);
		put_raw(sink, &pos, l->decoder ? l->decoder : "(null)");
		put_raw(sink, &pos, ": ");
		put_raw(sink, &pos, l->text);
	}
	line_out(sink, pos);
}

/*
 * The line of any other rpmsg event: its payload's members as the trace has them; tx_wait and
 * drop with both ends named from @names. @ev: the event as read; @maybe_addressed: false when
 * the event is known to have no src and dst (vring, doorbell, name events).
 */
static void print_fields(struct print_sink *sink, const bt_message *msg,
			 const struct rpmsg_event *ev, const struct endpoint_names *names,
			 bool maybe_addressed)
{
	const bt_event *event = bt_message_event_borrow_event_const(msg);
	const bt_field *payload = bt_event_borrow_payload_field_const(event);
	const struct member_plan *plan = member_plan(sink, bt_field_borrow_class_const(payload));
	const bt_field *role_field;
	const char *bus, *src_name = NULL, *dst_name = NULL;
	uint64_t role;
	uint32_t src = 0, dst = 0;
	bool addressed =
		maybe_addressed && addressed_event(ev, names, &src_name, &dst_name, &src, &dst);
	size_t pos = 0;

	if (plan) { /* by index: a lookup by name costs a hash of the name on every line */
		role_field = plan->role_index == NO_MEMBER
				     ? NULL
				     : bt_field_structure_borrow_member_field_by_index_const(
					       payload, plan->role_index);
		bus = plan->bus_index == NO_MEMBER || !plan->bus_string
			      ? NULL
			      : bt_field_string_get_value(
					bt_field_structure_borrow_member_field_by_index_const(
						payload, plan->bus_index));
	} else {
		role_field = member_by_name(payload, "role");
		bus = string_member(payload, "bus");
	}
	role = role_field ? bt_field_integer_unsigned_get_value(role_field) : 0;

	put_line_head(sink, &pos, msg, ev->type, bus, role);
	if (addressed)
		put_addresses(sink, &pos, src_name, src, dst_name, dst);
	if (sink->json) {
		if (addressed)
			put_raw(sink, &pos, ",");
		put_raw(sink, &pos, "\"fields\":{");
		put_members(sink, &pos, payload, plan, addressed, ev);
		put_raw(sink, &pos, "}}");
	} else {
		put_members(sink, &pos, payload, plan, addressed, ev);
	}
	line_out(sink, pos);
}

/* After filter.rpmsg.decode (or on its own): decoded messages come as the filter's events. */
static void print_event(struct print_sink *sink, const bt_message *msg)
{
	const bt_event *event = bt_message_event_borrow_event_const(msg);
	const bt_field *payload = bt_event_borrow_payload_field_const(event);
	struct decoded_line line;

	if (!payload || rpmsg_bt2_reader_read(sink->reader, msg, &sink->event) <= 0)
		return; /* not an rpmsg event */
	rpmsg_bt2_names_learn(sink->names, &sink->event);
	line.json = string_member(payload, "decoded_json");
	if (!line.json) {
		print_fields(sink, msg, &sink->event, sink->names, true);
		return;
	}
	line.bus = string_member(payload, "bus");
	line.role = unsigned_member(payload, "role");
	line.src = unsigned_member(payload, "src");
	line.dst = unsigned_member(payload, "dst");
	line.len = unsigned_member(payload, "len");
	line.flags = unsigned_member(payload, "flags");
	line.src_name = string_member(payload, "src_name");
	line.dst_name = string_member(payload, "dst_name");
	line.decoder = string_member(payload, "decoder");
	line.text = string_member(payload, "decoded_text");
	print_decoded(sink, msg, sink->event.type, &line);
}

/* With "decode": this sink reads, names, selects and decodes (decoding.h), then prints. */
static int decode_and_print(struct print_sink *sink, const bt_message *msg)
{
	struct decoding *d = &sink->decoding;
	const struct rpmsg_event *ev = &d->event;
	int verdict = rpmsg_bt2_decoding_event(d, msg);
	struct decoded_line line;

	if (verdict < 0)
		return verdict;
	if (verdict == DECODING_KEEP)
		print_fields(sink, msg, ev, d->names, d->addressed);
	if (verdict != DECODING_MESSAGE)
		return 0;
	line = (struct decoded_line){
		.bus = ev->bus,
		.role = ev->role,
		.src = ev->msg.src,
		.dst = ev->msg.dst,
		.len = ev->msg.len,
		.flags = ev->msg.flags,
		.src_name = d->src_name,
		.dst_name = d->dst_name,
		.decoder = d->decoded.decoder ? d->decoded.decoder : "",
	};
	/* only the form this sink prints */
	if (sink->json) {
		rpmsg_decoded_format_json(&d->decoded, sink->decoded_json,
					  sizeof(sink->decoded_json));
		line.json = sink->decoded_json;
	} else {
		rpmsg_decoded_format_text(&d->decoded, sink->decoded_text,
					  sizeof(sink->decoded_text));
		line.text = sink->decoded_text;
	}
	print_decoded(sink, msg, ev->type, &line);
	return 0;
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
	if (sink->decode &&
	    rpmsg_bt2_selection_warn(&sink->decoding.selection, sink->endpoint,
				     &sink->decoding.window, sink->decoding.names, sink->clock)) {
		if (sink->outcome)
			sink->outcome->nothing_kept = true;
	} else if (!sink->printed) {
		fprintf(stderr, "warning: no rpmsg:* events to show (none in the trace, or none "
				"matched the endpoint and time filters)\n");
	}
	if (sink->discarded_events || sink->discarded_packets || sink->discarded_unknown)
		fprintf(stderr,
			"warning: the trace lost events: %" PRIu64 " events and %" PRIu64
			" packets discarded by the tracer%s; use larger buffers\n",
			sink->discarded_events, sink->discarded_packets,
			sink->discarded_unknown ? " (and some of unknown count)" : "");
}

static int print_event_cb(void *ctx, const bt_message *msg)
{
	struct print_sink *sink = ctx;

	if (sink->decode)
		return decode_and_print(sink, msg);
	print_event(sink, msg);
	return 0;
}

static void print_consumed(void *ctx, bt_component_class_sink_consume_method_status status)
{
	if (status == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END)
		print_summary(ctx);
	else if (status == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN)
		fflush(stdout); /* live: show what we have while waiting */
}

static const struct rpmsg_bt2_sink_input_ops print_input_ops = {
	.event = print_event_cb,
	.discarded = print_discarded,
	.consumed = print_consumed,
};
