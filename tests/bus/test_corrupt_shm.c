// SPDX-License-Identifier: MIT
/*
 * bus_corrupt_<case>: with a real bus running, a third process writes garbage into the shared
 * memory (/dev/shm/rpmsg-<name>), at a place it finds from the resource table the way a debugger
 * would. The side that reads the field next (the "victim") must report -EIO, with an error string
 * (rpmsg_bus_error) naming the field and the value, and must not crash, hang or trip ASan; the
 * bus stays broken (-EIO again) and closes cleanly. Ring faults are caught on both sides and on
 * both paths (receiving, and taking a buffer to send). Two cases are not ring faults, and the
 * bus carries on after them as the kernel's does: a header whose len exceeds what the buffer
 * holds is dropped and counted; a name-service name without a NUL is cut to 31 bytes and counted
 * (rpmsg_ns_cb() copies RPMSG_NAME_SIZE bytes and terminates).
 *
 * Both sides run in polling mode (threaded = false) so the garbage is written after the producer
 * published and before the victim looks, deterministically.
 *
 * Usage: test-bus-corrupt-shm CASE (a name from cases[] below)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"
#include "shm_view.h"

/* Who reads the garbage, and what makes them read it. */
enum trigger {
	HOST_POLL,   /* the host receives (rpmsg_bus_poll) */
	HOST_SEND,   /* the host reclaims a TX buffer (rpmsg_send after the fresh ones are used) */
	REMOTE_POLL, /* the remote receives */
	REMOTE_SEND, /* the remote takes a host RX buffer to send into */
	HOST_DROP,   /* not a ring fault: the message is dropped and counted, as the kernel does */
	HOST_NS,     /* not a fault: the name is terminated and counted, as the kernel does */
};

static const struct corruption {
	const char *name;
	enum trigger trigger;
	const char *field; /* the error must contain this */
} cases[] = {
	{"used_idx", HOST_POLL, "used idx"}, /* vq0 used->idx far beyond the buffers in flight */
	{"used_id", HOST_POLL, "id"},	     /* vq0 used->ring[].id >= num */
	{"used_len", HOST_POLL, "len"},	     /* vq0 used->ring[].len > buffer size */
	{"ns_name", HOST_NS, ""},	     /* a name-service message without a NUL */
	{"tx_used_id", HOST_SEND, "id"},     /* vq1 used->ring[].id >= num */
	{"desc_addr", REMOTE_POLL, "addr"},  /* vq1 desc[].addr outside the carve-out */
	{"desc_loop", REMOTE_POLL, "chain"}, /* vq1 desc[] pointing at itself with NEXT */
	{"avail_idx", REMOTE_POLL, "avail idx"}, /* vq1 avail->idx far beyond the ring */
	{"rx_desc_addr", REMOTE_SEND, "addr"},	 /* vq0 desc[].addr outside the carve-out */
	{"hdr_len", HOST_DROP, ""},		 /* rpmsg_hdr.len larger than the buffer holds */
};

/* Shared by the host, the remote and the corrupter (MAP_SHARED, set up before forking). */
struct shared {
	int which;
	char value[48]; /* the garbage written, as the error should print it ("" = no value) */
};

static struct shared *shared;
static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;
static uint64_t pa_base;

static const struct corruption *current(void)
{
	return &cases[shared->which];
}

/* A third party (rpmsg-top) sees the reason too, or refuses the snapshot with its own. */
static void check_monitor_sees_it(void)
{
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	struct rpmsg_monitor *mon;
	int rc;

	CHECK(snap);
	CHECK_RC(rpmsg_monitor_open(bus_name, &mon), 0);
	rc = rpmsg_monitor_snapshot(mon, snap);
	if (rc == 0)
		CHECK(test_contains_ci(snap->broken, current()->field),
		      "monitor snapshot says broken \"%s\"", snap->broken);
	else
		CHECK(rc == -EIO && rpmsg_monitor_error(mon)[0], "monitor snapshot: %s",
		      test_errname(rc));
	test_log("monitor: %s", rc ? rpmsg_monitor_error(mon) : snap->broken);
	rpmsg_monitor_close(mon);
	free(snap);
}

/* The victim's view: -EIO now and on every later call, with an error naming field and value. */
static void check_victim(struct rpmsg_bus *bus, int rc)
{
	const char *err = rpmsg_bus_error(bus);

	test_log("victim reports: %s (%s)", test_errname(rc), err);
	CHECK_RC(rc, -EIO);
	CHECK_RC(rpmsg_bus_status(bus), -EIO);
	CHECK(test_contains_ci(err, current()->field),
	      "error \"%s\" does not name the field \"%s\"", err, current()->field);
	CHECK(test_contains_ci(err, shared->value), "error \"%s\" does not give the value %s", err,
	      shared->value);
	CHECK_RC(rpmsg_bus_poll(bus, 0), -EIO);
	check_monitor_sees_it();
}

/* Poll until the bus reports an error (or TEST_WAIT_MS passes with messages only). */
static int poll_until_error(struct rpmsg_bus *bus)
{
	int rc = 0;

	for (uint64_t end = test_deadline(TEST_WAIT_MS); !test_expired(end) && rc >= 0;)
		rc = rpmsg_bus_poll(bus, 10);
	return rc;
}

/*
 * The host read a name-service name of 32 'N' and no NUL: it made a channel named 31 'N' (as
 * the kernel terminates the name), counted it, and the bus is healthy.
 */
static void check_ns_name_terminated(struct rpmsg_bus *bus, struct test_channels *tc)
{
	char want[RPMSG_NAME_SIZE];
	struct rpmsg_bus_stats st;
	int binds;

	memset(want, 'N', sizeof(want) - 1);
	want[sizeof(want) - 1] = 0;
	for (uint64_t end = test_deadline(TEST_WAIT_MS);;) {
		CHECK(rpmsg_bus_poll(bus, 10) >= 0, "poll: %s", rpmsg_bus_error(bus));
		pthread_mutex_lock(&tc->lock);
		binds = tc->ns_count;
		pthread_mutex_unlock(&tc->lock);
		if (binds)
			break;
		CHECK(!test_expired(end),
		      "the announcement with an unterminated name never arrived");
	}
	CHECK_EQ(binds, 1);
	CHECK_STR_EQ(tc->ns[0].name, want);
	rpmsg_bus_get_stats(bus, &st);
	CHECK_EQ(st.ns_names_unterminated, 1);
	CHECK_EQ(st.drops, 0);
	CHECK_RC(rpmsg_bus_status(bus), 0);
	test_log("unterminated name cut to \"%s\" and counted; the bus carries on", want);
}

/* A send that must return: run it in a thread and fail clearly if it hangs (a deadlock). */
struct guarded_send {
	struct rpmsg_endpoint *ept;
	uint32_t dst;
	int rc;
};

static void *guarded_send_main(void *arg)
{
	struct guarded_send *g = arg;
	static const char msg[] = "into a bad ring";

	g->rc = rpmsg_trysendto(g->ept, msg, sizeof(msg), g->dst);
	return NULL;
}

static int send_must_return(struct rpmsg_endpoint *ept, uint32_t dst)
{
	struct guarded_send g = {.ept = ept, .dst = dst};
	struct timespec deadline;
	pthread_t th;

	CHECK(pthread_create(&th, NULL, guarded_send_main, &g) == 0);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += TEST_WAIT_MS / 1000;
	CHECK(pthread_timedjoin_np(th, NULL, &deadline) == 0,
	      "rpmsg_trysendto() on a corrupted ring did not return in %d s (deadlock?)",
	      TEST_WAIT_MS / 1000);
	return g.rc;
}

/* --- remote --- */

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept = NULL;
	struct rpmsg_bus *bus;
	struct test_cmd cmd;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	cfg.threaded = false;
	bus = test_open_bus(&cfg);
	CHECK_RC(rpmsg_create_ept(bus, "victim", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, NULL, NULL, &ept),
		 0);
	for (;;) {
		CHECK(test_link_recv(&ctl, &cmd, TEST_WAIT_MS), "no command from the host");
		switch (cmd.op) {
		case 'A':
			CHECK_RC(rpmsg_announce(ept), 0);
			test_link_send(&ctl, 'a', 0);
			break;
		case 'S': {
			static const char msg[] = "hello host";

			CHECK_RC(rpmsg_sendto(ept, msg, sizeof(msg), (uint32_t)cmd.value), 0);
			test_link_send(&ctl, 's', 0);
			break;
		}
		case 'T': /* the host's RX buffer we will take next was corrupted */
			check_victim(bus, send_must_return(ept, (uint32_t)cmd.value));
			test_link_send(&ctl, 't', 0);
			break;
		case 'C': { /* consume: receive until cmd.value messages arrived */
			struct rpmsg_bus_stats st;
			uint64_t end = test_deadline(TEST_WAIT_MS);

			do {
				CHECK(rpmsg_bus_poll(bus, 10) >= 0, "poll: %s",
				      rpmsg_bus_error(bus));
				rpmsg_bus_get_stats(bus, &st);
				CHECK(!test_expired(end), "%llu of %lld messages",
				      (unsigned long long)st.rx_msgs, (long long)cmd.value);
			} while (st.rx_msgs < (uint64_t)cmd.value);
			test_link_send(&ctl, 'c', 0);
			break;
		}
		case 'X': /* the host's message was corrupted: we must find out */
			check_victim(bus, poll_until_error(bus));
			test_link_send(&ctl, 'x', 0);
			break;
		case 'Q':
			rpmsg_bus_close(bus);
			return 0;
		}
	}
}

/* --- the third actor --- */

static void format_u(uint64_t v)
{
	snprintf(shared->value, sizeof(shared->value), "%llu", (unsigned long long)v);
}

static int corrupter_main(void *arg)
{
	const char *name = current()->name;
	struct shm_view v;
	uint16_t head;

	shm_view_open(&v, bus_name, pa_base, true);
	if (!strcmp(name, "used_idx")) {
		uint16_t bad = shm_view_used_idx(&v, 0) + 300;

		__atomic_store_n(&v.vr[0].used->idx, bad, __ATOMIC_RELEASE);
		format_u(bad);
	} else if (!strcmp(name, "used_id")) {
		uint16_t idx = shm_view_used_idx(&v, 0);

		v.vr[0].used->ring[(uint16_t)(idx - 1) % v.num].id = 0xbad0;
		format_u(0xbad0);
	} else if (!strcmp(name, "used_len")) {
		uint16_t idx = shm_view_used_idx(&v, 0);

		v.vr[0].used->ring[(uint16_t)(idx - 1) % v.num].len = 1512;
		format_u(1512);
	} else if (!strcmp(name, "desc_addr")) {
		uint64_t bad = pa_base + v.size + 0x1000;

		shm_view_last_avail_buf(&v, 1, &head);
		v.vr[1].desc[head].addr = bad;
		snprintf(shared->value, sizeof(shared->value), "0x%llx", (unsigned long long)bad);
	} else if (!strcmp(name, "desc_loop")) {
		shm_view_last_avail_buf(&v, 1, &head);
		v.vr[1].desc[head].flags |= VRING_DESC_F_NEXT;
		v.vr[1].desc[head].next = head;
		format_u(head);
	} else if (!strcmp(name, "avail_idx")) {
		uint16_t bad = shm_view_avail_idx(&v, 1) + 300;

		__atomic_store_n(&v.vr[1].avail->idx, bad, __ATOMIC_RELEASE);
		format_u(bad);
	} else if (!strcmp(name, "tx_used_id")) {
		/* every entry the host has not reclaimed yet: whichever it reads next is bad */
		uint16_t idx = shm_view_used_idx(&v, 1);

		CHECK(idx >= v.num, "vq1 used idx %u: the remote consumed too little", idx);
		for (unsigned int i = 0; i < v.num; i++)
			v.vr[1].used->ring[i].id = 0xbad1;
		format_u(0xbad1);
	} else if (!strcmp(name, "hdr_len")) {
		struct rpmsg_hdr *hdr = shm_view_last_used_buf(&v, 0, &head);

		CHECK(hdr->len == 11, "newest message in vq0 has len %u", hdr->len);
		hdr->len = 4000;
		format_u(4000);
	} else if (!strcmp(name, "rx_desc_addr")) {
		/* the remote takes host RX buffers in avail order; it has used as many as it sent
		 */
		uint16_t next = shm_view_used_idx(&v, 0);
		uint64_t bad = pa_base - 0x1000;

		head = v.vr[0].avail->ring[next % v.num];
		CHECK(head < v.num, "vq0 avail entry %u: head %u", next, head);
		v.vr[0].desc[head].addr = bad;
		snprintf(shared->value, sizeof(shared->value), "0x%llx", (unsigned long long)bad);
	} else if (!strcmp(name, "ns_name")) {
		struct rpmsg_hdr *hdr = shm_view_last_used_buf(&v, 0, &head);
		struct rpmsg_ns_msg *ns = (struct rpmsg_ns_msg *)hdr->data;

		CHECK(hdr->dst == RPMSG_NS_ADDR && hdr->len == sizeof(*ns),
		      "newest message in vq0 is not a name-service message (dst %u len %u)",
		      hdr->dst, hdr->len);
		CHECK(!strcmp(ns->name, "victim"), "announced name \"%.32s\"", ns->name);
		memset(ns->name, 'N', sizeof(ns->name)); /* 32 bytes, no terminating NUL */
		shared->value[0] = '\0';
	}
	test_log("wrote %s = %s", name, shared->value);
	shm_view_close(&v);
	return 0;
}

static void corrupt(void)
{
	CHECK_RC(test_wait_child(test_spawn("corrupter", NULL, corrupter_main, NULL), TEST_WAIT_MS,
				 0),
		 0);
}

/* --- host --- */

static int host_rx_count; /* polling mode: callbacks run in this thread */

static int host_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	host_rx_count++;
	return 0;
}

static struct rpmsg_endpoint *poll_for_channel(struct rpmsg_bus *bus, struct test_channels *tc)
{
	struct test_channel_rec r;

	for (uint64_t end = test_deadline(TEST_WAIT_MS); !test_expired(end);) {
		if (channels_find(tc, "victim", RPMSG_ADDR_ANY, &r) && r.ept)
			return r.ept;
		CHECK(rpmsg_bus_poll(bus, 10) >= 0, "poll: %s", rpmsg_bus_error(bus));
	}
	CHECK(0, "the remote's channel never appeared");
	return NULL;
}

int main(int argc, char **argv)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_driver drv;
	struct test_channels tc;
	struct rpmsg_endpoint *ept = NULL; /* HOST_NS never binds one */
	struct rpmsg_bus *bus;
	pid_t remote;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
		      0);
	CHECK(shared != MAP_FAILED);
	shared->which = -1;
	for (size_t i = 0; argc == 2 && i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(argv[1], cases[i].name))
			shared->which = (int)i;
	if (shared->which < 0) {
		fprintf(stderr, "usage: %s CASE (a name from cases[] in %s)\n", argv[0], __FILE__);
		return 2;
	}
	remote = channels_host_start(&tc, &ctl, bus_name, sizeof(bus_name), "corrupt", remote_main,
				     &cfg);
	cfg.threaded = false;
	cfg.pa_base = 0x30000000; /* not the default: translation must use the table's addresses */
	pa_base = cfg.pa_base;
	cfg.ns_bind = channels_ns_bind;
	cfg.priv = &tc;
	bus = test_open_bus(&cfg);
	channels_register(bus, &drv, "victim", host_rx, &tc);
	CHECK_RC(rpmsg_bus_wait_peer(bus, TEST_WAIT_MS), 0);

	test_link_send(&ctl, 'A', 0);
	test_link_expect(&ctl, 'a');
	/* HOST_NS corrupts the announcement before the host has read it */
	if (current()->trigger != HOST_NS)
		ept = poll_for_channel(bus, &tc);
	switch (current()->trigger) {
	case HOST_NS:
		corrupt();
		check_ns_name_terminated(bus, &tc);
		break;
	case HOST_POLL:
		test_link_send(&ctl, 'S', rpmsg_ept_addr(ept));
		test_link_expect(&ctl, 's');
		corrupt();
		check_victim(bus, poll_until_error(bus));
		CHECK_RC(rpmsg_trysend(ept, "x", 1), -EIO);
		break;
	case HOST_SEND: {
		/* use up the fresh TX buffers; the remote consumes them; the next send reclaims */
		unsigned int window = cfg.buf_count / 2;

		for (unsigned int i = 0; i < window; i++)
			CHECK_RC(rpmsg_trysend(ept, "fill", 4), 0);
		test_link_send(&ctl, 'C', window);
		test_link_expect(&ctl, 'c');
		corrupt();
		check_victim(bus, send_must_return(ept, rpmsg_ept_dst(ept)));
		break;
	}
	case REMOTE_POLL:
		CHECK_RC(rpmsg_send(ept, "to the remote", 14), 0);
		corrupt();
		test_link_send(&ctl, 'X', 0);
		test_link_expect(&ctl, 'x');
		break;
	case REMOTE_SEND:
		corrupt();
		test_link_send(&ctl, 'T', rpmsg_ept_addr(ept));
		test_link_expect(&ctl, 't');
		break;
	case HOST_DROP: {
		struct rpmsg_bus_stats st0, st1;

		rpmsg_bus_get_stats(bus, &st0);
		test_link_send(&ctl, 'S', rpmsg_ept_addr(ept));
		test_link_expect(&ctl, 's');
		corrupt();
		for (uint64_t end = test_deadline(TEST_WAIT_MS);;) {
			CHECK(rpmsg_bus_poll(bus, 10) >= 0, "poll: %s", rpmsg_bus_error(bus));
			rpmsg_bus_get_stats(bus, &st1);
			if (st1.drops > st0.drops)
				break;
			CHECK(!test_expired(end), "a message claiming 4000 bytes was not dropped");
		}
		CHECK(host_rx_count == 0, "the message claiming 4000 bytes was delivered");
		CHECK_RC(rpmsg_bus_status(bus), 0);
		/* the bus carries on: the next message arrives */
		test_link_send(&ctl, 'S', rpmsg_ept_addr(ept));
		test_link_expect(&ctl, 's');
		for (uint64_t end = test_deadline(TEST_WAIT_MS); host_rx_count == 0;) {
			CHECK(rpmsg_bus_poll(bus, 10) >= 0, "poll: %s", rpmsg_bus_error(bus));
			CHECK(!test_expired(end), "the bus stopped after a dropped message");
		}
		test_log("dropped and counted; the next message arrived");
		break;
	}
	}
	test_pair_finish(&ctl, remote, bus);
	channels_destroy(&tc);
	munmap(shared, sizeof(*shared));
	test_log("PASS");
	return 0;
}
