/* SPDX-License-Identifier: MIT */
/*
 * Endpoint names learned from a trace: ns_announce and ept_create events name an address on one
 * side of a bus (host or remote: both sides hand out addresses from 1024, so the side is part of
 * the key). The side rules are the collector's (tracer/collector/include/rpmsg-scope/collector.h):
 * an announcement names an address of the side that sent it; ept_create names an address of the
 * side that emitted the event; a message's src belongs to its sender's side.
 *
 * Ownership: names are copied in; pointers returned stay valid until the next
 * rpmsg_bt2_names_learn() or rpmsg_bt2_names_destroy(). Not thread-safe.
 */
#ifndef RPMSG_BT2_ENDPOINT_NAMES_H
#define RPMSG_BT2_ENDPOINT_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/event.h>

enum endpoint_side { SIDE_HOST = 0, SIDE_REMOTE = 1 };

struct endpoint_names;

struct endpoint_names *rpmsg_bt2_names_create(void);
void rpmsg_bt2_names_destroy(struct endpoint_names *names);

/* rpmsg_bt2_names_learn() - learn from @ev if it is an ns_announce or ept_create. Return: 0,
 * -ENOMEM. */
int rpmsg_bt2_names_learn(struct endpoint_names *names, const struct rpmsg_event *ev);

/* rpmsg_bt2_names_lookup() - the name of @addr on @side of @bus, NULL when unknown. */
const char *rpmsg_bt2_names_lookup(const struct endpoint_names *names, const char *bus,
				   enum endpoint_side side, uint32_t addr);

/*
 * rpmsg_bt2_names_list() - every distinct name learned, "a, b, c" in order of appearance, into
 * @buf (always NUL-terminated, cut at @size). Return: the length written.
 */
size_t rpmsg_bt2_names_list(const struct endpoint_names *names, char *buf, size_t size);

/* rpmsg_bt2_message_sides() - which side the src and dst of a msg_send/msg_recv/drop/tx_wait belong
 * to. */
void rpmsg_bt2_message_sides(const struct rpmsg_event *ev, enum endpoint_side *src,
			     enum endpoint_side *dst);

#endif /* RPMSG_BT2_ENDPOINT_NAMES_H */
