/* SPDX-License-Identifier: MIT */
/*
 * The bus's one probe macro. Every place DESIGN.md's event table names calls
 *
 *	rpmsg_probe(EVENT, bus_name, role, args...);
 *
 * with EVENT one of the event names and the arguments below (bus_name is a NUL-terminated
 * const char *, role an int RPMSG_EVENT_ROLE_*). This header decides what a call site emits;
 * call sites never change when it does. Argument lists:
 *
 *	vring_add   (bus, role, vq, head, len, avail_idx, num_free)
 *	vring_get   (bus, role, vq, head, len, used_idx, num_free)
 *	mbox_kick   (bus, role, channel)
 *	mbox_rx     (bus, role, channel)
 *	msg_send    (bus, role, src, dst, len, flags, payload)   payload: const void * to len bytes
 *	msg_recv    (bus, role, src, dst, len, flags, payload)
 *	ns_announce (bus, role, name, addr, flags, direction)    name: NUL-terminated
 *	ept_create  (bus, role, name, addr)
 *	ept_destroy (bus, role, name, addr)
 *	tx_wait     (bus, role, src, dst, waited_ns, outcome)    waited_ns: uint64_t, outcome: int
 *	drop        (bus, role, src, dst, len, reason)           reason: enum rpmsg_drop_reason
 *
 * Until the tracepoint work lands this expands to nothing (the arguments are still evaluated by
 * the compiler for type checking only, never at run time).
 */
#ifndef RPMSG_BUS_PROBES_H
#define RPMSG_BUS_PROBES_H

#include <rpmsg-scope/event.h>

/* Type-check the arguments without evaluating them. */
#define rpmsg_probe_discard_(...)                                                                  \
	do {                                                                                       \
		if (0) {                                                                           \
			(void)sizeof((__VA_ARGS__));                                               \
		}                                                                                  \
	} while (0)

#define rpmsg_probe(event, ...) rpmsg_probe_discard_(__VA_ARGS__)

/* rpmsg_probe_enabled(EVENT): true when someone listens; guards costly argument set-up. */
#define rpmsg_probe_enabled(event) 0

#endif /* RPMSG_BUS_PROBES_H */
