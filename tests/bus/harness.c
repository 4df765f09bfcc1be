// SPDX-License-Identifier: MIT
/*
 * Test harness for tests/bus/: failure reporting, parent/child plumbing, clean-up. See harness.h.
 */
#include "harness.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/bus.h>
#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

static char side_name[32] = "test";
static pid_t owner_pid;

#define MAX_CLEANUP 8
static struct {
	char bus[RPMSG_BUS_NAME_MAX];
	char shm_path[RPMSG_BUS_NAME_MAX + 16]; /* for the signal handler: shm_unlink() only */
	char socket_path[108];
} cleanup[MAX_CLEANUP];
static int cleanup_count;

#define MAX_CHILDREN 16
static pid_t children[MAX_CHILDREN];

void test_set_side(const char *side)
{
	snprintf(side_name, sizeof(side_name), "%s", side);
}

const char *test_side(void)
{
	return side_name;
}

void test_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "[%s %d] ", side_name, (int)getpid());
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	/* one write per line so parent and child output do not interleave mid-line */
	fprintf(stderr, "%s\n", line);
}

/* check.h's hook: every FAIL line says which process of the test failed. */
const char *check_context(void)
{
	static __thread char context[64];

	snprintf(context, sizeof(context), "[%s %d]", side_name, (int)getpid());
	return context;
}

static void cleanup_at_exit(void)
{
	if (getpid() != owner_pid)
		return;
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0) {
			kill(children[i], SIGKILL);
			waitpid(children[i], NULL, 0);
			children[i] = 0;
		}
	for (int i = 0; i < cleanup_count; i++) {
		rpmsg_bus_unlink(cleanup[i].bus);
		if (cleanup[i].socket_path[0])
			unlink(cleanup[i].socket_path);
	}
}

/* Killed by a signal (ctest timeout, ^C): only async-signal-safe clean-up, then die. */
static void cleanup_on_signal(int sig)
{
	if (getpid() == owner_pid) {
		for (int i = 0; i < MAX_CHILDREN; i++)
			if (children[i] > 0)
				kill(children[i], SIGKILL);
		for (int i = 0; i < cleanup_count; i++) {
			shm_unlink(cleanup[i].shm_path);
			if (cleanup[i].socket_path[0])
				unlink(cleanup[i].socket_path);
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Buses "<tag>-<pid>" left by an earlier run of this test that was SIGKILLed. */
static void remove_stale_buses(const char *tag)
{
	char prefix[40];
	struct dirent *d;
	DIR *dir = opendir("/dev/shm");

	if (!dir)
		return;
	snprintf(prefix, sizeof(prefix), "rpmsg-%.16s-", tag);
	while ((d = readdir(dir))) {
		char *end;
		long pid;

		if (strncmp(d->d_name, prefix, strlen(prefix)))
			continue;
		pid = strtol(d->d_name + strlen(prefix), &end, 10);
		if (*end || pid <= 0)
			continue;
		if (kill((pid_t)pid, 0) && errno == ESRCH)
			rpmsg_bus_unlink(d->d_name + strlen("rpmsg-"));
	}
	closedir(dir);
}

void test_bus_name(char *out, size_t size, const char *tag)
{
	remove_stale_buses(tag);
	snprintf(out, size, "%.16s-%d", tag, (int)getpid());
}

static void own_cleanup(void)
{
	if (owner_pid)
		return;
	owner_pid = getpid();
	atexit(cleanup_at_exit);
	signal(SIGTERM, cleanup_on_signal);
	signal(SIGINT, cleanup_on_signal);
	signal(SIGHUP, cleanup_on_signal);
}

void test_cleanup_bus(const char *name, const char *socket_path)
{
	own_cleanup();
	if (cleanup_count == MAX_CLEANUP)
		return;
	snprintf(cleanup[cleanup_count].bus, RPMSG_BUS_NAME_MAX, "%s", name);
	snprintf(cleanup[cleanup_count].shm_path, sizeof(cleanup[0].shm_path),
		 RPMSG_SHM_PREFIX "%s", name);
	snprintf(cleanup[cleanup_count].socket_path, sizeof(cleanup[0].socket_path), "%s",
		 socket_path ? socket_path : "");
	cleanup_count++;
}

uint64_t test_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void test_sleep_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

uint64_t test_deadline(unsigned int ms)
{
	return test_now_ns() + (uint64_t)ms * 1000000u;
}

bool test_expired(uint64_t deadline)
{
	return test_now_ns() > deadline;
}

void test_link_init(struct test_link *link)
{
	CHECK(pipe2(link->to_child, O_CLOEXEC) == 0, "pipe: %s", strerror(errno));
	CHECK(pipe2(link->to_parent, O_CLOEXEC) == 0, "pipe: %s", strerror(errno));
	link->is_child = false;
}

void test_link_send(struct test_link *link, char op, int64_t value)
{
	struct test_cmd cmd = {.op = op, .value = value};
	int fd = link->is_child ? link->to_parent[1] : link->to_child[1];
	ssize_t n;

	do
		n = write(fd, &cmd, sizeof(cmd));
	while (n < 0 && errno == EINTR);
	CHECK(n == (ssize_t)sizeof(cmd), "link write '%c': %s", op, strerror(errno));
}

bool test_link_recv(struct test_link *link, struct test_cmd *cmd, int timeout_ms)
{
	int fd = link->is_child ? link->to_child[0] : link->to_parent[0];
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	ssize_t n;
	int rc;

	do
		rc = poll(&pfd, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	CHECK(rc >= 0, "poll: %s", strerror(errno));
	if (rc == 0)
		return false;
	do
		n = read(fd, cmd, sizeof(*cmd));
	while (n < 0 && errno == EINTR);
	CHECK(n != 0, "the other process closed the link (it exited early)");
	CHECK(n == (ssize_t)sizeof(*cmd), "link read: %zd bytes (%s)", n, strerror(errno));
	return true;
}

int64_t test_link_expect(struct test_link *link, char op)
{
	struct test_cmd cmd;

	CHECK(test_link_recv(link, &cmd, TEST_WAIT_MS), "no '%c' from the other side in %d ms", op,
	      TEST_WAIT_MS);
	CHECK(cmd.op == op, "expected command '%c', got '%c'", op, cmd.op);
	return cmd.value;
}

pid_t test_spawn(const char *side, struct test_link *link, int (*fn)(void *arg), void *arg)
{
	pid_t parent = getpid();
	pid_t pid;

	own_cleanup();
	fflush(NULL);
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		test_set_side(side);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		/* the child owns nothing of the parent's: no clean-up of its buses or children */
		cleanup_count = 0;
		memset(children, 0, sizeof(children));
		if (link) {
			link->is_child = true;
			close(link->to_child[1]);
			close(link->to_parent[0]);
		}
		exit(fn(arg));
	}
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (!children[i]) {
			children[i] = pid;
			break;
		}
	return pid;
}

static void forget_child(pid_t pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] == pid)
			children[i] = 0;
}

static int decode_status(pid_t pid, int status, int expect_signal)
{
	forget_child(pid);
	if (WIFSIGNALED(status)) {
		CHECK(WTERMSIG(status) == expect_signal, "child %d killed by signal %d (%s)",
		      (int)pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
		return 0;
	}
	CHECK(!expect_signal, "child %d exited with %d instead of dying by signal %d", (int)pid,
	      WEXITSTATUS(status), expect_signal);
	return WEXITSTATUS(status);
}

int test_wait_child(pid_t pid, int timeout_ms, int expect_signal)
{
	uint64_t deadline = test_now_ns() + (uint64_t)timeout_ms * 1000000u;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		CHECK(r >= 0, "waitpid %d: %s", (int)pid, strerror(errno));
		if (r == pid)
			return decode_status(pid, status, expect_signal);
		if (test_now_ns() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			forget_child(pid);
			check_fail(__FILE__, __LINE__, "child",
				   " %d did not exit within %d ms (hang)", (int)pid, timeout_ms);
		}
		test_sleep_ms(5);
	}
}

bool test_child_exited(pid_t pid)
{
	int status;
	pid_t r = waitpid(pid, &status, WNOHANG);

	if (r != pid)
		return false;
	CHECK(decode_status(pid, status, 0) == 0, "child %d exited with status %d", (int)pid,
	      WEXITSTATUS(status));
	return true;
}

struct rpmsg_bus *test_open_bus(const struct rpmsg_bus_config *cfg)
{
	struct rpmsg_bus *bus = NULL;
	int rc = rpmsg_bus_open(cfg, &bus);

	CHECK(rc == 0, "rpmsg_bus_open(%s as %s) returned %s: %s", cfg->name,
	      cfg->role == RPMSG_ROLE_HOST ? "host" : "remote", test_errname(rc),
	      rpmsg_last_error());
	return bus;
}

void test_dump_bus(const char *name)
{
	struct rpmsg_monitor_snapshot *s = calloc(1, sizeof(*s));
	struct rpmsg_monitor *mon;
	int rc;

	if (!s)
		return;
	rc = rpmsg_monitor_open(name, &mon);
	if (rc) {
		test_log("monitor cannot open bus %s: %s", name, test_errname(rc));
		free(s);
		return;
	}
	rc = rpmsg_monitor_snapshot(mon, s);
	if (rc) {
		test_log("monitor snapshot of %s: %s (%s)", name, test_errname(rc),
			 rpmsg_monitor_error(mon));
	} else {
		test_log("bus %s: host %d%s, remote %d%s%s, status 0x%x features 0x%x, tx free "
			 "%u/%u, "
			 "kicks to remote %llu to host %llu, broken \"%s\"",
			 s->bus, (int)s->host_pid, s->host_alive ? "" : " (dead)",
			 (int)s->remote_pid, s->remote_alive ? "" : " (dead)",
			 s->remote_attached ? " attached" : "", s->status, s->features,
			 s->tx_bufs_free, s->tx_bufs_total, (unsigned long long)s->kicks_to_remote,
			 (unsigned long long)s->kicks_to_host, s->broken);
		for (int v = 0; v < 2; v++)
			test_log("  vq%d: avail %u used %u in flight %u%s%s", v,
				 s->vring[v].avail_idx, s->vring[v].used_idx, s->vring[v].in_flight,
				 s->vring[v].notify_suppressed ? " NO_NOTIFY" : "",
				 s->vring[v].interrupt_suppressed ? " NO_INTERRUPT" : "");
		for (unsigned int i = 0; i < s->channel_count; i++)
			test_log("  %s channel %s: %u -> %u origin %d, tx %llu rx %llu",
				 s->channels[i].side == RPMSG_ROLE_HOST ? "host" : "remote",
				 s->channels[i].name, s->channels[i].local_addr,
				 s->channels[i].remote_addr, s->channels[i].origin,
				 (unsigned long long)s->channels[i].tx_msgs,
				 (unsigned long long)s->channels[i].rx_msgs);
	}
	rpmsg_monitor_close(mon);
	free(s);
}

unsigned long test_env_count(const char *name, unsigned long fallback)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return fallback;
	errno = 0;
	n = strtoul(v, &end, 0);
	CHECK(!errno && !*end && n > 0, "environment %s=%s is not a positive number", name, v);
	return n;
}

uint32_t test_fnv1a(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t pattern_seed(uint32_t stream, uint32_t seq)
{
	return ((stream + 1) * 2654435761u ^ seq * 40503u) | 1; /* never 0 */
}

/* xorshift: cheap, and a shifted or swapped buffer never matches */
static uint8_t pattern_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return (uint8_t)*x;
}

void test_fill_pattern(void *data, size_t len, uint32_t stream, uint32_t seq)
{
	uint8_t *p = data;
	uint32_t x = pattern_seed(stream, seq);

	for (size_t i = 0; i < len; i++)
		p[i] = pattern_next(&x);
}

bool test_pattern_matches(const void *data, size_t len, uint32_t stream, uint32_t seq)
{
	const uint8_t *p = data;
	uint32_t x = pattern_seed(stream, seq);

	for (size_t i = 0; i < len; i++)
		if (p[i] != pattern_next(&x))
			return false;
	return true;
}

bool test_contains_ci(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *h = haystack; *h; h++) {
		size_t i = 0;

		while (i < n && h[i] &&
		       tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

pid_t test_pair_start(struct test_link *link, char *bus_name, size_t size, const char *tag,
		      const char *socket_path, int (*remote_main)(void *arg), void *arg)
{
	test_set_side("host");
	test_bus_name(bus_name, size, tag);
	test_cleanup_bus(bus_name, socket_path);
	test_link_init(link);
	return test_spawn("remote", link, remote_main, arg);
}

void test_pair_finish(struct test_link *link, pid_t remote, struct rpmsg_bus *bus)
{
	test_link_send(link, 'Q', 0);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	rpmsg_bus_close(bus);
}

int test_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	CHECK_RC(rpmsg_sendto(ept, data, len, src), 0);
	return 0;
}

struct rpmsg_endpoint *test_announce_ept(struct rpmsg_bus *bus, const char *name, rpmsg_rx_cb_t cb,
					 void *priv)
{
	struct rpmsg_endpoint *ept;

	CHECK_RC(rpmsg_create_ept(bus, name, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, cb, priv, &ept), 0);
	CHECK_RC(rpmsg_announce(ept), 0);
	return ept;
}

void test_driver(struct rpmsg_driver *drv, const char *name, int (*probe)(struct rpmsg_channel *ch),
		 rpmsg_rx_cb_t cb, void *priv)
{
	memset(drv, 0, sizeof(*drv));
	drv->name = name;
	drv->probe = probe;
	drv->callback = cb;
	drv->priv = priv;
}

void test_seq_count(struct test_seq_counter *c, const void *data, size_t len)
{
	uint32_t seq;

	if (len != sizeof(seq)) {
		c->errors++;
	} else {
		memcpy(&seq, data, sizeof(seq));
		if (seq != c->seen)
			c->errors++;
	}
	__atomic_store_n(&c->seen, c->seen + 1, __ATOMIC_RELEASE);
}

void test_config(struct rpmsg_bus_config *cfg, const char *name, enum rpmsg_role role,
		 enum rpmsg_mbox_kind mbox, const char *socket_path)
{
	rpmsg_bus_config_init(cfg, name, role);
	cfg->mbox = mbox;
	cfg->socket_path = mbox == RPMSG_MBOX_SOCKET ? socket_path : NULL;
	cfg->attach_timeout_ms = TEST_WAIT_MS;
}
