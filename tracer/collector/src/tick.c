// SPDX-License-Identifier: MIT
/*
 * Closing an interval: rates from counter deltas, smoothed rates, one history sample per row
 * and vring, the interval's latency percentiles, and fresh per-interval extremes.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "internal.h"

#define NS_PER_S 1e9

/**
 * ewma() - exponential moving average with a time constant, so that the smoothing does not
 * depend on how often the caller ticks
 * @first: no previous value: start at the sample
 */
double ewma(double smooth, double sample, double dt_ns, double tau_ns, bool first)
{
	double alpha;

	if (first)
		return sample;
	alpha = 1.0 - exp(-dt_ns / tau_ns);
	return smooth + alpha * (sample - smooth);
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Per second of @count since the tick before (@prev, which becomes @count), @dt ns ago. */
static double rate(uint64_t count, uint64_t *prev, double dt)
{
	double per_s = (double)(count - *prev) * NS_PER_S / dt;

	*prev = count;
	return per_s;
}

/* One more sample written at *@next of a history ring of opts.history_len. */
static void history_advance(const struct rpmsg_collector *c, uint32_t *next, uint32_t *count)
{
	*next = (*next + 1) % c->opts.history_len;
	if (*count < c->opts.history_len)
		(*count)++;
}

static void tick_dir(struct rpmsg_collector *c, struct dir_state *d, double dt, bool first)
{
	uint64_t msgs = max_u64(d->sent_msgs, d->delivered_msgs);
	uint64_t bytes = max_u64(d->sent_bytes, d->delivered_bytes);
	double tau = (double)c->opts.smoothing_ns;

	d->msgs_per_s = rate(msgs, &d->prev_msgs, dt);
	d->bytes_per_s = rate(bytes, &d->prev_bytes, dt);
	d->msgs_smooth = ewma(d->msgs_smooth, d->msgs_per_s, dt, tau, first);
	d->bytes_smooth = ewma(d->bytes_smooth, d->bytes_per_s, dt, tau, first);
	if (d->lat) {
		struct latency_state *l = d->lat;

		l->interval_p50 = lat_hist_quantile(&l->interval, 0.50);
		l->interval_p99 = lat_hist_quantile(&l->interval, 0.99);
		if (l->interval.count)
			memset(&l->interval, 0, sizeof(l->interval));
	}
}

static void tick_endpoint(struct rpmsg_collector *c, struct endpoint *ep, uint64_t now, double dt,
			  bool first)
{
	struct rpmsg_collector_rate_sample *s;
	int i;

	for (i = 0; i < RPMSG_COLLECTOR_DIRS; i++)
		tick_dir(c, &ep->dir[i], dt, first);
	s = &ep->history[ep->hist_next];
	s->t_ns = now;
	for (i = 0; i < RPMSG_COLLECTOR_DIRS; i++) {
		s->msgs_per_s[i] = (float)ep->dir[i].msgs_per_s;
		s->bytes_per_s[i] = (float)ep->dir[i].bytes_per_s;
	}
	history_advance(c, &ep->hist_next, &ep->hist_count);
}

static uint64_t doorbells(const uint64_t counts[2])
{
	return max_u64(counts[0], counts[1]);
}

static void tick_vring(struct rpmsg_collector *c, struct vring *v, uint64_t now, double dt,
		       bool first)
{
	double tau = (double)c->opts.smoothing_ns;
	struct rpmsg_collector_vring_sample *s;
	uint64_t kicks = doorbells(v->kicks), irqs = doorbells(v->interrupts);
	uint32_t unreclaimed = vring_unreclaimed(v);

	v->adds_per_s = rate(v->adds, &v->prev_adds, dt);
	v->gets_per_s = rate(v->gets, &v->prev_gets, dt);
	v->kicks_per_s = rate(kicks, &v->prev_kicks, dt);
	v->interrupts_per_s = rate(irqs, &v->prev_interrupts, dt);
	v->kicks_smooth = ewma(v->kicks_smooth, v->kicks_per_s, dt, tau, first);
	v->interrupts_smooth = ewma(v->interrupts_smooth, v->interrupts_per_s, dt, tau, first);

	/* the interval's extremes include the state it ended in (an idle ring keeps its level) */
	if (unreclaimed > v->unreclaimed_max_cur)
		v->unreclaimed_max_cur = unreclaimed;
	if (v->num_free >= 0 && (v->num_free_min_cur < 0 || v->num_free < v->num_free_min_cur))
		v->num_free_min_cur = v->num_free;
	v->unreclaimed_max_last = v->unreclaimed_max_cur;
	v->num_free_min_last = v->num_free_min_cur;
	v->unreclaimed_max_cur = unreclaimed;
	v->num_free_min_cur = v->num_free;

	s = &v->history[v->hist_next];
	s->t_ns = now;
	s->unreclaimed_max = v->unreclaimed_max_last;
	s->num_free_min = (int32_t)v->num_free_min_last;
	history_advance(c, &v->hist_next, &v->hist_count);
}

int rpmsg_collector_tick(struct rpmsg_collector *c, uint64_t now_ns)
{
	bool first = c->ticks == 0;
	double dt;
	uint32_t i;
	int d;

	if (!c->have_interval_start) {
		/* nothing seen and no start given: this tick only starts the first interval */
		c->have_interval_start = true;
		c->interval_start = now_ns;
		return 0;
	}
	if (now_ns <= c->interval_start)
		return -EINVAL;
	dt = (double)(now_ns - c->interval_start);

	for (i = 0; i < c->endpoint_count; i++)
		tick_endpoint(c, c->endpoints[i], now_ns, dt, first);
	for (i = 0; i < c->vring_count; i++)
		tick_vring(c, c->vrings[i], now_ns, dt, first);
	for (i = 0; i < c->bus_count; i++) {
		struct bus *b = &c->buses[i];

		for (d = 0; d < 2; d++) {
			uint64_t n = max_u64(b->other_rung[d], b->other_received[d]);

			b->other_per_s[d] = rate(n, &b->prev_other[d], dt);
		}
	}
	for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		c->lat_interval_p50[d] = lat_hist_quantile(&c->lat_interval[d], 0.50);
		c->lat_interval_p99[d] = lat_hist_quantile(&c->lat_interval[d], 0.99);
		memset(&c->lat_interval[d], 0, sizeof(c->lat_interval[d]));
	}
	c->interval_ns = now_ns - c->interval_start;
	c->interval_start = now_ns;
	c->ticks++;
	return 0;
}
