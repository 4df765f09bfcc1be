/* SPDX-License-Identifier: MIT */
/*
 * Synthetic event streams for the tests of the collector and of what reads it (the rpmsg-top
 * table): one builder per event type, filling a struct rpmsg_event the way a source would;
 * ADD() feeds one that must be accepted, row() reads a row that must exist. CHECK*() come from
 * rpmsg-test/check.h (fatal). Needs the rpmsg-collector library.
 */
#ifndef RPMSG_TEST_EVENTS_H
#define RPMSG_TEST_EVENTS_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-test/check.h>

#define HOST   RPMSG_EVENT_ROLE_HOST
#define REMOTE RPMSG_EVENT_ROLE_REMOTE
#define KERNEL RPMSG_EVENT_ROLE_KERNEL
#define SEC    1000000000ull

static inline struct rpmsg_event ev_base(uint32_t type, const char *bus, uint32_t role, uint64_t ts)
{
	struct rpmsg_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.role = role;
	ev.ts_ns = ts;
	snprintf(ev.bus, sizeof(ev.bus), "%s", bus);
	return ev;
}

static inline struct rpmsg_event ev_msg(uint32_t type, const char *bus, uint32_t role, uint64_t ts,
					uint32_t src, uint32_t dst, const void *data, uint32_t len)
{
	struct rpmsg_event ev = ev_base(type, bus, role, ts);

	ev.msg.src = src;
	ev.msg.dst = dst;
	ev.msg.len = len;
	ev.msg.captured = len < 64 ? len : 64; /* the sources' default capture size */
	if (data)
		memcpy(ev.payload, data, ev.msg.captured);
	else
		memset(ev.payload, 'x', ev.msg.captured);
	return ev;
}

#define ev_send(bus, role, ts, src, dst, data, len)                                                \
	ev_msg(RPMSG_EV_MSG_SEND, bus, role, ts, src, dst, data, len)
#define ev_recv(bus, role, ts, src, dst, data, len)                                                \
	ev_msg(RPMSG_EV_MSG_RECV, bus, role, ts, src, dst, data, len)

static inline struct rpmsg_event ev_ns(const char *bus, uint32_t role, uint64_t ts,
				       const char *name, uint32_t addr, uint32_t flags,
				       uint32_t direction)
{
	struct rpmsg_event ev = ev_base(RPMSG_EV_NS_ANNOUNCE, bus, role, ts);

	snprintf(ev.ns.name, sizeof(ev.ns.name), "%s", name);
	ev.ns.addr = addr;
	ev.ns.flags = flags;
	ev.ns.direction = direction;
	return ev;
}

static inline struct rpmsg_event ev_ept(uint32_t type, const char *bus, uint32_t role, uint64_t ts,
					const char *name, uint32_t addr)
{
	struct rpmsg_event ev = ev_base(type, bus, role, ts);

	snprintf(ev.ept.name, sizeof(ev.ept.name), "%s", name);
	ev.ept.addr = addr;
	return ev;
}

static inline struct rpmsg_event ev_vring(uint32_t type, const char *bus, uint32_t role,
					  uint64_t ts, uint32_t vq, uint32_t idx, uint32_t num_free)
{
	struct rpmsg_event ev = ev_base(type, bus, role, ts);

	ev.vring.vq = vq;
	ev.vring.head = idx % 256;
	ev.vring.len = 512;
	ev.vring.idx = idx;
	ev.vring.num_free = num_free;
	return ev;
}

static inline struct rpmsg_event ev_mbox(uint32_t type, const char *bus, uint32_t role, uint64_t ts,
					 uint32_t channel)
{
	struct rpmsg_event ev = ev_base(type, bus, role, ts);

	ev.mbox.channel = channel;
	return ev;
}

static inline struct rpmsg_event ev_drop(const char *bus, uint32_t role, uint64_t ts, uint32_t src,
					 uint32_t dst, uint32_t len, uint32_t reason)
{
	struct rpmsg_event ev = ev_base(RPMSG_EV_DROP, bus, role, ts);

	ev.drop = (struct rpmsg_event_drop){.src = src, .dst = dst, .len = len, .reason = reason};
	return ev;
}

static inline struct rpmsg_event ev_wait(const char *bus, uint32_t role, uint64_t ts, uint32_t src,
					 uint32_t dst, uint64_t waited_ns, int32_t outcome)
{
	struct rpmsg_event ev = ev_base(RPMSG_EV_TX_WAIT, bus, role, ts);

	ev.tx_wait = (struct rpmsg_event_tx_wait){
		.src = src, .dst = dst, .waited_ns = waited_ns, .outcome = outcome};
	return ev;
}

/* Feed one event that must be accepted. */
#define ADD(c, ev)                                                                                 \
	do {                                                                                       \
		struct rpmsg_event e_ = (ev);                                                      \
		int r_ = rpmsg_collector_add_event((c), &e_);                                      \
		CHECK(r_ == 0, "event refused (%d): %s", r_, rpmsg_collector_last_reject(c));      \
	} while (0)

static inline struct rpmsg_collector *new_collector(void)
{
	struct rpmsg_collector *c;

	CHECK(rpmsg_collector_create(NULL, &c) == 0);
	return c;
}

/* The row (bus, local, remote) must exist; its snapshot. */
static inline struct rpmsg_collector_endpoint_stats row(struct rpmsg_collector *c, const char *bus,
							uint32_t local, uint32_t remote)
{
	struct rpmsg_collector_endpoint_stats s;
	int64_t id = rpmsg_collector_find_endpoint(c, bus, local, remote);

	CHECK(id >= 0, "row %s %u->%u not found", bus, local, remote);
	CHECK(rpmsg_collector_endpoint(c, (uint32_t)id, &s) == 0);
	return s;
}

#endif /* RPMSG_TEST_EVENTS_H */
