// SPDX-License-Identifier: MIT
/*
 * bus_peer_death: the remote is SIGKILLed mid-stream while it is sending to the host and has
 * stopped consuming (its callback hangs), so a host thread is blocked in rpmsg_send() and another
 * in rpmsg_get_tx_buffer(wait). Both return -EPIPE soon after the kill (the test only asserts
 * that they return, with a generous hang guard, and prints how long it took), rpmsg_bus_status()
 * says the peer died, and later calls fail at once with -EPIPE. The host then closes, re-creates
 * the bus under the same name, a fresh remote attaches and messages flow both ways again.
 * Finally a host in polling mode blocked in rpmsg_bus_poll(-1) also gets -EPIPE.
 *
 * Usage: test-bus-peer-death futex|poll|socket (the mailbox of every bus in the test)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"

#define ECHOES 1000

static char bus_name[RPMSG_BUS_NAME_MAX];
static char socket_path[108];
static enum rpmsg_mbox_kind mbox;
static struct test_link ctl;

static void config(struct rpmsg_bus_config *cfg, enum rpmsg_role role)
{
	test_config(cfg, bus_name, role, mbox, socket_path);
	/* a send can only come back early because the peer died */
	cfg->tx_timeout_ms = TEST_WAIT_MS;
}

/* --- remote, first life: streams to the host; its callback hangs on 'S' --- */

static uint32_t host_addr; /* atomic: learned from the host's first message */

static int remote_stalling_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			      void *priv)
{
	__atomic_store_n(&host_addr, src, __ATOMIC_RELEASE);
	if (len && *(const char *)data == 'S') {
		test_link_send(&ctl, 's', 0);
		for (;;) /* the remote stops consuming: its interrupt thread never comes back */
			test_sleep_ms(1000);
	}
	return 0;
}

static int remote_streaming_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	uint8_t buf[200] = {'m'};

	config(&cfg, RPMSG_ROLE_REMOTE);
	bus = test_open_bus(&cfg);
	ept = test_announce_ept(bus, "life", remote_stalling_rx, NULL);
	while (!__atomic_load_n(&host_addr, __ATOMIC_ACQUIRE))
		test_sleep_ms(1);
	for (uint32_t seq = 0;; seq++) { /* until killed */
		memcpy(buf + 1, &seq, sizeof(seq));
		CHECK_RC(rpmsg_send(ept, buf, sizeof(buf)), 0);
	}
}

/* --- remote, second life: echoes everything back --- */

static int remote_echo_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;

	config(&cfg, RPMSG_ROLE_REMOTE);
	bus = test_open_bus(&cfg);
	test_announce_ept(bus, "life", test_echo_cb, NULL);
	test_link_expect(&ctl, 'Q');
	CHECK_RC(rpmsg_bus_status(bus), 0);
	rpmsg_bus_close(bus);
	return 0;
}

/* --- host --- */

static struct rpmsg_endpoint *host_ept;
static uint64_t echoes, echo_errors, stream_msgs;

static int host_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	uint32_t seq;

	if (len == 200 && *(const uint8_t *)data == 'm') {
		__atomic_fetch_add(&stream_msgs, 1, __ATOMIC_RELEASE);
		return 0;
	}
	memcpy(&seq, data, sizeof(seq));
	if (len != sizeof(seq) || seq != echoes)
		__atomic_fetch_add(&echo_errors, 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&echoes, 1, __ATOMIC_RELEASE);
	return 0;
}

struct blocked {
	pthread_t thread;
	pid_t tid;   /* atomic: set by the thread when it starts */
	int started; /* atomic */
	int rc;
	int err;
	uint64_t returned_ns;
};

static void blocked_started(struct blocked *b)
{
	__atomic_store_n(&b->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	__atomic_store_n(&b->started, 1, __ATOMIC_RELEASE);
}

/* Is thread @tid of this process asleep in the kernel ('S' in /proc/self/task/TID/stat)? */
static bool thread_sleeping(pid_t tid)
{
	char path[64], stat[512];
	const char *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	CHECK(n > 0, "%s: empty", path);
	stat[n] = 0;
	paren = strrchr(stat, ')'); /* "pid (comm) S ...": comm may hold anything */
	return paren && paren[1] == ' ' && paren[2] == 'S';
}

/*
 * Both blocked calls are waiting for a TX buffer: each counted a TX wait since @waits_before and
 * both threads sleep. Then the kill below finds them blocked, not on their way.
 */
static void wait_until_blocked(struct rpmsg_bus *bus, uint64_t waits_before, struct blocked *a,
			       struct blocked *b)
{
	struct rpmsg_bus_stats st;

	for (uint64_t end = test_deadline(TEST_WAIT_MS);; test_sleep_ms(1)) {
		rpmsg_bus_get_stats(bus, &st);
		if (st.tx_waits >= waits_before + 2 &&
		    __atomic_load_n(&a->started, __ATOMIC_ACQUIRE) &&
		    __atomic_load_n(&b->started, __ATOMIC_ACQUIRE) && thread_sleeping(a->tid) &&
		    thread_sleeping(b->tid))
			return;
		CHECK(!test_expired(end), "the blocked calls never waited: %llu TX waits since",
		      (unsigned long long)(st.tx_waits - waits_before));
	}
}

static void *blocked_sender(void *arg)
{
	struct blocked *b = arg;
	uint8_t msg[100] = {'h'};

	blocked_started(b);

	while ((b->rc = rpmsg_send(host_ept, msg, sizeof(msg))) == 0)
		;
	b->returned_ns = test_now_ns();
	return NULL;
}

static void *blocked_reserver(void *arg)
{
	struct blocked *b = arg;
	uint32_t size;
	void *buf;

	blocked_started(b);
	errno = 0;
	buf = rpmsg_get_tx_buffer(host_ept, &size, true);
	b->err = errno;
	b->rc = buf ? 0 : -1;
	if (buf)
		rpmsg_release_tx_buffer(host_ept, buf);
	b->returned_ns = test_now_ns();
	return NULL;
}

static void join_within(struct blocked *b, const char *what)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += TEST_WAIT_MS / 1000;
	CHECK(pthread_timedjoin_np(b->thread, NULL, &deadline) == 0,
	      "%s still blocked %d s after the peer died", what, TEST_WAIT_MS / 1000);
}

/*
 * Open the host's bus and wait for the remote's channel. A remote that fails (its FAIL line is
 * above) or a bus that breaks ends the wait at once, naming which, instead of a 120 s timeout
 * that cannot tell a dead remote from a missed announcement; a timeout dumps the bus.
 */
static struct rpmsg_bus *open_host(struct test_channels *tc, struct rpmsg_driver *drv, pid_t remote)
{
	struct rpmsg_bus_config cfg;
	struct test_channel_rec r;
	struct rpmsg_bus *bus;

	config(&cfg, RPMSG_ROLE_HOST);
	bus = test_open_bus(&cfg);
	channels_register(bus, drv, "life", host_rx, tc);
	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     !channels_find(tc, "life", RPMSG_ADDR_ANY, &r) || !r.ept; test_sleep_ms(1)) {
		CHECK(!test_child_exited(remote), "remote %d exited before its channel was probed",
		      (int)remote);
		CHECK_RC(rpmsg_bus_status(bus), 0);
		if (test_expired(end)) {
			test_dump_bus(bus_name);
			CHECK(0, "channel life never probed in %d ms", TEST_WAIT_MS);
		}
	}
	host_ept = r.ept;
	return bus;
}

/*
 * The remote stops consuming; a sender thread fills the TX window and blocks in rpmsg_send(),
 * a reserver thread blocks in rpmsg_get_tx_buffer(wait). Returns once both wait.
 */
static void block_two_callers(struct rpmsg_bus *bus, struct blocked *sender,
			      struct blocked *reserver)
{
	struct rpmsg_bus_stats st0;
	uint32_t size;
	void *buf;

	CHECK_RC(rpmsg_send(host_ept, "S", 1), 0);
	test_link_expect(&ctl, 's');
	rpmsg_bus_get_stats(bus, &st0);
	CHECK(pthread_create(&sender->thread, NULL, blocked_sender, sender) == 0);
	for (int i = 0;; i++) {
		errno = 0;
		buf = rpmsg_get_tx_buffer(host_ept, &size, false);
		if (!buf && errno == ENOMEM)
			break;
		CHECK(buf, "get_tx_buffer: errno %d", errno);
		CHECK_RC(rpmsg_release_tx_buffer(host_ept, buf), 0);
		CHECK(i < TEST_WAIT_MS, "the TX window never filled");
		test_sleep_ms(1);
	}
	CHECK(pthread_create(&reserver->thread, NULL, blocked_reserver, reserver) == 0);
	wait_until_blocked(bus, st0.tx_waits, sender, reserver);
	CHECK_RC(rpmsg_bus_status(bus), 0);
}

/* Polling mode: a thread blocked in rpmsg_bus_poll(-1) is a waiter too. */
static struct rpmsg_bus *poller_bus;

static void *blocked_poller_main(void *arg)
{
	struct blocked *b = arg;

	blocked_started(b);
	while ((b->rc = rpmsg_bus_poll(poller_bus, -1)) >= 0)
		;
	b->returned_ns = test_now_ns();
	return NULL;
}

static void test_polling_host_notices_death(void)
{
	struct rpmsg_bus_config cfg;
	struct test_channels tc;
	struct test_channel_rec r;
	struct rpmsg_driver drv;
	struct blocked poller = {0};
	struct rpmsg_bus *bus;
	uint64_t killed;
	pid_t remote;

	channels_init(&tc);
	remote = test_spawn("remote3", &ctl, remote_echo_main, NULL);
	config(&cfg, RPMSG_ROLE_HOST);
	cfg.threaded = false;
	bus = test_open_bus(&cfg);
	channels_register(bus, &drv, "life", host_rx, &tc);
	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     !channels_find(&tc, "life", RPMSG_ADDR_ANY, &r);) {
		int rc = rpmsg_bus_poll(bus, 10);
		struct rpmsg_bus_stats st;

		CHECK(rc >= 0, "poll: %s", rpmsg_bus_error(bus));
		if (test_expired(end)) {
			rpmsg_bus_get_stats(bus, &st);
			test_log("last poll %d; rx %llu msgs, %llu interrupts, %llu drops", rc,
				 (unsigned long long)st.rx_msgs, (unsigned long long)st.interrupts,
				 (unsigned long long)st.drops);
			test_dump_bus(bus_name);
			CHECK(0, "channel never appeared in polling mode");
		}
	}
	poller_bus = bus;
	CHECK(pthread_create(&poller.thread, NULL, blocked_poller_main, &poller) == 0);
	/* it polls (a polling mailbox spins rather than sleeps): started is all we can wait for */
	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     !__atomic_load_n(&poller.started, __ATOMIC_ACQUIRE); test_sleep_ms(1))
		CHECK(!test_expired(end), "the polling thread never started");
	killed = test_now_ns(); /* before the kill: the peer may be noticed at once */
	CHECK(kill(remote, SIGKILL) == 0);
	test_wait_child(remote, TEST_WAIT_MS, SIGKILL);
	join_within(&poller, "rpmsg_bus_poll(-1)");
	test_log("polling host: rpmsg_bus_poll(-1) returned %s (%s) %.0f ms after the kill "
		 "(information only)",
		 test_errname(poller.rc), rpmsg_bus_error(bus),
		 ((double)poller.returned_ns - (double)killed) / 1e6);
	CHECK(poller.returned_ns >= killed, "rpmsg_bus_poll(-1) returned %s before the peer died",
	      test_errname(poller.rc));
	CHECK_RC(poller.rc, -EPIPE);
	CHECK_RC(rpmsg_bus_status(bus), -EPIPE);
	rpmsg_bus_close(bus);
	channels_destroy(&tc);
}

int main(int argc, char **argv)
{
	struct blocked sender = {0}, reserver = {0};
	struct test_channels tc, tc2;
	struct rpmsg_driver drv, drv2;
	struct rpmsg_bus *bus;
	uint64_t killed;
	pid_t remote;

	if (argc != 2 ||
	    (strcmp(argv[1], "futex") && strcmp(argv[1], "poll") && strcmp(argv[1], "socket"))) {
		fprintf(stderr, "usage: %s futex|poll|socket\n", argv[0]);
		return 2;
	}
	mbox = !strcmp(argv[1], "futex")  ? RPMSG_MBOX_FUTEX
	       : !strcmp(argv[1], "poll") ? RPMSG_MBOX_POLL
					  : RPMSG_MBOX_SOCKET;
	snprintf(socket_path, sizeof(socket_path), "/tmp/rpmsg-bustest-%d.sock", (int)getpid());
	channels_init(&tc);
	remote = test_pair_start(&ctl, bus_name, sizeof(bus_name), argv[1], socket_path,
				 remote_streaming_main, NULL);
	bus = open_host(&tc, &drv, remote);

	/* both directions flowing */
	CHECK_RC(rpmsg_send(host_ept, "hello", 5), 0);
	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     __atomic_load_n(&stream_msgs, __ATOMIC_ACQUIRE) < 1000;) {
		if (test_expired(end)) {
			test_dump_bus(bus_name);
			CHECK(0, "the remote's stream did not start: %llu messages",
			      (unsigned long long)stream_msgs);
		}
		test_sleep_ms(1);
	}
	block_two_callers(bus, &sender, &reserver);

	killed = test_now_ns(); /* before the kill: the peer may be noticed at once */
	CHECK(kill(remote, SIGKILL) == 0);
	test_wait_child(remote, TEST_WAIT_MS, SIGKILL);

	join_within(&sender, "rpmsg_send()");
	join_within(&reserver, "rpmsg_get_tx_buffer()");
	test_log("after SIGKILL: blocked send returned after %.0f ms, blocked get_tx_buffer after "
		 "%.0f ms (information only)",
		 ((double)sender.returned_ns - (double)killed) / 1e6,
		 ((double)reserver.returned_ns - (double)killed) / 1e6);
	CHECK(sender.returned_ns >= killed && reserver.returned_ns >= killed,
	      "a blocked call returned before the peer died: send %s, get_tx_buffer errno %d",
	      test_errname(sender.rc), reserver.err);
	CHECK_RC(sender.rc, -EPIPE);
	CHECK(reserver.rc == -1 && reserver.err == EPIPE, "get_tx_buffer: errno %d (%s)",
	      reserver.err, strerror(reserver.err));
	CHECK_RC(rpmsg_bus_status(bus), -EPIPE);
	const char *why = rpmsg_bus_error(bus);

	test_log("bus error: %s", why);
	CHECK(test_contains_ci(why, "died") || test_contains_ci(why, "detached"),
	      "rpmsg_bus_error says \"%s\", not that the peer died", why);
	CHECK_RC(rpmsg_send(host_ept, "x", 1), -EPIPE);
	CHECK_RC(rpmsg_trysend(host_ept, "x", 1), -EPIPE);
	CHECK_RC(rpmsg_bus_wait_peer(bus, 0), -EPIPE);

	/* start over under the same name */
	rpmsg_bus_close(bus);
	channels_destroy(&tc);
	channels_init(&tc2);
	__atomic_store_n(&stream_msgs, 0, __ATOMIC_RELEASE);
	remote = test_spawn("remote2", &ctl, remote_echo_main, NULL);
	bus = open_host(&tc2, &drv2, remote);
	for (uint32_t seq = 0; seq < ECHOES; seq++)
		CHECK_RC(rpmsg_send(host_ept, &seq, sizeof(seq)), 0);
	for (int i = 0; __atomic_load_n(&echoes, __ATOMIC_ACQUIRE) < ECHOES; i++) {
		CHECK(i < TEST_WAIT_MS, "%llu of %d echoes", (unsigned long long)echoes, ECHOES);
		test_sleep_ms(1);
	}
	CHECK(!echo_errors, "%llu echoes out of order or damaged", (unsigned long long)echo_errors);
	test_pair_finish(&ctl, remote, bus);
	channels_destroy(&tc2);

	test_polling_host_notices_death();
	test_log("PASS");
	return 0;
}
