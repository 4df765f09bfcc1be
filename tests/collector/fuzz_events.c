// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the input is a sequence of raw struct rpmsg_event records (what a source
 * would hand over from a ring buffer or a trace), each preceded by one control byte: bit 0 ticks
 * the collector after the event, bit 1 prints the table and JSON. Nothing in the input may crash
 * the collector or make it read out of bounds.
 */
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/collector.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_collector_print_opts opts;
	struct rpmsg_collector *c;
	struct rpmsg_event ev;
	uint64_t now = 1;
	FILE *null;

	if (rpmsg_collector_create(NULL, &c))
		return 0;
	null = fopen("/dev/null", "w");
	rpmsg_collector_print_opts_init(&opts);
	opts.flags |= RPMSG_COLLECTOR_PRINT_MESSAGES;
	while (size > 0) {
		uint8_t control = data[0];
		size_t n = size - 1 < sizeof(ev) ? size - 1 : sizeof(ev);

		memset(&ev, 0, sizeof(ev));
		memcpy(&ev, data + 1, n);
		rpmsg_collector_add_event(c, &ev);
		if (control & 1) {
			now += 1000000000ull;
			rpmsg_collector_tick(c, now > ev.ts_ns ? now : ev.ts_ns + 1);
		}
		if ((control & 2) && null) {
			rpmsg_collector_print_table(c, null, &opts);
			rpmsg_collector_print_json(c, null, &opts);
		}
		data += 1 + n;
		size -= 1 + n;
	}
	if (null)
		fclose(null);
	rpmsg_collector_destroy(c);
	return 0;
}
