// SPDX-License-Identifier: MIT
/*
 * Carve-out layout: planning, writing and validating the resource table and control block.
 * See carveout.h.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/virtio_ring.h>

#include "carveout.h"
#include "mailbox.h"
#include "vring.h"

#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((size_t)(a)-1))
/* Firmware-owned tables place vrings on 16 KiB boundaries, as OpenAMP's Linux machine does. */
#define FIRMWARE_VRING_STRIDE 0x4000

/* resource_table header + one offset, then the vdev entry with two vrings and no config. */
#define RSC_TABLE_HDR_SIZE    (sizeof(struct resource_table) + sizeof(uint32_t))
#define RSC_VDEV_ENTRY_OFFSET 0x20
#define RSC_VDEV_SIZE                                                                              \
	(sizeof(struct fw_rsc_hdr) + sizeof(struct fw_rsc_vdev) +                                  \
	 2 * sizeof(struct fw_rsc_vdev_vring))

int carveout_check_geometry(unsigned int vring_num, unsigned int vring_align,
			    unsigned int buf_count, unsigned int buf_size, char *err, size_t errlen)
{
	if (vq_check_geometry(vring_num, vring_align)) {
		snprintf(err, errlen,
			 "vring_num %u align %u: the number must be a power of two up to 32768, "
			 "the alignment a power of two of at least 4",
			 vring_num, vring_align);
		return -EINVAL;
	}
	/* Each direction's buffers must fit its ring, as the kernel requires. */
	if (buf_count < 2 || buf_count > RPMSG_MAX_NUM_BUFS || buf_count % 2 ||
	    buf_count / 2 > vring_num) {
		snprintf(err, errlen,
			 "buf_count %u must be even, at most %d and at most twice vring_num %u",
			 buf_count, RPMSG_MAX_NUM_BUFS, vring_num);
		return -EINVAL;
	}
	if (buf_size <= sizeof(struct rpmsg_hdr) || buf_size > 65536 || buf_size % 8) {
		snprintf(err, errlen, "buf_size %u must be a multiple of 8 in (16, 65536]",
			 buf_size);
		return -EINVAL;
	}
	return 0;
}

static int check_geometry(const struct rpmsg_bus_config *cfg)
{
	char why[160];

	return carveout_check_geometry(cfg->vring_num, RPMSG_VRING_ALIGN, cfg->buf_count,
				       cfg->buf_size, why, sizeof(why));
}

static void plan_features(struct carveout_layout *layout)
{
	layout->vdev_features = (1u << VIRTIO_RPMSG_F_NS) | (1u << VIRTIO_RING_F_EVENT_IDX);
	layout->notifyid[0] = 0;
	layout->notifyid[1] = 1;
	layout->rsc_size = RSC_VDEV_ENTRY_OFFSET + RSC_VDEV_SIZE;
	layout->vdev_offset =
		layout->rsc_offset + RSC_VDEV_ENTRY_OFFSET + sizeof(struct fw_rsc_hdr);
}

int carveout_plan_host(const struct rpmsg_bus_config *cfg, struct carveout_layout *layout)
{
	size_t off, ring_size;

	if (check_geometry(cfg))
		return -EINVAL;
	memset(layout, 0, sizeof(*layout));
	layout->rsc_offset = 0;
	plan_features(layout);
	layout->ctrl_offset = RPMSG_CONTROL_OFFSET;
	layout->vring_num = cfg->vring_num;
	layout->vring_align = RPMSG_VRING_ALIGN;
	ring_size = vring_size(cfg->vring_num, RPMSG_VRING_ALIGN);

	off = ALIGN_UP(layout->ctrl_offset + sizeof(struct rpmsg_control), RPMSG_VRING_ALIGN);
	layout->vring_offset[0] = off;
	off = ALIGN_UP(off + ring_size, RPMSG_VRING_ALIGN);
	layout->vring_offset[1] = off;
	off = ALIGN_UP(off + ring_size, RPMSG_VRING_ALIGN);
	layout->buf_offset = off;
	layout->buf_count = cfg->buf_count;
	layout->buf_size = cfg->buf_size;
	off += (size_t)cfg->buf_count * cfg->buf_size;
	layout->shm_size = ALIGN_UP(off, 4096);
	layout->pa_base = cfg->pa_base;
	return 0;
}

int carveout_plan_firmware(const struct rpmsg_bus_config *cfg, struct carveout_layout *layout)
{
	size_t off, ring_size;

	if (check_geometry(cfg) || !cfg->shm_size)
		return -EINVAL;
	memset(layout, 0, sizeof(*layout));
	layout->rsc_offset = cfg->rsc_offset;
	plan_features(layout);
	/* OpenAMP remotes do not offer event index by default; neither does a firmware table. */
	layout->vdev_features = 1u << VIRTIO_RPMSG_F_NS;
	layout->vring_num = cfg->vring_num;
	layout->vring_align = RPMSG_VRING_ALIGN;
	ring_size = vring_size(cfg->vring_num, RPMSG_VRING_ALIGN);
	off = ALIGN_UP(layout->rsc_offset + layout->rsc_size, FIRMWARE_VRING_STRIDE);
	layout->vring_offset[0] = off;
	off = ALIGN_UP(off + ring_size, FIRMWARE_VRING_STRIDE);
	layout->vring_offset[1] = off;
	off += ring_size;
	layout->shm_size = cfg->shm_size;
	layout->pa_base = cfg->pa_base;
	layout->buf_offset = cfg->buf_pool_offset;
	layout->buf_count = cfg->buf_count;
	layout->buf_size = cfg->buf_size;
	if (off > cfg->shm_size)
		return -EINVAL;
	return 0;
}

void carveout_write_table(uint8_t *shm, const struct carveout_layout *layout)
{
	struct resource_table *table = (struct resource_table *)(shm + layout->rsc_offset);
	struct fw_rsc_hdr *hdr =
		(struct fw_rsc_hdr *)(shm + layout->rsc_offset + RSC_VDEV_ENTRY_OFFSET);
	struct fw_rsc_vdev *vdev = (struct fw_rsc_vdev *)hdr->data;

	memset(table, 0, layout->rsc_size);
	table->num = 1;
	table->offset[0] = RSC_VDEV_ENTRY_OFFSET;
	hdr->type = RSC_VDEV;
	vdev->id = VIRTIO_ID_RPMSG;
	vdev->notifyid = 2;
	vdev->dfeatures = layout->vdev_features;
	vdev->gfeatures = 0;
	vdev->config_len = 0;
	vdev->status = 0;
	vdev->num_of_vrings = 2;
	for (int i = 0; i < 2; i++) {
		vdev->vring[i].da = (uint32_t)(layout->pa_base + layout->vring_offset[i]);
		vdev->vring[i].align = layout->vring_align;
		vdev->vring[i].num = layout->vring_num;
		vdev->vring[i].notifyid = layout->notifyid[i];
		vdev->vring[i].pa = 0;
	}
	/* The version is the "table is complete" flag for a peer polling it. */
	__atomic_store_n(&table->ver, 1, __ATOMIC_RELEASE);
}

struct fw_rsc_vdev *carveout_vdev(uint8_t *shm, const struct carveout_layout *layout)
{
	return (struct fw_rsc_vdev *)(shm + layout->vdev_offset);
}

struct rpmsg_control *carveout_control(uint8_t *shm, const struct carveout_layout *layout)
{
	return layout->ctrl_offset ? (struct rpmsg_control *)(shm + layout->ctrl_offset) : NULL;
}

static bool range_ok(size_t off, size_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/*
 * The two rpmsg vrings of a peer's vdev entry: equal valid geometry (vq_check_geometry()), notify
 * ids we can ring, inside the carve-out and not overlapping. Fills @layout's ring fields.
 * Return: 0, or -EIO with the reason in @err.
 */
static int parse_vrings(const struct fw_rsc_vdev *vdev, size_t shm_size, uint64_t pa_base,
			struct carveout_layout *layout, char *err, size_t errlen)
{
	layout->vring_num = vdev->vring[0].num;
	layout->vring_align = vdev->vring[0].align;
	for (int v = 0; v < 2; v++) {
		const struct fw_rsc_vdev_vring *vr = &vdev->vring[v];
		uint64_t off;

		/* From here on only our copies: the peer may rewrite its table under us. */
		if (vr->num != layout->vring_num || vr->align != layout->vring_align ||
		    vq_check_geometry(layout->vring_num, layout->vring_align)) {
			snprintf(err, errlen,
				 "vring %d: num %u align %u invalid (must be powers of two "
				 "and equal for both rings)",
				 v, vr->num, vr->align);
			return -EIO;
		}
		if (vr->notifyid > RPMSG_MAX_NOTIFY_ID) {
			snprintf(err, errlen, "vring %d: notifyid %u > %u", v, vr->notifyid,
				 RPMSG_MAX_NOTIFY_ID);
			return -EIO;
		}
		off = (uint64_t)vr->da - pa_base;
		if (vr->da < pa_base ||
		    !range_ok(off, vring_size(layout->vring_num, layout->vring_align), shm_size) ||
		    off % 16) {
			snprintf(err, errlen,
				 "vring %d: da 0x%x outside the carve-out [0x%llx, 0x%llx)", v,
				 vr->da, (unsigned long long)pa_base,
				 (unsigned long long)(pa_base + shm_size));
			return -EIO;
		}
		layout->vring_offset[v] = off;
		layout->notifyid[v] = vr->notifyid;
	}
	if (layout->vring_offset[0] < layout->vring_offset[1]
		    ? layout->vring_offset[0] + vring_size(layout->vring_num, layout->vring_align) >
			      layout->vring_offset[1]
		    : layout->vring_offset[1] + vring_size(layout->vring_num, layout->vring_align) >
			      layout->vring_offset[0]) {
		snprintf(err, errlen, "vrings at 0x%zx and 0x%zx overlap", layout->vring_offset[0],
			 layout->vring_offset[1]);
		return -EIO;
	}
	return 0;
}

int carveout_parse_table(const uint8_t *shm, size_t shm_size, size_t rsc_offset, uint64_t pa_base,
			 struct carveout_layout *layout, char *err, size_t errlen)
{
	const struct resource_table *table;
	uint32_t ver, num;

	if (!range_ok(rsc_offset, sizeof(*table), shm_size)) {
		snprintf(err, errlen, "resource table offset 0x%zx outside the %zu-byte carve-out",
			 rsc_offset, shm_size);
		return -EIO;
	}
	table = (const struct resource_table *)(shm + rsc_offset);
	ver = __atomic_load_n(&table->ver, __ATOMIC_ACQUIRE);
	if (ver == 0)
		return -EAGAIN;
	if (ver != 1) {
		snprintf(err, errlen, "resource table version %u (expected 1)", ver);
		return -EIO;
	}
	num = table->num;
	if (num == 0 || num > 64 ||
	    !range_ok(rsc_offset, sizeof(*table) + num * sizeof(uint32_t), shm_size)) {
		snprintf(err, errlen, "resource table num %u invalid", num);
		return -EIO;
	}
	for (uint32_t i = 0; i < num; i++) {
		uint32_t entry = table->offset[i];
		const struct fw_rsc_hdr *hdr;
		const struct fw_rsc_vdev *vdev;
		size_t vdev_off;

		if (!range_ok(rsc_offset + (size_t)entry, sizeof(*hdr), shm_size)) {
			snprintf(err, errlen, "resource %u: offset 0x%x outside the carve-out", i,
				 entry);
			return -EIO;
		}
		hdr = (const struct fw_rsc_hdr *)(shm + rsc_offset + entry);
		if (hdr->type != RSC_VDEV)
			continue;
		vdev_off = rsc_offset + entry + sizeof(*hdr);
		if (!range_ok(vdev_off, sizeof(*vdev), shm_size)) {
			snprintf(err, errlen, "vdev resource at 0x%zx truncated", vdev_off);
			return -EIO;
		}
		vdev = (const struct fw_rsc_vdev *)(shm + vdev_off);
		if (vdev->id != VIRTIO_ID_RPMSG)
			continue;
		if (vdev->num_of_vrings < 2 ||
		    !range_ok(vdev_off, sizeof(*vdev) + 2 * sizeof(struct fw_rsc_vdev_vring),
			      shm_size)) {
			snprintf(err, errlen, "rpmsg vdev: num_of_vrings %u (need 2)",
				 vdev->num_of_vrings);
			return -EIO;
		}
		layout->rsc_offset = rsc_offset;
		layout->vdev_offset = vdev_off;
		layout->vdev_features = vdev->dfeatures;
		layout->pa_base = pa_base;
		if (parse_vrings(vdev, shm_size, pa_base, layout, err, errlen))
			return -EIO;
		layout->shm_size = shm_size;
		return 0;
	}
	snprintf(err, errlen, "resource table has no rpmsg vdev (RSC_VDEV with id %d)",
		 VIRTIO_ID_RPMSG);
	return -EIO;
}

int carveout_check_control(const struct rpmsg_control *ctrl, size_t shm_size,
			   struct carveout_layout *layout, char *err, size_t errlen)
{
	uint32_t magic = __atomic_load_n(&ctrl->magic, __ATOMIC_ACQUIRE);
	/* Read once: the writer may change them between our check and our use. */
	uint32_t buf_count = __atomic_load_n(&ctrl->buf_count, __ATOMIC_RELAXED);
	uint32_t buf_size = __atomic_load_n(&ctrl->buf_size, __ATOMIC_RELAXED);
	uint32_t buf_offset = __atomic_load_n(&ctrl->buf_offset, __ATOMIC_RELAXED);
	char why[160];
	size_t pool_size, ring_end;

	if (magic == 0)
		return -EAGAIN;
	if (magic != RPMSG_CONTROL_MAGIC || ctrl->version != RPMSG_CONTROL_VERSION ||
	    ctrl->size != sizeof(*ctrl)) {
		snprintf(err, errlen, "control block magic 0x%x version %u size %u not ours", magic,
			 ctrl->version, ctrl->size);
		return -EIO;
	}
	if (!mailbox_backend(ctrl->mbox)) {
		snprintf(err, errlen, "control block: mailbox kind %u unknown", ctrl->mbox);
		return -EIO;
	}
	if (carveout_check_geometry(layout->vring_num, layout->vring_align, buf_count, buf_size,
				    why, sizeof(why))) {
		snprintf(err, errlen, "control block: %s", why);
		return -EIO;
	}
	pool_size = (size_t)buf_count * buf_size;
	ring_end = (layout->vring_offset[0] > layout->vring_offset[1] ? layout->vring_offset[0]
								      : layout->vring_offset[1]) +
		   vring_size(layout->vring_num, layout->vring_align);
	if (!range_ok(buf_offset, pool_size, shm_size) || buf_offset < ring_end) {
		snprintf(err, errlen,
			 "control block: buffer pool at 0x%x (%zu bytes) outside the carve-out or "
			 "overlapping the vrings",
			 buf_offset, pool_size);
		return -EIO;
	}
	layout->buf_offset = buf_offset;
	layout->buf_count = buf_count;
	layout->buf_size = buf_size;
	return 0;
}

/*
 * --- SIGBUS guard ---
 *
 * A peer that ftruncate()s the shm object turns every access past the new end into SIGBUS.
 * The guard is one process-wide handler over a fixed table of registered mappings: a fault
 * inside one maps private zero pages over the whole mapping (MAP_FIXED), so the faulting access
 * completes, and flags it; the bus then reports itself broken. Faults elsewhere go to whatever
 * handler was there before us (or the default action).
 */
#define GUARD_SLOTS 64

struct guard_slot {
	uintptr_t base; /* 0: free; set last (release), cleared first */
	size_t len;
	int hit;
};

static struct guard_slot guards[GUARD_SLOTS];
static struct sigaction guard_previous;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static int guard_install_err;

/* Pass a fault that is not ours on, as if we had never installed a handler. */
static void guard_chain(int sig, siginfo_t *si, void *uctx)
{
	if ((guard_previous.sa_flags & SA_SIGINFO) && guard_previous.sa_sigaction) {
		guard_previous.sa_sigaction(sig, si, uctx);
		return;
	}
	if (guard_previous.sa_handler != SIG_DFL && guard_previous.sa_handler != SIG_IGN) {
		guard_previous.sa_handler(sig);
		return;
	}
	/* Default action: a real fault recurs on return and now kills; a sent signal is resent. */
	signal(sig, SIG_DFL);
	if (si->si_code <= 0)
		raise(sig);
}

static void guard_handler(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t addr = (uintptr_t)si->si_addr;
	int saved_errno = errno;

	for (int i = 0; si->si_code > 0 && i < GUARD_SLOTS; i++) {
		uintptr_t base = __atomic_load_n(&guards[i].base, __ATOMIC_ACQUIRE);
		size_t len = guards[i].len;

		if (!base || addr < base || addr - base >= len)
			continue;
		/* mmap() is a plain system call: safe in a signal handler. */
		if (mmap((void *)base, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
			__atomic_store_n(&guards[i].hit, 1, __ATOMIC_RELEASE);
			errno = saved_errno;
			return;
		}
		break;
	}
	errno = saved_errno;
	guard_chain(sig, si, uctx);
}

static void guard_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = guard_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &guard_previous))
		guard_install_err = -errno;
}

int carveout_guard_add(void *base, size_t len)
{
	int slot = -ENOSPC;

	pthread_once(&guard_once, guard_install);
	if (guard_install_err)
		return guard_install_err;
	pthread_mutex_lock(&guard_lock);
	for (int i = 0; i < GUARD_SLOTS; i++) {
		if (guards[i].base)
			continue;
		guards[i].len = len;
		__atomic_store_n(&guards[i].hit, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&guards[i].base, (uintptr_t)base, __ATOMIC_RELEASE);
		slot = i;
		break;
	}
	pthread_mutex_unlock(&guard_lock);
	return slot;
}

bool carveout_guard_hit(int slot)
{
	return slot >= 0 && slot < GUARD_SLOTS &&
	       __atomic_load_n(&guards[slot].hit, __ATOMIC_ACQUIRE);
}

void carveout_guard_remove(int slot)
{
	if (slot < 0 || slot >= GUARD_SLOTS)
		return;
	pthread_mutex_lock(&guard_lock);
	__atomic_store_n(&guards[slot].base, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&guard_lock);
}
