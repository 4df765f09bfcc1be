// SPDX-License-Identifier: MIT
/*
 * test_overflow_keeps_counts: the bus program with a deliberately tiny ring buffer (one page)
 * that nobody reads while rpmsg-sim runs. The ring must overflow, the loss must be reported
 * (stats.lost > 0, and every probe hit is either delivered or counted lost), and the map
 * counters must still equal rpmsg-sim's own per-channel counts.
 *
 * Usage: overflow_keeps_counts LIBRPMSGBUS RPMSG_SIM
 * Exit 0 pass, 1 fail (the first failed CHECK), 77 skip (not root / no BPF).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rpmsg-test/check.h>

#include "bpf_monitor.h"

#define MESSAGES 400

static unsigned long long delivered;

static void count_event(const struct rpmsg_event *ev, void *priv)
{
	(void)ev;
	(void)priv;
	delivered++;
}

/* Run "rpmsg-sim demo" on bus @bus and wait for it. Return its exit status. */
static int run_sim(const char *sim, const char *bus)
{
	char messages[16];
	pid_t pid;
	int status;

	snprintf(messages, sizeof(messages), "%d", MESSAGES);
	pid = fork();
	if (pid == 0) {
		/* Its output is not ours: keep the test's stdout clean. */
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execl(sim, sim, "demo", "--bus", bus, "--messages", messages, "--rate", "0", "-q",
		      (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	struct rpmsg_bpf_bus_opts opts = {
		.endpoint = RPMSG_BPF_ADDR_ANY,
		.capture = RPMSG_EVENT_PAYLOAD_MAX,
		.ring_bytes = 4096,
		.events = RPMSG_BPF_EVENTS_ALL,
		.on_event = count_event,
	};
	struct rpmsg_bpf_ept_entry *epts = NULL;
	struct rpmsg_bpf_name_entry *names = NULL;
	size_t name_count = 0;
	unsigned int rows = 0;
	struct rpmsg_bpf_monitor *mon;
	struct rpmsg_bpf_stats stats;
	unsigned long long hits = 0;
	char bus[32];
	size_t n = 0;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: %s LIBRPMSGBUS RPMSG_SIM\n", argv[0]);
		return 2;
	}
	if (geteuid() != 0) {
		printf("SKIP: BPF needs root\n");
		return TEST_SKIP;
	}
	opts.lib_path = argv[1];
	snprintf(bus, sizeof(bus), "bpfovf%d", (int)getpid());
	opts.bus = bus;
	err = rpmsg_bpf_bus_open(&opts, &mon);
	CHECK(err == 0, "%s", rpmsg_bpf_last_error());
	CHECK(run_sim(argv[2], bus) == 0, "rpmsg-sim demo failed");
	/* Only now read the ring: it has overflowed long ago. */
	while (rpmsg_bpf_monitor_poll(mon, 0) > 0)
		;
	CHECK(rpmsg_bpf_stats(mon, &stats) == 0 && rpmsg_bpf_endpoint_counters(mon, &epts, &n) == 0,
	      "cannot read the maps");
	for (int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
		hits += stats.hits[t];
	printf("probe hits %llu, records delivered %llu, lost %llu, filtered %llu\n", hits,
	       delivered, (unsigned long long)stats.lost, (unsigned long long)stats.filtered);
	CHECK(stats.lost > 0, "a one-page ring buffer nobody read did not overflow");
	/*
	 * Other buses may run meanwhile (ctest -j): their hits are rejected by the bus filter and
	 * counted as filtered. Every hit is delivered, lost, filtered or lost to a full map.
	 */
	CHECK(delivered + stats.lost + stats.filtered + stats.map_full == hits,
	      "delivered + lost + filtered + map_full (%llu) != probe hits (%llu): a loss went "
	      "uncounted",
	      delivered + (unsigned long long)(stats.lost + stats.filtered + stats.map_full), hits);
	/*
	 * rpmsg-sim --messages N: every stream sends exactly N messages (echo and raw both ways,
	 * tty and sensor from the firmware, plus one "start" message from the host).
	 */
	CHECK(rpmsg_bpf_names(mon, &names, &name_count) == 0, "cannot read the names map");
	for (size_t i = 0; i < n; i++) {
		const struct rpmsg_bpf_ept_key *k = &epts[i].key;
		const struct rpmsg_bpf_ept_counters *c = &epts[i].c;
		const char *name = rpmsg_bpf_name_of(names, name_count, k->bus, k->role, k->local);
		unsigned long long want_tx = 0, want_rx = 0;

		if (k->local == 53 || k->remote == 53)
			continue; /* name service */
		if (!name)
			name = rpmsg_bpf_name_of(names, name_count, k->bus, !k->role, k->remote);
		CHECK(name, "endpoint %u->%u has no name learned", k->local, k->remote);
		/* Host view: echo and raw N both ways; tty and sensor 1 "start" out, N in. */
		want_rx = MESSAGES;
		want_tx = !strcmp(name, "rpmsg-echo") || !strcmp(name, "rpmsg-raw") ? MESSAGES : 1;
		if (k->role == RPMSG_EVENT_ROLE_REMOTE) {
			unsigned long long t = want_tx;

			want_tx = want_rx;
			want_rx = t;
		}
		printf("%s %-6s %-12s %u->%u tx %llu rx %llu (want %llu/%llu)\n", k->bus,
		       k->role ? "remote" : "host", name, k->local, k->remote,
		       (unsigned long long)c->tx_msgs, (unsigned long long)c->rx_msgs, want_tx,
		       want_rx);
		CHECK(c->tx_msgs == want_tx && c->rx_msgs == want_rx,
		      "%s counts differ from rpmsg-sim's", name);
		rows++;
	}
	CHECK(rows == 8, "%u channel endpoints counted, expected 4 on each side", rows);
	free(names);
	free(epts);
	rpmsg_bpf_monitor_close(mon);
	printf("PASS\n");
	return 0;
}
