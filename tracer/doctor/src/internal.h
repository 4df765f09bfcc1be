/* SPDX-License-Identifier: MIT */
/*
 * The doctor's state: what the collector does not keep, filled by the event observer (observe.c)
 * and read by the rules (rules.c). Private to tracer/doctor.
 *
 * Sides and directions: side 0 is the host (roles host and kernel), side 1 the remote. A
 * direction is named by its sender's side: d = 0 host -> remote, d = 1 remote -> host. Its
 * messages travel on ring doctor_ring(d): vq 1 (host TX) for d = 0, vq 0 (host RX) for d = 1.
 * On that ring, for either direction:
 *	the sender's vring_add    publishes a message	    published[d]
 *	the receiver's vring_get  takes it		    taken[d]
 *	the receiver's vring_add  gives the buffer back	    returned[d]
 *	the sender's vring_get    reclaims it		    reclaimed[d]
 *	a doorbell on the ring's notify id rung by the sender (or received by the receiver) says
 *	"messages for you"; rung by the receiver (received by the sender) "buffers back".
 * (The host's vring_add on vq 0 also posts the empty receive buffers at start: they count as
 * returned, which only the stall measure of direction 0 reads, not this one.)
 */
#ifndef RPMSG_DOCTOR_INTERNAL_H
#define RPMSG_DOCTOR_INTERNAL_H

#include <rpmsg-scope/doctor.h>

#define DOCTOR_SIDES 2
#define SIDE_HOST    0
#define SIDE_REMOTE  1

static inline unsigned int doctor_side(uint32_t role)
{
	return role == RPMSG_EVENT_ROLE_REMOTE ? SIDE_REMOTE : SIDE_HOST;
}

static inline uint32_t doctor_ring(unsigned int dir)
{
	return dir == SIDE_HOST ? 1 : 0;
}

static inline const char *doctor_side_name(unsigned int side)
{
	return side == SIDE_REMOTE ? "remote" : "host";
}

/*
 * TX waits of one side (it is the sender that waits). A wait counts as long by its length alone:
 * the caller's timeout decides whether it gave up (a tool closing a bus gives up after 250 ms,
 * the kernel after 15 s), the other side decides how long it takes.
 */
struct doc_waits {
	uint64_t count, failures, long_waits, long_failures;
	uint64_t total_ns, max_ns;
};

/**
 * struct doc_bus - per bus, per direction d (index: the sender's side)
 * @sides_seen: bit per side that emitted any event on this bus
 * @doorbells_seen: any mbox event on this bus (a source that sees doorbells)
 * @sent, @delivered: msg_send by the sender, msg_recv by the receiver
 * @first_msg_ns, @last_msg_ns: first and last message event of the direction (either view)
 * @kicks_rung, @kicks_received: data doorbells of the direction (see above)
 * @returns_rung, @returns_received: "buffers back" doorbells to the sender
 * @redundant_kicks: data doorbells rung while the receiver had not yet taken the previous
 *                   message (both sides' ring events seen)
 * @publish_idx, @take_idx: the ring index after the sender's last publish (avail index of the
 *                          driver, used index of the device) and after the receiver's last take;
 *                          their difference is what the receiver has not taken yet, whatever
 *                          events were missed before (probes attach one by one; a trace may
 *                          start mid-run); @idx_seen: bit 0 publish, bit 1 take
 * @sender_free: the sender's free buffers after its last event on the ring, -1 unknown (host:
 *               the driver's num_free on vq 1; remote: the buffers the host left it on vq 0)
 * @empty_since_ns: when @sender_free last became 0 (0: not empty now)
 * @returned_at_empty: @returned when the ring became empty
 * @last_return_ns: the receiver's last vring_add on the ring
 * @waits: the sender's TX waits
 * @last_life_ns: the remote's last sign of life (any remote event; a message, doorbell or
 *                returned buffer the host saw); @remote_alive: there was one
 * @sends_since_life, @last_send_ns: host messages sent after it, and the last one's time
 * @too_big_max: largest length dropped as too big
 */
struct doc_bus {
	char name[RPMSG_EVENT_BUS_LEN];
	unsigned int sides_seen;
	bool doorbells_seen;
	uint64_t sent[DOCTOR_SIDES], delivered[DOCTOR_SIDES];
	uint64_t first_msg_ns[DOCTOR_SIDES], last_msg_ns[DOCTOR_SIDES];
	uint64_t published[DOCTOR_SIDES], taken[DOCTOR_SIDES];
	uint64_t returned[DOCTOR_SIDES], reclaimed[DOCTOR_SIDES];
	uint64_t kicks_rung[DOCTOR_SIDES], kicks_received[DOCTOR_SIDES];
	uint64_t returns_rung[DOCTOR_SIDES], returns_received[DOCTOR_SIDES];
	uint64_t redundant_kicks[DOCTOR_SIDES];
	uint32_t publish_idx[DOCTOR_SIDES], take_idx[DOCTOR_SIDES];
	unsigned int idx_seen[DOCTOR_SIDES];
	int64_t sender_free[DOCTOR_SIDES];
	uint64_t empty_since_ns[DOCTOR_SIDES];
	uint64_t returned_at_empty[DOCTOR_SIDES];
	uint64_t last_return_ns[DOCTOR_SIDES];
	struct doc_waits waits[DOCTOR_SIDES];
	uint64_t last_life_ns;
	bool remote_alive;
	uint64_t sends_since_life, last_send_ns;
	uint32_t too_big_max;
};

/**
 * struct doc_name - announcements of one name by one side, as one side saw them
 * @origin: the side that announced; @observer: the side whose event it was
 * @live: creates since the last destroy; @live_max: the most ever live at once
 * @creates: all creates; @addr, @addr_first: last and first created address
 * @created_ns: time of the last create; @destroyed: the last message was a destroy
 */
struct doc_name {
	unsigned int bus;
	unsigned int origin, observer;
	char name[RPMSG_EVENT_NAME_LEN];
	uint64_t live, live_max, creates;
	uint32_t addr, addr_first;
	uint64_t created_ns;
	bool destroyed;
};

/* An endpoint created on one side (ept_create). */
struct doc_ept {
	unsigned int bus, side;
	char name[RPMSG_EVENT_NAME_LEN];
	uint32_t addr;
	uint64_t created_ns;
	bool destroyed;
	uint64_t destroyed_ns;
};

/* A row whose endpoint was destroyed with messages to it in flight (the largest such count). */
struct doc_destroyed {
	uint32_t row_id;
	unsigned int side; /* the side whose endpoint went */
	uint64_t in_flight, sent, delivered;
};

/*
 * Per collector row (index: row id), per direction (enum rpmsg_collector_dir) or receiving side:
 * @measured, @slow, @max_ns: receive callbacks, timed by observe.c
 * @flight: messages sent minus messages delivered or dropped, as counted since the doctor
 *          started; @flight_min: its lowest value after a delivery or drop (@flight_seen: one
 *          was seen). A probe attached late or a trace started mid-run offsets @flight for
 *          good; what is really in flight is @flight - @flight_min (the channel drained at some
 *          point after its first delivery; if it never did, fewer are reported, never more).
 * @gone: the endpoint receiving in that direction went away; @since_gone: messages received
 *        since (msg_recv) minus messages sent since; @since_gone_max: the most it reached. The
 *        ring is FIFO, so only messages sent before the endpoint went can make it positive: a
 *        lower bound of what was in flight then that no offset can inflate, and the measure that
 *        holds where the channel never drained (a sender that filled the ring at once).
 */
struct doc_row {
	uint64_t measured[DOCTOR_SIDES], slow[DOCTOR_SIDES], max_ns[DOCTOR_SIDES];
	int64_t flight[RPMSG_COLLECTOR_DIRS], flight_min[RPMSG_COLLECTOR_DIRS];
	bool flight_seen[RPMSG_COLLECTOR_DIRS];
	int64_t since_gone[RPMSG_COLLECTOR_DIRS], since_gone_max[RPMSG_COLLECTOR_DIRS];
	bool gone[RPMSG_COLLECTOR_DIRS];
};

/*
 * A thread in a receive callback: its msg_recv, waiting for the buffer's return; @waited_ns: TX
 * waits of the same thread meanwhile (a callback that sends and waits for a buffer is held by
 * the other side: tx-starvation's business, not the callback's).
 */
struct doc_pending_recv {
	bool used;
	unsigned int bus, side;
	uint32_t tid;
	uint64_t ts_ns, waited_ns;
	uint32_t src, dst;
};

#define DOCTOR_PENDING_SLOTS 1024

struct rpmsg_doctor {
	struct rpmsg_collector *collector;
	struct rpmsg_doctor_options opts;
	/* event types seen, per side */
	uint64_t seen[DOCTOR_SIDES][RPMSG_EV_TYPE_COUNT];
	uint64_t untracked; /* entries not tracked for lack of room */
	struct doc_bus *buses;
	size_t bus_count, bus_cap;
	struct doc_name *names;
	size_t name_count, name_cap;
	struct doc_ept *epts;
	size_t ept_count, ept_cap;
	struct doc_destroyed *destroyed;
	size_t destroyed_count, destroyed_cap;
	struct doc_row *rows;
	size_t row_cap;
	struct doc_pending_recv pending[DOCTOR_PENDING_SLOTS];
};

/* observe.c: the collector's event observer. */
void doctor_observe(const struct rpmsg_collector *c, const struct rpmsg_event *ev, void *priv);

/**
 * doctor_grow() - make room for one more element in a growing array
 * @array: the array pointer (in/out); @count: elements in use; @cap: capacity (in/out)
 * @size: one element's size
 * Return: 0, -ENOSPC (RPMSG_DOCTOR_TRACKED_MAX reached), -ENOMEM.
 */
int doctor_grow(void **array, size_t count, size_t *cap, size_t size);

#endif /* RPMSG_DOCTOR_INTERNAL_H */
