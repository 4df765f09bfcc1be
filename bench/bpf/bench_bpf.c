// SPDX-License-Identifier: MIT
/*
 * bench-bpf: what the BPF monitor costs, measured in one run against a baseline on this machine.
 *
 * 1. Probe cost: ns per USDT probe hit with the bus program attached, counts only and with a
 *    64-byte record in the ring buffer, for 1-byte and 5-byte nop probe sites (probe_sites.c
 *    built twice). Baseline: the same loop with nothing attached.
 * 2. Bus throughput: `rpmsg-sim demo --messages N --rate 0` with no monitor, with the live
 *    statistics monitor (counts only, endpoint probes) and with every probe feeding the ring
 *    buffer and a consumer; messages/s, the ratio, and the CPU added per message (all processes,
 *    the monitor's own included).
 * 3. Collector: events/s a consumer thread takes from the ring buffer into the collector, with
 *    a producer firing msg_send probes; the ring is large enough that nothing can be lost.
 *
 * Each figure is the median of --runs runs (default 3). Usage:
 *   bench-bpf NOP1_LIB NOP5_LIB RPMSG_SIM BUS_LIB [--runs N] [--hits N] [--messages N]
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/collector.h>

#include "bpf_monitor.h"

typedef void (*fire_vring_fn)(unsigned long n);
typedef void (*fire_msg_fn)(unsigned long n, const void *payload, uint32_t len);

static int runs = 3;
static unsigned long hits = 1000000;
static unsigned long sim_messages = 2000;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double rusage_s(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what)
{
	fprintf(stderr, "bench-bpf: %s: %s\n", what, rpmsg_bpf_last_error());
	exit(1);
}

/* ---- 1. probe cost ---------------------------------------------------------------------- */

static void count_event(const struct rpmsg_event *ev, void *priv)
{
	(void)ev;
	(*(unsigned long long *)priv)++;
}

/*
 * CPU time of the calling thread (user + kernel: the uprobe and the BPF program run in it). On
 * a shared, loaded machine this is far steadier than wall time.
 */
static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU ns per hit of @fire over @n hits with the current attachment. */
static double time_vring(fire_vring_fn fire, unsigned long n)
{
	double t = thread_cpu_s();

	fire(n);
	return (thread_cpu_s() - t) * 1e9 / (double)n;
}

static double time_msg(fire_msg_fn fire, unsigned long n)
{
	static const char payload[64] = "0123456789abcdef0123456789abcdef0123456789abcdef012345678";
	double t = thread_cpu_s();

	fire(n, payload, sizeof(payload));
	return (thread_cpu_s() - t) * 1e9 / (double)n;
}

/*
 * The floor: the same hits with bpftrace's smallest USDT program (a per-CPU count) attached,
 * i.e. what the uprobe itself costs here. Attached once the probe's semaphore is set in this
 * process. Return: CPU ns per hit, or -1 if bpftrace is not available.
 */
static double floor_cost(const char *lib, void *h, fire_vring_fn fire)
{
	volatile unsigned short *sem = dlsym(h, "rpmsg_vring_add_semaphore");
	char prog[PATH_MAX + 64];
	double cost = -1;
	pid_t pid;
	int waited = 0;

	if (!sem || access("/usr/bin/bpftrace", X_OK))
		return -1;
	snprintf(prog, sizeof(prog), "usdt:%s:rpmsg:vring_add { @ = count(); }", lib);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		execl("/usr/bin/bpftrace", "bpftrace", "-e", prog, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && !*sem && waited++ < 600)
		usleep(50000);
	if (pid > 0 && *sem)
		cost = time_vring(fire, hits);
	if (pid > 0) {
		kill(pid, SIGINT);
		waitpid(pid, NULL, 0);
	}
	return cost;
}

static void probe_cost(const char *label, const char *lib)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	fire_vring_fn fire_vring;
	fire_msg_fn fire_msg;
	double base[16], count[16], ring[16], floor[16];
	/* Records of the ring test must all fit: nothing is lost, nothing waits for a reader. */
	unsigned long ring_hits = hits / 5;

	if (!h) {
		fprintf(stderr, "bench-bpf: %s\n", dlerror());
		exit(1);
	}
	fire_vring = (fire_vring_fn)dlsym(h, "bench_fire_vring_add");
	fire_msg = (fire_msg_fn)dlsym(h, "bench_fire_msg_send");
	if (!fire_vring || !fire_msg) {
		fprintf(stderr, "bench-bpf: %s lacks the bench probe functions\n", lib);
		exit(1);
	}
	for (int r = 0; r < runs; r++) {
		struct rpmsg_bpf_bus_opts counts = {
			.lib_path = lib,
			.endpoint = RPMSG_BPF_ADDR_ANY,
			.events = RPMSG_BPF_EVENT_BIT(RPMSG_EV_VRING_ADD),
		};
		unsigned long long delivered = 0;
		struct rpmsg_bpf_bus_opts rb = {
			.lib_path = lib,
			.endpoint = RPMSG_BPF_ADDR_ANY,
			.capture = 64,
			.ring_bytes = 64u << 20,
			.events = RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_SEND),
			.on_event = count_event,
			.priv = &delivered,
		};
		struct rpmsg_bpf_monitor *mon;
		struct rpmsg_bpf_stats st;

		base[r] = time_vring(fire_vring, hits);
		floor[r] = floor_cost(lib, h, fire_vring);
		if (floor[r] >= 0)
			floor[r] -= base[r];
		if (rpmsg_bpf_bus_open(&counts, &mon))
			die("attach (counts)");
		count[r] = time_vring(fire_vring, hits) - base[r];
		rpmsg_bpf_stats(mon, &st);
		if (st.hits[RPMSG_EV_VRING_ADD] != hits)
			fprintf(stderr, "bench-bpf: %llu hits counted, %lu fired\n",
				(unsigned long long)st.hits[RPMSG_EV_VRING_ADD], hits);
		rpmsg_bpf_monitor_close(mon);
		if (rpmsg_bpf_bus_open(&rb, &mon))
			die("attach (ring)");
		ring[r] = time_msg(fire_msg, ring_hits) - base[r];
		while (rpmsg_bpf_monitor_poll(mon, 0) > 0)
			;
		rpmsg_bpf_stats(mon, &st);
		if (st.lost || delivered != ring_hits)
			fprintf(stderr, "bench-bpf: ring test lost %llu of %lu\n",
				(unsigned long long)st.lost, ring_hits);
		rpmsg_bpf_monitor_close(mon);
	}
	printf("| %s | %.1f | %.0f | %.0f | %.0f |\n", label, median(base, runs),
	       median(floor, runs), median(count, runs), median(ring, runs));
	dlclose(h);
}

/* ---- 2. bus throughput -------------------------------------------------------------------- */

struct sim_result {
	double wall_s, cpu_s; /* rpmsg-sim's processes + this process */
	unsigned long long messages;
	unsigned long long probe_hits;
	unsigned long long lost;
};

/* Messages both sides sent, from the summary lines' bus_stats. */
static unsigned long long sim_messages_sent(const char *path)
{
	const char *key = "\"bus_stats\":{\"tx_msgs\":";
	unsigned long long total = 0;
	char line[8192];
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, key);

		if (p)
			total += strtoull(p + strlen(key), NULL, 10);
	}
	fclose(f);
	return total;
}

struct consumer {
	struct rpmsg_bpf_monitor *mon;
	volatile int stop;
};

static void *consume(void *arg)
{
	struct consumer *c = arg;

	while (!c->stop)
		rpmsg_bpf_monitor_poll(c->mon, 50);
	while (rpmsg_bpf_monitor_poll(c->mon, 0) > 0)
		;
	return NULL;
}

static struct sim_result run_sim(const char *sim, const char *lib, int mode)
{
	unsigned long long delivered = 0;
	struct rpmsg_bpf_bus_opts opts = {
		.lib_path = lib,
		.endpoint = RPMSG_BPF_ADDR_ANY,
		.capture = 64,
		.ring_bytes = mode == 2 ? 8u << 20 : 0,
		.events = mode == 2 ? RPMSG_BPF_EVENTS_ALL : RPMSG_BPF_EVENTS_ENDPOINTS,
		.on_event = count_event,
		.priv = &delivered,
	};
	struct sim_result res = {0};
	struct consumer cons = {0};
	struct rpmsg_bpf_stats st;
	char bus[32], n[24], out[64];
	double t, cpu_children, cpu_self;
	pthread_t thread;
	pid_t pid;
	int status;

	snprintf(bus, sizeof(bus), "bench%d", (int)getpid());
	snprintf(n, sizeof(n), "%lu", sim_messages);
	snprintf(out, sizeof(out), "/tmp/bench-bpf-%d.json", (int)getpid());
	if (mode && rpmsg_bpf_bus_open(&opts, &cons.mon))
		die("attach to the bus library");
	if (mode == 2)
		pthread_create(&thread, NULL, consume, &cons);
	cpu_children = rusage_s(RUSAGE_CHILDREN);
	cpu_self = rusage_s(RUSAGE_SELF);
	t = now_s();
	fflush(stdout); /* the child must not inherit (and print again) our buffered output */
	pid = fork();
	if (pid == 0) {
		if (!freopen(out, "w", stdout))
			_exit(126);
		execl(sim, sim, "demo", "--bus", bus, "--messages", n, "--rate", "0", "--json",
		      "-q", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	res.wall_s = now_s() - t;
	if (mode == 2) {
		cons.stop = 1;
		pthread_join(thread, NULL);
	}
	res.cpu_s = rusage_s(RUSAGE_CHILDREN) - cpu_children + rusage_s(RUSAGE_SELF) - cpu_self;
	res.messages = sim_messages_sent(out);
	unlink(out);
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !res.messages) {
		fprintf(stderr, "bench-bpf: rpmsg-sim demo failed\n");
		exit(1);
	}
	if (mode) {
		rpmsg_bpf_stats(cons.mon, &st);
		for (int i = 1; i < RPMSG_EV_TYPE_COUNT; i++)
			res.probe_hits += st.hits[i];
		res.lost = st.lost;
		rpmsg_bpf_monitor_close(cons.mon);
	}
	return res;
}

static void bus_throughput(const char *sim, const char *lib)
{
	static const char *const names[] = {"no monitor", "live statistics (counts only)",
					    "every probe + ring buffer + consumer"};
	double rate[3][16], cpu_per_msg[3][16], hits_per_msg[3][16], lost[3][16];
	double base_rate, base_cpu;

	for (int r = 0; r < runs; r++) {
		for (int mode = 0; mode < 3; mode++) {
			struct sim_result s = run_sim(sim, lib, mode);

			rate[mode][r] = (double)s.messages / s.wall_s;
			cpu_per_msg[mode][r] = s.cpu_s * 1e9 / (double)s.messages;
			hits_per_msg[mode][r] = (double)s.probe_hits / (double)s.messages;
			lost[mode][r] = (double)s.lost;
		}
	}
	base_rate = median(rate[0], runs);
	base_cpu = median(cpu_per_msg[0], runs);
	printf("| mode | messages/s | ratio | CPU ns/message | added CPU ns/message | probe "
	       "hits/message "
	       "| added ns per hit | records lost |\n|---|---|---|---|---|---|---|---|\n");
	for (int mode = 0; mode < 3; mode++) {
		double rt = median(rate[mode], runs), cpu = median(cpu_per_msg[mode], runs);
		double h = median(hits_per_msg[mode], runs);

		printf("| %s | %.0f | %.2f | %.0f | %.0f | %.1f | %s%.0f | %.0f |\n", names[mode],
		       rt, rt / base_rate, cpu, mode ? cpu - base_cpu : 0, h, mode ? "" : "-",
		       mode && h > 0 ? (cpu - base_cpu) / h : 0, median(lost[mode], runs));
	}
}

/* ---- 3. collector events/s ------------------------------------------------------------------ */

struct collect {
	struct rpmsg_collector *collector;
	unsigned long long delivered;
	double first, last;
};

static void collect_event(const struct rpmsg_event *ev, void *priv)
{
	struct collect *c = priv;

	if (!c->delivered)
		c->first = now_s();
	rpmsg_collector_add_event(c->collector, ev);
	c->delivered++;
}

struct producer {
	fire_msg_fn fire;
	unsigned long n;
};

static void *produce(void *arg)
{
	struct producer *p = arg;

	time_msg(p->fire, p->n);
	return NULL;
}

static void collector_rate(const char *lib)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	double eps[16], cpu_per_event[16], lost_total = 0;
	unsigned long n = hits / 4;

	if (!h) {
		fprintf(stderr, "bench-bpf: %s\n", dlerror());
		exit(1);
	}
	for (int r = 0; r < runs; r++) {
		struct collect c = {0};
		struct rpmsg_bpf_bus_opts opts = {
			.lib_path = lib,
			.endpoint = RPMSG_BPF_ADDR_ANY,
			.capture = 64,
			.ring_bytes = 64u << 20, /* holds every record: nothing can be lost */
			.events = RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_SEND),
			.on_event = collect_event,
			.priv = &c,
		};
		struct producer p = {(fire_msg_fn)dlsym(h, "bench_fire_msg_send"), n};
		struct rpmsg_bpf_monitor *mon;
		struct rpmsg_bpf_stats st;
		pthread_t thread;
		double cpu;

		if (rpmsg_collector_create(NULL, &c.collector))
			die("collector");
		if (rpmsg_bpf_bus_open(&opts, &mon))
			die("attach (collector)");
		cpu = rusage_s(RUSAGE_THREAD);
		pthread_create(&thread, NULL, produce, &p);
		while (c.delivered < n) {
			if (rpmsg_bpf_monitor_poll(mon, 100) <= 0 && c.delivered < n) {
				rpmsg_bpf_stats(mon, &st);
				if (c.delivered + st.lost >= n)
					break;
			}
		}
		c.last = now_s();
		cpu = rusage_s(RUSAGE_THREAD) - cpu;
		pthread_join(thread, NULL);
		rpmsg_bpf_stats(mon, &st);
		lost_total += (double)st.lost;
		eps[r] = (double)c.delivered / (c.last - c.first);
		cpu_per_event[r] = cpu * 1e9 / (double)c.delivered;
		rpmsg_bpf_monitor_close(mon);
		rpmsg_collector_destroy(c.collector);
	}
	printf("| %lu msg_send records (64-byte payload), 64 MiB ring | %.0f | %.0f | %.0f |\n", n,
	       median(eps, runs), median(cpu_per_event, runs), lost_total);
	dlclose(h);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr,
			"usage: %s NOP1_LIB NOP5_LIB RPMSG_SIM BUS_LIB [--runs N] "
			"[--hits N] [--messages N]\n",
			argv[0]);
		return 2;
	}
	for (int i = 5; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--runs"))
			runs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--hits"))
			hits = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--messages"))
			sim_messages = strtoul(argv[i + 1], NULL, 10);
	}
	if (runs < 1 || runs > 15 || hits < 1000) {
		fprintf(stderr, "bench-bpf: --runs 1..15, --hits >= 1000\n");
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "bench-bpf: needs root (BPF)\n");
		return 77;
	}
	printf("## Probe cost (%lu hits, median of %d)\n\n", hits, runs);
	printf("CPU time of the firing thread (user + kernel), so other load on the machine does "
	       "not "
	       "count.\n\n");
	printf("| probe site | loop, nothing attached (ns/iteration) | added ns/hit, floor: "
	       "bpftrace "
	       "count() | added ns/hit, bus program counting | added ns/hit, bus program + 64-byte "
	       "ring record |\n|---|---|---|---|---|\n");
	probe_cost("1-byte nop (Debian sys/sdt.h default)", argv[1]);
	probe_cost("5-byte nop (librpmsgbus on x86-64)", argv[2]);
	printf("\n## Bus throughput: rpmsg-sim demo --messages %lu --rate 0 (median of %d)\n\n",
	       sim_messages, runs);
	bus_throughput(argv[3], argv[4]);
	printf("\n## Collector fed from the ring buffer (median of %d)\n\n", runs);
	printf("| workload | events/s into the collector | consumer CPU ns/event | records lost "
	       "|\n|---|---|---|---|\n");
	collector_rate(argv[2]);
	return 0;
}
