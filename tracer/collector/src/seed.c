// SPDX-License-Identifier: MIT
/*
 * Seeding from the bus's own directory (rpmsg_monitor_snapshot), for channels announced before
 * the collector started: their name-service messages were never seen, so without this the rows
 * would stay nameless.
 */
#include <errno.h>
#include <string.h>

#include <rpmsg/monitor.h>

#include "internal.h"

/* The directory's bytes as they are (printers escape them), cut to a terminated name. */
static void copy_name(char *dst, const char *src)
{
	memset(dst, 0, RPMSG_EVENT_NAME_LEN);
	memcpy(dst, src, strnlen(src, RPMSG_EVENT_NAME_LEN - 1));
}

/* One directory entry: names for its addresses, and its row when both are known. */
static int seed_channel(struct rpmsg_collector *c, uint32_t bus_id,
			const struct rpmsg_monitor_channel *ch)
{
	int side = ch->side == RPMSG_ROLE_REMOTE ? SIDE_REMOTE : SIDE_HOST;
	int other = side == SIDE_HOST ? SIDE_REMOTE : SIDE_HOST;
	bool announced = ch->origin != RPMSG_ORIGIN_LOCAL;
	struct name_entry *ne;

	if (!ch->name[0])
		return 0;
	ne = names_get(c, bus_id, side, ch->local_addr);
	if (!ne)
		return -ENOMEM;
	/* names learned from events are newer than a snapshot: keep them */
	if (announced && ne->ns_origin != ORIGIN_EVENT) {
		copy_name(ne->ns_name, ch->name);
		ne->ns_origin = ORIGIN_SNAPSHOT;
	} else if (!announced && ne->ept_origin != ORIGIN_EVENT) {
		copy_name(ne->ept_name, ch->name);
		ne->ept_origin = ORIGIN_SNAPSHOT;
	}
	if (ch->remote_addr == RPMSG_ADDR_ANY)
		return 0;
	/* a channel the peer announced is named by that announcement on the peer's side too */
	if (ch->origin == RPMSG_ORIGIN_PEER) {
		ne = names_get(c, bus_id, other, ch->remote_addr);
		if (!ne)
			return -ENOMEM;
		if (ne->ns_origin != ORIGIN_EVENT) {
			copy_name(ne->ns_name, ch->name);
			ne->ns_origin = ORIGIN_SNAPSHOT;
		}
	}
	if (side == SIDE_HOST)
		return collector_endpoint(c, bus_id, ch->local_addr, ch->remote_addr) ? 0 : -ENOMEM;
	return collector_endpoint(c, bus_id, ch->remote_addr, ch->local_addr) ? 0 : -ENOMEM;
}

static int seed_vring(struct rpmsg_collector *c, uint32_t bus_id,
		      const struct rpmsg_monitor_snapshot *snap,
		      const struct rpmsg_monitor_vring *mv)
{
	struct vring *v = collector_vring(c, bus_id, mv->index);

	if (!v)
		return -ENOMEM;
	if (mv->num && mv->num <= 32768) {
		v->num = mv->num;
		v->num_seeded = true;
	}
	/* events that already arrived are newer than the snapshot */
	if (v->driver_seen)
		return 0;
	v->driver_seen = true;
	v->avail_idx = mv->avail_idx;
	v->have_avail = true;
	/*
	 * The shared used index is the device's (what the remote gave back), not how far the host
	 * reclaimed: that lives in the host's private memory. Until a driver-side get says it, the
	 * driver's count comes from num_free.
	 */
	if (!v->have_device_used) {
		v->device_used_idx = mv->used_idx;
		v->have_device_used = true;
	}
	if (mv->index == 1)
		v->num_free = snap->tx_bufs_free;
	else if (v->num >= mv->in_flight)
		v->num_free = v->num - mv->in_flight;
	v->unreclaimed_max_cur = vring_unreclaimed(v);
	v->num_free_min_cur = v->num_free;
	return 0;
}

int rpmsg_collector_seed_from_snapshot(struct rpmsg_collector *c,
				       const struct rpmsg_monitor_snapshot *snap)
{
	uint32_t bus_id, i;
	int err;

	if (!c || !snap || snap->channel_count > sizeof(snap->channels) / sizeof(snap->channels[0]))
		return -EINVAL;
	if (collector_bus_id(c, snap->bus, &bus_id))
		return -ENOMEM;
	for (i = 0; i < snap->channel_count; i++) {
		err = seed_channel(c, bus_id, &snap->channels[i]);
		if (err)
			return err;
	}
	for (i = 0; i < 2; i++) {
		if (snap->vring[i].index > 1)
			continue;
		err = seed_vring(c, bus_id, snap, &snap->vring[i]);
		if (err)
			return err;
	}
	return 0;
}
