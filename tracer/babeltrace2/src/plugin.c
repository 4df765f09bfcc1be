// SPDX-License-Identifier: MIT
/*
 * babeltrace2 plugin "rpmsg": declares the component classes; each lives in its own file.
 *
 *	babeltrace2 --plugin-path=DIR TRACE -c filter.rpmsg.decode -c sink.rpmsg.print
 *	babeltrace2 --plugin-path=DIR TRACE -c sink.rpmsg.stats
 */
#include <babeltrace2/babeltrace.h>

#include "components.h"
#include "descriptions.h"

BT_PLUGIN_MODULE();

BT_PLUGIN(rpmsg);
BT_PLUGIN_DESCRIPTION("rpmsg-scope: decode and summarize rpmsg traffic traces");
BT_PLUGIN_AUTHOR("rpmsg-scope");
BT_PLUGIN_LICENSE("MIT");

BT_PLUGIN_FILTER_COMPONENT_CLASS(decode, rpmsg_bt2_decode_iterator_next);
BT_PLUGIN_FILTER_COMPONENT_CLASS_DESCRIPTION(decode, DECODE_DESCRIPTION);
BT_PLUGIN_FILTER_COMPONENT_CLASS_HELP(decode, DECODE_HELP);
BT_PLUGIN_FILTER_COMPONENT_CLASS_INITIALIZE_METHOD(decode, rpmsg_bt2_decode_filter_initialize);
BT_PLUGIN_FILTER_COMPONENT_CLASS_FINALIZE_METHOD(decode, rpmsg_bt2_decode_filter_finalize);
BT_PLUGIN_FILTER_COMPONENT_CLASS_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD(
	decode, rpmsg_bt2_decode_iterator_initialize);
BT_PLUGIN_FILTER_COMPONENT_CLASS_MESSAGE_ITERATOR_CLASS_FINALIZE_METHOD(
	decode, rpmsg_bt2_decode_iterator_finalize);

BT_PLUGIN_SINK_COMPONENT_CLASS(stats, rpmsg_bt2_sink_consume);
BT_PLUGIN_SINK_COMPONENT_CLASS_DESCRIPTION(stats, STATS_DESCRIPTION);
BT_PLUGIN_SINK_COMPONENT_CLASS_HELP(stats, STATS_HELP);
BT_PLUGIN_SINK_COMPONENT_CLASS_INITIALIZE_METHOD(stats, rpmsg_bt2_stats_sink_initialize);
BT_PLUGIN_SINK_COMPONENT_CLASS_FINALIZE_METHOD(stats, rpmsg_bt2_stats_sink_finalize);
BT_PLUGIN_SINK_COMPONENT_CLASS_GRAPH_IS_CONFIGURED_METHOD(stats,
							  rpmsg_bt2_sink_graph_is_configured);

BT_PLUGIN_SINK_COMPONENT_CLASS(print, rpmsg_bt2_sink_consume);
BT_PLUGIN_SINK_COMPONENT_CLASS_DESCRIPTION(print, PRINT_DESCRIPTION);
BT_PLUGIN_SINK_COMPONENT_CLASS_HELP(print, PRINT_HELP);
BT_PLUGIN_SINK_COMPONENT_CLASS_INITIALIZE_METHOD(print, rpmsg_bt2_print_sink_initialize);
BT_PLUGIN_SINK_COMPONENT_CLASS_FINALIZE_METHOD(print, rpmsg_bt2_print_sink_finalize);
BT_PLUGIN_SINK_COMPONENT_CLASS_GRAPH_IS_CONFIGURED_METHOD(print,
							  rpmsg_bt2_sink_graph_is_configured);
