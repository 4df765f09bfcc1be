// SPDX-License-Identifier: MIT
/* Decoders registry as the collector's formatter (see decode_hook.h). */
#include <stdlib.h>

#include "decode_hook.h"

struct decode_hook {
	const struct rpmsg_decoder_registry *registry;
	struct rpmsg_decoded decoded; /* large: reused for every message */
};

static int format(const char *channel, const struct rpmsg_collector_message *msg, char *out,
		  size_t out_size, void *priv)
{
	struct decode_hook *hook = priv;

	if (!msg->captured && msg->len)
		return -1; /* nothing captured: the collector's fallback says so */
	/* address 53 carries name-service messages whatever the row is called */
	if (msg->dst == RPMSG_NS_ADDR)
		channel = RPMSG_DECODE_NS_CHANNEL;
	rpmsg_decode(hook->registry, channel && channel[0] ? channel : NULL, msg->payload,
		     msg->captured, msg->len, &hook->decoded);
	rpmsg_decoded_format_text(&hook->decoded, out, out_size);
	return 0;
}

struct decode_hook *decode_hook_create(const struct rpmsg_decoder_registry *registry)
{
	struct decode_hook *hook = calloc(1, sizeof(*hook));

	if (hook)
		hook->registry = registry;
	return hook;
}

void decode_hook_install(struct decode_hook *hook, struct rpmsg_collector *c)
{
	rpmsg_collector_set_formatter(c, format, hook);
}

void decode_hook_destroy(struct decode_hook *hook)
{
	free(hook);
}
