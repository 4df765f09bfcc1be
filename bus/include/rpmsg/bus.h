/* SPDX-License-Identifier: MIT */
/*
 * librpmsgbus: an rpmsg bus in user space, byte-compatible with the kernel's virtio_rpmsg_bus and
 * with OpenAMP.
 *
 * A bus is one virtio rpmsg device: a shared-memory carve-out described by a remoteproc resource
 * table, two split vrings (vq0: host RX / remote TX, vq1: host TX / remote RX), a buffer pool
 * (first half host RX, second half host TX) and a mailbox doorbell in each direction. The host
 * role is the virtio driver (what Linux does); the remote role is the virtio device (what
 * OpenAMP firmware does). Each role runs in its own process.
 *
 * Contract:
 * - Functions return 0 or a negative errno. -EIO means the bus is broken: the other side wrote
 *   something invalid into shared memory; rpmsg_bus_error() says what. -EPIPE means the peer
 *   died. -ETIMEDOUT: a blocking send waited tx_timeout_ms for a buffer. -ENOMEM from trysend:
 *   no TX buffer now. -EMSGSIZE: payload larger than buf_size - 16.
 * - A bus object is thread-safe: any thread may send on any endpoint. Endpoint callbacks run on
 *   the bus's interrupt thread (threaded mode) or inside rpmsg_bus_poll() (polling mode), one at
 *   a time per bus; a callback may send, create and destroy endpoints (including its own).
 * - Memory: the library owns the bus, endpoints and channels; the caller owns configs and
 *   payload buffers it passes in. Received payload pointers are valid during the callback only,
 *   unless held with rpmsg_hold_rx_buffer().
 * - Nothing the peer does may kill us: a peer that truncates the carve-out makes the bus fail
 *   with -EIO "carve-out truncated to N bytes". For that the first rpmsg_bus_open() installs a
 *   process-wide SIGBUS handler; faults outside bus mappings go to the handler installed before
 *   it (or the default action). The socket doorbell is mode 0600 and accepts only a peer with
 *   our uid or root (rpmsg_bus_last_refusal()). The peer can still lie with plausible values.
 */
#ifndef RPMSG_BUS_H
#define RPMSG_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/wire.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_bus;
struct rpmsg_endpoint;
struct rpmsg_channel;

/* Bus names are short identifiers: [A-Za-z0-9_.-], at most 31 characters. */
#define RPMSG_BUS_NAME_MAX 32
/* Shared memory object of a bus created by our host: shm_open("/rpmsg-" NAME). */
#define RPMSG_SHM_PREFIX "/rpmsg-"

enum rpmsg_role {
	RPMSG_ROLE_HOST = 0,   /* virtio driver, like Linux */
	RPMSG_ROLE_REMOTE = 1, /* virtio device, like OpenAMP firmware */
};

enum rpmsg_mbox_kind {
	RPMSG_MBOX_FUTEX = 0, /* doorbell word in shared memory, futex wake-ups (default) */
	RPMSG_MBOX_POLL,      /* busy polling: lowest latency, burns a core */
	RPMSG_MBOX_SOCKET,    /* Unix stream socket, one byte per kick (OpenAMP Linux machine) */
	RPMSG_MBOX_EVENTFD,   /* vhost-user: kick and call eventfds (set by vhost_user_path) */
};

enum rpmsg_layout {
	/* The host creates the carve-out, writes the resource table and the control block. */
	RPMSG_LAYOUT_HOST_OWNED = 0,
	/*
	 * The remote owns the resource table, as real remoteproc firmware does: it writes the
	 * table (fixed vring device addresses) at rsc_offset and waits for DRIVER_OK; the host
	 * adopts it. The buffer pool is given separately (buf_pool_offset/size, like a device
	 * tree's vdev0buffer). No control block: introspection is not available for such a bus.
	 */
	RPMSG_LAYOUT_FIRMWARE_OWNED,
};

/**
 * struct rpmsg_bus_config - how to create (host) or attach (remote) a bus
 *
 * Zero means "default" for every numeric field; rpmsg_bus_config_init() fills in the defaults.
 * @name: bus name; the carve-out is POSIX shm RPMSG_SHM_PREFIX + name (mode 0600)
 * @role: host or remote
 * @mbox: doorbell backend; both sides must agree (the remote reads it from the control block)
 * @layout: who owns the resource table
 * @vring_num: descriptors per vring (power of two, default 256 = buffers per direction)
 * @buf_count: total buffers, half RX and half TX (default 512, at most 512)
 * @buf_size: bytes per buffer, header included (default 512)
 * @pa_base: device address of the carve-out's first byte (descriptor addresses = pa_base + off)
 * @tx_timeout_ms: blocking send gives up after this long (default 15000, as the kernel)
 * @spin_us: futex backend: busy-wait this long for more work before sleeping (default 20)
 * @threaded: run an "interrupt" thread that delivers callbacks (default true via config_init);
 *            when false the caller drives the bus with rpmsg_bus_poll()
 * @shm_path: firmware-owned layout: name of the shm object to attach (e.g. "/openamp.shm")
 * @shm_size: firmware-owned layout: its size in bytes
 * @rsc_offset: firmware-owned layout: offset of the resource table in the shm
 * @buf_pool_offset: firmware-owned layout: offset of the host's buffer pool in the shm
 * @buf_pool_size: firmware-owned layout: its size
 * @socket_path: socket doorbell: path of the Unix socket; the remote listens, the host connects
 * @attach_timeout_ms: how long a side waits for its peer to appear (default 5000)
 * @vhost_user_path: remote only: be a vhost-user device instead of attaching to a carve-out.
 *           We listen on this Unix socket and a front end (QEMU, -chardev socket,path=...)
 *           connects; the guest's virtio_rpmsg_bus is the host. Open returns at once; rings
 *           start when the guest's driver sets them up, endpoints announced before that are
 *           announced then (and again after a driver reload or guest reboot). The front end
 *           closing the socket is a dead peer (-EPIPE). Monitors still see the bus by @name: a
 *           control block of our own, /dev/shm/rpmsg-NAME, mirrors the device's state.
 * @ns_bind: host: called after a channel appears (name service create from the remote), before
 *           drivers are matched; remote: called when the host announces a service. May be NULL.
 * @ns_unbind: called when the other side destroys a name. May be NULL.
 * @priv: passed to ns_bind / ns_unbind
 */
struct rpmsg_bus_config {
	const char *name;
	enum rpmsg_role role;
	enum rpmsg_mbox_kind mbox;
	enum rpmsg_layout layout;
	unsigned int vring_num;
	unsigned int buf_count;
	unsigned int buf_size;
	uint64_t pa_base;
	unsigned int tx_timeout_ms;
	unsigned int spin_us;
	bool threaded;
	const char *shm_path;
	size_t shm_size;
	size_t rsc_offset;
	size_t buf_pool_offset;
	size_t buf_pool_size;
	const char *socket_path;
	unsigned int attach_timeout_ms;
	const char *vhost_user_path;
	void (*ns_bind)(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv);
	void (*ns_unbind)(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv);
	void *priv;
};

/** rpmsg_bus_config_init() - fill @cfg with the kernel's defaults for @role on bus @name. */
void rpmsg_bus_config_init(struct rpmsg_bus_config *cfg, const char *name, enum rpmsg_role role);

/**
 * rpmsg_bus_open() - create (host, host-owned layout) or attach to (remote, or host adopting a
 * firmware-owned table) a bus.
 * @cfg: configuration; copied, the caller may free it afterwards
 * @out: the new bus
 *
 * Host, host-owned layout: creates the shm exclusively (-EEXIST if a bus of that name exists:
 * rpmsg_bus_unlink() clears a stale one), lays out table, control block, vrings and buffers,
 * pre-fills vq0 with RX buffers and sets DRIVER_OK. It does not wait for the remote.
 * Remote: attaches to the named shm (waiting up to attach_timeout_ms for it and for DRIVER_OK)
 * and announces nothing by itself. Firmware-owned layouts: see enum rpmsg_layout.
 *
 * Return: 0, -EINVAL (bad config, named in rpmsg_last_error()), -EEXIST, -ENOENT/-ETIMEDOUT
 * (no peer), -EIO (invalid table), or another negative errno from the system.
 */
int rpmsg_bus_open(const struct rpmsg_bus_config *cfg, struct rpmsg_bus **out);

/** rpmsg_bus_close() - destroy endpoints (announcing their destruction), stop, unmap; host unlinks.
 */
void rpmsg_bus_close(struct rpmsg_bus *bus);

/** rpmsg_bus_unlink() - remove a stale bus's shared memory by name (host side clean-up). */
int rpmsg_bus_unlink(const char *name);

/**
 * rpmsg_bus_wait_peer() - block until the other side is attached (host: remote has attached and
 * is running; remote: always attached after open; vhost-user remote: the guest's driver runs
 * both rings and has posted receive buffers). Return: 0, -ETIMEDOUT, -EPIPE, -EIO.
 */
int rpmsg_bus_wait_peer(struct rpmsg_bus *bus, unsigned int timeout_ms);

/**
 * rpmsg_bus_poll() - polling mode: process pending doorbells, deliver callbacks, reclaim
 * buffers. Waits up to @timeout_ms for work (0 = do not wait, -1 = forever).
 * Return: number of messages delivered, or a negative errno (-EIO, -EPIPE).
 */
int rpmsg_bus_poll(struct rpmsg_bus *bus, int timeout_ms);

/** rpmsg_bus_status() - 0 while healthy, -EIO when broken, -EPIPE when the peer died. */
int rpmsg_bus_status(const struct rpmsg_bus *bus);

/** rpmsg_bus_error() - human-readable reason the bus is broken or the peer gone ("" if healthy). */
const char *rpmsg_bus_error(const struct rpmsg_bus *bus);

/** rpmsg_last_error() - reason for the last failed rpmsg_bus_open() in this thread. */
const char *rpmsg_last_error(void);

const char *rpmsg_bus_name(const struct rpmsg_bus *bus);
enum rpmsg_role rpmsg_bus_role(const struct rpmsg_bus *bus);
/** rpmsg_bus_payload_max() - largest payload one message can carry (buf_size - 16). */
size_t rpmsg_bus_payload_max(const struct rpmsg_bus *bus);

/**
 * struct rpmsg_bus_stats - counters of this side (monotonic; read any time)
 */
struct rpmsg_bus_stats {
	uint64_t tx_msgs, tx_bytes, rx_msgs, rx_bytes;
	uint64_t kicks_sent, kicks_suppressed, interrupts;
	uint64_t tx_waits, tx_timeouts, drops;
	uint64_t peers_refused; /* socket doorbell: connections from another user, closed */
	/* name-service names that filled all 32 bytes without a NUL: cut to 31, as the kernel */
	uint64_t ns_names_unterminated;
};
void rpmsg_bus_get_stats(const struct rpmsg_bus *bus, struct rpmsg_bus_stats *stats);

/*
 * Test only: fault injection, so that tools can be shown to name a known failure (rpmsg-sim
 * --fault). This side then misbehaves as a broken peer does; never set in production.
 */
#define RPMSG_BUS_TEST_DROP_KICKS    0x1u /* no doorbell is rung (counted as suppressed) */
#define RPMSG_BUS_TEST_NOTIFY_ALWAYS 0x2u /* suppression ignored: a doorbell per message */

/**
 * rpmsg_bus_test_faults() - test only: set this side's RPMSG_BUS_TEST_* faults (0: none), at
 * any time, from any thread.
 */
void rpmsg_bus_test_faults(struct rpmsg_bus *bus, unsigned int faults);

/**
 * rpmsg_bus_last_refusal() - why the socket doorbell last refused a connection ("doorbell
 * PATH: refused pid P uid U: ..."), copied into @buf; "" if none was refused.
 * Return: number of connections refused so far.
 */
uint64_t rpmsg_bus_last_refusal(struct rpmsg_bus *bus, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_BUS_H */
