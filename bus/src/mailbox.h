/* SPDX-License-Identifier: MIT */
/*
 * The mailbox: one doorbell per direction carrying the vring notify id, like STM32 IPCC or the
 * i.MX MU. Each backend is one file that fills a struct mailbox_ops; mailbox.c holds the table
 * from enum rpmsg_mbox_kind to backend and the front end the bus calls. Backends today:
 *  - futex: a struct rpmsg_doorbell in the control block; the receiver spins for spin_us when
 *    traffic is dense, then sleeps in futex_wait; the sender wakes it only if it sleeps.
 *  - poll: the receiver never sleeps; mailbox_wait() returns every notify id after a pause
 *    instruction so the bus rescans its rings (kicks still set pending bits, for counting).
 *  - socket: a Unix stream socket, one byte (the notify id) per kick; the receiver scans all
 *    vrings on any byte, as OpenAMP's Linux machine does. End of file means the peer died.
 *  - eventfd: vhost-user's doorbells: a kick eventfd per ring in, a call eventfd per ring out;
 *    the socket's messages show up as MAILBOX_CONTROL for the bus to handle.
 * Adding a backend is one new file with its ops and one entry in mailbox.c's table (and a value
 * in enum rpmsg_mbox_kind).
 *
 * Thread safety: mailbox_kick() may be called from any thread; mailbox_wait() from one thread
 * at a time; mailbox_wake() from any thread, to end a wait early (shutdown).
 * A zeroed struct mailbox (no backend yet) may be closed; nothing else may be called on it.
 */
#ifndef RPMSG_BUS_MAILBOX_H
#define RPMSG_BUS_MAILBOX_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <rpmsg/bus.h>

#include "carveout.h"

/* Pending bit that only means "woken by mailbox_wake()". */
#define MAILBOX_SELF_WAKE (1u << 31)
/*
 * Pending bit that means "the transport's control channel has news" (vhost-user: a message, a
 * connection or a hang-up on the socket). Inside MAILBOX_ALL_NOTIFY: a full scan looks too.
 */
#define MAILBOX_CONTROL (1u << 30)
/* All notify ids: what socket and poll backends report, so the bus scans every ring. */
#define MAILBOX_ALL_NOTIFY 0x7fffffffu

/* cpu_relax() - one spin-wait hint (pause / yield): spinning on the other side's line. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

struct mailbox;

/**
 * struct mailbox_setup - what a backend may need to open one side's doorbells
 * @kind:       the backend
 * @listen:     socket: this side created the carve-out, so it listens and the peer connects
 * @path:       socket: the Unix socket's path
 * @timeout_ms: socket, connecting side: how long to retry while the listener is not there yet
 * @tx:         doorbell in the control block that we ring (shared-memory backends)
 * @rx:         our doorbell in the control block (shared-memory backends)
 * @spin_us:    futex: how long a receiver spins before it sleeps
 * @vu:         eventfd: the vhost-user device whose kick and call fds are the doorbells
 */
struct mailbox_setup {
	enum rpmsg_mbox_kind kind;
	bool listen;
	const char *path;
	int timeout_ms;
	struct rpmsg_doorbell *tx, *rx;
	unsigned int spin_us;
	struct vhost_user *vu;
};

/**
 * struct mailbox_ops - one doorbell backend
 * @name:             for messages ("futex", "socket")
 * @in_control_block: the doorbells live in the host's control block, so a firmware-owned table
 *                    (which has none) cannot use this backend
 * @polling:          receivers never sleep: nobody asks for interrupts, rings are rescanned
 * @open:             set up @mb from @setup (after mailbox.c cleared it). Return: 0 or -errno
 * @accept:           listening side: wait up to @timeout_ms for the peer (NULL: nothing to wait
 *                    for). Return: 0 or -ETIMEDOUT
 * @kick:             ring the peer's doorbell. Return: 0, or -EPIPE when the peer is gone
 * @wait:             see mailbox_wait()
 * @wake:             see mailbox_wake()
 * @kicks_sent:       doorbells this side rang so far
 * @close:            release what @open took (NULL: nothing)
 */
struct mailbox_ops {
	const char *name;
	bool in_control_block;
	bool polling;
	int (*open)(struct mailbox *mb, const struct mailbox_setup *setup);
	int (*accept)(struct mailbox *mb, int timeout_ms);
	int (*kick)(struct mailbox *mb, unsigned int notifyid);
	int (*wait)(struct mailbox *mb, int timeout_ms, uint32_t *pending);
	void (*wake)(struct mailbox *mb);
	uint64_t (*kicks_sent)(const struct mailbox *mb);
	void (*close)(struct mailbox *mb);
};

/* The backends, each in its own file. */
extern const struct mailbox_ops mailbox_futex_ops;
extern const struct mailbox_ops mailbox_poll_ops;
extern const struct mailbox_ops mailbox_socket_ops;
extern const struct mailbox_ops mailbox_eventfd_ops;

struct vhost_user;

struct mailbox {
	const struct mailbox_ops *ops; /* NULL until mailbox_open() succeeded */
	struct rpmsg_doorbell *tx;     /* futex/poll: the peer's doorbell we ring */
	struct rpmsg_doorbell *rx;     /* futex/poll: our doorbell */
	unsigned int spin_us;
	/* socket backend */
	int listen_fd; /* -1 unless we are the listening side and not yet connected */
	int conn_fd;   /* -1 until connected */
	int wake_pipe[2];
	char path[108];
	bool owns_path; /* we bound @path (device, inode): we unlink it on close */
	dev_t path_dev;
	ino_t path_ino;
	bool peer_closed;
	int kick_pending;    /* a kick rung before the peer was accepted: sent on accept */
	uint64_t kicks_sent; /* socket backend has no shared counter */
	/* Connections refused by the credentials check; the last one's reason, under lock. */
	uint64_t peers_refused;
	char refused[256];
	pthread_mutex_t refused_lock;
	/* eventfd backend */
	struct vhost_user *vu;
	int wake_fd;
};

/**
 * mailbox_backend() - the backend of @kind.
 * Return: its ops, or NULL for a kind no backend implements (a value from shared memory or
 * from a caller is checked with this).
 */
const struct mailbox_ops *mailbox_backend(unsigned int kind);

/**
 * mailbox_open() - set up this side's doorbells with the backend @setup->kind.
 *
 * Socket backend: the listening side binds @setup->path (replacing a stale socket file) and
 * accepts the peer later, inside mailbox_wait() or mailbox_accept(). The socket file is mode
 * 0600 whatever the umask, and a connecting process is accepted only if SO_PEERCRED shows our
 * effective uid or root; others are closed, counted and named (mailbox_last_refusal()), and the
 * listener keeps waiting for the legitimate peer. The connecting side retries until
 * @setup->timeout_ms passes.
 *
 * Return: 0; -EINVAL for an unknown kind; -ETIMEDOUT when no listener appeared; -errno.
 */
int mailbox_open(struct mailbox *mb, const struct mailbox_setup *setup);

/** mailbox_accept() - listening side: wait up to @timeout_ms for the peer. Return: 0, -ETIMEDOUT.
 */
int mailbox_accept(struct mailbox *mb, int timeout_ms);

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

/** mailbox_peers_refused() - connections refused by the credentials check so far. */
uint64_t mailbox_peers_refused(const struct mailbox *mb);

/**
 * mailbox_last_refusal() - copy the reason the last connection was refused into @buf.
 * Return: number of connections refused so far (0: @buf is "").
 */
uint64_t mailbox_last_refusal(struct mailbox *mb, char *buf, size_t len);

/** mailbox_close() - release the doorbells; the listening side removes its socket file. */
void mailbox_close(struct mailbox *mb);

#endif /* RPMSG_BUS_MAILBOX_H */
