// SPDX-License-Identifier: MIT
/*
 * Read side: snapshots of totals, rows and vrings, histories, kept messages, and the sort
 * helper. Nothing here changes the collector.
 */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * Add one row direction's counters to @out: the totals are the sum of the rows, and a row's own
 * snapshot is that sum over one row (added to zero), so both read the same fields the same way.
 * Messages and bytes take the larger of the sent and delivered counts (one side may be
 * untraced), the size histogram that larger side's; lengths and waits keep their extremes.
 * Latency is not added here: quantiles do not sum (see traffic_snapshot() and the totals).
 */
static void traffic_add(const struct dir_state *d, struct rpmsg_collector_traffic *out)
{
	const uint64_t *hist = d->sent_msgs >= d->delivered_msgs ? d->sent_hist : d->delivered_hist;
	int i;

	if (d->sent_msgs + d->delivered_msgs) {
		if (!(out->sent_msgs + out->delivered_msgs) || d->min_len < out->min_len)
			out->min_len = d->min_len;
		if (d->max_len > out->max_len)
			out->max_len = d->max_len;
	}
	out->msgs += max_u64(d->sent_msgs, d->delivered_msgs);
	out->bytes += max_u64(d->sent_bytes, d->delivered_bytes);
	out->sent_msgs += d->sent_msgs;
	out->sent_bytes += d->sent_bytes;
	out->delivered_msgs += d->delivered_msgs;
	out->delivered_bytes += d->delivered_bytes;
	out->msgs_per_s += d->msgs_per_s;
	out->bytes_per_s += d->bytes_per_s;
	out->msgs_per_s_smooth += d->msgs_smooth;
	out->bytes_per_s_smooth += d->bytes_smooth;
	for (i = 0; i < RPMSG_COLLECTOR_SIZE_BUCKETS; i++)
		out->size_hist[i] += hist[i];
	out->lat_unmatched += d->unmatched;
	out->drops += d->drops;
	for (i = 0; i < RPMSG_DROP_REASON_COUNT; i++)
		out->drops_by_reason[i] += d->drops_by_reason[i];
	out->tx_waits += d->tx_waits;
	out->tx_wait_failures += d->tx_wait_failures;
	out->tx_wait_total_ns += d->tx_wait_total_ns;
	if (d->tx_wait_max_ns > out->tx_wait_max_ns)
		out->tx_wait_max_ns = d->tx_wait_max_ns;
}

/* Fill @out's latency from one histogram and the last interval's quantiles. */
static void traffic_latency(const struct lat_hist *all, uint64_t interval_p50,
			    uint64_t interval_p99, struct rpmsg_collector_traffic *out)
{
	out->lat_samples = all->count;
	out->lat_p50_ns = lat_hist_quantile(all, 0.50);
	out->lat_p99_ns = lat_hist_quantile(all, 0.99);
	out->lat_max_ns = all->max;
	out->lat_interval_p50_ns = interval_p50;
	out->lat_interval_p99_ns = interval_p99;
}

/* The time waited for TX buffers: quantiles of one histogram. */
static void traffic_waits(const struct lat_hist *waits, struct rpmsg_collector_traffic *out)
{
	out->tx_wait_p50_ns = lat_hist_quantile(waits, 0.50);
	out->tx_wait_p99_ns = lat_hist_quantile(waits, 0.99);
}

void traffic_snapshot(const struct dir_state *d, struct rpmsg_collector_traffic *out)
{
	memset(out, 0, sizeof(*out));
	traffic_add(d, out);
	if (d->lat)
		traffic_latency(&d->lat->all, d->lat->interval_p50, d->lat->interval_p99, out);
	if (d->wait_hist)
		traffic_waits(d->wait_hist, out);
}

uint32_t rpmsg_collector_endpoint_count(const struct rpmsg_collector *c)
{
	return c->endpoint_count;
}

int rpmsg_collector_endpoint(const struct rpmsg_collector *c, uint32_t id,
			     struct rpmsg_collector_endpoint_stats *out)
{
	const struct endpoint *ep;
	const char *name;
	int d;

	if (id >= c->endpoint_count)
		return -ENOENT;
	ep = c->endpoints[id];
	memset(out, 0, sizeof(*out));
	out->id = id;
	memcpy(out->bus, c->buses[ep->bus_id].name, sizeof(out->bus));
	out->local = ep->local;
	out->remote = ep->remote;
	name = names_resolve(c, ep, &out->name_source, &out->closed);
	memcpy(out->name, name, strnlen(name, sizeof(out->name) - 1));
	out->first_ns = ep->first_ns;
	out->last_ns = ep->last_ns;
	for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		traffic_snapshot(&ep->dir[d], &out->dir[d]);
		stages_buffers(c, d, &ep->dir[d], &out->dir[d]);
	}
	out->messages_kept = ep->msgs ? (unsigned int)(ep->msg_seq < c->opts.messages_per_endpoint
							       ? ep->msg_seq
							       : c->opts.messages_per_endpoint)
				      : 0;
	return 0;
}

int64_t rpmsg_collector_find_endpoint(const struct rpmsg_collector *c, const char *bus,
				      uint32_t local, uint32_t remote)
{
	size_t len = strnlen(bus, RPMSG_EVENT_BUS_LEN - 1);
	uint32_t i;
	int64_t found;

	for (i = 0; i < c->bus_count; i++) {
		if (strlen(c->buses[i].name) == len && !memcmp(c->buses[i].name, bus, len)) {
			found = key_index_find(&c->endpoint_index, i, local, remote);
			return found >= 0 ? found : -ENOENT;
		}
	}
	return -ENOENT;
}

/*
 * Copy a history ring of opts.history_len samples of @size bytes (@count kept, @next the slot
 * written next) to @out, oldest first; when @max is short, the newest @max samples.
 * Return: how many were copied.
 */
static int history_copy(const struct rpmsg_collector *c, void *out, size_t max, const void *ring,
			size_t size, uint32_t count, uint32_t next)
{
	uint32_t len = c->opts.history_len;
	uint32_t n = count < max ? count : (uint32_t)max;
	uint32_t first = (next + len - n) % len;

	for (uint32_t i = 0; i < n; i++)
		memcpy((char *)out + i * size, (const char *)ring + ((first + i) % len) * size,
		       size);
	return (int)n;
}

int rpmsg_collector_endpoint_history(const struct rpmsg_collector *c, uint32_t id,
				     struct rpmsg_collector_rate_sample *out, size_t max)
{
	const struct endpoint *ep;

	if (id >= c->endpoint_count)
		return -ENOENT;
	ep = c->endpoints[id];
	return history_copy(c, out, max, ep->history, sizeof(*out), ep->hist_count, ep->hist_next);
}

int rpmsg_collector_endpoint_message(const struct rpmsg_collector *c, uint32_t id,
				     unsigned int index, struct rpmsg_collector_message *out)
{
	uint32_t n = c->opts.messages_per_endpoint;
	const struct endpoint *ep;
	const struct kept_message *m;
	uint64_t seq;

	if (id >= c->endpoint_count)
		return -ENOENT;
	ep = c->endpoints[id];
	if (!ep->msgs || index >= n || index >= ep->msg_seq)
		return -ENOENT;
	seq = ep->msg_seq - 1 - index;
	m = &ep->msgs[seq % n];
	out->ts_ns = m->ts_ns;
	out->dir = (enum rpmsg_collector_dir)m->dir;
	out->role = m->role;
	out->src = m->src;
	out->dst = m->dst;
	out->len = m->len;
	out->flags = m->flags;
	out->captured = m->captured;
	out->latency_ns = m->latency_ns;
	out->payload = ep->payloads + (seq % n) * c->opts.payload_keep;
	return 0;
}

uint32_t rpmsg_collector_vring_count(const struct rpmsg_collector *c)
{
	return c->vring_count;
}

int rpmsg_collector_vring(const struct rpmsg_collector *c, uint32_t id,
			  struct rpmsg_collector_vring_stats *out)
{
	const struct vring *v;

	if (id >= c->vring_count)
		return -ENOENT;
	v = c->vrings[id];
	memset(out, 0, sizeof(*out));
	out->id = id;
	memcpy(out->bus, c->buses[v->bus_id].name, sizeof(out->bus));
	out->vq = v->vq;
	out->num = v->num;
	out->unreclaimed = vring_unreclaimed(v);
	out->unreclaimed_max = v->unreclaimed_max_last;
	out->with_remote = vring_with_remote(v);
	out->returned = out->with_remote < 0 || out->with_remote > out->unreclaimed
				? (out->with_remote < 0 ? -1 : 0)
				: (int64_t)out->unreclaimed - out->with_remote;
	out->num_free = v->num_free;
	out->num_free_min = v->num_free_min_last;
	out->adds = v->adds;
	out->gets = v->gets;
	out->device_adds = v->device_adds;
	out->device_gets = v->device_gets;
	out->adds_per_s = v->adds_per_s;
	out->gets_per_s = v->gets_per_s;
	out->kicks = max_u64(v->kicks[0], v->kicks[1]);
	out->interrupts = max_u64(v->interrupts[0], v->interrupts[1]);
	out->kicks_per_s = v->kicks_per_s;
	out->interrupts_per_s = v->interrupts_per_s;
	out->kicks_per_s_smooth = v->kicks_smooth;
	out->interrupts_per_s_smooth = v->interrupts_smooth;
	return 0;
}

int rpmsg_collector_vring_history(const struct rpmsg_collector *c, uint32_t id,
				  struct rpmsg_collector_vring_sample *out, size_t max)
{
	const struct vring *v;

	if (id >= c->vring_count)
		return -ENOENT;
	v = c->vrings[id];
	return history_copy(c, out, max, v->history, sizeof(*out), v->hist_count, v->hist_next);
}

int rpmsg_collector_get_totals(const struct rpmsg_collector *c, struct rpmsg_collector_totals *out)
{
	uint32_t i;
	int d;

	memset(out, 0, sizeof(*out));
	out->events = c->events;
	memcpy(out->events_by_type, c->events_by_type, sizeof(out->events_by_type));
	out->rejected_events = c->rejected;
	out->lost_events = c->lost_total;
	out->lost_source_count = c->lost_sources;
	memcpy(out->lost, c->lost, sizeof(out->lost));
	if (c->lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX].count)
		out->lost_source_count++; /* the "other" slot, right after the named ones */
	if (c->lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX].count)
		out->lost[c->lost_sources] = c->lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX];
	out->endpoints = c->endpoint_count;
	out->vrings = c->vring_count;
	out->buses = c->bus_count;
	for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		struct lat_hist waits = {0};

		for (i = 0; i < c->endpoint_count; i++) {
			const struct dir_state *ds = &c->endpoints[i]->dir[d];

			traffic_add(ds, &out->dir[d]);
			stages_buffers(c, d, ds, &out->dir[d]);
			if (ds->wait_hist)
				lat_hist_merge(&waits, ds->wait_hist);
		}
		traffic_latency(&c->lat_all[d], c->lat_interval_p50[d], c->lat_interval_p99[d],
				&out->dir[d]);
		traffic_waits(&waits, &out->dir[d]);
	}
	/* every vring's doorbells, then those no vring was named for: the parts add up */
	for (i = 0; i < c->vring_count; i++) {
		const struct vring *v = c->vrings[i];

		out->kicks += max_u64(v->kicks[0], v->kicks[1]);
		out->interrupts += max_u64(v->interrupts[0], v->interrupts[1]);
		out->kicks_per_s += v->kicks_per_s;
		out->interrupts_per_s += v->interrupts_per_s;
	}
	for (i = 0; i < c->bus_count; i++) {
		const struct bus *bus = &c->buses[i];

		out->kicks_other +=
			max_u64(bus->other_rung[TO_REMOTE], bus->other_received[TO_REMOTE]);
		out->interrupts_other +=
			max_u64(bus->other_rung[TO_HOST], bus->other_received[TO_HOST]);
		out->kicks_other_per_s += bus->other_per_s[TO_REMOTE];
		out->interrupts_other_per_s += bus->other_per_s[TO_HOST];
	}
	out->kicks += out->kicks_other;
	out->interrupts += out->interrupts_other;
	out->kicks_per_s += out->kicks_other_per_s;
	out->interrupts_per_s += out->interrupts_other_per_s;
	out->first_ns = c->first_ns;
	out->last_ns = c->last_ns;
	out->interval_ns = c->interval_ns;
	out->ticks = c->ticks;
	return 0;
}

/* ------------------------------------------------------------------------------------------- */
/* Sorting                                                                                      */

static const char *const sort_key_names[RPMSG_COLLECTOR_SORT_KEY_COUNT] = {
	[RPMSG_COLLECTOR_SORT_ID] = "id",
	[RPMSG_COLLECTOR_SORT_NAME] = "name",
	[RPMSG_COLLECTOR_SORT_ADDR] = "addr",
	[RPMSG_COLLECTOR_SORT_MSGS] = "msgs",
	[RPMSG_COLLECTOR_SORT_TX_MSGS] = "tx-msgs",
	[RPMSG_COLLECTOR_SORT_RX_MSGS] = "rx-msgs",
	[RPMSG_COLLECTOR_SORT_BYTES] = "bytes",
	[RPMSG_COLLECTOR_SORT_RATE] = "rate",
	[RPMSG_COLLECTOR_SORT_TX_RATE] = "tx-rate",
	[RPMSG_COLLECTOR_SORT_RX_RATE] = "rx-rate",
	[RPMSG_COLLECTOR_SORT_BYTE_RATE] = "byte-rate",
	[RPMSG_COLLECTOR_SORT_LAT_P50] = "p50",
	[RPMSG_COLLECTOR_SORT_LAT_P99] = "p99",
	[RPMSG_COLLECTOR_SORT_DROPS] = "drops",
	[RPMSG_COLLECTOR_SORT_TX_WAITS] = "waits",
	[RPMSG_COLLECTOR_SORT_LAST_SEEN] = "last",
};

const char *rpmsg_collector_sort_key_name(enum rpmsg_collector_sort_key key)
{
	return (unsigned int)key < RPMSG_COLLECTOR_SORT_KEY_COUNT ? sort_key_names[key] : NULL;
}

int rpmsg_collector_sort_key_parse(const char *name, enum rpmsg_collector_sort_key *out)
{
	int i;

	for (i = 0; i < RPMSG_COLLECTOR_SORT_KEY_COUNT; i++) {
		if (!strcmp(name, sort_key_names[i])) {
			*out = (enum rpmsg_collector_sort_key)i;
			return 0;
		}
	}
	return -EINVAL;
}

struct sort_item {
	uint32_t id;
	double value;
	const struct rpmsg_collector *c; /* for name / address keys */
	const char *name;
};

static double lat_quantile_of(const struct dir_state *d, double q)
{
	return d->lat ? (double)lat_hist_quantile(&d->lat->all, q) : 0;
}

static double sort_value(const struct endpoint *ep, enum rpmsg_collector_sort_key key)
{
	const struct dir_state *tx = &ep->dir[RPMSG_COLLECTOR_TX],
			       *rx = &ep->dir[RPMSG_COLLECTOR_RX];
	double a, b;

	switch (key) {
	case RPMSG_COLLECTOR_SORT_MSGS:
		return (double)(max_u64(tx->sent_msgs, tx->delivered_msgs) +
				max_u64(rx->sent_msgs, rx->delivered_msgs));
	case RPMSG_COLLECTOR_SORT_TX_MSGS:
		return (double)max_u64(tx->sent_msgs, tx->delivered_msgs);
	case RPMSG_COLLECTOR_SORT_RX_MSGS:
		return (double)max_u64(rx->sent_msgs, rx->delivered_msgs);
	case RPMSG_COLLECTOR_SORT_BYTES:
		return (double)(max_u64(tx->sent_bytes, tx->delivered_bytes) +
				max_u64(rx->sent_bytes, rx->delivered_bytes));
	case RPMSG_COLLECTOR_SORT_RATE:
		return tx->msgs_per_s + rx->msgs_per_s;
	case RPMSG_COLLECTOR_SORT_TX_RATE:
		return tx->msgs_per_s;
	case RPMSG_COLLECTOR_SORT_RX_RATE:
		return rx->msgs_per_s;
	case RPMSG_COLLECTOR_SORT_BYTE_RATE:
		return tx->bytes_per_s + rx->bytes_per_s;
	case RPMSG_COLLECTOR_SORT_LAT_P50:
	case RPMSG_COLLECTOR_SORT_LAT_P99: {
		double q = key == RPMSG_COLLECTOR_SORT_LAT_P50 ? 0.50 : 0.99;

		a = lat_quantile_of(tx, q);
		b = lat_quantile_of(rx, q);
		return a > b ? a : b;
	}
	case RPMSG_COLLECTOR_SORT_DROPS:
		return (double)(tx->drops + rx->drops);
	case RPMSG_COLLECTOR_SORT_TX_WAITS:
		return (double)(tx->tx_waits + rx->tx_waits);
	case RPMSG_COLLECTOR_SORT_LAST_SEEN:
		return (double)ep->last_ns;
	default:
		return 0;
	}
}

static int cmp_addr(const struct sort_item *x, const struct sort_item *y)
{
	const struct endpoint *a = x->c->endpoints[x->id], *b = y->c->endpoints[y->id];
	int r = strcmp(x->c->buses[a->bus_id].name, y->c->buses[b->bus_id].name);

	if (r)
		return r;
	if (a->local != b->local)
		return a->local < b->local ? -1 : 1;
	if (a->remote != b->remote)
		return a->remote < b->remote ? -1 : 1;
	return 0;
}

struct sort_order {
	enum rpmsg_collector_sort_key key;
	bool descending;
};

static int cmp_items(const void *pa, const void *pb, void *arg)
{
	const struct sort_item *x = pa, *y = pb;
	const struct sort_order *order = arg;
	int r = 0;

	switch (order->key) {
	case RPMSG_COLLECTOR_SORT_ID:
		break;
	case RPMSG_COLLECTOR_SORT_NAME:
		r = strcmp(x->name, y->name);
		if (!r)
			r = cmp_addr(x, y);
		break;
	case RPMSG_COLLECTOR_SORT_ADDR:
		r = cmp_addr(x, y);
		break;
	default:
		r = x->value < y->value ? -1 : x->value > y->value ? 1 : 0;
		break;
	}
	if (order->descending)
		r = -r;
	/* ties keep the order of appearance in both directions: rows do not jump */
	if (!r)
		r = x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
	return r;
}

int rpmsg_collector_sort_endpoints(const struct rpmsg_collector *c,
				   enum rpmsg_collector_sort_key key, bool descending,
				   uint32_t *ids, size_t max)
{
	struct sort_order order = {key, descending};
	uint32_t n = c->endpoint_count, i;
	struct sort_item *items;
	size_t out;

	if ((unsigned int)key >= RPMSG_COLLECTOR_SORT_KEY_COUNT)
		return -EINVAL;
	items = malloc((n ? n : 1) * sizeof(*items));
	if (!items)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct endpoint *ep = c->endpoints[i];
		const char *source;
		bool closed;

		items[i].id = i;
		items[i].c = c;
		items[i].value = sort_value(ep, key);
		items[i].name = key == RPMSG_COLLECTOR_SORT_NAME
					? names_resolve(c, ep, &source, &closed)
					: "";
	}
	qsort_r(items, n, sizeof(*items), cmp_items, &order);
	out = n < max ? n : max;
	for (i = 0; i < out; i++)
		ids[i] = items[i].id;
	free(items);
	return (int)out;
}
