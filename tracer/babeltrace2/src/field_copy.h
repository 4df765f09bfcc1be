/* SPDX-License-Identifier: MIT */
/*
 * Copies of field classes and fields from one trace class to another, for filter.rpmsg.decode:
 * the events it re-emits keep the context their input had (LTTng's vpid, vtid, procname as the
 * event common context, cpu_id as the packet context), so downstream components and Trace Compass
 * see the same fields with or without the filter.
 *
 * Kinds copied: booleans, integers and enumerations (range, display base, mappings), reals,
 * strings, structures, static arrays and dynamic arrays (as arrays without a length member). A
 * member of another kind (options, variants, bit arrays) is left out of the copy, and its
 * value with it: values are copied by member name, so the rest still lines up.
 *
 * Not thread-safe (babeltrace2 objects); ownership as the functions say.
 */
#ifndef RPMSG_BT2_FIELD_COPY_H
#define RPMSG_BT2_FIELD_COPY_H

#include <babeltrace2/babeltrace.h>

/**
 * rpmsg_bt2_field_class_copy() - a copy of @in in trace class @tc
 * Return: a new reference (the caller puts it, or gives it to a setter), or NULL when @in is of
 * a kind not copied or memory ran out.
 */
bt_field_class *rpmsg_bt2_field_class_copy(bt_trace_class *tc, const bt_field_class *in);

/**
 * rpmsg_bt2_field_copy() - copy the value of @in into @out, whose class is a copy of @in's
 * Return: 0, or -ENOMEM.
 */
int rpmsg_bt2_field_copy(bt_field *out, const bt_field *in);

#endif /* RPMSG_BT2_FIELD_COPY_H */
