/* SPDX-License-Identifier: MIT */
/*
 * The device side (the "back end") of the vhost-user protocol, for one virtio device with two
 * split virtqueues: the front end (QEMU, `-chardev socket,path=SOCK`) connects to a Unix socket
 * we listen on and hands us the guest's memory (SET_MEM_TABLE: memfd regions we mmap), the ring
 * addresses and bases, and one kick eventfd (guest -> us) and one call eventfd (us -> guest) per
 * ring. See QEMU's docs/interop/vhost-user.rst.
 *
 * What is implemented: 64-bit features with VHOST_USER_F_PROTOCOL_FEATURES (bit 30) and
 * VIRTIO_F_VERSION_1 (bit 32); protocol features MQ (GET_QUEUE_NUM) and REPLY_ACK only; SET_OWNER,
 * RESET_OWNER, SET_MEM_TABLE (up to VHOST_USER_MAX_REGIONS), SET_VRING_NUM / ADDR / BASE / KICK /
 * CALL / ERR / ENABLE, GET_VRING_BASE, GET_CONFIG (a device without config space: zeros).
 * Anything else is refused.
 *
 * The front end is distrusted like a peer: every message's size, fd count, ring index, ring size
 * and address is checked before use, and the error names the request and the field
 * (vhost_user_error()). A framing error (size beyond the largest payload, a truncated message,
 * fds where none belong) leaves the stream unusable and is fatal (-EPROTO); so is a value that
 * cannot be honoured (a ring address outside guest memory). Ring and descriptor addresses are
 * translated only through the regions of the current table, each access bounds-checked.
 *
 * Who does what: this module owns the socket, the fds and the mappings. The ring state that
 * moves (the avail index we have reached) belongs to the user, which is told through struct
 * vhost_user_ops when a ring starts (kick fd and address known, enabled), when it must stop
 * (GET_VRING_BASE, RESET_OWNER, a new memory table, the end of the connection) and when the
 * memory table changed under running rings.
 *
 * Thread safety: vhost_user_service() and everything that changes the state run on one thread
 * (the bus's interrupt thread), which also owns the kick fds. vhost_user_call() may be called
 * from any thread (the call fds are swapped under a lock). Memory: vhost_user_init() allocates
 * nothing; vhost_user_close() releases every fd and mapping.
 */
#ifndef RPMSG_BUS_VHOST_USER_H
#define RPMSG_BUS_VHOST_USER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VHOST_USER_MAX_REGIONS 8
#define VHOST_USER_NUM_QUEUES  2
/* Mappings replaced by a newer memory table, kept (as zero pages) so late users cannot fault. */
#define VHOST_USER_MAX_RETIRED 32

/* Feature bits of the vhost-user layer (the virtio ones come from <linux/virtio_config.h>). */
#define VHOST_USER_F_PROTOCOL_FEATURES	30
#define VHOST_USER_PROTOCOL_F_MQ	0
#define VHOST_USER_PROTOCOL_F_REPLY_ACK 3

/* One guest memory region as the front end described it, and where we mapped it. */
struct vhost_user_region {
	uint64_t guest_phys_addr;
	uint64_t size;
	uint64_t user_addr; /* the front end's virtual address of the region */
	uint64_t mmap_offset;
	uint8_t *base; /* our view of guest_phys_addr */
	void *map;     /* the whole mapping (mmap_offset bytes before base) */
	size_t map_len;
	dev_t dev; /* identity of the mapped file, to reuse a mapping across tables */
	ino_t ino;
	int guard; /* carveout_guard_add() slot, or -1 */
};

struct vhost_user_vring {
	unsigned int num;			   /* 0: never set */
	uint64_t desc_addr, avail_addr, used_addr; /* the front end's virtual addresses */
	bool addr_set;
	uint16_t base;	 /* SET_VRING_BASE: the avail index to start from */
	int kick_fd;	 /* -1: none */
	int call_fd;	 /* -1: none (under call_lock) */
	int err_fd;	 /* -1: none */
	bool kick_given; /* SET_VRING_KICK arrived (with or without an fd) */
	bool enabled;	 /* SET_VRING_ENABLE state */
	bool running;	 /* the user was told the ring started and not yet that it stopped */
	uint64_t calls;	 /* interrupts sent */
	uint64_t kicks;	 /* kicks received */
};

/**
 * struct vhost_user_ops - what the user of a vhost-user device is told
 * @ring_start:   ring @index is ready (addresses valid in the current table, kick fd given,
 *                enabled): start serving it from avail index @base, event index per @features.
 *                Return: 0, or -errno to refuse (the connection then fails)
 * @ring_stop:    ring @index must stop now; return the avail index it reached (what
 *                GET_VRING_BASE replies)
 * @mem_changed:  the memory table changed while ring @index runs: re-translate its addresses
 *                (vhost_user_ring_ptrs()) keeping its indices. Return: 0 or -errno
 */
struct vhost_user_ops {
	int (*ring_start)(void *priv, unsigned int index, uint16_t base);
	uint16_t (*ring_stop)(void *priv, unsigned int index);
	int (*mem_changed)(void *priv, unsigned int index);
};

struct vhost_user {
	const struct vhost_user_ops *ops;
	void *priv;
	char path[108];
	int listen_fd; /* -1 once closed */
	int conn_fd;   /* -1 until a front end connected */
	bool owns_path;
	dev_t path_dev;
	ino_t path_ino;
	bool ever_connected;
	bool closed; /* the front end hung up: the device is dead for good */
	pid_t peer_pid;
	uid_t peer_uid;
	uint64_t refused; /* connections refused by the credentials check */

	uint64_t features_offered;
	uint64_t features; /* SET_FEATURES */
	uint64_t protocol_features_offered;
	uint64_t protocol_features;
	bool owner;

	struct vhost_user_region region[VHOST_USER_MAX_REGIONS];
	unsigned int num_regions;
	struct {
		void *map;
		size_t len;
	} retired[VHOST_USER_MAX_RETIRED];
	unsigned int num_retired;
	uint64_t mem_tables; /* SET_MEM_TABLE messages applied */

	struct vhost_user_vring vring[VHOST_USER_NUM_QUEUES];
	pthread_mutex_t call_lock;
	uint64_t messages; /* requests handled */
	char error[192];
};

/**
 * vhost_user_init() - set up @vu (no socket yet).
 * @features: device feature bits to offer (VERSION_1 and PROTOCOL_FEATURES are added)
 * @ops, @priv: ring callbacks, see struct vhost_user_ops
 */
void vhost_user_init(struct vhost_user *vu, uint64_t features, const struct vhost_user_ops *ops,
		     void *priv);

/**
 * vhost_user_listen() - create the Unix socket at @path (mode 0600, a stale socket file replaced,
 * anything else at @path refused) and listen for the front end.
 * Return: 0, -ENAMETOOLONG, -EEXIST (not a socket), or -errno.
 */
int vhost_user_listen(struct vhost_user *vu, const char *path);

/**
 * vhost_user_accept() - take the front end's connection if one is waiting (@timeout_ms: how long
 * to wait, -1 forever). A connection from another uid than ours (root excepted) is closed and
 * counted. Only one front end is ever served: later connections are refused.
 * Return: 1 connected now, 0 nothing yet, -errno.
 */
int vhost_user_accept(struct vhost_user *vu, int timeout_ms);

/**
 * vhost_user_service() - handle every request the front end has sent so far, without blocking
 * for a new one (a message begun is read to its end within a second).
 * Return: requests handled (>= 0); -EPIPE when the front end closed the connection (every ring
 * was stopped first); -EPROTO for a message that cannot be honoured (vhost_user_error() names
 * the request and the field; rings stopped, connection closed).
 */
int vhost_user_service(struct vhost_user *vu);

/**
 * vhost_user_call() - interrupt the driver for ring @index (8 bytes to its call eventfd).
 * Return: 0 (also when the front end gave no call fd), -EINVAL for a bad index.
 */
int vhost_user_call(struct vhost_user *vu, unsigned int index);

/**
 * vhost_user_take_kick() - read ring @index's kick eventfd if it is readable.
 * Return: true if the driver kicked since the last call.
 */
bool vhost_user_take_kick(struct vhost_user *vu, unsigned int index);

/**
 * vhost_user_translate() - our pointer to guest-physical [@gpa, @gpa + @len), which must lie in
 * one region of the current table. Return: the pointer, or NULL.
 */
void *vhost_user_translate(const struct vhost_user *vu, uint64_t gpa, uint64_t len);

/**
 * vhost_user_ring_ptrs() - our pointers to ring @index's descriptor table, avail and used rings
 * (addresses checked at SET_VRING_ADDR and again against the current table).
 * Return: 0, -EINVAL (ring not fully set, or its addresses outside the current table).
 */
int vhost_user_ring_ptrs(const struct vhost_user *vu, unsigned int index, void **desc, void **avail,
			 void **used);

/** vhost_user_error() - why the last refusal happened ("" if none). */
const char *vhost_user_error(const struct vhost_user *vu);

/** vhost_user_request_name() - "SET_MEM_TABLE" for 5, "request 99" for unknown ones. */
const char *vhost_user_request_name(uint32_t request, char *buf, size_t len);

/** vhost_user_close() - stop every ring, close the socket and every fd, unmap, remove @path. */
void vhost_user_close(struct vhost_user *vu);

#endif /* RPMSG_BUS_VHOST_USER_H */
