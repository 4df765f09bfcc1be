// SPDX-License-Identifier: MIT
/*
 * The vhost-user device transport of the remote role: the bus is the device side of a virtio
 * rpmsg device whose driver is a guest kernel's virtio_rpmsg_bus, reached through QEMU's
 * vhost-user protocol (vhost_user.c) and eventfd doorbells (mailbox_eventfd.c).
 *
 * What differs from the shared-memory bus: the guest owns every buffer (512 bytes each) and
 * both rings; their addresses are guest-physical and are checked through the guest memory
 * regions (vq_device_init_split()). There is no resource table to read: the rings start when
 * the front end has given their addresses, base and kick fd and enabled them, and stop at
 * GET_VRING_BASE; the device is "live" once both rings run and the driver has posted receive
 * buffers on vq0, and only then do name-service announcements go out (all of them again after
 * every restart: a driver reload or guest reboot). The front end closing the socket is the
 * peer's death: -EPIPE.
 *
 * Introspection: a control block of our own in /dev/shm/rpmsg-NAME, laid out as a host-owned
 * carve-out (table, control block, rings), so rpmsg-sim status and rpmsg-top read it as any
 * bus. The directory and counters are written as usual; the vdev status, features and the
 * ring indices are mirrored from the guest's rings by vhost_bus_publish() on the interrupt
 * thread (after each service and every 100 ms). The buffer pool in it stays unused. A guest
 * kernel publishes no directory, and monitors count traffic on the host's half (so that no
 * message counts twice): vhost_bus_publish() derives that half from ours, each endpoint whose
 * guest address is known seen from the guest (its TX is our RX).
 *
 * Locking: ring set-up and tear-down happen on the interrupt thread (the one that handles the
 * socket) with rx_lock and tx_lock held, so no receive or send sees a ring change under it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/virtio_config.h>

#include "bus_internal.h"
#include "vhost_user.h"

#define VHOST_STATUS_LIVE                                                                          \
	(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |      \
	 VIRTIO_CONFIG_S_DRIVER_OK)

/* Ring @index of the device: vq1 (the guest's TX) is what we receive on, vq0 what we send on. */
static struct virtqueue *ring_vq(struct rpmsg_bus *bus, unsigned int index)
{
	return index == 1 ? &bus->rvq : &bus->svq;
}

/**
 * ring_setup() - point virtqueue @index at the guest's ring, through the current memory table.
 * @bus:            the bus
 * @index:          0 or 1
 * @last_avail_idx: where to continue in the avail ring
 * Return: 0, -EINVAL (ring larger than the bus's held-buffer tables, or not translatable).
 */
static int ring_setup(struct rpmsg_bus *bus, unsigned int index, uint16_t last_avail_idx)
{
	struct vring_dma_window windows[VRING_MAX_WINDOWS];
	const struct vhost_user *vu = bus->vu;
	void *desc, *avail, *used;
	unsigned int n = vu->num_regions < VRING_MAX_WINDOWS ? vu->num_regions : VRING_MAX_WINDOWS;

	/* Held and reserved buffers are tracked in tables of vring_num entries. */
	if (vu->vring[index].num > bus->held_tx_max)
		return -EINVAL;
	if (vhost_user_ring_ptrs(vu, index, &desc, &avail, &used))
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++)
		windows[i] = (struct vring_dma_window){.pa_base = vu->region[i].guest_phys_addr,
						       .base = vu->region[i].base,
						       .size = (size_t)vu->region[i].size};
	return vq_device_init_split(ring_vq(bus, index), index, vu->vring[index].num, desc, avail,
				    used, vu->features & 1ull << VIRTIO_RING_F_EVENT_IDX, windows,
				    n, last_avail_idx);
}

static int on_ring_start(void *priv, unsigned int index, uint16_t base)
{
	struct rpmsg_bus *bus = priv;
	struct virtqueue *vq = ring_vq(bus, index);
	int err = ring_setup(bus, index, base);

	if (err)
		return err;
	/* As remote_start_device(): senders look for buffers, the receiver wants kicks. */
	if (vq == &bus->svq || bus->polling)
		vq_dev_disable_notify(vq);
	else
		vq_dev_enable_notify(vq);
	return 0;
}

static uint16_t on_ring_stop(void *priv, unsigned int index)
{
	struct rpmsg_bus *bus = priv;
	struct virtqueue *vq = ring_vq(bus, index);
	uint16_t last = vq->last_avail_idx;

	atomic_store(&bus->vhost_live, false);
	vq_device_stop(vq);
	/* Buffers taken from a stopped ring are the guest's again: forget them. */
	if (vq == &bus->svq) {
		bus->num_reclaimed = 0;
		for (unsigned int i = 0; bus->held_tx && i < bus->held_tx_max; i++)
			bus->held_tx[i].in_use = false;
	} else {
		for (unsigned int i = 0; bus->held_rx && i < bus->held_tx_max; i++)
			bus->held_rx[i].in_use = false;
	}
	return last;
}

/* New memory table under a running ring: new pointers, same indices and state. */
static int on_mem_changed(void *priv, unsigned int index)
{
	struct rpmsg_bus *bus = priv;
	struct virtqueue *vq = ring_vq(bus, index);
	struct virtqueue saved = *vq;
	int err = ring_setup(bus, index, saved.last_avail_idx);

	if (err)
		return err;
	vq->used_idx_shadow = saved.used_idx_shadow;
	vq->used_unpublished = saved.used_unpublished;
	vq->num_pushed = saved.num_pushed;
	vq->broken = saved.broken;
	memcpy(vq->error, saved.error, sizeof(vq->error));
	return 0;
}

static const struct vhost_user_ops vhost_bus_ops = {
	.ring_start = on_ring_start,
	.ring_stop = on_ring_stop,
	.mem_changed = on_mem_changed,
};

bool bus_ns_reachable(struct rpmsg_bus *bus)
{
	return !bus->vu || atomic_load(&bus->vhost_live);
}

/**
 * vhost_bus_open() - open the remote role as a vhost-user device.
 * @bus: the bus being opened (remote role, cfg.vhost_user_path set, mailbox kind eventfd)
 *
 * Creates the control shm (exclusively, as a host does: -EEXIST names a stale bus), listens on
 * the socket and sets up the eventfd doorbells. Does not wait for the front end: the
 * interrupt thread accepts it.
 * Return: 0, or a negative errno with rpmsg_last_error() set.
 */
int vhost_bus_open(struct rpmsg_bus *bus)
{
	struct mailbox_setup mb_setup = {.kind = RPMSG_MBOX_EVENTFD};
	int err;

	err = bus_create_carveout(bus);
	if (err)
		return err;
	bus->vu = calloc(1, sizeof(*bus->vu));
	if (!bus->vu)
		return bus_open_fail(-ENOMEM, "out of memory");
	/* Event index is ours to offer; VIRTIO_RPMSG_F_NS is the guest shim's, not QEMU's. */
	vhost_user_init(bus->vu, 1ull << VIRTIO_RING_F_EVENT_IDX, &vhost_bus_ops, bus);
	err = vhost_user_listen(bus->vu, bus->cfg.vhost_user_path);
	if (err)
		return bus_open_fail(err, "bus %s: cannot listen on %s: %s%s", bus->name,
				     bus->cfg.vhost_user_path, strerror(-err),
				     err == -EEXIST ? " (a file that is not a socket is there)"
						    : "");
	mb_setup.vu = bus->vu;
	mb_setup.tx = &bus->ctrl->to_host;
	mb_setup.rx = &bus->ctrl->to_remote;
	err = mailbox_open(&bus->mbox, &mb_setup);
	if (err)
		return bus_open_fail(err, "bus %s: cannot set up the eventfd doorbells: %s",
				     bus->name, strerror(-err));
	bus->svq.index = 0;
	bus->rvq.index = 1;
	bus->svq_notify = 0;
	bus->rvq_notify = 1;
	bus->buf_size = bus->layout.buf_size;
	bus->ns_supported = true; /* the guest shim offers VIRTIO_RPMSG_F_NS */
	/* No host process of ours: the front end's pid goes in once it connects. */
	__atomic_store_n(&bus->ctrl->host_pid, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&bus->ctrl->remote_pid, (uint32_t)getpid(), __ATOMIC_RELAXED);
	__atomic_store_n(&bus->ctrl->remote_state, RPMSG_REMOTE_ATTACHED, __ATOMIC_RELEASE);
	return 0;
}

/* Both rings run and the driver gave us somewhere to write: announce every name (again). */
static void check_live(struct rpmsg_bus *bus)
{
	bool ready;

	if (atomic_load(&bus->vhost_live) || atomic_load(&bus->status))
		return;
	pthread_mutex_lock(&bus->tx_lock);
	ready = vq_device_running(&bus->rvq) && vq_device_running(&bus->svq) &&
		vq_dev_has_avail(&bus->svq);
	pthread_mutex_unlock(&bus->tx_lock);
	if (!ready)
		return;
	pthread_mutex_lock(&bus->announce_lock);
	atomic_store(&bus->vhost_live, true);
	bus->vhost_starts++;
	endpoints_announce_all(bus);
	pthread_mutex_unlock(&bus->announce_lock);
}

/**
 * vhost_bus_service() - handle the socket and the device's life cycle (interrupt thread).
 * @bus:     the bus
 * @pending: what the mailbox reported (MAILBOX_CONTROL: the socket has news)
 *
 * Accepts the front end, handles its messages with both ring locks held, turns a hang-up into
 * -EPIPE and a refused message into -EIO (the bus error names the request and field), and
 * announces the names when the device has just become live.
 * Return: @pending plus the kick bits of rings that started now (what they hold was queued
 * without a kick we could see).
 */
uint32_t vhost_bus_service(struct rpmsg_bus *bus, uint32_t pending)
{
	struct vhost_user *vu = bus->vu;
	bool was_running[VHOST_USER_NUM_QUEUES];
	int ret = 0;

	if (pending & MAILBOX_CONTROL && !atomic_load(&bus->status)) {
		pthread_mutex_lock(&bus->rx_lock);
		pthread_mutex_lock(&bus->tx_lock);
		for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++)
			was_running[i] = vu->vring[i].running;
		if (vu->conn_fd < 0 && !vu->closed && vhost_user_accept(vu, 0) == 1)
			__atomic_store_n(&bus->ctrl->host_pid, (uint32_t)vu->peer_pid,
					 __ATOMIC_RELEASE);
		ret = vhost_user_service(vu);
		for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++)
			if (vu->vring[i].running && !was_running[i])
				pending |= 1u << i;
		pthread_mutex_unlock(&bus->tx_lock);
		pthread_mutex_unlock(&bus->rx_lock);
	}
	if (ret == -EPIPE)
		bus_set_broken(bus, -EPIPE, "bus %s: %s (guest gone)", bus->name,
			       vhost_user_error(vu));
	else if (ret < 0)
		bus_set_broken(bus, -EIO, "bus %s: %s", bus->name, vhost_user_error(vu));
	check_live(bus);
	return pending;
}

/*
 * The host's half of the directory, derived from ours (the guest publishes none): each of our
 * endpoints that knows its guest address, seen from the guest. Only this thread writes it.
 */
static void publish_guest_directory(struct rpmsg_bus *bus)
{
	const struct rpmsg_directory *own = &bus->ctrl->directory[RPMSG_ROLE_REMOTE];
	struct rpmsg_directory *guest = &bus->ctrl->directory[RPMSG_ROLE_HOST];
	uint32_t n = 0;

	pthread_mutex_lock(&bus->ept_lock); /* our entries change under it */
	__atomic_store_n(&guest->seq, ++bus->guest_dir_seq, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (uint32_t i = 0; i < bus->dir_count && i < RPMSG_MONITOR_MAX_CHANNELS; i++) {
		const struct rpmsg_dir_entry *e = &own->entries[i];
		struct rpmsg_dir_entry *g = &guest->entries[n];

		if (!bus->dir_used[i] || e->remote_addr == RPMSG_ADDR_ANY)
			continue;
		memcpy(g->name, e->name, sizeof(g->name));
		g->local_addr = e->remote_addr;
		g->remote_addr = e->local_addr;
		g->origin = RPMSG_ORIGIN_PEER;
		g->tx_msgs = __atomic_load_n(&e->rx_msgs, __ATOMIC_RELAXED);
		g->tx_bytes = __atomic_load_n(&e->rx_bytes, __ATOMIC_RELAXED);
		g->rx_msgs = __atomic_load_n(&e->tx_msgs, __ATOMIC_RELAXED);
		g->rx_bytes = __atomic_load_n(&e->tx_bytes, __ATOMIC_RELAXED);
		g->in_use = 1;
		n++;
	}
	for (uint32_t i = n; i < bus->guest_dir_count; i++)
		guest->entries[i].in_use = 0;
	bus->guest_dir_count = n;
	guest->count = n;
	__atomic_store_n(&guest->seq, ++bus->guest_dir_seq, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&bus->ept_lock);
}

/**
 * vhost_bus_publish() - mirror the device's state into our control shm for monitors.
 * @bus: the bus; called on the interrupt thread (the only one that changes ring pointers)
 *
 * The vdev status (DRIVER_OK while live), the negotiated features, each ring's avail and used
 * indices and flags (copied into the rings of our own carve-out), and the guest's half of the
 * directory (publish_guest_directory()).
 */
void vhost_bus_publish(struct rpmsg_bus *bus)
{
	struct fw_rsc_vdev *vdev = carveout_vdev(bus->shm, &bus->layout);
	const struct vhost_user *vu = bus->vu;
	uint8_t status = 0;

	for (unsigned int v = 0; v < 2; v++) {
		const struct virtqueue *vq = v == 0 ? &bus->svq : &bus->rvq;
		struct vring mirror;
		uint16_t avail_idx = 0, avail_flags = 0, used_idx = 0, used_flags = 0;

		vring_init(&mirror, bus->layout.vring_num, bus->shm + bus->layout.vring_offset[v],
			   bus->layout.vring_align);
		if (vq_device_running(vq)) {
			avail_idx = __atomic_load_n(&vq->vr.avail->idx, __ATOMIC_RELAXED);
			avail_flags = __atomic_load_n(&vq->vr.avail->flags, __ATOMIC_RELAXED);
			used_idx = __atomic_load_n(&vq->vr.used->idx, __ATOMIC_RELAXED);
			used_flags = __atomic_load_n(&vq->vr.used->flags, __ATOMIC_RELAXED);
		}
		__atomic_store_n(&mirror.avail->idx, avail_idx, __ATOMIC_RELAXED);
		__atomic_store_n(&mirror.avail->flags, avail_flags, __ATOMIC_RELAXED);
		__atomic_store_n(&mirror.used->idx, used_idx, __ATOMIC_RELAXED);
		__atomic_store_n(&mirror.used->flags, used_flags, __ATOMIC_RELAXED);
	}
	if (atomic_load(&bus->vhost_live))
		status = VHOST_STATUS_LIVE;
	else if (vu->conn_fd >= 0)
		status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
	vdev->gfeatures = (uint32_t)(vu->features & 1ull << VIRTIO_RING_F_EVENT_IDX) |
			  1u << VIRTIO_RPMSG_F_NS;
	__atomic_store_n(&vdev->status, status, __ATOMIC_RELEASE);
	publish_guest_directory(bus);
}

/**
 * vhost_bus_wait_live() - wait until the guest's driver runs the device.
 * Return: 0 once live; the bus status (-EPIPE, -EIO); -ETIMEDOUT.
 */
int vhost_bus_wait_live(struct rpmsg_bus *bus, unsigned int timeout_ms)
{
	const struct timespec ms = {.tv_nsec = 1000000};
	uint64_t deadline = bus_now_ns() + (uint64_t)timeout_ms * 1000000ull;

	for (;;) {
		if (atomic_load(&bus->status))
			return atomic_load(&bus->status);
		if (atomic_load(&bus->vhost_live))
			return 0;
		if (bus_now_ns() >= deadline)
			return -ETIMEDOUT;
		nanosleep(&ms, NULL);
	}
}

/** vhost_bus_close() - stop the rings, close the socket (the front end sees end of file). */
void vhost_bus_close(struct rpmsg_bus *bus)
{
	if (!bus->vu)
		return;
	atomic_store(&bus->vhost_live, false);
	vhost_user_close(bus->vu);
	free(bus->vu);
	bus->vu = NULL;
}
