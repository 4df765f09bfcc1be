// SPDX-License-Identifier: MIT
/*
 * bus_send_batch_<mailbox>: rpmsg_send_batch() and rpmsg_trysend_batch(), host and remote in
 * this process (no interrupt threads), with exact counts:
 * - a batch of 100 messages of lengths 4..496 arrives whole, in order, byte for byte; the host
 *   counts 100 messages and their bytes, and makes one kick decision for the batch (rpmsg_send()
 *   makes one per message);
 * - a batch whose 4th message is too big sends 3 and returns 3 (the 4th sent alone: -EMSGSIZE,
 *   a drop each time), nothing after it; no destination, NULL messages: -EINVAL; 0 messages: 0;
 * - rpmsg_trysend_batch() of 300 while the remote does not look: exactly the ring's 256 go, the
 *   next call gets -ENOMEM; all 256 arrive once the remote polls;
 * - rpmsg_send_batch() of 1000 with a 256-buffer ring and the remote polled by a thread: the
 *   batch publishes what it queued before it waits for buffers, so all 1000 go and arrive in
 *   order (a batch that waited with its messages unpublished would wait until its timeout);
 * - the remote's batch of 50 to the host arrives in order.
 *
 * Usage: test-bus-send-batch futex|poll
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>

#include "harness.h"

#define RING	    256 /* TX buffers per side with the default configuration */
#define BIG_BATCH   1000
#define PAYLOAD_MAX (RPMSG_DEFAULT_BUF_SIZE - sizeof(struct rpmsg_hdr))

static uint8_t payloads[BIG_BATCH][PAYLOAD_MAX];
static struct rpmsg_msg msgs[BIG_BATCH];

/* Message @seq: 4..496 bytes, the sequence number first, then a pattern from it. */
static size_t msg_len(uint32_t seq)
{
	return 4 + (seq * 37u) % (PAYLOAD_MAX - 3);
}

static void msg_fill(uint8_t *buf, uint32_t seq)
{
	memcpy(buf, &seq, sizeof(seq));
	for (size_t i = sizeof(seq); i < msg_len(seq); i++)
		buf[i] = (uint8_t)(seq * 7u + i);
}

/* msgs[0..n) = messages @first.. */
static void build(uint32_t first, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		msg_fill(payloads[i], first + i);
		msgs[i].data = payloads[i];
		msgs[i].len = msg_len(first + i);
	}
}

/* A receiver: checks that messages come in order, each as msg_fill() made it. */
struct receiver {
	unsigned int received; /* written by the polling thread, read by the main one */
	unsigned int bad;
};

static int receive_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct receiver *r = priv;
	uint32_t want = __atomic_load_n(&r->received, __ATOMIC_RELAXED);
	uint8_t expect[PAYLOAD_MAX];

	(void)ept, (void)src;
	msg_fill(expect, want);
	if (len != msg_len(want) || memcmp(data, expect, len)) {
		if (!r->bad)
			test_log("message %u: len %zu (want %zu) or its bytes differ", want, len,
				 msg_len(want));
		r->bad++;
	}
	__atomic_store_n(&r->received, want + 1, __ATOMIC_RELEASE);
	return 0;
}

static struct receiver at_remote, at_host;
static struct rpmsg_endpoint *host_ept;

/* A driver's callback gets its channel as @priv: the host's receiver is at_host. */
static int host_receive_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			   void *priv)
{
	(void)priv;
	return receive_cb(ept, data, len, src, &at_host);
}

static int batch_probe(struct rpmsg_channel *ch)
{
	host_ept = rpmsg_channel_ept(ch);
	return 0;
}

/* Poll @bus until @r received @want messages in all (a hang guard, not a timing). */
static void poll_until(struct rpmsg_bus *bus, struct receiver *r, unsigned int want)
{
	uint64_t deadline = test_deadline(TEST_WAIT_MS);

	while (__atomic_load_n(&r->received, __ATOMIC_ACQUIRE) < want) {
		CHECK(!test_expired(deadline), "%u of %u messages arrived", r->received, want);
		CHECK(rpmsg_bus_poll(bus, 1) >= 0, "poll: %s", rpmsg_bus_error(bus));
	}
	CHECK_EQ(r->received, want);
	CHECK_EQ(r->bad, 0);
}

struct remote_poller {
	struct rpmsg_bus *bus;
	unsigned int want;
};

static void *remote_poll_thread(void *arg)
{
	struct remote_poller *p = arg;

	poll_until(p->bus, &at_remote, p->want);
	return NULL;
}

static uint64_t kick_decisions(const struct rpmsg_bus_stats *st)
{
	return st->kicks_sent + st->kicks_suppressed;
}

int main(int argc, char **argv)
{
	struct rpmsg_bus_stats before, after;
	struct rpmsg_endpoint *remote_ept, *no_dst;
	struct rpmsg_bus *host, *remote;
	struct rpmsg_bus_config cfg;
	struct remote_poller poller;
	struct rpmsg_driver drv;
	enum rpmsg_mbox_kind mbox;
	char bus_name[RPMSG_BUS_NAME_MAX];
	uint64_t bytes = 0;
	pthread_t thread;
	int ret;

	test_set_side("host");
	if (argc != 2 || (strcmp(argv[1], "futex") && strcmp(argv[1], "poll"))) {
		fprintf(stderr, "usage: test-bus-send-batch futex|poll\n");
		return 2;
	}
	mbox = strcmp(argv[1], "poll") ? RPMSG_MBOX_FUTEX : RPMSG_MBOX_POLL;
	test_bus_name(bus_name, sizeof(bus_name), "sendbatch");
	test_cleanup_bus(bus_name, NULL);
	test_config(&cfg, bus_name, RPMSG_ROLE_HOST, mbox, NULL);
	cfg.threaded = false;
	cfg.tx_timeout_ms = TEST_WAIT_MS;
	host = test_open_bus(&cfg);
	test_driver(&drv, "batch", batch_probe, host_receive_cb, NULL);
	CHECK_RC(rpmsg_register_driver(host, &drv), 0);
	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, mbox, NULL);
	cfg.threaded = false;
	cfg.tx_timeout_ms = TEST_WAIT_MS;
	remote = test_open_bus(&cfg);
	CHECK_RC(rpmsg_create_ept(remote, "batch", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, receive_cb,
				  &at_remote, &remote_ept),
		 0);
	CHECK_RC(rpmsg_announce(remote_ept), 0);
	for (uint64_t deadline = test_deadline(TEST_WAIT_MS); !host_ept;) {
		CHECK(!test_expired(deadline), "the host never bound \"batch\"");
		CHECK(rpmsg_bus_poll(host, 1) >= 0 && rpmsg_bus_poll(remote, 0) >= 0);
	}

	/* 100 messages, one batch: all of them, in order, counted, one kick decision */
	build(0, 100);
	for (unsigned int i = 0; i < 100; i++)
		bytes += msgs[i].len;
	rpmsg_bus_get_stats(host, &before);
	CHECK_RC(rpmsg_send_batch(host_ept, msgs, 100), 100);
	rpmsg_bus_get_stats(host, &after);
	CHECK_EQ(after.tx_msgs - before.tx_msgs, 100);
	CHECK_EQ(after.tx_bytes - before.tx_bytes, bytes);
	CHECK_EQ(kick_decisions(&after) - kick_decisions(&before), 1);
	poll_until(remote, &at_remote, 100);
	/* the same through rpmsg_send(): a decision per message */
	build(100, 10);
	rpmsg_bus_get_stats(host, &before);
	for (unsigned int i = 0; i < 10; i++)
		CHECK_RC(rpmsg_send(host_ept, msgs[i].data, msgs[i].len), 0);
	rpmsg_bus_get_stats(host, &after);
	CHECK_EQ(kick_decisions(&after) - kick_decisions(&before), 10);
	poll_until(remote, &at_remote, 110);

	/* a message too big ends the batch: the three before it go, nothing after it */
	build(110, 5);
	msgs[3].len = PAYLOAD_MAX + 1;
	rpmsg_bus_get_stats(host, &before);
	CHECK_RC(rpmsg_send_batch(host_ept, msgs, 5), 3);
	CHECK_RC(rpmsg_send_batch(host_ept, &msgs[3], 2), -EMSGSIZE);
	rpmsg_bus_get_stats(host, &after);
	CHECK_EQ(after.tx_msgs - before.tx_msgs, 3);
	CHECK_EQ(after.drops - before.drops, 2);
	poll_until(remote, &at_remote, 113);
	CHECK_RC(rpmsg_send_batch(host_ept, msgs, 0), 0);
	CHECK_RC(rpmsg_send_batch(host_ept, NULL, 1), -EINVAL);
	CHECK_RC(rpmsg_create_ept(host, "no-dst", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, NULL, NULL,
				  &no_dst),
		 0);
	CHECK_RC(rpmsg_send_batch(no_dst, msgs, 1), -EINVAL);
	rpmsg_destroy_ept(no_dst);

	/* without waiting: exactly the ring's buffers go, then none */
	build(113, 300);
	CHECK_RC(rpmsg_trysend_batch(host_ept, msgs, 300), RING);
	CHECK_RC(rpmsg_trysend_batch(host_ept, &msgs[RING], 300 - RING), -ENOMEM);
	poll_until(remote, &at_remote, 113 + RING);

	/* waiting: 1000 through a 256-buffer ring while a thread polls the remote */
	build(113 + RING, BIG_BATCH);
	poller.bus = remote;
	poller.want = 113 + RING + BIG_BATCH;
	CHECK_RC(pthread_create(&thread, NULL, remote_poll_thread, &poller), 0);
	ret = rpmsg_send_batch(host_ept, msgs, BIG_BATCH);
	CHECK_RC(pthread_join(thread, NULL), 0);
	CHECK_RC(ret, BIG_BATCH);

	/* the other direction: the remote's batch to the host (its destination learned) */
	build(0, 50);
	CHECK_RC(rpmsg_send_batch(remote_ept, msgs, 50), 50);
	poll_until(host, &at_host, 50);

	rpmsg_bus_close(remote);
	rpmsg_bus_close(host);
	test_log("batches sent and received with the expected counts");
	return 0;
}
