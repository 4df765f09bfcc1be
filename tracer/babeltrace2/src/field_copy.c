// SPDX-License-Identifier: MIT
/* Field class and field copies between trace classes. See field_copy.h. */
#include <errno.h>
#include <stdbool.h>

#include "field_copy.h"

static bt_field_class *integer_copy(bt_trace_class *tc, const bt_field_class *in,
				    bt_field_class_type type)
{
	bool is_signed = bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER);
	bool is_enum = bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ENUMERATION);
	bt_field_class *out;

	if (is_enum)
		out = is_signed ? bt_field_class_enumeration_signed_create(tc)
				: bt_field_class_enumeration_unsigned_create(tc);
	else
		out = is_signed ? bt_field_class_integer_signed_create(tc)
				: bt_field_class_integer_unsigned_create(tc);
	if (!out)
		return NULL;
	bt_field_class_integer_set_field_value_range(
		out, bt_field_class_integer_get_field_value_range(in));
	bt_field_class_integer_set_preferred_display_base(
		out, bt_field_class_integer_get_preferred_display_base(in));
	if (!is_enum)
		return out;
	for (uint64_t i = 0; i < bt_field_class_enumeration_get_mapping_count(in); i++) {
		int status;

		if (is_signed) {
			const bt_field_class_enumeration_signed_mapping *m =
				bt_field_class_enumeration_signed_borrow_mapping_by_index_const(in,
												i);
			const bt_field_class_enumeration_mapping *base =
				bt_field_class_enumeration_signed_mapping_as_mapping_const(m);

			status = bt_field_class_enumeration_signed_add_mapping(
				out, bt_field_class_enumeration_mapping_get_label(base),
				bt_field_class_enumeration_signed_mapping_borrow_ranges_const(m));
		} else {
			const bt_field_class_enumeration_unsigned_mapping *m =
				bt_field_class_enumeration_unsigned_borrow_mapping_by_index_const(
					in, i);
			const bt_field_class_enumeration_mapping *base =
				bt_field_class_enumeration_unsigned_mapping_as_mapping_const(m);

			status = bt_field_class_enumeration_unsigned_add_mapping(
				out, bt_field_class_enumeration_mapping_get_label(base),
				bt_field_class_enumeration_unsigned_mapping_borrow_ranges_const(m));
		}
		if (status) {
			bt_field_class_put_ref(out);
			return NULL;
		}
	}
	return out;
}

static bt_field_class *structure_copy(bt_trace_class *tc, const bt_field_class *in)
{
	bt_field_class *out = bt_field_class_structure_create(tc);

	for (uint64_t i = 0; out && i < bt_field_class_structure_get_member_count(in); i++) {
		const bt_field_class_structure_member *member =
			bt_field_class_structure_borrow_member_by_index_const(in, i);
		bt_field_class *copy = rpmsg_bt2_field_class_copy(
			tc, bt_field_class_structure_member_borrow_field_class_const(member));

		if (!copy)
			continue; /* a kind not copied: the member is left out */
		if (bt_field_class_structure_append_member(
			    out, bt_field_class_structure_member_get_name(member), copy)) {
			bt_field_class_put_ref(out);
			out = NULL;
		}
		bt_field_class_put_ref(copy);
	}
	return out;
}

bt_field_class *rpmsg_bt2_field_class_copy(bt_trace_class *tc, const bt_field_class *in)
{
	bt_field_class_type type = bt_field_class_get_type(in);
	bt_field_class *element, *out;

	if (type == BT_FIELD_CLASS_TYPE_BOOL)
		return bt_field_class_bool_create(tc);
	if (type == BT_FIELD_CLASS_TYPE_STRING)
		return bt_field_class_string_create(tc);
	if (type == BT_FIELD_CLASS_TYPE_SINGLE_PRECISION_REAL)
		return bt_field_class_real_single_precision_create(tc);
	if (type == BT_FIELD_CLASS_TYPE_DOUBLE_PRECISION_REAL)
		return bt_field_class_real_double_precision_create(tc);
	if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_INTEGER))
		return integer_copy(tc, in, type);
	if (type == BT_FIELD_CLASS_TYPE_STRUCTURE)
		return structure_copy(tc, in);
	if (!bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ARRAY))
		return NULL;
	element = rpmsg_bt2_field_class_copy(
		tc, bt_field_class_array_borrow_element_field_class_const(in));
	if (!element)
		return NULL;
	if (type == BT_FIELD_CLASS_TYPE_STATIC_ARRAY)
		out = bt_field_class_array_static_create(
			tc, element, bt_field_class_array_static_get_length(in));
	else /* dynamic: without a length member, which may lie outside what is copied */
		out = bt_field_class_array_dynamic_create(tc, element, NULL);
	bt_field_class_put_ref(element);
	return out;
}

static int structure_value_copy(bt_field *out, const bt_field *in)
{
	const bt_field_class *out_class = bt_field_borrow_class_const(out);

	for (uint64_t i = 0; i < bt_field_class_structure_get_member_count(out_class); i++) {
		const char *name = bt_field_class_structure_member_get_name(
			bt_field_class_structure_borrow_member_by_index_const(out_class, i));
		const bt_field *from =
			bt_field_structure_borrow_member_field_by_name_const(in, name);
		int err;

		if (!from)
			continue;
		err = rpmsg_bt2_field_copy(bt_field_structure_borrow_member_field_by_index(out, i),
					   from);
		if (err)
			return err;
	}
	return 0;
}

int rpmsg_bt2_field_copy(bt_field *out, const bt_field *in)
{
	bt_field_class_type type = bt_field_get_class_type(out);
	uint64_t length;

	if (type == BT_FIELD_CLASS_TYPE_BOOL) {
		bt_field_bool_set_value(out, bt_field_bool_get_value(in));
	} else if (type == BT_FIELD_CLASS_TYPE_STRING) {
		if (bt_field_string_set_value(out, bt_field_string_get_value(in)))
			return -ENOMEM;
	} else if (type == BT_FIELD_CLASS_TYPE_SINGLE_PRECISION_REAL) {
		bt_field_real_single_precision_set_value(
			out, bt_field_real_single_precision_get_value(in));
	} else if (type == BT_FIELD_CLASS_TYPE_DOUBLE_PRECISION_REAL) {
		bt_field_real_double_precision_set_value(
			out, bt_field_real_double_precision_get_value(in));
	} else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER)) {
		bt_field_integer_signed_set_value(out, bt_field_integer_signed_get_value(in));
	} else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER)) {
		bt_field_integer_unsigned_set_value(out, bt_field_integer_unsigned_get_value(in));
	} else if (type == BT_FIELD_CLASS_TYPE_STRUCTURE) {
		return structure_value_copy(out, in);
	} else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ARRAY)) {
		length = bt_field_array_get_length(in);
		if (type != BT_FIELD_CLASS_TYPE_STATIC_ARRAY &&
		    bt_field_array_dynamic_set_length(out, length))
			return -ENOMEM;
		for (uint64_t i = 0; i < length; i++) {
			int err = rpmsg_bt2_field_copy(
				bt_field_array_borrow_element_field_by_index(out, i),
				bt_field_array_borrow_element_field_by_index_const(in, i));

			if (err)
				return err;
		}
	}
	return 0;
}
