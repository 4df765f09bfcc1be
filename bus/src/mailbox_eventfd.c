// SPDX-License-Identifier: MIT
/*
 * The eventfd doorbell of a vhost-user device: the driver's kicks arrive on one eventfd per ring
 * (notify id = ring index), our interrupts go out as 8 bytes written to the ring's call eventfd.
 * Whether to interrupt at all is decided before, by the vring code (NO_INTERRUPT or event index),
 * exactly as for the other backends. The waiting side also watches the vhost-user socket and
 * reports its activity as MAILBOX_CONTROL: the socket is the device's control channel, and the
 * bus's interrupt thread handles it between kicks.
 *
 * The fds belong to struct vhost_user; this backend only looks at them from the waiting thread,
 * the one that also handles the socket, so they never change under it. Kicks are counted in the
 * control block's doorbells (to_host: our interrupts, to_remote: the guest's kicks) for monitors.
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "mailbox.h"
#include "vhost_user.h"

static int eventfd_open(struct mailbox *mb, const struct mailbox_setup *setup)
{
	/* Only a vhost-user device has these doorbells (a control block cannot ask for them). */
	if (!setup->vu)
		return -EINVAL;
	mb->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (mb->wake_fd < 0)
		return -errno;
	mb->vu = setup->vu;
	mb->tx = setup->tx;
	mb->rx = setup->rx;
	return 0;
}

static void count_kick(struct rpmsg_doorbell *db)
{
	if (db)
		__atomic_fetch_add(&db->kicks, 1, __ATOMIC_RELAXED);
}

static int eventfd_kick(struct mailbox *mb, unsigned int notifyid)
{
	int err = vhost_user_call(mb->vu, notifyid);

	if (!err) {
		count_kick(mb->tx);
		__atomic_fetch_add(&mb->kicks_sent, 1, __ATOMIC_RELAXED); /* any thread kicks */
	}
	return err;
}

/**
 * eventfd_wait() - wait for a kick, a control message or a wake-up.
 * @mb:         the mailbox
 * @timeout_ms: -1 forever, 0 just look
 * @pending:    out: bit n for a kick of ring n, MAILBOX_CONTROL for socket activity (a message,
 *              a connecting front end, a hang-up), MAILBOX_SELF_WAKE for mailbox_wake()
 *
 * Return: 0 (a closed socket is reported as MAILBOX_CONTROL: the bus reads the end of file and
 * names the cause itself).
 */
static int eventfd_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending)
{
	struct vhost_user *vu = mb->vu;
	struct pollfd pfd[2 + VHOST_USER_NUM_QUEUES];
	int ring_of[2 + VHOST_USER_NUM_QUEUES];
	unsigned int n = 0;
	uint64_t count;

	*pending = 0;
	pfd[n] = (struct pollfd){.fd = mb->wake_fd, .events = POLLIN};
	ring_of[n++] = -1;
	if (vu->conn_fd >= 0 || vu->listen_fd >= 0) {
		pfd[n] = (struct pollfd){.fd = vu->conn_fd >= 0 ? vu->conn_fd : vu->listen_fd,
					 .events = POLLIN};
		ring_of[n++] = -2;
	}
	for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++) {
		if (vu->vring[i].kick_fd < 0)
			continue;
		pfd[n] = (struct pollfd){.fd = vu->vring[i].kick_fd, .events = POLLIN};
		ring_of[n++] = (int)i;
	}
	if (poll(pfd, n, timeout_ms) <= 0)
		return 0;
	for (unsigned int i = 0; i < n; i++) {
		if (!pfd[i].revents)
			continue;
		if (ring_of[i] == -1) {
			if (read(mb->wake_fd, &count, sizeof(count)) == sizeof(count))
				*pending |= MAILBOX_SELF_WAKE;
		} else if (ring_of[i] == -2) {
			*pending |= MAILBOX_CONTROL;
		} else if (vhost_user_take_kick(vu, (unsigned int)ring_of[i])) {
			count_kick(mb->rx);
			*pending |= 1u << ring_of[i];
		}
	}
	return 0;
}

static void eventfd_wake(struct mailbox *mb)
{
	uint64_t one = 1;

	if (write(mb->wake_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is huge, a wake-up is pending anyway. */
	}
}

static uint64_t eventfd_kicks_sent(const struct mailbox *mb)
{
	return __atomic_load_n(&mb->kicks_sent, __ATOMIC_RELAXED);
}

static void eventfd_close(struct mailbox *mb)
{
	if (mb->wake_fd >= 0)
		close(mb->wake_fd);
	mb->wake_fd = -1;
}

const struct mailbox_ops mailbox_eventfd_ops = {
	.name = "eventfd",
	.in_control_block = false,
	.polling = false,
	.open = eventfd_open,
	.kick = eventfd_kick,
	.wait = eventfd_wait,
	.wake = eventfd_wake,
	.kicks_sent = eventfd_kicks_sent,
	.close = eventfd_close,
};
