/* SPDX-License-Identifier: MIT */
/*
 * Split virtqueues over shared memory, driver side and device side, laid out exactly as
 * <linux/virtio_ring.h> (vring_init with the table's alignment), with event index and the
 * NO_NOTIFY / NO_INTERRUPT flags.
 *
 * The driver (host) owns descriptors: it keeps a private shadow of what it put in each descriptor
 * and never trusts the ring's descriptor table on the way back. The device (remote) reads
 * descriptors the driver wrote and checks every index, length, address and chain against the
 * carve-out. Anything out of bounds marks the virtqueue broken: every later call returns -EIO and
 * vq->error says which field had which value. Nothing read from shared memory is used before it
 * is checked.
 *
 * Thread safety: none. The caller serialises all calls on one virtqueue (the bus holds a lock per
 * direction). Memory: vq_*_init allocate the shadow state; vq_free releases it.
 */
#ifndef RPMSG_BUS_VRING_H
#define RPMSG_BUS_VRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_ring.h>

/* The device-address window a virtqueue may reference: [pa_base, pa_base + size) maps to base. */
struct vring_dma_window {
	uint64_t pa_base;
	uint8_t *base;
	size_t size;
};

/* A device ring may reference up to this many windows (vhost-user: one per guest memory region). */
#define VRING_MAX_WINDOWS 8

struct virtqueue {
	struct vring vr; /* pointers into shared memory */
	unsigned int num;
	unsigned int index;
	bool event_idx;
	bool broken;
	char error[160];

	/*
	 * Each side keeps the other side's index as last read (avail_idx_seen, used_idx_seen) and
	 * reads the shared one again only when it has consumed everything up to it, so the line
	 * the other side writes moves once per batch, not once per buffer. Our own index is
	 * written to shared memory once per batch too (*_unpublished says one is owed).
	 */
	/* driver side */
	uint16_t free_head;
	uint16_t num_free;
	uint16_t avail_idx_shadow; /* next avail idx we publish */
	uint16_t num_added;	   /* added since the last kick decision */
	uint16_t last_used_idx;
	uint16_t used_idx_seen; /* the device's used idx as last read (and checked) */
	uint16_t avail_flags_shadow;
	bool avail_unpublished; /* avail_idx_shadow is ahead of the ring's avail idx */
	bool heads_bound;	/* each token has its own descriptor: head = token, no free list */
	uint16_t *desc_next;	/* free-list links */
	uint32_t *desc_token;	/* caller token + 1 per in-flight head; 0 = free */
	uint32_t *desc_len;	/* length we gave each in-flight head */

	/* device side */
	uint16_t last_avail_idx;
	uint16_t avail_idx_seen; /* the driver's avail idx as last read (and checked) */
	uint16_t used_idx_shadow;
	uint16_t num_pushed;   /* pushed since the last interrupt decision */
	bool used_unpublished; /* used_idx_shadow is ahead of the ring's used idx */
	struct vring_dma_window window[VRING_MAX_WINDOWS];
	unsigned int num_windows;
};

/**
 * vq_check_geometry() - the ring geometry rule: @num a power of two in [1, 32768], @align a
 * power of two of at least 4. Every ring set up, planned or read from a peer's table is checked
 * with this. Return: 0 or -EINVAL.
 */
int vq_check_geometry(unsigned int num, unsigned int align);

/** vq_ring_size() - bytes of a split ring of @num entries with @align alignment. */
size_t vq_ring_size(unsigned int num, unsigned int align);

/**
 * vq_driver_init() - set up the driver side and clear the ring in shared memory.
 * @vq: the virtqueue
 * @index: virtqueue index (0 = host RX, 1 = host TX)
 * @num: ring entries (power of two, at most 32768)
 * @ring: start of the ring in shared memory
 * @align: used-ring alignment (the table's vring align)
 * @event_idx: VIRTIO_RING_F_EVENT_IDX negotiated
 * Return: 0, -EINVAL, -ENOMEM.
 */
int vq_driver_init(struct virtqueue *vq, unsigned int index, unsigned int num, void *ring,
		   unsigned int align, bool event_idx);

/**
 * vq_device_init() - set up the device side of a ring the driver initialised.
 * @window: where descriptor addresses may point; each buffer must lie entirely inside it
 * Return: 0, -EINVAL.
 */
int vq_device_init(struct virtqueue *vq, unsigned int index, unsigned int num, void *ring,
		   unsigned int align, bool event_idx, const struct vring_dma_window *window);

/**
 * vq_device_init_split() - set up the device side of a ring whose three parts lie apart, as a
 * vhost-user front end places them, with descriptors pointing into several windows.
 * @desc, @avail, @used: the descriptor table, avail and used rings, already translated and
 *                       bounds-checked for @num entries (event index fields included)
 * @windows: where descriptor addresses may point; each buffer must lie entirely inside one
 * @num_windows: 1 to VRING_MAX_WINDOWS
 * @last_avail_idx: the avail index to start from (vhost-user's ring base)
 *
 * The used index is taken from the used ring as the driver left it. Everything else is as
 * vq_device_init(): the same checks on every descriptor.
 * Return: 0, -EINVAL.
 */
int vq_device_init_split(struct virtqueue *vq, unsigned int index, unsigned int num, void *desc,
			 void *avail, void *used, bool event_idx,
			 const struct vring_dma_window *windows, unsigned int num_windows,
			 uint16_t last_avail_idx);

/**
 * vq_device_stop() - forget a device ring (vhost-user stopped it): until it is set up again,
 * it has nothing available, takes no used buffer and asks for no interrupt.
 */
void vq_device_stop(struct virtqueue *vq);

/** vq_device_running() - is the device ring set up (not stopped)? (inline: per message) */
static inline bool vq_device_running(const struct virtqueue *vq)
{
	return vq->vr.avail != NULL;
}

void vq_free(struct virtqueue *vq);

/* --- driver side --- */

/**
 * vq_driver_bind_heads() - from now on, a buffer's descriptor is the one its token numbers
 * (tokens below num, each in flight at most once; else vq_add_buf() returns -EINVAL). rpmsg's
 * driver has one buffer per descriptor and uses them in ring order, so descriptors and avail
 * entries then repeat lap after lap; both are written only where they change, and the device
 * finds them still in its cache. Call before the first add. Return: 0, -EBUSY (buffers in flight).
 */
int vq_driver_bind_heads(struct virtqueue *vq);

/**
 * vq_add_buf() - expose one buffer to the device and publish it (avail idx is updated).
 * @addr: device address of the buffer
 * @len: its length
 * @device_writes: true for an input buffer (VRING_DESC_F_WRITE), false for output
 * @token: returned by vq_get_buf() when the device gives the buffer back
 * Return: the descriptor head (>= 0), -ENOSPC when no descriptor is free, -EIO when broken.
 */
int vq_add_buf(struct virtqueue *vq, uint64_t addr, uint32_t len, bool device_writes,
	       uint32_t token);

/**
 * vq_queue_buf() - as vq_add_buf(), but the avail idx is left for vq_publish_avail(): a driver
 * adding several buffers in one pass (the host re-posting received buffers) publishes them with
 * one write of the index line. Same arguments and return values as vq_add_buf().
 */
int vq_queue_buf(struct virtqueue *vq, uint64_t addr, uint32_t len, bool device_writes,
		 uint32_t token);

/** vq_publish_avail() - make every buffer queued so far visible to the device (one store). */
void vq_publish_avail(struct virtqueue *vq);

/**
 * vq_kick_prepare() - after adds: must the device be notified? (event index or NO_NOTIFY)
 * Publishes queued buffers first, so the decision is about what the device can see.
 */
bool vq_kick_prepare(struct virtqueue *vq);

/**
 * vq_get_buf() - take one buffer back from the used ring.
 * @len: out: length the device reports written (checked against what we gave)
 * @token: out: the token given to vq_add_buf()
 * @head: out (optional): its descriptor head
 * Return: 1 with a buffer, 0 when the used ring is empty, -EIO when broken.
 */
int vq_get_buf(struct virtqueue *vq, uint32_t *len, uint32_t *token, uint16_t *head);

/**
 * vq_get_buf_deferred() - as vq_get_buf(), with the same checks, but used_event is left for
 * vq_publish_used_event() after the batch: a bulk reclaim writes that line once, not once per
 * buffer. Until then the device may skip an interrupt for buffers it returns meanwhile, so a
 * caller that sleeps waiting for one must publish (or re-arm with vq_enable_cb()) first.
 */
int vq_get_buf_deferred(struct virtqueue *vq, uint32_t *len, uint32_t *token, uint16_t *head);

/**
 * vq_publish_used_event() - after vq_get_buf_deferred(): if we want interrupts on this ring,
 * tell the device the next used entry we expect (what vq_get_buf() does after each buffer).
 */
void vq_publish_used_event(struct virtqueue *vq);

/** vq_more_used() - does the used ring hold buffers we have not taken yet? */
bool vq_more_used(const struct virtqueue *vq);

/** vq_disable_cb() - ask the device not to interrupt us for this ring. */
void vq_disable_cb(struct virtqueue *vq);

/**
 * vq_enable_cb() - ask for an interrupt on the next used buffer.
 * Return: true if the used ring is empty (safe to sleep), false if buffers are already pending.
 */
bool vq_enable_cb(struct virtqueue *vq);

/* --- device side --- */

/**
 * vq_dev_get_avail() - take the next available buffer.
 * @head: out: descriptor head (give it back with vq_dev_push_used)
 * @buf: out: the buffer, translated and bounds-checked
 * @len: out: its length
 * Return: 1 with a buffer, 0 when none is available, -EIO when broken.
 */
int vq_dev_get_avail(struct virtqueue *vq, uint16_t *head, void **buf, uint32_t *len);

/** vq_dev_has_avail() - does the avail ring hold buffers we have not taken yet? */
bool vq_dev_has_avail(const struct virtqueue *vq);

/** vq_dev_avail_count() - buffers available and not yet taken (0 if broken). */
unsigned int vq_dev_avail_count(const struct virtqueue *vq);

/** vq_dev_push_used() - return a buffer through the used ring and publish it. */
int vq_dev_push_used(struct virtqueue *vq, uint16_t head, uint32_t len);

/**
 * vq_dev_queue_used() - as vq_dev_push_used(), but the used idx is left for
 * vq_dev_publish_used(): a device returning several buffers in one pass (the remote draining
 * its receive ring) publishes them with one write of the index line.
 */
int vq_dev_queue_used(struct virtqueue *vq, uint16_t head, uint32_t len);

/** vq_dev_publish_used() - make every buffer queued so far visible to the driver (one store). */
void vq_dev_publish_used(struct virtqueue *vq);

/**
 * vq_dev_need_interrupt() - after pushes: must the driver be interrupted? Publishes queued
 * buffers first, so the decision is about what the driver can see.
 */
bool vq_dev_need_interrupt(struct virtqueue *vq);

/** vq_dev_disable_notify() - tell the driver not to kick us for new buffers. */
void vq_dev_disable_notify(struct virtqueue *vq);

/**
 * vq_dev_enable_notify() - ask the driver to kick us on the next avail buffer.
 * Return: true if nothing is available (safe to sleep), false if buffers are already pending.
 */
bool vq_dev_enable_notify(struct virtqueue *vq);

/* --- both --- */

/** vq_mark_broken() - record why the ring cannot be trusted any more (printf-style). */
void vq_mark_broken(struct virtqueue *vq, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* RPMSG_BUS_VRING_H */
