// SPDX-License-Identifier: MIT
/*
 * The bus program: attaches to librpmsgbus's USDT probes (provider "rpmsg", argument lists in
 * bus/probes/probes.h), keeps exact per-endpoint, per-vring and name counters in maps, and emits
 * struct rpmsg_event records into the "events" ring buffer.
 *
 * Order matters: counters are updated first, then a ring record is reserved, so a full ring
 * buffer loses records (counted in stats[RPMSG_BPF_STAT_RB_FAILED]) but never counts.
 * User space attaches only the programs its view needs; every program here is independent.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

#include "rpmsg_common.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Only this bus (when bus_filter[0] != 0). */
const volatile char bus_filter[RPMSG_EVENT_BUS_LEN] = {};
/* Only messages from or to this endpoint address (RPMSG_BPF_ADDR_ANY: all). */
const volatile __u32 addr_filter = RPMSG_BPF_ADDR_ANY;

/*
 * The USDT arguments of an event, from event-list.h: bus (0), role (1), then one per FIELD in
 * declaration order, two for a PAYLOAD (the pointer, then the captured length).
 */
#define USDT_SLOTS_U8			1
#define USDT_SLOTS_U32			1
#define USDT_SLOTS_U64			1
#define USDT_SLOTS_S32			1
#define USDT_SLOTS_NAME			1
#define USDT_SLOTS_PAYLOAD		2
#define USDT_SLOTS_(TYPE, member, name) +USDT_SLOTS_##TYPE
#define USDT_ARG_COUNT(event)		(2 RPMSG_FIELDS_##event(USDT_SLOTS_))
/* Every argument of @event but the role (the hot handlers take it from the bus cache). */
#define USDT_ALL_BUT_ROLE(event) (((1u << USDT_ARG_COUNT(event)) - 1) & ~(1u << 1))

/* Arguments usdt_args() can fetch: the most any rpmsg probe has (msg_send / msg_recv). */
#define USDT_ARGS USDT_ARG_COUNT(msg_send)
#define USDT_ARGS_FIT_(event, EVENT, record, doc)                                                  \
	_Static_assert(USDT_ARG_COUNT(event) <= USDT_ARGS,                                         \
		       #event ": more USDT arguments than USDT_ARGS");
RPMSG_EVENTS(USDT_ARGS_FIT_)

/*
 * Fill the integer fields of @event's record in @e from the USDT arguments @arg, in FIELD order
 * (generated: a field added to event-list.h is recorded without a change here). NAME and
 * PAYLOAD fields are the handler's: a name is read and cached, a payload bounded by capture_max.
 * The running index folds to constants, so every arg[] access is a fixed offset.
 */
#define USDT_FILL_U8(e, member, arg, i)	     ((e)->member = (arg)[i])
#define USDT_FILL_U32(e, member, arg, i)     ((e)->member = (arg)[i])
#define USDT_FILL_U64(e, member, arg, i)     ((e)->member = (arg)[i])
#define USDT_FILL_S32(e, member, arg, i)     ((e)->member = (arg)[i])
#define USDT_FILL_NAME(e, member, arg, i)    ((void)0)
#define USDT_FILL_PAYLOAD(e, member, arg, i) ((void)0)
#define USDT_FILL_(TYPE, member, name)                                                             \
	USDT_FILL_##TYPE(fill_e_, member, fill_arg_, fill_i_);                                     \
	fill_i_ += USDT_SLOTS_##TYPE;
#define usdt_fill_record(event, e, arg)                                                            \
	do {                                                                                       \
		struct rpmsg_event *fill_e_ = (e);                                                 \
		const long *fill_arg_ = (arg);                                                     \
		int fill_i_ = 2;                                                                   \
		RPMSG_FIELDS_##event(USDT_FILL_)(void) fill_i_;                                    \
	} while (0)

/*
 * Fetch the USDT arguments in @mask (bit i: argument i) into @out (others 0), as libbpf's
 * bpf_usdt_arg() would, but with one spec lookup for all of them and no helper call for
 * arguments in registers (the common case): the registers are copied from the context once.
 * Arguments in memory need one user read each. The spec layout is usdt.bpf.h's, from the same
 * libbpf that attaches the program. The hot handlers use this: each bpf_usdt_arg() call costs a
 * lookup and a helper call, which add up to more than the rest of a counting handler.
 */
static __always_inline int usdt_args(struct pt_regs *ctx, __u32 mask, long out[USDT_ARGS])
{
	struct __bpf_usdt_spec *spec;
	/*
	 * One copy of the registers, then plain loads: cheaper than a helper call per argument.
	 * arm64's registers (272 bytes) would blow the 512-byte BPF stack with the rest of this
	 * frame, so there each argument is read from the context as libbpf's bpf_usdt_arg() does.
	 */
#ifndef __TARGET_ARCH_arm64
	bpf_user_pt_regs_t regs;
#endif
	int id = __bpf_usdt_spec_id(ctx);

	if (id < 0)
		return -ESRCH;
	spec = bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	if (!spec)
		return -ESRCH;
#ifndef __TARGET_ARCH_arm64
	__builtin_memcpy(&regs, ctx, sizeof(regs));
#endif
	for (int i = 0; i < USDT_ARGS; i++) {
		struct __bpf_usdt_arg_spec *arg = &spec->args[i];
		unsigned long val = 0;
		__u64 off;

		out[i] = 0;
		if (!(mask & (1u << i)) || i >= spec->arg_cnt)
			continue;
		switch (arg->arg_type) {
		case BPF_USDT_ARG_CONST:
			val = arg->val_off;
			break;
		case BPF_USDT_ARG_REG:
		case BPF_USDT_ARG_REG_DEREF:
			/* pt_regs fields are 8-byte aligned; the mask says so to the verifier. */
			off = (__u16)arg->reg_off & ~7u;
			if (off > sizeof(bpf_user_pt_regs_t) - sizeof(val))
				continue;
#ifdef __TARGET_ARCH_arm64
			if (bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + off))
				continue;
#else
			val = *(unsigned long *)((char *)&regs + off);
#endif
			if (arg->arg_type == BPF_USDT_ARG_REG_DEREF &&
			    bpf_probe_read_user(&val, sizeof(val), (void *)val + arg->val_off))
				continue;
			break;
		default:
			continue;
		}
		/* Narrow 1-, 2- and 4-byte arguments, with sign extension if signed. */
		val <<= arg->arg_bitshift;
		if (arg->arg_signed)
			val = (unsigned long)((long)val >> arg->arg_bitshift);
		else
			val >>= arg->arg_bitshift;
		out[i] = val;
	}
	return 0;
}

/*
 * The bus name a probe passes is a pointer that stays the same for the life of a bus, and
 * reading a user string costs more than everything else a hit does. So names are read once per
 * (process, pointer) and cached, with the filter decision. Rare events (endpoint and name-service)
 * re-read the string and refresh the entry, in case a new bus reuses a freed bus's address.
 */
struct bus_name_key {
	__u32 tgid;
	__u32 pad;
	__u64 ptr;
};

struct bus_name {
	char bus[RPMSG_EVENT_BUS_LEN];
	__u32 filtered; /* not the bus of bus_filter */
	__u32 role;	/* a bus object has one role: cached too (the probes pass it from memory) */
	__u32 role_known;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct bus_name_key);
	__type(value, struct bus_name);
} bus_names SEC(".maps");

/* Look @user_bus up (reading it on a miss or when @refresh); NULL if filtered out or unreadable. */
static __always_inline struct bus_name *bus_of(const void *user_bus, bool refresh)
{
	struct bus_name_key key = {.tgid = bpf_get_current_pid_tgid() >> 32,
				   .ptr = (__u64)(unsigned long)user_bus};
	struct bus_name *cached = refresh ? NULL : bpf_map_lookup_elem(&bus_names, &key);

	if (!cached) {
		struct bus_name fresh = {};

		bpf_probe_read_user_str(fresh.bus, sizeof(fresh.bus), user_bus);
		if (bus_filter[0]) {
			for (int i = 0; i < RPMSG_EVENT_BUS_LEN; i++) {
				if (fresh.bus[i] != bus_filter[i]) {
					fresh.filtered = 1;
					break;
				}
				if (!fresh.bus[i])
					break;
			}
		}
		bpf_map_update_elem(&bus_names, &key, &fresh, BPF_ANY);
		cached = bpf_map_lookup_elem(&bus_names, &key);
		if (!cached) {
			stat_inc(RPMSG_BPF_STAT_MAP_FULL);
			return NULL;
		}
	}
	if (cached->filtered) {
		stat_inc(RPMSG_BPF_STAT_FILTERED);
		return NULL;
	}
	return cached;
}

/* The cached name of @user_bus, or NULL. */
static __always_inline const char *bus_cached(const void *user_bus)
{
	struct bus_name *b = bus_of(user_bus, false);

	return b ? b->bus : NULL;
}

/* The bus of a rare event, which knows its role: refresh both. Return: the name, or NULL. */
static __always_inline const char *bus_refresh(const void *user_bus, long role)
{
	struct bus_name *b = bus_of(user_bus, true);

	if (!b)
		return NULL;
	b->role = role;
	b->role_known = 1;
	return b->bus;
}

/*
 * The role of a hot event's bus: from the cache, else argument 1 (read once, as it is often a
 * memory operand at the probe site, which costs a user read). Return: 0, or -errno.
 */
static __always_inline int bus_role(struct pt_regs *ctx, struct bus_name *b, __u32 *role)
{
	long arg[USDT_ARGS];

	if (!b->role_known) {
		if (usdt_args(ctx, 1u << 1, arg))
			return -ESRCH;
		b->role = arg[1];
		b->role_known = 1;
	}
	*role = b->role;
	return 0;
}

static __always_inline bool addr_pass(__u32 a, __u32 b)
{
	if (addr_filter == RPMSG_BPF_ADDR_ANY || a == addr_filter || b == addr_filter)
		return true;
	stat_inc(RPMSG_BPF_STAT_FILTERED);
	return false;
}

/* vring_add / vring_get (bus, role, vq, head, len, idx, num_free, ...) */
static __always_inline int on_vring(struct pt_regs *ctx, __u32 type)
{
	struct rpmsg_bpf_vring_counters *c;
	long arg[USDT_ARGS];
	struct rpmsg_event *e;
	struct bus_name *b;
	const char *bus;
	__u32 role, vq, len, num_free;

	hit_inc(type);
	/* bus, vq, len, num_free (role comes from the cache); all fields only for records. */
	if (usdt_args(ctx, use_ringbuf ? USDT_ALL_BUT_ROLE(vring_add) : 0x55, arg))
		return 0;
	b = bus_of((const void *)arg[0], false);
	if (!b || bus_role(ctx, b, &role))
		return 0;
	bus = b->bus;
	vq = arg[2];
	len = arg[4];
	num_free = arg[6];
	c = vring_get_counters(bus, role, vq);
	vring_count(c, type, len, num_free);
	e = event_reserve(type, role, bus, 0);
	if (!e)
		return 0;
	usdt_fill_record(vring_add, e, arg); /* vring_get has the same fields */
	event_submit(e);
	return 0;
}

SEC("usdt")
int rpmsg_vring_add(struct pt_regs *ctx)
{
	return on_vring(ctx, RPMSG_EV_VRING_ADD);
}

SEC("usdt")
int rpmsg_vring_get(struct pt_regs *ctx)
{
	return on_vring(ctx, RPMSG_EV_VRING_GET);
}

static __always_inline int on_mbox(__u32 type, const void *user_bus, long role, long channel)
{
	struct rpmsg_bpf_vring_counters *c;
	struct rpmsg_event *e;
	const char *bus;

	hit_inc(type);
	bus = bus_cached(user_bus);
	if (!bus)
		return 0;
	c = vring_get_counters(bus, role, channel);
	if (c) {
		if (type == RPMSG_EV_MBOX_KICK)
			c->kicks++;
		else
			c->interrupts++;
	}
	e = event_reserve(type, role, bus, 0);
	if (!e)
		return 0;
	e->mbox.channel = channel;
	event_submit(e);
	return 0;
}

SEC("usdt")
int BPF_USDT(rpmsg_mbox_kick, const void *bus, long role, long channel)
{
	return on_mbox(RPMSG_EV_MBOX_KICK, bus, role, channel);
}

SEC("usdt")
int BPF_USDT(rpmsg_mbox_rx, const void *bus, long role, long channel)
{
	return on_mbox(RPMSG_EV_MBOX_RX, bus, role, channel);
}

/* msg_send / msg_recv (bus, role, src, dst, len, flags, ..., payload, captured) */
static __always_inline int on_msg(struct pt_regs *ctx, __u32 type)
{
	struct rpmsg_bpf_ept_counters *c;
	long arg[USDT_ARGS];
	struct rpmsg_event *e;
	struct bus_name *b;
	const char *bus;
	__u32 role, src, dst, len, captured;

	hit_inc(type);
	/* bus, src, dst, len (role comes from the cache); all fields only for records. */
	if (usdt_args(ctx, use_ringbuf ? USDT_ALL_BUT_ROLE(msg_send) : 0x1d, arg))
		return 0;
	b = bus_of((const void *)arg[0], false);
	if (!b || bus_role(ctx, b, &role))
		return 0;
	bus = b->bus;
	src = arg[2];
	dst = arg[3];
	if (!addr_pass(src, dst))
		return 0;
	len = arg[4];
	if (type == RPMSG_EV_MSG_SEND) {
		c = ept_get(bus, role, src, dst);
		if (c) {
			c->tx_msgs++;
			c->tx_bytes += len;
		}
	} else {
		c = ept_get(bus, role, dst, src);
		if (c) {
			c->rx_msgs++;
			c->rx_bytes += len;
		}
	}
	e = event_reserve(type, role, bus, capture_max);
	if (!e)
		return 0;
	captured = len;
	if (captured > capture_max)
		captured = capture_max;
	if (captured > RPMSG_EVENT_PAYLOAD_MAX)
		captured = RPMSG_EVENT_PAYLOAD_MAX;
	/* the payload is the last field: its pointer is the last argument but one */
	if (bpf_probe_read_user(e->payload, captured, (const void *)arg[USDT_ARGS - 2]))
		captured = 0;
	usdt_fill_record(msg_send, e, arg); /* msg_recv has the same fields */
	e->msg.captured = captured;
	event_submit(e);
	return 0;
}

SEC("usdt")
int rpmsg_msg_send(struct pt_regs *ctx)
{
	return on_msg(ctx, RPMSG_EV_MSG_SEND);
}

SEC("usdt")
int rpmsg_msg_recv(struct pt_regs *ctx)
{
	return on_msg(ctx, RPMSG_EV_MSG_RECV);
}

/* Remember @name for (bus, role, addr); @destroyed marks it gone but keeps it for late events. */
static __always_inline void name_learn(const char *bus, __u32 role, __u32 addr, const char *name,
				       bool announced, bool destroyed)
{
	struct rpmsg_bpf_name_key key = {};
	struct rpmsg_bpf_name *old;
	struct rpmsg_bpf_name val = {};

	__builtin_memcpy(key.bus, bus, sizeof(key.bus));
	key.role = role;
	key.addr = addr;
	old = bpf_map_lookup_elem(&names, &key);
	if (old && old->announced)
		announced = true;
	__builtin_memcpy(val.name, name, sizeof(val.name));
	val.announced = announced;
	val.destroyed = destroyed;
	if (bpf_map_update_elem(&names, &key, &val, BPF_ANY))
		stat_inc(RPMSG_BPF_STAT_MAP_FULL);
}

SEC("usdt")
int BPF_USDT(rpmsg_ns_announce, const void *user_bus, long role, const char *user_name, long addr,
	     long flags, long direction)
{
	char name[RPMSG_EVENT_NAME_LEN] = {};
	struct rpmsg_event *e;
	const char *bus;
	__u32 owner;

	hit_inc(RPMSG_EV_NS_ANNOUNCE);
	bus = bus_refresh(user_bus, role);
	if (!bus)
		return 0;
	bpf_probe_read_user_str(name, sizeof(name), user_name);
	/* A received announcement names an address on the other side. */
	owner = role;
	if (direction == RPMSG_EVENT_DIR_RX && role <= RPMSG_EVENT_ROLE_REMOTE)
		owner = !role;
	name_learn(bus, owner, addr, name, true, flags == RPMSG_EVENT_NS_DESTROY);
	e = event_reserve(RPMSG_EV_NS_ANNOUNCE, role, bus, 0);
	if (!e)
		return 0;
	e->ns.addr = addr;
	e->ns.flags = flags;
	e->ns.direction = direction;
	__builtin_memcpy(e->ns.name, name, sizeof(name));
	event_submit(e);
	return 0;
}

static __always_inline int on_ept(__u32 type, const void *user_bus, long role,
				  const char *user_name, __u32 addr)
{
	char name[RPMSG_EVENT_NAME_LEN] = {};
	struct rpmsg_event *e;
	const char *bus;

	hit_inc(type);
	bus = bus_refresh(user_bus, role);
	if (!bus)
		return 0;
	bpf_probe_read_user_str(name, sizeof(name), user_name);
	name_learn(bus, role, addr, name, false, type == RPMSG_EV_EPT_DESTROY);
	e = event_reserve(type, role, bus, 0);
	if (!e)
		return 0;
	e->ept.addr = addr;
	__builtin_memcpy(e->ept.name, name, sizeof(name));
	event_submit(e);
	return 0;
}

SEC("usdt")
int BPF_USDT(rpmsg_ept_create, const void *bus, long role, const char *name, long addr)
{
	return on_ept(RPMSG_EV_EPT_CREATE, bus, role, name, addr);
}

SEC("usdt")
int BPF_USDT(rpmsg_ept_destroy, const void *bus, long role, const char *name, long addr)
{
	return on_ept(RPMSG_EV_EPT_DESTROY, bus, role, name, addr);
}

SEC("usdt")
int rpmsg_tx_wait(struct pt_regs *ctx)
{
	struct rpmsg_bpf_ept_counters *c;
	long arg[USDT_ARGS];
	struct rpmsg_event *e;
	__u32 role, src, dst;
	__u64 waited_ns;
	const char *bus;

	hit_inc(RPMSG_EV_TX_WAIT);
	if (usdt_args(ctx, USDT_ALL_BUT_ROLE(tx_wait) | 1u << 1, arg))
		return 0;
	bus = bus_cached((const void *)arg[0]);
	role = arg[1], src = arg[2], dst = arg[3], waited_ns = arg[4];
	if (!bus || !addr_pass(src, dst))
		return 0;
	c = ept_get(bus, role, src, dst);
	if (c) {
		c->tx_waits++;
		c->tx_wait_ns += waited_ns;
		if (arg[5]) /* outcome */
			c->tx_wait_failures++;
	}
	e = event_reserve(RPMSG_EV_TX_WAIT, role, bus, 0);
	if (!e)
		return 0;
	usdt_fill_record(tx_wait, e, arg);
	event_submit(e);
	return 0;
}

SEC("usdt")
int rpmsg_drop(struct pt_regs *ctx)
{
	struct rpmsg_bpf_ept_counters *c;
	long arg[USDT_ARGS];
	struct rpmsg_event *e;
	__u32 role, src, dst;
	const char *bus;

	hit_inc(RPMSG_EV_DROP);
	if (usdt_args(ctx, USDT_ALL_BUT_ROLE(drop) | 1u << 1, arg))
		return 0;
	bus = bus_cached((const void *)arg[0]);
	role = arg[1], src = arg[2], dst = arg[3];
	if (!bus || !addr_pass(src, dst))
		return 0;
	/* Drops happen on the receiving side: the local endpoint is the destination. */
	c = ept_get(bus, role, dst, src);
	if (c)
		c->drops++;
	e = event_reserve(RPMSG_EV_DROP, role, bus, 0);
	if (!e)
		return 0;
	usdt_fill_record(drop, e, arg);
	event_submit(e);
	return 0;
}
