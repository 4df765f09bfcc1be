/* SPDX-License-Identifier: MIT */
/*
 * The bus's one probe macro. Every place DESIGN.md's event table names calls
 *
 *	rpmsg_trace(EVENT, bus_name, role, args...);
 *
 * with EVENT one of the events of <rpmsg-scope/event-list.h> and, after bus_name (a
 * NUL-terminated const char *) and role (RPMSG_EVENT_ROLE_*), one argument per FIELD of that
 * event, in declaration order (docs/events.md lists them): a NAME is a NUL-terminated
 * const char *, a PAYLOAD a const void * to len bytes, integers their trace type. This header
 * decides what a call site emits; call sites never change when it does. Both the USDT helpers
 * and the LTTng-UST provider (rpmsg_tp.h) are generated from that declaration, so a field added
 * there reaches both once the call site passes it.
 *
 * rpmsg_trace_enabled(EVENT) is true while someone listens to EVENT (a USDT consumer such as a
 * BPF program or bpftrace, or an LTTng session with the provider loaded); a call site may use it
 * to skip costly argument set-up. rpmsg_trace() itself evaluates its arguments only when
 * someone listens, so plain field reads need no guard.
 *
 * What a call site emits (decided by the build, see bus/probes/CMakeLists.txt):
 * - RPMSG_PROBES_USDT: a USDT probe rpmsg:EVENT (sys/sdt.h) with a semaphore. The arguments are
 *   those above, in that order, with the types of docs/events.md (role and direction as u8), except
 *   a PAYLOAD (msg_send / msg_recv), passed as a pointer followed by the captured length
 *   (min(len, RPMSG_TRACE_PAYLOAD_MAX)): 8 arguments. The probe site is sys/sdt.h's 1-byte nop
 *   (see RPMSG_PROBES_NOP5 below for why not the 5-byte nop Linux 6.18 can optimise).
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
#include <rpmsg-scope/event-list.h>

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
#define SDT_USE_VARIADIC    1 /* STAP_PROBEV: the argument count comes from event-list.h */
#include <sys/sdt.h>

#if defined(__x86_64__) && defined(RPMSG_PROBES_NOP5)
/*
 * Debian's sys/sdt.h puts a 1-byte nop at the probe site, and so do we. A 5-byte nop lets Linux
 * 6.18 replace the uprobe's trap with a call into a trampoline page of the process (215 ns
 * instead of 440 ns per hit here), but a child forked after a probe fired inherits the call and
 * not the page: it dies of SIGSEGV at the trampoline's address the first time it passes a probe
 * site while a tracer is attached (test bpf_fork_while_traced: 3 of 3 children). Only the
 * probe-cost benchmark (bench/bpf) defines RPMSG_PROBES_NOP5, to measure both kinds.
 */
__asm__(".macro rpmsg_nop5\n"
	".byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n"
	".endm\n");
#undef _SDT_NOP
#define _SDT_NOP rpmsg_nop5
#endif

#define RPMSG_USDT_SEMAPHORE_(event) rpmsg_##event##_semaphore
#define RPMSG_USDT_DECLARE_SEMAPHORE_(event, EVENT, record, doc)                                   \
	extern volatile unsigned short RPMSG_USDT_SEMAPHORE_(event)                                \
		__attribute__((visibility("hidden")));
RPMSG_EVENTS(RPMSG_USDT_DECLARE_SEMAPHORE_)

#define rpmsg_usdt_enabled_(event) (RPMSG_USDT_SEMAPHORE_(event) != 0)

/*
 * One always-inlined helper per event, generated from event-list.h: its parameter types fix each
 * argument's type (and so its size in the USDT note). A PAYLOAD field is passed as the pointer
 * followed by the captured length (so an event with a PAYLOAD has a len field before it).
 */
#define RPMSG_USDT_CTYPE_U8	 uint8_t
#define RPMSG_USDT_CTYPE_U32	 uint32_t
#define RPMSG_USDT_CTYPE_U64	 uint64_t
#define RPMSG_USDT_CTYPE_S32	 int32_t
#define RPMSG_USDT_CTYPE_NAME	 const char *
#define RPMSG_USDT_CTYPE_PAYLOAD const void *

#define RPMSG_USDT_ARG_U8(name)	     , name
#define RPMSG_USDT_ARG_U32(name)     , name
#define RPMSG_USDT_ARG_U64(name)     , name
#define RPMSG_USDT_ARG_S32(name)     , name
#define RPMSG_USDT_ARG_NAME(name)    , name
#define RPMSG_USDT_ARG_PAYLOAD(name) , name, rpmsg_trace_captured_(name, len)

#define RPMSG_USDT_PARAM_(TYPE, member, name) , RPMSG_USDT_CTYPE_##TYPE name
#define RPMSG_USDT_ARG_(TYPE, member, name)   RPMSG_USDT_ARG_##TYPE(name)
/* an indirection, so that the argument list is expanded before sys/sdt.h counts it */
#define RPMSG_USDT_PROBE_(event, ...) STAP_PROBEV(rpmsg, event, __VA_ARGS__)
#define RPMSG_USDT_HELPER_(event, EVENT, record, doc)                                              \
	static inline __attribute__((always_inline)) void rpmsg_usdt_##event(                      \
		const char *bus, uint8_t role RPMSG_FIELDS_##event(RPMSG_USDT_PARAM_))             \
	{                                                                                          \
		RPMSG_USDT_PROBE_(event, bus, role RPMSG_FIELDS_##event(RPMSG_USDT_ARG_));         \
	}
RPMSG_EVENTS(RPMSG_USDT_HELPER_)

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
