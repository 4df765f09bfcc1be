// SPDX-License-Identifier: MIT
/*
 * Text for kept messages (the decoder hook, or a hex + ASCII dump) and labels shared by the
 * print helpers and the views.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/event-fields.h>

#include "internal.h"

/* The dump shows at most this many bytes; views have one line per message. */
#define DUMP_BYTES_MAX 32

const char *rpmsg_collector_size_bucket_label(unsigned int bucket)
{
	static const char *const labels[RPMSG_COLLECTOR_SIZE_BUCKETS] = {
		"<=1",	"<=2",	 "<=4",	  "<=8",   "<=16", "<=32",
		"<=64", "<=128", "<=256", "<=512", ">512",
	};

	return bucket < RPMSG_COLLECTOR_SIZE_BUCKETS ? labels[bucket] : NULL;
}

/* The event model names drop reasons once; this name stays for the collector's users. */
const char *rpmsg_collector_drop_reason_name(unsigned int reason)
{
	return rpmsg_drop_reason_name(reason);
}

/* "68 65 6c 6c 6f |hello|", with "..." when more was captured or sent than shown. */
static void hex_dump(const struct rpmsg_collector_message *msg, char *out, size_t size)
{
	uint32_t shown = msg->captured < DUMP_BYTES_MAX ? msg->captured : DUMP_BYTES_MAX;
	size_t pos = 0;
	uint32_t i;

#define PUT(...)                                                                                   \
	do {                                                                                       \
		int n_ = snprintf(out + pos, size - pos, __VA_ARGS__);                             \
		if (n_ < 0 || (size_t)n_ >= size - pos)                                            \
			return;                                                                    \
		pos += (size_t)n_;                                                                 \
	} while (0)

	out[0] = '\0';
	if (!msg->captured) {
		PUT(msg->len ? "(%u bytes, none captured)" : "(empty)", msg->len);
		return;
	}
	for (i = 0; i < shown; i++)
		PUT("%s%02x", i ? " " : "", msg->payload[i]);
	PUT(" |");
	for (i = 0; i < shown; i++) {
		uint8_t ch = msg->payload[i];

		PUT("%c", ch >= 0x20 && ch < 0x7f ? ch : '.');
	}
	PUT("|");
	if (shown < msg->len)
		PUT(" ... (%u of %u bytes)", shown, msg->len);
#undef PUT
}

int rpmsg_collector_format_message(const struct rpmsg_collector *c, uint32_t id,
				   const struct rpmsg_collector_message *msg, char *out,
				   size_t out_size)
{
	struct rpmsg_collector_endpoint_stats row;
	int err;

	if (!out_size)
		return -EINVAL;
	err = rpmsg_collector_endpoint(c, id, &row);
	if (err)
		return err;
	if (c->format) {
		out[0] = '\0';
		if (c->format(row.name, msg, out, out_size, c->format_priv) >= 0) {
			out[out_size - 1] = '\0';
			return 0;
		}
	}
	hex_dump(msg, out, out_size);
	return 0;
}
