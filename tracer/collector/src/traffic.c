// SPDX-License-Identifier: MIT
/*
 * Per-row accounting of msg_send / msg_recv / drop / tx_wait: the row and direction rule, the
 * counters, the size histogram, the send/receive matching for latency and the last messages
 * (see collector.h for the rules this file implements).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Largest rpmsg payload length: the header's len field is 16 bits. */
#define MSG_LEN_MAX 0xffffu
#define KEPT_NONE   UINT64_MAX

unsigned int size_bucket(uint32_t len)
{
	unsigned int b;

	if (len <= 1)
		return 0;
	if (len > 512)
		return RPMSG_COLLECTOR_SIZE_BUCKETS - 1;
	/* smallest b with len <= 2^b */
	b = 32 - (unsigned int)__builtin_clz(len - 1);
	return b;
}

void dir_free(struct dir_state *d)
{
	if (d->lat) {
		free(d->lat->queue);
		free(d->lat);
		d->lat = NULL;
	}
	free(d->wait_hist);
	d->wait_hist = NULL;
	stages_free_dir(d);
}

/*
 * Which row and direction an event belongs to. The sender's view (msg_send, tx_wait) and the
 * receiver's view (msg_recv, drop) of one message land on the same row and direction.
 */
void map_row(uint32_t role, bool sender_view, uint32_t src, uint32_t dst, uint32_t *local,
	     uint32_t *remote, int *dir)
{
	bool host = role != RPMSG_EVENT_ROLE_REMOTE;

	if (host == sender_view) {
		/* host sending, or remote receiving: host -> remote */
		*local = src;
		*remote = dst;
		*dir = RPMSG_COLLECTOR_TX;
	} else {
		*local = dst;
		*remote = src;
		*dir = RPMSG_COLLECTOR_RX;
	}
}

static struct endpoint *row_for(struct rpmsg_collector *c, const struct rpmsg_event *ev,
				bool sender_view, uint32_t src, uint32_t dst, int *dir)
{
	uint32_t bus_id, local, remote;
	struct endpoint *ep;

	if (collector_bus_id(c, ev->bus, &bus_id)) {
		collector_reject(c, -ENOMEM, "out of memory for bus");
		return NULL;
	}
	map_row(ev->role, sender_view, src, dst, &local, &remote, dir);
	ep = collector_endpoint(c, bus_id, local, remote);
	if (!ep)
		return NULL;
	if (!ep->first_ns || ev->ts_ns < ep->first_ns)
		ep->first_ns = ev->ts_ns;
	if (ev->ts_ns > ep->last_ns)
		ep->last_ns = ev->ts_ns;
	return ep;
}

/* ------------------------------------------------------------------------------------------- */
/* The matching FIFO                                                                            */

static struct latency_state *latency_of(struct dir_state *d)
{
	if (!d->lat)
		d->lat = calloc(1, sizeof(*d->lat));
	return d->lat;
}

static void pending_pop(struct latency_state *l)
{
	l->head = (l->head + 1) % l->cap;
	l->count--;
}

/* Discard the oldest entry as unmatched; counted only once both kinds were seen, because with
 * one side untraced nothing can ever match and that is not worth a warning. */
static void pending_discard(struct latency_state *l, struct dir_state *d)
{
	pending_pop(l);
	if (l->seen_send && l->seen_recv)
		d->unmatched++;
}

/* Queue an unmatched event. Return: 0, -ENOMEM. */
static int pending_push(struct latency_state *l, struct dir_state *d, enum pending_kind kind,
			const struct pending_msg *m)
{
	if (l->count == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 16;
		struct pending_msg *q;
		uint32_t i;

		if (l->cap >= RPMSG_COLLECTOR_LATENCY_PENDING_MAX) {
			pending_discard(l, d);
			goto push;
		}
		q = malloc(cap * sizeof(*q));
		if (!q)
			return -ENOMEM;
		/* unroll the ring so that head is 0 again */
		for (i = 0; i < l->count; i++)
			q[i] = l->queue[(l->head + i) % l->cap];
		free(l->queue);
		l->queue = q;
		l->head = 0;
		l->cap = cap;
	}
push:
	l->kind = kind;
	l->queue[(l->head + l->count) % l->cap] = *m;
	l->count++;
	return 0;
}

/*
 * Look for the other side's view of this message: the oldest queued event of the other kind
 * with the same length. Older ones of a different length are discarded (their partner was
 * dropped or lost). Return: true and *@partner when found.
 */
static bool pending_match(struct latency_state *l, struct dir_state *d, enum pending_kind kind,
			  uint32_t len, struct pending_msg *partner)
{
	while (l->count && l->kind != kind) {
		struct pending_msg *head = &l->queue[l->head];

		if (head->len == len) {
			*partner = *head;
			pending_pop(l);
			return true;
		}
		pending_discard(l, d);
	}
	return false;
}

static void latency_record(struct rpmsg_collector *c, struct endpoint *ep, int dir,
			   uint64_t send_ns, uint64_t recv_ns, uint32_t len, uint64_t kept_seq)
{
	uint64_t ns = recv_ns > send_ns ? recv_ns - send_ns : 0;
	struct latency_state *l = ep->dir[dir].lat;
	uint32_t n = c->opts.messages_per_endpoint;

	lat_hist_add(&l->all, ns);
	lat_hist_add(&l->interval, ns);
	lat_hist_add(&c->lat_all[dir], ns);
	lat_hist_add(&c->lat_interval[dir], ns);
	/* the kept copy of this message learns its latency while it is still in the ring */
	if (kept_seq != KEPT_NONE && ep->msgs && ep->msg_seq - kept_seq <= n)
		ep->msgs[kept_seq % n].latency_ns = ns;
	if (c->on_delivery)
		c->on_delivery(c, ep->id, (enum rpmsg_collector_dir)dir, send_ns, recv_ns, len,
			       c->on_delivery_priv);
}

/* ------------------------------------------------------------------------------------------- */
/* Last messages                                                                                */

static uint64_t keep_message(struct rpmsg_collector *c, struct endpoint *ep, int dir,
			     const struct rpmsg_event *ev)
{
	uint32_t n = c->opts.messages_per_endpoint, keep = c->opts.payload_keep;
	struct kept_message *m;
	uint64_t seq;
	uint32_t captured;

	if (!ep->msgs) {
		/* once per row: the ring and its payload area */
		ep->msgs = calloc(n, sizeof(*ep->msgs));
		ep->payloads = malloc((size_t)n * keep);
		if (!ep->msgs || !ep->payloads) {
			free(ep->msgs);
			free(ep->payloads);
			ep->msgs = NULL;
			ep->payloads = NULL;
			return KEPT_NONE;
		}
	}
	seq = ep->msg_seq++;
	m = &ep->msgs[seq % n];
	captured = ev->msg.captured < keep ? ev->msg.captured : keep;
	m->ts_ns = ev->ts_ns;
	m->latency_ns = 0;
	m->src = ev->msg.src;
	m->dst = ev->msg.dst;
	m->len = ev->msg.len;
	m->flags = ev->msg.flags;
	m->captured = captured;
	m->role = ev->role;
	m->dir = (uint8_t)dir;
	memcpy(ep->payloads + (seq % n) * keep, ev->payload, captured);
	if (c->on_message) {
		struct rpmsg_collector_message out;

		rpmsg_collector_endpoint_message(c, ep->id, 0, &out);
		c->on_message(c, ep->id, &out, c->on_message_priv);
	}
	return seq;
}

/* ------------------------------------------------------------------------------------------- */
/* Events                                                                                       */

int traffic_message(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	bool send = ev->type == RPMSG_EV_MSG_SEND;
	enum pending_kind kind = send ? PENDING_SEND : PENDING_RECV;
	const struct rpmsg_event_msg *msg = &ev->msg;
	struct pending_msg partner, self;
	struct latency_state *l;
	struct endpoint *ep;
	struct dir_state *d;
	int dir;

	if (msg->len > MSG_LEN_MAX)
		return collector_reject(c, -EINVAL, "msg_%s: len %u above %u",
					send ? "send" : "recv", msg->len, MSG_LEN_MAX);
	if (msg->captured > msg->len || msg->captured > RPMSG_EVENT_PAYLOAD_MAX)
		return collector_reject(c, -EINVAL,
					"msg_%s: captured %u bytes of a %u-byte message",
					send ? "send" : "recv", msg->captured, msg->len);
	ep = row_for(c, ev, send, msg->src, msg->dst, &dir);
	if (!ep)
		return -ENOMEM;
	d = &ep->dir[dir];
	if (send) {
		d->sent_msgs++;
		d->sent_bytes += msg->len;
		d->sent_hist[size_bucket(msg->len)]++;
	} else {
		d->delivered_msgs++;
		d->delivered_bytes += msg->len;
		d->delivered_hist[size_bucket(msg->len)]++;
	}
	if (d->sent_msgs + d->delivered_msgs == 1 || msg->len < d->min_len)
		d->min_len = msg->len;
	if (msg->len > d->max_len)
		d->max_len = msg->len;

	l = latency_of(d);
	if (!l)
		return collector_reject(c, -ENOMEM, "out of memory for latency state");
	if (send)
		l->seen_send = true;
	else
		l->seen_recv = true;
	if (pending_match(l, d, kind, msg->len, &partner)) {
		/* the other side's view is already kept: this is the same message */
		if (send)
			latency_record(c, ep, dir, ev->ts_ns, partner.ts_ns, msg->len,
				       partner.kept_seq);
		else
			latency_record(c, ep, dir, partner.ts_ns, ev->ts_ns, msg->len,
				       partner.kept_seq);
		return 0;
	}
	self.ts_ns = ev->ts_ns;
	self.len = msg->len;
	self.kept_seq = keep_message(c, ep, dir, ev);
	if (pending_push(l, d, kind, &self))
		return collector_reject(c, -ENOMEM, "out of memory for latency matching");
	return 0;
}

int traffic_drop(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	uint32_t reason = ev->drop.reason;
	struct latency_state *l;
	struct endpoint *ep;
	struct dir_state *d;
	int dir;

	/* an unknown reason is still a drop: counted under index 0, "other" */
	if (reason >= RPMSG_DROP_REASON_COUNT)
		reason = 0;
	/* a send its sender refused is dropped on the sending side, as a TX wait */
	ep = row_for(c, ev, reason == RPMSG_DROP_SEND_TOO_BIG, ev->drop.src, ev->drop.dst, &dir);
	if (!ep)
		return -ENOMEM;
	d = &ep->dir[dir];
	d->drops++;
	d->drops_by_reason[reason]++;
	if (reason == RPMSG_DROP_SEND_TOO_BIG)
		return 0; /* it was never sent: no send waits for it */
	/* the dropped message's send will never be delivered: do not let it pair with the next */
	l = d->lat;
	if (l && l->count && l->kind == PENDING_SEND && l->queue[l->head].len == ev->drop.len)
		pending_pop(l);
	return 0;
}

int traffic_tx_wait(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	struct endpoint *ep;
	struct dir_state *d;
	int dir;

	ep = row_for(c, ev, true, ev->tx_wait.src, ev->tx_wait.dst, &dir);
	if (!ep)
		return -ENOMEM;
	d = &ep->dir[dir];
	if (!d->wait_hist) {
		d->wait_hist = calloc(1, sizeof(*d->wait_hist));
		if (!d->wait_hist)
			return collector_reject(c, -ENOMEM, "out of memory for TX wait times");
	}
	d->tx_waits++;
	if (ev->tx_wait.outcome)
		d->tx_wait_failures++;
	d->tx_wait_total_ns += ev->tx_wait.waited_ns;
	lat_hist_add(d->wait_hist, ev->tx_wait.waited_ns);
	if (ev->tx_wait.waited_ns > d->tx_wait_max_ns)
		d->tx_wait_max_ns = ev->tx_wait.waited_ns;
	return 0;
}
