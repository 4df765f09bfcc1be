// SPDX-License-Identifier: MIT
/*
 * Introspection source: the bus's shared memory, mapped read-only (rpmsg/monitor.h), so no
 * privileges are needed. The bus keeps cumulative counters (messages and bytes per endpoint and
 * direction, ring indices, doorbells); between two snapshots their differences become events
 * for the collector:
 *   tx messages of a host endpoint   -> msg_send (role host), one per message
 *   rx messages of a host endpoint   -> msg_recv (role host)
 *   avail index of each vring         -> vring_add (role host: the driver), one per buffer
 *   used index of each vring          -> vring_add (role remote: the device gave it back)
 *   doorbells to remote / to host    -> mbox_kick (role host / remote) with notify id "unknown"
 * Sizes are the interval's average (the bus counts bytes, not sizes), timestamps are spread over
 * the interval, and payloads, latency, TX waits and drops are not visible: the header says so.
 * Only the host's half of the directory is used, so a message is never counted twice.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/monitor.h>

#include <rpmsg-scope/clock.h>
#include "source.h"

/* A notify id that names no vring: counted in the bus totals only (collector.h, VRINGS). */
#define NOTIFY_ID_UNKNOWN 0xffffu
/* Rescan /dev/shm for new buses at most this often. */
#define RESCAN_NS 1000000000ull
/* Snapshots between ticks: often enough that sizes and timestamps stay close to the truth. */
#define SNAPSHOT_NS 100000000ull

struct watched_bus {
	char name[RPMSG_BUS_NAME_MAX];
	struct rpmsg_monitor *mon;
	bool have_prev;
	struct rpmsg_monitor_snapshot prev;
	uint64_t prev_ns;
	int open_error; /* why the last attempt to open it failed, 0 if open */
};

struct introspect_source {
	struct rpmsg_source base;
	const char *const *fixed; /* --bus names, or NULL: every bus found */
	int fixed_count;
	struct watched_bus *buses;
	int count, capacity;
	struct rpmsg_monitor_snapshot snap; /* scratch (large) */
	uint64_t last_scan_ns, last_snapshot_ns;
};

static void base_event(struct rpmsg_event *ev, const char *bus, uint32_t type, uint32_t role,
		       uint64_t ts)
{
	memset(ev, 0, offsetof(struct rpmsg_event, payload));
	ev->type = type;
	ev->role = role;
	ev->ts_ns = ts;
	snprintf(ev->bus, sizeof(ev->bus), "%s", bus);
}

/* @count messages of @bytes in all, spread over (t0, t1]: sizes differ by at most one byte. */
static void emit_messages(struct rpmsg_collector *c, const char *bus, uint32_t type, uint32_t src,
			  uint32_t dst, uint64_t count, uint64_t bytes, uint64_t t0, uint64_t t1)
{
	struct rpmsg_event ev;

	for (uint64_t i = 0; i < count; i++) {
		uint64_t len = bytes / count + (i < bytes % count ? 1 : 0);

		base_event(&ev, bus, type, RPMSG_EVENT_ROLE_HOST, t0 + (t1 - t0) * (i + 1) / count);
		ev.msg.src = src;
		ev.msg.dst = dst;
		ev.msg.len =
			len > RPMSG_EVENT_PAYLOAD_MAX ? RPMSG_EVENT_PAYLOAD_MAX : (uint32_t)len;
		rpmsg_collector_add_event(c, &ev);
	}
}

static const struct rpmsg_monitor_channel *find_channel(const struct rpmsg_monitor_snapshot *s,
							const struct rpmsg_monitor_channel *ch)
{
	for (unsigned int i = 0; i < s->channel_count; i++)
		if (s->channels[i].side == ch->side &&
		    s->channels[i].local_addr == ch->local_addr &&
		    s->channels[i].remote_addr == ch->remote_addr)
			return &s->channels[i];
	return NULL;
}

/*
 * The descriptor head of a vring event: shared memory gives the rings' indices, not which buffer
 * each step moved, so no buffer can be followed through the stages (collector.h, STAGES: heads
 * beyond a ring's size are not followed).
 */
#define HEAD_UNKNOWN UINT32_MAX

/*
 * One ring's index movements since the last snapshot, as what they are: each step of the avail
 * index a buffer the host (driver) made available, each step of the used index a buffer the
 * remote (device) gave back, so the collector's "with remote" is avail minus used. The host's
 * reclaims of used buffers live in its private memory: no event can say them. The two runs are
 * spread over (t0, t1] and merged in time order (an add first at equal times), so no moment shows
 * more buffers used than made available.
 */
static void emit_vring(struct rpmsg_collector *c, const struct rpmsg_monitor_snapshot *s,
		       const struct rpmsg_monitor_vring *prev,
		       const struct rpmsg_monitor_vring *now, uint64_t t0, uint64_t t1)
{
	uint16_t adds = (uint16_t)(now->avail_idx - prev->avail_idx);
	uint16_t used = (uint16_t)(now->used_idx - prev->used_idx);
	uint32_t num_free = now->index == 1		? s->tx_bufs_free
			    : now->num > now->in_flight ? now->num - now->in_flight
							: 0;
	uint16_t a = 0, u = 0;
	struct rpmsg_event ev;

	while (a < adds || u < used) {
		/* the next add is due at (a + 1) / adds of the interval, the next push at (u + 1) /
		 * used */
		bool add = a < adds &&
			   (u == used || (uint64_t)(a + 1) * used <= (uint64_t)(u + 1) * adds);

		if (add) {
			a++;
			base_event(&ev, s->bus, RPMSG_EV_VRING_ADD, RPMSG_EVENT_ROLE_HOST,
				   t0 + (t1 - t0) * a / adds);
			ev.vring.idx = (uint16_t)(prev->avail_idx + a);
			ev.vring.num_free = num_free;
		} else {
			u++;
			base_event(&ev, s->bus, RPMSG_EV_VRING_ADD, RPMSG_EVENT_ROLE_REMOTE,
				   t0 + (t1 - t0) * u / used);
			ev.vring.idx = (uint16_t)(prev->used_idx + u);
			/* buffers left to the device after this one (a ring holds at most num) */
			ev.vring.num_free = (uint16_t)(prev->avail_idx + a - (prev->used_idx + u));
			if (ev.vring.num_free > now->num)
				ev.vring.num_free = now->num;
		}
		ev.vring.vq = now->index;
		ev.vring.head = HEAD_UNKNOWN;
		rpmsg_collector_add_event(c, &ev);
	}
}

static void emit_doorbells(struct rpmsg_collector *c, const char *bus, uint64_t count,
			   uint32_t role, uint64_t t0, uint64_t t1)
{
	struct rpmsg_event ev;

	for (uint64_t i = 1; i <= count; i++) {
		base_event(&ev, bus, RPMSG_EV_MBOX_KICK, role, t0 + (t1 - t0) * i / count);
		ev.mbox.channel = NOTIFY_ID_UNKNOWN;
		rpmsg_collector_add_event(c, &ev);
	}
}

/* Turn the differences between @b's previous snapshot and @now into events. */
static void emit_differences(struct rpmsg_collector *c, struct watched_bus *b,
			     const struct rpmsg_monitor_snapshot *now, uint64_t t1)
{
	const struct rpmsg_monitor_snapshot *prev = &b->prev;
	uint64_t t0 = b->prev_ns;

	for (unsigned int i = 0; i < now->channel_count; i++) {
		const struct rpmsg_monitor_channel *ch = &now->channels[i], *old;
		uint64_t tx_msgs, tx_bytes, rx_msgs, rx_bytes;

		if (ch->side != RPMSG_ROLE_HOST || ch->remote_addr == RPMSG_ADDR_ANY)
			continue;
		old = find_channel(prev, ch);
		tx_msgs = ch->tx_msgs - (old ? old->tx_msgs : 0);
		tx_bytes = ch->tx_bytes - (old ? old->tx_bytes : 0);
		rx_msgs = ch->rx_msgs - (old ? old->rx_msgs : 0);
		rx_bytes = ch->rx_bytes - (old ? old->rx_bytes : 0);
		/* counters only grow; anything else is a restarted side: start over from here */
		if (tx_msgs > ch->tx_msgs || rx_msgs > ch->rx_msgs)
			continue;
		emit_messages(c, now->bus, RPMSG_EV_MSG_SEND, ch->local_addr, ch->remote_addr,
			      tx_msgs, tx_bytes, t0, t1);
		emit_messages(c, now->bus, RPMSG_EV_MSG_RECV, ch->remote_addr, ch->local_addr,
			      rx_msgs, rx_bytes, t0, t1);
	}
	for (int v = 0; v < 2; v++)
		if (now->vring[v].index <= 1 && now->vring[v].num)
			emit_vring(c, now, &prev->vring[v], &now->vring[v], t0, t1);
	if (now->kicks_to_remote >= prev->kicks_to_remote)
		emit_doorbells(c, now->bus, now->kicks_to_remote - prev->kicks_to_remote,
			       RPMSG_EVENT_ROLE_HOST, t0, t1);
	if (now->kicks_to_host >= prev->kicks_to_host)
		emit_doorbells(c, now->bus, now->kicks_to_host - prev->kicks_to_host,
			       RPMSG_EVENT_ROLE_REMOTE, t0, t1);
}

static struct watched_bus *watch(struct introspect_source *s, const char *name)
{
	for (int i = 0; i < s->count; i++)
		if (!strcmp(s->buses[i].name, name))
			return &s->buses[i];
	if (s->count == s->capacity) {
		int cap = s->capacity ? 2 * s->capacity : 4;
		struct watched_bus *b = realloc(s->buses, (size_t)cap * sizeof(*b));

		if (!b)
			return NULL;
		s->buses = b;
		s->capacity = cap;
	}
	memset(&s->buses[s->count], 0, sizeof(s->buses[0]));
	snprintf(s->buses[s->count].name, sizeof(s->buses[0].name), "%s", name);
	return &s->buses[s->count++];
}

static void rescan(struct introspect_source *s)
{
	char names[64][RPMSG_BUS_NAME_MAX];
	int n;

	if (s->fixed) {
		for (int i = 0; i < s->fixed_count; i++)
			watch(s, s->fixed[i]);
		return;
	}
	n = rpmsg_monitor_list(names, 64);
	for (int i = 0; i < n && i < 64; i++)
		watch(s, names[i]);
}

/* Where the kernel lists its virtio devices, each with its type in "device" ("0x0007"). */
#define VIRTIO_DEVICES "/sys/bus/virtio/devices"
/* Buses named in a "not found" line: enough to recognise a typo. */
#define BUSES_LISTED 8

bool rpmsg_source_bus_absent(const char *name, char *why, size_t size)
{
	char names[BUSES_LISTED][RPMSG_BUS_NAME_MAX];
	struct rpmsg_monitor *mon;
	size_t used;
	int n, ret;

	ret = rpmsg_monitor_open(name, &mon);
	if (ret != -ENOENT) {
		/* there, or there but unreadable: the note says why (describe_problems()) */
		if (!ret)
			rpmsg_monitor_close(mon);
		return false;
	}
	n = rpmsg_monitor_list(names, BUSES_LISTED);
	used = (size_t)snprintf(why, size, "bus %s not found (no /dev/shm/rpmsg-%s)", name, name);
	if (n <= 0) {
		if (used < size)
			snprintf(why + used, size - used,
				 "; no bus is running: start one with rpmsg-sim demo --bus %s",
				 name);
		return true;
	}
	for (int i = 0; i < n && i < BUSES_LISTED && used < size; i++)
		used += (size_t)snprintf(why + used, size - used, "%s%s",
					 i ? ", " : "; running: ", names[i]);
	if (n > BUSES_LISTED && used < size)
		snprintf(why + used, size - used, " and %d more", n - BUSES_LISTED);
	return true;
}

/* The type in a virtio device's "device" attribute, or -1 when it cannot be read. */
static long virtio_device_type(const char *device)
{
	char path[512], buf[32];
	FILE *f;
	long type = -1;

	snprintf(path, sizeof(path), "%s/%s/device", VIRTIO_DEVICES, device);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		type = strtol(buf, NULL, 0);
	fclose(f);
	return type;
}

int rpmsg_source_kernel_devices(unsigned int virtio_device, char *why, size_t size)
{
	DIR *dir = opendir(VIRTIO_DEVICES);
	struct dirent *de;
	int count = 0;

	while (dir && (de = readdir(dir)))
		if (de->d_name[0] != '.' && virtio_device_type(de->d_name) == (long)virtio_device)
			count++;
	if (dir)
		closedir(dir);
	if (!count)
		snprintf(
			why, size,
			"no %s device (virtio device %u) in %s: nothing to count until one appears",
			virtio_device == 7 ? "rpmsg" : "such", virtio_device, VIRTIO_DEVICES);
	return count;
}

/* What this source cannot show, shown under the header. */
#define LIMITS "latency, TX waits, drops and payloads need root (BPF); sizes are interval averages"

/* The note under the header: the limits, and buses that cannot be read (and why). */
static void describe_problems(struct introspect_source *s)
{
	size_t used = (size_t)snprintf(s->base.note, sizeof(s->base.note), "%s", LIMITS);

	for (int i = 0; i < s->count && used < sizeof(s->base.note); i++) {
		const struct watched_bus *b = &s->buses[i];
		const char *why;

		if (!b->open_error)
			continue;
		/* every bus found is listed; only buses asked for by name are missed when absent */
		if (b->open_error == -ENOENT && !s->fixed)
			continue;
		why = b->open_error == -ENOENT	 ? "not found"
		      : b->open_error == -EACCES ? "permission denied (run as its owner or root)"
		      : b->open_error == -EIO	 ? "not an rpmsg bus"
						 : strerror(-b->open_error);
		used += (size_t)snprintf(s->base.note + used, sizeof(s->base.note) - used,
					 "; bus %s: %s", b->name, why);
	}
}

/* One snapshot of every bus; a bus that went away is closed and opened again if it returns. */
static int snapshot_all(struct introspect_source *s, struct rpmsg_collector *c, uint64_t now)
{
	int delivered = 0, ret;

	if (!s->last_scan_ns || now - s->last_scan_ns >= RESCAN_NS) {
		rescan(s);
		s->last_scan_ns = now;
	}
	for (int i = 0; i < s->count; i++) {
		struct watched_bus *b = &s->buses[i];

		if (!b->mon) {
			b->open_error = rpmsg_monitor_open(b->name, &b->mon);
			if (b->open_error)
				continue;
		}
		ret = rpmsg_monitor_snapshot(b->mon, &s->snap);
		if (ret == -EAGAIN)
			continue; /* a side was writing its directory: the next snapshot will do */
		if (ret) {
			/* gone (or not a bus any more): forget it, its rows keep their counts */
			rpmsg_monitor_close(b->mon);
			b->mon = NULL;
			b->have_prev = false;
			continue;
		}
		rpmsg_collector_seed_from_snapshot(c, &s->snap);
		if (b->have_prev) {
			emit_differences(c, b, &s->snap, now);
			delivered++;
		}
		/* the first snapshot is the baseline: traffic before we came is not ours to count
		 */
		b->prev = s->snap;
		b->prev_ns = now;
		b->have_prev = true;
	}
	s->last_snapshot_ns = now;
	describe_problems(s);
	return delivered;
}

static int introspect_sync(struct rpmsg_source *base, struct rpmsg_collector *c)
{
	struct introspect_source *s = (struct introspect_source *)base;

	return snapshot_all(s, c, rpmsg_now_ns());
}

static int introspect_poll(struct rpmsg_source *base, struct rpmsg_collector *c, int timeout_ms)
{
	struct introspect_source *s = (struct introspect_source *)base;
	uint64_t now = rpmsg_now_ns();

	if (now - s->last_snapshot_ns < SNAPSHOT_NS) {
		uint64_t wait_ns = SNAPSHOT_NS - (now - s->last_snapshot_ns);
		uint64_t max_ns = (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000000ull;
		struct timespec ts;

		if (wait_ns > max_ns)
			wait_ns = max_ns;
		ts.tv_sec = (time_t)(wait_ns / 1000000000ull);
		ts.tv_nsec = (long)(wait_ns % 1000000000ull);
		nanosleep(&ts, NULL);
		now = rpmsg_now_ns();
		if (now - s->last_snapshot_ns < SNAPSHOT_NS)
			return 0;
	}
	return snapshot_all(s, c, now);
}

static uint64_t introspect_now(struct rpmsg_source *base)
{
	return rpmsg_now_ns();
}

static void introspect_close(struct rpmsg_source *base)
{
	struct introspect_source *s = (struct introspect_source *)base;

	for (int i = 0; i < s->count; i++)
		rpmsg_monitor_close(s->buses[i].mon);
	free(s->buses);
	free(s);
}

static const struct rpmsg_source_ops introspect_ops = {
	.poll = introspect_poll,
	.sync = introspect_sync,
	.now_ns = introspect_now,
	.close = introspect_close,
};

int rpmsg_source_introspect_open(const struct rpmsg_source_config *o, struct rpmsg_source **out,
				 char *err, size_t err_size)
{
	struct introspect_source *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	s->base.ops = &introspect_ops;
	snprintf(s->base.label, sizeof(s->base.label), "introspection (shared memory, read-only)");
	snprintf(s->base.note, sizeof(s->base.note), "%s", LIMITS);
	s->base.start_ns = rpmsg_now_ns();
	s->base.clock = RPMSG_SOURCE_CLOCK_MONOTONIC; /* our own reading time */
	if (o->bus_count) {
		s->fixed = o->buses;
		s->fixed_count = o->bus_count;
	}
	*out = &s->base;
	return 0;
}
