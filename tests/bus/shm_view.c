// SPDX-License-Identifier: MIT
/*
 * Independent parser of a bus's shared memory for the tests. See shm_view.h.
 */
#include "shm_view.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

void shm_view_open(struct shm_view *view, const char *bus_name, uint64_t pa_base, bool writable)
{
	char path[128];

	snprintf(path, sizeof(path), "/rpmsg-%s", bus_name);
	shm_view_open_path(view, path, 0, pa_base, writable);
}

void shm_view_open_path(struct shm_view *view, const char *shm_path, size_t rsc_offset,
			uint64_t pa_base, bool writable)
{
	char path[160];
	struct stat st;
	uint32_t num;
	int fd;

	memset(view, 0, sizeof(*view));
	snprintf(path, sizeof(path), "/dev/shm%s", shm_path);
	fd = open(path, writable ? O_RDWR : O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	CHECK(fstat(fd, &st) == 0, "fstat %s: %s", path, strerror(errno));
	CHECK(st.st_size >= 4096, "%s is only %lld bytes", path, (long long)st.st_size);
	view->size = (size_t)st.st_size;
	view->base =
		mmap(NULL, view->size, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);
	close(fd);
	CHECK(view->base != MAP_FAILED, "mmap %s: %s", path, strerror(errno));
	view->pa_base = pa_base;

	/* struct resource_table at rsc_offset, then find the rpmsg vdev among its entries */
	CHECK(range_ok(rsc_offset, sizeof(struct resource_table), view->size),
	      "table offset 0x%zx outside %zu bytes", rsc_offset, view->size);
	view->table = (struct resource_table *)(view->base + rsc_offset);
	CHECK(view->table->ver == 1, "resource table version %u", view->table->ver);
	num = view->table->num;
	CHECK(num >= 1 &&
		      range_ok(rsc_offset + sizeof(struct resource_table), num * 4ull, view->size),
	      "resource table num %u", num);
	for (uint32_t i = 0; i < num && !view->vdev; i++) {
		uint64_t off = rsc_offset + (uint64_t)view->table->offset[i];
		struct fw_rsc_hdr *hdr;
		struct fw_rsc_vdev *vdev;

		CHECK(range_ok(off, sizeof(*hdr) + sizeof(*vdev) + 2 * sizeof(vdev->vring[0]),
			       view->size),
		      "resource %u offset 0x%llx outside the carve-out", i,
		      (unsigned long long)off);
		hdr = (struct fw_rsc_hdr *)(view->base + off);
		vdev = (struct fw_rsc_vdev *)hdr->data;
		if (hdr->type == RSC_VDEV && vdev->id == VIRTIO_ID_RPMSG)
			view->vdev = vdev;
	}
	CHECK(view->vdev, "no RSC_VDEV entry with id %d in the resource table", VIRTIO_ID_RPMSG);
	CHECK(view->vdev->num_of_vrings == 2, "vdev has %u vrings", view->vdev->num_of_vrings);
	for (int v = 0; v < 2; v++) {
		struct fw_rsc_vdev_vring *r = &view->vdev->vring[v];
		uint64_t off = (uint64_t)r->da - pa_base;

		CHECK(r->num && !(r->num & (r->num - 1)) && r->align >= 4 &&
			      !(r->align & (r->align - 1)),
		      "vring %d num %u align %u", v, r->num, r->align);
		CHECK(r->da >= pa_base && range_ok(off, vring_size(r->num, r->align), view->size),
		      "vring %d da 0x%x outside carve-out at pa 0x%llx", v, r->da,
		      (unsigned long long)pa_base);
		vring_init(&view->vr[v], r->num, view->base + off, r->align);
		view->vring_offset[v] = (size_t)off;
		view->num = r->num;
	}
}

void shm_view_close(struct shm_view *view)
{
	if (view->base && view->base != MAP_FAILED)
		munmap(view->base, view->size);
	view->base = NULL;
}

void *shm_view_translate(const struct shm_view *view, uint64_t da, size_t len)
{
	if (da < view->pa_base || !range_ok(da - view->pa_base, len, view->size))
		return NULL;
	return view->base + (da - view->pa_base);
}

uint16_t shm_view_avail_idx(const struct shm_view *view, int vq)
{
	return __atomic_load_n(&view->vr[vq].avail->idx, __ATOMIC_ACQUIRE);
}

uint16_t shm_view_used_idx(const struct shm_view *view, int vq)
{
	return __atomic_load_n(&view->vr[vq].used->idx, __ATOMIC_ACQUIRE);
}

static void *desc_buf(const struct shm_view *view, int vq, uint16_t head)
{
	struct vring_desc *d;
	void *buf;

	CHECK(head < view->vr[vq].num, "vq%d head %u out of range", vq, head);
	d = &view->vr[vq].desc[head];
	buf = shm_view_translate(view, d->addr, d->len);
	CHECK(buf, "vq%d desc %u addr 0x%llx len %u outside the carve-out", vq, head,
	      (unsigned long long)d->addr, d->len);
	return buf;
}

void *shm_view_last_used_buf(const struct shm_view *view, int vq, uint16_t *head)
{
	uint16_t idx = shm_view_used_idx(view, vq);
	struct vring_used_elem *e = &view->vr[vq].used->ring[(uint16_t)(idx - 1) % view->num];

	CHECK(e->id < view->num, "vq%d used id %u out of range", vq, e->id);
	*head = (uint16_t)e->id;
	return desc_buf(view, vq, *head);
}

void *shm_view_last_avail_buf(const struct shm_view *view, int vq, uint16_t *head)
{
	uint16_t idx = shm_view_avail_idx(view, vq);

	*head = view->vr[vq].avail->ring[(uint16_t)(idx - 1) % view->num];
	return desc_buf(view, vq, *head);
}
