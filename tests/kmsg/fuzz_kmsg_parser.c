// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the kernel-log decoder: any bytes, split into lines, must decode without
 * crashing, reading out of bounds or producing an inconsistent event. Built with
 * -DRPMSG_FUZZ=ON (clang, -fsanitize=fuzzer); fuzz_kmsg_runner.c runs the same entry point over
 * the seed corpus in the plain build.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/kmsg.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_event(const struct rpmsg_event *ev, const struct rpmsg_kmsg_event_info *info,
		       void *ctx)
{
	(void)info;
	(void)ctx;
	if (ev->type == 0 || ev->type >= RPMSG_EV_TYPE_COUNT)
		abort();
	if (ev->role != RPMSG_EVENT_ROLE_KERNEL)
		abort();
	if (strnlen(ev->bus, sizeof(ev->bus)) == sizeof(ev->bus))
		abort(); /* not NUL-terminated */
	if (ev->type == RPMSG_EV_MSG_SEND || ev->type == RPMSG_EV_MSG_RECV) {
		if (ev->msg.captured > RPMSG_EVENT_PAYLOAD_MAX || ev->msg.captured > ev->msg.len)
			abort();
	}
	if (ev->type == RPMSG_EV_NS_ANNOUNCE &&
	    (strnlen(ev->ns.name, sizeof(ev->ns.name)) == sizeof(ev->ns.name) || ev->ns.flags > 1))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmsg_kmsg_parser *parser;
	struct rpmsg_kmsg_stats stats;
	const char *line = (const char *)data, *end = line + size;

	if (rpmsg_kmsg_parser_new(check_event, NULL, &parser))
		return 0;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);

		rpmsg_kmsg_parser_feed_line(parser, line, len);
		line += len;
	}
	rpmsg_kmsg_parser_flush(parser);
	rpmsg_kmsg_parser_get_stats(parser, &stats);
	if (stats.lines !=
	    stats.rpmsg_lines + stats.skipped_lines + stats.malformed_lines + stats.orphaned_lines)
		abort(); /* every line is counted exactly once */
	rpmsg_kmsg_parser_free(parser);
	return 0;
}
