// SPDX-License-Identifier: MIT
/*
 * Per-vring state from vring_add / vring_get (occupancy, free descriptors) and doorbells from
 * mbox_kick / mbox_rx (see VRINGS in collector.h).
 */
#include <errno.h>

#include "internal.h"

/* Split rings have at most 32768 entries; indices are 16-bit free-running counters. */
#define VRING_NUM_MAX 32768u

/**
 * vring_unreclaimed() - descriptors the driver made available and has not taken back yet
 * @v: vring
 *
 * The driver's view (avail_idx - the used index it last reclaimed). On the host's TX ring (vq 1)
 * these are sent buffers not yet reclaimed: the host takes them back only when it needs one (as
 * Linux's get_a_tx_buf() does), so the count climbs to the ring size under steady traffic and is
 * no backlog. A ring holds at most num descriptors: a larger difference means the events came
 * out of order (a source that reports a snapshot's adds before its gets), and num is the truth.
 * Return: the count.
 */
uint32_t vring_unreclaimed(const struct vring *v)
{
	uint32_t n = 0;

	if (v->driver_seen) {
		if (v->have_avail && v->have_used)
			n = (uint16_t)(v->avail_idx - v->used_idx);
		else if (v->num && v->num_free >= 0 && v->num_free <= v->num)
			n = v->num - (uint32_t)v->num_free;
	} else if (v->device_seen && v->device_num_free >= 0) {
		/* device only: the buffers the driver made available and the device has not taken
		 */
		n = (uint32_t)v->device_num_free;
	}
	return v->num && n > v->num ? v->num : n;
}

/**
 * vring_with_remote() - buffers with the remote: published in the avail ring by the driver and
 * not yet returned through the used ring by the device
 * @v: vring
 *
 * Needs both sides' events (the driver's avail index, the device's used index after a push). On
 * vq 1 these are messages sent and not yet consumed by the remote (the real backlog); on vq 0 the
 * empty buffers the remote can still fill. An index older than the other (events slightly out of
 * order between the two sides) is read as an empty ring rather than a wrapped one.
 * Return: the count, or -1 when a side's index was never seen.
 */
int64_t vring_with_remote(const struct vring *v)
{
	uint16_t n;

	if (!v->have_avail || !v->have_device_used)
		return -1;
	n = (uint16_t)(v->avail_idx - v->device_used_idx);
	if (n > VRING_NUM_MAX)
		return 0;
	return v->num && n > v->num ? v->num : n;
}

/* Fold the current state into the interval's extremes. */
static void vring_note_state(struct vring *v)
{
	uint32_t unreclaimed = vring_unreclaimed(v);

	if (unreclaimed > v->unreclaimed_max_cur)
		v->unreclaimed_max_cur = unreclaimed;
	if (v->num_free >= 0 && (v->num_free_min_cur < 0 || v->num_free < v->num_free_min_cur))
		v->num_free_min_cur = v->num_free;
}

int vring_event(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	const struct rpmsg_event_vring *e = &ev->vring;
	bool add = ev->type == RPMSG_EV_VRING_ADD;
	struct vring *v;
	uint32_t bus_id;

	if (e->vq > 0xffff)
		return collector_reject(c, -EINVAL, "vring_%s: vq %u out of range",
					add ? "add" : "get", e->vq);
	if (e->num_free > VRING_NUM_MAX)
		return collector_reject(c, -EINVAL, "vring_%s: num_free %u above %u",
					add ? "add" : "get", e->num_free, VRING_NUM_MAX);
	if (collector_bus_id(c, ev->bus, &bus_id))
		return collector_reject(c, -ENOMEM, "out of memory for bus");
	v = collector_vring(c, bus_id, e->vq);
	if (!v)
		return -ENOMEM;

	if (ev->role == RPMSG_EVENT_ROLE_REMOTE) {
		v->device_seen = true;
		v->device_num_free = e->num_free;
		if (add) {
			/* the device pushed a used entry: its idx is the used index after the push
			 */
			v->device_adds++;
			v->device_used_idx = (uint16_t)e->idx;
			v->have_device_used = true;
		} else {
			v->device_gets++;
		}
		if (!v->driver_seen)
			vring_note_state(v);
		return 0;
	}

	v->driver_seen = true;
	v->num_free = e->num_free;
	if (add) {
		v->adds++;
		v->avail_idx = (uint16_t)e->idx;
		v->have_avail = true;
	} else {
		v->gets++;
		v->used_idx = (uint16_t)e->idx;
		v->have_used = true;
	}
	if (!v->num_seeded) {
		/*
		 * Every descriptor of the driver is free or in flight, and split ring sizes are
		 * powers of two: the smallest power of two holding what we saw.
		 */
		uint32_t total = e->num_free, num = 1;

		if (v->have_avail && v->have_used)
			total += (uint16_t)(v->avail_idx - v->used_idx);
		while (num < total && num < VRING_NUM_MAX)
			num *= 2;
		if (total && num > v->num)
			v->num = num;
	}
	vring_note_state(v);
	return 0;
}

int doorbell_event(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	bool host = ev->role != RPMSG_EVENT_ROLE_REMOTE;
	bool rung = ev->type == RPMSG_EV_MBOX_KICK;
	/* rung by the host or received by the remote: towards the remote */
	int towards = (host == rung) ? TO_REMOTE : TO_HOST;
	uint32_t channel = ev->mbox.channel;
	struct bus *b;
	uint32_t bus_id;
	struct vring *v = NULL;
	int64_t found;

	if (collector_bus_id(c, ev->bus, &bus_id))
		return collector_reject(c, -ENOMEM, "out of memory for bus");
	b = &c->buses[bus_id];

	/* the notify id is the vq index for rpmsg's two rings; others only if such a ring exists */
	if (channel <= 1) {
		v = collector_vring(c, bus_id, channel);
		if (!v)
			return -ENOMEM;
	} else {
		found = key_index_find(&c->vring_index, bus_id, channel, 0);
		if (found >= 0)
			v = c->vrings[found];
	}
	if (v) {
		uint64_t *counts = towards == TO_REMOTE ? v->kicks : v->interrupts;

		counts[rung ? 0 : 1]++;
	} else if (rung) {
		b->other_rung[towards]++;
	} else {
		b->other_received[towards]++;
	}
	return 0;
}
