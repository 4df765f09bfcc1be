// SPDX-License-Identifier: MIT
/*
 * filter.rpmsg.decode: adds endpoint names and decoded payloads to message events.
 *
 * Events of other kinds pass through untouched (zero copy). Each rpmsg:msg_send / msg_recv event
 * is re-emitted, in the same position, as an event of the same name in a "decoded" stream that
 * mirrors its input stream (babeltrace2 events are immutable, so added fields need a class of
 * their own). Its payload holds the event's fields as event-fields.h lists them (bus, role, src,
 * dst, len, flags, payload: the bytes as an array shown in hex, without a length member) then:
 * src_name, dst_name (learned from ns_announce / ept_create events earlier in the trace,
 * "" when unknown), decoder, truncated, decoded_text (one line), decoded_json, and decoded: an
 * array of {name, type, value} structures, one per decoded value.
 *
 * The decoded stream keeps what the input gave its events (field_copy.h): the trace's
 * environment (hostname, tracer, ...), the packet context (LTTng's cpu_id) in packets that begin
 * and end with the input's, the event common context (vpid, vtid, procname) and any event
 * specific context, with the same values.
 *
 * Parameters: decoders (string, a decoder file), endpoint (string: name or address; keeps only
 * the events of that endpoint, and drops vring/mailbox events, which belong to no endpoint),
 * since / until (strings, see time_window.h: events outside are dropped, but still name
 * endpoints).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>
#include <rpmsg-scope/event-fields.h>

#include "components.h"
#include "decoding.h"
#include "field_copy.h"
#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/bt2-sink-input.h>

/* Members a decoded message event adds after the event's own fields (event-fields.h), in order. */
enum out_member {
	OUT_SRC_NAME,
	OUT_DST_NAME,
	OUT_DECODER,
	OUT_TRUNCATED,
	OUT_DECODED_TEXT,
	OUT_DECODED_JSON,
	OUT_DECODED,
	OUT_VPID,
	OUT_VTID,
};

struct decode_filter {
	bt_self_component *self;
	struct rpmsg_decoder_registry *registry;
	char *endpoint;
	struct time_window window;
};

struct class_pair {
	const void *in;
	void *out;
};

struct pair_map {
	struct class_pair *pairs;
	size_t count, capacity;
};

struct decode_iterator {
	struct decode_filter *filter;
	bt_self_message_iterator *self;
	bt_message_iterator *upstream;
	struct decoding decoding; /* read, name, select, decode: shared with sink.rpmsg.print */
	struct pair_map traces;	  /* const bt_trace * -> bt_trace * */
	struct pair_map stream_classes; /* const bt_stream_class * -> bt_stream_class * */
	struct pair_map event_classes;	/* const bt_event_class * -> bt_event_class * */
	struct pair_map streams;	/* const bt_stream * -> bt_stream * */
	struct pair_map packets;	/* const bt_packet * -> bt_packet * (open ones) */
	const bt_message **queue;	/* messages ready to go downstream */
	size_t head, tail, capacity;
	bool upstream_ended;
	char text[8192];
	char json[16384];
};

static void *pair_find(const struct pair_map *map, const void *in)
{
	for (size_t i = map->count; i-- > 0;)
		if (map->pairs[i].in == in)
			return map->pairs[i].out;
	return NULL;
}

static int pair_add(struct pair_map *map, const void *in, void *out)
{
	if (map->count == map->capacity) {
		size_t capacity = map->capacity ? map->capacity * 2 : 8;
		struct class_pair *grown = realloc(map->pairs, capacity * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		map->pairs = grown;
		map->capacity = capacity;
	}
	map->pairs[map->count].in = in;
	map->pairs[map->count].out = out;
	map->count++;
	return 0;
}

/* Forgets @in (a packet that ended: babeltrace2 may reuse its address); returns its out. */
static void *pair_remove(struct pair_map *map, const void *in)
{
	for (size_t i = map->count; i-- > 0;) {
		void *out = map->pairs[i].out;

		if (map->pairs[i].in != in)
			continue;
		map->pairs[i] = map->pairs[--map->count];
		return out;
	}
	return NULL;
}

static void filter_destroy(struct decode_filter *filter)
{
	rpmsg_decoders_destroy(filter->registry);
	free(filter->endpoint);
	free(filter);
}

bt_component_class_initialize_method_status
rpmsg_bt2_decode_filter_initialize(bt_self_component_filter *self_filter,
				   bt_self_component_filter_configuration *config,
				   const bt_value *params, void *init_data)
{
	static const struct param_spec specs[] = {
		{"decoders", BT_VALUE_TYPE_STRING},
		{"endpoint", BT_VALUE_TYPE_STRING},
		{"since", BT_VALUE_TYPE_STRING},
		{"until", BT_VALUE_TYPE_STRING},
		{"clock-gmt", BT_VALUE_TYPE_BOOL}, /* since/until times of day are UTC */
		{NULL, 0},
	};
	bt_self_component *self = bt_self_component_filter_as_self_component(self_filter);
	bt_component_class_initialize_method_status status;
	struct time_window window;
	struct decode_filter *filter;
	const char *path, *endpoint;
	char error[512];
	int err;

	filter = rpmsg_bt2_component_data(self, params, specs, &window, sizeof(*filter), &status);
	if (!filter)
		return status;
	filter->self = self;
	filter->window = window;
	filter->registry = rpmsg_decoders_create();
	if (!filter->registry)
		goto memory_error;
	path = rpmsg_bt2_params_string(params, "decoders");
	if (path) {
		err = rpmsg_decoders_load_file(filter->registry, path, error, sizeof(error));
		if (err) {
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(self, "%s", error);
			filter_destroy(filter);
			return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
		}
	}
	endpoint = rpmsg_bt2_params_string(params, "endpoint");
	if (endpoint) {
		filter->endpoint = strdup(endpoint);
		if (!filter->endpoint)
			goto memory_error;
	}
	if (bt_self_component_filter_add_input_port(self_filter, "in", NULL, NULL) ||
	    bt_self_component_filter_add_output_port(self_filter, "out", NULL, NULL))
		goto memory_error;
	bt_self_component_set_data(self, filter);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;

memory_error:
	filter_destroy(filter);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
}

void rpmsg_bt2_decode_filter_finalize(bt_self_component_filter *self_filter)
{
	filter_destroy(bt_self_component_get_data(
		bt_self_component_filter_as_self_component(self_filter)));
}

/* Everything @it holds; also for a half-built one (calloc'd, upstream not yet created) */
static void iterator_destroy(struct decode_iterator *it)
{
	for (size_t i = it->head; i < it->tail; i++)
		bt_message_put_ref(it->queue[i]);
	free(it->queue);
	for (size_t i = 0; i < it->packets.count; i++)
		bt_packet_put_ref(it->packets.pairs[i].out);
	for (size_t i = 0; i < it->streams.count; i++)
		bt_stream_put_ref(it->streams.pairs[i].out);
	for (size_t i = 0; i < it->traces.count; i++)
		bt_trace_put_ref(it->traces.pairs[i].out);
	/* Event and stream classes are owned by their trace class, which the traces hold. */
	free(it->streams.pairs);
	free(it->packets.pairs);
	free(it->traces.pairs);
	free(it->stream_classes.pairs);
	free(it->event_classes.pairs);
	bt_message_iterator_put_ref(it->upstream);
	rpmsg_bt2_decoding_fini(&it->decoding);
	free(it);
}

bt_message_iterator_class_initialize_method_status
rpmsg_bt2_decode_iterator_initialize(bt_self_message_iterator *self,
				     bt_self_message_iterator_configuration *config,
				     bt_self_component_port_output *port)
{
	bt_self_component *component = bt_self_message_iterator_borrow_component(self);
	struct decode_iterator *it = calloc(1, sizeof(*it));

	if (!it)
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	it->filter = bt_self_component_get_data(component);
	it->self = self;
	if (rpmsg_bt2_decoding_init(&it->decoding, it->filter->registry, it->filter->endpoint,
				    &it->filter->window))
		goto memory_error;
	if (bt_message_iterator_create_from_message_iterator(
		    self,
		    bt_self_component_filter_borrow_input_port_by_name(
			    (bt_self_component_filter *)component, "in"),
		    &it->upstream) != BT_MESSAGE_ITERATOR_CREATE_FROM_MESSAGE_ITERATOR_STATUS_OK) {
		iterator_destroy(it);
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
	bt_self_message_iterator_set_data(self, it);
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_OK;

memory_error:
	iterator_destroy(it);
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
}

void rpmsg_bt2_decode_iterator_finalize(bt_self_message_iterator *self)
{
	iterator_destroy(bt_self_message_iterator_get_data(self));
}

static int queue_push(struct decode_iterator *it, const bt_message *msg)
{
	if (it->tail == it->capacity) {
		if (it->head) {
			/* Slide what is left to the front before growing. */
			memmove(it->queue, it->queue + it->head,
				(it->tail - it->head) * sizeof(*it->queue));
			it->tail -= it->head;
			it->head = 0;
		}
		if (it->tail == it->capacity) {
			size_t capacity = it->capacity ? it->capacity * 2 : 64;
			const bt_message **grown = realloc(it->queue, capacity * sizeof(*grown));

			if (!grown)
				return -ENOMEM;
			it->queue = grown;
			it->capacity = capacity;
		}
	}
	it->queue[it->tail++] = msg;
	return 0;
}

static bt_clock_class *clock_class_copy(bt_self_component *self, const bt_clock_class *in)
{
	bt_clock_class *out = bt_clock_class_create(self);
	int64_t seconds;
	uint64_t cycles;

	if (!out)
		return NULL;
	bt_clock_class_set_frequency(out, bt_clock_class_get_frequency(in));
	bt_clock_class_get_offset(in, &seconds, &cycles);
	bt_clock_class_set_offset(out, seconds, cycles);
	bt_clock_class_set_precision(out, bt_clock_class_get_precision(in));
	bt_clock_class_set_origin_is_unix_epoch(out, bt_clock_class_origin_is_unix_epoch(in));
	if (bt_clock_class_get_name(in))
		bt_clock_class_set_name(out, bt_clock_class_get_name(in));
	if (bt_clock_class_get_description(in))
		bt_clock_class_set_description(out, bt_clock_class_get_description(in));
	if (bt_clock_class_get_uuid(in))
		bt_clock_class_set_uuid(out, bt_clock_class_get_uuid(in));
	return out;
}

static bt_trace *output_trace(struct decode_iterator *it, const bt_trace *in)
{
	bt_trace *out = pair_find(&it->traces, in);
	bt_trace_class *trace_class;

	if (out)
		return out;
	trace_class = bt_trace_class_create(it->filter->self);
	if (!trace_class)
		return NULL;
	out = bt_trace_create(trace_class);
	bt_trace_class_put_ref(trace_class); /* the trace keeps its class */
	if (!out)
		return NULL;
	if (bt_trace_get_name(in))
		bt_trace_set_name(out, bt_trace_get_name(in));
	for (uint64_t i = 0; i < bt_trace_get_environment_entry_count(in); i++) {
		const bt_value *value;
		const char *name;

		bt_trace_borrow_environment_entry_by_index_const(in, i, &name, &value);
		if (bt_value_is_signed_integer(value))
			bt_trace_set_environment_entry_integer(out, name,
							       bt_value_integer_signed_get(value));
		else if (bt_value_is_string(value))
			bt_trace_set_environment_entry_string(out, name,
							      bt_value_string_get(value));
	}
	if (pair_add(&it->traces, in, out)) {
		bt_trace_put_ref(out);
		return NULL;
	}
	return out;
}

/* @in's packets (with the same clock snapshots) and contexts, copied into @out. */
static int copy_stream_contexts(bt_stream_class *out, const bt_stream_class *in)
{
	bt_trace_class *tc = bt_stream_class_borrow_trace_class(out);
	const bt_field_class *in_fc;
	bt_field_class *fc;
	int err = 0;

	in_fc = bt_stream_class_borrow_event_common_context_field_class_const(in);
	if (in_fc && (fc = rpmsg_bt2_field_class_copy(tc, in_fc))) {
		err = bt_stream_class_set_event_common_context_field_class(out, fc) ? -ENOMEM : 0;
		bt_field_class_put_ref(fc);
	}
	if (err || !bt_stream_class_supports_packets(in))
		return err;
	bt_stream_class_set_supports_packets(
		out, BT_TRUE, bt_stream_class_packets_have_beginning_default_clock_snapshot(in),
		bt_stream_class_packets_have_end_default_clock_snapshot(in));
	in_fc = bt_stream_class_borrow_packet_context_field_class_const(in);
	if (in_fc && (fc = rpmsg_bt2_field_class_copy(tc, in_fc))) {
		err = bt_stream_class_set_packet_context_field_class(out, fc) ? -ENOMEM : 0;
		bt_field_class_put_ref(fc);
	}
	return err;
}

static bt_stream_class *output_stream_class(struct decode_iterator *it, const bt_stream *in,
					    bt_trace *trace)
{
	const bt_stream_class *in_class = bt_stream_borrow_class_const(in);
	bt_stream_class *out = pair_find(&it->stream_classes, in_class);
	const bt_clock_class *in_clock;

	if (out)
		return out;
	out = bt_stream_class_create(bt_trace_borrow_class(trace));
	if (!out)
		return NULL;
	bt_stream_class_put_ref(out); /* owned by the trace class */
	in_clock = bt_stream_class_borrow_default_clock_class_const(in_class);
	if (in_clock) {
		bt_clock_class *clock = clock_class_copy(it->filter->self, in_clock);

		if (!clock)
			return NULL;
		bt_stream_class_set_default_clock_class(out, clock);
		bt_clock_class_put_ref(clock);
	}
	if (copy_stream_contexts(out, in_class))
		return NULL;
	if (pair_add(&it->stream_classes, in_class, out))
		return NULL;
	return out;
}

static bt_stream *output_stream(struct decode_iterator *it, const bt_stream *in)
{
	bt_stream *out = pair_find(&it->streams, in);
	bt_trace *trace;
	bt_stream_class *stream_class;
	char name[256];

	if (out)
		return out;
	trace = output_trace(it, bt_stream_borrow_trace_const(in));
	if (!trace)
		return NULL;
	stream_class = output_stream_class(it, in, trace);
	if (!stream_class)
		return NULL;
	out = bt_stream_create(stream_class, trace);
	if (!out)
		return NULL;
	snprintf(name, sizeof(name), "%s-decoded",
		 bt_stream_get_name(in) ? bt_stream_get_name(in) : "stream");
	bt_stream_set_name(out, name);
	if (pair_add(&it->streams, in, out)) {
		bt_stream_put_ref(out);
		return NULL;
	}
	return out;
}

static int add_member(bt_field_class *structure, const char *name, bt_field_class *member)
{
	int err;

	if (!member)
		return -ENOMEM;
	err = bt_field_class_structure_append_member(structure, name, member) ? -ENOMEM : 0;
	bt_field_class_put_ref(member);
	return err;
}

static bt_field_class *unsigned_class(bt_trace_class *tc, uint64_t bits, bool hex)
{
	bt_field_class *fc = bt_field_class_integer_unsigned_create(tc);

	if (fc) {
		bt_field_class_integer_set_field_value_range(fc, bits);
		if (hex)
			bt_field_class_integer_set_preferred_display_base(
				fc, BT_FIELD_CLASS_INTEGER_PREFERRED_DISPLAY_BASE_HEXADECIMAL);
	}
	return fc;
}

static bt_field_class *decoded_value_class(bt_trace_class *tc)
{
	bt_field_class *structure = bt_field_class_structure_create(tc);

	if (!structure)
		return NULL;
	if (add_member(structure, "name", bt_field_class_string_create(tc)) ||
	    add_member(structure, "type", bt_field_class_string_create(tc)) ||
	    add_member(structure, "value", bt_field_class_string_create(tc))) {
		bt_field_class_put_ref(structure);
		return NULL;
	}
	return structure;
}

static bt_field_class *dynamic_array(bt_trace_class *tc, bt_field_class *element)
{
	bt_field_class *array;

	if (!element)
		return NULL;
	array = bt_field_class_array_dynamic_create(tc, element, NULL);
	bt_field_class_put_ref(element);
	return array;
}

/* The class of one field of the event model, as the decoded event carries it. */
static bt_field_class *event_field_class(bt_trace_class *tc, const struct rpmsg_event_field *f)
{
	switch (f->type) {
	case RPMSG_FIELD_NAME:
		return bt_field_class_string_create(tc);
	case RPMSG_FIELD_U8:
		return unsigned_class(tc, 8, false);
	case RPMSG_FIELD_U64:
		return unsigned_class(tc, 64, false);
	case RPMSG_FIELD_S32:
		return bt_field_class_integer_signed_create(tc);
	case RPMSG_FIELD_PAYLOAD:
		return dynamic_array(tc, unsigned_class(tc, 8, true));
	default:
		return unsigned_class(tc, 32, false);
	}
}

/* The class of a decoded msg_send / msg_recv: see the member list at the top of the file. */
static bt_event_class *output_event_class(struct decode_iterator *it, const bt_event_class *in,
					  bt_stream_class *stream_class)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(it->decoding.event.type);
	bt_event_class *out = pair_find(&it->event_classes, in);
	bt_trace_class *tc = bt_stream_class_borrow_trace_class(stream_class);
	bt_field_class *payload;
	int err = 0;

	if (out)
		return out;
	out = bt_event_class_create(stream_class);
	if (!out)
		return NULL;
	bt_event_class_put_ref(out); /* owned by the stream class */
	bt_event_class_set_name(out, bt_event_class_get_name(in));
	payload = bt_field_class_structure_create(tc);
	if (!payload)
		return NULL;
	for (size_t i = 0; !err && i < cls->field_count; i++)
		err = add_member(payload, cls->fields[i].name,
				 event_field_class(tc, &cls->fields[i]));
	if (err || add_member(payload, "src_name", bt_field_class_string_create(tc)) ||
	    add_member(payload, "dst_name", bt_field_class_string_create(tc)) ||
	    add_member(payload, "decoder", bt_field_class_string_create(tc)) ||
	    add_member(payload, "truncated", bt_field_class_bool_create(tc)) ||
	    add_member(payload, "decoded_text", bt_field_class_string_create(tc)) ||
	    add_member(payload, "decoded_json", bt_field_class_string_create(tc)) ||
	    add_member(payload, "decoded", dynamic_array(tc, decoded_value_class(tc))) ||
	    add_member(payload, "vpid", bt_field_class_integer_signed_create(tc)) ||
	    add_member(payload, "vtid", bt_field_class_integer_signed_create(tc))) {
		bt_field_class_put_ref(payload);
		return NULL;
	}
	bt_event_class_set_payload_field_class(out, payload);
	bt_field_class_put_ref(payload);
	if (bt_event_class_borrow_specific_context_field_class_const(in)) {
		bt_field_class *context = rpmsg_bt2_field_class_copy(
			tc, bt_event_class_borrow_specific_context_field_class_const(in));

		if (context && bt_event_class_set_specific_context_field_class(out, context)) {
			bt_field_class_put_ref(context);
			return NULL;
		}
		bt_field_class_put_ref(context);
	}
	if (pair_add(&it->event_classes, in, out))
		return NULL;
	return out;
}

static int set_string(bt_field *field, const char *value)
{
	return bt_field_string_set_value(field, value ? value : "") ? -ENOMEM : 0;
}

/* Member @index of @structure (the first @index members are the event's own fields). */
static bt_field *member(bt_field *structure, uint64_t index)
{
	return bt_field_structure_borrow_member_field_by_index(structure, index);
}

/* Copy the event's fields (bus, role, ...) into the first members of @payload. */
static int fill_event_fields(const struct rpmsg_event *ev, const struct rpmsg_event_class *cls,
			     bt_field *payload)
{
	for (size_t i = 0; i < cls->field_count; i++) {
		const struct rpmsg_event_field *fd = &cls->fields[i];
		uint64_t value = rpmsg_event_field_get(ev, fd);
		bt_field *f = member(payload, i);
		char name[RPMSG_EVENT_NAME_LEN + 1];

		switch (fd->type) {
		case RPMSG_FIELD_NAME:
			/* NUL-padded, possibly full: bound it before handing it to bt2 */
			snprintf(name, sizeof(name), "%.*s", (int)fd->size,
				 rpmsg_event_field_string(ev, fd));
			if (set_string(f, name))
				return -ENOMEM;
			break;
		case RPMSG_FIELD_S32:
			bt_field_integer_signed_set_value(f, (int32_t)value);
			break;
		case RPMSG_FIELD_PAYLOAD:
			if (bt_field_array_dynamic_set_length(f, value))
				return -ENOMEM;
			for (uint64_t b = 0; b < value; b++)
				bt_field_integer_unsigned_set_value(
					bt_field_array_borrow_element_field_by_index(f, b),
					ev->payload[b]);
			break;
		default:
			bt_field_integer_unsigned_set_value(f, value);
			break;
		}
	}
	return 0;
}

static int fill_decoded_array(struct decode_iterator *it, bt_field *array)
{
	const struct rpmsg_decoded *decoded = &it->decoding.decoded;

	if (bt_field_array_dynamic_set_length(array, decoded->count))
		return -ENOMEM;
	for (unsigned int i = 0; i < decoded->count; i++) {
		const struct rpmsg_decoded_field *field = &decoded->fields[i];
		bt_field *element = bt_field_array_borrow_element_field_by_index(array, i);
		char name[48];

		if (field->index >= 0)
			snprintf(name, sizeof(name), "%s[%d]", field->name, field->index);
		else
			snprintf(name, sizeof(name), "%s", field->name);
		rpmsg_decoded_format_value(decoded, field, it->text, sizeof(it->text));
		if (set_string(bt_field_structure_borrow_member_field_by_index(element, 0), name) ||
		    set_string(bt_field_structure_borrow_member_field_by_index(element, 1),
			       field->type) ||
		    set_string(bt_field_structure_borrow_member_field_by_index(element, 2),
			       it->text))
			return -ENOMEM;
	}
	return 0;
}

/*
 * An event message of @event_class in the twin @stream, at @in's time and, when the stream has
 * packets, in the twin of @in's packet. Return: a new message, or NULL.
 */
static bt_message *event_message_create(struct decode_iterator *it, const bt_message *in,
					bt_event_class *event_class, bt_stream *stream)
{
	const bt_stream_class *stream_class = bt_stream_borrow_class_const(stream);
	const bt_event *in_event = bt_message_event_borrow_event_const(in);
	bool clock = bt_stream_class_borrow_default_clock_class_const(stream_class);
	uint64_t at = clock ? bt_clock_snapshot_get_value(
				      bt_message_event_borrow_default_clock_snapshot_const(in))
			    : 0;
	bt_packet *packet;

	if (!bt_stream_class_supports_packets(stream_class))
		return clock ? bt_message_event_create_with_default_clock_snapshot(
				       it->self, event_class, stream, at)
			     : bt_message_event_create(it->self, event_class, stream);
	packet = pair_find(&it->packets, bt_event_borrow_packet_const(in_event));
	if (!packet)
		return NULL;
	return clock ? bt_message_event_create_with_packet_and_default_clock_snapshot(
			       it->self, event_class, packet, at)
		     : bt_message_event_create_with_packet(it->self, event_class, packet);
}

/* The common and specific contexts of @in, copied into @out (same classes, see field_copy.h). */
static int copy_event_contexts(bt_event *out, const bt_event *in)
{
	bt_field *context = bt_event_borrow_common_context_field(out);
	int err = 0;

	if (context && bt_event_borrow_common_context_field_const(in))
		err = rpmsg_bt2_field_copy(context, bt_event_borrow_common_context_field_const(in));
	context = bt_event_borrow_specific_context_field(out);
	if (!err && context && bt_event_borrow_specific_context_field_const(in))
		err = rpmsg_bt2_field_copy(context,
					   bt_event_borrow_specific_context_field_const(in));
	return err;
}

/* Builds the decoded twin of a message event (decoded already); the caller drops the original. */
static const bt_message *decoded_message(struct decode_iterator *it, const bt_message *in)
{
	const bt_event *in_event = bt_message_event_borrow_event_const(in);
	const struct decoding *d = &it->decoding;
	const struct rpmsg_event *ev = &d->event;
	const struct rpmsg_event_class *cls = rpmsg_event_class(ev->type);
	bt_stream *stream = output_stream(it, bt_event_borrow_stream_const(in_event));
	bt_event_class *event_class;
	bt_message *out;
	bt_field *payload;
	uint64_t extra;

	if (!stream)
		return NULL;
	event_class = output_event_class(it, bt_event_borrow_class_const(in_event),
					 bt_stream_borrow_class(stream));
	if (!event_class)
		return NULL;
	out = event_message_create(it, in, event_class, stream);
	if (!out)
		return NULL;
	if (copy_event_contexts(bt_message_event_borrow_event(out), in_event))
		goto error;
	payload = bt_event_borrow_payload_field(bt_message_event_borrow_event(out));
	if (fill_event_fields(ev, cls, payload))
		goto error;
	extra = cls->field_count;
	bt_field_bool_set_value(member(payload, extra + OUT_TRUNCATED), d->decoded.truncated);
	bt_field_integer_signed_set_value(member(payload, extra + OUT_VPID), ev->pid);
	bt_field_integer_signed_set_value(member(payload, extra + OUT_VTID), ev->tid);
	if (set_string(member(payload, extra + OUT_SRC_NAME), d->src_name) ||
	    set_string(member(payload, extra + OUT_DST_NAME), d->dst_name) ||
	    set_string(member(payload, extra + OUT_DECODER), d->decoded.decoder))
		goto error;
	rpmsg_decoded_format_json(&d->decoded, it->json, sizeof(it->json));
	if (set_string(member(payload, extra + OUT_DECODED_JSON), it->json))
		goto error;
	rpmsg_decoded_format_text(&d->decoded, it->text, sizeof(it->text));
	if (set_string(member(payload, extra + OUT_DECODED_TEXT), it->text) ||
	    fill_decoded_array(it, member(payload, extra + OUT_DECODED)))
		goto error;
	return out;

error:
	bt_message_put_ref(out);
	return NULL;
}

/* Takes ownership of @msg: queues it, its replacement, or nothing. */
static int process_event(struct decode_iterator *it, const bt_message *msg)
{
	const bt_message *decoded;
	int verdict = rpmsg_bt2_decoding_event(&it->decoding, msg);

	switch (verdict) {
	case DECODING_OTHER: /* not an rpmsg event: untouched */
	case DECODING_KEEP:
		return queue_push(it, msg);
	case DECODING_DROP:
		bt_message_put_ref(msg);
		return 0;
	case DECODING_MESSAGE:
		decoded = decoded_message(it, msg);
		bt_message_put_ref(msg);
		return decoded ? queue_push(it, decoded) : -ENOMEM;
	default:
		bt_message_put_ref(msg);
		return verdict;
	}
}

/*
 * A packet of a stream with packets: its twin begins right after it (same time, same context
 * values) and ends right before it. Takes ownership of @msg.
 */
static int process_packet(struct decode_iterator *it, const bt_message *msg)
{
	bool begins = bt_message_get_type(msg) == BT_MESSAGE_TYPE_PACKET_BEGINNING;
	const bt_packet *in = begins ? bt_message_packet_beginning_borrow_packet_const(msg)
				     : bt_message_packet_end_borrow_packet_const(msg);
	bt_stream *stream = output_stream(it, bt_packet_borrow_stream_const(in));
	const bt_stream_class *stream_class;
	const bt_clock_snapshot *at = NULL;
	bt_message *ours = NULL;
	bt_packet *packet;

	if (!stream)
		goto error;
	stream_class = bt_stream_borrow_class_const(stream);
	if (!bt_stream_class_supports_packets(stream_class))
		return queue_push(it, msg);
	if (begins && bt_stream_class_packets_have_beginning_default_clock_snapshot(stream_class))
		at = bt_message_packet_beginning_borrow_default_clock_snapshot_const(msg);
	if (!begins && bt_stream_class_packets_have_end_default_clock_snapshot(stream_class))
		at = bt_message_packet_end_borrow_default_clock_snapshot_const(msg);
	if (begins) {
		packet = bt_packet_create(stream);
		if (!packet ||
		    (bt_packet_borrow_context_field(packet) &&
		     rpmsg_bt2_field_copy(bt_packet_borrow_context_field(packet),
					  bt_packet_borrow_context_field_const(in))) ||
		    pair_add(&it->packets, in, packet)) {
			bt_packet_put_ref(packet);
			goto error;
		}
		ours = at ? bt_message_packet_beginning_create_with_default_clock_snapshot(
				    it->self, packet, bt_clock_snapshot_get_value(at))
			  : bt_message_packet_beginning_create(it->self, packet);
		if (!ours || queue_push(it, msg))
			goto error;
		if (queue_push(it, ours)) {
			bt_message_put_ref(ours);
			return -ENOMEM;
		}
		return 0;
	}
	packet = pair_remove(&it->packets, in);
	if (!packet)
		goto error;
	ours = at ? bt_message_packet_end_create_with_default_clock_snapshot(
			    it->self, packet, bt_clock_snapshot_get_value(at))
		  : bt_message_packet_end_create(it->self, packet);
	bt_packet_put_ref(packet); /* the message holds it now */
	if (!ours || queue_push(it, ours))
		goto error;
	if (queue_push(it, msg)) {
		bt_message_put_ref(msg);
		return -ENOMEM;
	}
	return 0;

error:
	bt_message_put_ref(ours);
	bt_message_put_ref(msg);
	return -ENOMEM;
}

static int process(struct decode_iterator *it, const bt_message *msg)
{
	bt_stream *stream;
	bt_message *ours;
	int err;

	switch (bt_message_get_type(msg)) {
	case BT_MESSAGE_TYPE_EVENT:
		return process_event(it, msg);
	case BT_MESSAGE_TYPE_STREAM_BEGINNING:
		/* The decoded twin of every stream begins right after it. */
		stream = output_stream(it, bt_message_stream_beginning_borrow_stream_const(msg));
		err = queue_push(it, msg);
		if (!stream || err)
			return -ENOMEM;
		ours = bt_message_stream_beginning_create(it->self, stream);
		if (!ours)
			return -ENOMEM;
		return queue_push(it, ours);
	case BT_MESSAGE_TYPE_PACKET_BEGINNING:
	case BT_MESSAGE_TYPE_PACKET_END:
		return process_packet(it, msg);
	case BT_MESSAGE_TYPE_STREAM_END:
		stream = output_stream(it, bt_message_stream_end_borrow_stream_const(msg));
		if (!stream) {
			bt_message_put_ref(msg);
			return -ENOMEM;
		}
		ours = bt_message_stream_end_create(it->self, stream);
		if (!ours || queue_push(it, ours)) {
			bt_message_put_ref(ours);
			bt_message_put_ref(msg);
			return -ENOMEM;
		}
		return queue_push(it, msg);
	default:
		return queue_push(it, msg);
	}
}

bt_message_iterator_class_next_method_status
rpmsg_bt2_decode_iterator_next(bt_self_message_iterator *self, bt_message_array_const messages,
			       uint64_t capacity, uint64_t *count)
{
	struct decode_iterator *it = bt_self_message_iterator_get_data(self);
	uint64_t n = 0;

	/* Dropped events must not end the iteration early: loop until something is ready. */
	while (it->head == it->tail && !it->upstream_ended) {
		bt_message_array_const upstream;
		uint64_t upstream_count;
		bt_message_iterator_next_status status =
			bt_message_iterator_next(it->upstream, &upstream, &upstream_count);

		if (status == BT_MESSAGE_ITERATOR_NEXT_STATUS_END) {
			it->upstream_ended = true;
			continue;
		}
		if (status != BT_MESSAGE_ITERATOR_NEXT_STATUS_OK)
			return rpmsg_bt2_upstream_status(status);
		for (uint64_t i = 0; i < upstream_count; i++) {
			if (process(it, upstream[i])) {
				for (uint64_t k = i + 1; k < upstream_count; k++)
					bt_message_put_ref(upstream[k]);
				BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_MESSAGE_ITERATOR(
					self, "out of memory while decoding an event");
				return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
			}
		}
	}
	if (it->head == it->tail)
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END;
	while (n < capacity && it->head < it->tail)
		messages[n++] = it->queue[it->head++];
	if (it->head == it->tail)
		it->head = it->tail = 0;
	*count = n;
	return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
}
