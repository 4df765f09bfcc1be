/* SPDX-License-Identifier: MIT */
/*
 * LTTng-UST tracepoint provider "rpmsg": one event per event of <rpmsg-scope/event-list.h>, with
 * its fields in their declared order (docs/events.md; other modules decode by that contract).
 * Nothing here names an event or a field: adding one to event-list.h adds it here.
 *
 * Two users include this header:
 * - librpmsgbus, through bus/probes/probes.h, in LTTng's dynamic-linkage mode
 *   (LTTNG_UST_TRACEPOINT_PROBE_DYNAMIC_LINKAGE): the library only holds the tracepoint sites and
 *   a constructor that dlopens liblttng-ust-tracepoint.so.1 if it is installed. It never links
 *   liblttng-ust, so an application pays one predictable branch per site and needs no LTTng at
 *   run time.
 * - librpmsg-tp.so (rpmsg_tp.c beside this file), built with LTTNG_UST_TRACEPOINT_CREATE_PROBES:
 *   the probes themselves. It is LD_PRELOADed into a traced program (rpmsg-trace record does
 *   this); once loaded, its constructor registers the probes and lttng-ust connects to the
 *   session daemon.
 *
 * RPMSG_TRACE_PAYLOAD_MAX (1..496, a build option) bounds the bytes of each message payload
 * copied into the trace; `_payload_length < len` tells a reader the payload was truncated.
 */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER rpmsg

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "rpmsg_tp.h"

#if !defined(RPMSG_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define RPMSG_TP_H

#include <stdint.h>

#include <lttng/tracepoint.h>

#include <rpmsg-scope/event-list.h>

#ifndef RPMSG_TRACE_PAYLOAD_MAX
#error "RPMSG_TRACE_PAYLOAD_MAX must be defined by the build (see bus/probes/CMakeLists.txt)"
#endif
#if RPMSG_TRACE_PAYLOAD_MAX < 1 || RPMSG_TRACE_PAYLOAD_MAX > 496
#error "RPMSG_TRACE_PAYLOAD_MAX must be between 1 and 496"
#endif

/* Bytes of a @len-byte payload at @payload that go into the trace. */
#define RPMSG_TP_CAPTURED(payload, len)                                                            \
	((payload) == NULL ? 0u                                                                    \
			   : ((len) < RPMSG_TRACE_PAYLOAD_MAX ? (uint16_t)(len)                    \
							      : (uint16_t)RPMSG_TRACE_PAYLOAD_MAX))

/*
 * Every event of <rpmsg-scope/event-list.h>, its arguments and fields in its FIELD order after
 * bus and role. A PAYLOAD field is a pointer argument; its trace field is a hex sequence of the
 * first RPMSG_TP_CAPTURED(payload, len) bytes, so an event with a PAYLOAD has a len field.
 */
#define RPMSG_TP_CTYPE_U8      uint8_t
#define RPMSG_TP_CTYPE_U32     uint32_t
#define RPMSG_TP_CTYPE_U64     uint64_t
#define RPMSG_TP_CTYPE_S32     int32_t
#define RPMSG_TP_CTYPE_NAME    const char *
#define RPMSG_TP_CTYPE_PAYLOAD const uint8_t *

#define RPMSG_TP_FIELD_U8(name)	  lttng_ust_field_integer(uint8_t, name, name)
#define RPMSG_TP_FIELD_U32(name)  lttng_ust_field_integer(uint32_t, name, name)
#define RPMSG_TP_FIELD_U64(name)  lttng_ust_field_integer(uint64_t, name, name)
#define RPMSG_TP_FIELD_S32(name)  lttng_ust_field_integer(int32_t, name, name)
#define RPMSG_TP_FIELD_NAME(name) lttng_ust_field_string(name, name)
#define RPMSG_TP_FIELD_PAYLOAD(name)                                                               \
	lttng_ust_field_sequence_hex(uint8_t, name, name, uint16_t, RPMSG_TP_CAPTURED(name, len))

#define RPMSG_TP_ARG_(TYPE, member, name)   , RPMSG_TP_CTYPE_##TYPE, name
#define RPMSG_TP_FIELD_(TYPE, member, name) RPMSG_TP_FIELD_##TYPE(name)
#define RPMSG_TP_EVENT_(event, EVENT, record, doc)                                                 \
	LTTNG_UST_TRACEPOINT_EVENT(rpmsg, event,                                                   \
		LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role                                 \
				  RPMSG_FIELDS_##event(RPMSG_TP_ARG_)),                            \
		LTTNG_UST_TP_FIELDS(                                                               \
			lttng_ust_field_string(bus, bus)                                           \
			lttng_ust_field_integer(uint8_t, role, role)                               \
			RPMSG_FIELDS_##event(RPMSG_TP_FIELD_)                                      \
		)                                                                                  \
	)

RPMSG_EVENTS(RPMSG_TP_EVENT_)

#endif /* RPMSG_TP_H */

#include <lttng/tracepoint-event.h>
