// SPDX-License-Identifier: MIT
/* Mailbox front end: the table of backends, and calls dispatched through it. See mailbox.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mailbox.h"

/* enum rpmsg_mbox_kind -> backend. A new backend is one file and one line here. */
static const struct mailbox_ops *const backends[] = {
	[RPMSG_MBOX_FUTEX] = &mailbox_futex_ops,
	[RPMSG_MBOX_POLL] = &mailbox_poll_ops,
	[RPMSG_MBOX_SOCKET] = &mailbox_socket_ops,
	[RPMSG_MBOX_EVENTFD] = &mailbox_eventfd_ops,
};

const struct mailbox_ops *mailbox_backend(unsigned int kind)
{
	return kind < sizeof(backends) / sizeof(backends[0]) ? backends[kind] : NULL;
}

int mailbox_open(struct mailbox *mb, const struct mailbox_setup *setup)
{
	const struct mailbox_ops *ops = mailbox_backend(setup->kind);
	int err;

	memset(mb, 0, sizeof(*mb));
	mb->listen_fd = -1;
	mb->conn_fd = -1;
	mb->wake_pipe[0] = -1;
	mb->wake_pipe[1] = -1;
	if (!ops)
		return -EINVAL;
	pthread_mutex_init(&mb->refused_lock, NULL);
	err = ops->open(mb, setup);
	if (err) {
		pthread_mutex_destroy(&mb->refused_lock);
		return err;
	}
	mb->ops = ops;
	return 0;
}

int mailbox_accept(struct mailbox *mb, int timeout_ms)
{
	return mb->ops->accept ? mb->ops->accept(mb, timeout_ms) : 0;
}

int mailbox_kick(struct mailbox *mb, unsigned int notifyid)
{
	return mb->ops->kick(mb, notifyid);
}

int mailbox_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending)
{
	return mb->ops->wait(mb, timeout_ms, pending);
}

void mailbox_wake(struct mailbox *mb)
{
	/* bus_set_broken() may run on a bus whose mailbox never opened */
	if (mb->ops)
		mb->ops->wake(mb);
}

uint64_t mailbox_kicks_sent(const struct mailbox *mb)
{
	return mb->ops ? mb->ops->kicks_sent(mb) : 0;
}

uint64_t mailbox_peers_refused(const struct mailbox *mb)
{
	return __atomic_load_n(&mb->peers_refused, __ATOMIC_RELAXED);
}

uint64_t mailbox_last_refusal(struct mailbox *mb, char *buf, size_t len)
{
	uint64_t n;

	if (!mb->ops) {
		snprintf(buf, len, "%s", "");
		return 0;
	}
	pthread_mutex_lock(&mb->refused_lock);
	n = mb->peers_refused;
	snprintf(buf, len, "%s", n ? mb->refused : "");
	pthread_mutex_unlock(&mb->refused_lock);
	return n;
}

void mailbox_close(struct mailbox *mb)
{
	if (!mb->ops)
		return;
	if (mb->ops->close)
		mb->ops->close(mb);
	pthread_mutex_destroy(&mb->refused_lock);
	mb->ops = NULL;
	mb->tx = NULL;
	mb->rx = NULL;
}
