// SPDX-License-Identifier: MIT
/*
 * bench-bus --count: the one-way stream of bus_runs.c with both roles in this process, taking
 * turns, so that `valgrind --tool=callgrind` counts the same instructions on every run: the host
 * sends a batch of sequence-numbered messages (host_send_batch(): one rpmsg_send() each, or
 * host_send_batch_api(): one rpmsg_send_batch()), then the remote drains its
 * ring once (remote_poll_pass()), until N messages arrived. No spinning, no sleeping and no
 * scheduler in between, so instructions per message on each side are the inclusive cost of
 * those two functions divided by N (see bench/RESULTS-bus.md for the command). Each turn
 * begins with a store to turn_marker (1 host, 2 remote, 3 done), which is how bench/bus/lines.sh
 * tells whose stores into the carve-out it sees in a memory trace.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "bench.h"

/* Written at the start of each turn; bench/bus/lines.sh finds it in a memory trace. */
static volatile unsigned int turn_marker;

struct count_remote {
	unsigned int received;
	unsigned int bad;
};

static int count_remote_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			   void *priv)
{
	struct count_remote *st = priv;
	uint32_t seq;

	(void)ept;
	(void)len;
	(void)src;
	memcpy(&seq, data, sizeof(seq));
	st->bad += seq != st->received;
	st->received++;
	return 0;
}

static int count_probe(struct rpmsg_channel *ch)
{
	struct rpmsg_endpoint **ept = rpmsg_channel_driver_priv(ch);

	*ept = rpmsg_channel_ept(ch);
	return 0;
}

static int count_host_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			 void *priv)
{
	(void)ept;
	(void)data;
	(void)len;
	(void)src;
	(void)priv;
	return 0;
}

/* The host's side of one turn: @n messages from sequence number *@seq on, one rpmsg_send() each. */
static __attribute__((noinline)) int host_send_batch(struct rpmsg_endpoint *ept, uint32_t *seq,
						     unsigned int n, size_t payload)
{
	uint8_t buf[512] = {0};

	for (unsigned int i = 0; i < n; i++, (*seq)++) {
		int ret;

		memcpy(buf, seq, sizeof(*seq));
		ret = rpmsg_send(ept, buf, payload);
		if (ret)
			return ret;
	}
	return 0;
}

/* Payloads of one turn through rpmsg_send_batch() (BATCH is at most 256). */
static uint8_t batch_payloads[256][512];

/* The same turn through one rpmsg_send_batch() call. */
static __attribute__((noinline)) int host_send_batch_api(struct rpmsg_endpoint *ept, uint32_t *seq,
							 unsigned int n, size_t payload)
{
	struct rpmsg_msg msgs[256];
	int ret;

	for (unsigned int i = 0; i < n; i++) {
		uint32_t s = *seq + i;

		memcpy(batch_payloads[i], &s, sizeof(s));
		msgs[i].data = batch_payloads[i];
		msgs[i].len = payload;
	}
	ret = rpmsg_send_batch(ept, msgs, n);
	if (ret < 0)
		return ret;
	*seq += (unsigned int)ret;
	return ret == (int)n ? 0 : -EIO;
}

/* The remote's side of one turn: one pass over its rings, as a polling remote makes. */
static __attribute__((noinline)) int remote_poll_pass(struct rpmsg_bus *remote)
{
	return rpmsg_bus_poll(remote, 0);
}

static void count_config(struct rpmsg_bus_config *cfg, const char *name, enum rpmsg_role role,
			 enum rpmsg_mbox_kind mbox)
{
	rpmsg_bus_config_init(cfg, name, role);
	cfg->mbox = mbox;
	cfg->threaded = false;
	cfg->attach_timeout_ms = 10000;
	cfg->tx_timeout_ms = 10000;
}

int bus_count_run(enum rpmsg_mbox_kind mbox, unsigned int batch, size_t payload,
		  unsigned int messages, bool batch_api)
{
	struct count_remote st = {0, 0};
	struct rpmsg_endpoint *host_ept = NULL, *remote_ept;
	struct rpmsg_bus *host = NULL, *remote = NULL;
	struct rpmsg_bus_config cfg;
	struct rpmsg_driver drv;
	char name[64];
	uint32_t seq = 0;
	int ret = -EIO;

	snprintf(name, sizeof(name), "bench-count-%d", (int)getpid());
	rpmsg_bus_unlink(name);
	count_config(&cfg, name, RPMSG_ROLE_HOST, mbox);
	if (rpmsg_bus_open(&cfg, &host))
		goto fail;
	memset(&drv, 0, sizeof(drv));
	drv.name = "bench";
	drv.probe = count_probe;
	drv.callback = count_host_cb;
	drv.priv = &host_ept;
	rpmsg_register_driver(host, &drv);
	count_config(&cfg, name, RPMSG_ROLE_REMOTE, mbox);
	if (rpmsg_bus_open(&cfg, &remote))
		goto fail;
	if (rpmsg_create_ept(remote, "bench", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, count_remote_cb, &st,
			     &remote_ept) ||
	    rpmsg_announce(remote_ept))
		goto fail;
	while (!host_ept)
		if (rpmsg_bus_poll(host, 10) < 0 || rpmsg_bus_poll(remote, 0) < 0)
			goto fail;
	if (line_watch_open(name))
		goto fail;
	line_watch_print_layout(name, &turn_marker);
	while (seq < messages) {
		unsigned int n = messages - seq < batch ? messages - seq : batch;

		turn_marker = 1;
		ret = batch_api ? host_send_batch_api(host_ept, &seq, n, payload)
				: host_send_batch(host_ept, &seq, n, payload);
		if (ret)
			goto fail;
		turn_marker = 2;
		ret = remote_poll_pass(remote);
		if (ret < 0)
			goto fail;
	}
	turn_marker = 3;
	ret = st.received == messages && !st.bad ? 0 : -EPROTO;
	printf("bench-bus --count: %s mailbox, batch %u through %s, %zu-byte payload: %u sent, "
	       "%u received, %u out of order\n",
	       mbox == RPMSG_MBOX_POLL ? "poll" : "futex", batch,
	       batch_api ? "rpmsg_send_batch()" : "rpmsg_send()", payload, messages, st.received,
	       st.bad);
fail:
	line_watch_close();
	if (ret && ret != -EPROTO)
		fprintf(stderr, "bench-bus --count: %s\n",
			host && rpmsg_bus_status(host) ? rpmsg_bus_error(host)
						       : rpmsg_last_error());
	if (remote)
		rpmsg_bus_close(remote);
	if (host)
		rpmsg_bus_close(host);
	return ret ? 1 : 0;
}
