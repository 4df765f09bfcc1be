// SPDX-License-Identifier: MIT
/*
 * bus_hostile_*: a peer that writes what it likes into the carve-out, shrinks it, races our
 * close, or connects to our doorbell from another account (issue 9). Each mode is one case:
 *
 *  directory     the remote writes count = 0x40000000, an odd seq and garbage entries into both
 *                channel directories; the host then creates/destroys an endpoint, unregisters
 *                its driver (8 channels removed) and closes without crashing, and the shm
 *                object is gone afterwards. A monitor reading the scribbled directory lists at
 *                most 2 x 64 channels.
 *  close_race    socket doorbell, RPMSG_TEST_ROUNDS rounds (default 200): the remote sends a
 *                name-service DESTROY for its 8 channels and the host closes the bus while its
 *                interrupt thread is inside the (slow) driver remove() of one of them. Every
 *                round each channel is probed once and removed exactly once (8 and 8); under
 *                ASan a use-after-free in the close path aborts the test.
 *  truncate      the remote ftruncate()s the carve-out to 8 KiB and sends; the host sends too.
 *                Neither dies of SIGBUS: both report -EIO "carve-out truncated to 8192 bytes",
 *                as does an open monitor; a new monitor refuses the file. A monitor also
 *                survives random, short and empty files named rpmsg-*.
 *  socket_cred   as root under umask 000: the doorbell socket is mode 0600; a child that
 *                makes it 0666 and connects as user nobody is refused (counted once, its uid
 *                and pid named); the real remote is then accepted and its channel probed.
 *  remote_reason a remote stores a reason with a terminal escape in the control block and
 *                detaches: the host's error is "remote detached from bus X: <reason escaped>".
 *
 * Usage: test-bus-hostile directory|close_race|truncate|socket_cred|remote_reason
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

#include "carveout.h"
#include "channels.h"
#include "harness.h"

#define CHANNELS      8
#define CHANNEL_NAME  "hostile"
#define TRUNCATED_LEN 8192

static char bus_name[RPMSG_BUS_NAME_MAX];
static char shm_path[RPMSG_BUS_NAME_MAX + 16];
static char socket_path[108];
static enum rpmsg_mbox_kind mbox = RPMSG_MBOX_FUTEX;
static struct test_link ctl;

/* Every actor's bus: this test's name, doorbell and socket, sends that give up after 5 s. */
static struct rpmsg_bus *open_bus(enum rpmsg_role role)
{
	struct rpmsg_bus_config cfg;

	test_config(&cfg, bus_name, role, mbox, socket_path);
	cfg.tx_timeout_ms = 5000;
	return test_open_bus(&cfg);
}

/* The host's bus with drv registered on it. */
static struct rpmsg_bus *open_host(struct rpmsg_driver *drv)
{
	struct rpmsg_bus *bus = open_bus(RPMSG_ROLE_HOST);

	CHECK_RC(rpmsg_register_driver(bus, drv), 0);
	return bus;
}

static int ignore_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	(void)ept, (void)data, (void)len, (void)src, (void)priv;
	return 0;
}

/* The host's bus with one driver for CHANNEL_NAME (channels into tc), the remote spawned first. */
static struct rpmsg_bus *open_host_of(struct test_channels *tc, struct rpmsg_driver *drv,
				      int (*remote_main)(void *arg), pid_t *remote)
{
	channels_init(tc);
	channels_driver(drv, CHANNEL_NAME, ignore_rx, tc);
	*remote = test_spawn("remote", &ctl, remote_main, NULL);
	return open_host(drv);
}

/* The peer's-eye view of the control block: the shm mapped read-write, as a remote could. */
static struct rpmsg_control *map_control(void)
{
	int fd = shm_open(shm_path, O_RDWR, 0);
	void *p;

	CHECK(fd >= 0, "shm_open(%s): %s", shm_path, strerror(errno));
	p = mmap(NULL, RPMSG_CONTROL_OFFSET + sizeof(struct rpmsg_control), PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	close(fd);
	return (struct rpmsg_control *)((uint8_t *)p + RPMSG_CONTROL_OFFSET);
}

/* A remote with CHANNELS announced endpoints; the caller closes it. */
static struct rpmsg_bus *remote_with_channels(struct rpmsg_endpoint **epts)
{
	struct rpmsg_bus *bus;

	bus = open_bus(RPMSG_ROLE_REMOTE);
	for (int i = 0; i < CHANNELS; i++) {
		CHECK_RC(rpmsg_create_ept(bus, CHANNEL_NAME, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
					  ignore_rx, NULL, &epts[i]),
			 0);
		CHECK_RC(rpmsg_announce(epts[i]), 0);
	}
	return bus;
}

static bool shm_exists(void)
{
	char path[RPMSG_BUS_NAME_MAX + 32];

	snprintf(path, sizeof(path), "/dev/shm%s", shm_path);
	return access(path, F_OK) == 0;
}

/* --- directory --- */

static int directory_remote(void *arg)
{
	struct rpmsg_endpoint *epts[CHANNELS];
	struct rpmsg_bus *bus = remote_with_channels(epts);
	struct rpmsg_control *ctrl;

	(void)arg;
	test_link_expect(&ctl, 'C');
	ctrl = map_control();
	for (int side = 0; side < 2; side++) {
		struct rpmsg_directory *dir = &ctrl->directory[side];

		dir->count = 0x40000000;
		dir->seq = 1; /* "being written" forever */
		for (int i = 0; i < RPMSG_MONITOR_MAX_CHANNELS; i++) {
			memset(dir->entries[i].name, 'X', sizeof(dir->entries[i].name));
			dir->entries[i].in_use = 0xffffffffu;
			dir->entries[i].origin = 0xdeadbeefu;
		}
	}
	test_link_send(&ctl, 'c', 0);
	test_link_expect(&ctl, 'q');
	rpmsg_bus_close(bus);
	return 0;
}

static void run_directory(void)
{
	struct rpmsg_monitor_snapshot snap;
	struct rpmsg_monitor *mon;
	struct rpmsg_endpoint *ept;
	struct test_channels tc;
	struct rpmsg_driver drv;
	struct rpmsg_bus *bus;
	pid_t remote;
	int rc;

	bus = open_host_of(&tc, &drv, directory_remote, &remote);
	channels_wait_count(&tc, CHANNELS, 0);
	test_link_send(&ctl, 'C', 0);
	test_link_expect(&ctl, 'c');

	/* A monitor reading the scribbled directories: an error or a bounded list, no crash. */
	CHECK_RC(rpmsg_monitor_open(bus_name, &mon), 0);
	rc = rpmsg_monitor_snapshot(mon, &snap);
	CHECK(rc == 0 || rc == -EAGAIN, "snapshot: %s (%s)", test_errname(rc),
	      rpmsg_monitor_error(mon));
	CHECK(snap.channel_count <= 2 * RPMSG_MONITOR_MAX_CHANNELS, "%d channels",
	      snap.channel_count);
	rpmsg_monitor_close(mon);

	/* Every directory writer of ours, on the scribbled directory. */
	CHECK_RC(rpmsg_create_ept(bus, "local", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, ignore_rx, NULL,
				  &ept),
		 0);
	rpmsg_destroy_ept(ept);
	rpmsg_unregister_driver(bus, &drv);
	channels_wait_count(&tc, CHANNELS, CHANNELS);
	CHECK(tc.total_removes == CHANNELS, "%d removes", tc.total_removes);
	test_link_send(&ctl, 'q', 0);
	rpmsg_bus_close(bus);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	CHECK(!shm_exists(), "/dev/shm%s left behind after close", shm_path);
	channels_destroy(&tc);
	test_log("host survived count=0x40000000 in both directories; shm removed");
}

/* --- close_race --- */

static int race_remote(void *arg)
{
	struct rpmsg_endpoint *epts[CHANNELS];
	struct rpmsg_bus *bus = remote_with_channels(epts);

	(void)arg;
	test_link_expect(&ctl, 'D');
	for (int i = 0; i < CHANNELS; i++)
		rpmsg_destroy_ept(epts[i]); /* NS DESTROY while the host closes */
	rpmsg_bus_close(bus);
	return 0;
}

static void (*record_remove)(struct rpmsg_channel *ch);
static pthread_t main_thread;
static int irq_removing; /* atomic: the interrupt thread is inside a driver's remove() */

/*
 * A driver whose remove() takes a while when a name-service DESTROY runs it: the host's close
 * then overlaps the interrupt thread's unbind every round instead of 1 in 6.
 */
static void slow_remove(struct rpmsg_channel *ch)
{
	record_remove(ch);
	if (pthread_equal(pthread_self(), main_thread))
		return;
	__atomic_store_n(&irq_removing, 1, __ATOMIC_RELEASE);
	test_sleep_ms(10);
}

static void run_close_race(void)
{
	unsigned long rounds = test_env_count("RPMSG_TEST_ROUNDS", 200);

	mbox = RPMSG_MBOX_SOCKET;
	for (unsigned long r = 0; r < rounds; r++) {
		struct test_channels tc;
		struct rpmsg_driver drv;
		struct rpmsg_bus *bus;
		pid_t remote;

		uint64_t deadline;

		channels_init(&tc);
		channels_driver(&drv, CHANNEL_NAME, ignore_rx, &tc);
		record_remove = drv.remove;
		drv.remove = slow_remove;
		main_thread = pthread_self();
		__atomic_store_n(&irq_removing, 0, __ATOMIC_RELAXED);
		/* fork before this process has threads (a bus's interrupt thread) */
		remote = test_spawn("remote", &ctl, race_remote, NULL);
		bus = open_host(&drv);
		channels_wait_count(&tc, CHANNELS, 0);
		test_link_send(&ctl, 'D', 0);
		/* close while the interrupt thread unbinds a channel the remote destroyed */
		deadline = test_deadline(TEST_WAIT_MS);
		while (!__atomic_load_n(&irq_removing, __ATOMIC_ACQUIRE) && !test_expired(deadline))
			test_sleep_ms(0);
		CHECK(irq_removing, "round %lu: no name-service DESTROY reached the host", r);
		rpmsg_bus_close(bus);
		CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
		CHECK(tc.total_probes == CHANNELS && tc.total_removes == CHANNELS,
		      "round %lu: %d probes, %d removes (want %d each)", r, tc.total_probes,
		      tc.total_removes, CHANNELS);
		channels_destroy(&tc);
	}
	test_log("%lu rounds of NS DESTROY racing close: every channel removed exactly once",
		 rounds);
}

/* --- truncate --- */

static void wait_truncated(struct rpmsg_bus *bus)
{
	uint64_t deadline = test_deadline(TEST_WAIT_MS);
	char want[64];

	while (rpmsg_bus_status(bus) == 0 && !test_expired(deadline))
		test_sleep_ms(5);
	snprintf(want, sizeof(want), "carve-out truncated to %d bytes", TRUNCATED_LEN);
	CHECK_RC(rpmsg_bus_status(bus), -EIO);
	CHECK(strstr(rpmsg_bus_error(bus), want), "error '%s' does not say '%s'",
	      rpmsg_bus_error(bus), want);
}

static uint32_t host_addr; /* atomic: the host channel's address, from its first message */

static int remember_src(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			void *priv)
{
	(void)ept, (void)data, (void)len, (void)priv;
	__atomic_store_n(&host_addr, src, __ATOMIC_RELEASE);
	return 0;
}

static int truncate_remote(void *arg)
{
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	uint64_t deadline = test_deadline(TEST_WAIT_MS);
	int fd, rc;

	(void)arg;
	bus = open_bus(RPMSG_ROLE_REMOTE);
	CHECK_RC(rpmsg_create_ept(bus, CHANNEL_NAME, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remember_src,
				  NULL, &ept),
		 0);
	CHECK_RC(rpmsg_announce(ept), 0);
	while (!__atomic_load_n(&host_addr, __ATOMIC_ACQUIRE) && !test_expired(deadline))
		test_sleep_ms(1);
	CHECK(host_addr, "no message from the host");
	test_link_send(&ctl, 'a', 0);
	test_link_expect(&ctl, 'T');
	fd = shm_open(shm_path, O_RDWR, 0);
	CHECK(fd >= 0 && ftruncate(fd, TRUNCATED_LEN) == 0, "truncate %s: %s", shm_path,
	      strerror(errno));
	close(fd);
	test_link_send(&ctl, 'x', 0);
	/* Touches the rings past the new end: SIGBUS without the guard. */
	rc = rpmsg_sendto(ept, "after", 5, host_addr);
	CHECK(rc == 0 || rc == -EIO, "send after truncation: %s", test_errname(rc));
	wait_truncated(bus);
	CHECK_RC(rpmsg_sendto(ept, "again", 5, host_addr), -EIO);
	test_log("remote: %s", rpmsg_bus_error(bus));
	test_link_send(&ctl, 't', 0);
	test_link_expect(&ctl, 'q');
	rpmsg_bus_close(bus);
	return 0;
}

/* A file named like a bus that is not one: the monitor must return an error, never crash. */
static void monitor_hostile_file(const char *tag, size_t len, bool random_bytes)
{
	char name[RPMSG_BUS_NAME_MAX], path[RPMSG_BUS_NAME_MAX + 16];
	struct rpmsg_monitor_snapshot snap;
	struct rpmsg_monitor *mon;
	uint8_t buf[4096];
	int fd, rc;

	snprintf(name, sizeof(name), "%.20s-%s", bus_name, tag);
	snprintf(path, sizeof(path), RPMSG_SHM_PREFIX "%s", name);
	test_cleanup_bus(name, NULL);
	fd = shm_open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "shm_open(%s): %s", path, strerror(errno));
	srand(42);
	for (size_t done = 0; done < len; done += sizeof(buf)) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		for (size_t i = 0; i < n; i++)
			buf[i] = random_bytes ? (uint8_t)rand() : 0;
		CHECK(write(fd, buf, n) == (ssize_t)n, "write: %s", strerror(errno));
	}
	close(fd);
	rc = rpmsg_monitor_open(name, &mon);
	if (rc == 0) {
		rc = rpmsg_monitor_snapshot(mon, &snap);
		CHECK(rc != 0, "%s: a snapshot of %zu %s bytes succeeded", tag, len,
		      random_bytes ? "random" : "zero");
		rpmsg_monitor_close(mon);
	}
	test_log("monitor on %s (%zu bytes): %s", tag, len, test_errname(rc));
	shm_unlink(path);
}

static void run_truncate(void)
{
	struct rpmsg_monitor_snapshot snap;
	struct rpmsg_monitor *mon, *late;
	struct test_channels tc;
	struct rpmsg_driver drv;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	pid_t remote;
	int rc;

	bus = open_host_of(&tc, &drv, truncate_remote, &remote);
	ept = channels_wait_ept(&tc, CHANNEL_NAME, RPMSG_ADDR_ANY);
	CHECK_RC(rpmsg_send(ept, "hello", 5), 0);
	test_link_expect(&ctl, 'a');
	CHECK_RC(rpmsg_monitor_open(bus_name, &mon), 0);
	CHECK_RC(rpmsg_monitor_snapshot(mon, &snap), 0);

	test_link_send(&ctl, 'T', 0);
	test_link_expect(&ctl, 'x');
	rc = rpmsg_send(ept, "after", 5);
	CHECK(rc == 0 || rc == -EIO, "send after truncation: %s", test_errname(rc));
	wait_truncated(bus);
	CHECK_RC(rpmsg_send(ept, "again", 5), -EIO);
	test_log("host: %s", rpmsg_bus_error(bus));

	CHECK_RC(rpmsg_monitor_snapshot(mon, &snap), -EIO);
	CHECK(strstr(rpmsg_monitor_error(mon), "truncated to 8192 bytes"), "monitor says '%s'",
	      rpmsg_monitor_error(mon));
	test_log("monitor: %s", rpmsg_monitor_error(mon));
	rpmsg_monitor_close(mon);
	CHECK_RC(rpmsg_monitor_open(bus_name, &late), -EIO);

	test_link_expect(&ctl, 't');
	test_link_send(&ctl, 'q', 0);
	rpmsg_bus_close(bus);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	CHECK(!shm_exists(), "/dev/shm%s left behind after close", shm_path);
	channels_destroy(&tc);

	monitor_hostile_file("empty", 0, false);
	monitor_hostile_file("short", 100, true);
	monitor_hostile_file("zeros", 256 * 1024, false);
	monitor_hostile_file("random", 256 * 1024, true);
}

/* --- socket_cred --- */

static uid_t nobody_uid;
static gid_t nobody_gid;
static struct test_link intruder_ctl;

/* Another account on the machine: it finds the socket open to all and connects first. */
static int intruder_main(void *arg)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct pollfd pfd;
	char byte;
	int fd;

	(void)arg;
	test_link_expect(&intruder_ctl, 'G');
	CHECK(chmod(socket_path, 0666) == 0, "chmod: %s", strerror(errno));
	CHECK(setgroups(0, NULL) == 0 && setgid(nobody_gid) == 0 && setuid(nobody_uid) == 0,
	      "become nobody: %s", strerror(errno));
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0,
	      "connect as nobody: %s", strerror(errno));
	/* Refused means closed by the host: end of file, well before the hang guard. */
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, TEST_WAIT_MS) == 1, "the host neither refused nor talked to us");
	CHECK(recv(fd, &byte, 1, 0) == 0, "the host accepted user nobody as its remote");
	close(fd);
	return 0;
}

static int cred_remote(void *arg)
{
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;

	(void)arg;
	test_link_expect(&ctl, 'G');
	bus = open_bus(RPMSG_ROLE_REMOTE);
	CHECK_RC(rpmsg_create_ept(bus, CHANNEL_NAME, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, ignore_rx,
				  NULL, &ept),
		 0);
	CHECK_RC(rpmsg_announce(ept), 0);
	test_link_expect(&ctl, 'q');
	rpmsg_bus_close(bus);
	return 0;
}

static void run_socket_cred(void)
{
	struct passwd *pw = getpwnam("nobody");
	struct rpmsg_bus_stats stats;
	struct test_channels tc;
	struct rpmsg_driver drv;
	struct rpmsg_bus *bus;
	uint64_t deadline;
	pid_t intruder, remote;
	struct stat st;
	char why[256], want[64];

	if (geteuid() != 0 || !pw) {
		test_log("SKIP: needs root and a user 'nobody'");
		exit(TEST_SKIP);
	}
	nobody_uid = pw->pw_uid;
	nobody_gid = pw->pw_gid;
	mbox = RPMSG_MBOX_SOCKET;
	umask(0);
	channels_init(&tc);
	channels_driver(&drv, CHANNEL_NAME, ignore_rx, &tc);
	/* both children before the host has threads */
	test_link_init(&intruder_ctl);
	intruder = test_spawn("intruder", &intruder_ctl, intruder_main, NULL);
	remote = test_spawn("remote", &ctl, cred_remote, NULL);
	bus = open_host(&drv);
	CHECK(stat(socket_path, &st) == 0, "stat %s: %s", socket_path, strerror(errno));
	CHECK((st.st_mode & 07777) == 0600, "socket mode %o under umask 000, want 600",
	      (unsigned int)(st.st_mode & 07777));

	test_link_send(&intruder_ctl, 'G', 0);
	deadline = test_deadline(TEST_WAIT_MS);
	do {
		test_sleep_ms(2);
		rpmsg_bus_get_stats(bus, &stats);
	} while (stats.peers_refused == 0 && !test_expired(deadline));
	CHECK(stats.peers_refused == 1, "%llu connections refused, want 1",
	      (unsigned long long)stats.peers_refused);
	CHECK_RC(rpmsg_bus_last_refusal(bus, why, sizeof(why)), 1);
	snprintf(want, sizeof(want), "refused pid %d uid %u", (int)intruder,
		 (unsigned int)nobody_uid);
	CHECK(strstr(why, want), "refusal '%s' does not say '%s'", why, want);
	test_log("%s", why);
	CHECK_RC(test_wait_child(intruder, TEST_WAIT_MS, 0), 0);
	CHECK_RC(rpmsg_bus_status(bus), 0);

	test_link_send(&ctl, 'G', 0);
	channels_wait_count(&tc, 1, 0);
	rpmsg_bus_get_stats(bus, &stats);
	CHECK(stats.peers_refused == 1, "%llu refused", (unsigned long long)stats.peers_refused);
	test_link_send(&ctl, 'q', 0);
	rpmsg_bus_close(bus);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	channels_destroy(&tc);
}

/* --- remote_reason --- */

#define EVIL_REASON "vring 1: bad \x1b[2J\n"

static int reason_remote(void *arg)
{
	struct rpmsg_control *ctrl;
	struct rpmsg_bus *bus;

	(void)arg;
	bus = open_bus(RPMSG_ROLE_REMOTE);
	ctrl = map_control();
	/* What a remote that found bad host data stores (with a hostile twist), then detaches. */
	memset(ctrl->broken, 0, sizeof(ctrl->broken));
	memcpy(ctrl->broken, EVIL_REASON, strlen(EVIL_REASON));
	__atomic_store_n(&ctrl->broken_by, RPMSG_ROLE_REMOTE + 1, __ATOMIC_RELEASE);
	rpmsg_bus_close(bus);
	return 0;
}

static void run_remote_reason(void)
{
	struct rpmsg_bus *bus;
	uint64_t deadline;
	pid_t remote;
	char want[160];

	remote = test_spawn("remote", &ctl, reason_remote, NULL);
	bus = open_bus(RPMSG_ROLE_HOST);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	deadline = test_deadline(TEST_WAIT_MS);
	while (rpmsg_bus_status(bus) == 0 && !test_expired(deadline))
		test_sleep_ms(5);
	CHECK_RC(rpmsg_bus_status(bus), -EPIPE);
	snprintf(want, sizeof(want), "remote detached from bus %s: vring 1: bad \\x1b[2J\\x0a",
		 bus_name);
	CHECK(!strcmp(rpmsg_bus_error(bus), want), "error '%s', want '%s'", rpmsg_bus_error(bus),
	      want);
	test_log("host: %s", rpmsg_bus_error(bus));
	rpmsg_bus_close(bus);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	test_set_side("host");
	test_bus_name(bus_name, sizeof(bus_name), "hostile");
	snprintf(shm_path, sizeof(shm_path), RPMSG_SHM_PREFIX "%s", bus_name);
	snprintf(socket_path, sizeof(socket_path), "/tmp/rpmsg-test-%s.sock", bus_name);
	test_cleanup_bus(bus_name, socket_path);
	test_link_init(&ctl);
	if (!strcmp(mode, "directory"))
		run_directory();
	else if (!strcmp(mode, "close_race"))
		run_close_race();
	else if (!strcmp(mode, "truncate"))
		run_truncate();
	else if (!strcmp(mode, "socket_cred"))
		run_socket_cred();
	else if (!strcmp(mode, "remote_reason"))
		run_remote_reason();
	else {
		fprintf(stderr,
			"usage: %s directory|close_race|truncate|socket_cred|remote_reason\n",
			argv[0]);
		return 2;
	}
	test_log("PASS %s", mode);
	return 0;
}
