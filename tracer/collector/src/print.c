// SPDX-License-Identifier: MIT
/*
 * Text tables and JSON for batch modes (`rpmsg-trace live`, `report`). Plain output: no escape
 * sequences, one JSON object per call.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "rpmsg-scope/text.h"

void rpmsg_collector_print_opts_init(struct rpmsg_collector_print_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->sort = RPMSG_COLLECTOR_SORT_RATE;
	opts->descending = true;
	opts->flags = RPMSG_COLLECTOR_PRINT_TOTALS | RPMSG_COLLECTOR_PRINT_VRINGS |
		      RPMSG_COLLECTOR_PRINT_IDLE;
}

/* Rows selected for printing, in order. Return: count, or -ENOMEM; *@ids_out to be freed. */
/* @opts, or the defaults written to @store when the caller gave none. */
static const struct rpmsg_collector_print_opts *
opts_or_defaults(const struct rpmsg_collector_print_opts *opts,
		 struct rpmsg_collector_print_opts *store)
{
	if (opts)
		return opts;
	rpmsg_collector_print_opts_init(store);
	return store;
}

static int select_rows(const struct rpmsg_collector *c, const struct rpmsg_collector_print_opts *o,
		       uint32_t **ids_out)
{
	uint32_t n = rpmsg_collector_endpoint_count(c), kept = 0, i;
	uint32_t *ids = malloc((n ? n : 1) * sizeof(*ids));
	int sorted;

	if (!ids)
		return -ENOMEM;
	sorted = rpmsg_collector_sort_endpoints(c, o->sort, o->descending, ids, n);
	if (sorted < 0) {
		free(ids);
		return sorted;
	}
	for (i = 0; i < (uint32_t)sorted; i++) {
		const struct endpoint *ep = c->endpoints[ids[i]];
		bool idle = true;
		int d;

		for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++)
			if (ep->dir[d].sent_msgs || ep->dir[d].delivered_msgs || ep->dir[d].drops ||
			    ep->dir[d].tx_waits)
				idle = false;
		if (idle && !(o->flags & RPMSG_COLLECTOR_PRINT_IDLE))
			continue;
		if (o->row_filter) {
			struct rpmsg_collector_endpoint_stats row;

			rpmsg_collector_endpoint(c, ids[i], &row);
			if (!o->row_filter(&row, o->filter_priv))
				continue;
		}
		if (o->max_rows && kept >= o->max_rows)
			break;
		ids[kept++] = ids[i];
	}
	*ids_out = ids;
	return (int)kept;
}

/* 1234 -> "1234", 12345 -> "12.3k", ... in a static-free buffer of the caller. */
static const char *human(double v, char *buf, size_t size)
{
	static const char units[] = " kMGT";
	int u = 0;

	while (v >= 10000 && u < 4) {
		v /= 1000;
		u++;
	}
	if (u)
		snprintf(buf, size, "%.1f%c", v, units[u]);
	else if (v == (double)(uint64_t)v)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
	return buf;
}

static const char *duration(uint64_t ns, char *buf, size_t size)
{
	if (!ns)
		snprintf(buf, size, "-");
	else if (ns < 10000)
		snprintf(buf, size, "%" PRIu64 "ns", ns);
	else if (ns < 10000000)
		snprintf(buf, size, "%.1fus", (double)ns / 1e3);
	else if (ns < 10000000000ull)
		snprintf(buf, size, "%.1fms", (double)ns / 1e6);
	else
		snprintf(buf, size, "%.1fs", (double)ns / 1e9);
	return buf;
}

static void print_totals(const struct rpmsg_collector *c, FILE *f)
{
	struct rpmsg_collector_totals t;
	char a[16], b[16], p50[16], p99[16];
	unsigned int i;
	int d;

	rpmsg_collector_get_totals(c, &t);
	fprintf(f, "events %" PRIu64 "  rejected %" PRIu64 "  lost %" PRIu64, t.events,
		t.rejected_events, t.lost_events);
	for (i = 0; i < t.lost_source_count; i++)
		fprintf(f, "%s%s %" PRIu64, i ? ", " : " (", t.lost[i].name, t.lost[i].count);
	fprintf(f, "%s  endpoints %u  vrings %u  interval %.3fs\n", t.lost_source_count ? ")" : "",
		t.endpoints, t.vrings, (double)t.interval_ns / 1e9);
	if (t.rejected_events)
		fprintf(f, "last rejected event: %s\n", c->last_reject);
	for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		const struct rpmsg_collector_traffic *x = &t.dir[d];

		fprintf(f,
			"%s  msgs %" PRIu64 "  bytes %" PRIu64
			"  %s msg/s  %s B/s  latency since start"
			" p50 %s  p99 %s  drops %" PRIu64 "  waits %" PRIu64 "\n",
			d == RPMSG_COLLECTOR_TX ? "tx (host->remote)" : "rx (remote->host)",
			x->msgs, x->bytes, human(x->msgs_per_s, a, sizeof(a)),
			human(x->bytes_per_s, b, sizeof(b)),
			duration(x->lat_p50_ns, p50, sizeof(p50)),
			duration(x->lat_p99_ns, p99, sizeof(p99)), x->drops, x->tx_waits);
	}
	fprintf(f, "doorbells  kicks %" PRIu64 " (%s/s)  interrupts %" PRIu64 " (%s/s)", t.kicks,
		human(t.kicks_per_s, a, sizeof(a)), t.interrupts,
		human(t.interrupts_per_s, b, sizeof(b)));
	if (t.kicks_other || t.interrupts_other)
		fprintf(f, "  of which on no vring: kicks %" PRIu64 " interrupts %" PRIu64,
			t.kicks_other, t.interrupts_other);
	fprintf(f, "\n");
}

static void print_messages(const struct rpmsg_collector *c, FILE *f, uint32_t id, unsigned int max)
{
	struct rpmsg_collector_message m;
	char text[256], lat[16];
	unsigned int i;

	for (i = 0; (!max || i < max) && !rpmsg_collector_endpoint_message(c, id, i, &m); i++) {
		rpmsg_collector_format_message(c, id, &m, text, sizeof(text));
		fprintf(f, "    %s %" PRIu64 ".%09" PRIu64 " %u->%u len %u lat %s  %s\n",
			m.dir == RPMSG_COLLECTOR_TX ? "->" : "<-", m.ts_ns / 1000000000,
			m.ts_ns % 1000000000, m.src, m.dst, m.len,
			duration(m.latency_ns, lat, sizeof(lat)), text);
	}
}

static void print_vrings(const struct rpmsg_collector *c, FILE *f)
{
	uint32_t i, n = rpmsg_collector_vring_count(c);
	char r[4][16];

	if (!n)
		return;
	fprintf(f, "%-16s %3s %5s %6s %9s %7s %6s %7s %8s %8s %8s %8s\n", "BUS", "VQ", "NUM",
		"UNRECL", "MAXUNRECL", "REMOTE", "FREE", "MINFREE", "ADD/s", "GET/s", "KICK/s",
		"IRQ/s");
	for (i = 0; i < n; i++) {
		struct rpmsg_collector_vring_stats v;

		rpmsg_collector_vring(c, i, &v);
		fprintf(f,
			"%-16s %3u %5u %6u %9u %7" PRId64 " %6" PRId64 " %7" PRId64
			" %8s %8s %8s %8s\n",
			v.bus, v.vq, v.num, v.unreclaimed, v.unreclaimed_max, v.with_remote,
			v.num_free, v.num_free_min, human(v.adds_per_s, r[0], 16),
			human(v.gets_per_s, r[1], 16), human(v.kicks_per_s, r[2], 16),
			human(v.interrupts_per_s, r[3], 16));
	}
}

int rpmsg_collector_print_table(const struct rpmsg_collector *c, FILE *f,
				const struct rpmsg_collector_print_opts *opts)
{
	struct rpmsg_collector_print_opts defaults;
	struct rpmsg_collector_endpoint_stats s;
	char r[8][16];
	uint32_t *ids;
	int n, i;

	opts = opts_or_defaults(opts, &defaults);
	n = select_rows(c, opts, &ids);
	if (n < 0)
		return n;
	if (opts->flags & RPMSG_COLLECTOR_PRINT_TOTALS)
		print_totals(c, f);
	fprintf(f, "%-20s %-12s %10s %10s %8s %8s %8s %8s %10s %10s %8s %8s %6s %6s\n", "NAME",
		"BUS", "LOCAL", "REMOTE", "TX/s", "RX/s", "TX B/s", "RX B/s", "TX MSGS", "RX MSGS",
		"P50", "P99", "DROPS", "WAITS");
	for (i = 0; i < n; i++) {
		const struct rpmsg_collector_traffic *tx, *rx;
		char name[RPMSG_TEXT_ESCAPED_SIZE(sizeof(s.name))];
		char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(s.bus))];
		uint64_t p50, p99;

		rpmsg_collector_endpoint(c, ids[i], &s);
		tx = &s.dir[RPMSG_COLLECTOR_TX];
		rx = &s.dir[RPMSG_COLLECTOR_RX];
		p50 = tx->lat_p50_ns > rx->lat_p50_ns ? tx->lat_p50_ns : rx->lat_p50_ns;
		p99 = tx->lat_p99_ns > rx->lat_p99_ns ? tx->lat_p99_ns : rx->lat_p99_ns;
		fprintf(f,
			"%-20s %-12s %10u %10u %8s %8s %8s %8s %10" PRIu64 " %10" PRIu64
			" %8s %8s %6" PRIu64 " %6" PRIu64 "%s\n",
			s.name[0] ? rpmsg_text_escape(name, sizeof(name), s.name, sizeof(s.name))
				  : "?",
			rpmsg_text_escape(bus, sizeof(bus), s.bus, sizeof(s.bus)), s.local,
			s.remote, human(tx->msgs_per_s, r[0], 16), human(rx->msgs_per_s, r[1], 16),
			human(tx->bytes_per_s, r[2], 16), human(rx->bytes_per_s, r[3], 16),
			tx->msgs, rx->msgs, duration(p50, r[4], 16), duration(p99, r[5], 16),
			tx->drops + rx->drops, tx->tx_waits + rx->tx_waits,
			s.closed ? " (closed)" : "");
		if (opts->flags & RPMSG_COLLECTOR_PRINT_MESSAGES)
			print_messages(c, f, ids[i], opts->messages);
	}
	free(ids);
	if (opts->flags & RPMSG_COLLECTOR_PRINT_VRINGS)
		print_vrings(c, f);
	return ferror(f) ? -EIO : 0;
}

/* ------------------------------------------------------------------------------------------- */
/* JSON                                                                                         */

/* Names may hold any byte: rpmsg_json_print() keeps the JSON valid. */
static void json_stage_object(FILE *f, const struct rpmsg_collector_stages *st);

static void json_string(FILE *f, const char *s)
{
	rpmsg_json_print(f, s, SIZE_MAX);
}

static void json_traffic(FILE *f, const struct rpmsg_collector_traffic *t)
{
	int i;

	fprintf(f,
		"{\"msgs\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"sent_msgs\":%" PRIu64
		",\"sent_bytes\":%" PRIu64 ",\"delivered_msgs\":%" PRIu64
		",\"delivered_bytes\":%" PRIu64 ",\"msgs_per_s\":%.3f,\"bytes_per_s\":%.3f"
		",\"msgs_per_s_smooth\":%.3f,\"bytes_per_s_smooth\":%.3f,\"lat_samples\":%" PRIu64
		",\"lat_p50_ns\":%" PRIu64 ",\"lat_p99_ns\":%" PRIu64 ",\"lat_max_ns\":%" PRIu64
		",\"lat_unmatched\":%" PRIu64 ",\"drops\":%" PRIu64 ",\"tx_waits\":%" PRIu64
		",\"tx_wait_failures\":%" PRIu64 ",\"tx_wait_total_ns\":%" PRIu64
		",\"tx_wait_p50_ns\":%" PRIu64 ",\"tx_wait_p99_ns\":%" PRIu64
		",\"tx_wait_max_ns\":%" PRIu64 ",\"buffers_unreclaimed\":%u"
		",\"buffers_with_receiver\":%" PRId64 ",\"size_hist\":{",
		t->msgs, t->bytes, t->sent_msgs, t->sent_bytes, t->delivered_msgs,
		t->delivered_bytes, t->msgs_per_s, t->bytes_per_s, t->msgs_per_s_smooth,
		t->bytes_per_s_smooth, t->lat_samples, t->lat_p50_ns, t->lat_p99_ns, t->lat_max_ns,
		t->lat_unmatched, t->drops, t->tx_waits, t->tx_wait_failures, t->tx_wait_total_ns,
		t->tx_wait_p50_ns, t->tx_wait_p99_ns, t->tx_wait_max_ns, t->buffers_unreclaimed,
		t->buffers_with_receiver);
	for (i = 0; i < RPMSG_COLLECTOR_SIZE_BUCKETS; i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i ? "," : "", rpmsg_collector_size_bucket_label(i),
			t->size_hist[i]);
	fprintf(f, "},\"drops_by_reason\":{");
	for (i = 0; i < RPMSG_DROP_REASON_COUNT; i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i ? "," : "", rpmsg_collector_drop_reason_name(i),
			t->drops_by_reason[i]);
	fprintf(f, "}}");
}

/*
 * An event time as a JSON string of decimal ns on the text outputs' clock (@offset added): a
 * number above 2^53 would be rounded by a reader that parses doubles (jq). 0 (no event yet) is
 * null, as sink.rpmsg.print writes an unknown time.
 */
static void json_time(FILE *f, uint64_t ns, int64_t offset)
{
	if (!ns)
		fprintf(f, "null");
	else
		fprintf(f, "\"%" PRId64 "\"", (int64_t)ns + offset);
}

static void json_totals(const struct rpmsg_collector *c, FILE *f,
			const struct rpmsg_collector_print_opts *o)
{
	static const char *const event_names[] = RPMSG_EVENT_NAMES;
	struct rpmsg_collector_totals t;
	unsigned int i;

	rpmsg_collector_get_totals(c, &t);
	fprintf(f,
		"\"totals\":{\"events\":%" PRIu64 ",\"rejected_events\":%" PRIu64
		",\"lost_events\":%" PRIu64 ",\"lost\":{",
		t.events, t.rejected_events, t.lost_events);
	for (i = 0; i < t.lost_source_count; i++) {
		fprintf(f, "%s", i ? "," : "");
		json_string(f, t.lost[i].name);
		fprintf(f, ":%" PRIu64, t.lost[i].count);
	}
	fprintf(f, "},\"events_by_type\":{");
	for (i = 1; i < RPMSG_EV_TYPE_COUNT; i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i > 1 ? "," : "", event_names[i],
			t.events_by_type[i]);
	fprintf(f,
		"},\"endpoints\":%u,\"vrings\":%u,\"kicks\":%" PRIu64 ",\"interrupts\":%" PRIu64
		",\"kicks_per_s\":%.3f,\"interrupts_per_s\":%.3f,\"kicks_other\":%" PRIu64
		",\"interrupts_other\":%" PRIu64 ",\"kicks_other_per_s\":%.3f"
		",\"interrupts_other_per_s\":%.3f,\"latency_window\":"
		"\"" RPMSG_COLLECTOR_LATENCY_WINDOW "\",\"interval_ns\":%" PRIu64 ",\"last_ns\":",
		t.endpoints, t.vrings, t.kicks, t.interrupts, t.kicks_per_s, t.interrupts_per_s,
		t.kicks_other, t.interrupts_other, t.kicks_other_per_s, t.interrupts_other_per_s,
		t.interval_ns);
	json_time(f, t.last_ns, o->wall_offset_ns);
	fprintf(f, ",\"tx\":");
	json_traffic(f, &t.dir[RPMSG_COLLECTOR_TX]);
	fprintf(f, ",\"rx\":");
	json_traffic(f, &t.dir[RPMSG_COLLECTOR_RX]);
	fprintf(f, "}");
}

static void json_messages(const struct rpmsg_collector *c, FILE *f, uint32_t id,
			  const struct rpmsg_collector_print_opts *o)
{
	unsigned int max = o->messages;
	struct rpmsg_collector_message m;
	char text[256];
	unsigned int i;

	fprintf(f, ",\"messages\":[");
	for (i = 0; (!max || i < max) && !rpmsg_collector_endpoint_message(c, id, i, &m); i++) {
		rpmsg_collector_format_message(c, id, &m, text, sizeof(text));
		fprintf(f, "%s{\"ts_ns\":", i ? "," : "");
		json_time(f, m.ts_ns, o->wall_offset_ns);
		fprintf(f,
			",\"dir\":\"%s\",\"src\":%u,\"dst\":%u,\"len\":%u,\"captured\":%u"
			",\"latency_ns\":%" PRIu64 ",\"text\":",
			m.dir == RPMSG_COLLECTOR_TX ? "tx" : "rx", m.src, m.dst, m.len, m.captured,
			m.latency_ns);
		json_string(f, text);
		fprintf(f, "}");
	}
	fprintf(f, "]");
}

int rpmsg_collector_print_json(const struct rpmsg_collector *c, FILE *f,
			       const struct rpmsg_collector_print_opts *opts)
{
	struct rpmsg_collector_print_opts defaults;
	struct rpmsg_collector_endpoint_stats s;
	uint32_t *ids, i;
	int n;

	opts = opts_or_defaults(opts, &defaults);
	n = select_rows(c, opts, &ids);
	if (n < 0)
		return n;
	fprintf(f, "{");
	json_totals(c, f, opts);
	fprintf(f, ",\"endpoints\":[");
	for (i = 0; i < (uint32_t)n; i++) {
		rpmsg_collector_endpoint(c, ids[i], &s);
		fprintf(f, "%s{\"id\":%u,\"bus\":", i ? "," : "", s.id);
		json_string(f, s.bus);
		fprintf(f, ",\"local\":%u,\"remote\":%u,\"name\":", s.local, s.remote);
		json_string(f, s.name);
		fprintf(f, ",\"name_source\":\"%s\",\"closed\":%s,\"tx\":", s.name_source,
			s.closed ? "true" : "false");
		json_traffic(f, &s.dir[RPMSG_COLLECTOR_TX]);
		fprintf(f, ",\"rx\":");
		json_traffic(f, &s.dir[RPMSG_COLLECTOR_RX]);
		if (opts->flags & RPMSG_COLLECTOR_PRINT_STAGES) {
			struct rpmsg_collector_stages st;
			int d;

			fprintf(f, ",\"stages\":{");
			for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
				rpmsg_collector_endpoint_stages(c, ids[i], d, &st);
				fprintf(f, "%s\"%s\":", d ? "," : "", d ? "rx" : "tx");
				json_stage_object(f, &st);
			}
			fprintf(f, "}");
		}
		if (opts->flags & RPMSG_COLLECTOR_PRINT_MESSAGES)
			json_messages(c, f, ids[i], opts);
		fprintf(f, "}");
	}
	free(ids);
	fprintf(f, "],\"vrings\":[");
	for (i = 0; (opts->flags & RPMSG_COLLECTOR_PRINT_VRINGS) && i < c->vring_count; i++) {
		struct rpmsg_collector_vring_stats v;

		rpmsg_collector_vring(c, i, &v);
		fprintf(f, "%s{\"id\":%u,\"bus\":", i ? "," : "", v.id);
		json_string(f, v.bus);
		fprintf(f,
			",\"vq\":%u,\"num\":%u,\"unreclaimed\":%u,\"unreclaimed_max\":%u"
			",\"with_remote\":%" PRId64 ",\"returned\":%" PRId64
			",\"num_free\":%" PRId64 ",\"num_free_min\":%" PRId64 ",\"adds\":%" PRIu64
			",\"gets\":%" PRIu64 ",\"device_adds\":%" PRIu64 ",\"device_gets\":%" PRIu64
			",\"kicks\":%" PRIu64 ",\"interrupts\":%" PRIu64
			",\"kicks_per_s\":%.3f,\"interrupts_per_s\":%.3f}",
			v.vq, v.num, v.unreclaimed, v.unreclaimed_max, v.with_remote, v.returned,
			v.num_free, v.num_free_min, v.adds, v.gets, v.device_adds, v.device_gets,
			v.kicks, v.interrupts, v.kicks_per_s, v.interrupts_per_s);
	}
	fprintf(f, "]}\n");
	return ferror(f) ? -EIO : 0;
}

/* ------------------------------------------------------------------------------------------- */
/* Stages                                                                                       */

static const char *const dir_names[RPMSG_COLLECTOR_DIRS] = {"tx", "rx"};

/* A stage time: "-" when there is no sample, else its duration (0 included). */
static const char *stage_time(uint64_t samples, uint64_t ns, char *buf, size_t size)
{
	if (samples && !ns)
		return "0ns";
	return duration(samples ? ns : 0, buf, size);
}

static void text_stage_lines(FILE *f, const char *who, int dir,
			     const struct rpmsg_collector_stages *st)
{
	char p50[16], p99[16], max[16];
	unsigned int k;

	for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++) {
		const struct rpmsg_collector_stage_stats *s = &st->stage[k];

		fprintf(f, "%-30.30s %-3s %-15s %8" PRIu64 " %9s %9s %9s %8" PRIu64 "\n", who,
			dir_names[dir], rpmsg_collector_stage_name(k), s->samples,
			stage_time(s->samples, s->p50_ns, p50, sizeof(p50)),
			stage_time(s->samples, s->p99_ns, p99, sizeof(p99)),
			stage_time(s->samples, s->max_ns, max, sizeof(max)), s->skipped);
	}
}

/*
 * Who holds the sender's buffers and how long its senders waited for one: the sender is the
 * host on tx, the remote on rx (WHO HOLDS THE TX BUFFERS).
 */
static void text_holders(FILE *f, const char *who, int dir, const struct rpmsg_collector_traffic *t)
{
	char total[16], p50[16], p99[16], with[24];

	fprintf(f, "%-30.30s %-3s ", who, dir_names[dir]);
	/* the host's TX buffers; on rx the buffers are the host's RX ones, lent to the remote */
	if (dir == RPMSG_COLLECTOR_TX) {
		if (t->buffers_with_receiver >= 0)
			snprintf(with, sizeof(with), "%" PRId64, t->buffers_with_receiver);
		else
			snprintf(with, sizeof(with), "?");
		fprintf(f, "TX buffers: %u not reclaimed by the host, %s with the remote; ",
			t->buffers_unreclaimed, with);
	}
	fprintf(f, "TX waits (%s side): %" PRIu64 ", total %s, p50 %s, p99 %s\n",
		dir ? "remote" : "host", t->tx_waits,
		stage_time(t->tx_waits, t->tx_wait_total_ns, total, sizeof(total)),
		stage_time(t->tx_waits, t->tx_wait_p50_ns, p50, sizeof(p50)),
		stage_time(t->tx_waits, t->tx_wait_p99_ns, p99, sizeof(p99)));
}

static void json_stage_object(FILE *f, const struct rpmsg_collector_stages *st)
{
	unsigned int k;

	fprintf(f, "{");
	for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++) {
		const struct rpmsg_collector_stage_stats *s = &st->stage[k];

		fprintf(f,
			"%s\"%s\":{\"samples\":%" PRIu64 ",\"p50_ns\":%" PRIu64
			",\"p99_ns\":%" PRIu64 ",\"max_ns\":%" PRIu64 ",\"skipped\":%" PRIu64 "}",
			k ? "," : "", rpmsg_collector_stage_key(k), s->samples, s->p50_ns,
			s->p99_ns, s->max_ns, s->skipped);
	}
	fprintf(f, "}");
}

/* Does @dir of row @s carry messages (either side's view)? */
static bool row_dir_used(const struct rpmsg_collector_endpoint_stats *s, int dir)
{
	return s->dir[dir].sent_msgs || s->dir[dir].delivered_msgs;
}

int rpmsg_collector_print_stages(const struct rpmsg_collector *c, FILE *f,
				 const struct rpmsg_collector_print_opts *opts, bool json)
{
	struct rpmsg_collector_print_opts defaults;
	struct rpmsg_collector_endpoint_stats s;
	struct rpmsg_collector_stages st;
	bool first = true;
	uint32_t *ids, i;
	unsigned int k;
	int n, d;

	opts = opts_or_defaults(opts, &defaults);
	n = select_rows(c, opts, &ids);
	if (n < 0)
		return n;
	if (json)
		fprintf(f, "{\"stages\":[");
	else
		fprintf(f, "%-30s %-3s %-15s %8s %9s %9s %9s %8s\n", "ENDPOINT", "DIR", "STAGE",
			"COUNT", "P50", "P99", "MAX", "SKIPPED");
	for (i = 0; i < (uint32_t)n; i++) {
		rpmsg_collector_endpoint(c, ids[i], &s);
		for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
			char who[64];

			if (!row_dir_used(&s, d))
				continue;
			rpmsg_collector_endpoint_stages(c, ids[i], d, &st);
			if (!json) {
				snprintf(who, sizeof(who), "%s %u>%u", s.name[0] ? s.name : "?",
					 d == RPMSG_COLLECTOR_TX ? s.local : s.remote,
					 d == RPMSG_COLLECTOR_TX ? s.remote : s.local);
				text_stage_lines(f, who, d, &st);
				text_holders(f, who, d, &s.dir[d]);
				continue;
			}
			fprintf(f, "%s{\"id\":%u,\"bus\":", first ? "" : ",", s.id);
			json_string(f, s.bus);
			fprintf(f, ",\"local\":%u,\"remote\":%u,\"name\":", s.local, s.remote);
			json_string(f, s.name);
			fprintf(f,
				",\"dir\":\"%s\",\"msgs\":%" PRIu64 ",\"tx_waits\":%" PRIu64
				",\"tx_wait_total_ns\":%" PRIu64 ",\"tx_wait_p50_ns\":%" PRIu64
				",\"tx_wait_p99_ns\":%" PRIu64 ",\"buffers_unreclaimed\":%u"
				",\"buffers_with_receiver\":%" PRId64 ",\"stages\":",
				dir_names[d], s.dir[d].msgs, s.dir[d].tx_waits,
				s.dir[d].tx_wait_total_ns, s.dir[d].tx_wait_p50_ns,
				s.dir[d].tx_wait_p99_ns, s.dir[d].buffers_unreclaimed,
				s.dir[d].buffers_with_receiver);
			json_stage_object(f, &st);
			fprintf(f, "}");
			first = false;
		}
	}
	free(ids);
	if (json)
		fprintf(f, "],\"totals\":{");
	for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		rpmsg_collector_endpoint_stages(c, UINT32_MAX, d, &st);
		if (json) {
			fprintf(f, "%s\"%s\":", d ? "," : "", dir_names[d]);
			json_stage_object(f, &st);
		} else {
			text_stage_lines(f, "all endpoints", d, &st);
		}
	}
	fprintf(f, json ? "},\"unmeasured\":{" : "not measured:\n");
	for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		bool any = false;

		if (json)
			fprintf(f, "%s\"%s\":{", d ? "," : "", dir_names[d]);
		for (k = 0; k < RPMSG_COLLECTOR_STAGES; k++) {
			const char *why = rpmsg_collector_stage_unseen(c, d, k);

			if (!why[0])
				continue;
			if (json) {
				fprintf(f, "%s\"%s\":", any ? "," : "",
					rpmsg_collector_stage_key(k));
				json_string(f, why);
			} else {
				fprintf(f, "  %s %s: %s\n", dir_names[d],
					rpmsg_collector_stage_name(k), why);
			}
			any = true;
		}
		if (json)
			fprintf(f, "}");
	}
	if (json)
		fprintf(f, "}}\n");
	return ferror(f) ? -EIO : 0;
}
