// SPDX-License-Identifier: MIT
/*
 * bench-bus: librpmsgbus one-way throughput (16, 64, 496-byte payloads) and echo round trip per
 * mailbox backend, beside the baselines measured in the same run, printed as a table of ratios.
 * Usage: bench-bus [--quick]   (--quick: fewer messages, for a smoke run)
 *        bench-bus --count poll|futex BATCH MESSAGES [BYTES [send|batch]]
 *                  (both roles in this process, taking turns: for valgrind --tool=callgrind;
 *                  the host's turn is BATCH rpmsg_send() calls, or one rpmsg_send_batch())
 *        bench-bus --stream poll|futex|socket BYTES MESSAGES [BATCH]
 *                  (one one-way run beside one bare-ring run: a quick figure while tuning;
 *                  with BATCH, the host sends through rpmsg_send_batch() BATCH at a time)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/numbers.h>

#include "bench.h"

static const char *const mbox_names[] = {"futex", "poll", "socket"};

/*
 * Two busy processes on a 2-core VM lose whole time slices to any other load, which only ever
 * makes a run slower. Each figure is therefore the best of RUNS runs, for our code and for the
 * baselines alike.
 */
#define RUNS 3

static struct throughput best_throughput(struct throughput a, struct throughput b)
{
	return b.msgs_per_s > a.msgs_per_s ? b : a;
}

static struct latency best_latency(struct latency a, struct latency b)
{
	return (a.p50_us == 0 || (b.p50_us > 0 && b.p50_us < a.p50_us)) ? b : a;
}
static const size_t sizes[] = {16, 64, 496};
/* Messages a streaming sender hands to one rpmsg_send_batch() call in the one-way runs. */
#define STREAM_BATCH 32

static int usage(void)
{
	fprintf(stderr, "Usage: bench-bus [--quick]\n"
			"       bench-bus --count poll|futex BATCH MESSAGES [BYTES [send|batch]]\n"
			"       bench-bus --stream poll|futex|socket BYTES MESSAGES [BATCH]\n");
	return 2;
}

/* The mailbox named @arg (one of mbox_names, up to @max_kind) in @mbox. Return: 0 or -1. */
static int parse_mbox(const char *option, const char *arg, int max_kind, enum rpmsg_mbox_kind *mbox)
{
	for (int m = 0; m <= max_kind; m++) {
		if (!strcmp(arg, mbox_names[m])) {
			*mbox = (enum rpmsg_mbox_kind)m;
			return 0;
		}
	}
	fprintf(stderr, "bench-bus: %s: mailbox '%s' is not one of %s\n", option, arg,
		max_kind == RPMSG_MBOX_POLL ? "futex, poll" : "futex, poll, socket");
	return -1;
}

/* Argument @what of @option, a number in [@min, @max]; a line says which when it is not. */
static int parse_number(const char *option, const char *what, const char *arg, uint64_t min,
			uint64_t max, uint64_t *out)
{
	if (!rpmsg_parse_u64(arg, min, max, out))
		return 0;
	fprintf(stderr, "bench-bus: %s: %s '%s' is not in [%" PRIu64 ", %" PRIu64 "]\n", option,
		what, arg, min, max);
	return -1;
}

/* --count MBOX BATCH MESSAGES [BYTES [send|batch]]: the deterministic stream of count.c. */
static int count_main(int argc, char **argv)
{
	uint64_t batch, messages, bytes = 64;
	enum rpmsg_mbox_kind mbox;
	bool batch_api = false;

	if (argc < 5 || argc > 7)
		return usage();
	if (parse_mbox("--count", argv[2], RPMSG_MBOX_POLL, &mbox))
		return 2;
	if (parse_number("--count", "BATCH", argv[3], 1, 256, &batch))
		return 2;
	if (parse_number("--count", "MESSAGES", argv[4], 1, UINT32_MAX, &messages))
		return 2;
	if (argc >= 6 && parse_number("--count", "BYTES", argv[5], 4, 496, &bytes))
		return 2;
	if (argc == 7 && strcmp(argv[6], "send") && strcmp(argv[6], "batch")) {
		fprintf(stderr, "bench-bus: --count: '%s' is neither send nor batch\n", argv[6]);
		return 2;
	}
	batch_api = argc == 7 && !strcmp(argv[6], "batch");
	return bus_count_run(mbox, (unsigned int)batch, (size_t)bytes, (unsigned int)messages,
			     batch_api);
}

/*
 * --stream MBOX BYTES MESSAGES: one one-way run and one bare-ring run, and how often the host
 * had to wait for a TX buffer (the remote was behind). Not the targets' figure (best of RUNS).
 */
static int stream_main(int argc, char **argv)
{
	struct rpmsg_bus_stats st;
	struct throughput ring, bus;
	uint64_t bytes, messages, batch = 0;
	enum rpmsg_mbox_kind mbox;

	if (argc != 5 && argc != 6)
		return usage();
	if (parse_mbox("--stream", argv[2], RPMSG_MBOX_SOCKET, &mbox))
		return 2;
	if (parse_number("--stream", "BYTES", argv[3], 4, 496, &bytes))
		return 2;
	if (parse_number("--stream", "MESSAGES", argv[4], 1, UINT32_MAX / 10, &messages))
		return 2;
	if (argc == 6 && parse_number("--stream", "BATCH", argv[5], 1, BENCH_MAX_BATCH, &batch))
		return 2;
	memset(&st, 0, sizeof(st));
	ring = baseline_spsc_ring((unsigned int)messages * 10);
	bus = bus_one_way(mbox, (size_t)bytes, (unsigned int)messages, (unsigned int)batch, &st);
	if (bus.msgs_per_s == 0)
		return 1;
	printf("bench-bus --stream: %s %u B through %s: %.0f msgs/s, %.3fx the bare ring "
	       "(%.0f msgs/s); host: %llu sent, %llu waits for a TX buffer\n",
	       mbox_names[mbox], (unsigned int)bytes, batch ? "rpmsg_send_batch()" : "rpmsg_send()",
	       bus.msgs_per_s, bus.msgs_per_s / ring.msgs_per_s, ring.msgs_per_s,
	       (unsigned long long)st.tx_msgs, (unsigned long long)st.tx_waits);
	return 0;
}

/* Issue 14's four bus targets: each a ratio of a bus figure to a baseline. */
enum target { T_POLL_STREAM, T_POLL_RTT, T_FUTEX_STREAM, T_FUTEX_RTT, NUM_TARGETS };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of @n ratios (sorts them). */
static double median_ratio(double *ratio, int n)
{
	qsort(ratio, (size_t)n, sizeof(*ratio), cmp_double);
	return ratio[n / 2];
}

/*
 * One target line: the per-run ratios, and "met" when their median is at least (@at_least) or at
 * most @bound.
 */
static void print_paired_target(const char *what, double *ratio, double bound, bool at_least)
{
	double median;
	bool met;

	printf("  %-28s", what);
	for (int run = 0; run < RUNS; run++)
		printf(" %.3fx", ratio[run]);
	median = median_ratio(ratio, RUNS);
	met = at_least ? median >= bound : median <= bound;
	printf("  median %.3fx  %s\n", median, met ? "met" : "NOT met");
}

int main(int argc, char **argv)
{
	bool quick = argc > 1 && !strcmp(argv[1], "--quick");
	unsigned int stream_n = quick ? 100000 : 1000000;
	unsigned int rtt_n = quick ? 2000 : 20000;
	struct throughput ring, sock[3], bus[3][3], batched[3];
	struct latency pingpong, sock_rtt, bus_lat[3];
	double paired[NUM_TARGETS][RUNS];

	if (argc > 1 && !strcmp(argv[1], "--count"))
		return count_main(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "--stream"))
		return stream_main(argc, argv);
	if (argc > 1 && !quick)
		return usage();
	printf("bench-bus: %u messages per stream run, %u round trips per latency run, best of %d "
	       "runs\n",
	       stream_n, rtt_n, RUNS);
	memset(&pingpong, 0, sizeof(pingpong));
	memset(&ring, 0, sizeof(ring));
	memset(sock, 0, sizeof(sock));
	memset(&sock_rtt, 0, sizeof(sock_rtt));
	memset(bus, 0, sizeof(bus));
	memset(batched, 0, sizeof(batched));
	memset(bus_lat, 0, sizeof(bus_lat));
	for (int run = 0; run < RUNS; run++) {
		struct throughput base_t, bus_t;
		struct latency base_l, bus_l;

		/*
		 * Each target's baseline is measured just before its bus figure, and the target
		 * is judged on the ratio of that pair: the VM's vCPUs may land on one physical
		 * core or two from one minute to the next (a ping-pong of 0.1 us or 0.4 us), and
		 * a ratio is only fair between figures taken under the same placement.
		 */
		base_t = baseline_spsc_ring(stream_n * 10);
		bus_t = bus_one_way(RPMSG_MBOX_POLL, 64, stream_n, STREAM_BATCH, NULL);
		paired[T_POLL_STREAM][run] = bus_t.msgs_per_s / base_t.msgs_per_s;
		ring = best_throughput(ring, base_t);
		batched[RPMSG_MBOX_POLL] = best_throughput(batched[RPMSG_MBOX_POLL], bus_t);

		base_l = baseline_cacheline_pingpong(rtt_n * 10);
		bus_l = bus_rtt(RPMSG_MBOX_POLL, 64, rtt_n);
		paired[T_POLL_RTT][run] = bus_l.p50_us / base_l.p50_us;
		pingpong = best_latency(pingpong, base_l);
		bus_lat[RPMSG_MBOX_POLL] = best_latency(bus_lat[RPMSG_MBOX_POLL], bus_l);

		base_t = baseline_socketpair_stream(64, stream_n);
		bus_t = bus_one_way(RPMSG_MBOX_FUTEX, 64, stream_n, 0, NULL);
		paired[T_FUTEX_STREAM][run] = bus_t.msgs_per_s / base_t.msgs_per_s;
		sock[1] = best_throughput(sock[1], base_t);
		bus[RPMSG_MBOX_FUTEX][1] = best_throughput(bus[RPMSG_MBOX_FUTEX][1], bus_t);

		base_l = baseline_socketpair_rtt(64, rtt_n);
		bus_l = bus_rtt(RPMSG_MBOX_FUTEX, 64, rtt_n);
		paired[T_FUTEX_RTT][run] = bus_l.p50_us / base_l.p50_us;
		sock_rtt = best_latency(sock_rtt, base_l);
		bus_lat[RPMSG_MBOX_FUTEX] = best_latency(bus_lat[RPMSG_MBOX_FUTEX], bus_l);

		/* The rest of the tables. */
		for (int s = 0; s < 3; s += 2)
			sock[s] = best_throughput(sock[s],
						  baseline_socketpair_stream(sizes[s], stream_n));
		for (int m = 0; m < 3; m++) {
			for (int s = 0; s < 3; s++)
				if (m != RPMSG_MBOX_FUTEX || s != 1)
					bus[m][s] = best_throughput(
						bus[m][s],
						bus_one_way((enum rpmsg_mbox_kind)m, sizes[s],
							    stream_n, 0, NULL));
			if (m != RPMSG_MBOX_POLL)
				batched[m] = best_throughput(
					batched[m], bus_one_way((enum rpmsg_mbox_kind)m, 64,
								stream_n, STREAM_BATCH, NULL));
		}
		bus_lat[RPMSG_MBOX_SOCKET] = best_latency(bus_lat[RPMSG_MBOX_SOCKET],
							  bus_rtt(RPMSG_MBOX_SOCKET, 64, rtt_n));
	}

	printf("\nBaselines (two processes, this machine, this run)\n");
	printf("  cache-line ping-pong round trip  p50 %8.2f us  p99 %8.2f us\n", pingpong.p50_us,
	       pingpong.p99_us);
	printf("  bare SPSC ring, 64-byte slots    %10.0f msgs/s %8.1f MB/s\n", ring.msgs_per_s,
	       ring.mb_per_s);
	for (int s = 0; s < 3; s++)
		printf("  socketpair SEQPACKET %3zu B       %10.0f msgs/s %8.1f MB/s\n", sizes[s],
		       sock[s].msgs_per_s, sock[s].mb_per_s);
	printf("  socketpair SEQPACKET 64 B round trip  p50 %8.2f us  p99 %8.2f us\n",
	       sock_rtt.p50_us, sock_rtt.p99_us);

	printf("\nlibrpmsgbus one way (host -> remote, every sequence number checked)\n");
	printf("  %-7s %5s %12s %9s %12s %12s\n", "mailbox", "bytes", "msgs/s", "MB/s",
	       "vs socketpr", "vs bare ring");
	for (int m = 0; m < 3; m++)
		for (int s = 0; s < 3; s++)
			printf("  %-7s %5zu %12.0f %9.1f %11.2fx %11.3fx\n", mbox_names[m],
			       sizes[s], bus[m][s].msgs_per_s, bus[m][s].mb_per_s,
			       bus[m][s].msgs_per_s / sock[s].msgs_per_s,
			       bus[m][s].msgs_per_s / ring.msgs_per_s);

	printf("\nlibrpmsgbus one way through rpmsg_send_batch(), %d messages a call (what "
	       "rpmsg.h tells a\nstreaming sender to use)\n",
	       STREAM_BATCH);
	printf("  %-7s %5s %12s %9s %12s %12s %12s\n", "mailbox", "bytes", "msgs/s", "MB/s",
	       "vs socketpr", "vs bare ring", "vs rpmsg_send");
	for (int m = 0; m < 3; m++)
		printf("  %-7s %5d %12.0f %9.1f %11.2fx %11.3fx %11.2fx\n", mbox_names[m], 64,
		       batched[m].msgs_per_s, batched[m].mb_per_s,
		       batched[m].msgs_per_s / sock[1].msgs_per_s,
		       batched[m].msgs_per_s / ring.msgs_per_s,
		       batched[m].msgs_per_s / bus[m][1].msgs_per_s);

	printf("\nlibrpmsgbus echo round trip, 64-byte payload\n");
	printf("  %-7s %10s %10s %14s %14s\n", "mailbox", "p50 us", "p99 us", "p50/ping-pong",
	       "p50/socketpair");
	for (int m = 0; m < 3; m++)
		printf("  %-7s %10.2f %10.2f %13.1fx %13.2fx\n", mbox_names[m], bus_lat[m].p50_us,
		       bus_lat[m].p99_us, bus_lat[m].p50_us / pingpong.p50_us,
		       bus_lat[m].p50_us / sock_rtt.p50_us);

	/* Issue 14's targets, each judged on the median of its per-run paired ratios. */
	printf("\nTargets: poll one-way 64 B >= 0.15x bare ring (through rpmsg_send_batch()); poll "
	       "round trip\n         p50 <= 3x ping-pong; futex streaming 64 B >= 8x socketpair "
	       "msgs/s; futex round trip\n         p50 <= 0.2x socketpair. Each is the ratio of a "
	       "bus figure to its baseline\n         measured just before it, in each of the %d "
	       "runs; the median decides.\n",
	       RUNS);
	/*
	 * The streaming target is a streaming sender's figure: rpmsg_send_batch(), which rpmsg.h
	 * tells one to use. rpmsg_send()'s is printed under it, so that nobody takes one for the
	 * other.
	 */
	print_paired_target("poll 64 B vs bare ring:", paired[T_POLL_STREAM], 0.15, true);
	printf("  %-28s %.3fx  (best of runs; not the target's figure)\n",
	       "  same, one rpmsg_send() each:", bus[1][1].msgs_per_s / ring.msgs_per_s);
	print_paired_target("poll RTT p50 vs ping-pong:", paired[T_POLL_RTT], 3, false);
	print_paired_target("futex 64 B vs socketpair:", paired[T_FUTEX_STREAM], 8, true);
	print_paired_target("futex RTT p50/socketpair:", paired[T_FUTEX_RTT], 0.2, false);
	return 0;
}
