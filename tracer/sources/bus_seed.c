// SPDX-License-Identifier: MIT
/* Names from a running bus's directory, read once per bus (see bus_seed.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus_seed.h"

/* The directory is read under a sequence lock; a busy bus may need another try. */
#define SNAPSHOT_TRIES 5
/* More buses than anyone runs at once on one machine. */
#define MAX_BUSES 64

/* One snapshot of @name into @snap. Return: 0 or a negative errno (the bus is skipped). */
static int snapshot_bus(const char *name, struct rpmsg_monitor_snapshot *snap)
{
	struct rpmsg_monitor *mon;
	int err, tries = 0;

	err = rpmsg_monitor_open(name, &mon);
	if (err)
		return err;
	do {
		err = rpmsg_monitor_snapshot(mon, snap);
	} while (err == -EAGAIN && ++tries < SNAPSHOT_TRIES);
	rpmsg_monitor_close(mon);
	return err;
}

int rpmsg_bus_seed_each(const char *bus, rpmsg_bus_snapshot_fn fn, void *priv)
{
	char(*names)[RPMSG_BUS_NAME_MAX];
	struct rpmsg_monitor_snapshot *snap;
	int n, err = 0;

	/* the snapshot is large (two directories of channels): not on the stack */
	snap = calloc(1, sizeof(*snap));
	names = calloc(MAX_BUSES, sizeof(*names));
	if (!snap || !names) {
		free(snap);
		free(names);
		return -ENOMEM;
	}
	if (bus && bus[0]) {
		snprintf(names[0], sizeof(names[0]), "%s", bus);
		n = 1;
	} else {
		n = rpmsg_monitor_list(names, MAX_BUSES);
	}
	for (int i = 0; i < n && i < MAX_BUSES; i++) {
		err = snapshot_bus(names[i], snap);
		if (!err)
			fn(snap, priv);
	}
	free(names);
	free(snap);
	/* a bus named by the user must be there; one of a listing may have just gone */
	return bus && bus[0] ? err : 0;
}

static void seed_collector(const struct rpmsg_monitor_snapshot *snap, void *priv)
{
	rpmsg_collector_seed_from_snapshot(priv, snap);
}

int rpmsg_bus_seed_collector(struct rpmsg_collector *c, const char *bus)
{
	return rpmsg_bus_seed_each(bus, seed_collector, c);
}

struct seed_events {
	uint64_t ts_ns;
	rpmsg_bus_event_fn fn;
	void *priv;
};

static void emit_ept(const struct seed_events *se, struct rpmsg_event *ev, uint32_t role,
		     uint32_t addr, const char *name)
{
	ev->type = RPMSG_EV_EPT_CREATE;
	ev->role = role;
	memset(&ev->ept, 0, sizeof(ev->ept));
	memcpy(ev->ept.name, name, RPMSG_EVENT_NAME_LEN - 1);
	ev->ept.addr = addr;
	se->fn(ev, se->priv);
}

static void emit_ns(const struct seed_events *se, struct rpmsg_event *ev, uint32_t role,
		    uint32_t addr, uint8_t direction, const char *name)
{
	ev->type = RPMSG_EV_NS_ANNOUNCE;
	ev->role = role;
	memset(&ev->ns, 0, sizeof(ev->ns));
	memcpy(ev->ns.name, name, RPMSG_EVENT_NAME_LEN - 1);
	ev->ns.addr = addr;
	ev->ns.flags = RPMSG_EVENT_NS_CREATE;
	ev->ns.direction = direction;
	se->fn(ev, se->priv);
}

/**
 * seed_events() - one snapshot's channels as the events that named them
 * @snap: the bus's directory
 * @priv: struct seed_events
 *
 * Each directory entry was published by one side (@side) for its own endpoint (@local_addr):
 * an endpoint nobody announced was named by its creation; one this side announced by the
 * announcement it sent; a channel the other side announced by the announcement this side
 * received (which names the announcer's address) and by the endpoint this side created for it.
 */
static void seed_events(const struct rpmsg_monitor_snapshot *snap, void *priv)
{
	const struct seed_events *se = priv;
	struct rpmsg_event *ev = calloc(1, sizeof(*ev));
	uint32_t count = snap->channel_count;

	if (!ev)
		return;
	if (count > sizeof(snap->channels) / sizeof(snap->channels[0]))
		count = sizeof(snap->channels) / sizeof(snap->channels[0]);
	ev->ts_ns = se->ts_ns;
	snprintf(ev->bus, sizeof(ev->bus), "%s", snap->bus);
	for (uint32_t i = 0; i < count; i++) {
		const struct rpmsg_monitor_channel *ch = &snap->channels[i];
		uint32_t role = ch->side == RPMSG_ROLE_REMOTE ? RPMSG_EVENT_ROLE_REMOTE
							      : RPMSG_EVENT_ROLE_HOST;
		char name[RPMSG_EVENT_NAME_LEN] = {0};

		if (!ch->name[0])
			continue;
		/* the directory's name is NUL-padded, not always terminated */
		memcpy(name, ch->name, strnlen(ch->name, sizeof(name) - 1));
		if (ch->origin == RPMSG_ORIGIN_ANNOUNCED) {
			emit_ns(se, ev, role, ch->local_addr, RPMSG_EVENT_DIR_TX, name);
			continue;
		}
		emit_ept(se, ev, role, ch->local_addr, name);
		if (ch->origin == RPMSG_ORIGIN_PEER && ch->remote_addr != RPMSG_ADDR_ANY)
			emit_ns(se, ev, role, ch->remote_addr, RPMSG_EVENT_DIR_RX, name);
	}
	free(ev);
}

int rpmsg_bus_seed_events(const char *bus, uint64_t ts_ns, rpmsg_bus_event_fn fn, void *priv)
{
	struct seed_events se = {.ts_ns = ts_ns, .fn = fn, .priv = priv};

	return rpmsg_bus_seed_each(bus, seed_events, &se);
}
