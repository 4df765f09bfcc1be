/* SPDX-License-Identifier: MIT */
/*
 * Collector internals shared by the files of tracer/collector/src. Not installed.
 * Everything here follows the contract of <rpmsg-scope/collector.h> (single-threaded).
 */
#ifndef RPMSG_COLLECTOR_INTERNAL_H
#define RPMSG_COLLECTOR_INTERNAL_H

#include <rpmsg-scope/collector.h>

/* ------------------------------------------------------------------------------------------- */
/* Hash index: (a, b, c) -> value, open addressing. Values are indices into the owner's array.  */

struct key_index {
	struct key_slot *slots;
	uint32_t capacity; /* power of two, or 0 before the first insert */
	uint32_t used;
};

struct key_slot {
	uint32_t a, b, c;
	uint32_t value_plus_one; /* 0: empty */
};

void key_index_free(struct key_index *ki);
/* Return: the value, or -1 when absent. */
int64_t key_index_find(const struct key_index *ki, uint32_t a, uint32_t b, uint32_t c);
/* Insert a key known to be absent. Return: 0, -ENOMEM. */
int key_index_insert(struct key_index *ki, uint32_t a, uint32_t b, uint32_t c, uint32_t value);

/* ------------------------------------------------------------------------------------------- */
/* Latency: log-linear histogram and the send/receive matching FIFO.                           */

/* Values below 16 ns have a bucket each; above, 8 sub-buckets per power of two up to 2^44 ns. */
#define LAT_LINEAR   16
#define LAT_SUB_BITS 3
#define LAT_TOP_EXP  44
#define LAT_BUCKETS  (LAT_LINEAR + (LAT_TOP_EXP - 4 + 1) * (1 << LAT_SUB_BITS))

struct lat_hist {
	uint64_t count;
	uint64_t min, max;
	uint64_t buckets[LAT_BUCKETS];
};

void lat_hist_add(struct lat_hist *h, uint64_t ns);
void lat_hist_merge(struct lat_hist *into, const struct lat_hist *from);
/* The value at quantile q (0..1): the bucket's middle, clamped to the values seen. */
uint64_t lat_hist_quantile(const struct lat_hist *h, double q);

enum pending_kind { PENDING_SEND = 0, PENDING_RECV = 1 };

struct pending_msg {
	uint64_t ts_ns;
	uint64_t kept_seq; /* sequence number of the kept message, or UINT64_MAX */
	uint32_t len;
};

/* Per row and direction, allocated at the first message event of that direction. */
struct latency_state {
	enum pending_kind kind;	   /* kind of every queued entry */
	uint32_t head, count, cap; /* ring of cap entries */
	struct pending_msg *queue;
	bool seen_send, seen_recv;
	struct lat_hist all, interval;
	uint64_t interval_p50, interval_p99; /* of the last closed interval */
};

/* ------------------------------------------------------------------------------------------- */
/* Rows                                                                                         */

struct dir_state {
	uint64_t sent_msgs, sent_bytes, delivered_msgs, delivered_bytes;
	uint32_t min_len, max_len; /* over sent and delivered; valid once either count is > 0 */
	uint64_t sent_hist[RPMSG_COLLECTOR_SIZE_BUCKETS];
	uint64_t delivered_hist[RPMSG_COLLECTOR_SIZE_BUCKETS];
	uint64_t prev_msgs, prev_bytes; /* headline at the previous tick */
	double msgs_per_s, bytes_per_s, msgs_smooth, bytes_smooth;
	uint64_t unmatched;
	uint64_t drops, drops_by_reason[RPMSG_DROP_REASON_COUNT];
	uint64_t tx_waits, tx_wait_failures, tx_wait_total_ns, tx_wait_max_ns;
	struct lat_hist *wait_hist; /* time waited; allocated at the first tx_wait */
	struct latency_state *lat;
	struct stage_state *stages; /* allocated at the first buffer followed (stages.c) */
};

/* A direction's stage samples and the buffers it holds (stages.c). */
struct stage_state {
	struct lat_hist hist[RPMSG_COLLECTOR_STAGES];
	uint64_t skipped[RPMSG_COLLECTOR_STAGES];
	uint32_t unreclaimed, with_receiver;
};

struct kept_message {
	uint64_t ts_ns, latency_ns;
	uint32_t src, dst, len, flags, captured, role;
	uint8_t dir;
};

struct endpoint {
	uint32_t id, bus_id, local, remote;
	uint64_t first_ns, last_ns;
	struct dir_state dir[RPMSG_COLLECTOR_DIRS];
	/* last messages: ring of opts.messages_per_endpoint, allocated at the first message */
	struct kept_message *msgs;
	uint8_t *payloads;  /* messages_per_endpoint * payload_keep bytes */
	uint64_t msg_seq;   /* messages kept so far; the next goes to msg_seq % N */
	uint32_t hist_next; /* next history slot */
	uint32_t hist_count;
	struct rpmsg_collector_rate_sample history[]; /* opts.history_len */
};

/* Per vring; driver = host/kernel role events, device = remote role events. */
struct vring {
	uint32_t id, bus_id, vq;
	uint32_t num; /* seeded, or inferred */
	bool num_seeded;
	bool driver_seen, device_seen;
	bool have_avail, have_used, have_device_used;
	uint16_t avail_idx, used_idx; /* driver: last published avail, last reclaimed used */
	uint16_t device_used_idx;     /* device: used index after its last push */
	int64_t num_free;	      /* driver; -1 unknown */
	int64_t device_num_free;      /* device; -1 unknown */
	uint32_t unreclaimed_max_cur, unreclaimed_max_last;
	int64_t num_free_min_cur, num_free_min_last;
	uint64_t adds, gets, device_adds, device_gets, prev_adds, prev_gets;
	double adds_per_s, gets_per_s;
	/* doorbells about this vq: [0] rung, [1] received (one doorbell counts max(rung, received))
	 */
	uint64_t kicks[2], interrupts[2];
	uint64_t prev_kicks, prev_interrupts;
	double kicks_per_s, interrupts_per_s, kicks_smooth, interrupts_smooth;
	struct ring_track *track; /* buffers followed through the stages (vq 0 and 1; stages.c) */
	uint32_t hist_next, hist_count;
	struct rpmsg_collector_vring_sample history[];
};

/* Doorbell directions of a bus. */
enum { TO_REMOTE = 0, TO_HOST = 1 };

/*
 * Doorbells whose notify id names no vring of the bus (an unknown id, or a source that counts
 * doorbells per bus only): the bus's totals are its vrings' doorbells plus these, so the rings'
 * kicks/s add up to the header's.
 */
struct bus {
	char name[RPMSG_EVENT_BUS_LEN];
	uint64_t other_rung[2], other_received[2]; /* index TO_REMOTE / TO_HOST */
	uint64_t prev_other[2];
	double other_per_s[2];
	/* per ring (vq 0, 1): the sender's last msg_send, waiting for its vring_add (stages.c) */
	struct {
		bool pending;
		uint64_t ts_ns;
		uint32_t row_plus_one;
	} stage_send[2];
};

/* Which side of the bus owns an address (names are learned per side). */
enum { SIDE_HOST = 0, SIDE_REMOTE = 1 };

enum name_origin { ORIGIN_NONE = 0, ORIGIN_EVENT, ORIGIN_SNAPSHOT };

/* A name learned for (bus, side, address). */
struct name_entry {
	char ns_name[RPMSG_EVENT_NAME_LEN];  /* from name service */
	char ept_name[RPMSG_EVENT_NAME_LEN]; /* from endpoint creation */
	uint8_t ns_origin, ept_origin;	     /* enum name_origin */
	bool ns_destroyed, ept_destroyed;
};

struct rpmsg_collector {
	struct rpmsg_collector_options opts;

	struct bus *buses;
	uint32_t bus_count, bus_cap;
	uint32_t last_bus; /* cache: most events name the same bus */

	struct endpoint **endpoints;
	uint32_t endpoint_count, endpoint_cap;
	struct key_index endpoint_index; /* (bus, local, remote) */

	struct vring **vrings;
	uint32_t vring_count, vring_cap;
	struct key_index vring_index; /* (bus, vq, 0) */

	struct name_entry *names;
	uint32_t name_count, name_cap;
	struct key_index name_index; /* (bus, side, addr) */

	/* all rows merged, per direction */
	struct lat_hist lat_all[RPMSG_COLLECTOR_DIRS], lat_interval[RPMSG_COLLECTOR_DIRS];
	uint64_t lat_interval_p50[RPMSG_COLLECTOR_DIRS], lat_interval_p99[RPMSG_COLLECTOR_DIRS];

	/* stage points seen per direction (bit per point; stages.c), for stage_unseen() */
	uint32_t stage_points_seen[RPMSG_COLLECTOR_DIRS];
	/* any event from each side (0 host, 1 remote); any vring, any doorbell event */
	bool side_seen[2];
	bool vring_seen, doorbell_seen;
	bool heads_unknown; /* vring events without a descriptor head (introspection) */

	uint64_t events, events_by_type[RPMSG_EV_TYPE_COUNT], rejected;
	char last_reject[128];
	struct rpmsg_collector_lost_source lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX + 1];
	unsigned int lost_sources;
	uint64_t lost_total;

	bool have_interval_start;
	uint64_t interval_start, interval_ns, ticks;
	uint64_t first_ns, last_ns;

	rpmsg_collector_format_fn format;
	void *format_priv;
	rpmsg_collector_message_fn on_message;
	void *on_message_priv;
	rpmsg_collector_delivery_fn on_delivery;
	void *on_delivery_priv;
	rpmsg_collector_event_fn on_event;
	void *on_event_priv;
	rpmsg_collector_stages_fn on_stages;
	void *on_stages_priv;
};

/* collector.c */
int collector_reject(struct rpmsg_collector *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int collector_bus_id(struct rpmsg_collector *c, const char *name, uint32_t *out);
/* Find or create a row. Return: the row, or NULL (-ENOMEM / too many rows, already rejected). */
struct endpoint *collector_endpoint(struct rpmsg_collector *c, uint32_t bus_id, uint32_t local,
				    uint32_t remote);
struct vring *collector_vring(struct rpmsg_collector *c, uint32_t bus_id, uint32_t vq);

/* names.c */
struct name_entry *names_get(struct rpmsg_collector *c, uint32_t bus_id, int side, uint32_t addr);
const struct name_entry *names_find(const struct rpmsg_collector *c, uint32_t bus_id, int side,
				    uint32_t addr);
/* The row's name per the preference rule; sets *source and *closed. Returns "" when unnamed. */
const char *names_resolve(const struct rpmsg_collector *c, const struct endpoint *ep,
			  const char **source, bool *closed);

/* traffic.c: per-event accounting of messages, drops, waits */
int traffic_message(struct rpmsg_collector *c, const struct rpmsg_event *ev);
int traffic_drop(struct rpmsg_collector *c, const struct rpmsg_event *ev);
int traffic_tx_wait(struct rpmsg_collector *c, const struct rpmsg_event *ev);
unsigned int size_bucket(uint32_t len);
void dir_free(struct dir_state *d);

/* vrings.c */
int vring_event(struct rpmsg_collector *c, const struct rpmsg_event *ev);
int doorbell_event(struct rpmsg_collector *c, const struct rpmsg_event *ev);
uint32_t vring_unreclaimed(const struct vring *v);
int64_t vring_with_remote(const struct vring *v);

/* Which row and direction a message-like event belongs to (the table in collector.h). */
void map_row(uint32_t role, bool sender_view, uint32_t src, uint32_t dst, uint32_t *local,
	     uint32_t *remote, int *dir);

/* stages.c: follow every buffer through the stages; called for each accepted event */
void stages_event(struct rpmsg_collector *c, const struct rpmsg_event *ev);
void stages_free_ring(struct vring *v);
void stages_free_dir(struct dir_state *d);
/* Add the buffers @d holds to @out (buffers_with_receiver -1 while unknown for @dir). */
void stages_buffers(const struct rpmsg_collector *c, int dir, const struct dir_state *d,
		    struct rpmsg_collector_traffic *out);

/* tick.c */
double ewma(double smooth, double sample, double dt_ns, double tau_ns, bool first);

/* snapshot.c */
void traffic_snapshot(const struct dir_state *d, struct rpmsg_collector_traffic *out);

#endif /* RPMSG_COLLECTOR_INTERNAL_H */
