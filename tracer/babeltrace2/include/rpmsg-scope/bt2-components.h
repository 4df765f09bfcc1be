/* SPDX-License-Identifier: MIT */
/*
 * The babeltrace2 component classes of plugin "rpmsg", for programs that run a graph in-process
 * (rpmsg-trace decode/report) instead of loading the plugin file:
 *
 *	filter.rpmsg.decode   params: decoders (string: decoder file), endpoint (string),
 *	                      since, until (strings), clock-gmt (bool)
 *	sink.rpmsg.stats      params: json (bool), endpoint, since, until (strings),
 *	                      clock-seconds, clock-gmt (bool)
 *	sink.rpmsg.print      params: json, clock-seconds, clock-gmt (bool); decode (bool) and with
 *	                      it decoders, endpoint, since, until (strings): decodes as the filter
 *
 * Each function creates a new class; the caller owns the reference (put it when the graph has
 * taken its own). Return NULL when out of memory. Thread safety: as libbabeltrace2.
 *
 * Both sinks take a struct rpmsg_bt2_sink_outcome as their initialize method data (or NULL): at
 * the end of the trace they set it, so that a program knows what the user was told.
 */
#ifndef RPMSG_SCOPE_BT2_COMPONENTS_H
#define RPMSG_SCOPE_BT2_COMPONENTS_H

#include <stdbool.h>

#include <babeltrace2/babeltrace.h>

struct rpmsg_bt2_sink_outcome {
	/* rpmsg events were read but --endpoint or --since/--until kept none (a warning said so) */
	bool nothing_kept;
};

bt_component_class_filter *rpmsg_bt2_decode_filter_class_create(void);
bt_component_class_sink *rpmsg_bt2_stats_sink_class_create(void);
bt_component_class_sink *rpmsg_bt2_print_sink_class_create(void);

#endif /* RPMSG_SCOPE_BT2_COMPONENTS_H */
