// SPDX-License-Identifier: MIT
/*
 * sink.rpmsg.stats: a per-endpoint table of a whole trace. The accounting is the collector's
 * (tracer/collector): this file converts babeltrace2 messages into struct rpmsg_event, feeds
 * them, and formats the result (message sizes too: the collector keeps min/max per direction).
 *
 * Parameters: json (bool, default false), endpoint (string: a name or an address; only the rows
 * it names are shown), since / until (strings, see time_window.h: only events inside are
 * counted; name-service and endpoint events before the window still name the rows).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/decoders.h>

#include "components.h"
#include "decoding.h"
#include <rpmsg-scope/bt2-components.h>
#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/bt2-sink-input.h>

struct stats_sink {
	struct rpmsg_bt2_sink_input input; /* first: the shared sink methods read it */
	bt_self_component *self;
	bool json;
	char *endpoint;
	struct rpmsg_collector *collector;
	/* reads events, learns names, says what --endpoint and the window keep (no decoding) */
	struct decoding decoding;
	uint64_t other_events; /* events of other providers, ignored */
	/* with a window: names read before it (fed, not counted) and the span of what it kept */
	uint64_t names_outside;
	uint64_t kept_first_ns, kept_last_ns;
	bool kept_any;
	struct rpmsg_bt2_sink_outcome *outcome; /* the initialize method data, may be NULL */
	bool discarded_unknown;			/* a discard message without a count */
	enum rpmsg_clock_style clock;
	bool epoch_seen, unix_epoch; /* the first event's clock is on the Unix epoch */
};

/* what the shared consume method does with the messages (defined below) */
static const struct rpmsg_bt2_sink_input_ops stats_input_ops;

bt_component_class_initialize_method_status
rpmsg_bt2_stats_sink_initialize(bt_self_component_sink *self_sink,
				bt_self_component_sink_configuration *config,
				const bt_value *params, void *init_data)
{
	static const struct param_spec specs[] = {
		{"json", BT_VALUE_TYPE_BOOL},
		{"endpoint", BT_VALUE_TYPE_STRING},
		{"since", BT_VALUE_TYPE_STRING},
		{"until", BT_VALUE_TYPE_STRING},
		{"clock-seconds", BT_VALUE_TYPE_BOOL},
		{"clock-gmt", BT_VALUE_TYPE_BOOL},
		{NULL, 0},
	};
	bt_self_component *self = bt_self_component_sink_as_self_component(self_sink);
	struct rpmsg_collector_options options;
	bt_component_class_initialize_method_status status;
	struct time_window window;
	struct stats_sink *sink;
	const char *endpoint;

	sink = rpmsg_bt2_component_data(self, params, specs, &window, sizeof(*sink), &status);
	if (!sink)
		return status;
	sink->input.ops = &stats_input_ops;
	sink->self = self;
	sink->outcome = init_data;
	sink->json = rpmsg_bt2_params_bool(params, "json", false);
	sink->clock = rpmsg_bt2_params_clock(params);
	endpoint = rpmsg_bt2_params_string(params, "endpoint");
	if (endpoint)
		sink->endpoint = strdup(endpoint);
	rpmsg_collector_options_init(&options);
	/* A report needs totals, not message history: keep as little per message as allowed. */
	options.messages_per_endpoint = 1;
	options.payload_keep = 1;
	options.no_stages = true; /* the table shows no stage */
	if ((endpoint && !sink->endpoint) ||
	    rpmsg_bt2_decoding_init(&sink->decoding, NULL, sink->endpoint, &window) ||
	    rpmsg_collector_create(&options, &sink->collector) ||
	    bt_self_component_sink_add_input_port(self_sink, "in", NULL, NULL)) {
		rpmsg_collector_destroy(sink->collector);
		rpmsg_bt2_decoding_fini(&sink->decoding);
		free(sink->endpoint);
		free(sink);
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	}
	/* the collector never looks at pid and tid */
	rpmsg_bt2_reader_skip_process_ids(sink->decoding.reader);
	bt_self_component_set_data(self, sink);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

void rpmsg_bt2_stats_sink_finalize(bt_self_component_sink *self_sink)
{
	struct stats_sink *sink =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self_sink));

	bt_message_iterator_put_ref(sink->input.upstream);
	rpmsg_collector_destroy(sink->collector);
	rpmsg_bt2_decoding_fini(&sink->decoding);
	free(sink->endpoint);
	free(sink);
}

static int account_event(struct stats_sink *sink, const bt_message *msg)
{
	struct decoding *d = &sink->decoding;
	const struct rpmsg_event *ev = &d->event;
	int verdict = rpmsg_bt2_decoding_event(d, msg);

	if (verdict < 0)
		return verdict;
	if (verdict == DECODING_OTHER) {
		sink->other_events++;
		return 0;
	}
	if (!sink->epoch_seen) {
		sink->epoch_seen = true;
		sink->unix_epoch = rpmsg_bt2_message_clock_is_unix_epoch(msg);
	}
	if (rpmsg_bt2_window_active(&d->window) && ev->ts_ns) {
		enum time_position where =
			rpmsg_bt2_window_position(&d->window, (int64_t)ev->ts_ns);
		bool names = ev->type == RPMSG_EV_NS_ANNOUNCE || ev->type == RPMSG_EV_EPT_CREATE ||
			     ev->type == RPMSG_EV_EPT_DESTROY;

		/* Outside the window only names count: they still name the rows inside it. */
		if (where == TIME_AFTER || (where == TIME_BEFORE && !names))
			return 0;
		if (where == TIME_BEFORE) {
			sink->names_outside++;
		} else {
			if (!sink->kept_any || ev->ts_ns < sink->kept_first_ns)
				sink->kept_first_ns = ev->ts_ns;
			if (!sink->kept_any || ev->ts_ns > sink->kept_last_ns)
				sink->kept_last_ns = ev->ts_ns;
			sink->kept_any = true;
		}
	}
	/* A malformed event is counted by the collector as rejected and shown: never lost. */
	rpmsg_collector_add_event(sink->collector, ev);
	return 0;
}

static void account_discarded(void *ctx, bool events, uint64_t count, bool known)
{
	struct stats_sink *sink = ctx;

	if (!known)
		sink->discarded_unknown = true;
	else
		rpmsg_collector_add_lost(sink->collector,
					 events ? "discarded-events" : "discarded-packets", count);
}

/* "1.5ms", "820ns": latencies in a table column. */
static const char *human_ns(uint64_t ns, char *buf, size_t size)
{
	if (ns < 10000)
		snprintf(buf, size, "%" PRIu64 "ns", ns);
	else if (ns < 10000000)
		snprintf(buf, size, "%.1fus", (double)ns / 1e3);
	else if (ns < UINT64_C(10000000000))
		snprintf(buf, size, "%.1fms", (double)ns / 1e6);
	else
		snprintf(buf, size, "%.1fs", (double)ns / 1e9);
	return buf;
}

static bool row_selected(const struct stats_sink *sink,
			 const struct rpmsg_collector_endpoint_stats *row)
{
	if (!sink->endpoint)
		return true;
	return rpmsg_bt2_endpoint_matches(sink->endpoint, row->local,
					  row->name[0] ? row->name : NULL) ||
	       rpmsg_bt2_endpoint_matches(sink->endpoint, row->remote, NULL);
}

static void row_sizes(const struct rpmsg_collector_endpoint_stats *row, int dir, uint32_t *min,
		      uint32_t *max)
{
	*min = row->dir[dir].min_len;
	*max = row->dir[dir].max_len;
}

static bool direction_has_traffic(const struct rpmsg_collector_traffic *t)
{
	return t->msgs || t->drops || t->tx_waits;
}

static void print_text_row(struct stats_sink *sink,
			   const struct rpmsg_collector_endpoint_stats *row, int dir)
{
	const struct rpmsg_collector_traffic *t = &row->dir[dir];
	char p50[16], p99[16], max[16], latency[64], sizes[48];
	uint32_t size_min, size_max;

	row_sizes(row, dir, &size_min, &size_max);
	snprintf(sizes, sizeof(sizes), "%" PRIu32 "/%.1f/%" PRIu32, size_min,
		 t->msgs ? (double)t->bytes / (double)t->msgs : 0.0, size_max);
	if (t->lat_samples)
		snprintf(latency, sizeof(latency), "%s/%s/%s", human_ns(t->lat_p50_ns, p50, 16),
			 human_ns(t->lat_p99_ns, p99, 16), human_ns(t->lat_max_ns, max, 16));
	else
		snprintf(latency, sizeof(latency), "-");
	printf("%-10s %-20s %6" PRIu32 " %6" PRIu32 " %-3s %8" PRIu64 " %10" PRIu64
	       " %10.1f %-19s %-26s %8" PRIu64 " %6" PRIu64 "\n",
	       row->bus, row->name[0] ? row->name : "?", row->local, row->remote,
	       dir == RPMSG_COLLECTOR_TX ? "tx" : "rx", t->msgs, t->bytes, t->msgs_per_s, sizes,
	       latency, t->tx_waits, t->drops);
}

static void print_text(struct stats_sink *sink, const struct rpmsg_collector_totals *totals)
{
	uint32_t rows = rpmsg_collector_endpoint_count(sink->collector);
	uint64_t duration =
		totals->last_ns > totals->first_ns ? totals->last_ns - totals->first_ns : 0;
	char human[16], first[RPMSG_TIME_TEXT_SIZE], last[RPMSG_TIME_TEXT_SIZE];

	printf("%" PRIu64 " rpmsg events over %s, %u endpoints\n", totals->events,
	       human_ns(duration, human, sizeof(human)), totals->endpoints);
	/* the span as decode prints its first and last lines' times, so one finds the other */
	if (totals->events)
		printf("time span [%s] to [%s]\n",
		       rpmsg_time_format(first, sizeof(first), (int64_t)totals->first_ns,
					 sink->unix_epoch, sink->clock),
		       rpmsg_time_format(last, sizeof(last), (int64_t)totals->last_ns,
					 sink->unix_epoch, sink->clock));
	printf("%-10s %-20s %6s %6s %-3s %8s %10s %10s %-19s %-26s %8s %6s\n", "BUS", "ENDPOINT",
	       "HOST", "REMOTE", "DIR", "MSGS", "BYTES", "MSGS/S", "SIZE MIN/AVG/MAX",
	       "LATENCY P50/P99/MAX", "TX-WAITS", "DROPS");
	for (uint32_t id = 0; id < rows; id++) {
		struct rpmsg_collector_endpoint_stats row;
		bool shown = false;

		if (rpmsg_collector_endpoint(sink->collector, id, &row) ||
		    !row_selected(sink, &row))
			continue;
		for (int dir = 0; dir < RPMSG_COLLECTOR_DIRS; dir++) {
			if (!direction_has_traffic(&row.dir[dir]))
				continue;
			print_text_row(sink, &row, dir);
			shown = true;
		}
		if (!shown)
			printf("%-10s %-20s %6" PRIu32 " %6" PRIu32 " %-3s (no traffic)\n", row.bus,
			       row.name[0] ? row.name : "?", row.local, row.remote, "-");
	}
	printf("discarded events: %" PRIu64 "%s\n", totals->lost_events,
	       sink->discarded_unknown ? " (and more of unknown count)" : "");
	for (unsigned int i = 0; i < totals->lost_source_count; i++)
		printf("  %s: %" PRIu64 "\n", totals->lost[i].name, totals->lost[i].count);
	if (totals->rejected_events)
		printf("rejected events: %" PRIu64 " (last: %s)\n", totals->rejected_events,
		       rpmsg_collector_last_reject(sink->collector));
}

static void print_json_direction(struct stats_sink *sink,
				 const struct rpmsg_collector_endpoint_stats *row, int dir)
{
	const struct rpmsg_collector_traffic *t = &row->dir[dir];
	uint32_t size_min, size_max;

	row_sizes(row, dir, &size_min, &size_max);
	printf("\"%s\":{\"messages\":%" PRIu64 ",\"sent\":%" PRIu64 ",\"delivered\":%" PRIu64
	       ",\"bytes\":%" PRIu64 ",\"messages_per_s\":%.3f,\"bytes_per_s\":%.3f"
	       ",\"size_min\":%" PRIu32 ",\"size_avg\":%.3f,\"size_max\":%" PRIu32
	       ",\"latency_samples\":%" PRIu64 ",\"latency_p50_ns\":%" PRIu64
	       ",\"latency_p99_ns\":%" PRIu64 ",\"latency_max_ns\":%" PRIu64
	       ",\"tx_waits\":%" PRIu64 ",\"drops\":%" PRIu64 "}",
	       dir == RPMSG_COLLECTOR_TX ? "tx" : "rx", t->msgs, t->sent_msgs, t->delivered_msgs,
	       t->bytes, t->msgs_per_s, t->bytes_per_s, size_min,
	       t->msgs ? (double)t->bytes / (double)t->msgs : 0.0, size_max, t->lat_samples,
	       t->lat_p50_ns, t->lat_p99_ns, t->lat_max_ns, t->tx_waits, t->drops);
}

static void print_json(struct stats_sink *sink, const struct rpmsg_collector_totals *totals)
{
	uint32_t rows = rpmsg_collector_endpoint_count(sink->collector);
	bool first = true;
	char buf[256];
	size_t pos;

	/* times as strings: above 2^53, a double (jq, JavaScript) would round them */
	printf("{\"events\":%" PRIu64 ",\"first_ns\":\"%" PRIu64 "\",\"last_ns\":\"%" PRIu64
	       "\",\"discarded_events\":%" PRIu64
	       ",\"discarded_unknown\":%s,\"rejected_events\":%" PRIu64 ",\"endpoints\":[",
	       totals->events, totals->first_ns, totals->last_ns, totals->lost_events,
	       sink->discarded_unknown ? "true" : "false", totals->rejected_events);
	for (uint32_t id = 0; id < rows; id++) {
		struct rpmsg_collector_endpoint_stats row;

		if (rpmsg_collector_endpoint(sink->collector, id, &row) ||
		    !row_selected(sink, &row))
			continue;
		pos = 0;
		rpmsg_json_escape(buf, sizeof(buf), &pos, row.bus);
		printf("%s{\"bus\":%s,", first ? "" : ",", buf);
		pos = 0;
		rpmsg_json_escape(buf, sizeof(buf), &pos, row.name);
		printf("\"name\":%s,\"host\":%" PRIu32 ",\"remote\":%" PRIu32 ",\"closed\":%s,",
		       buf, row.local, row.remote, row.closed ? "true" : "false");
		print_json_direction(sink, &row, RPMSG_COLLECTOR_TX);
		printf(",");
		print_json_direction(sink, &row, RPMSG_COLLECTOR_RX);
		printf("}");
		first = false;
	}
	printf("]}\n");
}

static void print_report(struct stats_sink *sink)
{
	struct rpmsg_collector_totals totals;

	rpmsg_collector_get_totals(sink->collector, &totals);
	/* One interval over the whole trace: rates are averages over its duration. */
	if (totals.events && totals.last_ns > totals.first_ns) {
		rpmsg_collector_tick(sink->collector, totals.last_ns);
		rpmsg_collector_get_totals(sink->collector, &totals);
	}
	if (rpmsg_bt2_window_active(&sink->decoding.window)) {
		/* names before the window named its rows; the events and span are the window's */
		totals.events -= sink->names_outside;
		totals.first_ns = sink->kept_any ? sink->kept_first_ns : 0;
		totals.last_ns = sink->kept_any ? sink->kept_last_ns : 0;
	}
	if (sink->json)
		print_json(sink, &totals);
	else
		print_text(sink, &totals);
	fflush(stdout);
	if (rpmsg_bt2_selection_warn(&sink->decoding.selection, sink->endpoint,
				     &sink->decoding.window, sink->decoding.names, sink->clock)) {
		if (sink->outcome)
			sink->outcome->nothing_kept = true;
	} else if (!sink->decoding.selection.events)
		fprintf(stderr,
			"warning: no rpmsg:* events in this trace%s (was the rpmsg provider "
			"loaded and its events enabled?)\n",
			sink->other_events ? ", only events of other providers" : "");
	if (totals.lost_events || sink->discarded_unknown)
		fprintf(stderr,
			"warning: the tracer discarded %" PRIu64
			" events%s: these counts are too low; record with larger buffers\n",
			totals.lost_events,
			sink->discarded_unknown ? " (and some of unknown count)" : "");
}

static int account_event_cb(void *ctx, const bt_message *msg)
{
	return account_event(ctx, msg);
}

static void stats_consumed(void *ctx, bt_component_class_sink_consume_method_status status)
{
	struct stats_sink *sink = ctx;

	if (status == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END)
		print_report(sink);
	else if (status == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR)
		BT_CURRENT_THREAD_ERROR_APPEND_CAUSE_FROM_COMPONENT(
			sink->self, "out of memory accounting events");
}

static const struct rpmsg_bt2_sink_input_ops stats_input_ops = {
	.event = account_event_cb,
	.discarded = account_discarded,
	.consumed = stats_consumed,
};
