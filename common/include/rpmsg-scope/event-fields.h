/* SPDX-License-Identifier: MIT */
/*
 * The field table of the event model: for each event type, its trace name and the fields every
 * trace format carries, in trace order (bus and role first, then the event's own fields), each
 * with its trace name, trace type and where it lives in struct rpmsg_event. Generated from
 * <rpmsg-scope/event-list.h>; generic code (CTF classes and values, trace readers, printers)
 * iterates these fields instead of switching on the event type, so adding a field to an event
 * changes no consumer that stores or prints every field.
 *
 * Also the value names written once for every printer and parser: roles and drop reasons.
 *
 * Contract: everything here is constant data or a pure function of it: thread-safe, no memory
 * is allocated, returned pointers are to static storage. Unknown types, roles and reasons are
 * answered with NULL (tables) or a fixed placeholder (names), never an error.
 */
#ifndef RPMSG_SCOPE_EVENT_FIELDS_H
#define RPMSG_SCOPE_EVENT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/event.h>

/* Trace types, as in event-list.h's FIELD(TYPE, ...). */
enum rpmsg_field_type {
	RPMSG_FIELD_U8,	     /* unsigned 8-bit in the trace, read from an unsigned member */
	RPMSG_FIELD_U32,     /* unsigned 32-bit */
	RPMSG_FIELD_U64,     /* unsigned 64-bit */
	RPMSG_FIELD_S32,     /* signed 32-bit */
	RPMSG_FIELD_NAME,    /* string from a NUL-padded char[size] member (bus, names) */
	RPMSG_FIELD_PAYLOAD, /* captured payload: member is the byte count, bytes in ev->payload */
};

/**
 * struct rpmsg_event_field - one field of an event in every trace format.
 * @name: trace name (LTTng-UST field, CTF member, JSON key): "bus", "role", "src", ...
 * @type: trace type; the C member may be wider (role is a __u32 traced as u8)
 * @offset: offsetof(struct rpmsg_event, member); for PAYLOAD the captured-byte count
 * @size: sizeof the member (1, 4, 8, or the array size for NAME)
 */
struct rpmsg_event_field {
	const char *name;
	enum rpmsg_field_type type;
	size_t offset;
	size_t size;
};

/**
 * struct rpmsg_event_class - one event type.
 * @type: enum rpmsg_event_type
 * @name: trace name, as in "rpmsg:<name>"
 * @doc: one line saying what happened (docs/events.md)
 * @fields: @field_count fields in trace order; the first two are always bus and role
 * @field_count: number of @fields
 */
struct rpmsg_event_class {
	enum rpmsg_event_type type;
	const char *name;
	const char *doc;
	const struct rpmsg_event_field *fields;
	size_t field_count;
};

/* Every event carries these two first. */
#define RPMSG_EVENT_COMMON_FIELDS 2
/* No event has more fields (bus and role included): for per-field arrays of a class. */
#define RPMSG_EVENT_FIELDS_MAX 8

/* rpmsg_event_class() - the class of @type, or NULL when @type is not an event type. */
const struct rpmsg_event_class *rpmsg_event_class(unsigned int type);

/* rpmsg_event_class_by_name() - the class named @name ("msg_send"), or NULL. */
const struct rpmsg_event_class *rpmsg_event_class_by_name(const char *name);

/* rpmsg_event_type_name() - "msg_send" etc., or NULL when @type is not an event type. */
const char *rpmsg_event_type_name(unsigned int type);

/* rpmsg_event_field_find() - the field of @cls named @name, or NULL. */
const struct rpmsg_event_field *rpmsg_event_field_find(const struct rpmsg_event_class *cls,
						       const char *name);

/**
 * rpmsg_event_field_get() - the value of an integer field (U8, U32, U64, S32, PAYLOAD's count).
 * @ev: the event
 * @field: a field of @ev's class
 *
 * Return: the member's value, zero-extended (S32 is sign-extended to int64_t then cast, so a
 * caller printing it casts back to int32_t); 0 for NAME fields.
 */
uint64_t rpmsg_event_field_get(const struct rpmsg_event *ev, const struct rpmsg_event_field *field);

/**
 * rpmsg_event_field_set() - store @value into an integer field's member (truncated to its size).
 * @ev: the event
 * @field: a field of @ev's class; NAME fields are left unchanged
 * @value: the value read from a trace
 */
void rpmsg_event_field_set(struct rpmsg_event *ev, const struct rpmsg_event_field *field,
			   uint64_t value);

/* rpmsg_event_field_string() - the NUL-padded array of a NAME field (not terminated if full). */
const char *rpmsg_event_field_string(const struct rpmsg_event *ev,
				     const struct rpmsg_event_field *field);

/**
 * rpmsg_event_endpoints() - the source and destination addresses of an addressed event.
 * @ev: the event
 * @src: its "src" field
 * @dst: its "dst" field
 *
 * Return: true for events with both fields (msg_send, msg_recv, tx_wait, drop); false, with
 * @src and @dst untouched, for the others.
 */
bool rpmsg_event_endpoints(const struct rpmsg_event *ev, uint32_t *src, uint32_t *dst);

/* rpmsg_event_field_type_name() - "u8", "u32", "u64", "s32", "string", "payload". */
const char *rpmsg_event_field_type_name(enum rpmsg_field_type type);

/* rpmsg_event_role_name() - "host", "remote", "kernel", or "?" for any other value. */
const char *rpmsg_event_role_name(unsigned int role);

/* rpmsg_drop_reason_name() - "no-recipient", "too-big", "bad-ns", "callback-error" or "other". */
const char *rpmsg_drop_reason_name(unsigned int reason);

/*
 * rpmsg_drop_reason_kernel_words() - the kernel's log words for @reason ("msg received with no
 * recipient"), or NULL for a reason the kernel does not log.
 */
const char *rpmsg_drop_reason_kernel_words(unsigned int reason);

#endif /* RPMSG_SCOPE_EVENT_FIELDS_H */
