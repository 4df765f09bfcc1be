/* SPDX-License-Identifier: MIT */
/*
 * Methods of the plugin's component classes. plugin.c declares them to babeltrace2 (loadable
 * plugin), classes.c builds the same classes in-process for rpmsg-trace. Both sinks take the
 * shared graph_is_configured and consume methods of <rpmsg-scope/bt2-sink-input.h>.
 */
#ifndef RPMSG_BT2_COMPONENTS_H
#define RPMSG_BT2_COMPONENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <babeltrace2/babeltrace.h>

#include <rpmsg-scope/bt2-sink-input.h>
#include <rpmsg-scope/clock.h>

/* filter.rpmsg.decode */
bt_component_class_initialize_method_status
rpmsg_bt2_decode_filter_initialize(bt_self_component_filter *self,
				   bt_self_component_filter_configuration *config,
				   const bt_value *params, void *init_data);
void rpmsg_bt2_decode_filter_finalize(bt_self_component_filter *self);
bt_message_iterator_class_initialize_method_status
rpmsg_bt2_decode_iterator_initialize(bt_self_message_iterator *self,
				     bt_self_message_iterator_configuration *config,
				     bt_self_component_port_output *port);
void rpmsg_bt2_decode_iterator_finalize(bt_self_message_iterator *self);
bt_message_iterator_class_next_method_status
rpmsg_bt2_decode_iterator_next(bt_self_message_iterator *self, bt_message_array_const messages,
			       uint64_t capacity, uint64_t *count);

/* sink.rpmsg.stats */
bt_component_class_initialize_method_status
rpmsg_bt2_stats_sink_initialize(bt_self_component_sink *self,
				bt_self_component_sink_configuration *config,
				const bt_value *params, void *init_data);
void rpmsg_bt2_stats_sink_finalize(bt_self_component_sink *self);

/* sink.rpmsg.print */
bt_component_class_initialize_method_status
rpmsg_bt2_print_sink_initialize(bt_self_component_sink *self,
				bt_self_component_sink_configuration *config,
				const bt_value *params, void *init_data);
void rpmsg_bt2_print_sink_finalize(bt_self_component_sink *self);

/* Parameter checking shared by the classes. */
struct param_spec {
	const char *name;
	bt_value_type type; /* BT_VALUE_TYPE_STRING, _BOOL, ... */
};

/**
 * rpmsg_bt2_params_check() - refuse unknown parameters and parameters of the wrong type
 * @self: the component (for the error cause)
 * @params: the component's parameters (a map)
 * @specs: accepted parameters, terminated by { NULL }
 *
 * Return: true when @params is acceptable; otherwise an error cause naming the parameter is
 * appended and false returned.
 */
bool rpmsg_bt2_params_check(bt_self_component *self, const bt_value *params,
			    const struct param_spec *specs);

/* rpmsg_bt2_params_string() - the string parameter @name, or NULL when absent. */
const char *rpmsg_bt2_params_string(const bt_value *params, const char *name);
/* rpmsg_bt2_params_bool() - the bool parameter @name, or @fallback when absent. */
bool rpmsg_bt2_params_bool(const bt_value *params, const char *name, bool fallback);

/**
 * rpmsg_bt2_endpoint_matches() - does an endpoint filter (a name, or an address in decimal or 0x
 * hex) select an endpoint with address @addr and name @name (NULL when unknown)?
 */
bool rpmsg_bt2_endpoint_matches(const char *filter, uint32_t addr, const char *name);

struct time_window;

/**
 * rpmsg_bt2_params_window() - read the "since" and "until" parameters into @window (times of
 * day in UTC when "clock-gmt" is true, local time otherwise)
 *
 * Return: true when absent or valid; otherwise an error cause naming the bad value is appended.
 */
bool rpmsg_bt2_params_window(bt_self_component *self, const bt_value *params,
			     struct time_window *window);

/**
 * rpmsg_bt2_component_data() - what every initialize method of the plugin starts with: refuse
 * parameters @specs does not accept and bad since/until times, then allocate the component's data
 * @self: the component (for the error cause)
 * @params, @specs: as rpmsg_bt2_params_check()
 * @window: receives the since/until window (rpmsg_bt2_params_window())
 * @size: the data's size
 * @status: set to ERROR (a cause names the parameter) or MEMORY_ERROR when NULL is returned
 *
 * Return: the data, zeroed (the caller owns it), or NULL.
 */
void *rpmsg_bt2_component_data(bt_self_component *self, const bt_value *params,
			       const struct param_spec *specs, struct time_window *window,
			       size_t size, bt_component_class_initialize_method_status *status);

/*
 * rpmsg_bt2_params_clock() - how text shows times: "clock-seconds" (bool) for seconds since the
 * clock's origin, "clock-gmt" (bool) for UTC, local time otherwise (rpmsg-scope/clock.h).
 */
enum rpmsg_clock_style rpmsg_bt2_params_clock(const bt_value *params);

#endif /* RPMSG_BT2_COMPONENTS_H */
