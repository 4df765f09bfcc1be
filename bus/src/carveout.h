/* SPDX-License-Identifier: MIT */
/*
 * The shared-memory carve-out: where the resource table, our control block, the two vrings and
 * the buffer pool lie, how the host writes that layout, and how the other side (or a monitor)
 * reads it back without trusting it.
 *
 * Host-owned layout (ours), offsets from the start of the shm object:
 *	0x0000	struct resource_table, one RSC_VDEV entry (id 7, two vrings with fixed da)
 *	0x1000	struct rpmsg_control: doorbells, pids, bus state, channel directory
 *	...	vring 0 (host RX), vring 1 (host TX), page aligned
 *	...	buffer pool: buf_count x buf_size, first half host RX, second half host TX
 * Device addresses are pa_base + offset.
 *
 * Firmware-owned layout: the remote writes only the resource table at rsc_offset with vrings
 * 16 KiB aligned after it (OpenAMP's Linux machine places them at 0x4000 and 0x8000); the host's
 * buffer pool is given separately. There is no control block.
 *
 * Thread safety: the functions are pure or write only the memory given, except the SIGBUS
 * guard (thread-safe, process-wide). The control block's fields are accessed with atomics by
 * the bus; the directory is a sequence lock per side.
 */
#ifndef RPMSG_BUS_CARVEOUT_H
#define RPMSG_BUS_CARVEOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg/bus.h>
#include <rpmsg/monitor.h>

#define RPMSG_CONTROL_MAGIC   0x434d5052u /* "RPMC" */
#define RPMSG_CONTROL_VERSION 1
#define RPMSG_CONTROL_OFFSET  0x1000
#define RPMSG_VRING_ALIGN     4096
#define RPMSG_DEFAULT_PA_BASE 0x10000000ull
#define RPMSG_MAX_NOTIFY_ID   31 /* doorbell pending masks are 32 bits wide */

/* remote_state */
#define RPMSG_REMOTE_ABSENT   0
#define RPMSG_REMOTE_ATTACHED 1
#define RPMSG_REMOTE_DETACHED 2

/* One doorbell direction, on its own cache line so the two directions do not bounce. */
struct rpmsg_doorbell {
	uint32_t pending;  /* bit n: notify id n was kicked and not yet serviced */
	uint32_t seq;	   /* futex word, incremented on every kick */
	uint32_t sleeping; /* the receiver is in (or about to enter) futex_wait */
	uint32_t reserved;
	uint64_t kicks; /* kicks rung in this direction, for monitors */
} __attribute__((aligned(64)));

/* One channel/endpoint published by one side; see struct rpmsg_monitor_channel. */
struct rpmsg_dir_entry {
	char name[RPMSG_NAME_SIZE];
	uint32_t local_addr;
	uint32_t remote_addr;
	uint32_t origin; /* enum rpmsg_channel_origin */
	uint32_t in_use;
	uint64_t tx_msgs, tx_bytes, rx_msgs, rx_bytes;
};

/* The channels one side publishes. Written only by that side; seq is odd while it writes. */
struct rpmsg_directory {
	uint32_t seq;
	uint32_t count; /* entries[0..count) may be in use */
	struct rpmsg_dir_entry entries[RPMSG_MONITOR_MAX_CHANNELS];
};

struct rpmsg_control {
	uint32_t magic;
	uint32_t version;
	uint32_t size; /* sizeof(struct rpmsg_control) */
	uint32_t mbox; /* enum rpmsg_mbox_kind */
	char bus_name[RPMSG_BUS_NAME_MAX];
	uint64_t pa_base;
	uint32_t buf_offset;
	uint32_t buf_count;
	uint32_t buf_size;
	uint32_t host_pid;
	uint32_t remote_pid;
	uint32_t remote_state;
	uint32_t spin_us;
	uint32_t broken_by; /* RPMSG_ROLE_* + 1 of the side that found the bus broken, or 0 */
	char broken[128];
	struct rpmsg_doorbell to_remote;
	struct rpmsg_doorbell to_host;
	struct rpmsg_directory directory[2]; /* indexed by enum rpmsg_role */
};

/* Where everything is, in bytes from the start of the shm object. */
struct carveout_layout {
	size_t shm_size;
	size_t rsc_offset;
	size_t rsc_size;
	size_t ctrl_offset; /* 0: no control block (firmware-owned) */
	size_t vring_offset[2];
	unsigned int vring_num;
	unsigned int vring_align;
	size_t buf_offset;
	unsigned int buf_count;
	unsigned int buf_size;
	uint64_t pa_base;
	uint32_t vdev_features; /* dfeatures offered by the device */
	uint32_t notifyid[2];	/* notify id of each vring */
	size_t vdev_offset;	/* offset of the struct fw_rsc_vdev in the shm */
};

/** carveout_plan_host() - compute our host-owned layout for @cfg. Return: 0 or -EINVAL. */
int carveout_plan_host(const struct rpmsg_bus_config *cfg, struct carveout_layout *layout);

/** carveout_plan_firmware() - layout a remote writes for a firmware-owned table. */
int carveout_plan_firmware(const struct rpmsg_bus_config *cfg, struct carveout_layout *layout);

/**
 * carveout_check_geometry() - the one check of a bus's ring and buffer geometry, for a
 * configuration (either role), a layout planned from it, and a peer's table or control block.
 * @vring_num, @vring_align: the rings (vq_check_geometry())
 * @buf_count: even, 2 to RPMSG_MAX_NUM_BUFS, and each direction's half fits its ring (as the
 *             kernel requires)
 * @buf_size:  a multiple of 8 in (16, 65536]
 * @err: out: which value is wrong and why, on failure
 * Return: 0 or -EINVAL.
 */
int carveout_check_geometry(unsigned int vring_num, unsigned int vring_align,
			    unsigned int buf_count, unsigned int buf_size, char *err,
			    size_t errlen);

/** carveout_write_table() - write the resource table described by @layout into @shm. */
void carveout_write_table(uint8_t *shm, const struct carveout_layout *layout);

/**
 * carveout_parse_table() - read and validate a resource table someone else wrote.
 * @shm: the mapping; @shm_size: its size; @rsc_offset: where the table starts
 * @pa_base: device address of @shm's first byte
 * @layout: out: vring geometry and offsets (buffer fields left as they were)
 * @err: out: reason on failure
 * Return: 0, -EAGAIN (table not written yet: version 0), -EIO (invalid: see @err).
 */
int carveout_parse_table(const uint8_t *shm, size_t shm_size, size_t rsc_offset, uint64_t pa_base,
			 struct carveout_layout *layout, char *err, size_t errlen);

/** carveout_vdev() - the vdev resource inside the mapping described by @layout. */
struct fw_rsc_vdev *carveout_vdev(uint8_t *shm, const struct carveout_layout *layout);

/** carveout_control() - the control block, or NULL for a firmware-owned layout. */
struct rpmsg_control *carveout_control(uint8_t *shm, const struct carveout_layout *layout);

/**
 * carveout_check_control() - validate a control block someone else wrote (magic, version,
 * buffer pool inside the shm and not overlapping the rings). Fills the buffer fields of @layout.
 * Return: 0, -EAGAIN (not initialised yet), -EIO (invalid: see @err).
 */
int carveout_check_control(const struct rpmsg_control *ctrl, size_t shm_size,
			   struct carveout_layout *layout, char *err, size_t errlen);

/**
 * carveout_guard_add() - survive a peer truncating the shm object under mapping @base/@len.
 *
 * The first call installs a process-wide SIGBUS handler (chaining to the previous one for
 * faults outside registered mappings). A SIGBUS inside @base/@len maps anonymous zero pages
 * over the whole mapping, so the faulting access completes on memory nobody else sees, and
 * sets the flag carveout_guard_hit() reads. The caller must then stop trusting the mapping.
 * Return: a slot for the other calls (>= 0), -ENOSPC (too many mappings) or -errno.
 */
int carveout_guard_add(void *base, size_t len);
/** carveout_guard_hit() - true once a SIGBUS in slot @slot's mapping was absorbed. */
bool carveout_guard_hit(int slot);
/** carveout_guard_remove() - stop watching slot @slot (before munmap); -1 is ignored. */
void carveout_guard_remove(int slot);

#endif /* RPMSG_BUS_CARVEOUT_H */
