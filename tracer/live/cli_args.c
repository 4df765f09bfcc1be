// SPDX-License-Identifier: MIT
/* Option parsing and clock helpers of the BPF commands. See cli_args.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "cli_args.h"

int cli_parse_u32(const char *arg, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || v > 0xffffffffu)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int cli_parse_seconds(const char *arg, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	/* !(v > 0) also refuses nan; inf would never end a loop. */
	if (errno || end == arg || *end || !(v > 0) || !isfinite(v))
		return -EINVAL;
	*out = v;
	return 0;
}

double cli_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
