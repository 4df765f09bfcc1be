// SPDX-License-Identifier: MIT
/* The tools' monotonic clock. See rpmsg-scope/clock.h. */
#include <time.h>

#include "rpmsg-scope/clock.h"

uint64_t rpmsg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double rpmsg_now_s(void)
{
	return (double)rpmsg_now_ns() / 1e9;
}
