/* SPDX-License-Identifier: MIT */
/*
 * A third actor's view of a bus's shared memory: maps /dev/shm/rpmsg-<name> and finds the vrings
 * the way a debugger or a foreign firmware would, from the resource table at offset 0
 * (struct resource_table + fw_rsc_vdev from <rpmsg/wire.h>, ring layout from
 * <linux/virtio_ring.h> vring_init with each vring's da, align and num). Device addresses are
 * pa_base + offset.
 *
 * The view parses independently of the library's own code (it is what the tests check the
 * library against) and bounds-checks everything, so a broken bus cannot crash a test.
 *
 * Contract: shm_view_open() fails the test (CHECK) if the table makes no sense. Not thread-safe.
 */
#ifndef RPMSG_TESTS_BUS_SHM_VIEW_H
#define RPMSG_TESTS_BUS_SHM_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_ring.h>
#include <rpmsg/wire.h>

struct shm_view {
	uint8_t *base;
	size_t size;
	uint64_t pa_base;
	struct resource_table *table;
	struct fw_rsc_vdev *vdev;
	struct vring vr[2]; /* 0: host RX (remote writes used), 1: host TX (host writes avail) */
	unsigned int num;
	size_t vring_offset[2];
};

/**
 * shm_view_open() - map bus @bus_name read-write (@writable) or read-only.
 * @pa_base: device address of the carve-out's first byte (the bus config's pa_base)
 */
void shm_view_open(struct shm_view *view, const char *bus_name, uint64_t pa_base, bool writable);
/** shm_view_open_path() - same for any shm object (@shm_path as for shm_open) and table offset. */
void shm_view_open_path(struct shm_view *view, const char *shm_path, size_t rsc_offset,
			uint64_t pa_base, bool writable);
void shm_view_close(struct shm_view *view);

/** shm_view_translate() - device address @da of a @len-byte buffer, or NULL if outside. */
void *shm_view_translate(const struct shm_view *view, uint64_t da, size_t len);

/* Ring index loads and stores as the other side does them (16-bit, with barriers). */
uint16_t shm_view_avail_idx(const struct shm_view *view, int vq);
uint16_t shm_view_used_idx(const struct shm_view *view, int vq);

/**
 * shm_view_last_used_buf() - the buffer of the newest used-ring entry of @vq (the last message
 * the remote wrote into vq0). Return: pointer to the buffer, its descriptor head in *@head.
 */
void *shm_view_last_used_buf(const struct shm_view *view, int vq, uint16_t *head);
/** shm_view_last_avail_buf() - the buffer of the newest avail-ring entry of @vq. */
void *shm_view_last_avail_buf(const struct shm_view *view, int vq, uint16_t *head);

#endif /* RPMSG_TESTS_BUS_SHM_VIEW_H */
