// SPDX-License-Identifier: MIT
/*
 * The kernel program: the real kernel's virtio rings and mailboxes.
 *
 * Two families of hooks, loaded by user space according to what the kernel accepts:
 * - fentry/fexit on the exported virtio ring API and the mailbox core (needs BPF trampolines;
 *   refused under lockdown): every buffer added/taken back, every notify, every doorbell.
 *   For rpmsg devices (virtio id 7) the "data" token of add/get is the message buffer, so its
 *   rpmsg header and a bounded payload are read from it (msg_send / msg_recv / ns_announce).
 * - tp_btf/irq_handler_entry filtered to vring_interrupt (works on any kernel with BTF): each vring
 *   interrupt, with the used-ring entries it is about to deliver, read through struct
 *   vring_virtqueue. For rpmsg: received messages on vq0, completed sends on vq1.
 *
 * Only virtqueues of devices with virtio id target_device_id are reported. Events carry the
 * virtio device's name ("virtio1") as bus and RPMSG_EVENT_ROLE_KERNEL as role; kicks and
 * interrupts use the vq index as channel.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "rpmsg_common.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define VIRTIO_ID_RPMSG	  7
#define RPMSG_HDR_SIZE	  16
#define RPMSG_NS_MSG_SIZE 40

/* Report only virtqueues of this virtio device type. */
const volatile __u32 target_device_id = VIRTIO_ID_RPMSG;
/*
 * true when the fexit hooks on virtqueue_get_buf* are not loaded: the interrupt hook then
 * reports the used entries itself (otherwise they would be reported twice).
 */
const volatile bool irq_reports_used = true;

/* Typeless: its address is all we compare. 0 when hidden (no CAP_SYSLOG) or absent. */
extern const void vring_interrupt __ksym __weak;

struct rpmsg_hdr_wire {
	__u32 src;
	__u32 dst;
	__u32 reserved;
	__u16 len;
	__u16 flags;
} __attribute__((packed));

struct rpmsg_ns_wire {
	char name[32];
	__u32 addr;
	__u32 flags;
} __attribute__((packed));

/* The virtio device name ("virtio1"), zero-padded; false if @vq is not the device we watch. */
static __always_inline bool vq_match(struct virtqueue *vq, char bus[RPMSG_EVENT_BUS_LEN])
{
	struct virtio_device *vdev = BPF_CORE_READ(vq, vdev);
	const char *name;

	if (!vdev || BPF_CORE_READ(vdev, id.device) != target_device_id)
		return false;
	name = BPF_CORE_READ(vdev, dev.kobj.name);
	bpf_probe_read_kernel_str(bus, RPMSG_EVENT_BUS_LEN, name);
	return true;
}

static __always_inline void emit_vring(__u32 type, const char *bus, __u32 vq, __u32 head, __u32 len,
				       __u32 idx, __u32 num_free)
{
	struct rpmsg_bpf_vring_counters *c = vring_get_counters(bus, RPMSG_EVENT_ROLE_KERNEL, vq);
	struct rpmsg_event *e;

	vring_count(c, type, len, num_free);
	hit_inc(type);
	e = event_reserve(type, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
	if (!e)
		return;
	e->vring.vq = vq;
	e->vring.head = head;
	e->vring.len = len;
	e->vring.idx = idx;
	e->vring.num_free = num_free;
	event_submit(e);
}

static __always_inline void emit_mbox(__u32 type, const char *bus, __u32 channel)
{
	struct rpmsg_bpf_vring_counters *c =
		vring_get_counters(bus, RPMSG_EVENT_ROLE_KERNEL, channel);
	struct rpmsg_event *e;

	if (c) {
		if (type == RPMSG_EV_MBOX_KICK)
			c->kicks++;
		else
			c->interrupts++;
	}
	hit_inc(type);
	e = event_reserve(type, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
	if (!e)
		return;
	e->mbox.channel = channel;
	event_submit(e);
}

/*
 * An rpmsg buffer (kernel memory) seen on @vq: on vq1 (TX) a sent message, on vq0 (RX) a
 * received one. Messages to the name service address become ns_announce events.
 */
static __always_inline void emit_rpmsg(const char *bus, __u32 vq, const void *buf)
{
	struct rpmsg_hdr_wire hdr;
	struct rpmsg_event *e;
	__u32 captured;

	if (target_device_id != VIRTIO_ID_RPMSG || !buf || !use_ringbuf)
		return;
	if (bpf_probe_read_kernel(&hdr, sizeof(hdr), buf))
		return;
	if (hdr.dst == RPMSG_NS_ADDR && hdr.len >= RPMSG_NS_MSG_SIZE) {
		struct rpmsg_ns_wire ns;

		if (bpf_probe_read_kernel(&ns, sizeof(ns), buf + RPMSG_HDR_SIZE))
			return;
		hit_inc(RPMSG_EV_NS_ANNOUNCE);
		e = event_reserve(RPMSG_EV_NS_ANNOUNCE, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
		if (!e)
			return;
		e->ns.addr = ns.addr;
		e->ns.flags = ns.flags;
		e->ns.direction = vq == 1 ? RPMSG_EVENT_DIR_TX : RPMSG_EVENT_DIR_RX;
		__builtin_memcpy(e->ns.name, ns.name, sizeof(e->ns.name));
		e->ns.name[RPMSG_EVENT_NAME_LEN - 1] = 0;
		event_submit(e);
		return;
	}
	hit_inc(vq == 1 ? RPMSG_EV_MSG_SEND : RPMSG_EV_MSG_RECV);
	e = event_reserve(vq == 1 ? RPMSG_EV_MSG_SEND : RPMSG_EV_MSG_RECV, RPMSG_EVENT_ROLE_KERNEL,
			  bus, capture_max);
	if (!e)
		return;
	captured = hdr.len;
	if (captured > capture_max)
		captured = capture_max;
	if (captured > RPMSG_EVENT_PAYLOAD_MAX)
		captured = RPMSG_EVENT_PAYLOAD_MAX;
	if (bpf_probe_read_kernel(e->payload, captured, buf + RPMSG_HDR_SIZE))
		captured = 0;
	e->msg.src = hdr.src;
	e->msg.dst = hdr.dst;
	e->msg.len = hdr.len;
	e->msg.flags = hdr.flags;
	e->msg.captured = captured;
	event_submit(e);
}

/* ---- fallback: vring interrupts (tp_btf, works without trampolines) ---- */

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(rpmsg_vring_interrupt, int irq, struct irqaction *action)
{
	struct vring_virtqueue *vvq;
	struct rpmsg_bpf_vring_counters *c;
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	struct vring_used *used;
	struct virtqueue *vq;
	__u16 last_used, used_idx, pending;
	__u32 index, num, num_free;

	if (!(unsigned long)&vring_interrupt ||
	    (unsigned long)BPF_CORE_READ(action, handler) != (unsigned long)&vring_interrupt)
		return 0;
	vq = BPF_CORE_READ(action, dev_id);
	if (!vq || !vq_match(vq, bus))
		return 0;
	index = BPF_CORE_READ(vq, index);
	num_free = BPF_CORE_READ(vq, num_free);
	emit_mbox(RPMSG_EV_MBOX_RX, bus, index);

	/* struct virtqueue is the first member of struct vring_virtqueue. */
	vvq = (struct vring_virtqueue *)vq;
	if (BPF_CORE_READ(vvq, packed_ring))
		return 0;
	used = BPF_CORE_READ(vvq, split.vring.used);
	num = BPF_CORE_READ(vvq, split.vring.num);
	last_used = BPF_CORE_READ(vvq, last_used_idx);
	if (!used || !num || bpf_probe_read_kernel(&used_idx, sizeof(used_idx), &used->idx))
		return 0;
	pending = used_idx - last_used;
	c = vring_get_counters(bus, RPMSG_EVENT_ROLE_KERNEL, index);
	if (c)
		c->used_seen += pending;
	if (!irq_reports_used)
		return 0;
	for (int i = 0; i < RPMSG_BPF_USED_ENTRIES_MAX; i++) {
		struct vring_used_elem elem;
		__u16 at = last_used + i;

		if (i >= pending)
			break;
		if (bpf_probe_read_kernel(&elem, sizeof(elem), &used->ring[at & (num - 1)]))
			break;
		/* num_free as at the interrupt: the driver has not taken the entries back yet. */
		emit_vring(RPMSG_EV_VRING_GET, bus, index, elem.id, elem.len, (__u16)(at + 1),
			   num_free);
		if (target_device_id == VIRTIO_ID_RPMSG && elem.id < num) {
			struct vring_desc_state_split *state = BPF_CORE_READ(vvq, split.desc_state);
			void *data = NULL;

			if (state)
				bpf_probe_read_kernel(&data, sizeof(data), &state[elem.id].data);
			emit_rpmsg(bus, index, data);
		}
	}
	return 0;
}

/* ---- trampolines (fentry/fexit), loaded only where the kernel accepts them ---- */

/* After a successful add (split ring): the head just published is the last avail entry. */
static __always_inline void after_add(struct virtqueue *vq, struct scatterlist *sg, void *data,
				      bool is_out)
{
	struct vring_virtqueue *vvq = (struct vring_virtqueue *)vq;
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	__u32 index, num, head = 0, len = 0;
	__u16 avail_idx = 0;

	if (!vq_match(vq, bus))
		return;
	index = BPF_CORE_READ(vq, index);
	if (!BPF_CORE_READ(vvq, packed_ring)) {
		struct vring_avail *avail = BPF_CORE_READ(vvq, split.vring.avail);
		__u16 slot;

		num = BPF_CORE_READ(vvq, split.vring.num);
		avail_idx = BPF_CORE_READ(vvq, split.avail_idx_shadow);
		slot = (__u16)(avail_idx - 1) & (num - 1);
		if (avail)
			bpf_probe_read_kernel(&slot, sizeof(slot), &avail->ring[slot]);
		head = slot;
	}
	if (sg)
		len = BPF_CORE_READ(sg, length);
	emit_vring(RPMSG_EV_VRING_ADD, bus, index, head, len, avail_idx,
		   BPF_CORE_READ(vq, num_free));
	if (is_out)
		emit_rpmsg(bus, index, data);
}

/* virtqueue_add_inbuf and virtqueue_add_outbuf take one buffer, the device's or the driver's */
#define ADD_ONE_BUF_PROG(which, is_out)                                                            \
	SEC("fexit/virtqueue_add_" #which)                                                         \
	int BPF_PROG(rpmsg_add_##which, struct virtqueue *vq, struct scatterlist *sg,              \
		     unsigned int num, void *data, gfp_t gfp, int ret)                             \
	{                                                                                          \
		if (!ret)                                                                          \
			after_add(vq, sg, data, is_out);                                           \
		return 0;                                                                          \
	}

ADD_ONE_BUF_PROG(inbuf, false)
ADD_ONE_BUF_PROG(outbuf, true)

SEC("fexit/virtqueue_add_sgs")
int BPF_PROG(rpmsg_add_sgs, struct virtqueue *vq, struct scatterlist **sgs, unsigned int out_sgs,
	     unsigned int in_sgs, void *data, gfp_t gfp, int ret)
{
	struct scatterlist *first = NULL;

	if (ret)
		return 0;
	bpf_probe_read_kernel(&first, sizeof(first), sgs);
	after_add(vq, first, data, out_sgs > 0 && !in_sgs);
	return 0;
}

/* After a buffer came back: the entry taken is at last_used_idx - 1. */
static __always_inline void after_get(struct virtqueue *vq, unsigned int *lenp, void *data)
{
	struct vring_virtqueue *vvq = (struct vring_virtqueue *)vq;
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	__u32 index, head = 0, len = 0;
	__u16 last_used;

	if (!data || !vq_match(vq, bus))
		return;
	index = BPF_CORE_READ(vq, index);
	last_used = BPF_CORE_READ(vvq, last_used_idx);
	if (lenp)
		bpf_probe_read_kernel(&len, sizeof(len), lenp);
	if (!BPF_CORE_READ(vvq, packed_ring)) {
		struct vring_used *used = BPF_CORE_READ(vvq, split.vring.used);
		__u32 num = BPF_CORE_READ(vvq, split.vring.num);

		if (used && num)
			bpf_probe_read_kernel(&head, sizeof(head),
					      &used->ring[(__u16)(last_used - 1) & (num - 1)].id);
	}
	emit_vring(RPMSG_EV_VRING_GET, bus, index, head, len, last_used,
		   BPF_CORE_READ(vq, num_free));
	/* A used TX buffer (vq1) was already reported as msg_send when it was added. */
	if (index == 0)
		emit_rpmsg(bus, index, data);
}

SEC("fexit/virtqueue_get_buf_ctx")
int BPF_PROG(rpmsg_get_buf_ctx, struct virtqueue *vq, unsigned int *len, void **ctxp, void *ret)
{
	after_get(vq, len, ret);
	return 0;
}

/* Loaded only on kernels without virtqueue_get_buf_ctx (it wraps get_buf_ctx elsewhere). */
SEC("fexit/virtqueue_get_buf")
int BPF_PROG(rpmsg_get_buf, struct virtqueue *vq, unsigned int *len, void *ret)
{
	after_get(vq, len, ret);
	return 0;
}

/* virtqueue_kick() ends in virtqueue_notify(): hooking notify sees every doorbell once. */
SEC("fentry/virtqueue_notify")
int BPF_PROG(rpmsg_notify, struct virtqueue *vq)
{
	char bus[RPMSG_EVENT_BUS_LEN] = {};

	if (vq_match(vq, bus))
		emit_mbox(RPMSG_EV_MBOX_KICK, bus, BPF_CORE_READ(vq, index));
	return 0;
}

/* Mailbox channels are not virtio: reported for every controller, channel = index in it. */
static __always_inline void on_mbox_chan(__u32 type, struct mbox_chan *chan)
{
	struct mbox_controller *mbox = BPF_CORE_READ(chan, mbox);
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	struct mbox_chan *chans;
	const char *name;
	__u32 channel = 0;

	if (!mbox)
		return;
	name = BPF_CORE_READ(mbox, dev, kobj.name);
	bpf_probe_read_kernel_str(bus, sizeof(bus), name);
	chans = BPF_CORE_READ(mbox, chans);
	if (chans)
		channel = ((unsigned long)chan - (unsigned long)chans) /
			  bpf_core_type_size(struct mbox_chan);
	emit_mbox(type, bus, channel);
}

SEC("fentry/mbox_send_message")
int BPF_PROG(rpmsg_mbox_send, struct mbox_chan *chan, void *mssg)
{
	on_mbox_chan(RPMSG_EV_MBOX_KICK, chan);
	return 0;
}

SEC("fentry/mbox_chan_received_data")
int BPF_PROG(rpmsg_mbox_received, struct mbox_chan *chan, void *mssg)
{
	on_mbox_chan(RPMSG_EV_MBOX_RX, chan);
	return 0;
}
