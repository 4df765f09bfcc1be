// SPDX-License-Identifier: MIT
/*
 * Component parameters: checked up front against a table, as babeltrace2's own plugins do, so
 * a misspelt parameter is an error rather than silently ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "components.h"
#include "time_window.h"

/* The first problem found; reported after the walk (a cause appended inside it aborts bt2). */
struct check_state {
	const struct param_spec *specs;
	char key[64];
	const struct param_spec *wrong_type; /* NULL: the key is unknown */
	bool ok;
};

static const char *type_name(bt_value_type type)
{
	switch (type) {
	case BT_VALUE_TYPE_STRING:
		return "a string";
	case BT_VALUE_TYPE_BOOL:
		return "a boolean";
	default:
		return "another type";
	}
}

static bt_value_map_foreach_entry_const_func_status check_entry(const char *key,
								const bt_value *value, void *data)
{
	struct check_state *state = data;

	const struct param_spec *spec;

	for (spec = state->specs; spec->name; spec++)
		if (!strcmp(spec->name, key))
			break;
	if (spec->name && bt_value_get_type(value) == spec->type)
		return BT_VALUE_MAP_FOREACH_ENTRY_CONST_FUNC_STATUS_OK;
	if (state->ok) {
		snprintf(state->key, sizeof(state->key), "%s", key);
		state->wrong_type = spec->name ? spec : NULL;
		state->ok = false;
	}
	return BT_VALUE_MAP_FOREACH_ENTRY_CONST_FUNC_STATUS_OK;
}

bool rpmsg_bt2_params_check(bt_self_component *self, const bt_value *params,
			    const struct param_spec *specs)
{
	struct check_state state = {.specs = specs, .ok = true};
	char expected[256] = "";
	size_t used = 0;

	if (!params || bt_value_get_type(params) != BT_VALUE_TYPE_MAP)
		return true;
	bt_value_map_foreach_entry_const(params, check_entry, &state);
	if (state.ok)
		return true;
	if (state.wrong_type) {
		BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(
			self, "parameter '%s' must be %s", state.key,
			type_name(state.wrong_type->type));
		return false;
	}
	for (const struct param_spec *spec = specs; spec->name && used < sizeof(expected); spec++)
		used += (size_t)snprintf(expected + used, sizeof(expected) - used, "%s%s",
					 used ? ", " : "", spec->name);
	BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(
		self, "unknown parameter '%s' (expected %s)", state.key, expected);
	return false;
}

const char *rpmsg_bt2_params_string(const bt_value *params, const char *name)
{
	const bt_value *value = params ? bt_value_map_borrow_entry_value_const(params, name) : NULL;

	return value && bt_value_is_string(value) ? bt_value_string_get(value) : NULL;
}

bool rpmsg_bt2_params_bool(const bt_value *params, const char *name, bool fallback)
{
	const bt_value *value = params ? bt_value_map_borrow_entry_value_const(params, name) : NULL;

	return value && bt_value_is_bool(value) ? bt_value_bool_get(value) : fallback;
}

bool rpmsg_bt2_endpoint_matches(const char *filter, uint32_t addr, const char *name)
{
	char *end;
	unsigned long long number;

	if (!filter)
		return true;
	if (name && !strcmp(filter, name))
		return true;
	number = strtoull(filter, &end, 0);
	return *filter && !*end && number == addr;
}

bool rpmsg_bt2_params_window(bt_self_component *self, const bt_value *params,
			     struct time_window *window)
{
	static const char *const names[] = {"since", "until"};
	struct rpmsg_time_point *points[] = {&window->since, &window->until};
	bool gmt = rpmsg_bt2_params_bool(params, "clock-gmt", false);

	memset(window, 0, sizeof(*window));
	for (int i = 0; i < 2; i++) {
		const char *text = rpmsg_bt2_params_string(params, names[i]);

		if (text && rpmsg_time_parse(text, gmt, points[i])) {
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(
				self,
				"bad %s time '%s' (expected HH:MM:SS[.NS] as printed, "
				"YYYY-MM-DD HH:MM:SS[.NS] or SECONDS[.NS] since the clock's "
				"origin)",
				names[i], text);
			return false;
		}
	}
	return true;
}

enum rpmsg_clock_style rpmsg_bt2_params_clock(const bt_value *params)
{
	if (rpmsg_bt2_params_bool(params, "clock-seconds", false))
		return RPMSG_CLOCK_SECONDS;
	return rpmsg_bt2_params_bool(params, "clock-gmt", false) ? RPMSG_CLOCK_GMT
								 : RPMSG_CLOCK_LOCAL;
}

void *rpmsg_bt2_component_data(bt_self_component *self, const bt_value *params,
			       const struct param_spec *specs, struct time_window *window,
			       size_t size, bt_component_class_initialize_method_status *status)
{
	void *data;

	if (!rpmsg_bt2_params_check(self, params, specs) ||
	    !rpmsg_bt2_params_window(self, params, window)) {
		*status = BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
		return NULL;
	}
	data = calloc(1, size);
	if (!data)
		*status = BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	return data;
}
