// SPDX-License-Identifier: MIT
/*
 * The kernel program: the real kernel's rpmsg layer, its virtio rings and mailboxes.
 *
 * Three families of hooks, loaded by user space according to what the kernel's BTF (vmlinux and
 * module BTF: virtio_ring, virtio_pci and the rpmsg drivers are modules on most kernels) offers:
 * - rpmsg layer (fentry/fexit on virtio_rpmsg_bus, rpmsg_core, rpmsg_char and ___ratelimit): every
 *   send with its source, destination, length and payload (rpmsg_send_offchannel_raw, which all
 *   six rpmsg_*send* forms reach), TX waits (get_a_tx_buf returning nothing, then the send's end),
 *   endpoint creation (a channel's driver probe, an /dev/rpmsgN open) and destruction, and
 *   receives nobody took (the "no recipient" warning's rate limiter: a drop). Endpoint
 *   and message counters are kept per (bus, side, local, remote) in ept_counters, names in the
 *   names map, exactly as the bus program does, so every view reads them unchanged.
 * - rings (fentry/fexit on the exported virtio ring API and the transports' notify, the mailbox
 *   core): every buffer added/taken back, every doorbell. For rpmsg devices (virtio id 7) the
 *   "data" token of get is the message buffer, so a received message (and a name-service
 *   announcement) is read from it; sends are read from add_outbuf only when the rpmsg layer's
 *   send hook is not loaded.
 * - tp_btf/irq_handler_entry filtered to vring_interrupt (works on any kernel with BTF): each vring
 *   interrupt, with the used-ring entries it is about to deliver, read through struct
 *   vring_virtqueue. For rpmsg: received messages on vq0, completed sends on vq1.
 *
 * Only virtqueues of devices with virtio id target_device_id are reported. Events carry the
 * virtio device's name ("virtio1") as bus and RPMSG_EVENT_ROLE_KERNEL as role; kicks and
 * interrupts use the vq index as channel. Names of the kernel's own endpoints are kept under
 * RPMSG_EVENT_ROLE_KERNEL, names the other side announced under RPMSG_EVENT_ROLE_REMOTE (local
 * and remote addresses overlap: both sides allocate from 0x400 up).
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

/*
 * Set by user space when the rpmsg layer's hooks are loaded: fexit/rpmsg_send_offchannel_raw
 * reports sends (add_outbuf then does not), fexit/___ratelimit reports receives nobody took.
 */
const volatile bool rpmsg_sends_hooked = false;
const volatile bool rpmsg_rx_resolved = false;
/*
 * Set when ___ratelimit cannot be hooked but endpoint creation and destruction can: a received
 * message whose destination is not in ept_alive is then reported as a drop (no recipient).
 */
const volatile bool rpmsg_rx_by_table = false;

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
 * The rpmsg drivers' own types, as far as the hooks read them. They live in module BTF
 * (rpmsg_core, virtio_rpmsg_bus, rpmsg_char), not in vmlinux.h: preserve_access_index makes
 * every access a CO-RE relocation that libbpf resolves against the running kernel's module BTF.
 * The ___k suffix keeps them apart from any vmlinux.h definition.
 */
struct rpmsg_device_id___k {
	char name[32];
} __attribute__((preserve_access_index));

struct rpmsg_channel_info___k {
	char name[32];
	__u32 src;
	__u32 dst;
} __attribute__((preserve_access_index));

struct rpmsg_endpoint___k;

struct rpmsg_device___k {
	struct device dev;
	struct rpmsg_device_id___k id;
	__u32 src;
	__u32 dst;
	struct rpmsg_endpoint___k *ept;
} __attribute__((preserve_access_index));

struct rpmsg_endpoint___k {
	struct rpmsg_device___k *rpdev;
	__u32 addr;
} __attribute__((preserve_access_index));

struct virtproc_info___k {
	struct virtio_device *vdev;
	unsigned int buf_size;
} __attribute__((preserve_access_index));

struct rpmsg_eptdev___k {
	struct rpmsg_device___k *rpdev;
	struct rpmsg_channel_info___k chinfo;
	struct rpmsg_endpoint___k *ept;
	struct rpmsg_endpoint___k *default_ept;
} __attribute__((preserve_access_index));

/*
 * The kernel's live local endpoints, (bus, address) as in struct rpmsg_bpf_name_key with role
 * RPMSG_EVENT_ROLE_KERNEL: kept from ept_create / ept_destroy and seeded by user space from
 * sysfs at open. Used only with rpmsg_rx_by_table.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RPMSG_BPF_MAX_NAMES);
	__type(key, struct rpmsg_bpf_name_key);
	__type(value, __u32);
} ept_alive SEC(".maps");

/*
 * A received message between virtqueue_get_buf() and the endpoint lookup that follows it in
 * rpmsg_recv_single() (inlined into rpmsg_recv_done, so not hookable itself), per thread: the
 * receive work may sleep on endpoints_lock and move to another CPU in between. Overwritten by
 * the thread's next message.
 */
struct rx_pending {
	__u32 src, dst, len, pad;
	char bus[RPMSG_EVENT_BUS_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct rx_pending);
} rx_pending SEC(".maps");

/* A sender that got no TX buffer: when get_a_tx_buf() first failed and first succeeded again. */
struct tx_wait_state {
	__u64 start_ns, end_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct tx_wait_state);
} tx_waiting SEC(".maps");

/*
 * Remember @name for (@bus, @owner, @addr); @destroyed marks it gone but keeps it for late
 * events, and an empty @name (a destroy names nothing) keeps the name learned before.
 */
static __always_inline void name_learn(const char *bus, __u32 owner, __u32 addr, const char *name,
				       bool announced, bool destroyed)
{
	struct rpmsg_bpf_name_key key = {};
	struct rpmsg_bpf_name val = {};
	struct rpmsg_bpf_name *old;

	__builtin_memcpy(key.bus, bus, sizeof(key.bus));
	key.role = owner;
	key.addr = addr;
	old = bpf_map_lookup_elem(&names, &key);
	if (old) {
		announced |= old->announced;
		if (!name[0])
			__builtin_memcpy(val.name, old->name, sizeof(val.name));
	}
	if (name[0])
		__builtin_memcpy(val.name, name, sizeof(val.name));
	val.name[RPMSG_EVENT_NAME_LEN - 1] = 0;
	val.announced = announced;
	val.destroyed = destroyed;
	if (bpf_map_update_elem(&names, &key, &val, BPF_ANY))
		stat_inc(RPMSG_BPF_STAT_MAP_FULL);
}

/* A message of @len bytes from @src to @dst, with up to capture_max bytes of @payload. */
static __always_inline void emit_msg(__u32 type, const char *bus, __u32 src, __u32 dst, __u32 len,
				     __u32 flags, const void *payload)
{
	struct rpmsg_bpf_ept_counters *c;
	struct rpmsg_event *e;
	__u32 captured;

	hit_inc(type);
	if (type == RPMSG_EV_MSG_SEND) {
		c = ept_get(bus, RPMSG_EVENT_ROLE_KERNEL, src, dst);
		if (c) {
			c->tx_msgs++;
			c->tx_bytes += len;
		}
	} else {
		c = ept_get(bus, RPMSG_EVENT_ROLE_KERNEL, dst, src);
		if (c) {
			c->rx_msgs++;
			c->rx_bytes += len;
		}
	}
	e = event_reserve(type, RPMSG_EVENT_ROLE_KERNEL, bus, capture_max);
	if (!e)
		return;
	/*
	 * The record holds capture_max payload bytes (user space keeps it <= PAYLOAD_MAX). One
	 * clamp, kept as written: a second one the compiler may hoist leaves the 6.1 verifier a
	 * path it cannot prove dead.
	 */
	captured = len < capture_max ? len : capture_max;
	asm volatile("" : "+r"(captured));
	if (bpf_probe_read_kernel(e->payload, captured, payload))
		captured = 0;
	e->msg.src = src;
	e->msg.dst = dst;
	e->msg.len = len;
	e->msg.flags = flags;
	e->msg.captured = captured;
	event_submit(e);
}

/* A name-service message (create/destroy of @ns's channel), sent or received. */
static __always_inline void emit_ns(const char *bus, const void *ns_msg, __u32 direction)
{
	struct rpmsg_ns_wire ns;
	struct rpmsg_event *e;

	if (bpf_probe_read_kernel(&ns, sizeof(ns), ns_msg))
		return;
	ns.name[sizeof(ns.name) - 1] = 0;
	hit_inc(RPMSG_EV_NS_ANNOUNCE);
	/* A received announcement names an address on the other side. */
	name_learn(bus,
		   direction == RPMSG_EVENT_DIR_RX ? RPMSG_EVENT_ROLE_REMOTE
						   : RPMSG_EVENT_ROLE_KERNEL,
		   ns.addr, ns.name, true, ns.flags == RPMSG_EVENT_NS_DESTROY);
	e = event_reserve(RPMSG_EV_NS_ANNOUNCE, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
	if (!e)
		return;
	e->ns.addr = ns.addr;
	e->ns.flags = ns.flags;
	e->ns.direction = direction;
	__builtin_memcpy(e->ns.name, ns.name, sizeof(e->ns.name));
	event_submit(e);
}

static __always_inline void emit_drop(const char *bus, __u32 src, __u32 dst, __u32 len,
				      __u32 reason)
{
	struct rpmsg_bpf_ept_counters *c;
	struct rpmsg_event *e;

	hit_inc(RPMSG_EV_DROP);
	/* Drops happen on the receiving side: the local endpoint is the destination. */
	c = ept_get(bus, RPMSG_EVENT_ROLE_KERNEL, dst, src);
	if (c)
		c->drops++;
	e = event_reserve(RPMSG_EV_DROP, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
	if (!e)
		return;
	e->drop.src = src;
	e->drop.dst = dst;
	e->drop.len = len;
	e->drop.reason = reason;
	event_submit(e);
}

static __always_inline void emit_ept(__u32 type, const char *bus, __u32 addr, const char *name)
{
	struct rpmsg_bpf_name_key key = {};
	struct rpmsg_event *e;
	__u32 one = 1;

	hit_inc(type);
	__builtin_memcpy(key.bus, bus, sizeof(key.bus));
	key.role = RPMSG_EVENT_ROLE_KERNEL;
	key.addr = addr;
	if (type == RPMSG_EV_EPT_DESTROY)
		bpf_map_delete_elem(&ept_alive, &key);
	else
		bpf_map_update_elem(&ept_alive, &key, &one, BPF_ANY);
	name_learn(bus, RPMSG_EVENT_ROLE_KERNEL, addr, name, false, type == RPMSG_EV_EPT_DESTROY);
	e = event_reserve(type, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
	if (!e)
		return;
	e->ept.addr = addr;
	__builtin_memcpy(e->ept.name, name, sizeof(e->ept.name));
	event_submit(e);
}

/* The virtio device an rpmsg channel hangs off ("virtio1"), as the ring hooks name it. */
static __always_inline void rpdev_bus(struct rpmsg_device___k *rpdev, char bus[RPMSG_EVENT_BUS_LEN])
{
	const char *name = BPF_CORE_READ(rpdev, dev.parent, kobj.name);

	if (name)
		bpf_probe_read_kernel_str(bus, RPMSG_EVENT_BUS_LEN, name);
}

/*
 * An rpmsg buffer (kernel memory) seen on @vq: on vq1 (TX) a sent message (only when the rpmsg
 * layer's send hook is not loaded), on vq0 (RX) a received one of @used_len bytes, checked as
 * rpmsg_recv_single() checks it (too big: a drop). Messages to the name service address are
 * also ns_announce events. @resolve: remember it for fexit/___ratelimit, which tells when no
 * endpoint took it (only from virtqueue_get_buf*, in the thread that then looks it up).
 */
static __always_inline void emit_rpmsg(const char *bus, struct virtqueue *vq, __u32 vq_index,
				       const void *buf, __u32 used_len, bool resolve)
{
	struct virtproc_info___k *vrp = NULL;
	struct rpmsg_hdr_wire hdr;
	__u32 buf_size = 0;

	if (target_device_id != VIRTIO_ID_RPMSG || !buf)
		return;
	if (bpf_probe_read_kernel(&hdr, sizeof(hdr), buf))
		return;
	if (vq_index == 1) {
		if (rpmsg_sends_hooked)
			return;
		emit_msg(RPMSG_EV_MSG_SEND, bus, hdr.src, hdr.dst, hdr.len, hdr.flags,
			 buf + RPMSG_HDR_SIZE);
		if (hdr.dst == RPMSG_NS_ADDR && hdr.len >= RPMSG_NS_MSG_SIZE)
			emit_ns(bus, buf + RPMSG_HDR_SIZE, RPMSG_EVENT_DIR_TX);
		return;
	}
	/* virtio_rpmsg_bus keeps its struct virtproc_info in the virtio device's priv. */
	if (rpmsg_rx_resolved || rpmsg_rx_by_table) {
		vrp = BPF_CORE_READ(vq, vdev, priv);
		if (vrp)
			buf_size = BPF_CORE_READ(vrp, buf_size);
	}
	if (buf_size && (used_len > buf_size || used_len < RPMSG_HDR_SIZE ||
			 hdr.len > used_len - RPMSG_HDR_SIZE)) {
		/* "inbound msg too big": rpmsg_recv_single() stops the receive loop there. */
		emit_drop(bus, hdr.src, hdr.dst, hdr.len, RPMSG_DROP_TOO_BIG);
		return;
	}
	emit_msg(RPMSG_EV_MSG_RECV, bus, hdr.src, hdr.dst, hdr.len, hdr.flags,
		 buf + RPMSG_HDR_SIZE);
	if (hdr.dst == RPMSG_NS_ADDR && hdr.len >= RPMSG_NS_MSG_SIZE)
		emit_ns(bus, buf + RPMSG_HDR_SIZE, RPMSG_EVENT_DIR_RX);
	if (resolve && vrp && rpmsg_rx_by_table) {
		struct rpmsg_bpf_name_key key = {};

		__builtin_memcpy(key.bus, bus, sizeof(key.bus));
		key.role = RPMSG_EVENT_ROLE_KERNEL;
		key.addr = hdr.dst;
		if (!bpf_map_lookup_elem(&ept_alive, &key))
			emit_drop(bus, hdr.src, hdr.dst, hdr.len, RPMSG_DROP_NO_RECIPIENT);
	} else if (resolve && vrp && rpmsg_rx_resolved) {
		struct rx_pending p = {.src = hdr.src, .dst = hdr.dst, .len = hdr.len};
		__u64 tid = bpf_get_current_pid_tgid();

		__builtin_memcpy(p.bus, bus, sizeof(p.bus));
		bpf_map_update_elem(&rx_pending, &tid, &p, BPF_ANY);
	}
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
			emit_rpmsg(bus, vq, index, data, elem.len, false);
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
		emit_rpmsg(bus, vq, index, data, 0, false);
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
		emit_rpmsg(bus, vq, index, data, len, true);
}

/*
 * Threads inside virtqueue_get_buf(). It calls virtqueue_get_buf_ctx(), inlined in some builds
 * (Debian's 6.1: fexit/virtqueue_get_buf_ctx then misses every virtqueue_get_buf() call), out
 * of line in others: get_buf's own fexit reports its buffer, and get_buf_ctx's skips while a
 * get_buf is running in the same thread, so each buffer is reported once either way.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} in_get_buf SEC(".maps");

SEC("fexit/virtqueue_get_buf_ctx")
int BPF_PROG(rpmsg_get_buf_ctx, struct virtqueue *vq, unsigned int *len, void **ctxp, void *ret)
{
	__u64 tid = bpf_get_current_pid_tgid();

	if (bpf_map_lookup_elem(&in_get_buf, &tid))
		return 0;
	after_get(vq, len, ret);
	return 0;
}

SEC("fentry/virtqueue_get_buf")
int BPF_PROG(rpmsg_get_buf_entry, struct virtqueue *vq, unsigned int *len)
{
	__u64 tid = bpf_get_current_pid_tgid();
	__u32 one = 1;

	bpf_map_update_elem(&in_get_buf, &tid, &one, BPF_ANY);
	return 0;
}

SEC("fexit/virtqueue_get_buf")
int BPF_PROG(rpmsg_get_buf, struct virtqueue *vq, unsigned int *len, void *ret)
{
	__u64 tid = bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&in_get_buf, &tid);
	after_get(vq, len, ret);
	return 0;
}

/*
 * The doorbell: virtqueue_kick() ends in virtqueue_notify(), which calls the transport's notify.
 * virtqueue_notify is inlined into virtqueue_kick in some builds (Debian's 6.1): user space then
 * loads the transports' notify hooks instead (they are disjoint: one per transport).
 */
static __always_inline void on_notify(struct virtqueue *vq)
{
	char bus[RPMSG_EVENT_BUS_LEN] = {};

	if (vq_match(vq, bus))
		emit_mbox(RPMSG_EV_MBOX_KICK, bus, BPF_CORE_READ(vq, index));
}

SEC("fentry/virtqueue_notify")
int BPF_PROG(rpmsg_notify, struct virtqueue *vq)
{
	on_notify(vq);
	return 0;
}

/* virtio_pci (legacy and modern) */
SEC("fentry/vp_notify")
int BPF_PROG(rpmsg_vp_notify, struct virtqueue *vq)
{
	on_notify(vq);
	return 0;
}

/* remoteproc's virtio transport: the real boards' doorbell, rung through the mailbox */
SEC("fentry/rproc_virtio_notify")
int BPF_PROG(rpmsg_rproc_notify, struct virtqueue *vq)
{
	on_notify(vq);
	return 0;
}

/* virtio_mmio */
SEC("fentry/vm_notify")
int BPF_PROG(rpmsg_vm_notify, struct virtqueue *vq)
{
	on_notify(vq);
	return 0;
}

/* ---- the rpmsg layer (virtio_rpmsg_bus, rpmsg_core, rpmsg_char): loaded for virtio id 7 ---- */

/*
 * Every send (rpmsg_send, sendto, send_offchannel and their try forms, /dev/rpmsgN writes) ends
 * here, with the addresses as the header will carry them. A sender that had to wait for a TX
 * buffer (get_a_tx_buf() returned NULL first) is reported as tx_wait with the time it waited.
 */
SEC("fexit/rpmsg_send_offchannel_raw")
int BPF_PROG(rpmsg_send_raw, struct rpmsg_device___k *rpdev, __u32 src, __u32 dst, void *data,
	     int len, bool wait, int ret)
{
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	__u64 tid = bpf_get_current_pid_tgid();
	struct tx_wait_state *w = bpf_map_lookup_elem(&tx_waiting, &tid);

	rpdev_bus(rpdev, bus);
	if (w) {
		__u64 end = w->end_ns ? w->end_ns : bpf_ktime_get_ns();
		__s32 outcome = w->end_ns ? 0 : ret;
		__u64 start = w->start_ns;

		bpf_map_delete_elem(&tx_waiting, &tid);
		/* the try forms fail at once with -ENOMEM: no wait */
		if (wait) {
			struct rpmsg_bpf_ept_counters *c;
			struct rpmsg_event *e;

			c = ept_get(bus, RPMSG_EVENT_ROLE_KERNEL, src, dst);

			hit_inc(RPMSG_EV_TX_WAIT);
			if (c) {
				c->tx_waits++;
				c->tx_wait_ns += end - start;
				if (outcome)
					c->tx_wait_failures++;
			}
			e = event_reserve(RPMSG_EV_TX_WAIT, RPMSG_EVENT_ROLE_KERNEL, bus, 0);
			if (e) {
				e->tx_wait.src = src;
				e->tx_wait.dst = dst;
				e->tx_wait.waited_ns = end - start;
				e->tx_wait.outcome = outcome;
				event_submit(e);
			}
		}
	}
	if (ret || len < 0)
		return 0;
	emit_msg(RPMSG_EV_MSG_SEND, bus, src, dst, len, 0, data);
	if (dst == RPMSG_NS_ADDR && len >= RPMSG_NS_MSG_SIZE)
		emit_ns(bus, data, RPMSG_EVENT_DIR_TX);
	return 0;
}

SEC("fexit/get_a_tx_buf")
int BPF_PROG(rpmsg_get_tx_buf, struct virtproc_info___k *vrp, void *ret)
{
	__u64 tid = bpf_get_current_pid_tgid();
	struct tx_wait_state *w = bpf_map_lookup_elem(&tx_waiting, &tid);

	if (!ret) {
		struct tx_wait_state fresh = {.start_ns = bpf_ktime_get_ns()};

		if (!w)
			bpf_map_update_elem(&tx_waiting, &tid, &fresh, BPF_ANY);
	} else if (w && !w->end_ns) {
		w->end_ns = bpf_ktime_get_ns();
	}
	return 0;
}

/*
 * A received message whose destination has no endpoint is dropped in rpmsg_recv_single()
 * (inlined into rpmsg_recv_done) with dev_warn_ratelimited("msg received with no recipient"),
 * its only rate-limited call: ___ratelimit(state, __func__) is called for every such message,
 * whether the warning is then printed or suppressed. The message is the one this thread took
 * last from the RX ring (rx_pending).
 */
SEC("fexit/___ratelimit")
int BPF_PROG(rpmsg_ratelimit, struct ratelimit_state *rs, const char *func, int ret)
{
	static const char caller[] = "rpmsg_recv_single";
	__u64 tid = bpf_get_current_pid_tgid();
	struct rx_pending *p = bpf_map_lookup_elem(&rx_pending, &tid);
	char name[sizeof(caller)] = {};

	if (!p || bpf_probe_read_kernel_str(name, sizeof(name), func) != sizeof(caller))
		return 0;
	for (int i = 0; i < sizeof(caller); i++)
		if (name[i] != caller[i])
			return 0;
	emit_drop(p->bus, p->src, p->dst, p->len, RPMSG_DROP_NO_RECIPIENT);
	bpf_map_delete_elem(&rx_pending, &tid);
	return 0;
}

/* A channel's driver bound: rpmsg_dev_probe() created its endpoint (rpdev->ept) if it has one. */
SEC("fexit/rpmsg_dev_probe")
int BPF_PROG(rpmsg_dev_probe_exit, struct device *dev, int ret)
{
	struct rpmsg_device___k *rpdev;
	struct rpmsg_endpoint___k *ept;
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	char name[RPMSG_EVENT_NAME_LEN] = {};

	if (ret)
		return 0;
	rpdev = (void *)((char *)dev - bpf_core_field_offset(struct rpmsg_device___k, dev));
	ept = BPF_CORE_READ(rpdev, ept);
	if (!ept)
		return 0;
	rpdev_bus(rpdev, bus);
	bpf_probe_read_kernel_str(name, sizeof(name), &rpdev->id.name);
	emit_ept(RPMSG_EV_EPT_CREATE, bus, BPF_CORE_READ(ept, addr), name);
	return 0;
}

/* An /dev/rpmsgN of RPMSG_CREATE_EPT_IOCTL opened: its endpoint is created now, named by the user.
 */
SEC("fexit/rpmsg_eptdev_open")
int BPF_PROG(rpmsg_eptdev_open_exit, struct inode *inode, struct file *filp, int ret)
{
	struct rpmsg_eptdev___k *eptdev;
	struct rpmsg_endpoint___k *ept;
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	char name[RPMSG_EVENT_NAME_LEN] = {};

	if (ret)
		return 0;
	eptdev = BPF_CORE_READ(filp, private_data);
	/* a channel's /dev/rpmsgN uses the endpoint its probe created (named there) */
	if (!eptdev || BPF_CORE_READ(eptdev, default_ept))
		return 0;
	ept = BPF_CORE_READ(eptdev, ept);
	if (!ept)
		return 0;
	rpdev_bus(BPF_CORE_READ(eptdev, rpdev), bus);
	bpf_probe_read_kernel_str(name, sizeof(name), &eptdev->chinfo.name);
	emit_ept(RPMSG_EV_EPT_CREATE, bus, BPF_CORE_READ(ept, addr), name);
	return 0;
}

/*
 * rpmsg_destroy_ept() is inlined into rpmsg_core's own callers (a channel's unbind), so its
 * transport op is hooked: virtio_rpmsg_bus's destroy_ept, reached through ept->ops.
 */
SEC("fentry/virtio_rpmsg_destroy_ept")
int BPF_PROG(rpmsg_destroy_ept_entry, struct rpmsg_endpoint___k *ept)
{
	char bus[RPMSG_EVENT_BUS_LEN] = {};
	char name[RPMSG_EVENT_NAME_LEN] = {};

	if (!ept)
		return 0;
	rpdev_bus(BPF_CORE_READ(ept, rpdev), bus);
	emit_ept(RPMSG_EV_EPT_DESTROY, bus, BPF_CORE_READ(ept, addr), name);
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
