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

/* source.ctf.fs -> filter.utils.muxer -> our sink: every stream of the trace reaches the sink. */
static int build_graph(bt_graph *graph, const char *dir, struct seen *seen)
{
	const bt_plugin *ctf = NULL, *utils = NULL;
	const bt_component_source *source;
	const bt_component_filter *muxer;
	const bt_component_sink *sink;
	bt_value *params = bt_value_map_create(), *inputs;
	int err = -1;

	if (!params || bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) ||
	    bt_value_array_append_string_element(inputs, dir))
		goto out;
	if (bt_plugin_find("ctf", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, &ctf) ||
	    bt_plugin_find("utils", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, &utils)) {
		fprintf(stderr, "babeltrace2's ctf and utils plugins are needed\n");
		goto out;
	}
	if (bt_graph_add_source_component(
		    graph, bt_plugin_borrow_source_component_class_by_name_const(ctf, "fs"),
		    "trace", params, BT_LOGGING_LEVEL_WARNING, &source) ||
	    bt_graph_add_filter_component(
		    graph, bt_plugin_borrow_filter_component_class_by_name_const(utils, "muxer"),
		    "muxer", NULL, BT_LOGGING_LEVEL_WARNING, &muxer) ||
	    bt_graph_add_simple_sink_component(graph, "list", NULL, consume, NULL, seen, &sink))
		goto out;
	for (uint64_t i = 0; i < bt_component_source_get_output_port_count(source); i++)
		/* the muxer adds an input port each time one is connected */
		if (bt_graph_connect_ports(
			    graph, bt_component_source_borrow_output_port_by_index_const(source, i),
			    bt_component_filter_borrow_input_port_by_index_const(muxer, i), NULL))
			goto out;
	if (bt_graph_connect_ports(
		    graph, bt_component_filter_borrow_output_port_by_index_const(muxer, 0),
		    bt_component_sink_borrow_input_port_by_index_const(sink, 0), NULL))
		goto out;
	err = 0;
out:
	bt_value_put_ref(params);
	bt_plugin_put_ref(ctf);
	bt_plugin_put_ref(utils);
	return err;
}

int main(int argc, char **argv)
{
	bt_graph *graph = bt_graph_create(0);
	struct seen seen = {0};
	bt_graph_run_status status;

	if (argc != 2) {
		fprintf(stderr, "usage: list_event_classes TRACE_DIR\n");
		return 2;
	}
	if (!graph || build_graph(graph, argv[1], &seen)) {
		fprintf(stderr, "%s: cannot open the trace\n", argv[1]);
		return 1;
	}
	do
		status = bt_graph_run(graph);
	while (status == BT_GRAPH_RUN_STATUS_AGAIN);
	bt_graph_put_ref(graph);
	if (status != BT_GRAPH_RUN_STATUS_OK) {
		fprintf(stderr, "%s: reading the trace failed\n", argv[1]);
		return 1;
	}
	return 0;
}
