// SPDX-License-Identifier: MIT
/*
 * Probe sites for the probe-cost benchmark, built twice: with Debian's default 1-byte nop
 * (BENCH_NOP5 undefined) and with the 5-byte nop librpmsgbus uses on x86-64 (bus/probes/probes.h).
 * Same provider, names, argument types and semaphores as the bus, so the bus BPF program attaches
 * to them unchanged.
 */
#include <stdint.h>
#include <stddef.h>

#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#if defined(BENCH_NOP5) && defined(__x86_64__)
__asm__(".macro bench_nop5\n.byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n.endm\n");
#undef _SDT_NOP
#define _SDT_NOP bench_nop5
#endif

volatile unsigned short rpmsg_vring_add_semaphore __attribute__((section(".probes"), used));
volatile unsigned short rpmsg_msg_send_semaphore __attribute__((section(".probes"), used));

/* @n vring_add probe hits (the cheapest event: integers only). */
void bench_fire_vring_add(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		if (__builtin_expect(rpmsg_vring_add_semaphore, 0))
			DTRACE_PROBE7(rpmsg, vring_add, (const char *)"bench", (uint8_t)0,
				      (uint32_t)1, (uint32_t)(i & 255), (uint32_t)64, (uint32_t)i,
				      (uint32_t)128);
		__asm__ __volatile__("" ::: "memory");
	}
}

/* @n msg_send probe hits with a @len-byte payload. */
void bench_fire_msg_send(unsigned long n, const void *payload, uint32_t len)
{
	for (unsigned long i = 0; i < n; i++) {
		if (__builtin_expect(rpmsg_msg_send_semaphore, 0))
			DTRACE_PROBE8(rpmsg, msg_send, (const char *)"bench", (uint8_t)0,
				      (uint32_t)1024, (uint32_t)(1024 + (i & 3)), len, (uint32_t)0,
				      payload, len < 64 ? len : 64u);
		__asm__ __volatile__("" ::: "memory");
	}
}
