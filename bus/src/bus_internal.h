/* SPDX-License-Identifier: MIT */
/*
 * Internal state of a bus, shared by bus.c (open/close, interrupt thread), endpoint.c
 * (endpoints, channels, drivers, name service), tx.c (sending) and rx.c (receiving).
 *
 * Locking, outermost first (never take an earlier one while holding a later one):
 *	rx_lock   (recursive) serialises receive processing and the receive virtqueue
 *	ept_lock  endpoint table, channels, drivers, directory writes
 *	tx_lock   the send virtqueue, TX buffer allocation, tx_cond
 * Endpoint callbacks run with rx_lock held and ept_lock released; an endpoint is kept alive by
 * its reference count while its callback runs.
 */
#ifndef RPMSG_BUS_INTERNAL_H
#define RPMSG_BUS_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

#include "carveout.h"
#include "mailbox.h"
#include "peer.h"
#include "probes.h"
#include "vring.h"

#define EPT_HASH_BUCKETS 256

struct rpmsg_endpoint {
	struct rpmsg_bus *bus;
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t dst;
	rpmsg_rx_cb_t cb;
	void *priv;
	bool announced;
	bool destroyed;
	int refs;			  /* under ept_lock: table reference + running callbacks */
	int dir_slot;			  /* directory entry, or -1 */
	struct rpmsg_channel *channel;	  /* host: the channel this endpoint serves */
	struct rpmsg_endpoint *hash_next; /* under ept_lock */
};

struct rpmsg_channel {
	struct rpmsg_bus *bus;
	pthread_mutex_t op_lock; /* serialises bind (probe) and unbind (remove) of this channel */
	int refs;		 /* under ept_lock: the channel list's + each user's */
	bool removed;		 /* off the list: never bind again */
	char name[RPMSG_NAME_SIZE];
	uint32_t remote_addr;
	struct rpmsg_endpoint *ept;
	const struct rpmsg_driver *drv;
	void *drvdata;
	struct rpmsg_channel *next;
};

struct driver_entry {
	const struct rpmsg_driver *drv;
	struct driver_entry *next;
};

/* A buffer taken out of the normal flow: held RX, or reserved zero-copy TX (remote side). */
struct held_buffer {
	void *data;    /* payload pointer given to the user */
	uint32_t size; /* whole buffer, header included (TX reservations) */
	uint16_t head;
	bool in_use;
};

/*
 * A reserved TX buffer: where it is, which of the host's TX buffers it is (host side: the
 * vring token, kept so a send needs no division) and, on the remote side, which descriptor it
 * came from.
 */
struct tx_buffer {
	uint8_t *buf;
	uint32_t size;	/* whole buffer, header included */
	uint32_t index; /* host: buf is sbufs + index * buf_size */
	uint16_t head;	/* remote: descriptor head to push back */
};

/*
 * Statistics, one block per path, each on a cache line of its own (the bus is allocated
 * cache-line aligned). The send path writes only tx, under tx_lock; the receive path only rx,
 * under rx_lock. One writer at a time, so counter_add() adds exactly with a plain load and
 * store: no atomic read-modify-write per message, and a thread sending and the interrupt thread
 * receiving never write the same line. Rare events stay atomic in the last block.
 * rpmsg_bus_get_stats() sums the blocks.
 */
struct rpmsg_path_counters {
	uint64_t msgs, bytes, kicks_sent, kicks_suppressed;
} __attribute__((aligned(64)));

struct rpmsg_bus_counters {
	struct rpmsg_path_counters tx, rx;
	struct {
		_Atomic uint64_t interrupts, tx_waits, tx_timeouts, drops;
		_Atomic uint64_t ns_names_unterminated;
	} __attribute__((aligned(64)));
};

/* counter_add() - add to a counter whose writers are serialised; readers may look any time. */
static inline void counter_add(uint64_t *counter, uint64_t value)
{
	__atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + value,
			 __ATOMIC_RELAXED);
}

/* counter_read() - the value of a counter_add() counter, from any thread. */
static inline uint64_t counter_read(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

struct rpmsg_bus {
	struct rpmsg_bus_config cfg;
	char name[RPMSG_BUS_NAME_MAX];
	char shm_name[RPMSG_BUS_NAME_MAX + 16];
	char socket_path[108];
	enum rpmsg_role role;
	int event_role; /* RPMSG_EVENT_ROLE_* for probes */

	int shm_fd;
	uint8_t *shm;
	size_t shm_size;
	int shm_guard; /* carveout_guard_add() slot of the mapping, or -1 */
	bool owns_shm; /* host-owned layout: we unlink it on close */
	struct carveout_layout layout;
	struct rpmsg_control *ctrl; /* NULL for firmware-owned layouts */
	struct fw_rsc_vdev *vdev;
	bool ns_supported;

	/* rvq: the ring we receive on, svq: the ring we send on (kernel naming). */
	struct virtqueue rvq, svq;
	unsigned int rvq_notify, svq_notify;
	struct mailbox mbox;
	bool polling; /* RPMSG_MBOX_POLL: nobody sleeps, rings are rescanned */

	/* host buffers: first half RX, second half TX (as the kernel) */
	uint8_t *rbufs, *sbufs;
	unsigned int num_rbufs, num_sbufs, buf_size;
	unsigned int last_sbuf;
	bool *rbuf_held;

	/*
	 * Held RX buffers (remote side, under rx_lock), reserved TX buffers and those released
	 * unsent (tx_lock; reused first, like OpenAMP's reclaimer). All are sized for a whole ring
	 * (vring_num entries, held_tx_max), so holding or reserving never fails.
	 */
	struct held_buffer *held_rx;
	struct held_buffer *held_tx;
	struct tx_buffer *reclaimed;
	unsigned int held_tx_max;
	unsigned int num_reclaimed;

	pthread_mutex_t rx_lock;
	pthread_mutex_t ept_lock;
	pthread_mutex_t tx_lock;
	pthread_cond_t tx_cond;
	unsigned int tx_waiters;

	struct rpmsg_endpoint *ept_hash[EPT_HASH_BUCKETS];
	atomic_uint ept_unlinks; /* endpoints taken out of ept_hash so far (under ept_lock) */
	/*
	 * The receive path's endpoint (rx.c, under rx_lock): the last one a message went to, with
	 * a reference held, trusted while ept_unlinks has not moved since it was looked up. Saves
	 * the two ept_lock round trips of ept_get()/ept_put() per message.
	 */
	struct rpmsg_endpoint *rx_ept;
	unsigned int rx_ept_unlinks;
	uint32_t next_dynamic_addr;
	struct rpmsg_channel *channels;
	struct driver_entry *drivers;

	/* Our directory's authoritative state (under ept_lock); the shm copy is only published. */
	bool dir_used[RPMSG_MONITOR_MAX_CHANNELS];
	uint32_t dir_count;
	uint32_t dir_seq;

	pthread_t irq_thread;
	bool irq_running;
	atomic_bool stopping;

	atomic_int status;	 /* 0, -EIO broken, -EPIPE peer gone */
	atomic_uint test_faults; /* RPMSG_BUS_TEST_*: rpmsg_bus_test_faults() */
	char error[192];
	pthread_mutex_t error_lock;

	/* vhost-user device (remote role with vhost_user_path; bus_vhost.c), else NULL */
	struct vhost_user *vu;
	atomic_bool vhost_live;	       /* both rings run and the driver posted RX buffers */
	pthread_mutex_t announce_lock; /* vhost: deferred announcements vs. the live edge */
	uint64_t vhost_starts;	       /* times the device went live (announcements sent) */
	uint32_t guest_dir_seq;	       /* vhost: sequence of the guest's derived directory */
	uint32_t guest_dir_count;      /* vhost: its entries in use (private, as dir_count) */

	struct peer_watch peer;
	uint64_t last_peer_check; /* rpmsg_bus_poll(): ns of the last peer_alive() */
	struct rpmsg_bus_counters stats;
};

/* bus.c */
/* bus_open_fail() - say why an open failed (rpmsg_last_error()). Return: @err. */
int bus_open_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/**
 * bus_create_carveout() - create /dev/shm/rpmsg-NAME exclusively with our host-owned layout and
 * publish its control block and resource table (host pid: ours).
 */
int bus_create_carveout(struct rpmsg_bus *bus);
/* bus_set_broken() - mark the bus broken or orphaned, once, and say why (kernel-doc in bus.c) */
void bus_set_broken(struct rpmsg_bus *bus, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** bus_doorbell_closed() - the socket doorbell's peer hung up: the bus is orphaned (-EPIPE). */
void bus_doorbell_closed(struct rpmsg_bus *bus);
/**
 * bus_count_kick() - count a kick decision in @path (the caller holds that path's lock).
 */
static inline void bus_count_kick(struct rpmsg_path_counters *path, bool need)
{
	counter_add(need ? &path->kicks_sent : &path->kicks_suppressed, 1);
}
/**
 * bus_kick() - ring the peer's doorbell for ring @notifyid when @need (what the ring's event
 * index or flags said) and trace it; nothing when not. Counting is bus_count_kick()'s, under
 * the path's lock: the send path rings after dropping tx_lock.
 */
void bus_kick(struct rpmsg_bus *bus, unsigned int notifyid, bool need);
/**
 * bus_need_kick() - after adding (host) or pushing (remote) buffers on @vq: publish them and
 * say whether the peer wants a doorbell for them (vq_kick_prepare(), vq_dev_need_interrupt()).
 * A polling bus's peer never sleeps and rescans its rings on every pass: there the index is
 * published and the answer is no, without the fence and the read of the peer's event index.
 */
bool bus_need_kick(struct rpmsg_bus *bus, struct virtqueue *vq);
/** bus_da() - the device address of @ptr in the carve-out (inline: per message). */
static inline uint64_t bus_da(const struct rpmsg_bus *bus, const void *ptr)
{
	return bus->layout.pa_base + (uint64_t)((const uint8_t *)ptr - bus->shm);
}
void bus_check_peer(struct rpmsg_bus *bus);
uint64_t bus_now_ns(void);

/* bus_vhost.c: the vhost-user device transport (see its kernel-doc) */
int vhost_bus_open(struct rpmsg_bus *bus);
uint32_t vhost_bus_service(struct rpmsg_bus *bus, uint32_t pending);
void vhost_bus_publish(struct rpmsg_bus *bus);
int vhost_bus_wait_live(struct rpmsg_bus *bus, unsigned int timeout_ms);
void vhost_bus_close(struct rpmsg_bus *bus);
/** bus_ns_reachable() - can a name-service message reach the other side now? */
bool bus_ns_reachable(struct rpmsg_bus *bus);

/* endpoint.c */
/**
 * endpoints_announce_all() - send a name-service create for every endpoint announced so far
 * (vhost-user: the driver came up, or came back after a reset). Caller holds announce_lock.
 */
void endpoints_announce_all(struct rpmsg_bus *bus);
struct rpmsg_endpoint *ept_get(struct rpmsg_bus *bus, uint32_t addr);
void ept_put(struct rpmsg_endpoint *ept);
void ns_handle_message(struct rpmsg_bus *bus, const void *data, size_t len, uint32_t src);
void endpoints_destroy_all(struct rpmsg_bus *bus);

/* rx.c */
int rx_process(struct rpmsg_bus *bus);
/**
 * rx_publish_returns() - a sender is about to wait for a TX buffer: if it is a callback of
 * @bus's receive pass (so it holds rx_lock), publish the buffers that pass already gave back now
 * rather than at its end. The peer may need them to make the progress the sender waits for (its
 * own callback sending to us); without this, two callbacks sending to each other with full rings
 * would wait for each other. No kick here (tx_lock is held): the peer's waiters look again.
 */
void rx_publish_returns(struct rpmsg_bus *bus);
/** rx_ept_forget() - drop the receive path's cached endpoint reference (bus closing). */
void rx_ept_forget(struct rpmsg_bus *bus);
/**
 * bus_count_drop() - a message not delivered: count it and fire the drop probe with @reason.
 * The one place a drop is accounted, so the counter and the trace always agree.
 */
void bus_count_drop(struct rpmsg_bus *bus, uint32_t src, uint32_t dst, uint32_t len,
		    enum rpmsg_drop_reason reason);
/* tx.c */
/**
 * tx_send_raw() - send one message (the rpmsg_send*() family, name-service messages).
 * Return: 0, or the -errno of tx.c's tx_send_msgs() (kernel-doc there).
 */
int tx_send_raw(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst, const void *data,
		size_t len, int timeout_ms);
void tx_wake_waiters(struct rpmsg_bus *bus);
/* held buffers (tx.c) */
int held_insert(struct held_buffer *table, unsigned int max, void *data, uint16_t head,
		uint32_t size);
int held_take(struct held_buffer *table, unsigned int max, void *data, uint16_t *head,
	      uint32_t *size);

/* directory.c */
int directory_add(struct rpmsg_bus *bus, const char *name, uint32_t local, uint32_t remote,
		  enum rpmsg_channel_origin origin);
void directory_update(struct rpmsg_bus *bus, int slot, uint32_t remote,
		      enum rpmsg_channel_origin origin);
void directory_remove(struct rpmsg_bus *bus, int slot);
/* directory_count_tx() - @msgs messages, @bytes payload bytes sent from @slot (tx_lock held) */
/*
 * The traffic counters of our directory slot @slot (inline: per message or per batch). They run
 * without ept_lock, so only the slot's bound is checked; each has one writer at a time: the
 * send path under tx_lock, the receive path under rx_lock.
 */
static inline struct rpmsg_dir_entry *directory_counters(struct rpmsg_bus *bus, int slot)
{
	if (!bus->ctrl || slot < 0 || slot >= RPMSG_MONITOR_MAX_CHANNELS)
		return NULL;
	return &bus->ctrl->directory[bus->role].entries[slot];
}

/* directory_count_tx() - @msgs messages, @bytes payload bytes sent from @slot (tx_lock held) */
static inline void directory_count_tx(struct rpmsg_bus *bus, int slot, unsigned int msgs,
				      size_t bytes)
{
	struct rpmsg_dir_entry *e = directory_counters(bus, slot);

	if (e) {
		counter_add(&e->tx_msgs, msgs);
		counter_add(&e->tx_bytes, bytes);
	}
}

/* directory_count_rx() - one message of @len payload bytes received on @slot (rx_lock held) */
static inline void directory_count_rx(struct rpmsg_bus *bus, int slot, size_t len)
{
	struct rpmsg_dir_entry *e = directory_counters(bus, slot);

	if (e) {
		counter_add(&e->rx_msgs, 1);
		counter_add(&e->rx_bytes, len);
	}
}

#endif /* RPMSG_BUS_INTERNAL_H */
