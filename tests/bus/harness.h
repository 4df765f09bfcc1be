/* SPDX-License-Identifier: MIT */
/*
 * Test harness shared by the librpmsgbus tests in tests/bus/.
 *
 * A test is one program. Two-process tests fork: the parent plays the host (virtio driver), each
 * child plays the remote (virtio device) or a third actor, each with its own bus object, as
 * separate programs would. Parent and child talk over a pair of pipes (struct test_link) in
 * lock-step commands, so no test depends on timing.
 *
 * Contract:
 * - CHECK*() and TEST_SKIP come from the shared rpmsg-test/check.h; harness.c gives its FAIL line
 *   the "[side pid]" context. A failing check exit(1)s the calling process; a failing child
 *   makes the parent fail through its exit status.
 * - test_spawn() children die with their parent (PR_SET_PDEATHSIG), so a killed test leaves no
 *   orphans; the parent's exit handler unlinks the shm of every bus registered with
 *   test_cleanup_bus() and kills children still running.
 * - Nothing here is thread-safe except CHECK*() and test_log().
 */
#ifndef RPMSG_TESTS_BUS_HARNESS_H
#define RPMSG_TESTS_BUS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <rpmsg-test/check.h>

#include <rpmsg/bus.h>
#include <rpmsg/rpmsg.h>

/* Generous bounds for "this must happen": far beyond any loaded machine, only a hang guard. */
#define TEST_WAIT_MS 120000

void test_set_side(const char *side);
const char *test_side(void);

void test_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* check_errname() under the name the bus tests know. */
#define test_errname(rc) check_errname(rc)

/** test_bus_name() - a bus name unique to this test run: "<tag>-<pid>"; @tag at most 16 chars. */
void test_bus_name(char *out, size_t size, const char *tag);
/** test_cleanup_bus() - unlink this bus's shm (and @socket_path if non-NULL) at exit. */
void test_cleanup_bus(const char *name, const char *socket_path);

/** test_now_ns() - CLOCK_MONOTONIC in nanoseconds. */
uint64_t test_now_ns(void);
void test_sleep_ms(unsigned int ms);
/** test_deadline() / test_expired(): a hang guard @ms from now, and whether it passed. */
uint64_t test_deadline(unsigned int ms);
bool test_expired(uint64_t deadline);

/* Parent/child command channel: two pipes. */
struct test_link {
	int to_child[2];
	int to_parent[2];
	bool is_child;
};

struct test_cmd {
	char op;
	int64_t value;
};

void test_link_init(struct test_link *link);
/** test_link_send() - send command @op with @value to the other end. */
void test_link_send(struct test_link *link, char op, int64_t value);
/**
 * test_link_recv() - wait up to @timeout_ms for a command.
 * Return: true and *@cmd filled, or false on timeout. EOF (other end gone) fails the test.
 */
bool test_link_recv(struct test_link *link, struct test_cmd *cmd, int timeout_ms);
/** test_link_expect() - receive a command that must be @op; fails the test otherwise. */
int64_t test_link_expect(struct test_link *link, char op);

/**
 * test_spawn() - fork a child that runs @fn(@arg) and exits with its return value.
 * The child gets side name @side, dies with the parent, and closes the parent's ends of @link
 * (may be NULL). Return: the child's pid.
 */
pid_t test_spawn(const char *side, struct test_link *link, int (*fn)(void *arg), void *arg);
/**
 * test_wait_child() - reap @pid, waiting at most @timeout_ms (then SIGKILL it and fail).
 * Return: the child's exit code; a child killed by a signal fails the test unless
 * @expect_signal is that signal (then 0 is returned).
 */
int test_wait_child(pid_t pid, int timeout_ms, int expect_signal);
/** test_child_exited() - true if @pid has already exited (it is reaped; its status checked). */
bool test_child_exited(pid_t pid);

struct rpmsg_bus_config;
struct rpmsg_bus;
struct rpmsg_endpoint;
/**
 * test_config() - rpmsg_bus_config_init() as the tests want it: @role on bus @name, doorbell
 * @mbox (the socket at @socket_path), and an attach timeout of TEST_WAIT_MS since the other
 * side may start late on a loaded machine. (A remote of a host-owned bus takes the doorbell
 * kind from the host's control block whatever @mbox says.)
 */
void test_config(struct rpmsg_bus_config *cfg, const char *name, enum rpmsg_role role,
		 enum rpmsg_mbox_kind mbox, const char *socket_path);

/** test_open_bus() - rpmsg_bus_open() that must succeed; a failure names rpmsg_last_error(). */
struct rpmsg_bus *test_open_bus(const struct rpmsg_bus_config *cfg);

/**
 * test_pair_start() - how every two-process test begins, on the host side.
 * @link:        out: the command link to the remote, initialised
 * @bus_name:    out: "<tag>-<pid>" (test_bus_name()), @size bytes
 * @tag:         see test_bus_name()
 * @socket_path: a socket doorbell's path to remove at exit too, or NULL
 * @remote_main: what the remote child runs (side "remote"), with @arg
 *
 * Names this process "host", registers the bus for clean-up at exit, opens @link and spawns
 * the remote. The host opens its bus afterwards (the remote waits for it).
 * Return: the remote's pid.
 */
pid_t test_pair_start(struct test_link *link, char *bus_name, size_t size, const char *tag,
		      const char *socket_path, int (*remote_main)(void *arg), void *arg);

/**
 * test_pair_finish() - how every two-process test ends, on the host side: tell the remote to
 * quit ('Q' on @link), require its exit status 0 within TEST_WAIT_MS, then close @bus.
 */
void test_pair_finish(struct test_link *link, pid_t remote, struct rpmsg_bus *bus);

/** test_echo_cb() - an rpmsg_rx_cb_t that sends every message back to its sender (must work). */
int test_echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv);

/**
 * test_announce_ept() - how a test's side offers a service: an endpoint @name at a dynamic
 * address, calling @cb with @priv, announced to the other side by name service. Both must
 * succeed.
 * Return: the endpoint.
 */
struct rpmsg_endpoint *test_announce_ept(struct rpmsg_bus *bus, const char *name, rpmsg_rx_cb_t cb,
					 void *priv);

/**
 * test_driver() - fill @drv: a driver for channels named @name, with @probe, @cb and @priv, and
 * nothing else set (the caller adds what more it needs, then registers it).
 */
void test_driver(struct rpmsg_driver *drv, const char *name, int (*probe)(struct rpmsg_channel *ch),
		 rpmsg_rx_cb_t cb, void *priv);

/**
 * struct test_seq_counter - receiving a sequence of uint32_t numbers 0, 1, 2, ...
 * @seen:   messages received (read it with __atomic_load_n(..., __ATOMIC_ACQUIRE))
 * @errors: messages that were not the next number (out of order or damaged)
 */
struct test_seq_counter {
	uint32_t seen;
	uint32_t errors;
};

/** test_seq_count() - count one message of the sequence (from one receiving thread). */
void test_seq_count(struct test_seq_counter *c, const void *data, size_t len);

/**
 * test_dump_bus() - log what a monitor sees of bus @name (pids, liveness, rings, channels,
 * broken reason): the state of a stuck test, for its failure message.
 */
void test_dump_bus(const char *name);

/** test_env_count() - unsigned value of environment variable @name, or @fallback if unset. */
unsigned long test_env_count(const char *name, unsigned long fallback);

/* Deterministic payloads: FNV-1a checksum and a pattern derived from (stream, seq). */
uint32_t test_fnv1a(const void *data, size_t len);
void test_fill_pattern(void *data, size_t len, uint32_t stream, uint32_t seq);
bool test_pattern_matches(const void *data, size_t len, uint32_t stream, uint32_t seq);

/** test_contains_ci() - case-insensitive substring test. */
bool test_contains_ci(const char *haystack, const char *needle);

#endif /* RPMSG_TESTS_BUS_HARNESS_H */
