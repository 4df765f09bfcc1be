// SPDX-License-Identifier: MIT
/*
 * The doctor's event observer: called by the collector once per accepted event, after the
 * collector accounted it, it keeps what the rules need and the collector does not (internal.h
 * says what each counter means). No allocation in the steady state: memory is taken when a new
 * bus, name, endpoint, collector row or destroyed row is first seen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int doctor_grow(void **array, size_t count, size_t *cap, size_t size)
{
	size_t new_cap;
	void *p;

	if (count < *cap)
		return 0;
	if (count >= RPMSG_DOCTOR_TRACKED_MAX)
		return -ENOSPC;
	new_cap = *cap ? *cap * 2 : 16;
	if (new_cap > RPMSG_DOCTOR_TRACKED_MAX)
		new_cap = RPMSG_DOCTOR_TRACKED_MAX;
	p = realloc(*array, new_cap * size);
	if (!p)
		return -ENOMEM;
	*array = p;
	*cap = new_cap;
	return 0;
}

/*
 * A new zeroed element at the end of growing array *@array (@count in use, room for @cap), or NULL
 * when it cannot grow: counted as untracked, for the findings' note of what was not followed.
 */
static void *append(struct rpmsg_doctor *d, void **array, size_t *count, size_t *cap, size_t size)
{
	char *p;

	if (doctor_grow(array, *count, cap, size)) {
		d->untracked++;
		return NULL;
	}
	p = (char *)*array + (*count)++ * size;
	memset(p, 0, size);
	return p;
}

/* The bus of @ev (made on first sight); -1 when there is no room (counted as untracked). */
static int bus_index(struct rpmsg_doctor *d, const char *name)
{
	struct doc_bus *b;

	for (size_t i = 0; i < d->bus_count; i++)
		if (!strncmp(d->buses[i].name, name, RPMSG_EVENT_BUS_LEN))
			return (int)i;
	b = append(d, (void **)&d->buses, &d->bus_count, &d->bus_cap, sizeof(*d->buses));
	if (!b)
		return -1;
	memcpy(b->name, name, RPMSG_EVENT_BUS_LEN);
	b->name[RPMSG_EVENT_BUS_LEN - 1] = 0;
	for (unsigned int s = 0; s < DOCTOR_SIDES; s++)
		b->sender_free[s] = -1;
	return (int)(b - d->buses);
}

/* The doctor's state of collector row @id (made on first use), or NULL without memory. */
static struct doc_row *row_state(struct rpmsg_doctor *d, int64_t id)
{
	while ((size_t)id >= d->row_cap) {
		size_t cap = d->row_cap ? d->row_cap * 2 : 64;
		struct doc_row *n = realloc(d->rows, cap * sizeof(*n));

		if (!n) {
			d->untracked++;
			return NULL;
		}
		memset(n + d->row_cap, 0, (cap - d->row_cap) * sizeof(*n));
		d->rows = n;
		d->row_cap = cap;
	}
	return &d->rows[id];
}

/*
 * A message sent (+1), delivered or dropped (-1) on its row and direction, keyed as the
 * collector keys it (collector.h, ENDPOINT ROWS): the host side's send and the remote's receive
 * or drop are tx, the others rx.
 */
static void count_flight(struct rpmsg_doctor *d, const char *bus, const struct rpmsg_event *ev,
			 unsigned int side, uint32_t src, uint32_t dst)
{
	bool send = ev->type == RPMSG_EV_MSG_SEND;
	bool host_key = (side == SIDE_HOST) == send; /* src is the host-side address */
	enum rpmsg_collector_dir dir =
		(side == SIDE_HOST) == send ? RPMSG_COLLECTOR_TX : RPMSG_COLLECTOR_RX;
	int64_t id = rpmsg_collector_find_endpoint(d->collector, bus, host_key ? src : dst,
						   host_key ? dst : src);
	struct doc_row *r = id >= 0 ? row_state(d, id) : NULL;

	if (!r)
		return;
	r->flight[dir] += send ? 1 : -1;
	/* the baseline counts from the first completion: sends before it may be unseen ones' */
	if (!send && (!r->flight_seen[dir] || r->flight[dir] < r->flight_min[dir]))
		r->flight_min[dir] = r->flight[dir];
	if (!send)
		r->flight_seen[dir] = true;
	/* a drop follows its msg_recv where both are traced: count messages, not both events */
	if (r->gone[dir] && ev->type != RPMSG_EV_DROP) {
		r->since_gone[dir] += send ? -1 : 1;
		if (r->since_gone[dir] > r->since_gone_max[dir])
			r->since_gone_max[dir] = r->since_gone[dir];
	}
}

/* The slot of a thread's pending receive callback (a newer one on a colliding thread wins). */
static struct doc_pending_recv *pending_slot(struct rpmsg_doctor *d, unsigned int bus,
					     unsigned int side, uint32_t tid)
{
	return &d->pending[(tid * 31u + bus * 7u + side) % DOCTOR_PENDING_SLOTS];
}

/* Anything the host sees from the remote, or the remote's own events, shows it is alive. */
static void remote_alive(struct doc_bus *b, uint64_t ts)
{
	b->remote_alive = true;
	if (ts >= b->last_life_ns) {
		b->last_life_ns = ts;
		b->sends_since_life = 0;
	}
}

static void on_message(struct rpmsg_doctor *d, struct doc_bus *b, unsigned int bus,
		       const struct rpmsg_event *ev, unsigned int side)
{
	bool send = ev->type == RPMSG_EV_MSG_SEND;
	unsigned int dir = send ? side : !side;

	if (send)
		b->sent[dir]++;
	else
		b->delivered[dir]++;
	count_flight(d, b->name, ev, side, ev->msg.src, ev->msg.dst);
	if (!b->first_msg_ns[dir] || ev->ts_ns < b->first_msg_ns[dir])
		b->first_msg_ns[dir] = ev->ts_ns;
	if (ev->ts_ns > b->last_msg_ns[dir])
		b->last_msg_ns[dir] = ev->ts_ns;
	if (side == SIDE_HOST && send) {
		if (ev->ts_ns >= b->last_life_ns)
			b->sends_since_life++;
		if (ev->ts_ns > b->last_send_ns)
			b->last_send_ns = ev->ts_ns;
	} else if (side == SIDE_HOST) {
		remote_alive(b, ev->ts_ns);
	}
	if (!send) {
		/* a receive callback starts: its thread's next return on the ring ends it */
		struct doc_pending_recv *p =
			&d->pending[(ev->tid * 31u + bus * 7u + side) % DOCTOR_PENDING_SLOTS];

		*p = (struct doc_pending_recv){.used = true,
					       .bus = bus,
					       .side = side,
					       .tid = ev->tid,
					       .ts_ns = ev->ts_ns,
					       .src = ev->msg.src,
					       .dst = ev->msg.dst};
	}
}

/* The receive callback of @ev's thread ended with the buffer's return: time it, per row. */
static void callback_done(struct rpmsg_doctor *d, unsigned int bus, unsigned int side,
			  const struct rpmsg_event *ev)
{
	struct doc_pending_recv *p = pending_slot(d, bus, side, ev->tid);
	struct doc_row *cb;
	uint32_t local, remote;
	uint64_t took;
	int64_t id;

	if (!p->used || p->bus != bus || p->side != side || p->tid != ev->tid ||
	    ev->ts_ns < p->ts_ns)
		return;
	p->used = false;
	/* the collector's key rule: host-side address first */
	local = side == SIDE_HOST ? p->dst : p->src;
	remote = side == SIDE_HOST ? p->src : p->dst;
	id = rpmsg_collector_find_endpoint(d->collector, d->buses[bus].name, local, remote);
	if (id < 0)
		return;
	cb = row_state(d, id);
	if (!cb)
		return;
	took = ev->ts_ns - p->ts_ns;
	took = took > p->waited_ns ? took - p->waited_ns : 0;
	cb->measured[side]++;
	if (took >= RPMSG_DOCTOR_SLOW_CALLBACK_NS)
		cb->slow[side]++;
	if (took > cb->max_ns[side])
		cb->max_ns[side] = took;
}

static void on_vring(struct rpmsg_doctor *d, struct doc_bus *b, unsigned int bus,
		     const struct rpmsg_event *ev, unsigned int side)
{
	/* the direction whose messages this ring carries */
	unsigned int dir = ev->vring.vq == 1 ? SIDE_HOST : SIDE_REMOTE;
	bool sender = side == dir, add = ev->type == RPMSG_EV_VRING_ADD;

	if (ev->vring.vq > 1)
		return;
	if (sender) {
		if (add) {
			b->published[dir]++;
			b->publish_idx[dir] = ev->vring.idx;
			b->idx_seen[dir] |= 1u;
		} else {
			b->reclaimed[dir]++;
		}
		b->sender_free[dir] = ev->vring.num_free;
		if (ev->vring.num_free == 0 && !b->empty_since_ns[dir]) {
			b->empty_since_ns[dir] = ev->ts_ns;
			b->returned_at_empty[dir] = b->returned[dir];
		} else if (ev->vring.num_free) {
			b->empty_since_ns[dir] = 0;
		}
	} else if (add) {
		b->returned[dir]++;
		b->last_return_ns[dir] = ev->ts_ns;
		callback_done(d, bus, side, ev);
	} else {
		b->taken[dir]++;
		b->take_idx[dir] = ev->vring.idx;
		b->idx_seen[dir] |= 2u;
	}
	/* the host reclaiming a sent buffer: the remote gave it back */
	if (side == SIDE_HOST && dir == SIDE_HOST && !add)
		remote_alive(b, ev->ts_ns);
}

static void on_doorbell(struct doc_bus *b, const struct rpmsg_event *ev, unsigned int side)
{
	bool rung = ev->type == RPMSG_EV_MBOX_KICK;
	unsigned int dir;

	b->doorbells_seen = true;
	if (side == SIDE_HOST && !rung)
		remote_alive(b, ev->ts_ns);
	if (ev->mbox.channel > 1)
		return; /* not a vring's notify id: counted by the collector per bus only */
	dir = ev->mbox.channel == 1 ? SIDE_HOST : SIDE_REMOTE;
	if (rung && side == dir) {
		b->kicks_rung[dir]++;
		/* the receiver still had the previous message: this kick told it nothing new */
		if (b->idx_seen[dir] == 3u &&
		    (uint16_t)(b->publish_idx[dir] - b->take_idx[dir]) >= 2)
			b->redundant_kicks[dir]++;
	} else if (rung) {
		b->returns_rung[dir]++;
	} else if (side != dir) {
		b->kicks_received[dir]++;
	} else {
		b->returns_received[dir]++;
	}
}

static void on_wait(struct rpmsg_doctor *d, struct doc_bus *b, unsigned int bus,
		    const struct rpmsg_event *ev, unsigned int side)
{
	struct doc_pending_recv *p = pending_slot(d, bus, side, ev->tid);
	struct doc_waits *w = &b->waits[side];

	if (p->used && p->bus == bus && p->side == side && p->tid == ev->tid)
		p->waited_ns += ev->tx_wait.waited_ns;
	w->count++;
	if (ev->tx_wait.outcome)
		w->failures++;
	if (ev->tx_wait.waited_ns >= RPMSG_DOCTOR_TX_WAIT_LONG_NS) {
		w->long_waits++;
		if (ev->tx_wait.outcome)
			w->long_failures++;
	}
	w->total_ns += ev->tx_wait.waited_ns;
	if (ev->tx_wait.waited_ns > w->max_ns)
		w->max_ns = ev->tx_wait.waited_ns;
}

static struct doc_name *find_name(struct rpmsg_doctor *d, unsigned int bus, unsigned int origin,
				  unsigned int observer, const char *name)
{
	struct doc_name *n;

	for (size_t i = 0; i < d->name_count; i++) {
		n = &d->names[i];
		if (n->bus == bus && n->origin == origin && n->observer == observer &&
		    !strncmp(n->name, name, RPMSG_EVENT_NAME_LEN))
			return n;
	}
	n = append(d, (void **)&d->names, &d->name_count, &d->name_cap, sizeof(*d->names));
	if (!n)
		return NULL;
	n->bus = bus;
	n->origin = origin;
	n->observer = observer;
	memcpy(n->name, name, RPMSG_EVENT_NAME_LEN);
	n->name[RPMSG_EVENT_NAME_LEN - 1] = 0;
	return n;
}

/*
 * An endpoint at @addr of @side went away (its ept_destroy, or its name-service destroy): the
 * messages sent to it and neither delivered nor dropped yet were in flight. Needs both sides'
 * message events: with one side traced, sent and delivered cannot be compared.
 */
static void endpoint_gone(struct rpmsg_doctor *d, const struct doc_bus *b, unsigned int side,
			  uint32_t addr)
{
	enum rpmsg_collector_dir cdir = side == SIDE_HOST ? RPMSG_COLLECTOR_RX : RPMSG_COLLECTOR_TX;
	uint32_t rows = rpmsg_collector_endpoint_count(d->collector);

	if (b->sides_seen != 3u)
		return;
	for (uint32_t id = 0; id < rows; id++) {
		struct rpmsg_collector_endpoint_stats st;
		const struct rpmsg_collector_traffic *t;
		struct doc_destroyed *x = NULL;
		uint64_t in_flight = 0;
		struct doc_row *r;

		if (rpmsg_collector_endpoint(d->collector, id, &st) ||
		    strncmp(st.bus, b->name, RPMSG_EVENT_BUS_LEN) ||
		    (side == SIDE_HOST ? st.local : st.remote) != addr)
			continue;
		r = row_state(d, id);
		if (!r)
			continue;
		if (!r->gone[cdir]) {
			r->gone[cdir] = true;
			r->since_gone[cdir] = r->since_gone_max[cdir] = 0;
		}
		if (r->flight_seen[cdir] && r->flight[cdir] > r->flight_min[cdir])
			in_flight = (uint64_t)(r->flight[cdir] - r->flight_min[cdir]);
		t = &st.dir[cdir];
		for (size_t i = 0; i < d->destroyed_count; i++)
			if (d->destroyed[i].row_id == id)
				x = &d->destroyed[i];
		if (!x) {
			x = append(d, (void **)&d->destroyed, &d->destroyed_count,
				   &d->destroyed_cap, sizeof(*d->destroyed));
			if (!x)
				continue;
			x->row_id = id;
			x->side = side;
			x->sent = t->sent_msgs;
			x->delivered = t->delivered_msgs;
		}
		if (in_flight > x->in_flight) {
			x->in_flight = in_flight;
			x->sent = t->sent_msgs;
			x->delivered = t->delivered_msgs;
		}
	}
}

static void on_announce(struct rpmsg_doctor *d, const struct doc_bus *b, unsigned int bus,
			const struct rpmsg_event *ev, unsigned int side)
{
	/* the side that sent the announcement (collector.h, NAMES) */
	unsigned int origin = ev->ns.direction == RPMSG_EVENT_DIR_TX ? side : !side;
	struct doc_name *n = find_name(d, bus, origin, side, ev->ns.name);

	if (!n)
		return;
	if (ev->ns.flags == RPMSG_EVENT_NS_CREATE) {
		if (!n->creates)
			n->addr_first = ev->ns.addr;
		n->creates++;
		n->live++;
		if (n->live > n->live_max)
			n->live_max = n->live;
		n->addr = ev->ns.addr;
		n->created_ns = ev->ts_ns;
		n->destroyed = false;
	} else {
		n->live = 0;
		n->destroyed = true;
		endpoint_gone(d, b, origin, ev->ns.addr);
	}
}

static void on_endpoint(struct rpmsg_doctor *d, const struct doc_bus *b, unsigned int bus,
			const struct rpmsg_event *ev, unsigned int side)
{
	struct doc_ept *e = NULL;

	if (ev->type == RPMSG_EV_EPT_DESTROY) {
		for (size_t i = 0; i < d->ept_count; i++) {
			struct doc_ept *x = &d->epts[i];

			if (x->bus == bus && x->side == side && x->addr == ev->ept.addr &&
			    !x->destroyed) {
				x->destroyed = true;
				x->destroyed_ns = ev->ts_ns;
			}
		}
		endpoint_gone(d, b, side, ev->ept.addr);
		return;
	}
	/* an address used again (rpmsg_char creates one per open) takes its old entry */
	for (size_t i = 0; i < d->ept_count && !e; i++)
		if (d->epts[i].bus == bus && d->epts[i].side == side &&
		    d->epts[i].addr == ev->ept.addr && d->epts[i].destroyed)
			e = &d->epts[i];
	if (!e)
		e = append(d, (void **)&d->epts, &d->ept_count, &d->ept_cap, sizeof(*d->epts));
	if (!e)
		return;
	memset(e, 0, sizeof(*e)); /* an entry taken again starts afresh too */
	e->bus = bus;
	e->side = side;
	memcpy(e->name, ev->ept.name, RPMSG_EVENT_NAME_LEN);
	e->name[RPMSG_EVENT_NAME_LEN - 1] = 0;
	e->addr = ev->ept.addr;
	e->created_ns = ev->ts_ns;
}

void doctor_observe(const struct rpmsg_collector *c, const struct rpmsg_event *ev, void *priv)
{
	struct rpmsg_doctor *d = priv;
	unsigned int side = doctor_side(ev->role);
	struct doc_bus *b;
	int bus;

	(void)c;
	if (ev->type >= RPMSG_EV_TYPE_COUNT)
		return;
	d->seen[side][ev->type]++;
	bus = bus_index(d, ev->bus);
	if (bus < 0)
		return;
	b = &d->buses[bus];
	b->sides_seen |= 1u << side;
	if (side == SIDE_REMOTE)
		remote_alive(b, ev->ts_ns);
	switch (ev->type) {
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		on_message(d, b, (unsigned int)bus, ev, side);
		break;
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		on_vring(d, b, (unsigned int)bus, ev, side);
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		on_doorbell(b, ev, side);
		break;
	case RPMSG_EV_TX_WAIT:
		on_wait(d, b, (unsigned int)bus, ev, side);
		break;
	case RPMSG_EV_DROP:
		/* a send the sender refused never entered the ring: nothing left flight */
		if (ev->drop.reason != RPMSG_DROP_SEND_TOO_BIG)
			count_flight(d, b->name, ev, side, ev->drop.src, ev->drop.dst);
		if ((ev->drop.reason == RPMSG_DROP_TOO_BIG ||
		     ev->drop.reason == RPMSG_DROP_SEND_TOO_BIG) &&
		    ev->drop.len > b->too_big_max)
			b->too_big_max = ev->drop.len;
		break;
	case RPMSG_EV_NS_ANNOUNCE:
		on_announce(d, b, (unsigned int)bus, ev, side);
		break;
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		on_endpoint(d, b, (unsigned int)bus, ev, side);
		break;
	default:
		break;
	}
}
