// SPDX-License-Identifier: MIT
/*
 * Futex and busy-poll doorbells in shared memory (two backends: mailbox_futex_ops and
 * mailbox_poll_ops). The receiver publishes "sleeping" before it sleeps and re-checks pending;
 * the sender publishes pending before it reads "sleeping". With a full barrier on both sides one
 * of them always sees the other (no lost wake-up), and a sender whose receiver is awake or
 * spinning makes no system call at all. A polling receiver never sleeps, so nobody wakes it.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mailbox.h"

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *timeout)
{
	/* Shared (not PRIVATE) futexes: the word lives in memory mapped by two processes. */
	return syscall(SYS_futex, uaddr, op, val, timeout, NULL, 0);
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int shm_doorbell_open(struct mailbox *mb, const struct mailbox_setup *setup)
{
	if (!setup->tx || !setup->rx)
		return -EINVAL;
	mb->tx = setup->tx;
	mb->rx = setup->rx;
	mb->spin_us = setup->spin_us;
	return 0;
}

/*
 * Take the pending bits. A plain load first: an exchange is a write, and would pull the line the
 * sender rings into our cache exclusively on every pass, rung or not.
 */
static uint32_t take_pending(struct rpmsg_doorbell *bell)
{
	if (!__atomic_load_n(&bell->pending, __ATOMIC_RELAXED))
		return 0;
	return __atomic_exchange_n(&bell->pending, 0, __ATOMIC_ACQUIRE);
}

/* Publish the kick; a polling receiver finds it on its next scan. */
static int poll_kick(struct mailbox *mb, unsigned int notifyid)
{
	struct rpmsg_doorbell *bell = mb->tx;

	__atomic_fetch_or(&bell->pending, 1u << notifyid, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&bell->kicks, 1, __ATOMIC_RELAXED);
	return 0;
}

static int futex_kick(struct mailbox *mb, unsigned int notifyid)
{
	struct rpmsg_doorbell *bell = mb->tx;

	poll_kick(mb, notifyid);
	__atomic_fetch_add(&bell->seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&bell->sleeping, __ATOMIC_SEQ_CST))
		futex(&bell->seq, FUTEX_WAKE, INT_MAX, NULL);
	return 0;
}

/* Spin until work appears or @deadline (ns) passes. Return the pending mask taken, or 0. */
static uint32_t spin_for_pending(struct rpmsg_doorbell *bell, uint64_t deadline)
{
	unsigned int i = 0;

	for (;;) {
		uint32_t bits = take_pending(bell);

		if (bits)
			return bits;
		if ((++i & 63) == 0 && monotonic_ns() >= deadline)
			return 0;
		cpu_relax();
	}
}

static int poll_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending)
{
	struct rpmsg_doorbell *bell = mb->rx;

	*pending = take_pending(bell);
	if (*pending || timeout_ms == 0)
		return 0;
	/* Nobody needs to kick a polling receiver: rescan the rings after a pause. */
	cpu_relax();
	*pending = MAILBOX_ALL_NOTIFY | take_pending(bell);
	return 0;
}

/**
 * futex_wait() - take the pending doorbells, spinning then sleeping until one is rung.
 * @mb:         the mailbox
 * @timeout_ms: -1 forever, 0 just look
 * @pending:    out: the notify-id bits rung, 0 on timeout
 *
 * Spins for spin_us first (dense traffic: the next kick is microseconds away), then sleeps on
 * the doorbell's sequence word with "sleeping" published so that the sender wakes us.
 * Return: 0 (a shared-memory doorbell cannot tell that the peer died).
 */
static int futex_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending)
{
	struct rpmsg_doorbell *bell = mb->rx;
	uint64_t now = monotonic_ns();
	uint64_t deadline = timeout_ms < 0 ? UINT64_MAX : now + (uint64_t)timeout_ms * 1000000ull;
	uint32_t seen;

	*pending = take_pending(bell);
	if (*pending || timeout_ms == 0)
		return 0;

	/* Dense traffic: the next kick is probably microseconds away; a sleep would cost more. */
	if (mb->spin_us) {
		uint64_t spin_end = now + mb->spin_us * 1000ull;

		*pending = spin_for_pending(bell, spin_end < deadline ? spin_end : deadline);
		if (*pending)
			return 0;
	}

	while (!*pending) {
		struct timespec ts, *tsp = NULL;

		now = monotonic_ns();
		if (now >= deadline)
			break;
		if (deadline != UINT64_MAX) {
			uint64_t left = deadline - now;

			ts.tv_sec = left / 1000000000ull;
			ts.tv_nsec = left % 1000000000ull;
			tsp = &ts;
		}
		seen = __atomic_load_n(&bell->seq, __ATOMIC_SEQ_CST);
		__atomic_store_n(&bell->sleeping, 1, __ATOMIC_SEQ_CST);
		if (!__atomic_load_n(&bell->pending, __ATOMIC_SEQ_CST))
			futex(&bell->seq, FUTEX_WAIT, seen, tsp);
		__atomic_store_n(&bell->sleeping, 0, __ATOMIC_RELAXED);
		*pending = __atomic_exchange_n(&bell->pending, 0, __ATOMIC_ACQUIRE);
	}
	return 0;
}

static void shm_doorbell_wake(struct mailbox *mb)
{
	struct rpmsg_doorbell *bell = mb->rx;

	__atomic_fetch_or(&bell->pending, MAILBOX_SELF_WAKE, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&bell->seq, 1, __ATOMIC_SEQ_CST);
	futex(&bell->seq, FUTEX_WAKE, INT_MAX, NULL);
}

static uint64_t shm_doorbell_kicks_sent(const struct mailbox *mb)
{
	return __atomic_load_n(&mb->tx->kicks, __ATOMIC_RELAXED);
}

/* The two backends differ only in how they ring and wait. */
#define SHM_DOORBELL_OPS(backend, receiver_polls, kick_fn, wait_fn)                                \
	{                                                                                          \
		.name = backend, .in_control_block = true, .polling = receiver_polls,              \
		.open = shm_doorbell_open, .kick = kick_fn, .wait = wait_fn,                       \
		.wake = shm_doorbell_wake, .kicks_sent = shm_doorbell_kicks_sent,                  \
	}

const struct mailbox_ops mailbox_futex_ops =
	SHM_DOORBELL_OPS("futex", false, futex_kick, futex_wait);
const struct mailbox_ops mailbox_poll_ops = SHM_DOORBELL_OPS("poll", true, poll_kick, poll_wait);
