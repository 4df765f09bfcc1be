// SPDX-License-Identifier: MIT
/* Clock and percentile helpers for bench-bus. */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct latency latency_from_samples(uint64_t *samples, size_t n)
{
	struct latency l = {0, 0};

	if (!n)
		return l;
	qsort(samples, n, sizeof(*samples), cmp_u64);
	l.p50_us = samples[n / 2] / 1000.0;
	l.p99_us = samples[(n * 99) / 100] / 1000.0;
	return l;
}
