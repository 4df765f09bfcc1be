// SPDX-License-Identifier: MIT
/*
 * bench-probe-site: what one rpmsg_trace() call site costs while nobody listens, measured in a
 * loop against the same loop without the probe (ns per site). Linked with its own copy of the
 * probes (rpmsg-probes), exactly as librpmsgbus is. With an LTTng session enabling rpmsg:* and
 * librpmsg-tp.so preloaded, it measures the cost of recording one msg_send event instead.
 * Prints: "probe-site iterations N ns_per_site X"
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/numbers.h>

#include "probes.h"

int main(int argc, char **argv)
{
	uint64_t iterations = 20000000;
	unsigned char payload[64] = {0};
	double base = 1e300, probed = 1e300;

	if (argc > 1 && argv[1][0] == '-') {
		printf("Usage: bench-probe-site [ITERATIONS]\nns per msg_send probe site.\n\n"
		       "Examples:\n  bench-probe-site 20000000\n");
		return 0;
	}
	if (argc > 1 && rpmsg_parse_count(argv[1], UINT64_MAX, &iterations)) {
		fprintf(stderr, "bench-probe-site: '%s' is not a number of iterations\n", argv[1]);
		return 2;
	}
	/* Best of 21 short runs: the cheapest is the one least disturbed by the rest of the
	 * machine. */
	for (int run = 0; run < 21; run++) {
		double t0 = (double)rpmsg_now_ns();

		for (uint64_t i = 0; i < iterations; i++)
			__asm__ volatile("" : : "r"(i) : "memory");
		double t1 = (double)rpmsg_now_ns();

		for (uint64_t i = 0; i < iterations; i++) {
			__asm__ volatile("" : : "r"(i) : "memory");
			rpmsg_trace(msg_send, "bench", RPMSG_EVENT_ROLE_HOST, 1024, 1025,
				    (uint32_t)sizeof(payload), 0, payload);
		}
		double t2 = (double)rpmsg_now_ns();

		if (t1 - t0 < base)
			base = t1 - t0;
		if (t2 - t1 < probed)
			probed = t2 - t1;
	}
	printf("probe-site iterations %" PRIu64 " ns_per_site %.3f\n", iterations,
	       (probed - base) / (double)iterations);
	return 0;
}
