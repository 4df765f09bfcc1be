/* SPDX-License-Identifier: MIT */
/*
 * The mailbox: one doorbell per direction carrying the vring notify id, like STM32 IPCC or the
 * i.MX MU. Three backends:
 *  - futex: a struct rpmsg_doorbell in the control block; the receiver spins for spin_us when
 *    traffic is dense, then sleeps in futex_wait; the sender wakes it only if it sleeps.
 *  - poll: the receiver never sleeps; mailbox_wait() returns every notify id after a pause
 *    instruction so the bus rescans its rings (kicks still set pending bits, for counting).
 *  - socket: a Unix stream socket, one byte (the notify id) per kick; the receiver scans all
 *    vrings on any byte, as OpenAMP's Linux machine does. End of file means the peer died.
 *
 * Thread safety: mailbox_kick() may be called from any thread; mailbox_wait() from one thread
 * at a time; mailbox_wake() from any thread, to end a wait early (shutdown).
 */
#ifndef RPMSG_BUS_MAILBOX_H
#define RPMSG_BUS_MAILBOX_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/bus.h>

#include "carveout.h"

/* Pending bit that only means "woken by mailbox_wake()". */
#define MAILBOX_SELF_WAKE (1u << 31)
/* All notify ids: what socket and poll backends report, so the bus scans every ring. */
#define MAILBOX_ALL_NOTIFY 0x7fffffffu

struct mailbox {
	enum rpmsg_mbox_kind kind;
	struct rpmsg_doorbell *tx; /* futex/poll: the peer's doorbell we ring */
	struct rpmsg_doorbell *rx; /* futex/poll: our doorbell */
	unsigned int spin_us;
	/* socket backend */
	int listen_fd; /* -1 unless we are the listening side and not yet connected */
	int conn_fd;   /* -1 until connected */
	int wake_pipe[2];
	char path[108];
	bool peer_closed;
	int kick_pending;    /* a kick rung before the peer was accepted: sent on accept */
	uint64_t kicks_sent; /* socket backend has no shared counter */
	/* Connections refused by the credentials check; the last one's reason, under lock. */
	uint64_t peers_refused;
	char refused[256];
	pthread_mutex_t refused_lock;
};

/** mailbox_init_shm() - futex or poll backend over the two doorbells in the control block. */
int mailbox_init_shm(struct mailbox *mb, enum rpmsg_mbox_kind kind, struct rpmsg_doorbell *tx,
		     struct rpmsg_doorbell *rx, unsigned int spin_us);

/**
 * mailbox_init_socket_listen() - socket backend, listening side: bind @path (replacing a stale
 * socket file) and accept the peer later, inside mailbox_wait() or mailbox_accept().
 * The socket file is mode 0600 whatever the umask, and a connecting process is accepted only
 * if SO_PEERCRED shows our effective uid or root; others are closed, counted and named
 * (mailbox_last_refusal()), and the listener keeps waiting for the legitimate peer.
 */
int mailbox_init_socket_listen(struct mailbox *mb, const char *path);

/** mailbox_accept() - listening side: wait up to @timeout_ms for the peer. Return: 0, -ETIMEDOUT.
 */
int mailbox_accept(struct mailbox *mb, int timeout_ms);

/** mailbox_init_socket_connect() - connecting side, retrying until @timeout_ms passes. */
int mailbox_init_socket_connect(struct mailbox *mb, const char *path, int timeout_ms);

/**
 * mailbox_kick() - ring the peer's doorbell with @notifyid.
 * Return: 0, or -EPIPE when the socket peer is gone.
 */
int mailbox_kick(struct mailbox *mb, unsigned int notifyid);

/**
 * mailbox_wait() - wait up to @timeout_ms (-1: forever, 0: just look) for doorbells.
 * @pending: out: bit mask of notify ids rung (MAILBOX_ALL_NOTIFY: scan everything), 0 on timeout
 * Return: 0, or -EPIPE when the socket peer closed its end.
 */
int mailbox_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending);

/** mailbox_wake() - make a concurrent or the next mailbox_wait() return at once. */
void mailbox_wake(struct mailbox *mb);

/** mailbox_kicks_sent() - doorbells this side rang so far. */
uint64_t mailbox_kicks_sent(const struct mailbox *mb);

/**
 * mailbox_last_refusal() - copy the reason the last connection was refused into @buf.
 * Return: number of connections refused so far (0: @buf is "").
 */
uint64_t mailbox_last_refusal(struct mailbox *mb, char *buf, size_t len);

void mailbox_close(struct mailbox *mb);

/* Backend entry points, used by mailbox.c only. */
int mailbox_futex_kick(struct mailbox *mb, unsigned int notifyid);
int mailbox_futex_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending);
void mailbox_futex_wake(struct mailbox *mb);
int mailbox_socket_kick(struct mailbox *mb, unsigned int notifyid);
int mailbox_socket_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending);
void mailbox_socket_wake(struct mailbox *mb);
void mailbox_socket_close(struct mailbox *mb);
void mailbox_socket_reset(struct mailbox *mb);

#endif /* RPMSG_BUS_MAILBOX_H */
