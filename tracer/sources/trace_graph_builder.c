// SPDX-License-Identifier: MIT
/* The babeltrace2 graph of every trace reader, built once (trace_graph_builder.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "trace_graph_builder.h"
#include "trace_input.h"

/* What one build holds while it works. */
struct builder {
	const struct rpmsg_trace_graph_spec *spec;
	struct rpmsg_trace_graph_build *out;
	const bt_plugin *ctf, *utils;
	const bt_component_class_source *source_class;
	const bt_component_class_filter *muxer_class;
	const bt_component_source *sources[RPMSG_TRACE_DIRS_MAX];
	size_t source_count;
	const bt_component_filter *muxer;
	/* the caller's components' ports, in order (a sink has no output) */
	const bt_port_input *inputs[RPMSG_TRACE_COMPONENTS_MAX];
	const bt_port_output *outputs[RPMSG_TRACE_COMPONENTS_MAX];
	bool live;
};

static void stage_done(const struct builder *b)
{
	if (b->spec->stage_done)
		b->spec->stage_done(b->spec->stage_data);
}

/* The ctf plugin's path for messages: which one babeltrace2's search found. */
static const char *plugin_where(const bt_plugin *plugin)
{
	const char *path = bt_plugin_get_path(plugin);

	return path ? path : "built into libbabeltrace2";
}

/*
 * ctf and utils as babeltrace2's search finds them, and the classes we need from them. A
 * plugin found first on BABELTRACE_PLUGIN_PATH wins, as in the babeltrace2 CLI; when it lacks a
 * class, say which file it is rather than "not installed".
 */
static int find_classes(struct builder *b)
{
	const char *source = b->live ? "lttng-live" : "fs";

	b->out->stage = "finding babeltrace2's ctf and utils plugins";
	b->ctf = rpmsg_trace_find_plugin("ctf");
	b->utils = rpmsg_trace_find_plugin("utils");
	if (!b->ctf || !b->utils) {
		snprintf(b->out->detail, sizeof(b->out->detail),
			 "babeltrace2's ctf and utils plugins are not installed (package "
			 "babeltrace2)");
		return -ENOPKG;
	}
	b->source_class = bt_plugin_borrow_source_component_class_by_name_const(b->ctf, source);
	b->muxer_class = bt_plugin_borrow_filter_component_class_by_name_const(b->utils, "muxer");
	if (!b->source_class)
		snprintf(b->out->detail, sizeof(b->out->detail),
			 "babeltrace2's ctf plugin (%s) has no source.ctf.%s", plugin_where(b->ctf),
			 source);
	else if (!b->muxer_class)
		snprintf(b->out->detail, sizeof(b->out->detail),
			 "babeltrace2's utils plugin (%s) has no filter.utils.muxer",
			 plugin_where(b->utils));
	return b->source_class && b->muxer_class ? 0 : -ENOPKG;
}

static int add_source(struct builder *b, const char *input)
{
	bt_value *params = bt_value_map_create(), *inputs;
	char name[32];
	int err = -ENOMEM;

	if (!params || bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) ||
	    bt_value_array_append_string_element(inputs, input) ||
	    (b->live && b->spec->session_not_found_action &&
	     bt_value_map_insert_string_entry(params, "session-not-found-action",
					      b->spec->session_not_found_action)))
		goto out;
	snprintf(name, sizeof(name), "trace-%zu", b->source_count);
	err = bt_graph_add_source_component(b->out->graph, b->source_class, name, params,
					    b->spec->source_log_level, &b->sources[b->source_count])
		      ? -EIO
		      : 0;
	if (!err)
		b->source_count++;
out:
	bt_value_put_ref(params);
	return err;
}

/*
 * One ctf.fs per directory holding 'metadata' (a recording holds several: ust/uid/0/64-bit,
 * per-PID buffers...), in a stable order; a stream emptied behind its index fails first.
 */
static int add_sources(struct builder *b)
{
	char *dirs[RPMSG_TRACE_DIRS_MAX];
	size_t count;
	int err;

	if (b->live) {
		b->out->stage = "opening the trace";
		return add_source(b, b->spec->trace);
	}
	b->out->stage = "finding the traces";
	err = rpmsg_trace_find_dirs(b->spec->trace, dirs, &count);
	if (err)
		return err;
	b->out->stage = "checking the stream files";
	for (size_t i = 0; i < count && !err; i++)
		if (rpmsg_trace_check_empty_streams(dirs[i], b->out->detail,
						    sizeof(b->out->detail)))
			err = -EBADMSG;
	if (!err)
		stage_done(b);
	b->out->stage = "opening the trace";
	for (size_t i = 0; i < count && !err; i++)
		err = add_source(b, dirs[i]);
	rpmsg_trace_dirs_free(dirs, count);
	return err;
}

/* The muxer, then the caller's components (their ports noted for connect_all()). */
static int add_components(struct builder *b)
{
	b->out->stage = "setting up the graph";
	if (bt_graph_add_filter_component(b->out->graph, b->muxer_class, "muxer", NULL,
					  BT_LOGGING_LEVEL_NONE, &b->muxer))
		return -ENOMEM;
	for (size_t i = 0; i < b->spec->component_count; i++) {
		const struct rpmsg_trace_component *c = &b->spec->components[i];
		const bt_component_filter *filter = NULL;
		const bt_component_sink *sink = NULL;
		int failed;

		if (c->filter)
			failed = bt_graph_add_filter_component_with_initialize_method_data(
				b->out->graph, c->filter, c->name, c->params, c->data,
				BT_LOGGING_LEVEL_NONE, &filter);
		else if (c->sink)
			failed = bt_graph_add_sink_component_with_initialize_method_data(
				b->out->graph, c->sink, c->name, c->params, c->data,
				BT_LOGGING_LEVEL_NONE, &sink);
		else
			failed = bt_graph_add_simple_sink_component(
				b->out->graph, c->name, NULL, c->simple_sink, NULL, c->data, &sink);
		if (failed)
			return -EINVAL;
		b->inputs[i] =
			filter ? bt_component_filter_borrow_input_port_by_index_const(filter, 0)
			       : bt_component_sink_borrow_input_port_by_index_const(sink, 0);
		b->outputs[i] =
			filter ? bt_component_filter_borrow_output_port_by_index_const(filter, 0)
			       : NULL;
	}
	return 0;
}

static int connect(struct builder *b, const bt_port_output *out, const bt_port_input *in)
{
	return out && in && !bt_graph_connect_ports(b->out->graph, out, in, NULL) ? 0 : -EPROTO;
}

/* Every stream into the muxer, then the muxer through the caller's components. */
static int connect_all(struct builder *b)
{
	const bt_port_output *upstream;
	uint64_t streams = 0;

	b->out->stage = "connecting the trace's streams";
	for (size_t s = 0; s < b->source_count; s++) {
		uint64_t ports = bt_component_source_get_output_port_count(b->sources[s]);

		for (uint64_t i = 0; i < ports; i++, streams++) {
			/* the muxer adds an input port each time one is connected: the newest */
			uint64_t free_port = bt_component_filter_get_input_port_count(b->muxer) - 1;

			if (connect(b,
				    bt_component_source_borrow_output_port_by_index_const(
					    b->sources[s], i),
				    bt_component_filter_borrow_input_port_by_index_const(
					    b->muxer, free_port)))
				return -EPROTO;
		}
	}
	if (!streams)
		return -ENOMSG;
	upstream = bt_component_filter_borrow_output_port_by_index_const(b->muxer, 0);
	for (size_t i = 0; i < b->spec->component_count; i++) {
		if (connect(b, upstream, b->inputs[i]))
			return -EPROTO;
		upstream = b->outputs[i];
	}
	return 0;
}

int rpmsg_trace_graph_build(const struct rpmsg_trace_graph_spec *spec,
			    struct rpmsg_trace_graph_build *out)
{
	struct builder b = {.spec = spec, .out = out, .live = rpmsg_trace_is_live_url(spec->trace)};
	int err;

	out->detail[0] = '\0';
	out->stage = "starting";
	if (!spec->component_count || spec->component_count > RPMSG_TRACE_COMPONENTS_MAX)
		return -EINVAL;
	out->graph = bt_graph_create(0);
	if (!out->graph)
		return -ENOMEM;
	if (spec->interrupter)
		bt_graph_add_interrupter(out->graph, spec->interrupter);
	err = find_classes(&b);
	if (!err)
		err = add_sources(&b);
	if (!err)
		err = add_components(&b);
	if (!err)
		stage_done(&b);
	if (!err)
		err = connect_all(&b);
	if (!err)
		stage_done(&b);
	bt_plugin_put_ref(b.ctf);
	bt_plugin_put_ref(b.utils);
	if (err) {
		bt_graph_put_ref(out->graph);
		out->graph = NULL;
	}
	return err;
}

int rpmsg_trace_graph_run_once(bt_graph *graph)
{
	switch (bt_graph_run_once(graph)) {
	case BT_GRAPH_RUN_ONCE_STATUS_OK:
		return 1;
	case BT_GRAPH_RUN_ONCE_STATUS_AGAIN:
		return 0;
	case BT_GRAPH_RUN_ONCE_STATUS_END:
		return -EPIPE;
	default:
		return -EIO;
	}
}
