/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-scope event model: the one vocabulary every producer and consumer shares.
 *
 * DESIGN.md's event table is the contract. The same event names and fields appear as LTTng-UST
 * events (provider "rpmsg"), USDT probes (provider "rpmsg"), records in the BPF ring buffer, and
 * events in CTF traces written from BPF. This header is included by BPF programs (after
 * vmlinux.h) and by user space, so it holds only plain __u8/__u32/__u64 fields, fixed-size
 * arrays, and no pointers.
 *
 * Ownership: a struct rpmsg_event is a value; whoever holds it owns it. Strings (bus, name) are
 * NUL-padded and always NUL-terminated within their array by producers; consumers must still
 * treat them as untrusted (use strnlen with the array size).
 */
#ifndef RPMSG_SCOPE_EVENT_H
#define RPMSG_SCOPE_EVENT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Bytes of a bus name, including the terminating NUL. */
#define RPMSG_EVENT_BUS_LEN 32
/* Bytes of a channel/endpoint name, as RPMSG_NAME_SIZE in the kernel. */
#define RPMSG_EVENT_NAME_LEN 32
/* Largest payload any producer captures: a 512-byte buffer minus the 16-byte header. */
#define RPMSG_EVENT_PAYLOAD_MAX 496

enum rpmsg_event_type {
	RPMSG_EV_VRING_ADD = 1, /* a buffer made available (add_inbuf / add_outbuf) */
	RPMSG_EV_VRING_GET,	/* a buffer taken back from the used ring */
	RPMSG_EV_MBOX_KICK,	/* doorbell rung towards the other side */
	RPMSG_EV_MBOX_RX,	/* doorbell received ("interrupt") */
	RPMSG_EV_MSG_SEND,	/* an rpmsg message sent */
	RPMSG_EV_MSG_RECV,	/* an rpmsg message delivered to an endpoint */
	RPMSG_EV_NS_ANNOUNCE,	/* name-service create / destroy, sent or received */
	RPMSG_EV_EPT_CREATE,	/* local endpoint created */
	RPMSG_EV_EPT_DESTROY,	/* local endpoint destroyed */
	RPMSG_EV_TX_WAIT,	/* a sender found no free TX buffer and waited */
	RPMSG_EV_DROP,		/* a message not delivered */
	RPMSG_EV_TYPE_COUNT
};

/* ns_announce.flags, as enum rpmsg_ns_flags in the kernel. */
#define RPMSG_EVENT_NS_CREATE  0
#define RPMSG_EVENT_NS_DESTROY 1

/* ns_announce.direction: who sent the name-service message, seen from the emitting side. */
#define RPMSG_EVENT_DIR_RX 0 /* received from the other side */
#define RPMSG_EVENT_DIR_TX 1 /* sent to the other side */

/* tx_wait.outcome is 0 when a buffer was obtained, else a negative errno (-ETIMEDOUT, -EPIPE). */

/* drop.reason */
enum rpmsg_drop_reason {
	RPMSG_DROP_NO_RECIPIENT = 1, /* "msg received with no recipient" */
	RPMSG_DROP_TOO_BIG,	     /* "inbound msg too big" */
	RPMSG_DROP_BAD_NS,	     /* malformed name-service message */
	RPMSG_DROP_CALLBACK_ERROR,   /* endpoint callback returned an error */
	RPMSG_DROP_REASON_COUNT
};

/* Which side of the bus emitted an event. */
#define RPMSG_EVENT_ROLE_HOST	0 /* virtio driver (what Linux does) */
#define RPMSG_EVENT_ROLE_REMOTE 1 /* virtio device (what firmware does) */
#define RPMSG_EVENT_ROLE_KERNEL 2 /* the real kernel's virtio_rpmsg_bus */

struct rpmsg_event_vring {
	__u32 vq;	/* virtqueue index: 0 = host RX, 1 = host TX */
	__u32 head;	/* descriptor head */
	__u32 len;	/* buffer length (add) or used length (get) */
	__u32 idx;	/* avail_idx after add, used_idx after get */
	__u32 num_free; /* free descriptors (driver) or buffers left (device) after the op */
};

struct rpmsg_event_mbox {
	__u32 channel; /* notify id carried by the doorbell */
};

struct rpmsg_event_msg {
	__u32 src;
	__u32 dst;
	__u32 len;	/* payload length from the rpmsg header */
	__u32 flags;	/* rpmsg header flags */
	__u32 captured; /* payload bytes present in struct rpmsg_event.payload */
};

struct rpmsg_event_ns {
	__u32 addr;
	__u32 flags;	 /* RPMSG_EVENT_NS_CREATE / _DESTROY */
	__u32 direction; /* RPMSG_EVENT_DIR_RX / _TX */
	char name[RPMSG_EVENT_NAME_LEN];
};

struct rpmsg_event_ept {
	__u32 addr;
	char name[RPMSG_EVENT_NAME_LEN];
};

struct rpmsg_event_tx_wait {
	__u32 src;
	__u32 dst;
	__u64 waited_ns;
	__s32 outcome;
};

struct rpmsg_event_drop {
	__u32 src;
	__u32 dst;
	__u32 len;
	__u32 reason; /* enum rpmsg_drop_reason */
};

/*
 * One event. Fixed size so the same record goes through a BPF ring buffer, a collector queue and
 * a CTF writer. Only msg_send / msg_recv use payload[], and only its first msg.captured bytes.
 */
struct rpmsg_event {
	__u64 ts_ns; /* CLOCK_MONOTONIC nanoseconds */
	__u32 type;  /* enum rpmsg_event_type */
	__u32 role;  /* RPMSG_EVENT_ROLE_* */
	__u32 pid;
	__u32 tid;
	__u32 cpu;
	__u32 reserved;
	char bus[RPMSG_EVENT_BUS_LEN];
	union {
		struct rpmsg_event_vring vring;
		struct rpmsg_event_mbox mbox;
		struct rpmsg_event_msg msg;
		struct rpmsg_event_ns ns;
		struct rpmsg_event_ept ept;
		struct rpmsg_event_tx_wait tx_wait;
		struct rpmsg_event_drop drop;
	};
	__u8 payload[RPMSG_EVENT_PAYLOAD_MAX];
};

/* Event names as they appear in LTTng ("rpmsg:<name>"), USDT and CTF; indexed by type. */
#define RPMSG_EVENT_NAMES                                                                          \
	{                                                                                          \
		[RPMSG_EV_VRING_ADD] = "vring_add", [RPMSG_EV_VRING_GET] = "vring_get",            \
		[RPMSG_EV_MBOX_KICK] = "mbox_kick", [RPMSG_EV_MBOX_RX] = "mbox_rx",                \
		[RPMSG_EV_MSG_SEND] = "msg_send", [RPMSG_EV_MSG_RECV] = "msg_recv",                \
		[RPMSG_EV_NS_ANNOUNCE] = "ns_announce", [RPMSG_EV_EPT_CREATE] = "ept_create",      \
		[RPMSG_EV_EPT_DESTROY] = "ept_destroy", [RPMSG_EV_TX_WAIT] = "tx_wait",            \
		[RPMSG_EV_DROP] = "drop",                                                          \
	}

#endif /* RPMSG_SCOPE_EVENT_H */
