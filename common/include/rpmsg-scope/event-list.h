/* SPDX-License-Identifier: MIT */
/*
 * The event model, declared once. Every producer and consumer is generated from these lists,
 * the way the kernel's TRACE_EVENT() gives a tracepoint its record, its ring-buffer layout and its
 * printer from one declaration:
 *
 *	the C records of struct rpmsg_event (shared with BPF)  <rpmsg-scope/event.h>
 *	the USDT argument order and the LTTng-UST fields       bus/probes
 *	the field table (name, trace type, offset)            <rpmsg-scope/event-fields.h>
 *	  -> CTF classes, the bt2 event reader, the decode filter's classes, text and JSON printers
 *	docs/events.md                                         checked against the table by a test
 *
 * Adding a field to an event: add the member to its record, add a FIELD line to the event, fill
 * it in at the call site. Consumers that print or store every field need no change.
 *
 * This header is plain preprocessor lists: it includes nothing, so BPF programs can use it.
 *
 * RPMSG_EVENTS(EVENT) lists the events in enum order (type 1 first):
 *
 *	EVENT(name, NAME, record, "what happened")
 *
 * name is the trace name (rpmsg:name), NAME the suffix of RPMSG_EV_NAME, record the member of
 * struct rpmsg_event's union that holds the event's fields.
 */
#ifndef RPMSG_SCOPE_EVENT_LIST_H
#define RPMSG_SCOPE_EVENT_LIST_H

#define RPMSG_EVENTS(EVENT)                                                                        \
	EVENT(vring_add, VRING_ADD, vring, "a buffer made available (add_inbuf / add_outbuf)")     \
	EVENT(vring_get, VRING_GET, vring, "a buffer taken back from the used ring")               \
	EVENT(mbox_kick, MBOX_KICK, mbox, "doorbell rung towards the other side")                  \
	EVENT(mbox_rx, MBOX_RX, mbox, "doorbell received (\"interrupt\")")                         \
	EVENT(msg_send, MSG_SEND, msg, "an rpmsg message sent")                                    \
	EVENT(msg_recv, MSG_RECV, msg, "an rpmsg message delivered to an endpoint")                \
	EVENT(ns_announce, NS_ANNOUNCE, ns, "name-service create / destroy, sent or received")     \
	EVENT(ept_create, EPT_CREATE, ept, "local endpoint created")                               \
	EVENT(ept_destroy, EPT_DESTROY, ept, "local endpoint destroyed")                           \
	EVENT(tx_wait, TX_WAIT, tx_wait, "a sender found no free TX buffer and waited")            \
	EVENT(drop, DROP, drop, "a message not delivered")

/*
 * Records: the C layout of each union member of struct rpmsg_event, in memory order.
 *
 *	MEMBER(c_type, member, "meaning")
 *	ARRAY(c_type, member, count, "meaning")
 *
 * Only plain __u32/__s32/__u64 members and fixed arrays: BPF writes these records.
 */
#define RPMSG_RECORD_vring(MEMBER, ARRAY)                                                          \
	MEMBER(__u32, vq, "virtqueue index: 0 = host RX, 1 = host TX")                             \
	MEMBER(__u32, head, "descriptor head")                                                     \
	MEMBER(__u32, len, "buffer length (add) or used length (get)")                             \
	MEMBER(__u32, idx, "avail_idx after add, used_idx after get")                              \
	MEMBER(__u32, num_free, "free descriptors (driver) or buffers left (device) after the op")

#define RPMSG_RECORD_mbox(MEMBER, ARRAY) MEMBER(__u32, channel, "notify id carried by the doorbell")

#define RPMSG_RECORD_msg(MEMBER, ARRAY)                                                            \
	MEMBER(__u32, src, "source address")                                                       \
	MEMBER(__u32, dst, "destination address")                                                  \
	MEMBER(__u32, len, "payload length from the rpmsg header")                                 \
	MEMBER(__u32, flags, "rpmsg header flags")                                                 \
	MEMBER(__u32, captured, "payload bytes present in struct rpmsg_event.payload")

#define RPMSG_RECORD_ns(MEMBER, ARRAY)                                                             \
	MEMBER(__u32, addr, "announced address")                                                   \
	MEMBER(__u32, flags, "RPMSG_EVENT_NS_CREATE / _DESTROY")                                   \
	MEMBER(__u32, direction, "RPMSG_EVENT_DIR_RX / _TX")                                       \
	ARRAY(char, name, RPMSG_EVENT_NAME_LEN, "announced name")

#define RPMSG_RECORD_ept(MEMBER, ARRAY)                                                            \
	MEMBER(__u32, addr, "endpoint address")                                                    \
	ARRAY(char, name, RPMSG_EVENT_NAME_LEN, "endpoint name")

#define RPMSG_RECORD_tx_wait(MEMBER, ARRAY)                                                        \
	MEMBER(__u32, src, "source address")                                                       \
	MEMBER(__u32, dst, "destination address")                                                  \
	MEMBER(__u64, waited_ns, "time spent waiting")                                             \
	MEMBER(__s32, outcome, "0 when a buffer was obtained, else -errno (-ETIMEDOUT, -EPIPE)")

#define RPMSG_RECORD_drop(MEMBER, ARRAY)                                                           \
	MEMBER(__u32, src, "source address")                                                       \
	MEMBER(__u32, dst, "destination address")                                                  \
	MEMBER(__u32, len, "payload length")                                                       \
	MEMBER(__u32, reason, "enum rpmsg_drop_reason")

#define RPMSG_RECORDS(RECORD)                                                                      \
	RECORD(vring) RECORD(mbox) RECORD(msg) RECORD(ns) RECORD(ept) RECORD(tx_wait) RECORD(drop)

/*
 * Trace fields of each event, after the two every event starts with (bus: string, role: u8),
 * in trace order: the order of LTTng-UST fields, USDT arguments and CTF members.
 *
 *	FIELD(TYPE, member, trace_name)
 *
 * member is the path below struct rpmsg_event (ev->member); TYPE the trace type:
 *	U8, U32, U64, S32	an integer of that width, read from the member
 *	NAME			a string from a char[RPMSG_EVENT_NAME_LEN] member
 *	PAYLOAD			the captured payload: member is the captured-byte count, the bytes
 *				are struct rpmsg_event.payload (CTF: sequence of u8 with length
 *				field _payload_length; USDT: a pointer, then the count)
 */
/* vring_add and vring_get differ only in idx: avail_idx after an add, used_idx after a get */
#define RPMSG_FIELDS_vring_(FIELD, idx_name)                                                       \
	FIELD(U32, vring.vq, vq)                                                                   \
	FIELD(U32, vring.head, head)                                                               \
	FIELD(U32, vring.len, len)                                                                 \
	FIELD(U32, vring.idx, idx_name)                                                            \
	FIELD(U32, vring.num_free, num_free)
#define RPMSG_FIELDS_vring_add(FIELD) RPMSG_FIELDS_vring_(FIELD, avail_idx)
#define RPMSG_FIELDS_vring_get(FIELD) RPMSG_FIELDS_vring_(FIELD, used_idx)

#define RPMSG_FIELDS_mbox_kick(FIELD) FIELD(U32, mbox.channel, channel)
#define RPMSG_FIELDS_mbox_rx(FIELD)   FIELD(U32, mbox.channel, channel)

#define RPMSG_FIELDS_msg_send(FIELD)                                                               \
	FIELD(U32, msg.src, src)                                                                   \
	FIELD(U32, msg.dst, dst)                                                                   \
	FIELD(U32, msg.len, len)                                                                   \
	FIELD(U32, msg.flags, flags)                                                               \
	FIELD(PAYLOAD, msg.captured, payload)
#define RPMSG_FIELDS_msg_recv(FIELD) RPMSG_FIELDS_msg_send(FIELD)

#define RPMSG_FIELDS_ns_announce(FIELD)                                                            \
	FIELD(NAME, ns.name, name)                                                                 \
	FIELD(U32, ns.addr, addr)                                                                  \
	FIELD(U32, ns.flags, flags)                                                                \
	FIELD(U8, ns.direction, direction)

#define RPMSG_FIELDS_ept_create(FIELD)                                                             \
	FIELD(NAME, ept.name, name)                                                                \
	FIELD(U32, ept.addr, addr)
#define RPMSG_FIELDS_ept_destroy(FIELD) RPMSG_FIELDS_ept_create(FIELD)

#define RPMSG_FIELDS_tx_wait(FIELD)                                                                \
	FIELD(U32, tx_wait.src, src)                                                               \
	FIELD(U32, tx_wait.dst, dst)                                                               \
	FIELD(U64, tx_wait.waited_ns, waited_ns)                                                   \
	FIELD(S32, tx_wait.outcome, outcome)

#define RPMSG_FIELDS_drop(FIELD)                                                                   \
	FIELD(U32, drop.src, src)                                                                  \
	FIELD(U32, drop.dst, dst)                                                                  \
	FIELD(U32, drop.len, len)                                                                  \
	FIELD(U32, drop.reason, reason)

/*
 * Value names, written once for every printer and parser:
 *
 *	ROLE(NAME, value, "name")					RPMSG_EVENT_ROLE_NAME
 *	DROP_REASON(NAME, value, "name", "kernel's log words" or NULL)	RPMSG_DROP_NAME
 *
 * The kernel's words start the line virtio_rpmsg_bus / rpmsg_ns logs for that drop; a reason
 * the kernel never logs has NULL.
 */
#define RPMSG_EVENT_ROLES(ROLE)                                                                    \
	ROLE(HOST, 0, "host")	  /* virtio driver (what Linux does) */                            \
	ROLE(REMOTE, 1, "remote") /* virtio device (what firmware does) */                         \
	ROLE(KERNEL, 2, "kernel") /* the real kernel's virtio_rpmsg_bus */

#define RPMSG_DROP_REASONS(DROP_REASON)                                                            \
	DROP_REASON(NO_RECIPIENT, 1, "no-recipient", "msg received with no recipient")             \
	DROP_REASON(TOO_BIG, 2, "too-big", "inbound msg too big")                                  \
	DROP_REASON(BAD_NS, 3, "bad-ns", "malformed ns msg")                                       \
	DROP_REASON(CALLBACK_ERROR, 4, "callback-error", NULL) /* endpoint callback failed */ \
	DROP_REASON(SEND_TOO_BIG, 5, "send-too-big", NULL) /* the sender refused it: -EMSGSIZE */

#endif /* RPMSG_SCOPE_EVENT_LIST_H */
