// SPDX-License-Identifier: MIT
/*
 * list_event_classes TRACE_DIR: one line per rpmsg:* event class of a CTF trace, sorted by the
 * caller, as babeltrace2 reads it (source.ctf.fs):
 *
 *	rpmsg:msg_send bus:string role:u8 src:u32 ... _payload_length:u16 payload:array<u8>
 *
 * The payload members in order with their type (u/s + bits, string, array<element>); the classes
 * of the events the trace declares (LTTng declares every enabled event of a provider; a trace
 * written by sink.ctf.fs, such as record --bpf, those of the events it holds). Used by
 * lttng_bpf_fields.sh to compare the two recorders field by field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <babeltrace2/babeltrace.h>

#include "trace_graph_builder.h"

#define MAX_CLASSES 64

struct seen {
	const bt_event_class *classes[MAX_CLASSES];
	size_t count;
};

static void print_type(const bt_field_class *fc)
{
	bt_field_class_type type = bt_field_class_get_type(fc);

	if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		printf("u%llu",
		       (unsigned long long)bt_field_class_integer_get_field_value_range(fc));
	else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		printf("s%llu",
		       (unsigned long long)bt_field_class_integer_get_field_value_range(fc));
	else if (type == BT_FIELD_CLASS_TYPE_STRING)
		printf("string");
	else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ARRAY)) {
		printf("array<");
		print_type(bt_field_class_array_borrow_element_field_class_const(fc));
		printf(">");
	} else {
		printf("other%llu", (unsigned long long)type);
	}
}

static void print_class(const bt_event_class *ec)
{
	const bt_field_class *payload = bt_event_class_borrow_payload_field_class_const(ec);
	uint64_t count = payload ? bt_field_class_structure_get_member_count(payload) : 0;

	printf("%s", bt_event_class_get_name(ec));
	for (uint64_t i = 0; i < count; i++) {
		const bt_field_class_structure_member *m =
			bt_field_class_structure_borrow_member_by_index_const(payload, i);

		printf(" %s:", bt_field_class_structure_member_get_name(m));
		print_type(bt_field_class_structure_member_borrow_field_class_const(m));
	}
	printf("\n");
}

/* Every rpmsg:* class of the stream class of the first event, once per stream class. */
static void list_stream_class(struct seen *seen, const bt_stream_class *sc)
{
	for (uint64_t i = 0; i < bt_stream_class_get_event_class_count(sc); i++) {
		const bt_event_class *ec = bt_stream_class_borrow_event_class_by_index_const(sc, i);
		const char *name = bt_event_class_get_name(ec);
		size_t j;

		if (!name || strncmp(name, "rpmsg:", 6))
			continue;
		for (j = 0; j < seen->count && seen->classes[j] != ec; j++)
			;
		if (j < seen->count || seen->count == MAX_CLASSES)
			continue;
		seen->classes[seen->count++] = ec;
		print_class(ec);
	}
}

static bt_graph_simple_sink_component_consume_func_status consume(bt_message_iterator *iterator,
								  void *data)
{
	bt_message_array_const msgs;
	uint64_t count;

	switch (bt_message_iterator_next(iterator, &msgs, &count)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	default:
		return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < count; i++) {
		if (bt_message_get_type(msgs[i]) == BT_MESSAGE_TYPE_STREAM_BEGINNING)
			list_stream_class(
				data,
				bt_stream_borrow_class_const(
					bt_message_stream_beginning_borrow_stream_const(msgs[i])));
		bt_message_put_ref(msgs[i]);
	}
	return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_OK;
}

int main(int argc, char **argv)
{
	struct seen seen = {0};
	/* every trace below the directory -> filter.utils.muxer -> consume()
	 * (trace_graph_builder.h) */
	const struct rpmsg_trace_component list = {
		.name = "list", .simple_sink = consume, .data = &seen};
	struct rpmsg_trace_graph_spec spec = {
		.source_log_level = BT_LOGGING_LEVEL_WARNING,
		.components = &list,
		.component_count = 1,
	};
	struct rpmsg_trace_graph_build built;
	bt_graph_run_status status;

	if (argc != 2) {
		fprintf(stderr, "usage: list_event_classes TRACE_DIR\n");
		return 2;
	}
	spec.trace = argv[1];
	if (rpmsg_trace_graph_build(&spec, &built)) {
		fprintf(stderr, "%s: cannot open the trace (%s%s%s)\n", argv[1], built.stage,
			built.detail[0] ? ": " : "", built.detail);
		return 1;
	}
	do
		status = bt_graph_run(built.graph);
	while (status == BT_GRAPH_RUN_STATUS_AGAIN);
	bt_graph_put_ref(built.graph);
	if (status != BT_GRAPH_RUN_STATUS_OK) {
		fprintf(stderr, "%s: reading the trace failed\n", argv[1]);
		return 1;
	}
	return 0;
}
