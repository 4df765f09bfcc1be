// SPDX-License-Identifier: MIT
/* Mailbox front end: dispatch to the backend chosen at init. See mailbox.h. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mailbox.h"

static void mailbox_clear(struct mailbox *mb, enum rpmsg_mbox_kind kind)
{
	memset(mb, 0, sizeof(*mb));
	mb->kind = kind;
	mb->listen_fd = -1;
	mb->conn_fd = -1;
	mb->wake_pipe[0] = -1;
	mb->wake_pipe[1] = -1;
	pthread_mutex_init(&mb->refused_lock, NULL);
}

int mailbox_init_shm(struct mailbox *mb, enum rpmsg_mbox_kind kind, struct rpmsg_doorbell *tx,
		     struct rpmsg_doorbell *rx, unsigned int spin_us)
{
	if (kind != RPMSG_MBOX_FUTEX && kind != RPMSG_MBOX_POLL)
		return -EINVAL;
	mailbox_clear(mb, kind);
	mb->tx = tx;
	mb->rx = rx;
	mb->spin_us = spin_us;
	return 0;
}

void mailbox_socket_reset(struct mailbox *mb)
{
	mailbox_clear(mb, RPMSG_MBOX_SOCKET);
}

int mailbox_kick(struct mailbox *mb, unsigned int notifyid)
{
	if (mb->kind == RPMSG_MBOX_SOCKET)
		return mailbox_socket_kick(mb, notifyid);
	return mailbox_futex_kick(mb, notifyid);
}

int mailbox_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending)
{
	if (mb->kind == RPMSG_MBOX_SOCKET)
		return mailbox_socket_wait(mb, timeout_ms, pending);
	return mailbox_futex_wait(mb, timeout_ms, pending);
}

void mailbox_wake(struct mailbox *mb)
{
	if (mb->kind == RPMSG_MBOX_SOCKET)
		mailbox_socket_wake(mb);
	else
		mailbox_futex_wake(mb);
}

uint64_t mailbox_kicks_sent(const struct mailbox *mb)
{
	if (mb->kind == RPMSG_MBOX_SOCKET)
		return __atomic_load_n(&mb->kicks_sent, __ATOMIC_RELAXED);
	return mb->tx ? __atomic_load_n(&mb->tx->kicks, __ATOMIC_RELAXED) : 0;
}

void mailbox_close(struct mailbox *mb)
{
	if (mb->kind == RPMSG_MBOX_SOCKET)
		mailbox_socket_close(mb);
	mb->tx = NULL;
	mb->rx = NULL;
}
