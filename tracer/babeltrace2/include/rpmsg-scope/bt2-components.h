/* SPDX-License-Identifier: MIT */
/*
 * The babeltrace2 component classes of plugin "rpmsg", for programs that run a graph in-process
 * (rpmsg-trace decode/report) instead of loading the plugin file:
 *
 *	filter.rpmsg.decode   params: decoders (string: decoder file), endpoint (string)
 *	sink.rpmsg.stats      params: json (bool), endpoint (string)
 *	sink.rpmsg.print      params: json (bool)
 *
 * Each function creates a new class; the caller owns the reference (put it when the graph has
 * taken its own). Return NULL when out of memory. Thread safety: as libbabeltrace2.
 */
#ifndef RPMSG_SCOPE_BT2_COMPONENTS_H
#define RPMSG_SCOPE_BT2_COMPONENTS_H

#include <babeltrace2/babeltrace.h>

bt_component_class_filter *rpmsg_bt2_decode_filter_class_create(void);
bt_component_class_sink *rpmsg_bt2_stats_sink_class_create(void);
bt_component_class_sink *rpmsg_bt2_print_sink_class_create(void);

#endif /* RPMSG_SCOPE_BT2_COMPONENTS_H */
