// SPDX-License-Identifier: MIT
/*
 * Component parameters: checked up front against a table, as babeltrace2's own plugins do, so
 * a misspelt parameter is an error rather than silently ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "components.h"

struct check_state {
	bt_self_component *self;
	const struct param_spec *specs;
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
								 const bt_value *value,
								 void *data)
{
	struct check_state *state = data;

	for (const struct param_spec *spec = state->specs; spec->name; spec++) {
		if (strcmp(spec->name, key))
			continue;
		if (bt_value_get_type(value) != spec->type) {
			BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(
				state->self, "parameter '%s' must be %s", key, type_name(spec->type));
			state->ok = false;
		}
		return BT_VALUE_MAP_FOREACH_ENTRY_CONST_FUNC_STATUS_OK;
	}
	BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(state->self, "unknown parameter '%s'",
							    key);
	state->ok = false;
	return BT_VALUE_MAP_FOREACH_ENTRY_CONST_FUNC_STATUS_OK;
}

bool rpmsg_bt2_params_check(bt_self_component *self, const bt_value *params, const struct param_spec *specs)
{
	struct check_state state = {.self = self, .specs = specs, .ok = true};

	if (!params || bt_value_get_type(params) != BT_VALUE_TYPE_MAP)
		return true;
	bt_value_map_foreach_entry_const(params, check_entry, &state);
	return state.ok;
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
