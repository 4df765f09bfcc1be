// SPDX-License-Identifier: MIT
/*
 * The plugin's component classes built in-process (see rpmsg-scope/bt2-components.h), with the
 * same methods plugin.c declares to babeltrace2.
 */
#include <rpmsg-scope/bt2-components.h>

#include "components.h"
#include "descriptions.h"

bt_component_class_filter *rpmsg_bt2_decode_filter_class_create(void)
{
	bt_message_iterator_class *iterator_class =
		bt_message_iterator_class_create(rpmsg_bt2_decode_iterator_next);
	bt_component_class_filter *filter = NULL;

	if (!iterator_class)
		return NULL;
	if (bt_message_iterator_class_set_initialize_method(iterator_class,
							    rpmsg_bt2_decode_iterator_initialize) ||
	    bt_message_iterator_class_set_finalize_method(iterator_class,
							  rpmsg_bt2_decode_iterator_finalize))
		goto out;
	filter = bt_component_class_filter_create("decode", iterator_class);
	if (!filter)
		goto out;
	if (bt_component_class_filter_set_initialize_method(filter,
							    rpmsg_bt2_decode_filter_initialize) ||
	    bt_component_class_filter_set_finalize_method(filter,
							  rpmsg_bt2_decode_filter_finalize) ||
	    bt_component_class_set_description(bt_component_class_filter_as_component_class(filter),
					       DECODE_DESCRIPTION)) {
		bt_component_class_filter_put_ref(filter);
		filter = NULL;
	}
out:
	bt_message_iterator_class_put_ref(iterator_class); /* the filter class holds it */
	return filter;
}

/* A sink class @name with its four methods and @description; NULL when out of memory. */
static bt_component_class_sink *
sink_class_create(const char *name, bt_component_class_sink_consume_method consume,
		  bt_component_class_sink_initialize_method initialize,
		  bt_component_class_sink_finalize_method finalize,
		  bt_component_class_sink_graph_is_configured_method graph_is_configured,
		  const char *description)
{
	bt_component_class_sink *sink = bt_component_class_sink_create(name, consume);

	if (!sink)
		return NULL;
	if (bt_component_class_sink_set_initialize_method(sink, initialize) ||
	    bt_component_class_sink_set_finalize_method(sink, finalize) ||
	    bt_component_class_sink_set_graph_is_configured_method(sink, graph_is_configured) ||
	    bt_component_class_set_description(bt_component_class_sink_as_component_class(sink),
					       description)) {
		bt_component_class_sink_put_ref(sink);
		return NULL;
	}
	return sink;
}

bt_component_class_sink *rpmsg_bt2_stats_sink_class_create(void)
{
	return sink_class_create("stats", rpmsg_bt2_sink_consume, rpmsg_bt2_stats_sink_initialize,
				 rpmsg_bt2_stats_sink_finalize, rpmsg_bt2_sink_graph_is_configured,
				 STATS_DESCRIPTION);
}

bt_component_class_sink *rpmsg_bt2_print_sink_class_create(void)
{
	return sink_class_create("print", rpmsg_bt2_sink_consume, rpmsg_bt2_print_sink_initialize,
				 rpmsg_bt2_print_sink_finalize, rpmsg_bt2_sink_graph_is_configured,
				 PRINT_DESCRIPTION);
}
