/* SPDX-License-Identifier: MIT */
/*
 * The input side every rpmsg sink component shares (sink.rpmsg.stats, sink.rpmsg.print, and
 * rpmsg-top's trace source): connect the "in" port's message iterator once the graph is
 * configured, then take batches of messages and hand events and discard notices to callbacks
 * (the plugin's sinks take both methods as they are); and the status a message iterator returns
 * for its upstream's.
 *
 * Ownership: the helpers put every message they take; callbacks only borrow them.
 * Not thread-safe (one call at a time per iterator, as babeltrace2 requires anyway).
 */
#ifndef RPMSG_BT2_SINK_INPUT_H
#define RPMSG_BT2_SINK_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <babeltrace2/babeltrace.h>

/**
 * rpmsg_bt2_sink_connect() - create @upstream on the sink's input port "in"
 * Return: the status for the sink's graph_is_configured method.
 */
bt_component_class_sink_graph_is_configured_method_status
rpmsg_bt2_sink_connect(bt_self_component_sink *self, bt_message_iterator **upstream);

/*
 * What a sink does with each message: @event returns 0 or a negative errno (after an error the
 * rest of the batch is still put but not passed on); @discarded is told of discarded events
 * (@events true) or packets, @count of them as rpmsg_bt2_discarded_count() reads it (1 when the
 * trace does not say: @known false). Either may be NULL.
 */
struct rpmsg_bt2_sink_input_ops {
	int (*event)(void *ctx, const bt_message *msg);
	void (*discarded)(void *ctx, bool events, uint64_t count, bool known);
	/* rpmsg_bt2_sink_consume() only: told each batch's status (END: the input is over) */
	void (*consumed)(void *ctx, bt_component_class_sink_consume_method_status status);
};

/**
 * rpmsg_bt2_sink_next() - take the next batch from @upstream and dispatch it to @ops
 * Return: OK after a batch, END when upstream ended, AGAIN when it has nothing yet,
 * MEMORY_ERROR when the iterator or an @event callback failed, ERROR otherwise.
 */
bt_component_class_sink_consume_method_status
rpmsg_bt2_sink_next(bt_message_iterator *upstream, const struct rpmsg_bt2_sink_input_ops *ops,
		    void *ctx);

/*
 * What the data of a sink component that takes the two methods below begins with: its input
 * port's iterator (set once the graph is configured, put by the sink's finalize method) and what
 * to do with the messages. The callbacks' ctx is the component's data itself.
 */
struct rpmsg_bt2_sink_input {
	bt_message_iterator *upstream;
	const struct rpmsg_bt2_sink_input_ops *ops;
};

/**
 * rpmsg_bt2_sink_graph_is_configured() - the graph_is_configured method of a sink whose data
 * begins with struct rpmsg_bt2_sink_input: rpmsg_bt2_sink_connect() into its upstream
 */
bt_component_class_sink_graph_is_configured_method_status
rpmsg_bt2_sink_graph_is_configured(bt_self_component_sink *self);

/**
 * rpmsg_bt2_sink_consume() - the consume method of such a sink: rpmsg_bt2_sink_next() with its
 * ops, then its ops' consumed callback with the status
 * Return: as rpmsg_bt2_sink_next().
 */
bt_component_class_sink_consume_method_status rpmsg_bt2_sink_consume(bt_self_component_sink *self);

/**
 * rpmsg_bt2_upstream_status() - what a message iterator (filter.rpmsg.decode, the in-process
 * graph's reader) returns when bt_message_iterator_next() on its upstream gave @status
 * Return: END, AGAIN and MEMORY_ERROR as they came, ERROR for anything else (OK included:
 * callers handle OK themselves).
 */
bt_message_iterator_class_next_method_status
rpmsg_bt2_upstream_status(bt_message_iterator_next_status status);

#endif /* RPMSG_BT2_SINK_INPUT_H */
