/* SPDX-License-Identifier: MIT */
/*
 * The collector's formatter hook backed by the decoders registry: last messages in the detail
 * pane read "seq=12 accel_mg=[1,-2,3]" rather than hex. The registry is owned by the caller and
 * must outlive the collector's use of the hook. The rpmsg_decoded scratch is allocated once.
 */
#ifndef RPMSG_TOP_DECODE_HOOK_H
#define RPMSG_TOP_DECODE_HOOK_H

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/decoders.h>

struct decode_hook;

/* Return: the hook's state (register it with decode_hook_install()), or NULL (out of memory). */
struct decode_hook *decode_hook_create(const struct rpmsg_decoder_registry *registry);
void decode_hook_install(struct decode_hook *hook, struct rpmsg_collector *c);
void decode_hook_destroy(struct decode_hook *hook);

#endif /* RPMSG_TOP_DECODE_HOOK_H */
