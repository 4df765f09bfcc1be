// SPDX-License-Identifier: MIT
/*
 * librpmsgbus measured the way a user runs it: host in this process, remote ("firmware") in a
 * forked process, one channel "bench" announced by the remote.
 * - One way: the host sends N sequence-numbered messages; the remote checks every sequence
 *   number and reports through a pipe when the last one arrived.
 * - Round trip: the host sends one message and waits for its echo, N times.
 * With the polling mailbox both sides run without an interrupt thread and spin in
 * rpmsg_bus_poll(), as a polling user would; with futex and socket doorbells the remote uses
 * its interrupt thread and the host either sends from its main thread (one way) or waits for
 * the echo in rpmsg_bus_poll() (round trip), so wake-ups are real sleeps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "bench.h"

struct remote_state {
	unsigned int expected;
	unsigned int received;
	unsigned int bad;
	int report_fd;
	bool echo;
};

static int remote_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct remote_state *st = priv;
	uint32_t seq;

	if (st->echo)
		return rpmsg_sendto(ept, data, len, src);
	memcpy(&seq, data, sizeof(seq));
	st->bad += seq != st->received;
	if (++st->received == st->expected) {
		char verdict = st->bad ? 'B' : 'K';

		if (write(st->report_fd, &verdict, 1) != 1)
			st->bad++;
	}
	return 0;
}

static void bus_name_for(char *name, size_t size, const char *what)
{
	snprintf(name, size, "bench-%s-%d", what, (int)getpid());
}

static void config_for(struct rpmsg_bus_config *cfg, const char *name, enum rpmsg_role role,
		       enum rpmsg_mbox_kind mbox)
{
	rpmsg_bus_config_init(cfg, name, role);
	cfg->mbox = mbox;
	cfg->attach_timeout_ms = 10000;
	cfg->tx_timeout_ms = 10000;
}

/* The remote: announce "bench", then serve until the host closes the bus. */
static void run_remote(const char *name, enum rpmsg_mbox_kind mbox, struct remote_state *st)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;

	config_for(&cfg, name, RPMSG_ROLE_REMOTE, mbox);
	cfg.threaded = mbox != RPMSG_MBOX_POLL;
	if (rpmsg_bus_open(&cfg, &bus)) {
		fprintf(stderr, "bench remote: %s\n", rpmsg_last_error());
		_exit(1);
	}
	if (rpmsg_create_ept(bus, "bench", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remote_cb, st, &ept) ||
	    rpmsg_announce(ept))
		_exit(1);
	while (!rpmsg_bus_status(bus)) {
		if (mbox == RPMSG_MBOX_POLL)
			rpmsg_bus_poll(bus, 0);
		else
			usleep(20000);
	}
	_exit(0); /* the host went away: that is how a run ends */
}

struct host {
	struct rpmsg_bus *bus;
	struct rpmsg_endpoint *ept;
	volatile unsigned int echoes;
	pid_t remote;
};

static int host_probe(struct rpmsg_channel *ch)
{
	struct host *h = rpmsg_channel_driver_priv(ch);

	h->ept = rpmsg_channel_ept(ch);
	return 0;
}

static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct host *h = rpmsg_channel_driver_priv(priv);

	h->echoes++;
	return 0;
}

static int host_start(struct host *h, struct rpmsg_driver *drv, const char *name,
		      enum rpmsg_mbox_kind mbox, bool threaded, struct remote_state *st)
{
	struct rpmsg_bus_config cfg;

	memset(h, 0, sizeof(*h));
	rpmsg_bus_unlink(name);
	config_for(&cfg, name, RPMSG_ROLE_HOST, mbox);
	cfg.threaded = threaded;
	if (rpmsg_bus_open(&cfg, &h->bus)) {
		fprintf(stderr, "bench host: %s\n", rpmsg_last_error());
		return -1;
	}
	memset(drv, 0, sizeof(*drv));
	drv->name = "bench";
	drv->probe = host_probe;
	drv->callback = host_cb;
	drv->priv = h;
	rpmsg_register_driver(h->bus, drv);
	h->remote = fork();
	if (h->remote == 0)
		run_remote(name, mbox, st);
	while (!h->ept) {
		if (rpmsg_bus_status(h->bus))
			return -1;
		if (threaded)
			usleep(1000);
		else
			rpmsg_bus_poll(h->bus, 10);
	}
	return 0;
}

static void host_stop(struct host *h)
{
	rpmsg_bus_close(h->bus);
	waitpid(h->remote, NULL, 0);
}

/*
 * The host's side of the one-way run through rpmsg_send_batch(): @batch messages a call, each
 * with its own sequence number; a partial batch's rest goes again in the next call.
 * Return: 0, or the error (said on stderr).
 */
static int send_batched(struct rpmsg_endpoint *ept, size_t payload, unsigned int messages,
			unsigned int batch)
{
	static uint8_t bufs[BENCH_MAX_BATCH][512];
	struct rpmsg_msg msgs[BENCH_MAX_BATCH];
	uint32_t seq = 0;

	for (unsigned int i = 0; i < batch; i++) {
		msgs[i].data = bufs[i];
		msgs[i].len = payload;
	}
	while (seq < messages) {
		unsigned int n = messages - seq < batch ? messages - seq : batch;
		int ret;

		for (unsigned int i = 0; i < n; i++) {
			uint32_t s = seq + i;

			memcpy(bufs[i], &s, sizeof(s));
		}
		ret = rpmsg_send_batch(ept, msgs, n);
		if (ret < 0) {
			fprintf(stderr, "bench: batch send at %u failed: %s\n", seq,
				strerror(-ret));
			return ret;
		}
		seq += (unsigned int)ret;
	}
	return 0;
}

struct throughput bus_one_way(enum rpmsg_mbox_kind mbox, size_t payload, unsigned int messages,
			      unsigned int batch, struct rpmsg_bus_stats *host_stats)
{
	struct throughput t = {0, 0};
	struct remote_state st = {.expected = messages};
	struct rpmsg_driver drv;
	uint8_t buf[512] = {0};
	uint64_t start, end;
	struct host h;
	char name[64], verdict = 0;
	int report[2];

	bus_name_for(name, sizeof(name), "oneway");
	if (pipe(report))
		return t;
	st.report_fd = report[1];
	if (host_start(&h, &drv, name, mbox, mbox != RPMSG_MBOX_POLL, &st))
		return t;
	start = bench_now_ns();
	if (batch && send_batched(h.ept, payload, messages, batch))
		goto out;
	for (uint32_t seq = 0; !batch && seq < messages; seq++) {
		int ret;

		memcpy(buf, &seq, sizeof(seq));
		ret = rpmsg_send(h.ept, buf, payload);
		if (ret) {
			fprintf(stderr, "bench: send %u failed: %s\n", seq, strerror(-ret));
			goto out;
		}
	}
	if (read(report[0], &verdict, 1) != 1 || verdict != 'K') {
		fprintf(stderr, "bench: remote saw missing or reordered messages\n");
		goto out;
	}
	end = bench_now_ns();
	t.msgs_per_s = messages / ((end - start) / 1e9);
	t.mb_per_s = t.msgs_per_s * payload / 1e6;
out:
	if (host_stats)
		rpmsg_bus_get_stats(h.bus, host_stats);
	host_stop(&h);
	close(report[0]);
	close(report[1]);
	return t;
}

struct latency bus_rtt(enum rpmsg_mbox_kind mbox, size_t payload, unsigned int iterations)
{
	struct latency l = {0, 0};
	struct remote_state st = {.echo = true, .report_fd = -1};
	uint64_t *samples = calloc(iterations, sizeof(*samples));
	struct rpmsg_driver drv;
	uint8_t buf[512] = {0};
	struct host h;
	char name[64];

	bus_name_for(name, sizeof(name), "rtt");
	/* The host waits for each echo in rpmsg_bus_poll(): no interrupt thread in between. */
	if (host_start(&h, &drv, name, mbox, false, &st)) {
		free(samples);
		return l;
	}
	for (unsigned int i = 0; i < iterations; i++) {
		unsigned int want = h.echoes + 1;
		uint64_t t0 = bench_now_ns();

		if (rpmsg_send(h.ept, buf, payload))
			goto out;
		while (h.echoes < want)
			if (rpmsg_bus_poll(h.bus, mbox == RPMSG_MBOX_POLL ? 0 : 1000) < 0)
				goto out;
		samples[i] = bench_now_ns() - t0;
	}
	l = latency_from_samples(samples, iterations);
out:
	host_stop(&h);
	free(samples);
	return l;
}
