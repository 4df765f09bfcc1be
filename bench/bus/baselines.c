// SPDX-License-Identifier: MIT
/*
 * The yardsticks: what two processes on this machine can do without librpmsgbus.
 * - a bare cache-line ping-pong (the physical round-trip limit),
 * - a bare single-producer/single-consumer ring of 64-byte slots (the physical streaming limit),
 * - socketpair(AF_UNIX, SOCK_SEQPACKET): what a user would pick instead.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define SLOT_SIZE  64
#define RING_SLOTS 1024

static void *shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		abort();
	memset(p, 0, size);
	return p;
}

static inline void relax(void)
{
#if defined(__x86_64__)
	__builtin_ia32_pause();
#endif
}

struct pingpong {
	uint64_t value __attribute__((aligned(64)));
};

struct latency baseline_cacheline_pingpong(unsigned int iterations)
{
	struct pingpong *pp = shared_alloc(sizeof(*pp));
	uint64_t *samples = calloc(iterations, sizeof(*samples));
	struct latency l;
	pid_t child = fork();

	if (child == 0) {
		/* Answer every odd value with the next even one. */
		for (uint64_t v = 1; v < 2ull * iterations; v += 2) {
			while (__atomic_load_n(&pp->value, __ATOMIC_ACQUIRE) != v)
				relax();
			__atomic_store_n(&pp->value, v + 1, __ATOMIC_RELEASE);
		}
		_exit(0);
	}
	for (unsigned int i = 0; i < iterations; i++) {
		uint64_t t0 = bench_now_ns(), v = 2ull * i;

		__atomic_store_n(&pp->value, v + 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&pp->value, __ATOMIC_ACQUIRE) != v + 2)
			relax();
		samples[i] = bench_now_ns() - t0;
	}
	waitpid(child, NULL, 0);
	l = latency_from_samples(samples, iterations);
	free(samples);
	munmap(pp, sizeof(*pp));
	return l;
}

struct spsc_ring {
	uint64_t head __attribute__((aligned(64))); /* written by the producer */
	uint64_t tail __attribute__((aligned(64))); /* written by the consumer */
	uint8_t slots[RING_SLOTS][SLOT_SIZE] __attribute__((aligned(64)));
};

/*
 * A fast SPSC ring: each side publishes its index every RING_BATCH slots (and when it runs out
 * of work) and reads the other side's index only when its cached copy says the ring is full
 * (producer) or empty (consumer), so the index lines bounce once per batch, not per message.
 * Each message is a 64-byte copy in and a sequence check out.
 */
#define RING_BATCH 32
struct throughput baseline_spsc_ring(unsigned int messages)
{
	struct spsc_ring *ring = shared_alloc(sizeof(*ring));
	uint8_t message[SLOT_SIZE];
	struct throughput t;
	uint64_t start, end, cached_tail = 0;
	pid_t child;

	memset(message, 0x5a, sizeof(message));
	child = fork();
	if (child == 0) {
		uint64_t tail = 0, cached_head = 0, bad = 0;
		uint8_t copy[SLOT_SIZE];

		while (tail < messages) {
			uint64_t seq;

			while (tail == cached_head) {
				__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
				cached_head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
				if (tail == cached_head)
					relax();
			}
			memcpy(copy, ring->slots[tail % RING_SLOTS], SLOT_SIZE);
			memcpy(&seq, copy, sizeof(seq));
			bad += seq != tail;
			tail++;
			if (tail % RING_BATCH == 0)
				__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
		}
		__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
		_exit(bad ? 1 : 0);
	}
	start = bench_now_ns();
	for (uint64_t head = 0; head < messages; head++) {
		while (head - cached_tail >= RING_SLOTS) {
			__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
			cached_tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
			if (head - cached_tail >= RING_SLOTS)
				relax();
		}
		memcpy(message, &head, sizeof(head));
		memcpy(ring->slots[head % RING_SLOTS], message, SLOT_SIZE);
		if ((head + 1) % RING_BATCH == 0)
			__atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&ring->head, messages, __ATOMIC_RELEASE);
	while (__atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE) < messages)
		relax();
	end = bench_now_ns();
	waitpid(child, NULL, 0);
	munmap(ring, sizeof(*ring));
	t.msgs_per_s = messages / ((end - start) / 1e9);
	t.mb_per_s = t.msgs_per_s * SLOT_SIZE / 1e6;
	return t;
}

/*
 * A connected SOCK_SEQPACKET pair and a forked peer. Return: 0 in the child, which keeps sv[1];
 * the child's pid in the parent, which keeps sv[0].
 */
static pid_t fork_socketpair(int sv[2])
{
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		abort();
	child = fork();
	if (child < 0)
		abort();
	close(sv[child == 0 ? 0 : 1]);
	return child;
}

struct throughput baseline_socketpair_stream(size_t payload, unsigned int messages)
{
	char *buf = calloc(1, payload);
	struct throughput t;
	uint64_t start, end;
	int sv[2];
	pid_t child;

	child = fork_socketpair(sv);
	if (child == 0) {
		for (unsigned int i = 0; i < messages; i++)
			if (recv(sv[1], buf, payload, 0) <= 0)
				_exit(1);
		/* One byte back: everything arrived. */
		if (send(sv[1], buf, 1, 0) != 1)
			_exit(1);
		_exit(0);
	}
	start = bench_now_ns();
	for (unsigned int i = 0; i < messages; i++)
		if (send(sv[0], buf, payload, 0) < 0)
			break;
	if (recv(sv[0], buf, 1, 0) != 1)
		abort();
	end = bench_now_ns();
	waitpid(child, NULL, 0);
	close(sv[0]);
	free(buf);
	t.msgs_per_s = messages / ((end - start) / 1e9);
	t.mb_per_s = t.msgs_per_s * payload / 1e6;
	return t;
}

struct latency baseline_socketpair_rtt(size_t payload, unsigned int iterations)
{
	uint64_t *samples = calloc(iterations, sizeof(*samples));
	char *buf = calloc(1, payload);
	struct latency l;
	int sv[2];
	pid_t child;

	child = fork_socketpair(sv);
	if (child == 0) {
		for (unsigned int i = 0; i < iterations; i++) {
			ssize_t n = recv(sv[1], buf, payload, 0);

			if (n <= 0 || send(sv[1], buf, (size_t)n, 0) != n)
				_exit(1);
		}
		_exit(0);
	}
	for (unsigned int i = 0; i < iterations; i++) {
		uint64_t t0 = bench_now_ns();

		if (send(sv[0], buf, payload, 0) < 0 || recv(sv[0], buf, payload, 0) <= 0)
			abort();
		samples[i] = bench_now_ns() - t0;
	}
	waitpid(child, NULL, 0);
	close(sv[0]);
	l = latency_from_samples(samples, iterations);
	free(samples);
	free(buf);
	return l;
}
