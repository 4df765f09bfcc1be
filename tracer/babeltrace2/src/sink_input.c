// SPDX-License-Identifier: MIT
/* The shared input side of the rpmsg sinks. See <rpmsg-scope/bt2-sink-input.h>. */
#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/bt2-sink-input.h>

bt_component_class_sink_graph_is_configured_method_status
rpmsg_bt2_sink_connect(bt_self_component_sink *self, bt_message_iterator **upstream)
{
	if (bt_message_iterator_create_from_sink_component(
		    self, bt_self_component_sink_borrow_input_port_by_name(self, "in"), upstream) !=
	    BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_OK)
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_ERROR;
	return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_OK;
}

bt_component_class_sink_consume_method_status
rpmsg_bt2_sink_next(bt_message_iterator *upstream, const struct rpmsg_bt2_sink_input_ops *ops,
		    void *ctx)
{
	bt_message_array_const messages;
	uint64_t count;
	int err = 0;

	switch (bt_message_iterator_next(upstream, &messages, &count)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < count; i++) {
		switch (bt_message_get_type(messages[i])) {
		case BT_MESSAGE_TYPE_EVENT:
			if (!err && ops->event)
				err = ops->event(ctx, messages[i]);
			break;
		case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
		case BT_MESSAGE_TYPE_DISCARDED_PACKETS:
			if (ops->discarded) {
				uint64_t lost;
				bool known = rpmsg_bt2_discarded_count(messages[i], &lost);

				ops->discarded(ctx,
					       bt_message_get_type(messages[i]) ==
						       BT_MESSAGE_TYPE_DISCARDED_EVENTS,
					       lost, known);
			}
			break;
		default:
			break;
		}
		bt_message_put_ref(messages[i]);
	}
	return err ? BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR
		   : BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;
}

static struct rpmsg_bt2_sink_input *sink_input(bt_self_component_sink *self)
{
	return bt_self_component_get_data(bt_self_component_sink_as_self_component(self));
}

bt_component_class_sink_graph_is_configured_method_status
rpmsg_bt2_sink_graph_is_configured(bt_self_component_sink *self)
{
	return rpmsg_bt2_sink_connect(self, &sink_input(self)->upstream);
}

bt_component_class_sink_consume_method_status rpmsg_bt2_sink_consume(bt_self_component_sink *self)
{
	struct rpmsg_bt2_sink_input *input = sink_input(self);
	bt_component_class_sink_consume_method_status status =
		rpmsg_bt2_sink_next(input->upstream, input->ops, input);

	if (input->ops->consumed)
		input->ops->consumed(input, status);
	return status;
}

bt_message_iterator_class_next_method_status
rpmsg_bt2_upstream_status(bt_message_iterator_next_status status)
{
	switch (status) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
	}
}
