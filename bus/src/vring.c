// SPDX-License-Identifier: MIT
/*
 * Split virtqueues in shared memory: the driver half follows drivers/virtio/virtio_ring.c
 * (virtqueue_add_split, virtqueue_kick_prepare_split, virtqueue_get_buf_ctx_split), the device
 * half follows what OpenAMP's virtqueue.c does for a remote. See vring.h for the contract.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vring.h"

/* Shared-memory accessors: the other side writes these concurrently. */
#define shm_load(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define shm_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define shm_store(p, v)		__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define shm_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
/*
 * Write @v unless the shared word holds it already. Ring entries and descriptors mostly repeat
 * lap after lap (heads bound to buffers, buffers used in ring order): a line left unwritten
 * stays valid in the other core's cache, and its read there is a hit, not a transfer.
 */
#define shm_update(p, v)                                                                           \
	do {                                                                                       \
		if (shm_load(p) != (v))                                                            \
			shm_store((p), (v));                                                       \
	} while (0)
/* Full barrier between our index update and reading the other side's suppression state. */
#define shm_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

void vq_mark_broken(struct virtqueue *vq, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (vq->broken)
		return; /* keep the first reason: later ones are usually consequences */
	vq->broken = true;
	n = snprintf(vq->error, sizeof(vq->error), "vq%u: ", vq->index);
	va_start(ap, fmt);
	vsnprintf(vq->error + n, sizeof(vq->error) - n, fmt, ap);
	va_end(ap);
}

size_t vq_ring_size(unsigned int num, unsigned int align)
{
	return vring_size(num, align);
}

int vq_check_geometry(unsigned int num, unsigned int align)
{
	if (num == 0 || num > 32768 || (num & (num - 1)))
		return -EINVAL;
	if (align < 4 || (align & (align - 1)))
		return -EINVAL;
	return 0;
}

static void vq_setup_common(struct virtqueue *vq, unsigned int index, unsigned int num, void *ring,
			    unsigned int align, bool event_idx)
{
	memset(vq, 0, sizeof(*vq));
	vring_init(&vq->vr, num, ring, align);
	vq->num = num;
	vq->index = index;
	vq->event_idx = event_idx;
}

int vq_driver_init(struct virtqueue *vq, unsigned int index, unsigned int num, void *ring,
		   unsigned int align, bool event_idx)
{
	if (vq_check_geometry(num, align))
		return -EINVAL;
	vq_setup_common(vq, index, num, ring, align, event_idx);
	memset(ring, 0, vring_size(num, align));

	vq->desc_next = calloc(num, sizeof(*vq->desc_next));
	vq->desc_token = calloc(num, sizeof(*vq->desc_token));
	vq->desc_len = calloc(num, sizeof(*vq->desc_len));
	if (!vq->desc_next || !vq->desc_token || !vq->desc_len) {
		vq_free(vq);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < num - 1; i++)
		vq->desc_next[i] = i + 1;
	vq->free_head = 0;
	vq->num_free = num;
	return 0;
}

int vq_driver_bind_heads(struct virtqueue *vq)
{
	if (vq->num_free != vq->num)
		return -EBUSY;
	vq->heads_bound = true;
	return 0;
}

int vq_device_init(struct virtqueue *vq, unsigned int index, unsigned int num, void *ring,
		   unsigned int align, bool event_idx, const struct vring_dma_window *window)
{
	if (vq_check_geometry(num, align) || !window || !window->base)
		return -EINVAL;
	vq_setup_common(vq, index, num, ring, align, event_idx);
	vq->window[0] = *window;
	vq->num_windows = 1;
	return 0;
}

int vq_device_init_split(struct virtqueue *vq, unsigned int index, unsigned int num, void *desc,
			 void *avail, void *used, bool event_idx,
			 const struct vring_dma_window *windows, unsigned int num_windows,
			 uint16_t last_avail_idx)
{
	if (vq_check_geometry(num, 4) || !desc || !avail || !used || !windows || num_windows == 0 ||
	    num_windows > VRING_MAX_WINDOWS)
		return -EINVAL;
	memset(vq, 0, sizeof(*vq));
	vq->vr.num = num;
	vq->vr.desc = desc;
	vq->vr.avail = avail;
	vq->vr.used = used;
	vq->num = num;
	vq->index = index;
	vq->event_idx = event_idx;
	memcpy(vq->window, windows, num_windows * sizeof(*windows));
	vq->num_windows = num_windows;
	vq->last_avail_idx = last_avail_idx;
	vq->avail_idx_seen = last_avail_idx;
	/* The driver owns nothing in the used ring but its index; continue from where it is. */
	vq->used_idx_shadow = shm_load_acquire(&vq->vr.used->idx);
	return 0;
}

void vq_device_stop(struct virtqueue *vq)
{
	unsigned int index = vq->index;

	vq_free(vq);
	memset(vq, 0, sizeof(*vq));
	vq->index = index;
}

void vq_free(struct virtqueue *vq)
{
	free(vq->desc_next);
	free(vq->desc_token);
	free(vq->desc_len);
	vq->desc_next = NULL;
	vq->desc_token = NULL;
	vq->desc_len = NULL;
}

/* --- driver side --- */

int vq_queue_buf(struct virtqueue *vq, uint64_t addr, uint32_t len, bool device_writes,
		 uint32_t token)
{
	struct vring_desc *desc;
	uint16_t head;

	if (vq->broken)
		return -EIO;
	if (vq->num_free == 0)
		return -ENOSPC;

	if (vq->heads_bound) {
		if (token >= vq->num || vq->desc_token[token])
			return -EINVAL;
		head = (uint16_t)token;
	} else {
		head = vq->free_head;
		vq->free_head = vq->desc_next[head];
	}
	vq->num_free--;

	desc = &vq->vr.desc[head];
	shm_update(&desc->addr, addr);
	shm_update(&desc->len, len);
	shm_update(&desc->flags, device_writes ? VRING_DESC_F_WRITE : 0);
	shm_update(&desc->next, 0);
	vq->desc_token[head] = token + 1;
	vq->desc_len[head] = len;

	shm_update(&vq->vr.avail->ring[vq->avail_idx_shadow & (vq->num - 1)], head);
	vq->avail_idx_shadow++;
	vq->avail_unpublished = true;
	vq->num_added++;
	return head;
}

void vq_publish_avail(struct virtqueue *vq)
{
	if (!vq->avail_unpublished)
		return;
	vq->avail_unpublished = false;
	/* Descriptors and ring entries must be visible before the new index. */
	shm_store_release(&vq->vr.avail->idx, vq->avail_idx_shadow);
}

int vq_add_buf(struct virtqueue *vq, uint64_t addr, uint32_t len, bool device_writes,
	       uint32_t token)
{
	int head = vq_queue_buf(vq, addr, len, device_writes, token);

	vq_publish_avail(vq);
	return head;
}

/**
 * vq_need_notify() - after publishing entries, must the other side be told?
 * @vq: the virtqueue (either role)
 * @new_idx: the index just published (avail idx for the driver, used idx for the device)
 * @published: entries published since the last decision; reset here
 * @event: the other side's event index for us (avail_event or used_event)
 * @flags: the other side's flags word (used->flags or avail->flags)
 * @suppress: the flag by which it asks not to be told (NO_NOTIFY or NO_INTERRUPT)
 *
 * The driver's kick and the device's interrupt follow the same rule (virtio 1.x 2.7.7/2.7.10):
 * with event index, tell when the other side's event index lies in (old, new]; without, unless
 * it set its suppression flag. Both values are the other side's and only read.
 *
 * Return: true to notify; false too when the ring is broken.
 */
static bool vq_need_notify(struct virtqueue *vq, uint16_t new_idx, uint16_t *published,
			   const uint16_t *event, const uint16_t *flags, uint16_t suppress)
{
	uint16_t old_idx = new_idx - *published;

	if (vq->broken)
		return false;
	/* our new index must be visible before we read the other side's event index */
	shm_mb();
	*published = 0;
	if (vq->event_idx)
		return vring_need_event(shm_load(event), new_idx, old_idx);
	return !(shm_load(flags) & suppress);
}

bool vq_kick_prepare(struct virtqueue *vq)
{
	vq_publish_avail(vq);
	return vq_need_notify(vq, vq->avail_idx_shadow, &vq->num_added, &vring_avail_event(&vq->vr),
			      &vq->vr.used->flags, VRING_USED_F_NO_NOTIFY);
}

bool vq_more_used(const struct virtqueue *vq)
{
	return !vq->broken && shm_load_acquire(&vq->vr.used->idx) != vq->last_used_idx;
}

/*
 * The device's used idx, read again only once everything up to the last one read is taken.
 * Checked when read: it may not claim more buffers than we have in flight. Taking buffers
 * lowers both sides of that check alike, so entries up to a checked index stay valid.
 * Return: 1 if a used entry is ready at last_used_idx, 0 if none, -EIO (marked broken).
 */
static int vq_used_ready(struct virtqueue *vq)
{
	uint16_t used_idx, pending;

	if (vq->used_idx_seen != vq->last_used_idx)
		return 1;
	used_idx = shm_load_acquire(&vq->vr.used->idx);
	if (used_idx == vq->last_used_idx)
		return 0;
	pending = used_idx - vq->last_used_idx;
	if (pending > vq->num - vq->num_free) {
		vq_mark_broken(vq, "used idx %u jumped from %u: more than the %u buffers in flight",
			       used_idx, vq->last_used_idx, vq->num - vq->num_free);
		return -EIO;
	}
	vq->used_idx_seen = used_idx;
	return 1;
}

int vq_get_buf_deferred(struct virtqueue *vq, uint32_t *len, uint32_t *token, uint16_t *head)
{
	uint16_t slot;
	uint32_t id, used_len;
	int ret;

	if (vq->broken)
		return -EIO;
	ret = vq_used_ready(vq);
	if (ret <= 0)
		return ret;

	slot = vq->last_used_idx & (vq->num - 1);
	id = shm_load(&vq->vr.used->ring[slot].id);
	used_len = shm_load(&vq->vr.used->ring[slot].len);
	if (id >= vq->num) {
		vq_mark_broken(vq, "used ring entry %u: id %u out of range (ring has %u entries)",
			       slot, id, vq->num);
		return -EIO;
	}
	if (!vq->desc_token[id]) {
		vq_mark_broken(vq, "used ring entry %u: id %u is not in flight", slot, id);
		return -EIO;
	}
	if (used_len > vq->desc_len[id]) {
		vq_mark_broken(vq, "used ring entry %u: len %u > buffer len %u (id %u)", slot,
			       used_len, vq->desc_len[id], id);
		return -EIO;
	}

	*len = used_len;
	*token = vq->desc_token[id] - 1;
	if (head)
		*head = id;
	vq->desc_token[id] = 0;
	if (!vq->heads_bound) {
		vq->desc_next[id] = vq->free_head;
		vq->free_head = id;
	}
	vq->num_free++;
	vq->last_used_idx++;
	return 1;
}

void vq_publish_used_event(struct virtqueue *vq)
{
	/* If we expect an interrupt for the next entry, tell the device where it is. */
	if (vq->event_idx && !(vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT)) {
		shm_store(&vring_used_event(&vq->vr), vq->last_used_idx);
		shm_mb();
	}
}

int vq_get_buf(struct virtqueue *vq, uint32_t *len, uint32_t *token, uint16_t *head)
{
	int ret = vq_get_buf_deferred(vq, len, token, head);

	if (ret == 1)
		vq_publish_used_event(vq);
	return ret;
}

void vq_disable_cb(struct virtqueue *vq)
{
	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT)
		return;
	vq->avail_flags_shadow |= VRING_AVAIL_F_NO_INTERRUPT;
	/* With event index the device stops interrupting once it passes used_event. */
	if (!vq->event_idx)
		shm_store(&vq->vr.avail->flags, vq->avail_flags_shadow);
}

bool vq_enable_cb(struct virtqueue *vq)
{
	if (vq->avail_flags_shadow & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags_shadow &= ~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event_idx)
			shm_store(&vq->vr.avail->flags, vq->avail_flags_shadow);
	}
	shm_store(&vring_used_event(&vq->vr), vq->last_used_idx);
	shm_mb();
	return !vq_more_used(vq);
}

/* --- device side --- */

bool vq_dev_has_avail(const struct virtqueue *vq)
{
	if (!vq_device_running(vq))
		return false;
	return !vq->broken && shm_load_acquire(&vq->vr.avail->idx) != vq->last_avail_idx;
}

unsigned int vq_dev_avail_count(const struct virtqueue *vq)
{
	uint16_t pending;

	if (vq->broken || !vq_device_running(vq))
		return 0;
	pending = shm_load_acquire(&vq->vr.avail->idx) - vq->last_avail_idx;
	return pending > vq->num ? 0 : pending;
}

/* Translate a device address to our mapping, if the whole buffer lies in one window. */
static void *vq_dev_translate(const struct virtqueue *vq, uint64_t addr, uint32_t len)
{
	for (unsigned int i = 0; i < vq->num_windows; i++) {
		const struct vring_dma_window *w = &vq->window[i];
		uint64_t offset;

		if (addr < w->pa_base)
			continue;
		offset = addr - w->pa_base;
		if (offset >= w->size || len > w->size - offset)
			continue;
		return w->base + offset;
	}
	return NULL;
}

int vq_dev_get_avail(struct virtqueue *vq, uint16_t *head_out, void **buf, uint32_t *len)
{
	uint16_t avail_idx, pending, head;
	struct vring_desc first, d;
	unsigned int hops = 0;
	void *mapped;

	if (vq->broken)
		return -EIO;
	if (!vq_device_running(vq))
		return 0;
	/*
	 * Read the driver's index again only when everything up to the last one read is taken:
	 * that line moves once per batch. An index is checked when read; entries up to it stay
	 * within the ring as last_avail_idx moves towards it.
	 */
	if (vq->avail_idx_seen == vq->last_avail_idx) {
		avail_idx = shm_load_acquire(&vq->vr.avail->idx);
		if (avail_idx == vq->last_avail_idx)
			return 0;
		pending = avail_idx - vq->last_avail_idx;
		if (pending > vq->num) {
			vq_mark_broken(vq, "avail idx %u jumped from %u (ring has %u entries)",
				       avail_idx, vq->last_avail_idx, vq->num);
			return -EIO;
		}
		vq->avail_idx_seen = avail_idx;
	}

	head = shm_load(&vq->vr.avail->ring[vq->last_avail_idx & (vq->num - 1)]);
	if (head >= vq->num) {
		vq_mark_broken(vq,
			       "avail ring entry %u: head %u out of range (ring has %u entries)",
			       vq->last_avail_idx & (vq->num - 1), head, vq->num);
		return -EIO;
	}

	/* Copy the descriptor once: the driver may rewrite it while we look. */
	first.addr = shm_load(&vq->vr.desc[head].addr);
	first.len = shm_load(&vq->vr.desc[head].len);
	first.flags = shm_load(&vq->vr.desc[head].flags);
	first.next = shm_load(&vq->vr.desc[head].next);
	if (first.flags & VRING_DESC_F_INDIRECT) {
		vq_mark_broken(vq, "descriptor %u: indirect descriptors are not negotiated", head);
		return -EIO;
	}
	/* rpmsg uses one descriptor per buffer; still walk a chain to prove it ends. */
	d = first;
	while (d.flags & VRING_DESC_F_NEXT) {
		if (d.next >= vq->num) {
			vq_mark_broken(vq, "descriptor chain at head %u: next %u out of range",
				       head, d.next);
			return -EIO;
		}
		if (++hops >= vq->num) {
			vq_mark_broken(vq, "descriptor chain at head %u loops (more than %u links)",
				       head, vq->num);
			return -EIO;
		}
		d.flags = shm_load(&vq->vr.desc[d.next].flags);
		d.next = shm_load(&vq->vr.desc[d.next].next);
	}

	mapped = vq_dev_translate(vq, first.addr, first.len);
	if (!mapped && vq->num_windows == 1) {
		vq_mark_broken(vq,
			       "descriptor %u: addr 0x%llx len %u outside the carve-out "
			       "[0x%llx, 0x%llx)",
			       head, (unsigned long long)first.addr, first.len,
			       (unsigned long long)vq->window[0].pa_base,
			       (unsigned long long)(vq->window[0].pa_base + vq->window[0].size));
		return -EIO;
	}
	if (!mapped) {
		vq_mark_broken(
			vq, "descriptor %u: addr 0x%llx len %u outside guest memory (%u regions)",
			head, (unsigned long long)first.addr, first.len, vq->num_windows);
		return -EIO;
	}

	vq->last_avail_idx++;
	*head_out = head;
	*buf = mapped;
	*len = first.len;
	return 1;
}

int vq_dev_queue_used(struct virtqueue *vq, uint16_t head, uint32_t len)
{
	struct vring_used_elem *elem;

	if (vq->broken)
		return -EIO;
	if (!vq_device_running(vq))
		return -ENODEV;
	if (head >= vq->num)
		return -EINVAL;
	elem = &vq->vr.used->ring[vq->used_idx_shadow & (vq->num - 1)];
	shm_update(&elem->id, head);
	shm_update(&elem->len, len);
	vq->used_idx_shadow++;
	vq->used_unpublished = true;
	vq->num_pushed++;
	return 0;
}

void vq_dev_publish_used(struct virtqueue *vq)
{
	if (!vq->used_unpublished || !vq_device_running(vq))
		return;
	vq->used_unpublished = false;
	/* Used entries must be visible before the new index. */
	shm_store_release(&vq->vr.used->idx, vq->used_idx_shadow);
}

int vq_dev_push_used(struct virtqueue *vq, uint16_t head, uint32_t len)
{
	int ret = vq_dev_queue_used(vq, head, len);

	if (!ret)
		vq_dev_publish_used(vq);
	return ret;
}

bool vq_dev_need_interrupt(struct virtqueue *vq)
{
	if (!vq_device_running(vq))
		return false;
	vq_dev_publish_used(vq);
	return vq_need_notify(vq, vq->used_idx_shadow, &vq->num_pushed, &vring_used_event(&vq->vr),
			      &vq->vr.avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
}

void vq_dev_disable_notify(struct virtqueue *vq)
{
	/* With event index the driver stops kicking once it passes avail_event. */
	if (!vq->event_idx && vq_device_running(vq))
		shm_store(&vq->vr.used->flags, VRING_USED_F_NO_NOTIFY);
}

bool vq_dev_enable_notify(struct virtqueue *vq)
{
	if (!vq_device_running(vq))
		return true; /* a stopped ring: its next start looks at it anyway */
	if (vq->event_idx)
		shm_store(&vring_avail_event(&vq->vr), vq->last_avail_idx);
	else
		shm_store(&vq->vr.used->flags, 0);
	shm_mb();
	return !vq_dev_has_avail(vq);
}
