// SPDX-License-Identifier: MIT
/*
 * Stages: every message's buffer followed through the eight points of its trip, from the
 * sender's msg_send to the sender taking the buffer back, and the buffers each row holds (see
 * STAGES and WHO HOLDS THE TX BUFFERS in collector.h). Only rpmsg's two rings are followed
 * (vq 0: the remote sends, the host receives; vq 1: the other way round).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The points of a buffer's trip, in order; stage i runs from point i to point i + 1. */
enum point { PT_SEND, PT_ADD, PT_KICK, PT_IRQ, PT_GET, PT_RECV, PT_RETURN, PT_RECLAIM, PT_COUNT };
_Static_assert((int)PT_COUNT == (int)RPMSG_COLLECTOR_POINTS &&
		       (int)PT_RECLAIM == (int)RPMSG_COLLECTOR_POINT_RECLAIM,
	       "the public points are these");

/* Split rings have at most 32768 entries: a head beyond is not followed. */
#define HEADS_MAX 32768u
/*
 * Heads waiting for a kick (or an irq). Entries of buffers taken meanwhile stay until the next
 * doorbell pops them; with no doorbell traced at all the oldest make room for the newest.
 */
#define FIFO_CAP 1024u

struct buf_track {
	uint64_t t[PT_COUNT];
	uint64_t cycle;		   /* this use of the head (FIFO entries name it); 0: none */
	uint32_t row_plus_one;	   /* the message's row + 1; 0 while unknown */
	uint16_t seen;		   /* bit per point */
	uint16_t filed;		   /* bit per stage whose sample was filed */
	bool no_kick, no_irq;	   /* taken before a kick / an irq covered it */
	bool skips_filed;	   /* ... and that was counted */
	bool holds, with_receiver; /* counted in the row's unreclaimed / with_receiver */
};

struct fifo_entry {
	uint32_t head;
	uint64_t cycle;
};

struct head_fifo {
	struct fifo_entry e[FIFO_CAP];
	uint32_t first, count;
};

struct ring_track {
	struct buf_track *bufs; /* indexed by descriptor head */
	uint32_t cap;
	uint64_t cycles;
	struct head_fifo wait_kick, wait_irq;
	int64_t delivering; /* head between the receiver's vring_get and its msg_recv; -1 */
};

static const char *const stage_names[RPMSG_COLLECTOR_STAGES] = {
	"send>add", "add>kick",	   "kick>irq",	     "irq>get",
	"get>recv", "recv>return", "return>reclaim", "add>reclaim",
};

static const char *const stage_keys[RPMSG_COLLECTOR_STAGES] = {
	"send_add", "add_kick",	   "kick_irq",	     "irq_get",
	"get_recv", "recv_return", "return_reclaim", "add_reclaim",
};

/* The two points of each stage. */
static const uint8_t stage_from[RPMSG_COLLECTOR_STAGES] = {
	PT_SEND, PT_ADD, PT_KICK, PT_IRQ, PT_GET, PT_RECV, PT_RETURN, PT_ADD,
};
static const uint8_t stage_to[RPMSG_COLLECTOR_STAGES] = {
	PT_ADD, PT_KICK, PT_IRQ, PT_GET, PT_RECV, PT_RETURN, PT_RECLAIM, PT_RECLAIM,
};

const char *rpmsg_collector_stage_name(unsigned int stage)
{
	return stage < RPMSG_COLLECTOR_STAGES ? stage_names[stage] : NULL;
}

const char *rpmsg_collector_stage_key(unsigned int stage)
{
	return stage < RPMSG_COLLECTOR_STAGES ? stage_keys[stage] : NULL;
}

void stages_free_ring(struct vring *v)
{
	if (v->track) {
		free(v->track->bufs);
		free(v->track);
		v->track = NULL;
	}
}

void stages_free_dir(struct dir_state *d)
{
	free(d->stages);
	d->stages = NULL;
}

/* The direction of the messages on ring @vq (the host sends on vq 1). */
static int dir_of_ring(uint32_t vq)
{
	return vq == 1 ? RPMSG_COLLECTOR_TX : RPMSG_COLLECTOR_RX;
}

/* Is a host-side (@host) event on ring @vq the sender's? The host sends on vq 1. */
static bool is_sender(bool host, uint32_t vq)
{
	return host == (vq == 1);
}

static struct ring_track *track_of(struct rpmsg_collector *c, uint32_t bus_id, uint32_t vq,
				   bool create)
{
	int64_t found = key_index_find(&c->vring_index, bus_id, vq, 0);
	struct vring *v;

	if (found < 0)
		return NULL;
	v = c->vrings[found];
	if (!v->track && create) {
		v->track = calloc(1, sizeof(*v->track));
		if (v->track)
			v->track->delivering = -1;
	}
	return v->track;
}

/* The record of @head, growing the table; NULL when out of range or out of memory. */
static struct buf_track *buf_of(struct ring_track *t, uint32_t head)
{
	uint32_t cap = t->cap ? t->cap : 64;
	struct buf_track *grown;

	if (head >= HEADS_MAX)
		return NULL;
	if (head < t->cap)
		return &t->bufs[head];
	while (cap <= head)
		cap *= 2;
	grown = realloc(t->bufs, cap * sizeof(*grown));
	if (!grown)
		return NULL;
	memset(grown + t->cap, 0, (cap - t->cap) * sizeof(*grown));
	t->bufs = grown;
	t->cap = cap;
	return &t->bufs[head];
}

/* The record of @head when a cycle of it is under way, else NULL. */
static struct buf_track *active_buf(struct ring_track *t, uint32_t head)
{
	if (!t || head >= t->cap || !t->bufs[head].cycle)
		return NULL;
	return &t->bufs[head];
}

static void fifo_push(struct head_fifo *q, uint32_t head, uint64_t cycle)
{
	if (q->count == FIFO_CAP) {
		q->first = (q->first + 1) % FIFO_CAP;
		q->count--;
	}
	q->e[(q->first + q->count) % FIFO_CAP] = (struct fifo_entry){head, cycle};
	q->count++;
}

static struct stage_state *stage_state_of(struct rpmsg_collector *c, const struct buf_track *b,
					  int dir)
{
	struct dir_state *d;

	if (!b->row_plus_one || b->row_plus_one > c->endpoint_count)
		return NULL;
	d = &c->endpoints[b->row_plus_one - 1]->dir[dir];
	if (!d->stages)
		d->stages = calloc(1, sizeof(*d->stages));
	return d->stages;
}

static bool seen(const struct buf_track *b, int point)
{
	return b->seen & (1u << point);
}

static void mark(struct rpmsg_collector *c, struct buf_track *b, int dir, int point, uint64_t ts)
{
	b->t[point] = ts;
	b->seen |= 1u << point;
	c->stage_points_seen[dir] |= 1u << point;
}

/**
 * file_samples() - file what a buffer's points tell, once its row is known
 * @c: collector; @b: the buffer; @dir: its direction
 *
 * Every stage whose two points were seen and that was not filed yet gets its sample; the
 * doorbells it went without are counted once; the row's count of buffers it holds follows the
 * points (added and not reclaimed; added and not given back).
 */
static void file_samples(struct rpmsg_collector *c, struct buf_track *b, int dir)
{
	struct stage_state *st = stage_state_of(c, b, dir);
	unsigned int k;

	if (!st)
		return;
	for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++) {
		uint64_t from = b->t[stage_from[k]], to = b->t[stage_to[k]];

		if ((b->filed & (1u << k)) || !seen(b, stage_from[k]) || !seen(b, stage_to[k]))
			continue;
		lat_hist_add(&st->hist[k], to > from ? to - from : 0);
		b->filed |= 1u << k;
	}
	if (!b->skips_filed && (b->no_kick || b->no_irq)) {
		if (b->no_kick)
			st->skipped[RPMSG_COLLECTOR_STAGE_ADD_KICK]++;
		st->skipped[RPMSG_COLLECTOR_STAGE_KICK_IRQ]++;
		st->skipped[RPMSG_COLLECTOR_STAGE_IRQ_GET]++;
		b->skips_filed = true;
	}
	if (!b->holds && seen(b, PT_ADD) && !seen(b, PT_RECLAIM)) {
		st->unreclaimed++;
		b->holds = true;
	}
	if (!b->with_receiver && seen(b, PT_ADD) && !seen(b, PT_RETURN) && !seen(b, PT_RECLAIM)) {
		st->with_receiver++;
		b->with_receiver = true;
	}
	if (b->with_receiver && (seen(b, PT_RETURN) || seen(b, PT_RECLAIM))) {
		st->with_receiver--;
		b->with_receiver = false;
	}
	if (b->holds && seen(b, PT_RECLAIM)) {
		st->unreclaimed--;
		b->holds = false;
	}
}

/*
 * End a buffer's cycle (reclaimed, cut short by lost events, or flushed): its trip goes to the
 * stages callback, and it holds nothing any more.
 */
static void end_cycle(struct rpmsg_collector *c, struct buf_track *b, int dir, uint32_t head)
{
	struct stage_state *st = stage_state_of(c, b, dir);

	if (c->on_stages) {
		struct rpmsg_collector_message_stages m = {
			.dir = (enum rpmsg_collector_dir)dir, .head = head, .seen = b->seen};

		memcpy(m.point_ns, b->t, sizeof(m.point_ns));
		c->on_stages(c, b->row_plus_one ? b->row_plus_one - 1 : UINT32_MAX, &m,
			     c->on_stages_priv);
	}

	if (st && b->holds)
		st->unreclaimed--;
	if (st && b->with_receiver)
		st->with_receiver--;
	memset(b, 0, sizeof(*b));
}

/* Start a new cycle of @head at @point (the sender's add, or the receiver's get). */
static struct buf_track *start_cycle(struct rpmsg_collector *c, struct ring_track *t, uint32_t head,
				     int dir)
{
	struct buf_track *b = buf_of(t, head);

	if (!b)
		return NULL;
	if (b->cycle)
		end_cycle(c, b, dir, head); /* its reclaim (or return) was never seen */
	b->cycle = ++t->cycles;
	return b;
}

/* The row of a msg event's message, + 1; 0 when it has none (rejected before a row). */
static uint32_t row_of(const struct rpmsg_collector *c, uint32_t bus_id,
		       const struct rpmsg_event *ev, bool sender_view)
{
	uint32_t local, remote;
	int64_t found;
	int dir;

	map_row(ev->role, sender_view, ev->msg.src, ev->msg.dst, &local, &remote, &dir);
	found = key_index_find(&c->endpoint_index, bus_id, local, remote);
	return found >= 0 ? (uint32_t)found + 1 : 0;
}

static void on_vring(struct rpmsg_collector *c, const struct rpmsg_event *ev, uint32_t bus_id,
		     bool host)
{
	uint32_t vq = ev->vring.vq, head = ev->vring.head;
	bool add = ev->type == RPMSG_EV_VRING_ADD, sender = is_sender(host, vq);
	int dir = dir_of_ring(vq);
	struct ring_track *t = track_of(c, bus_id, vq, true);
	struct bus *bus = &c->buses[bus_id];
	struct buf_track *b;

	if (head >= HEADS_MAX) {
		/* a source that does not know the buffer (introspection): nothing to follow */
		c->heads_unknown = true;
		return;
	}
	if (!t)
		return;
	if (sender && add) {
		/*
		 * The sender's add event is written after it published the buffer, so on another
		 * CPU the receiver's get of it can come first in the trace: that cycle is this one
		 * (a cycle of a traced sender begins with its add), not a second trip.
		 */
		bool taken_first;

		b = active_buf(t, head);
		taken_first = b && seen(b, PT_GET) && !seen(b, PT_ADD);
		if (!taken_first)
			b = start_cycle(c, t, head, dir);
		if (!b)
			return;
		mark(c, b, dir, PT_ADD, ev->ts_ns);
		if (bus->stage_send[vq].pending) {
			mark(c, b, dir, PT_SEND, bus->stage_send[vq].ts_ns);
			b->row_plus_one = bus->stage_send[vq].row_plus_one;
			bus->stage_send[vq].pending = false;
		}
		if (!taken_first)
			fifo_push(&t->wait_kick, head, b->cycle);
	} else if (sender) { /* the sender takes its buffer back */
		c->stage_points_seen[dir] |= 1u << PT_RECLAIM;
		b = active_buf(t, head);
		if (!b || seen(b, PT_RECLAIM))
			return;
		mark(c, b, dir, PT_RECLAIM, ev->ts_ns);
		file_samples(c, b, dir);
		end_cycle(c, b, dir, head);
		return;
	} else if (!add) { /* the receiver takes it */
		b = active_buf(t, head);
		if (!b || seen(b, PT_GET))
			b = start_cycle(c, t, head, dir); /* the sender is not traced */
		if (!b)
			return;
		/*
		 * Taken before a doorbell covered it: its sender did not kick (event index), or the
		 * receiver found it while draining. Said only where doorbells are traced at all and
		 * the sender's side is (else the kick may just be unseen).
		 */
		b->no_kick = !seen(b, PT_KICK) && c->doorbell_seen && c->side_seen[host ? 1 : 0];
		b->no_irq = seen(b, PT_KICK) && !seen(b, PT_IRQ) && c->doorbell_seen;
		mark(c, b, dir, PT_GET, ev->ts_ns);
		t->delivering = head;
	} else { /* the receiver gives it back */
		c->stage_points_seen[dir] |= 1u << PT_RETURN;
		b = active_buf(t, head);
		if (!b || !seen(b, PT_GET) || seen(b, PT_RETURN))
			return;
		mark(c, b, dir, PT_RETURN, ev->ts_ns);
		if (t->delivering == head)
			t->delivering = -1;
	}
	file_samples(c, b, dir);
}

/* A kick (@rung) by the sender or an irq taken by the receiver, about ring @vq. */
static void on_doorbell(struct rpmsg_collector *c, uint32_t bus_id, uint32_t vq, bool rung,
			bool host, uint64_t ts)
{
	int dir = dir_of_ring(vq), point = rung ? PT_KICK : PT_IRQ;
	struct ring_track *t;
	struct head_fifo *q;

	/* the sender kicks about new buffers; the receiver's irq is about them */
	if (is_sender(host, vq) != rung)
		return;
	c->stage_points_seen[dir] |= 1u << point;
	t = track_of(c, bus_id, vq, false);
	if (!t)
		return;
	q = rung ? &t->wait_kick : &t->wait_irq;
	while (q->count) {
		struct fifo_entry e = q->e[q->first];
		struct buf_track *b = active_buf(t, e.head);

		q->first = (q->first + 1) % FIFO_CAP;
		q->count--;
		/* a buffer reused since, or already taken: this doorbell is not about it */
		if (!b || b->cycle != e.cycle || seen(b, PT_GET) || seen(b, point))
			continue;
		mark(c, b, dir, point, ts);
		if (rung)
			fifo_push(&t->wait_irq, e.head, e.cycle);
		file_samples(c, b, dir);
	}
}

/* The receiver's msg_recv (@delivered) or drop of the buffer it just took. */
static void on_receive(struct rpmsg_collector *c, const struct rpmsg_event *ev, uint32_t bus_id,
		       bool host, bool delivered)
{
	uint32_t vq = host ? 0 : 1;
	int dir = dir_of_ring(vq);
	struct ring_track *t = track_of(c, bus_id, vq, false);
	struct buf_track *b;

	if (delivered)
		c->stage_points_seen[dir] |= 1u << PT_RECV;
	if (!t || t->delivering < 0)
		return;
	b = active_buf(t, (uint32_t)t->delivering);
	t->delivering = -1;
	if (!b || !delivered || seen(b, PT_RECV))
		return;
	if (!b->row_plus_one)
		b->row_plus_one = row_of(c, bus_id, ev, false);
	mark(c, b, dir, PT_RECV, ev->ts_ns);
	file_samples(c, b, dir);
}

void stages_event(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	bool host = ev->role != RPMSG_EVENT_ROLE_REMOTE;
	uint32_t bus_id, vq;
	struct bus *bus;

	if (collector_bus_id(c, ev->bus, &bus_id))
		return;
	bus = &c->buses[bus_id];
	c->side_seen[host ? 0 : 1] = true;
	switch (ev->type) {
	case RPMSG_EV_MSG_SEND:
		/* the sender's next vring_add on its ring carries this message */
		vq = host ? 1 : 0;
		c->stage_points_seen[dir_of_ring(vq)] |= 1u << PT_SEND;
		bus->stage_send[vq].pending = true;
		bus->stage_send[vq].ts_ns = ev->ts_ns;
		bus->stage_send[vq].row_plus_one = row_of(c, bus_id, ev, true);
		break;
	case RPMSG_EV_MSG_RECV:
	case RPMSG_EV_DROP:
		on_receive(c, ev, bus_id, host, ev->type == RPMSG_EV_MSG_RECV);
		break;
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		c->vring_seen = true;
		if (ev->vring.vq <= 1)
			on_vring(c, ev, bus_id, host);
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		c->doorbell_seen = true;
		if (ev->mbox.channel <= 1)
			on_doorbell(c, bus_id, ev->mbox.channel, ev->type == RPMSG_EV_MBOX_KICK,
				    host, ev->ts_ns);
		break;
	default:
		break;
	}
}

void rpmsg_collector_set_stages_callback(struct rpmsg_collector *c, rpmsg_collector_stages_fn fn,
					 void *priv)
{
	c->on_stages = fn;
	c->on_stages_priv = priv;
}

uint64_t rpmsg_collector_flush_stages(struct rpmsg_collector *c)
{
	uint64_t reported = 0;

	for (uint32_t i = 0; i < c->vring_count; i++) {
		struct vring *v = c->vrings[i];

		for (uint32_t head = 0; v->track && head < v->track->cap; head++) {
			struct buf_track *b = &v->track->bufs[head];

			if (!b->cycle)
				continue;
			end_cycle(c, b, dir_of_ring(v->vq), head);
			reported++;
		}
		if (v->track)
			v->track->delivering = -1;
	}
	return reported;
}

void stages_buffers(const struct rpmsg_collector *c, int dir, const struct dir_state *d,
		    struct rpmsg_collector_traffic *out)
{
	bool known = c->stage_points_seen[dir] & (1u << PT_RETURN);

	if (d->stages)
		out->buffers_unreclaimed += d->stages->unreclaimed;
	if (!known)
		out->buffers_with_receiver = -1;
	else if (d->stages && out->buffers_with_receiver >= 0)
		out->buffers_with_receiver += d->stages->with_receiver;
}

static void stage_stats(const struct lat_hist *h, uint64_t skipped,
			struct rpmsg_collector_stage_stats *out)
{
	out->samples = h->count;
	out->p50_ns = lat_hist_quantile(h, 0.50);
	out->p99_ns = lat_hist_quantile(h, 0.99);
	out->max_ns = h->count ? h->max : 0;
	out->skipped = skipped;
}

int rpmsg_collector_endpoint_stages(const struct rpmsg_collector *c, uint32_t id,
				    enum rpmsg_collector_dir dir,
				    struct rpmsg_collector_stages *out)
{
	const struct stage_state *st;
	unsigned int k;
	uint32_t i;

	if ((unsigned int)dir >= RPMSG_COLLECTOR_DIRS)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (id != UINT32_MAX) {
		if (id >= c->endpoint_count)
			return -ENOENT;
		st = c->endpoints[id]->dir[dir].stages;
		for (k = 0; st && k < RPMSG_COLLECTOR_STAGES; k++)
			stage_stats(&st->hist[k], st->skipped[k], &out->stage[k]);
		return 0;
	}
	for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++) {
		struct lat_hist merged = {0};
		uint64_t skipped = 0;

		for (i = 0; i < c->endpoint_count; i++) {
			st = c->endpoints[i]->dir[dir].stages;
			if (!st)
				continue;
			lat_hist_merge(&merged, &st->hist[k]);
			skipped += st->skipped[k];
		}
		stage_stats(&merged, skipped, &out->stage[k]);
	}
	return 0;
}

/* Which side an event of @point comes from, for direction @dir: 0 host, 1 remote. */
static int point_side(int point, int dir)
{
	bool sender =
		point == PT_SEND || point == PT_ADD || point == PT_KICK || point == PT_RECLAIM;
	bool host_sends = dir == RPMSG_COLLECTOR_TX;

	return sender == host_sends ? 0 : 1;
}

/* Why @point of @dir was never seen ("" when it was). */
static const char *point_unseen(const struct rpmsg_collector *c, int dir, int point)
{
	static const char *const what[2][PT_COUNT] = {
		/* host side, then remote side: the event of each point */
		{"no msg_send from the host", "no vring_add from the host on vq1",
		 "no mbox_kick from the host on vq1", "no mbox_rx on the host for vq0",
		 "no vring_get from the host on vq0", "no msg_recv on the host",
		 "no vring_add from the host on vq0 (RX buffers held?)",
		 "the host has reclaimed no TX buffer yet (it reclaims lazily)"},
		{"no msg_send from the remote", "no vring_add from the remote on vq0",
		 "no mbox_kick from the remote on vq0", "no mbox_rx on the remote for vq1",
		 "no vring_get from the remote on vq1", "no msg_recv on the remote",
		 "no vring_add from the remote on vq1 (buffers held?)",
		 "the remote has taken back no buffer yet"},
	};
	int side = point_side(point, dir);
	bool vring_point =
		point == PT_ADD || point == PT_GET || point == PT_RETURN || point == PT_RECLAIM;

	if (c->stage_points_seen[dir] & (1u << point))
		return "";
	if (!c->side_seen[side])
		return side ? "the remote side was not traced" : "the host side was not traced";
	if (vring_point && c->heads_unknown)
		return "no buffer identity in this source (introspection reads ring indices only)";
	if (vring_point && !c->vring_seen)
		return "no vring events in this source (a kernel log, or introspection)";
	if ((point == PT_KICK || point == PT_IRQ) && !c->doorbell_seen)
		return "no doorbell events in this source";
	/* the host's points on vq0 are the receiver's, on vq1 the sender's: pick by side */
	return what[side][point];
}

const char *rpmsg_collector_stage_unseen(const struct rpmsg_collector *c,
					 enum rpmsg_collector_dir dir, unsigned int stage)
{
	const char *why;

	if ((unsigned int)dir >= RPMSG_COLLECTOR_DIRS || stage >= RPMSG_COLLECTOR_STAGES)
		return "";
	why = point_unseen(c, dir, stage_from[stage]);
	return why[0] ? why : point_unseen(c, dir, stage_to[stage]);
}
