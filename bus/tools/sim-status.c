// SPDX-License-Identifier: MIT
/*
 * rpmsg-sim status and list: read-only views of running buses through rpmsg/monitor.h, in the
 * spirit of NuttX's "rpmsg dump". Nothing here writes to a bus.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg/monitor.h>
#include <rpmsg-scope/event-fields.h> /* rpmsg_event_role_name(): bus roles are its values */

#include "sim-roles.h"
#include "sim-stats.h"

_Static_assert((int)RPMSG_ROLE_HOST == (int)RPMSG_EVENT_ROLE_HOST &&
		       (int)RPMSG_ROLE_REMOTE == (int)RPMSG_EVENT_ROLE_REMOTE,
	       "a bus role is printed by the event model's role name");

static const char *origin_name(enum rpmsg_channel_origin origin)
{
	switch (origin) {
	case RPMSG_ORIGIN_LOCAL:
		return "local";
	case RPMSG_ORIGIN_ANNOUNCED:
		return "announced";
	case RPMSG_ORIGIN_PEER:
		return "peer";
	}
	return "?";
}

/* Virtio status bits (include/uapi/linux/virtio_config.h), spelled out for the reader. */
static void format_status(char *buf, size_t size, uint8_t status)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} bits[] = {
		{1, "ACKNOWLEDGE"}, {2, "DRIVER"},	 {4, "DRIVER_OK"},
		{8, "FEATURES_OK"}, {64, "NEEDS_RESET"}, {128, "FAILED"},
	};
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]) && off < size; i++)
		if (status & bits[i].bit)
			off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? "|" : "",
						bits[i].name);
	if (!off)
		snprintf(buf, size, "RESET");
}

static void format_addr(char *buf, size_t size, uint32_t addr)
{
	if (addr == RPMSG_ADDR_ANY)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%u", addr);
}

static void print_text(const struct rpmsg_monitor_snapshot *s)
{
	char status[96];

	format_status(status, sizeof(status), s->status);
	if (s->remote_attached)
		printf("bus %s: host pid %d (%s), remote pid %d (%s)\n", s->bus, (int)s->host_pid,
		       s->host_alive ? "alive" : "gone", (int)s->remote_pid,
		       s->remote_alive ? "alive" : "gone");
	else
		printf("bus %s: host pid %d (%s), no remote attached\n", s->bus, (int)s->host_pid,
		       s->host_alive ? "alive" : "gone");
	printf("  virtio status 0x%02x %s, features 0x%x%s%s%s, mbox %s\n", s->status, status,
	       s->features, s->features & (1u << VIRTIO_RPMSG_F_NS) ? " NS" : "",
	       s->features & (1u << 28) ? " INDIRECT_DESC" : "",
	       s->features & (1u << 29) ? " EVENT_IDX" : "", sim_mbox_name(s->mbox));
	printf("  buffers: %u bytes each; host TX %u (%u free), host RX %u\n", s->buf_size,
	       s->tx_bufs_total, s->tx_bufs_free, s->rx_bufs_total);
	for (int i = 0; i < 2; i++) {
		const struct rpmsg_monitor_vring *v = &s->vring[i];

		printf("  vring %u (%s): num %u, avail idx %u, used idx %u, in flight %u%s%s\n",
		       v->index, v->index == 0 ? "host RX" : "host TX", v->num, v->avail_idx,
		       v->used_idx, v->in_flight, v->notify_suppressed ? ", no-notify" : "",
		       v->interrupt_suppressed ? ", no-interrupt" : "");
	}
	printf("  kicks: to remote %llu, to host %llu\n", (unsigned long long)s->kicks_to_remote,
	       (unsigned long long)s->kicks_to_host);
	if (s->broken[0]) {
		char broken[RPMSG_TEXT_ESCAPED_SIZE(sizeof(s->broken))];

		printf("  BROKEN: %s\n",
		       rpmsg_text_escape(broken, sizeof(broken), s->broken, sizeof(s->broken)));
	}
	printf("  channels: %u\n", s->channel_count);
	if (!s->channel_count)
		return;
	printf("    %-20s %-6s %-9s %7s %7s %9s %11s %9s %11s\n", "name", "side", "direction",
	       "local", "remote", "tx msgs", "tx bytes", "rx msgs", "rx bytes");
	for (unsigned int i = 0; i < s->channel_count && i < 2 * RPMSG_MONITOR_MAX_CHANNELS; i++) {
		const struct rpmsg_monitor_channel *c = &s->channels[i];
		char local[16], remote[16];
		char name[RPMSG_TEXT_ESCAPED_SIZE(RPMSG_NAME_SIZE)];

		format_addr(local, sizeof(local), c->local_addr);
		format_addr(remote, sizeof(remote), c->remote_addr);
		/* the remote wrote this name: escaped, it cannot drive the terminal */
		rpmsg_text_escape(name, sizeof(name), c->name, RPMSG_NAME_SIZE);
		printf("    %-20s %-6s %-9s %7s %7s %9llu %11llu %9llu %11llu\n", name,
		       rpmsg_event_role_name(c->side), origin_name(c->origin), local, remote,
		       (unsigned long long)c->tx_msgs, (unsigned long long)c->tx_bytes,
		       (unsigned long long)c->rx_msgs, (unsigned long long)c->rx_bytes);
	}
}

static long long json_addr(uint32_t addr)
{
	return addr == RPMSG_ADDR_ANY ? -1LL : (long long)addr;
}

static void print_json(const struct rpmsg_monitor_snapshot *s)
{
	printf("{\"bus\":");
	rpmsg_json_print(stdout, s->bus, SIZE_MAX);
	printf(",\"host_pid\":%d,\"host_alive\":%s,\"remote_pid\":%d,\"remote_alive\":%s,"
	       "\"remote_attached\":%s,\"status\":%u,\"features\":%u,\"mbox\":\"%s\","
	       "\"buf_size\":%u,\"tx_bufs_total\":%u,\"tx_bufs_free\":%u,\"rx_bufs_total\":%u,"
	       "\"kicks_to_remote\":%llu,\"kicks_to_host\":%llu,\"broken\":",
	       (int)s->host_pid, s->host_alive ? "true" : "false", (int)s->remote_pid,
	       s->remote_alive ? "true" : "false", s->remote_attached ? "true" : "false", s->status,
	       s->features, sim_mbox_name(s->mbox), s->buf_size, s->tx_bufs_total, s->tx_bufs_free,
	       s->rx_bufs_total, (unsigned long long)s->kicks_to_remote,
	       (unsigned long long)s->kicks_to_host);
	rpmsg_json_print(stdout, s->broken, SIZE_MAX);
	printf(",\"vrings\":[");
	for (int i = 0; i < 2; i++) {
		const struct rpmsg_monitor_vring *v = &s->vring[i];

		printf("%s{\"index\":%u,\"num\":%u,\"avail_idx\":%u,\"used_idx\":%u,"
		       "\"in_flight\":%u,\"notify_suppressed\":%s,\"interrupt_suppressed\":%s}",
		       i ? "," : "", v->index, v->num, v->avail_idx, v->used_idx, v->in_flight,
		       v->notify_suppressed ? "true" : "false",
		       v->interrupt_suppressed ? "true" : "false");
	}
	printf("],\"channels\":[");
	for (unsigned int i = 0; i < s->channel_count && i < 2 * RPMSG_MONITOR_MAX_CHANNELS; i++) {
		const struct rpmsg_monitor_channel *c = &s->channels[i];
		char name[RPMSG_NAME_SIZE + 1];

		snprintf(name, sizeof(name), "%.*s", RPMSG_NAME_SIZE, c->name);
		printf("%s{\"name\":", i ? "," : "");
		rpmsg_json_print(stdout, name, SIZE_MAX);
		printf(",\"side\":\"%s\",\"direction\":\"%s\",\"local_addr\":%lld,"
		       "\"remote_addr\":%lld,\"tx_msgs\":%llu,\"tx_bytes\":%llu,\"rx_msgs\":%llu,"
		       "\"rx_bytes\":%llu}",
		       rpmsg_event_role_name(c->side), origin_name(c->origin),
		       json_addr(c->local_addr), json_addr(c->remote_addr),
		       (unsigned long long)c->tx_msgs, (unsigned long long)c->tx_bytes,
		       (unsigned long long)c->rx_msgs, (unsigned long long)c->rx_bytes);
	}
	printf("]}\n");
}

/**
 * take_snapshot() - open bus @name read-only and snapshot it, retrying while it is busy.
 * Return: 0, or a negative errno after printing why.
 */
static int take_snapshot(const char *name, struct rpmsg_monitor_snapshot *snap, bool quiet)
{
	struct rpmsg_monitor *mon;
	int ret = rpmsg_monitor_open(name, &mon);

	if (ret) {
		if (!quiet && ret == -ENOENT)
			fprintf(stderr, "rpmsg-sim status: no bus named %s (see rpmsg-sim list)\n",
				name);
		else if (!quiet)
			fprintf(stderr, "rpmsg-sim status: cannot open bus %s: %s\n", name,
				strerror(-ret));
		return ret;
	}
	/* -EAGAIN: a side was updating the channel directory; a retry soon succeeds. */
	for (int tries = 0; tries < 100; tries++) {
		struct timespec pause = {0, 1000000};

		ret = rpmsg_monitor_snapshot(mon, snap);
		if (ret != -EAGAIN)
			break;
		nanosleep(&pause, NULL);
	}
	if (ret && !quiet)
		fprintf(stderr, "rpmsg-sim status: cannot read bus %s: %s\n", name,
			ret == -EIO ? rpmsg_monitor_error(mon) : strerror(-ret));
	rpmsg_monitor_close(mon);
	return ret;
}

int sim_status_main(const struct sim_options *opts)
{
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	int ret;

	if (!snap) {
		fprintf(stderr, "rpmsg-sim status: out of memory\n");
		return 1;
	}
	ret = take_snapshot(opts->status_name, snap, false);
	if (!ret) {
		if (opts->json)
			print_json(snap);
		else
			print_text(snap);
	}
	free(snap);
	return ret ? 1 : 0;
}

int sim_list_main(const struct sim_options *opts)
{
	char(*names)[RPMSG_BUS_NAME_MAX] = NULL;
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	int count, max = 64;

	if (!snap) {
		fprintf(stderr, "rpmsg-sim list: out of memory\n");
		return 1;
	}
	/* The list may grow between calls; ask again with room for all. */
	for (;;) {
		free(names);
		names = calloc((size_t)max, sizeof(*names));
		count = names ? rpmsg_monitor_list(names, max) : -ENOMEM;
		if (count <= max)
			break;
		max = count + 16;
	}
	if (count < 0) {
		fprintf(stderr, "rpmsg-sim list: cannot list buses: %s\n", strerror(-count));
		free(names);
		free(snap);
		return 1;
	}
	if (!count && !opts->json)
		printf("no buses\n");
	for (int i = 0; i < count; i++) {
		int ret = take_snapshot(names[i], snap, true);

		if (opts->json) {
			printf("{\"bus\":");
			rpmsg_json_print(stdout, names[i], SIZE_MAX);
			if (ret)
				printf(",\"error\":\"%s\"}\n", strerror(-ret));
			else
				printf(",\"host_pid\":%d,\"host_alive\":%s,\"remote_pid\":%d,"
				       "\"remote_alive\":%s,\"channels\":%u}\n",
				       (int)snap->host_pid, snap->host_alive ? "true" : "false",
				       (int)snap->remote_pid, snap->remote_alive ? "true" : "false",
				       snap->channel_count);
		} else if (ret) {
			printf("%-31s (cannot read: %s)\n", names[i], strerror(-ret));
		} else {
			printf("%-31s host pid %d %s, remote %s, %u channels%s\n", names[i],
			       (int)snap->host_pid, snap->host_alive ? "alive" : "gone",
			       snap->remote_attached ? (snap->remote_alive ? "alive" : "gone")
						     : "not attached",
			       snap->channel_count, snap->broken[0] ? ", BROKEN" : "");
		}
	}
	free(names);
	free(snap);
	return 0;
}
