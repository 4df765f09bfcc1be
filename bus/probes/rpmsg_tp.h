/* SPDX-License-Identifier: MIT */
/*
 * LTTng-UST tracepoint provider "rpmsg": one event per row of DESIGN.md's event table, with
 * exactly the fields and field order of docs/events.md (other modules decode by that contract).
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

LTTNG_UST_TRACEPOINT_EVENT(rpmsg, vring_add,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, vq, uint32_t, head,
			  uint32_t, len, uint32_t, avail_idx, uint32_t, num_free),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_integer(uint32_t, vq, vq)
		lttng_ust_field_integer(uint32_t, head, head)
		lttng_ust_field_integer(uint32_t, len, len)
		lttng_ust_field_integer(uint32_t, avail_idx, avail_idx)
		lttng_ust_field_integer(uint32_t, num_free, num_free)
	)
)

LTTNG_UST_TRACEPOINT_EVENT(rpmsg, vring_get,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, vq, uint32_t, head,
			  uint32_t, len, uint32_t, used_idx, uint32_t, num_free),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_integer(uint32_t, vq, vq)
		lttng_ust_field_integer(uint32_t, head, head)
		lttng_ust_field_integer(uint32_t, len, len)
		lttng_ust_field_integer(uint32_t, used_idx, used_idx)
		lttng_ust_field_integer(uint32_t, num_free, num_free)
	)
)

LTTNG_UST_TRACEPOINT_EVENT_CLASS(rpmsg, mbox_class,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, channel),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_integer(uint32_t, channel, channel)
	)
)
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(rpmsg, mbox_class, rpmsg, mbox_kick,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, channel))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(rpmsg, mbox_class, rpmsg, mbox_rx,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, channel))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(rpmsg, msg_class,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, src, uint32_t, dst,
			  uint32_t, len, uint32_t, flags, const uint8_t *, payload),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_integer(uint32_t, src, src)
		lttng_ust_field_integer(uint32_t, dst, dst)
		lttng_ust_field_integer(uint32_t, len, len)
		lttng_ust_field_integer(uint32_t, flags, flags)
		lttng_ust_field_sequence_hex(uint8_t, payload, payload, uint16_t,
					     RPMSG_TP_CAPTURED(payload, len))
	)
)
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(rpmsg, msg_class, rpmsg, msg_send,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, src, uint32_t, dst,
			  uint32_t, len, uint32_t, flags, const uint8_t *, payload))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(rpmsg, msg_class, rpmsg, msg_recv,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, src, uint32_t, dst,
			  uint32_t, len, uint32_t, flags, const uint8_t *, payload))

LTTNG_UST_TRACEPOINT_EVENT(rpmsg, ns_announce,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, const char *, name, uint32_t, addr,
			  uint32_t, flags, uint8_t, direction),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_string(name, name)
		lttng_ust_field_integer(uint32_t, addr, addr)
		lttng_ust_field_integer(uint32_t, flags, flags)
		lttng_ust_field_integer(uint8_t, direction, direction)
	)
)

LTTNG_UST_TRACEPOINT_EVENT_CLASS(rpmsg, ept_class,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, const char *, name, uint32_t, addr),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_string(name, name)
		lttng_ust_field_integer(uint32_t, addr, addr)
	)
)
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(rpmsg, ept_class, rpmsg, ept_create,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, const char *, name, uint32_t, addr))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(rpmsg, ept_class, rpmsg, ept_destroy,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, const char *, name, uint32_t, addr))

LTTNG_UST_TRACEPOINT_EVENT(rpmsg, tx_wait,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, src, uint32_t, dst,
			  uint64_t, waited_ns, int32_t, outcome),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_integer(uint32_t, src, src)
		lttng_ust_field_integer(uint32_t, dst, dst)
		lttng_ust_field_integer(uint64_t, waited_ns, waited_ns)
		lttng_ust_field_integer(int32_t, outcome, outcome)
	)
)

LTTNG_UST_TRACEPOINT_EVENT(rpmsg, drop,
	LTTNG_UST_TP_ARGS(const char *, bus, uint8_t, role, uint32_t, src, uint32_t, dst,
			  uint32_t, len, uint32_t, reason),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_string(bus, bus)
		lttng_ust_field_integer(uint8_t, role, role)
		lttng_ust_field_integer(uint32_t, src, src)
		lttng_ust_field_integer(uint32_t, dst, dst)
		lttng_ust_field_integer(uint32_t, len, len)
		lttng_ust_field_integer(uint32_t, reason, reason)
	)
)

#endif /* RPMSG_TP_H */

#include <lttng/tracepoint-event.h>
