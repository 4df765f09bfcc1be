/* SPDX-License-Identifier: MIT */
/*
 * The bus's one probe macro. Every place DESIGN.md's event table names calls
 *
 *	rpmsg_trace(EVENT, bus_name, role, args...);
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
 * rpmsg_trace_enabled(EVENT) is true while someone listens to EVENT (a USDT consumer such as a
 * BPF program or bpftrace, or an LTTng session with the provider loaded); a call site may use it
 * to skip costly argument set-up. rpmsg_trace() itself evaluates its arguments only when
 * someone listens, so plain field reads need no guard.
 *
 * What a call site emits (decided by the build, see bus/probes/CMakeLists.txt):
 * - RPMSG_PROBES_USDT: a USDT probe rpmsg:EVENT (sys/sdt.h) with a semaphore. The arguments are
 *   those above, in that order, with the types of docs/events.md (role and direction as u8), except
 *   msg_send / msg_recv, which pass the payload as a pointer followed by the captured length
 *   (min(len, RPMSG_TRACE_PAYLOAD_MAX)): 8 arguments. The probe site is a 5-byte nop on x86-64,
 *   which Linux 6.18 can optimise into a call instead of a trap.
 * - RPMSG_PROBES_LTTNG: an LTTng-UST event rpmsg:EVENT (bus/probes/rpmsg_tp.h, dynamic
 *   linkage: the probes live in librpmsg-tp.so, loaded only into a traced process).
 * - Neither (the probes folder absent, or a bus copy built without it): nothing. The arguments are
 *   then type-checked by the compiler but never evaluated.
 *
 * Thread safety: probes may fire from any thread; they read their arguments and nothing else.
 */
#ifndef RPMSG_BUS_PROBES_H
#define RPMSG_BUS_PROBES_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/event.h>

/*
 * Type-check the arguments without evaluating them: they become the arguments of a call inside
 * sizeof, which is never made (a comma expression would trip -Wunused-value).
 */
static inline int rpmsg_trace_typecheck_(int unused, ...)
{
	(void)unused;
	return 0;
}
#define rpmsg_trace_discard_(...)                                                                  \
	do {                                                                                       \
		(void)sizeof(rpmsg_trace_typecheck_(0, __VA_ARGS__));                              \
	} while (0)

#if defined(RPMSG_PROBES_USDT) || defined(RPMSG_PROBES_LTTNG)
#ifndef RPMSG_TRACE_PAYLOAD_MAX
#error "RPMSG_TRACE_PAYLOAD_MAX must come from the build (bus/probes/CMakeLists.txt)"
#endif
/* Payload bytes a probe hands on for a @len-byte message at @payload. */
#define rpmsg_trace_captured_(payload, len)                                                        \
	((payload) == NULL                                                                         \
		 ? 0u                                                                              \
		 : ((len) < RPMSG_TRACE_PAYLOAD_MAX ? (uint32_t)(len)                              \
						    : (uint32_t)RPMSG_TRACE_PAYLOAD_MAX))
#endif

/* ---- USDT ------------------------------------------------------------------------------- */
#ifdef RPMSG_PROBES_USDT
/*
 * Semaphores: the kernel increments a probe's semaphore while a uprobe is attached to it
 * (bpftrace, libbpf's USDT attach), so the check below is one load and a not-taken branch while
 * nobody listens, and no argument is computed. Defined in bus/probes/usdt_semaphores.c.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#if defined(__x86_64__)
/*
 * Debian's sys/sdt.h puts a 1-byte nop at the probe site. A 5-byte nop lets Linux 6.18 replace
 * the uprobe's trap with a call (measured here: 215 ns instead of 440 ns per hit).
 */
__asm__(".macro rpmsg_nop5\n"
	".byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n"
	".endm\n");
#undef _SDT_NOP
#define _SDT_NOP rpmsg_nop5
#endif

#define RPMSG_USDT_SEMAPHORE_(event) rpmsg_##event##_semaphore
#define RPMSG_USDT_DECLARE_SEMAPHORE_(event)                                                       \
	extern volatile unsigned short RPMSG_USDT_SEMAPHORE_(event)                                \
		__attribute__((visibility("hidden")))
RPMSG_USDT_DECLARE_SEMAPHORE_(vring_add);
RPMSG_USDT_DECLARE_SEMAPHORE_(vring_get);
RPMSG_USDT_DECLARE_SEMAPHORE_(mbox_kick);
RPMSG_USDT_DECLARE_SEMAPHORE_(mbox_rx);
RPMSG_USDT_DECLARE_SEMAPHORE_(msg_send);
RPMSG_USDT_DECLARE_SEMAPHORE_(msg_recv);
RPMSG_USDT_DECLARE_SEMAPHORE_(ns_announce);
RPMSG_USDT_DECLARE_SEMAPHORE_(ept_create);
RPMSG_USDT_DECLARE_SEMAPHORE_(ept_destroy);
RPMSG_USDT_DECLARE_SEMAPHORE_(tx_wait);
RPMSG_USDT_DECLARE_SEMAPHORE_(drop);

#define rpmsg_usdt_enabled_(event) (RPMSG_USDT_SEMAPHORE_(event) != 0)

/* One helper per event: fixes each argument's type (and so its size in the USDT note). */
#define rpmsg_usdt_vring_add(bus, role, vq, head, len, idx, num_free)                              \
	DTRACE_PROBE7(rpmsg, vring_add, (const char *)(bus), (uint8_t)(role), (uint32_t)(vq),      \
		      (uint32_t)(head), (uint32_t)(len), (uint32_t)(idx), (uint32_t)(num_free))
#define rpmsg_usdt_vring_get(bus, role, vq, head, len, idx, num_free)                              \
	DTRACE_PROBE7(rpmsg, vring_get, (const char *)(bus), (uint8_t)(role), (uint32_t)(vq),      \
		      (uint32_t)(head), (uint32_t)(len), (uint32_t)(idx), (uint32_t)(num_free))
#define rpmsg_usdt_mbox_kick(bus, role, channel)                                                   \
	DTRACE_PROBE3(rpmsg, mbox_kick, (const char *)(bus), (uint8_t)(role), (uint32_t)(channel))
#define rpmsg_usdt_mbox_rx(bus, role, channel)                                                     \
	DTRACE_PROBE3(rpmsg, mbox_rx, (const char *)(bus), (uint8_t)(role), (uint32_t)(channel))
#define rpmsg_usdt_msg_(event, bus, role, src, dst, len, flags, payload)                           \
	do {                                                                                       \
		const void *rpmsg_trace_payload_ = (payload);                                      \
		uint32_t rpmsg_trace_len_ = (uint32_t)(len);                                       \
		DTRACE_PROBE8(rpmsg, event, (const char *)(bus), (uint8_t)(role), (uint32_t)(src), \
			      (uint32_t)(dst), rpmsg_trace_len_, (uint32_t)(flags),                \
			      rpmsg_trace_payload_,                                                \
			      rpmsg_trace_captured_(rpmsg_trace_payload_, rpmsg_trace_len_));      \
	} while (0)
#define rpmsg_usdt_msg_send(...) rpmsg_usdt_msg_(msg_send, __VA_ARGS__)
#define rpmsg_usdt_msg_recv(...) rpmsg_usdt_msg_(msg_recv, __VA_ARGS__)
#define rpmsg_usdt_ns_announce(bus, role, name, addr, flags, direction)                            \
	DTRACE_PROBE6(rpmsg, ns_announce, (const char *)(bus), (uint8_t)(role),                    \
		      (const char *)(name), (uint32_t)(addr), (uint32_t)(flags),                   \
		      (uint8_t)(direction))
#define rpmsg_usdt_ept_create(bus, role, name, addr)                                               \
	DTRACE_PROBE4(rpmsg, ept_create, (const char *)(bus), (uint8_t)(role),                     \
		      (const char *)(name), (uint32_t)(addr))
#define rpmsg_usdt_ept_destroy(bus, role, name, addr)                                              \
	DTRACE_PROBE4(rpmsg, ept_destroy, (const char *)(bus), (uint8_t)(role),                    \
		      (const char *)(name), (uint32_t)(addr))
#define rpmsg_usdt_tx_wait(bus, role, src, dst, waited_ns, outcome)                                \
	DTRACE_PROBE6(rpmsg, tx_wait, (const char *)(bus), (uint8_t)(role), (uint32_t)(src),       \
		      (uint32_t)(dst), (uint64_t)(waited_ns), (int32_t)(outcome))
#define rpmsg_usdt_drop(bus, role, src, dst, len, reason)                                          \
	DTRACE_PROBE6(rpmsg, drop, (const char *)(bus), (uint8_t)(role), (uint32_t)(src),          \
		      (uint32_t)(dst), (uint32_t)(len), (uint32_t)(reason))

#define rpmsg_usdt_probe_(event, ...)                                                              \
	do {                                                                                       \
		if (__builtin_expect(rpmsg_usdt_enabled_(event), 0))                               \
			rpmsg_usdt_##event(__VA_ARGS__);                                           \
	} while (0)
#else
#define rpmsg_usdt_enabled_(event)    0
#define rpmsg_usdt_probe_(event, ...) rpmsg_trace_discard_(__VA_ARGS__)
#endif /* RPMSG_PROBES_USDT */

/* ---- LTTng-UST ---------------------------------------------------------------------------- */
#ifdef RPMSG_PROBES_LTTNG
#define LTTNG_UST_TRACEPOINT_PROBE_DYNAMIC_LINKAGE
#include "rpmsg_tp.h"

#define rpmsg_lttng_enabled_(event) lttng_ust_tracepoint_enabled(rpmsg, event)
/*
 * lttng_ust_tracepoint() is not used: when lttng-ust is built with SDT integration it adds a
 * USDT probe of its own (no semaphore, same name) next to ours.
 */
#define rpmsg_lttng_probe_(event, ...)                                                             \
	do {                                                                                       \
		if (rpmsg_lttng_enabled_(event))                                                   \
			lttng_ust_do_tracepoint(rpmsg, event, __VA_ARGS__);                        \
	} while (0)
#else
#define rpmsg_lttng_enabled_(event)    0
#define rpmsg_lttng_probe_(event, ...) rpmsg_trace_discard_(__VA_ARGS__)
#endif /* RPMSG_PROBES_LTTNG */

#define rpmsg_trace(event, ...)                                                                    \
	do {                                                                                       \
		rpmsg_usdt_probe_(event, __VA_ARGS__);                                             \
		rpmsg_lttng_probe_(event, __VA_ARGS__);                                            \
	} while (0)

/* rpmsg_trace_enabled(EVENT): true when someone listens; guards costly argument set-up. */
#define rpmsg_trace_enabled(event) (rpmsg_usdt_enabled_(event) || rpmsg_lttng_enabled_(event))

#endif /* RPMSG_BUS_PROBES_H */
