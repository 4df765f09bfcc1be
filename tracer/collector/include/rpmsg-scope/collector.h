/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-scope collector: per-endpoint and per-vring state built from struct rpmsg_event values.
 *
 * Any source (BPF ring buffer, CTF trace reader, kernel log parser, LTTng live) feeds events with
 * rpmsg_collector_add_event(); views (rpmsg-top, rpmsg-trace live/report, the babeltrace2 stats
 * sink) read snapshots. The collector never reads a clock: time comes from the events' ts_ns and
 * from the @now_ns the caller passes to rpmsg_collector_tick(), so replaying a trace gives the
 * same numbers as watching it live. All times are CLOCK_MONOTONIC nanoseconds (the events' clock).
 *
 * CONTRACT
 * - Thread safety: none inside. One collector is used by one thread at a time; the caller
 *   serializes every call (e.g. a source thread and a view thread share one mutex). Distinct
 *   collectors are independent.
 * - Memory: the collector owns all its state; snapshot structs are plain values copied out, the
 *   caller owns them. Pointers handed out (message payloads, rpmsg_collector_last_reject(),
 *   name_source strings) stay valid until the next call that is not a getter (add_event, tick,
 *   seed, destroy). Events passed in are only read.
 * - Errors: functions return 0 or a negative errno. An event that does not make sense (unknown
 *   type or role, captured > len, vq > 65535, bad ns flags...) is not an error for the caller:
 *   it is counted in totals.rejected_events and rpmsg_collector_add_event() returns -EINVAL, so
 *   a source may ignore the return value and nothing is silently lost.
 * - Cost: add_event does a few hash lookups and no allocation in the steady state (memory is
 *   taken when a new endpoint, vring or bus is first seen, and once per endpoint for its message
 *   ring and latency state). tick() and the sort helper are O(endpoints). Following buffers
 *   through the stages costs a table per ring (grown to the largest head seen, at most 32768
 *   entries) and, per row and direction whose messages were followed, eight histograms (about
 *   22 KiB), taken once.
 *
 * ENDPOINT ROWS: KEY AND DIRECTION RULE
 * A row is one channel seen from the host: key (bus, local, remote) where "local" is always the
 * address on the HOST side (virtio driver; role host or kernel) and "remote" the address on the
 * REMOTE side (virtio device; role remote). "tx" means host -> remote, "rx" remote -> host. An
 * event is mapped by its role:
 *
 *	event (role)           local   remote  direction
 *	msg_send (host/kernel) src     dst     tx
 *	msg_recv (host/kernel) dst     src     rx
 *	msg_send (remote)      dst     src     rx
 *	msg_recv (remote)      src     dst     tx
 *	drop (host/kernel)     dst     src     rx    (a drop happens on the receiving side)
 *	drop (remote)          src     dst     tx
 *	drop send-too-big      as tx_wait      (the sender refused it: -EMSGSIZE)
 *	tx_wait (host/kernel)  src     dst     tx    (the sender waits)
 *	tx_wait (remote)       dst     src     rx
 *
 * So "msg_send from host src=1024 dst=0x400" and the remote's "msg_recv src=1024 dst=0x400" land
 * on the same row (bus, 1024, 0x400), direction tx.
 *
 * COUNTING RULE (one message, seen from both sides, counts once)
 * Per row and direction the collector counts "sent" (msg_send events) and "delivered" (msg_recv
 * events) separately. The headline msgs/bytes are max(sent, delivered): right when only the
 * sender is traced, when only the receiver is traced, and when both are (then delivered <= sent,
 * the difference being in flight or dropped). Rates are computed from the headline counters.
 * The size histogram shown is the one of whichever of sent/delivered has more messages.
 *
 * NAMES
 * Names are learned per (bus, side, address), where side is who owns the address:
 * - ns_announce: the address belongs to the side that sent the announcement (role host + dir tx,
 *   or role remote + dir rx -> host side; role remote + dir tx, role host + dir rx -> remote).
 * - ept_create: the address belongs to the emitting side.
 * - rpmsg_collector_seed_from_snapshot(): the bus's channel directory.
 * A row (bus, L, R) is named, in this order of preference, by: the announced name of R (remote
 * side), the announced name of L (host side), the endpoint name of L, the endpoint name of R.
 * Rows touching address 53 (name-service messages themselves) are named "name-service". Names
 * found later apply to existing rows. ns_announce DESTROY (and ept_destroy) mark the row closed;
 * its counters stay.
 *
 * LATENCY MATCHING RULE AND ITS LIMITS
 * Send->deliver latency is measured only when both sides are traced. Per row and direction the
 * collector keeps a FIFO of unmatched events of one kind: a msg_send from the sender side is
 * matched with the oldest unmatched msg_recv of the same direction (and vice versa, so a receive
 * that arrives first from another source still matches), provided the lengths are equal. If the
 * oldest entry's length differs, that entry is discarded as unmatched (its message was dropped or
 * its event lost) and the next is tried. A drop event discards the oldest pending send of its
 * direction if it has the drop's length. Latency = recv.ts - send.ts (negative clamped to 0).
 * Limits: messages with equal (bus, src, dst, len) that are reordered between send and deliver
 * are mis-paired (rpmsg delivers in order per ring, so only lost events cause this); the FIFO
 * holds RPMSG_COLLECTOR_LATENCY_PENDING_MAX entries per direction, older ones are discarded;
 * discards count in lat_unmatched only once both kinds were seen in that direction (with one side
 * untraced nothing can match, and that is not an anomaly); the two sides' timestamps must come
 * from the same clock (true for BPF, USDT and LTTng on one machine; not for a remote board
 * without clock correlation). Percentiles come from a log-linear histogram (8 sub-buckets per
 * power of two: the reported bucket middle is within about 6%), clamped to the smallest and
 * largest values seen.
 *
 * VRINGS
 * A vring row is keyed by (bus, vq). Two counts describe what a ring holds, because the host
 * reclaims lazily (as Linux does: a sent buffer is taken back only when a sender needs one):
 * - unreclaimed: descriptors the driver made available and has not taken back, from the driver
 *   side's vring_add / vring_get events (role host or kernel): (avail_idx - used_idx) mod 2^16
 *   using the latest add and get; before both were seen it is num - num_free. On vq 1 these are
 *   TX buffers not yet reclaimed (it climbs to num under steady traffic: no backlog by itself);
 *   on vq 0 the RX buffers posted. At most num (out-of-order events cannot make it more).
 * - with_remote: buffers published in the avail ring and not yet returned through the used ring:
 *   the driver's avail_idx minus the device's used index (the idx of the device side's
 *   vring_add, role remote, which pushes a used entry). On vq 1 the messages really in flight
 *   (sent, not yet consumed by the remote); on vq 0 the empty buffers the remote can still fill.
 *   -1 until both sides' events were seen (one side untraced, or a source without them).
 * The ring size num is seeded from the bus, else inferred as the smallest power of two (split
 * rings are sized so) holding num_free + unreclaimed as seen. num_free is reported as is (on the
 * host TX ring, vq 1, it is the number of free TX buffers).
 * Device-side (remote) vring events are counted in device_adds/device_gets, and give the
 * unreclaimed count only for rings where no driver-side event was ever seen: then it is the
 * device's num_free (buffers made available to it and not yet taken).
 *
 * DOORBELLS
 * mbox_kick / mbox_rx carry the notify id; it is taken as the vq index (our bus and the kernel's
 * remoteproc give vring i notify id i). Kicks and interrupts have the same one-doorbell-two-views
 * rule as messages: a kick rung by the host and received by the remote is one doorbell; a ring's
 * counters are max(rung, received). Doorbells whose id names no vring (another id, or a source
 * that counts doorbells per bus only, such as introspection) are counted per bus as "other".
 * The totals are the sum of the rings' counts and the other ones, and their rates the sum of the
 * rings' rates and the other ones' (all over the same interval): the parts add up to the total.
 *
 * STAGES: WHERE A MESSAGE'S TIME GOES (stages.c)
 * A message and its buffer pass, on the ring of their direction (tx: vq 1, sender host; rx: vq 0,
 * sender remote), through eight points, each one event of one side:
 *
 *	send     the sender's msg_send
 *	add      the sender's vring_add: the buffer made available (host: avail ring; remote: used
 *	         ring). The send just before it on that side is its message (a sender holds its
 *	         TX lock from msg_send to vring_add).
 *	kick     the sender's first mbox_kick with channel = the ring after the add: a kick covers
 *	         every buffer added since the previous one
 *	irq      the receiver's first mbox_rx with that channel after the kick ("interrupt"); it
 *	         too covers every kicked buffer not yet taken
 *	get      the receiver's vring_get of the buffer's descriptor head (followed by head: a
 *	         table per ring indexed by head, FIFOs of heads waiting for a kick and an irq)
 *	recv     the receiver's msg_recv right after that get: the callback's delivery
 *	return   the receiver's vring_add of the same head: the buffer given back (vq 1: the
 *	         remote pushes it used; vq 0: the host posts it again)
 *	reclaim  the sender's vring_get of the same head: the buffer taken back by its owner (the
 *	         host reclaims TX buffers lazily, only when it needs one)
 *
 * A stage is the time between two consecutive points (send>add ... return>reclaim), plus one
 * span the sender alone can see, add>reclaim (how long its buffer was away). Per row and
 * direction each stage has exact sample counts and p50/p99/max (the latency histogram), all
 * since start. A sample is taken only when both of its points were seen for that buffer. A
 * buffer taken by the receiver before any kick covered it (a kick suppressed by event index,
 * the receiver already draining, a polling receiver) or before its irq counts as "skipped" for
 * the doorbell stages, not as a sample: with both sides and their doorbells traced, samples +
 * skipped of add>kick, kick>irq and irq>get each equal the messages the receiver took. With the
 *receiver untraced nothing tells that a buffer was taken before the next kick, so a buffer its
 *sender did not kick for (event index) is timed to the next kick, as the rule says. The row is the
 *send's (or the recv's when the sender is untraced); samples are filed once the row is known. What
 *a source cannot see, it cannot time, and rpmsg_collector_stage_unseen() says why:
 * - one side traced only (an LTTng session on one process, the kernel's BPF program): the other
 *   side's points are missing: host only gives send>add, add>kick and add>reclaim on tx and
 *   get>recv, recv>return on rx;
 * - a kernel log (--kmsg): messages but no vring or doorbell events: no stage at all;
 * - introspection (shared memory read every interval): index movements, no per-buffer events
 *   (its vring events carry a head beyond any ring, and such heads are not followed): no stage;
 * - lost events: a head whose cycle was cut is restarted at its next add (counted unmatched).
 *
 * WHO HOLDS THE TX BUFFERS
 * Per row and direction (struct rpmsg_collector_traffic): buffers_unreclaimed, the row's
 * buffers added and not yet reclaimed by their sender, and buffers_with_receiver, those of them
 * not yet given back by the receiver (-1 until a receiver's return was seen on that ring). On
 * the host TX ring (tx rows), buffers_with_receiver are the row's messages in flight with the
 * remote; buffers_unreclaimed minus them, the ones the remote returned and the host has not
 * reclaimed yet. Per vring, with_remote and returned (unreclaimed minus with_remote) give the
 * same split for the whole ring. TX waits are per direction, i.e. per side (tx: the host's
 * senders waited, rx: the remote's), with count, total, p50/p99 and max of the time waited.
 *
 * LAST MESSAGES AND DECODING
 * Each row keeps its last N messages (options.messages_per_endpoint, default 16): timestamp,
 * direction, header fields, full length and the raw captured payload bytes (at most
 * options.payload_keep, default RPMSG_EVENT_PAYLOAD_MAX). A message seen from both sides is kept
 * once (the receive that matches a send in the latency FIFO is not kept again; its latency is
 * filled into the kept entry). Decoding is the consumer's job at display time: register a
 * rpmsg_collector_format_fn (e.g. a wrapper around the decoders module, keyed by channel name)
 * with rpmsg_collector_set_formatter(); rpmsg_collector_format_message() and the print helpers
 * use it, falling back to a hex + ASCII dump.
 */
#ifndef RPMSG_SCOPE_COLLECTOR_H
#define RPMSG_SCOPE_COLLECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/event.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_collector;
struct rpmsg_monitor_snapshot; /* <rpmsg/monitor.h> */

/* Directions of a row or doorbell, seen from the host. */
enum rpmsg_collector_dir {
	RPMSG_COLLECTOR_TX = 0, /* host -> remote */
	RPMSG_COLLECTOR_RX = 1, /* remote -> host */
	RPMSG_COLLECTOR_DIRS
};

/*
 * Size histogram buckets: bucket 0 counts len <= 1, bucket i (1..9) counts 2^(i-1) < len <= 2^i
 * (so bucket 9 is 257..512), bucket 10 counts len > 512. rpmsg_collector_size_bucket_label()
 * gives "<=1", "<=2", ..., "<=512", ">512".
 */
#define RPMSG_COLLECTOR_SIZE_BUCKETS 11

/*
 * The window of the latency percentiles the views show (lat_p50_ns, lat_p99_ns, the p50/p99
 * sort keys): every matched message since the collector started. Said in the views' legends and
 * in the JSON totals ("latency_window").
 */
#define RPMSG_COLLECTOR_LATENCY_WINDOW "since start"

/* Sources that report lost events, by distinct name (beyond that, counted under "other"). */
#define RPMSG_COLLECTOR_LOST_SOURCES_MAX 16
/* Unmatched events kept per row and direction for latency matching. */
#define RPMSG_COLLECTOR_LATENCY_PENDING_MAX 256
/* Largest history length (ticks) options.history_len accepts. */
#define RPMSG_COLLECTOR_HISTORY_MAX 3600
/* Largest options.messages_per_endpoint. */
#define RPMSG_COLLECTOR_MESSAGES_MAX 4096

/**
 * struct rpmsg_collector_options - how a collector is built; zero fields mean "default"
 * @messages_per_endpoint: last messages kept per row (default 16; at most
 *                         RPMSG_COLLECTOR_MESSAGES_MAX)
 * @payload_keep: payload bytes kept per message (default and maximum RPMSG_EVENT_PAYLOAD_MAX)
 * @history_len: samples of per-row and per-vring history, one per tick (default 60)
 * @smoothing_ns: time constant of the smoothed rates, exponential moving average
 *                (default 3 s); the last interval's raw rate is reported too
 * @start_ns: start of the first interval; 0: the timestamp of the first event seen. Live tools
 *            should pass the current CLOCK_MONOTONIC time, so that a first interval in which
 *            traffic began late is not measured from its first event.
 * @max_endpoints: rows kept at most (default 65536); events of further rows are rejected
 *                 (counted, reason "too many endpoints") so a hostile stream cannot exhaust memory
 * @no_stages: follow no buffer through the stages (STAGES above): for a caller that never reads
 *             them (rpmsg_collector_endpoint_stages(), the stages callback), such as a report's
 *             table, which then spends nothing on them
 */
struct rpmsg_collector_options {
	unsigned int messages_per_endpoint;
	unsigned int payload_keep;
	unsigned int history_len;
	uint64_t smoothing_ns;
	uint64_t start_ns;
	unsigned int max_endpoints;
	bool no_stages;
};

/** rpmsg_collector_options_init() - fill @opts with the defaults. */
void rpmsg_collector_options_init(struct rpmsg_collector_options *opts);

/**
 * rpmsg_collector_create() - make an empty collector
 * @opts: options (copied), or NULL for the defaults
 * @out: the new collector
 * Return: 0, -EINVAL (an option out of range), -ENOMEM.
 */
int rpmsg_collector_create(const struct rpmsg_collector_options *opts,
			   struct rpmsg_collector **out);
/** rpmsg_collector_destroy() - free everything; NULL is allowed. */
void rpmsg_collector_destroy(struct rpmsg_collector *c);

/**
 * rpmsg_collector_add_event() - account one event
 * @c: collector
 * @ev: the event; strings in it are treated as untrusted (bounded by their array sizes)
 *
 * Return: 0; -EINVAL if the event makes no sense (counted in totals.rejected_events with the
 * reason kept for rpmsg_collector_last_reject()); -ENOMEM if a new row could not be made (out
 * of memory, or options.max_endpoints reached; counted in totals.rejected_events too).
 */
int rpmsg_collector_add_event(struct rpmsg_collector *c, const struct rpmsg_event *ev);

/**
 * rpmsg_collector_add_lost() - a source reports @count events it could not deliver (ring buffer
 * full, LTTng discarded events, parse errors). Shown in totals, per source.
 * @source: short name, e.g. "bpf-ringbuf", "lttng-discarded" (copied; at most 31 characters kept)
 * Return: 0, -EINVAL (@source NULL or empty).
 */
int rpmsg_collector_add_lost(struct rpmsg_collector *c, const char *source, uint64_t count);

/**
 * rpmsg_collector_tick() - close the interval that ends at @now_ns
 *
 * Computes every rate over [previous tick (or options.start_ns, or the first event), @now_ns],
 * updates the smoothed rates, pushes one history sample per row and vring, computes the
 * interval's latency percentiles and resets per-interval extremes. Call it once per refresh
 * (e.g. every second). With no start given and no event seen yet, a tick only marks the start.
 * Return: 0, -EINVAL if @now_ns is not after the previous interval's start (nothing changes).
 */
int rpmsg_collector_tick(struct rpmsg_collector *c, uint64_t now_ns);

/**
 * rpmsg_collector_seed_from_snapshot() - learn names (and pre-create rows) from a bus snapshot
 *
 * For channels announced before tracing started: every directory entry's name is learned for
 * its address on its side, as if announced (origin ANNOUNCED / PEER) or created (LOCAL); when
 * both addresses of an entry are known, its row is created (with zero traffic) so it shows at
 * once. Vring sizes, indices, in-flight and free TX buffers are seeded too.
 * Return: 0, -EINVAL (NULL, or a channel count beyond the array), -ENOMEM.
 */
int rpmsg_collector_seed_from_snapshot(struct rpmsg_collector *c,
				       const struct rpmsg_monitor_snapshot *snap);

/* ---------------------------------------------------------------------------------------- */
/* Snapshots                                                                                 */

/* Traffic of one direction of a row (or of the totals). */
struct rpmsg_collector_traffic {
	uint64_t msgs, bytes;			  /* headline: max(sent, delivered) */
	uint64_t sent_msgs, sent_bytes;		  /* from msg_send events */
	uint64_t delivered_msgs, delivered_bytes; /* from msg_recv events */
	uint32_t min_len, max_len; /* smallest / largest message (sent or delivered); 0 if none */
	double msgs_per_s, bytes_per_s; /* last closed interval */
	double msgs_per_s_smooth, bytes_per_s_smooth;
	uint64_t size_hist[RPMSG_COLLECTOR_SIZE_BUCKETS];
	/* Latency of the messages of this direction (0 when none matched). */
	uint64_t lat_samples;				   /* matched pairs since start */
	uint64_t lat_p50_ns, lat_p99_ns, lat_max_ns;	   /* since start (see below) */
	uint64_t lat_interval_p50_ns, lat_interval_p99_ns; /* last closed interval */
	uint64_t lat_unmatched;				   /* sends/receives discarded unmatched */
	uint64_t drops;					   /* all reasons */
	uint64_t drops_by_reason[RPMSG_DROP_REASON_COUNT]; /* index: enum rpmsg_drop_reason */
	uint64_t tx_waits;				   /* senders that found no free buffer */
	uint64_t tx_wait_failures;			   /* ... and gave up (outcome != 0) */
	uint64_t tx_wait_total_ns, tx_wait_max_ns;
	uint64_t tx_wait_p50_ns, tx_wait_p99_ns; /* of the time waited, since start */
	/* this row's buffers now (WHO HOLDS THE TX BUFFERS); totals: the sum over rows */
	uint32_t buffers_unreclaimed;  /* added, not yet taken back by the sender */
	int64_t buffers_with_receiver; /* added, not yet given back; -1 unknown */
};

/**
 * struct rpmsg_collector_endpoint_stats - one row
 * @id: stable id, 0-based in order of first appearance; never reused
 * @bus: bus name
 * @local: host-side address; @remote: remote-side address (see the key rule above)
 * @name: learned name, "" if none yet
 * @name_source: where the name came from: "ns", "ept", "snapshot", "builtin" (address 53), ""
 * @closed: the channel or endpoint was destroyed (ns DESTROY / ept_destroy)
 * @first_ns, @last_ns: timestamps of the first and last event of this row
 * @dir: traffic per direction, index enum rpmsg_collector_dir
 * @messages_kept: how many last messages rpmsg_collector_endpoint_message() can return
 */
struct rpmsg_collector_endpoint_stats {
	uint32_t id;
	char bus[RPMSG_EVENT_BUS_LEN];
	uint32_t local, remote;
	char name[RPMSG_EVENT_NAME_LEN];
	const char *name_source;
	bool closed;
	uint64_t first_ns, last_ns;
	struct rpmsg_collector_traffic dir[RPMSG_COLLECTOR_DIRS];
	unsigned int messages_kept;
};

/* One history sample of a row (one per tick). */
struct rpmsg_collector_rate_sample {
	uint64_t t_ns; /* end of the interval */
	float msgs_per_s[RPMSG_COLLECTOR_DIRS];
	float bytes_per_s[RPMSG_COLLECTOR_DIRS];
};

/**
 * struct rpmsg_collector_message - one kept message
 * @ts_ns: time of the first event seen for it (send, or the receive if that came first)
 * @dir: direction
 * @role: role of the event that recorded it
 * @src, @dst, @len, @flags: rpmsg header fields (len: full payload length)
 * @captured: bytes in @payload (<= @len; less means the capture was truncated)
 * @latency_ns: send->deliver latency when both sides were seen, else 0
 * @payload: raw captured bytes; owned by the collector, valid until the next non-getter call
 */
struct rpmsg_collector_message {
	uint64_t ts_ns;
	enum rpmsg_collector_dir dir;
	uint32_t role;
	uint32_t src, dst, len, flags;
	uint32_t captured;
	uint64_t latency_ns;
	const uint8_t *payload;
};

/**
 * struct rpmsg_collector_vring_stats - one vring
 * @id: stable id in order of first appearance
 * @bus, @vq: key (vq 0 = host RX, 1 = host TX)
 * @num: ring size if known (seeded or inferred), else 0
 * @unreclaimed: descriptors made available by the driver and not yet taken back, now (vq 1: TX
 *               buffers not yet reclaimed; vq 0: RX buffers posted; see VRINGS above)
 * @unreclaimed_max: largest @unreclaimed in the last closed interval
 * @with_remote: buffers published in the avail ring and not yet returned in the used ring, now
 *               (vq 1: messages in flight with the remote); -1 if unknown (see VRINGS above)
 * @returned: @unreclaimed minus @with_remote: given back by the remote, not yet reclaimed by
 *            the host (vq 1); -1 if @with_remote is unknown
 * @num_free: free descriptors of the driver now (vq 1: free host TX buffers); -1 if unknown
 * @num_free_min: smallest num_free in the last closed interval (-1 if unknown)
 * @adds, @gets: driver-side vring_add / vring_get events
 * @device_adds, @device_gets: device-side (remote role) vring events
 * @adds_per_s, @gets_per_s: driver-side, last closed interval
 * @kicks: doorbells towards the device about this vq (max(rung by host, received by remote))
 * @interrupts: doorbells towards the driver about this vq (max(rung by remote, received by host))
 * @kicks_per_s, @interrupts_per_s: last closed interval; *_smooth: smoothed
 */
struct rpmsg_collector_vring_stats {
	uint32_t id;
	char bus[RPMSG_EVENT_BUS_LEN];
	uint32_t vq;
	uint32_t num;
	uint32_t unreclaimed, unreclaimed_max;
	int64_t with_remote, returned;
	int64_t num_free, num_free_min;
	uint64_t adds, gets, device_adds, device_gets;
	double adds_per_s, gets_per_s;
	uint64_t kicks, interrupts;
	double kicks_per_s, interrupts_per_s;
	double kicks_per_s_smooth, interrupts_per_s_smooth;
};

/* One history sample of a vring (one per tick). */
struct rpmsg_collector_vring_sample {
	uint64_t t_ns;
	uint32_t unreclaimed_max; /* over the interval */
	int32_t num_free_min;	  /* over the interval, -1 unknown */
};

/* Lost events reported by one source. */
struct rpmsg_collector_lost_source {
	char name[32];
	uint64_t count;
};

/**
 * struct rpmsg_collector_totals - everything summed
 * @events: events accepted; @events_by_type: index enum rpmsg_event_type
 * @rejected_events: events refused as malformed (see rpmsg_collector_last_reject())
 * @lost_events: sum over sources of rpmsg_collector_add_lost(); @lost: per source
 * @endpoints, @vrings, @buses: rows known
 * @dir: per direction, summed over rows (latency fields: merged histogram of all rows)
 * @kicks, @interrupts: doorbells towards the remote (kicks) and towards the host (interrupts):
 *                      the sum over vrings plus @kicks_other / @interrupts_other (DOORBELLS)
 * @kicks_other, @interrupts_other: doorbells whose notify id names no vring
 * @kicks_per_s, @interrupts_per_s: last closed interval, the sum of the vrings' rates and the
 *                                  *_other_per_s ones
 * @first_ns, @last_ns: first and last event timestamps; @interval_ns: last closed interval
 * @ticks: intervals closed
 */
struct rpmsg_collector_totals {
	uint64_t events;
	uint64_t events_by_type[RPMSG_EV_TYPE_COUNT];
	uint64_t rejected_events;
	uint64_t lost_events;
	unsigned int lost_source_count;
	struct rpmsg_collector_lost_source lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX + 1];
	unsigned int endpoints, vrings, buses;
	struct rpmsg_collector_traffic dir[RPMSG_COLLECTOR_DIRS];
	uint64_t kicks, interrupts, kicks_other, interrupts_other;
	double kicks_per_s, interrupts_per_s, kicks_other_per_s, interrupts_other_per_s;
	uint64_t first_ns, last_ns, interval_ns;
	uint64_t ticks;
};

/** rpmsg_collector_totals() - fill @out. Return: 0. */
int rpmsg_collector_get_totals(const struct rpmsg_collector *c, struct rpmsg_collector_totals *out);

/** rpmsg_collector_last_reject() - why the last rejected event was refused ("" if none). */
const char *rpmsg_collector_last_reject(const struct rpmsg_collector *c);

/** rpmsg_collector_endpoint_count() - rows; ids are 0 .. count-1. */
uint32_t rpmsg_collector_endpoint_count(const struct rpmsg_collector *c);

/** rpmsg_collector_endpoint() - copy row @id into @out. Return: 0, -ENOENT. */
int rpmsg_collector_endpoint(const struct rpmsg_collector *c, uint32_t id,
			     struct rpmsg_collector_endpoint_stats *out);

/**
 * rpmsg_collector_find_endpoint() - id of row (bus, local, remote) (host-side local address).
 * Return: the id (>= 0), or -ENOENT.
 */
int64_t rpmsg_collector_find_endpoint(const struct rpmsg_collector *c, const char *bus,
				      uint32_t local, uint32_t remote);

/**
 * rpmsg_collector_endpoint_history() - a row's rate history, oldest first
 * @out: room for @max samples; Return: samples written (<= options.history_len), or -ENOENT.
 */
int rpmsg_collector_endpoint_history(const struct rpmsg_collector *c, uint32_t id,
				     struct rpmsg_collector_rate_sample *out, size_t max);

/**
 * rpmsg_collector_endpoint_message() - the @index-th kept message of row @id, 0 = newest
 * Return: 0, -ENOENT (no such row or index >= messages_kept). @out->payload points into the
 * collector (valid until the next non-getter call).
 */
int rpmsg_collector_endpoint_message(const struct rpmsg_collector *c, uint32_t id,
				     unsigned int index, struct rpmsg_collector_message *out);

/** rpmsg_collector_vring_count() - vring rows; ids are 0 .. count-1. */
uint32_t rpmsg_collector_vring_count(const struct rpmsg_collector *c);
/** rpmsg_collector_vring() - copy vring @id into @out. Return: 0, -ENOENT. */
int rpmsg_collector_vring(const struct rpmsg_collector *c, uint32_t id,
			  struct rpmsg_collector_vring_stats *out);
/** rpmsg_collector_vring_history() - as endpoint_history, for a vring. */
int rpmsg_collector_vring_history(const struct rpmsg_collector *c, uint32_t id,
				  struct rpmsg_collector_vring_sample *out, size_t max);

/* ---------------------------------------------------------------------------------------- */
/* Sorting                                                                                   */

enum rpmsg_collector_sort_key {
	RPMSG_COLLECTOR_SORT_ID = 0, /* order of appearance */
	RPMSG_COLLECTOR_SORT_NAME,   /* then bus, local, remote */
	RPMSG_COLLECTOR_SORT_ADDR,   /* bus, local, remote */
	RPMSG_COLLECTOR_SORT_MSGS,   /* tx + rx messages */
	RPMSG_COLLECTOR_SORT_TX_MSGS,
	RPMSG_COLLECTOR_SORT_RX_MSGS,
	RPMSG_COLLECTOR_SORT_BYTES, /* tx + rx bytes */
	RPMSG_COLLECTOR_SORT_RATE,  /* tx + rx msgs/s, last interval */
	RPMSG_COLLECTOR_SORT_TX_RATE,
	RPMSG_COLLECTOR_SORT_RX_RATE,
	RPMSG_COLLECTOR_SORT_BYTE_RATE, /* tx + rx B/s, last interval */
	RPMSG_COLLECTOR_SORT_LAT_P50,	/* max over directions, since start */
	RPMSG_COLLECTOR_SORT_LAT_P99,
	RPMSG_COLLECTOR_SORT_DROPS,
	RPMSG_COLLECTOR_SORT_TX_WAITS,
	RPMSG_COLLECTOR_SORT_LAST_SEEN,
	RPMSG_COLLECTOR_SORT_KEY_COUNT
};

/** rpmsg_collector_sort_key_name() - "id", "name", "addr", "msgs", ... (for -s options). */
const char *rpmsg_collector_sort_key_name(enum rpmsg_collector_sort_key key);
/** rpmsg_collector_sort_key_parse() - inverse of the above. Return: 0, -EINVAL. */
int rpmsg_collector_sort_key_parse(const char *name, enum rpmsg_collector_sort_key *out);

/**
 * rpmsg_collector_sort_endpoints() - row ids ordered by @key
 * @ids: out: room for @max ids; @descending: largest first (NAME/ADDR/ID: reverse order)
 * Ties are broken by id, so the order is stable between refreshes (rows do not jump).
 * Return: ids written (min(@max, endpoint count)), or -ENOMEM.
 */
int rpmsg_collector_sort_endpoints(const struct rpmsg_collector *c,
				   enum rpmsg_collector_sort_key key, bool descending,
				   uint32_t *ids, size_t max);

/* ---------------------------------------------------------------------------------------- */
/* Decoding hook and output helpers                                                          */

/**
 * typedef rpmsg_collector_format_fn - turn a kept message into text
 * @channel: row name ("" if unknown); decoders are keyed by it
 * @msg: the message (raw captured payload)
 * @out, @out_size: where to write a NUL-terminated line (no newline)
 * @priv: as given to rpmsg_collector_set_formatter()
 * Return: >= 0 when formatted; < 0 to fall back to the collector's hex + ASCII dump.
 */
typedef int (*rpmsg_collector_format_fn)(const char *channel,
					 const struct rpmsg_collector_message *msg, char *out,
					 size_t out_size, void *priv);

/** rpmsg_collector_set_formatter() - register the decoder hook (NULL removes it). */
void rpmsg_collector_set_formatter(struct rpmsg_collector *c, rpmsg_collector_format_fn fn,
				   void *priv);

/**
 * rpmsg_collector_format_message() - format @msg of row @id with the hook, else as hex + ASCII
 * Return: 0, -ENOENT (no such row), -EINVAL (@out_size 0).
 */
int rpmsg_collector_format_message(const struct rpmsg_collector *c, uint32_t id,
				   const struct rpmsg_collector_message *msg, char *out,
				   size_t out_size);

/**
 * typedef rpmsg_collector_message_fn - called from add_event once per new kept message (the
 * receive matching an already kept send does not call it again). For `live --messages`.
 * @c: the collector (getters may be called; add_event must not)
 * @id: row id
 */
typedef void (*rpmsg_collector_message_fn)(const struct rpmsg_collector *c, uint32_t id,
					   const struct rpmsg_collector_message *msg, void *priv);
/** rpmsg_collector_set_message_callback() - register it (NULL removes it). */
void rpmsg_collector_set_message_callback(struct rpmsg_collector *c, rpmsg_collector_message_fn fn,
					  void *priv);

/**
 * typedef rpmsg_collector_event_fn - called from add_event once per event it accepted, after the
 * collector accounted it (rejected events do not reach it). For views that need more than the
 * collector keeps: `rpmsg-trace doctor`'s rules, exports, per-message stage timing.
 * @c: the collector (getters may be called; add_event must not)
 * @ev: the event, valid only during the call
 */
typedef void (*rpmsg_collector_event_fn)(const struct rpmsg_collector *c,
					 const struct rpmsg_event *ev, void *priv);
/** rpmsg_collector_set_event_observer() - register it (one observer; NULL removes it). */
void rpmsg_collector_set_event_observer(struct rpmsg_collector *c, rpmsg_collector_event_fn fn,
					void *priv);

/**
 * typedef rpmsg_collector_delivery_fn - called from add_event each time a send and its delivery
 * are matched (the LATENCY MATCHING RULE above: both sides traced), with both times. For
 * timelines that draw a message from its send to its delivery (`rpmsg-trace export`).
 * @id: row id; @dir: direction; @send_ns, @recv_ns: the two events' times; @len: payload length
 */
typedef void (*rpmsg_collector_delivery_fn)(const struct rpmsg_collector *c, uint32_t id,
					    enum rpmsg_collector_dir dir, uint64_t send_ns,
					    uint64_t recv_ns, uint32_t len, void *priv);
/** rpmsg_collector_set_delivery_callback() - register it (NULL removes it). */
void rpmsg_collector_set_delivery_callback(struct rpmsg_collector *c,
					   rpmsg_collector_delivery_fn fn, void *priv);

/* ---------------------------------------------------------------------------------------- */
/* Stages (see STAGES above)                                                                 */

enum rpmsg_collector_stage {
	RPMSG_COLLECTOR_STAGE_SEND_ADD = 0,   /* msg_send -> vring_add (sender) */
	RPMSG_COLLECTOR_STAGE_ADD_KICK,	      /* vring_add -> the kick covering it (sender) */
	RPMSG_COLLECTOR_STAGE_KICK_IRQ,	      /* kick -> doorbell received (receiver) */
	RPMSG_COLLECTOR_STAGE_IRQ_GET,	      /* doorbell -> vring_get (receiver) */
	RPMSG_COLLECTOR_STAGE_GET_RECV,	      /* vring_get -> msg_recv: callback delivered */
	RPMSG_COLLECTOR_STAGE_RECV_RETURN,    /* msg_recv -> the buffer given back (receiver) */
	RPMSG_COLLECTOR_STAGE_RETURN_RECLAIM, /* given back -> taken back by the sender */
	RPMSG_COLLECTOR_STAGE_ADD_RECLAIM,    /* span: the buffer away from its sender */
	RPMSG_COLLECTOR_STAGES
};

/**
 * struct rpmsg_collector_stage_stats - one stage of one row and direction, since start
 * @samples: messages for which both points were seen
 * @p50_ns, @p99_ns, @max_ns: of those samples (0 when none)
 * @skipped: messages that went through without this stage's doorbell (kick suppressed or the
 *           receiver already draining; add>kick, kick>irq, irq>get only)
 */
struct rpmsg_collector_stage_stats {
	uint64_t samples;
	uint64_t p50_ns, p99_ns, max_ns;
	uint64_t skipped;
};

/** struct rpmsg_collector_stages - every stage of one row and direction (or all rows) */
struct rpmsg_collector_stages {
	struct rpmsg_collector_stage_stats stage[RPMSG_COLLECTOR_STAGES];
};

/**
 * rpmsg_collector_endpoint_stages() - stages of row @id, direction @dir; @id UINT32_MAX: all
 * rows merged. Return: 0, -ENOENT (no such row), -EINVAL (@dir).
 */
int rpmsg_collector_endpoint_stages(const struct rpmsg_collector *c, uint32_t id,
				    enum rpmsg_collector_dir dir,
				    struct rpmsg_collector_stages *out);
/** rpmsg_collector_stage_name() - "send>add", ... "add>reclaim"; NULL out of range. */
const char *rpmsg_collector_stage_name(unsigned int stage);
/** rpmsg_collector_stage_key() - the JSON key: "send_add", ... "add_reclaim"; NULL out of range. */
const char *rpmsg_collector_stage_key(unsigned int stage);
/* The points of a buffer's trip (STAGES above), in order. */
enum rpmsg_collector_point {
	RPMSG_COLLECTOR_POINT_SEND = 0,
	RPMSG_COLLECTOR_POINT_ADD,
	RPMSG_COLLECTOR_POINT_KICK,
	RPMSG_COLLECTOR_POINT_IRQ,
	RPMSG_COLLECTOR_POINT_GET,
	RPMSG_COLLECTOR_POINT_RECV,
	RPMSG_COLLECTOR_POINT_RETURN,
	RPMSG_COLLECTOR_POINT_RECLAIM,
	RPMSG_COLLECTOR_POINTS
};

/**
 * struct rpmsg_collector_message_stages - one message's trip, for per-message views (decode)
 * @dir: its direction
 * @head: the descriptor head of its buffer
 * @seen: bit (1 << enum rpmsg_collector_point) per point seen
 * @point_ns: the time of each point seen (index enum rpmsg_collector_point)
 */
struct rpmsg_collector_message_stages {
	enum rpmsg_collector_dir dir;
	uint32_t head;
	uint32_t seen;
	uint64_t point_ns[RPMSG_COLLECTOR_POINTS];
};

/**
 * typedef rpmsg_collector_stages_fn - called from add_event once per followed buffer when its
 * trip ends: its sender took it back, or its head was used again before that was seen (lost
 * events); and from rpmsg_collector_flush_stages() for the trips still under way
 * @c: the collector (getters may be called; add_event must not)
 * @id: the message's row; UINT32_MAX when no send or delivery named it
 */
typedef void (*rpmsg_collector_stages_fn)(const struct rpmsg_collector *c, uint32_t id,
					  const struct rpmsg_collector_message_stages *m,
					  void *priv);
/** rpmsg_collector_set_stages_callback() - register it (NULL removes it). */
void rpmsg_collector_set_stages_callback(struct rpmsg_collector *c, rpmsg_collector_stages_fn fn,
					 void *priv);
/**
 * rpmsg_collector_flush_stages() - at the end of an input: report every trip still under way to
 * the stages callback (buffers the host has not reclaimed yet, messages in flight), in ring and
 * head order, and forget them (their samples stay filed). Return: trips reported.
 */
uint64_t rpmsg_collector_flush_stages(struct rpmsg_collector *c);

/**
 * rpmsg_collector_stage_unseen() - why @stage of direction @dir cannot be measured from the
 * events given so far: a point's event never came from its side ("the remote side was not
 * traced", "no vring events: a kernel log or introspection", ...). "" when both points were seen.
 */
const char *rpmsg_collector_stage_unseen(const struct rpmsg_collector *c,
					 enum rpmsg_collector_dir dir, unsigned int stage);

/** rpmsg_collector_size_bucket_label() - "<=1" ... "<=512", ">512"; NULL if out of range. */
const char *rpmsg_collector_size_bucket_label(unsigned int bucket);
/** rpmsg_collector_drop_reason_name() - "no-recipient", "too-big", "bad-ns", "callback-error". */
const char *rpmsg_collector_drop_reason_name(unsigned int reason);

/* Flags of struct rpmsg_collector_print_opts. */
#define RPMSG_COLLECTOR_PRINT_TOTALS   0x1  /* totals line(s), lost and rejected events */
#define RPMSG_COLLECTOR_PRINT_VRINGS   0x2  /* vring table */
#define RPMSG_COLLECTOR_PRINT_MESSAGES 0x4  /* last messages under each row */
#define RPMSG_COLLECTOR_PRINT_IDLE     0x8  /* include rows with no traffic */
#define RPMSG_COLLECTOR_PRINT_STAGES   0x10 /* JSON: each row's "stages" per direction (STAGES) */

/**
 * struct rpmsg_collector_print_opts - what the print helpers show
 * @sort, @descending: row order
 * @max_rows: at most this many rows (0: all)
 * @flags: RPMSG_COLLECTOR_PRINT_*
 * @messages: with PRINT_MESSAGES, newest messages shown per row (0: all kept)
 * @row_filter: when set, only rows for which it returns true are shown (e.g. `--endpoint ADDR`);
 *              totals and vrings are not filtered
 * @filter_priv: passed to @row_filter
 * @wall_offset_ns: added to the events' times in the JSON (`last_ns`, a message's `ts_ns`) to
 *                  place them where the text outputs do: rpmsg_wall_offset_ns() for events on
 *                  CLOCK_MONOTONIC, 0 for a clock already on the epoch (or a boot clock)
 */
struct rpmsg_collector_print_opts {
	enum rpmsg_collector_sort_key sort;
	bool descending;
	unsigned int max_rows;
	unsigned int flags;
	unsigned int messages;
	bool (*row_filter)(const struct rpmsg_collector_endpoint_stats *row, void *priv);
	void *filter_priv;
	int64_t wall_offset_ns;
};

/** rpmsg_collector_print_opts_init() - sort by msg rate descending, totals + vrings + idle. */
void rpmsg_collector_print_opts_init(struct rpmsg_collector_print_opts *opts);

/**
 * rpmsg_collector_print_table() - plain-text tables (no escape sequences), for batch modes
 * Return: 0, -EIO if writing failed, -ENOMEM.
 */
int rpmsg_collector_print_table(const struct rpmsg_collector *c, FILE *f,
				const struct rpmsg_collector_print_opts *opts);

/**
 * rpmsg_collector_print_json() - the same content as one JSON object on one line (NDJSON: call
 * once per interval). Keys: "totals", "endpoints" (array), "vrings" (array). Strings escaped.
 * Times (`last_ns`, a message's `ts_ns`) are strings of decimal ns on the epoch (@wall_offset_ns
 * added): exact where a JSON number read as a double would be rounded (above 2^53).
 * Return: 0, -EIO, -ENOMEM.
 */
int rpmsg_collector_print_json(const struct rpmsg_collector *c, FILE *f,
			       const struct rpmsg_collector_print_opts *opts);

/**
 * rpmsg_collector_print_stages() - the stage breakdown per row and direction (rows with
 * messages, @opts's order and filter): per stage count, p50, p99, max and skipped, a line of who
 * holds the sender's buffers and its TX waits, then the stages that could not be measured and
 * why. @json: one JSON object on one line instead
 * (keys "stages": array of {id, bus, local, remote, name, dir, msgs, tx_waits,
 * tx_wait_total_ns, tx_wait_p50_ns, tx_wait_p99_ns, buffers_unreclaimed, buffers_with_receiver,
 * stages: {KEY: {samples, p50_ns, p99_ns, max_ns, skipped}}}, "totals": {tx, rx}, and
 * "unmeasured": {tx: {KEY: why}, rx: {...}}). Return: 0, -EIO, -ENOMEM.
 */
int rpmsg_collector_print_stages(const struct rpmsg_collector *c, FILE *f,
				 const struct rpmsg_collector_print_opts *opts, bool json);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_SCOPE_COLLECTOR_H */
