// SPDX-License-Identifier: MIT
/*
 * Names: learned from name service in both directions, from endpoint creation, late, closed by
 * DESTROY, and seeded from a bus snapshot for channels announced before tracing started.
 */
#include <rpmsg/monitor.h>

#include "bus_seed.h"
#include <rpmsg-test/events.h>

#define TX RPMSG_EVENT_DIR_TX
#define RX RPMSG_EVENT_DIR_RX

/* The row (local, remote) of bus "demo", which must exist and be named name; its snapshot. */
static struct rpmsg_collector_endpoint_stats named_row(struct rpmsg_collector *c, uint32_t local,
						       uint32_t remote, const char *name)
{
	struct rpmsg_collector_endpoint_stats s = row(c, "demo", local, remote);

	CHECK_STR_EQ(s.name, name);
	return s;
}

static void test_remote_announcement_names_the_channel(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;

	/* the remote announces rpmsg-tty at 0x400; the host binds 1024 to it and talks */
	ADD(c, ev_ns("demo", REMOTE, 1, "rpmsg-tty", 0x400, RPMSG_EVENT_NS_CREATE, TX));
	ADD(c, ev_send("demo", HOST, 2, 1024, 0x400, "hi", 2));
	s = named_row(c, 1024, 0x400, "rpmsg-tty");
	CHECK(!strcmp(s.name_source, "ns"));
	CHECK(!s.closed);
	rpmsg_collector_destroy(c);

	/* the same announcement seen only by the host (received) names it too */
	c = new_collector();
	ADD(c, ev_send("demo", HOST, 2, 1024, 0x400, "hi", 2));
	ADD(c, ev_ns("demo", HOST, 3, "rpmsg-tty", 0x400, RPMSG_EVENT_NS_CREATE, RX));
	s = named_row(c, 1024, 0x400, "rpmsg-tty");
	rpmsg_collector_destroy(c);
}

static void test_host_announcement_names_the_channel(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;

	/* the host offers host-svc at 1025; the remote's 0x401 sends to it */
	ADD(c, ev_ns("demo", HOST, 1, "host-svc", 1025, RPMSG_EVENT_NS_CREATE, TX));
	ADD(c, ev_send("demo", REMOTE, 2, 0x401, 1025, NULL, 9));
	s = named_row(c, 1025, 0x401, "host-svc");
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_RX].msgs, 1);
	rpmsg_collector_destroy(c);

	/* seen by the remote only (received): the address is still the host's */
	c = new_collector();
	ADD(c, ev_ns("demo", REMOTE, 1, "host-svc", 1025, RPMSG_EVENT_NS_CREATE, RX));
	ADD(c, ev_recv("demo", HOST, 2, 0x401, 1025, NULL, 9));
	s = named_row(c, 1025, 0x401, "host-svc");
	/* and it does not name a remote address that happens to be 1025 */
	ADD(c, ev_send("demo", HOST, 3, 1030, 1025, NULL, 9));
	s = named_row(c, 1030, 1025, "");
	rpmsg_collector_destroy(c);
}

static void test_late_names_and_destroy(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;

	ADD(c, ev_send("demo", HOST, 1, 1024, 0x400, NULL, 4));
	s = named_row(c, 1024, 0x400, "");
	ADD(c, ev_ns("demo", REMOTE, 2, "late", 0x400, RPMSG_EVENT_NS_CREATE, TX));
	s = named_row(c, 1024, 0x400, "late");
	/* DESTROY closes the row; name and counters stay */
	ADD(c, ev_ns("demo", REMOTE, 3, "late", 0x400, RPMSG_EVENT_NS_DESTROY, TX));
	s = named_row(c, 1024, 0x400, "late");
	CHECK(s.closed);
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 1);
	/* announced again: open */
	ADD(c, ev_ns("demo", REMOTE, 4, "late", 0x400, RPMSG_EVENT_NS_CREATE, TX));
	s = row(c, "demo", 1024, 0x400);
	CHECK(!s.closed);
	rpmsg_collector_destroy(c);
}

static void test_endpoint_names_and_preference(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;

	ADD(c, ev_ept(RPMSG_EV_EPT_CREATE, "demo", HOST, 1, "ept-a", 1030));
	ADD(c, ev_send("demo", HOST, 2, 1030, 0x500, NULL, 1));
	s = named_row(c, 1030, 0x500, "ept-a");
	CHECK(!strcmp(s.name_source, "ept"));
	/* an announced name wins over an endpoint name */
	ADD(c, ev_ns("demo", REMOTE, 3, "svc-b", 0x500, RPMSG_EVENT_NS_CREATE, TX));
	s = named_row(c, 1030, 0x500, "svc-b");
	/* remote endpoint names name rows too */
	ADD(c, ev_ept(RPMSG_EV_EPT_CREATE, "demo", REMOTE, 4, "fw-ept", 0x600));
	ADD(c, ev_recv("demo", REMOTE, 5, 1031, 0x600, NULL, 1));
	s = named_row(c, 1031, 0x600, "fw-ept");
	ADD(c, ev_ept(RPMSG_EV_EPT_DESTROY, "demo", REMOTE, 6, "", 0x600));
	s = named_row(c, 1031, 0x600, "fw-ept");
	CHECK(s.closed);
	/* name-service traffic itself */
	ADD(c, ev_send("demo", REMOTE, 7, 0x600, 53, NULL, 40));
	s = named_row(c, 53, 0x600, "name-service"); /* not a second "fw-ept" row */
	ADD(c, ev_send("demo", HOST, 8, 1090, 53, NULL, 40));
	s = named_row(c, 1090, 53, "name-service");
	rpmsg_collector_destroy(c);
}

static void test_names_from_the_other_side_are_kept_and_printed_escaped(void)
{
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_print_opts o;
	struct rpmsg_event ev = ev_ns("demo", REMOTE, 1, "", 0x400, RPMSG_EVENT_NS_CREATE, TX);
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	/* no NUL in the array, and an escape sequence */
	memset(ev.ns.name, 'A', sizeof(ev.ns.name));
	ev.ns.name[3] = '\033';
	ADD(c, ev);
	ADD(c, ev_send("demo", HOST, 2, 1024, 0x400, NULL, 1));
	s = row(c, "demo", 1024, 0x400);
	/* terminated, bytes kept: what was announced */
	CHECK_EQ(strlen(s.name), RPMSG_EVENT_NAME_LEN - 1);
	CHECK(!strncmp(s.name, "AAA\033AAA", 7));
	/* the printer shows it escaped, with no raw control byte */
	f = open_memstream(&text, &size);
	CHECK(f);
	rpmsg_collector_print_opts_init(&o);
	CHECK_EQ(rpmsg_collector_print_table(c, f, &o), 0);
	fclose(f);
	CHECK(strstr(text, "AAA\\x1bAAA"));
	CHECK(!strchr(text, '\033'));
	free(text);
	rpmsg_collector_destroy(c);
}

static void test_seed_from_snapshot(void)
{
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	struct rpmsg_collector *c = new_collector();
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_vring_stats v;
	struct rpmsg_monitor_channel *ch;

	CHECK(snap);
	snprintf(snap->bus, sizeof(snap->bus), "demo");
	snap->tx_bufs_total = 256;
	snap->tx_bufs_free = 250;
	snap->vring[0] = (struct rpmsg_monitor_vring){
		.index = 0, .num = 256, .avail_idx = 300, .used_idx = 44, .in_flight = 256};
	snap->vring[1] = (struct rpmsg_monitor_vring){
		.index = 1, .num = 256, .avail_idx = 106, .used_idx = 100, .in_flight = 6};
	/* host side: the channel the remote announced, bound to 1024 -> 0x400 */
	ch = &snap->channels[snap->channel_count++];
	snprintf(ch->name, sizeof(ch->name), "rpmsg-tty");
	ch->local_addr = 1024;
	ch->remote_addr = 0x400;
	ch->side = RPMSG_ROLE_HOST;
	ch->origin = RPMSG_ORIGIN_PEER;
	/* remote side: an announced service nobody bound yet */
	ch = &snap->channels[snap->channel_count++];
	snprintf(ch->name, sizeof(ch->name), "sensor");
	ch->local_addr = 0x401;
	ch->remote_addr = 0xffffffff;
	ch->side = RPMSG_ROLE_REMOTE;
	ch->origin = RPMSG_ORIGIN_ANNOUNCED;

	CHECK(rpmsg_collector_seed_from_snapshot(c, snap) == 0);
	/* the bound channel shows at once, with no traffic */
	CHECK_EQ(rpmsg_collector_endpoint_count(c), 1);
	s = named_row(c, 1024, 0x400, "rpmsg-tty");
	CHECK(!strcmp(s.name_source, "snapshot"));
	CHECK_EQ(s.dir[RPMSG_COLLECTOR_TX].msgs, 0);
	/* the unbound one is named as soon as traffic appears */
	ADD(c, ev_send("demo", HOST, 5, 1025, 0x401, NULL, 3));
	s = named_row(c, 1025, 0x401, "sensor");
	/* a later announcement is newer than the snapshot */
	ADD(c, ev_ns("demo", REMOTE, 6, "sensor2", 0x401, RPMSG_EVENT_NS_CREATE, TX));
	s = named_row(c, 1025, 0x401, "sensor2");
	CHECK(!strcmp(s.name_source, "ns"));
	/* seeding again does not undo what events taught */
	CHECK(rpmsg_collector_seed_from_snapshot(c, snap) == 0);
	s = named_row(c, 1025, 0x401, "sensor2");

	/* vrings: sizes, occupancy and free TX buffers */
	CHECK_EQ(rpmsg_collector_vring_count(c), 2);
	CHECK(rpmsg_collector_vring(c, 1, &v) == 0);
	CHECK_EQ(v.vq, 1);
	CHECK_EQ(v.num, 256);
	CHECK_EQ(v.unreclaimed, 6);
	CHECK_EQ(v.num_free, 250);
	CHECK(rpmsg_collector_vring(c, 0, &v) == 0);
	CHECK_EQ(v.unreclaimed, 256);

	snap->channel_count = 1000; /* beyond the array: refused */
	CHECK(rpmsg_collector_seed_from_snapshot(c, snap) < 0);
	free(snap);
	rpmsg_collector_destroy(c);
}

static void test_seed_from_missing_bus_fails_cleanly(void)
{
	struct rpmsg_collector *c = new_collector();

	CHECK(rpmsg_bus_seed_collector(c, "no-such-bus-collector-test") < 0);
	CHECK_EQ(rpmsg_collector_endpoint_count(c), 0);
	rpmsg_collector_destroy(c);
}

int main(void)
{
	test_remote_announcement_names_the_channel();
	test_host_announcement_names_the_channel();
	test_late_names_and_destroy();
	test_endpoint_names_and_preference();
	test_names_from_the_other_side_are_kept_and_printed_escaped();
	test_seed_from_snapshot();
	test_seed_from_missing_bus_fails_cleanly();
	printf("collector names: all tests passed\n");
	return 0;
}
