// SPDX-License-Identifier: MIT
/*
 * bench-bpf: what the BPF monitor costs, measured in one run against a baseline on this machine.
 *
 * 1. Probe cost: ns per USDT probe hit with the bus program attached, counts only and with a
 *    64-byte record in the ring buffer, for 1-byte and 5-byte nop probe sites (probe_sites.c
 *    built twice). Baseline: the same loop with nothing attached.
 * 2. Bus throughput: `rpmsg-sim demo --messages N --rate 0` with no monitor; with the floor, one
 *    bare uprobe hit per message (bpftrace's count() on msg_send); with `live` statistics as it
 *    runs now (counts only, receives from the senders' msg_send: one hit per message) and with
 *    --recv-probe (msg_recv too: two hits, statistics before issue 14); and with every probe
 *    feeding the ring buffer and a consumer (--messages, --detail, record --bpf). Messages/s, the
 *    ratio, the CPU added per message (all processes, the monitor's own included) and per probe
 *    hit, each against the floor measured in the same run; the targets said met / NOT met.
 * 3. Collector: events/s a consumer thread takes from the ring buffer into the collector, with
 *    a producer firing msg_send probes; the ring is large enough that nothing can be lost.
 *
 * Each figure is the median of --runs runs (default 3). Usage:
 *   bench-bpf NOP1_LIB NOP5_LIB RPMSG_SIM BUS_LIB [--runs N] [--hits N] [--messages N]
 *             [--only-bus]
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <pthread.h>
#include <stdbool.h>
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
static bool only_bus; /* --only-bus: section 2 alone (the others start bpftrace per run: slow) */
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
#define BPFTRACE "/usr/bin/bpftrace"

/*
 * Start bpftrace's smallest program, a count() on probe @probe ("msg_send") of @lib, with its
 * output in @out. Return: its pid, or -1 (no bpftrace, fork failed).
 */
static pid_t bpftrace_count(const char *lib, const char *probe, const char *out)
{
	char prog[PATH_MAX + 64];
	pid_t pid;

	if (access(BPFTRACE, X_OK))
		return -1;
	snprintf(prog, sizeof(prog), "usdt:%s:rpmsg:%s { @ = count(); }", lib, probe);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!freopen(out, "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		execl(BPFTRACE, "bpftrace", "-e", prog, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/*
 * Stop bpftrace @pid as Ctrl-C does; it prints its count ("@: N") to @out. Return: the count, 0
 * if it printed none.
 */
static unsigned long long bpftrace_stop(pid_t pid, const char *out)
{
	unsigned long long count = 0;
	char line[256];
	FILE *f;

	/*
	 * bpftrace may miss a SIGINT that comes as it finishes attaching (seen on a loaded
	 * machine): ask again every second, and give up on its count after 20 s.
	 */
	for (int tries = 0; waitpid(pid, NULL, WNOHANG) != pid; tries++) {
		kill(pid, tries < 20 ? SIGINT : SIGKILL);
		if (tries >= 20) {
			waitpid(pid, NULL, 0);
			break;
		}
		for (int i = 0; i < 100 && waitpid(pid, NULL, WNOHANG) == 0; i++)
			usleep(10000);
		if (kill(pid, 0))
			break;
	}
	f = fopen(out, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "@: ", 3))
			count = strtoull(line + 3, NULL, 10);
	if (f)
		fclose(f);
	unlink(out);
	return count;
}

/* Whether process @pid holds a perf event (bpftrace's uprobe: it is registered once open). */
static bool holds_perf_event(pid_t pid)
{
	char dir[64], path[PATH_MAX], target[64];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	while (d && !found && (de = readdir(d))) {
		ssize_t n;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = 0;
			found = !strcmp(target, "anon_inode:[perf_event]");
		}
	}
	if (d)
		closedir(d);
	return found;
}

/* Wait up to 60 s for @ready(). Return: whether it came (bpftrace compiles first: seconds). */
static bool wait_ready(pid_t pid, bool (*ready)(pid_t pid, const void *arg), const void *arg)
{
	double deadline = now_s() + 60;

	while (!ready(pid, arg)) {
		if (now_s() > deadline || waitpid(pid, NULL, WNOHANG) == pid)
			return false;
		usleep(20000);
	}
	return true;
}

static bool semaphore_set(pid_t pid, const void *sem)
{
	(void)pid;
	return *(const volatile unsigned short *)sem != 0;
}

static bool uprobe_open(pid_t pid, const void *arg)
{
	(void)arg;
	return holds_perf_event(pid);
}

static double floor_cost(const char *lib, void *h, fire_vring_fn fire)
{
	const volatile unsigned short *(*sem_of)(void) =
		(const volatile unsigned short *(*)(void))dlsym(h, "bench_vring_add_semaphore");
	char out[64];
	double cost = -1;
	pid_t pid;

	snprintf(out, sizeof(out), "/tmp/bench-bpf-floor-%d.txt", (int)getpid());
	if (!sem_of || (pid = bpftrace_count(lib, "vring_add", out)) < 0)
		return -1;
	/* the semaphore is ours: set once the uprobe is registered in this process */
	if (wait_ready(pid, semaphore_set, (const void *)sem_of()))
		cost = time_vring(fire, hits);
	bpftrace_stop(pid, out);
	return cost;
}

/* Print the probe-cost row of @lib's sites. Return: the floor's added ns per hit (-1: none). */
static double probe_cost(const char *label, const char *lib)
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
	return median(floor, runs);
}

/* ---- 2. bus throughput -------------------------------------------------------------------- */

/* What runs beside rpmsg-sim, in the order of the table's rows. */
enum sim_mode {
	MODE_NONE,	 /* nothing attached */
	MODE_FLOOR,	 /* bpftrace count() on msg_send: one bare uprobe hit per message */
	MODE_STATS,	 /* live statistics: counts only, receives from the senders' msg_send */
	MODE_STATS_RECV, /* live statistics --recv-probe: msg_recv too (statistics before) */
	MODE_FULL,	 /* every probe, ring buffer records, a consumer thread */
	MODE_COUNT
};

static const char *const mode_names[MODE_COUNT] = {
	"no monitor",
	"floor: bpftrace count() on msg_send (1 bare uprobe hit per message)",
	"live statistics (counts only, receives from the senders)",
	"live statistics --recv-probe (counts only, msg_recv too: before)",
	"every probe + ring buffer + consumer (--messages, --detail, record --bpf)",
};

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

/* Attach what @mode runs beside the workload; Return: 0, or -1 when the floor cannot run. */
static int attach_mode(enum sim_mode mode, const char *lib, const char *floor_out,
		       unsigned long long *delivered, struct consumer *cons, pid_t *floor_pid)
{
	struct rpmsg_bpf_bus_opts opts = {
		.lib_path = lib,
		.endpoint = RPMSG_BPF_ADDR_ANY,
		.capture = 64,
		.ring_bytes = mode == MODE_FULL ? 8u << 20 : 0,
		.events = mode == MODE_FULL ? RPMSG_BPF_EVENTS_ALL : RPMSG_BPF_EVENTS_ENDPOINTS,
		.rx_from_senders = mode == MODE_STATS,
		.on_event = count_event,
		.priv = delivered,
	};

	if (mode == MODE_NONE)
		return 0;
	if (mode == MODE_FLOOR) {
		*floor_pid = bpftrace_count(lib, "msg_send", floor_out);
		if (*floor_pid < 0)
			return -1;
		if (!wait_ready(*floor_pid, uprobe_open, NULL)) {
			bpftrace_stop(*floor_pid, floor_out);
			return -1;
		}
		return 0;
	}
	if (rpmsg_bpf_bus_open(&opts, &cons->mon))
		die("attach to the bus library");
	if (mode == MODE_STATS && !rpmsg_bpf_bus_rx_from_senders(cons->mon, NULL))
		fprintf(stderr, "bench-bpf: receives counted at the receivers after all\n");
	return 0;
}

/* One rpmsg-sim demo run with @mode beside it. Return: false when the floor could not run. */
static bool run_sim(const char *sim, const char *lib, enum sim_mode mode, struct sim_result *res)
{
	unsigned long long delivered = 0;
	struct consumer cons = {0};
	struct rpmsg_bpf_stats st;
	char bus[32], n[24], out[64], floor_out[64];
	double t, cpu_children, cpu_self;
	pthread_t thread;
	pid_t pid, floor_pid = -1;
	int status;

	memset(res, 0, sizeof(*res));
	snprintf(bus, sizeof(bus), "bench%d", (int)getpid());
	snprintf(n, sizeof(n), "%lu", sim_messages);
	snprintf(out, sizeof(out), "/tmp/bench-bpf-%d.json", (int)getpid());
	snprintf(floor_out, sizeof(floor_out), "/tmp/bench-bpf-floor-%d.txt", (int)getpid());
	if (attach_mode(mode, lib, floor_out, &delivered, &cons, &floor_pid))
		return false;
	if (mode == MODE_FULL)
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
	res->wall_s = now_s() - t;
	if (mode == MODE_FULL) {
		cons.stop = 1;
		pthread_join(thread, NULL);
	}
	/* before bpftrace is waited for: its own CPU (compiling, printing) is not the hits' */
	res->cpu_s = rusage_s(RUSAGE_CHILDREN) - cpu_children + rusage_s(RUSAGE_SELF) - cpu_self;
	res->messages = sim_messages_sent(out);
	unlink(out);
	if (floor_pid > 0)
		res->probe_hits = bpftrace_stop(floor_pid, floor_out);
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !res->messages) {
		fprintf(stderr, "bench-bpf: rpmsg-sim demo failed\n");
		exit(1);
	}
	if (cons.mon) {
		rpmsg_bpf_stats(cons.mon, &st);
		for (int i = 1; i < RPMSG_EV_TYPE_COUNT; i++)
			res->probe_hits += st.hits[i];
		res->lost = st.lost;
		rpmsg_bpf_monitor_close(cons.mon);
	}
	return true;
}

/*
 * The table, then the targets against the floor measured in the same run: statistics mode adds
 * at most 1.2x one bare uprobe hit per message; the full-detail mode's cost per hit as a multiple
 * of the floor. @loop_floor: the probe loop's floor on a 5-byte site (ns per hit), shown beside.
 */
static void bus_throughput(const char *sim, const char *lib, double loop_floor)
{
	double rate[MODE_COUNT][16], cpu_per_msg[MODE_COUNT][16], hits_per_msg[MODE_COUNT][16];
	double lost[MODE_COUNT][16], added[MODE_COUNT], per_hit[MODE_COUNT];
	double base_rate, base_cpu, floor_msg, ratio;
	bool have_floor = true;

	for (int r = 0; r < runs; r++) {
		for (int mode = 0; mode < MODE_COUNT; mode++) {
			struct sim_result s;

			if (mode == MODE_FLOOR && !have_floor)
				continue;
			if (!run_sim(sim, lib, mode, &s)) {
				fprintf(stderr, "bench-bpf: no floor: %s cannot attach\n",
					BPFTRACE);
				have_floor = false;
				continue;
			}
			rate[mode][r] = (double)s.messages / s.wall_s;
			cpu_per_msg[mode][r] = s.cpu_s * 1e9 / (double)s.messages;
			hits_per_msg[mode][r] = (double)s.probe_hits / (double)s.messages;
			lost[mode][r] = (double)s.lost;
		}
	}
	base_rate = median(rate[MODE_NONE], runs);
	base_cpu = median(cpu_per_msg[MODE_NONE], runs);
	printf("| mode | messages/s | ratio | CPU ns/message | added CPU ns/message | probe "
	       "hits/message | added ns per hit | per hit / floor's | records lost |\n"
	       "|---|---|---|---|---|---|---|---|---|\n");
	for (int mode = 0; mode < MODE_COUNT; mode++) {
		double rt, cpu, h;

		if (mode == MODE_FLOOR && !have_floor)
			continue;
		rt = median(rate[mode], runs);
		cpu = median(cpu_per_msg[mode], runs);
		h = median(hits_per_msg[mode], runs);
		added[mode] = mode ? cpu - base_cpu : 0;
		per_hit[mode] = mode && h > 0 ? added[mode] / h : 0;
		printf("| %s | %.0f | %.2f | %.0f | %.0f | %.2f | ", mode_names[mode], rt,
		       rt / base_rate, cpu, added[mode], h);
		if (mode)
			printf("%.0f | ", per_hit[mode]);
		else
			printf("- | ");
		if (mode && have_floor && per_hit[MODE_FLOOR] > 0)
			printf("%.2f | ", per_hit[mode] / per_hit[MODE_FLOOR]);
		else
			printf("- | ");
		printf("%.0f |\n", median(lost[mode], runs));
	}
	printf("\n");
	if (!have_floor) {
		printf("statistics mode: %.0f ns per message; no floor (bpftrace did not attach): "
		       "target not judged: NOT met\n",
		       added[MODE_STATS]);
		return;
	}
	floor_msg = added[MODE_FLOOR];
	ratio = floor_msg > 0 ? added[MODE_STATS] / floor_msg : 1e9;
	printf("- statistics mode adds %.0f ns CPU per message = %.2fx one bare uprobe hit (%.0f "
	       "ns, "
	       "the floor row): target <= 1.2x: %s\n",
	       added[MODE_STATS], ratio, floor_msg, ratio <= 1.2 ? "met" : "NOT met");
	printf("- before (--recv-probe, 2 hits): %.0f ns per message = %.2fx the floor\n",
	       added[MODE_STATS_RECV], floor_msg > 0 ? added[MODE_STATS_RECV] / floor_msg : 0);
	printf("- full detail: %.0f ns per probe hit = %.2fx the floor per hit (%.2f hits per "
	       "message)\n",
	       per_hit[MODE_FULL],
	       per_hit[MODE_FLOOR] > 0 ? per_hit[MODE_FULL] / per_hit[MODE_FLOOR] : 0,
	       median(hits_per_msg[MODE_FULL], runs));
	/* the loop's hit is cheaper than one in the bus (warm caches, no other process between) */
	if (loop_floor > 0)
		printf("- against the probe loop's floor instead (5-byte site, tight loop: %.0f ns "
		       "per hit): statistics mode = %.2fx: %s\n",
		       loop_floor, added[MODE_STATS] / loop_floor,
		       added[MODE_STATS] <= 1.2 * loop_floor ? "met" : "NOT met");
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
	double loop_floor;

	if (argc < 5) {
		fprintf(stderr,
			"usage: %s NOP1_LIB NOP5_LIB RPMSG_SIM BUS_LIB [--runs N] "
			"[--hits N] [--messages N] [--only-bus]\n",
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
	for (int i = 5; i < argc; i++)
		only_bus |= !strcmp(argv[i], "--only-bus");
	if (runs < 1 || runs > 15 || hits < 1000) {
		fprintf(stderr, "bench-bpf: --runs 1..15, --hits >= 1000\n");
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "bench-bpf: needs root (BPF)\n");
		return 77;
	}
	if (only_bus) {
		printf("## Bus throughput: rpmsg-sim demo --messages %lu --rate 0 (median of "
		       "%d)\n\n",
		       sim_messages, runs);
		bus_throughput(argv[3], argv[4], -1);
		return 0;
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
	loop_floor = probe_cost("5-byte nop (librpmsgbus on x86-64)", argv[2]);
	printf("\n## Bus throughput: rpmsg-sim demo --messages %lu --rate 0 (median of %d)\n\n",
	       sim_messages, runs);
	bus_throughput(argv[3], argv[4], loop_floor);
	printf("\n## Collector fed from the ring buffer (median of %d)\n\n", runs);
	printf("| workload | events/s into the collector | consumer CPU ns/event | records lost "
	       "|\n|---|---|---|---|\n");
	collector_rate(argv[2]);
	return 0;
}
