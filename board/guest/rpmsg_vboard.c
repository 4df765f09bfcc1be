// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg_vboard: presents the virtual board's vhost-user device as a virtio rpmsg device.
 *
 * QEMU 7.2 has no virtio device whose id can be chosen (the generic vhost-user-device came in
 * 8.2), so the board uses `-device vhost-user-fs-pci,tag=rpmsg,num-request-queues=1`: a virtio
 * id 26 (fs) device with exactly two queues whose device side is a vhost-user process on the
 * host (librpmsgbus' remote role, "the firmware"). This module binds that device and registers a
 * child virtio device of id 7 (VIRTIO_ID_RPMSG) on the same two queues, so that the kernel's own
 * virtio_rpmsg_bus drives it unchanged.
 *
 * Contract:
 * - Binds only an id 26 device whose config-space tag equals the `tag` parameter ("rpmsg"), so a
 *   real virtio-fs device is left to virtiofs.
 * - The child offers the parent's features plus bit 0 (VIRTIO_RPMSG_F_NS). Bit 0 never reaches
 *   the device (QEMU filters the feature bits of a vhost-user-fs device); the firmware announces
 *   its channels regardless.
 * - The child's status is kept here. The parent device is reset and its features renegotiated
 *   when the child's driver finalizes features, and it goes DRIVER_OK when the child does, so a
 *   driver reload (rmmod/insmod virtio_rpmsg_bus) restarts the device and the firmware
 *   re-announces. A reset of the child resets the parent (QEMU then stops the vhost-user rings).
 * - virtio_pci calls virtqueue callbacks in hard-IRQ context, but virtio_rpmsg_bus' callbacks
 *   create channels and character devices, which sleeps ("scheduling while atomic"). Remoteproc
 *   calls them from process context on real boards; so does this module, from one work item per
 *   queue. After a reset of the child returns, no callback runs.
 * - The rpmsg driver allocates its buffers with dma_alloc_coherent() on the child's parent (the
 *   id 26 virtio device), which has no DMA mask of its own: it gets the PCI function's mask for
 *   as long as this module is bound. No VIRTIO_F_ACCESS_PLATFORM: descriptors carry guest-physical
 *   addresses, which is what the vhost-user backend translates.
 */

#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/workqueue.h>
#include <uapi/linux/virtio_fs.h>

/* From virtio_rpmsg_bus.c: the remote processor supports name service announcements. */
#define VBOARD_RPMSG_F_NS 0

/* vhost-user-fs-pci with num-request-queues=1 has a hiprio queue and one request queue. */
#define VBOARD_MAX_VQS 2

/* virtio_rpmsg_bus' first queue is its RX queue ("input"), whose interrupts it never masks. */
#define VBOARD_RX_QUEUE 0

/* struct vboard_vq.flags: the work owns the queue (queued or running) */
#define VBOARD_VQ_BUSY 0

static char *tag = "rpmsg";
module_param(tag, charp, 0444);
MODULE_PARM_DESC(tag, "virtio-fs tag of the device to present as rpmsg (default \"rpmsg\")");

/**
 * struct vboard_vq - one queue of the child device
 * @work: runs @callback in process context
 * @vq: the queue (NULL while the child's driver has none)
 * @callback: the child driver's callback for @vq, or NULL
 * @mask: mask the queue's interrupts while @work owns it (the RX queue, see vboard_vq_work())
 * @flags: VBOARD_VQ_BUSY
 */
struct vboard_vq {
	struct work_struct work;
	struct virtqueue *vq;
	vq_callback_t *callback;
	bool mask;
	unsigned long flags;
};

/**
 * struct vboard - the shim bound to one id 26 device
 * @child: the id 7 device virtio_rpmsg_bus binds; its release frees this structure
 * @parent: the id 26 device (virtio_pci's)
 * @lock: serializes the parent's status transitions
 * @status: the child's status as its driver sees it
 * @negotiated: the child's driver has negotiated the parent's features since the last reset
 * @old_dma_mask: the parent's dma_mask pointer before probe, restored on remove
 * @old_coherent_dma_mask: the parent's coherent DMA mask before probe, restored on remove
 * @vqs: the child's queues, indexed by queue index
 */
struct vboard {
	struct virtio_device child;
	struct virtio_device *parent;
	struct mutex lock;
	u8 status;
	bool negotiated;
	u64 *old_dma_mask;
	u64 old_coherent_dma_mask;
	struct vboard_vq vqs[VBOARD_MAX_VQS];
};

static struct vboard *to_vboard(struct virtio_device *child)
{
	return container_of(child, struct vboard, child);
}

/* A queue belongs to the parent while virtio_pci creates it, to the child afterwards. */
static struct vboard *vboard_of_vq(struct virtqueue *vq)
{
	if (vq->vdev->id.device == VIRTIO_ID_RPMSG)
		return to_vboard(vq->vdev);
	return vq->vdev->priv;
}

/*
 * Hard-IRQ context (vring_interrupt, which calls this only when the device marked a buffer used):
 * defer the child driver's callback to process context.
 */
static void vboard_vq_interrupt(struct virtqueue *vq)
{
	struct vboard *vb = vboard_of_vq(vq);
	struct vboard_vq *bvq;

	if (vq->index >= VBOARD_MAX_VQS || !vb->vqs[vq->index].callback)
		return;
	bvq = &vb->vqs[vq->index];
	if (!bvq->mask) {
		queue_work(system_highpri_wq, &bvq->work);
		return;
	}
	if (test_and_set_bit(VBOARD_VQ_BUSY, &bvq->flags))
		return; /* the work owns the queue and looks again before it lets go */
	virtqueue_disable_cb(vq);
	queue_work(system_highpri_wq, &bvq->work);
}

/**
 * vboard_vq_work() - run the child driver's callback for one queue
 * @work: the queue's work
 *
 * A work item coalesces interrupts, so a callback could run with nothing left to take, and
 * virtio_rpmsg_bus' RX callback logs an error then ("uhm, incoming signal, but no used buffer
 * ?"). On the RX queue the interrupts are therefore masked while the work owns the queue, as
 * NAPI does: the callback runs only after an interrupt (a buffer was used) or when re-enabling
 * the interrupts finds buffers used meanwhile. The TX queue's interrupts are the driver's to mask
 * (it unmasks them only while a sender waits for a buffer): its callback just runs.
 */
static void vboard_vq_work(struct work_struct *work)
{
	struct vboard_vq *bvq = container_of(work, struct vboard_vq, work);

	if (!bvq->mask) {
		bvq->callback(bvq->vq);
		return;
	}
	for (;;) {
		bvq->callback(bvq->vq);
		clear_bit(VBOARD_VQ_BUSY, &bvq->flags);
		/*
		 * Let go before looking at the ring again (pairs with the interrupt's
		 * test_and_set_bit()): an interrupt in between takes the queue over, none is lost.
		 */
		smp_mb__after_atomic();
		if (virtqueue_enable_cb(bvq->vq))
			return; /* nothing used since: the next interrupt queues the work again */
		if (test_and_set_bit(VBOARD_VQ_BUSY, &bvq->flags))
			return; /* an interrupt took the queue over and queued the work */
		virtqueue_disable_cb(bvq->vq);
	}
}

static void vboard_cancel_callbacks(struct vboard *vb)
{
	int i;

	for (i = 0; i < VBOARD_MAX_VQS; i++) {
		cancel_work_sync(&vb->vqs[i].work);
		clear_bit(VBOARD_VQ_BUSY, &vb->vqs[i].flags);
	}
}

/**
 * vboard_parent_negotiate() - reset the parent and negotiate @features with it
 * @vb: the shim
 * @features: the features to offer the device (transport bits included)
 *
 * The device may be in any state (running rings included): the reset stops it first, as the
 * virtio spec requires before a new negotiation. Caller holds @vb->lock.
 *
 * Return: 0, or -errno from virtio_pci's finalize_features, or -ENODEV if the device refused
 * FEATURES_OK.
 */
static int vboard_parent_negotiate(struct vboard *vb, u64 features)
{
	struct virtio_device *parent = vb->parent;
	int err;

	parent->config->reset(parent);
	virtio_add_status(parent, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(parent, VIRTIO_CONFIG_S_DRIVER);
	parent->features = features;
	err = parent->config->finalize_features(parent);
	if (err)
		return err;
	virtio_add_status(parent, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(parent->config->get_status(parent) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		dev_err(&parent->dev, "device refused features 0x%llx\n", features);
		return -ENODEV;
	}
	return 0;
}

/* The child has no configuration space (virtio rpmsg defines none). */
static void vboard_get(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len)
{
	memset(buf, 0, len);
}

static void vboard_set(struct virtio_device *vdev, unsigned int offset, const void *buf,
		       unsigned int len)
{
}

static u8 vboard_get_status(struct virtio_device *vdev)
{
	return to_vboard(vdev)->status;
}

static void vboard_set_status(struct virtio_device *vdev, u8 status)
{
	struct vboard *vb = to_vboard(vdev);
	struct virtio_device *parent = vb->parent;

	mutex_lock(&vb->lock);
	/* The queues exist by now: starting the parent starts the vhost-user rings. */
	if ((status & VIRTIO_CONFIG_S_DRIVER_OK) && !(vb->status & VIRTIO_CONFIG_S_DRIVER_OK))
		virtio_add_status(parent, VIRTIO_CONFIG_S_DRIVER_OK);
	vb->status = status;
	mutex_unlock(&vb->lock);
}

/**
 * vboard_reset() - reset the child: reset the parent and drop pending callbacks
 * @vdev: the child
 *
 * virtio_pci's reset waits for the device and synchronizes the queue interrupts, so no work is
 * queued after it; the works already queued are cancelled, so that no callback runs once this
 * returns (virtio_rpmsg_bus removes its channels right after the reset).
 */
static void vboard_reset(struct virtio_device *vdev)
{
	struct vboard *vb = to_vboard(vdev);

	mutex_lock(&vb->lock);
	vb->parent->config->reset(vb->parent);
	vb->status = 0;
	vb->negotiated = false;
	mutex_unlock(&vb->lock);
	vboard_cancel_callbacks(vb);
}

/**
 * vboard_find_vqs() - create the child's queues on the parent
 * @vdev: the child
 * @nvqs: number of entries in the arrays (at most two named ones)
 * @vqs: filled with the queues
 * @callbacks: the child driver's callbacks, run here from work items
 * @names: queue names (NULL: no queue), used by virtio_pci for the interrupt names
 * @ctx: passed through
 * @desc: passed through
 *
 * Return: 0, -EINVAL for more queues than the device has, or virtio_pci's error.
 */
static int vboard_find_vqs(struct virtio_device *vdev, unsigned int nvqs, struct virtqueue *vqs[],
			   vq_callback_t *callbacks[], const char *const names[], const bool *ctx,
			   struct irq_affinity *desc)
{
	struct vboard *vb = to_vboard(vdev);
	struct virtio_device *parent = vb->parent;
	vq_callback_t *trampolines[VBOARD_MAX_VQS];
	unsigned int i, queue = 0;
	int err;

	if (nvqs > VBOARD_MAX_VQS)
		return -EINVAL;

	/* virtio_pci numbers only the named queues, in order: key the callbacks the same way. */
	for (i = 0; i < nvqs; i++) {
		trampolines[i] = callbacks[i] ? vboard_vq_interrupt : NULL;
		if (names[i]) {
			vb->vqs[queue].callback = callbacks[i];
			vb->vqs[queue].mask = queue == VBOARD_RX_QUEUE;
			queue++;
		}
	}

	err = parent->config->find_vqs(parent, nvqs, vqs, trampolines, names, ctx, desc);
	if (err) {
		for (i = 0; i < VBOARD_MAX_VQS; i++)
			vb->vqs[i].callback = NULL;
		return err;
	}

	/*
	 * Hand the queues to the child: virtio_rpmsg_bus finds its state through vq->vdev->priv,
	 * and virtio_ring reads the negotiated features through vq->vdev. The device is not
	 * DRIVER_OK yet, so no interrupt can see a queue halfway.
	 */
	for (i = 0; i < nvqs; i++) {
		if (!vqs[i])
			continue;
		vb->vqs[vqs[i]->index].vq = vqs[i];
		spin_lock(&parent->vqs_list_lock);
		list_del(&vqs[i]->list);
		spin_unlock(&parent->vqs_list_lock);
		vqs[i]->vdev = vdev;
		spin_lock(&vdev->vqs_list_lock);
		list_add_tail(&vqs[i]->list, &vdev->vqs);
		spin_unlock(&vdev->vqs_list_lock);
	}
	return 0;
}

/* Give the queues back to the parent, whose transport (vp_del_vqs) frees them. */
static void vboard_del_vqs(struct virtio_device *vdev)
{
	struct vboard *vb = to_vboard(vdev);
	struct virtio_device *parent = vb->parent;
	struct virtqueue *vq, *next;
	int i;

	vboard_cancel_callbacks(vb);
	list_for_each_entry_safe(vq, next, &vdev->vqs, list) {
		spin_lock(&vdev->vqs_list_lock);
		list_del(&vq->list);
		spin_unlock(&vdev->vqs_list_lock);
		vq->vdev = parent;
		spin_lock(&parent->vqs_list_lock);
		list_add_tail(&vq->list, &parent->vqs);
		spin_unlock(&parent->vqs_list_lock);
	}
	parent->config->del_vqs(parent);
	for (i = 0; i < VBOARD_MAX_VQS; i++) {
		vb->vqs[i].vq = NULL;
		vb->vqs[i].callback = NULL;
	}
}

static void vboard_synchronize_cbs(struct virtio_device *vdev)
{
	struct vboard *vb = to_vboard(vdev);
	int i;

	if (vb->parent->config->synchronize_cbs)
		vb->parent->config->synchronize_cbs(vb->parent);
	for (i = 0; i < VBOARD_MAX_VQS; i++)
		flush_work(&vb->vqs[i].work);
}

static u64 vboard_get_features(struct virtio_device *vdev)
{
	struct virtio_device *parent = to_vboard(vdev)->parent;

	return parent->config->get_features(parent) | BIT_ULL(VBOARD_RPMSG_F_NS);
}

/**
 * vboard_finalize_features() - negotiate the child driver's features with the device
 * @vdev: the child, whose features the virtio core has just computed
 *
 * The parent is reset and renegotiated here rather than at probe, because this is the one step
 * every (re)binding of the child's driver goes through before it creates queues.
 *
 * Return: 0 or the error of vboard_parent_negotiate().
 */
static int vboard_finalize_features(struct virtio_device *vdev)
{
	struct vboard *vb = to_vboard(vdev);
	u64 ns = vdev->features & BIT_ULL(VBOARD_RPMSG_F_NS);
	int err;

	mutex_lock(&vb->lock);
	err = vboard_parent_negotiate(vb, vdev->features & ~BIT_ULL(VBOARD_RPMSG_F_NS));
	if (!err) {
		/* virtio_pci may have dropped transport bits it does not support. */
		vdev->features = vb->parent->features | ns;
		vb->negotiated = true;
	}
	mutex_unlock(&vb->lock);
	return err;
}

static const char *vboard_bus_name(struct virtio_device *vdev)
{
	return virtio_bus_name(to_vboard(vdev)->parent);
}

static const struct virtio_config_ops vboard_config_ops = {
	.get = vboard_get,
	.set = vboard_set,
	.get_status = vboard_get_status,
	.set_status = vboard_set_status,
	.reset = vboard_reset,
	.find_vqs = vboard_find_vqs,
	.del_vqs = vboard_del_vqs,
	.synchronize_cbs = vboard_synchronize_cbs,
	.get_features = vboard_get_features,
	.finalize_features = vboard_finalize_features,
	.bus_name = vboard_bus_name,
};

static void vboard_release(struct device *dev)
{
	kfree(to_vboard(dev_to_virtio(dev)));
}

static bool vboard_tag_matches(struct virtio_device *parent)
{
	char found[sizeof_field(struct virtio_fs_config, tag) + 1] = {0};

	virtio_cread_bytes(parent, offsetof(struct virtio_fs_config, tag), found,
			   sizeof(found) - 1);
	return strcmp(found, tag) == 0;
}

/* Unregister the child (its driver resets the device and deletes the queues), then free vb. */
static void vboard_teardown(struct vboard *vb)
{
	struct virtio_device *parent = vb->parent;

	/* Keep vb (the child's memory) until the parent is quiet again. */
	get_device(&vb->child.dev);
	unregister_virtio_device(&vb->child);
	/* The virtio core expects a reset device after remove; the child may never have been bound.
	 */
	parent->config->reset(parent);
	parent->dev.dma_mask = vb->old_dma_mask;
	parent->dev.coherent_dma_mask = vb->old_coherent_dma_mask;
	parent->priv = NULL;
	put_device(&vb->child.dev);
}

/**
 * vboard_probe() - bind an id 26 device tagged @tag and register the id 7 child on it
 * @parent: the id 26 device
 *
 * With virtio_rpmsg_bus loaded, the child is bound inside register_virtio_device() and the
 * device is started from there. Without it, the parent is renegotiated with its own features so
 * that the virtio core's DRIVER_OK after this probe is a valid one (a device with no rings).
 *
 * Return: 0, -ENODEV for another tag, -ENOMEM, or the error of registering the child.
 */
static int vboard_probe(struct virtio_device *parent)
{
	u64 parent_features = parent->features;
	struct vboard *vb;
	int err, i;

	if (!vboard_tag_matches(parent))
		return -ENODEV;

	vb = kzalloc(sizeof(*vb), GFP_KERNEL);
	if (!vb)
		return -ENOMEM;
	vb->parent = parent;
	mutex_init(&vb->lock);
	for (i = 0; i < VBOARD_MAX_VQS; i++)
		INIT_WORK(&vb->vqs[i].work, vboard_vq_work);
	parent->priv = vb;

	vb->old_dma_mask = parent->dev.dma_mask;
	vb->old_coherent_dma_mask = parent->dev.coherent_dma_mask;
	err = dma_coerce_mask_and_coherent(&parent->dev, dma_get_mask(parent->dev.parent));
	if (err)
		goto free_vb;

	vb->child.dev.parent = &parent->dev;
	vb->child.dev.release = vboard_release;
	vb->child.id.device = VIRTIO_ID_RPMSG;
	vb->child.id.vendor = parent->id.vendor;
	vb->child.config = &vboard_config_ops;
	err = register_virtio_device(&vb->child);
	if (err) {
		dev_err(&parent->dev, "cannot register the rpmsg device: %d\n", err);
		goto put_child;
	}

	mutex_lock(&vb->lock);
	if (!vb->negotiated)
		err = vboard_parent_negotiate(vb, parent_features);
	mutex_unlock(&vb->lock);
	if (err)
		goto unregister_child;

	dev_info(&parent->dev, "tag %s: rpmsg device %s on 2 queues\n", tag,
		 dev_name(&vb->child.dev));
	return 0;

unregister_child:
	vboard_teardown(vb);
	return err;
put_child:
	parent->dev.dma_mask = vb->old_dma_mask;
	parent->dev.coherent_dma_mask = vb->old_coherent_dma_mask;
	/* register_virtio_device() initialized the device: its release frees vb. */
	put_device(&vb->child.dev);
	return err;
free_vb:
	kfree(vb);
	return err;
}

static void vboard_remove(struct virtio_device *parent)
{
	vboard_teardown(parent->priv);
}

static const struct virtio_device_id vboard_id_table[] = {
	{VIRTIO_ID_FS, VIRTIO_DEV_ANY_ID},
	{0},
};

static struct virtio_driver vboard_driver = {
	.driver.name = KBUILD_MODNAME,
	.driver.owner = THIS_MODULE,
	.id_table = vboard_id_table,
	.probe = vboard_probe,
	.remove = vboard_remove,
};

module_virtio_driver(vboard_driver);

MODULE_DESCRIPTION("rpmsg-scope virtual board: a vhost-user-fs device presented as virtio rpmsg");
MODULE_LICENSE("GPL");
