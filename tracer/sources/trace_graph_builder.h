/* SPDX-License-Identifier: MIT */
/*
 * The one babeltrace2 graph builder of every trace reader (`rpmsg-trace decode/report` in
 * tracer/report, the trace source of rpmsg-top in source_trace.c):
 *
 *	source.ctf.fs, one per trace directory below the recording (rpmsg_trace_find_dirs())
 *	  or source.ctf.lttng-live for a net:// URL
 *	  -> filter.utils.muxer -> the caller's components, in order (filters, then one sink)
 *
 * ctf and utils come from babeltrace2's plugin search (rpmsg_trace_find_plugin(): the
 * BABELTRACE_PLUGIN_PATH directories first, as the babeltrace2 CLI does). Stream files emptied
 * behind their index are refused before anything is read (rpmsg_trace_check_empty_streams()).
 *
 * Contract: the builder prints nothing. On failure it says which stage failed and returns a
 * negative errno; where babeltrace2 failed, its error stays on the current thread for the caller
 * to take (bt_current_thread_take_error()). The built graph is the caller's (bt_graph_put_ref());
 * the component classes given stay the caller's too. Not thread-safe (trace_input.h).
 */
#ifndef RPMSG_SOURCES_TRACE_GRAPH_BUILDER_H
#define RPMSG_SOURCES_TRACE_GRAPH_BUILDER_H

#include <limits.h>
#include <stddef.h>

#include <babeltrace2/babeltrace.h>

/* Components a graph may have after the muxer (decode: progress, decode filter, print sink). */
#define RPMSG_TRACE_COMPONENTS_MAX 8

/*
 * One component after the muxer: exactly one of @filter, @sink and @simple_sink (a consume
 * function on the graph's message iterator, for a tool or test that only looks at messages);
 * the last one is the sink.
 */
struct rpmsg_trace_component {
	const char *name;
	const bt_component_class_filter *filter;
	const bt_component_class_sink *sink;
	bt_graph_simple_sink_component_consume_func simple_sink;
	const bt_value *params; /* NULL: none (not for a simple sink) */
	void *data;		/* handed to the initialize method, or to @simple_sink */
};

struct rpmsg_trace_graph_spec {
	const char *trace; /* a directory holding CTF traces (at any depth), or a net:// URL */
	/* live: what lttng-live does when the session does not exist (yet): "end", "continue" */
	const char *session_not_found_action;
	bt_logging_level source_log_level; /* the ctf source's own logging (-v: WARNING) */
	const struct rpmsg_trace_component *components;
	size_t component_count;	     /* 1 to RPMSG_TRACE_COMPONENTS_MAX */
	bt_interrupter *interrupter; /* NULL: none; not owned */
	/* Called after each slow stage (a reader's watchdog counts it as progress); NULL: none. */
	void (*stage_done)(void *data);
	void *stage_data;
};

/* What the builder made, or where it stopped. */
struct rpmsg_trace_graph_build {
	bt_graph *graph;   /* NULL on failure */
	const char *stage; /* what was being done, in words ("opening the trace") */
	/* -EBADMSG: the stream file emptied behind its index; -ENOPKG: what is missing, and where
	 */
	char detail[PATH_MAX + 80];
};

/**
 * rpmsg_trace_graph_build() - build the graph for @spec, ready for bt_graph_run()
 * @spec: the input and the caller's components
 * @out: the graph, or the failed stage and its detail
 *
 * Return: 0; -ENOPKG (ctf or utils plugin, or one of their classes, not found: @out->detail),
 * the errors of rpmsg_trace_find_dirs() (-ENOENT, -ENODATA, -E2BIG...), -EBADMSG (an empty
 * stream file: @out->detail), -EIO (babeltrace2 cannot open the trace: its error is pending),
 * -EINVAL (a component of the caller refused its parameters: pending too), -ENOMSG (the trace
 * holds no streams), -EPROTO (connecting the streams or the components failed: pending),
 * -ENOMEM.
 */
int rpmsg_trace_graph_build(const struct rpmsg_trace_graph_spec *spec,
			    struct rpmsg_trace_graph_build *out);

/**
 * rpmsg_trace_graph_run_once() - one step of a built graph
 * @graph: from rpmsg_trace_graph_build()
 *
 * Return: 1 progress, 0 nothing now (live: try later, or interrupted), -EPIPE the trace ended,
 * -EIO babeltrace2 failed (its error is pending).
 */
int rpmsg_trace_graph_run_once(bt_graph *graph);

#endif /* RPMSG_SOURCES_TRACE_GRAPH_BUILDER_H */
