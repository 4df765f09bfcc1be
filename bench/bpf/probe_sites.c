// SPDX-License-Identifier: MIT
/*
 * Probe sites for the probe-cost benchmark, built twice: with Debian's 1-byte nop, which
 * librpmsgbus uses, and with the 5-byte nop Linux 6.18 can optimise (RPMSG_PROBES_NOP5; why the
 * bus does not use it: bus/probes/probes.h). The sites are the bus's
 * own rpmsg_trace() (bus/probes/probes.h) with the bus's semaphores (usdt_semaphores.c is built
 * in), so provider, names, argument types and semaphores cannot drift from the bus, and the bus
 * BPF program attaches to them unchanged.
 */
#include <stddef.h>
#include <stdint.h>

#include "probes.h"

/*
 * The vring_add probe's semaphore (hidden in the library, as in librpmsgbus): non-zero once a
 * tracer is attached, so the bench knows when its floor's bpftrace is ready.
 */
const volatile unsigned short *bench_vring_add_semaphore(void)
{
	return &RPMSG_USDT_SEMAPHORE_(vring_add);
}

/* @n vring_add probe hits (the cheapest event: integers only). */
void bench_fire_vring_add(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		rpmsg_trace(vring_add, "bench", RPMSG_EVENT_ROLE_HOST, 1, (uint32_t)(i & 255), 64,
			    (uint32_t)i, 128);
		__asm__ __volatile__("" ::: "memory");
	}
}

/* @n msg_send probe hits with a @len-byte payload. */
void bench_fire_msg_send(unsigned long n, const void *payload, uint32_t len)
{
	for (unsigned long i = 0; i < n; i++) {
		rpmsg_trace(msg_send, "bench", RPMSG_EVENT_ROLE_HOST, 1024,
			    (uint32_t)(1024 + (i & 3)), len, 0, payload);
		__asm__ __volatile__("" ::: "memory");
	}
}
