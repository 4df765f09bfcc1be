// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace export: a trace converted for the timeline viewers people use. The trace is read
 * through the trace source (tracer/sources, as rpmsg-top --replay reads it) as fast as possible
 * into a collector, a window of trace time at a time, and the exporter attached to the collector
 * writes each event as it goes by: memory holds one window's events, never the whole trace.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/options.h>

#include "chrome_trace.h"
#include "source.h"
#include "trace_input.h"

#define TOOL "rpmsg-trace export"

/*
 * Trace time delivered per step: halved when a step brings more events than WINDOW_EVENTS_MAX
 * (the read-ahead queue holds one step's events), doubled while steps are sparse, so an idle hour
 * in a trace takes a few thousand steps, not millions.
 */
#define WINDOW_NS_FIRST	   1000000ull	  /* 1 ms */
#define WINDOW_NS_MIN	   1000ull	  /* 1 us */
#define WINDOW_NS_MAX	   10000000000ull /* 10 s */
#define WINDOW_EVENTS_MAX  65536
#define WINDOW_EVENTS_FEW  4096
#define NS_PER_S	   1000000000ull
#define OUTPUT_BUFFER_SIZE (1 << 20)

struct export_options {
	const char *format;
	const char *output;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace export --format chrome-json [-o FILE] TRACE_DIR\n"
		"\n"
		"Convert a trace (rpmsg-trace record, record --bpf) for timeline viewers:\n"
		"chrome-json is the Chrome Trace Event Format that ui.perfetto.dev and\n"
		"chrome://tracing open. One process per bus, one track per endpoint (its\n"
		"messages as slices from send to delivery), ring occupancy as counters, drops\n"
		"and TX waits as instants. docs/timeline.md says what each track shows.\n"
		"\n"
		"  -f, --format FORMAT   chrome-json (the only one, and the default)\n"
		"  -o, --output FILE     write FILE instead of standard output\n"
		"  -h, --help            this help\n"
		"\n"
		"A summary line (events read, exported, skipped) goes to standard error.\n"
		"Exit status: 0 written, 1 the trace, the format or the output is wrong,\n"
		"2 usage.\n"
		"\n"
		"Examples:\n"
		"  rpmsg-trace record -o /tmp/t -- rpmsg-sim demo --messages 1000 --rate 0\n"
		"  rpmsg-trace export --format chrome-json -o /tmp/t.json /tmp/t\n"
		"  (then open /tmp/t.json in https://ui.perfetto.dev)\n");
}

#define F(FIELD) RPMSG_OPT_FIELD(struct export_options, FIELD)
static const struct rpmsg_option export_option_rows[] = {
	{"format", 'f', RPMSG_OPT_STRING, F(format)},
	{"output", 'o', RPMSG_OPT_STRING, F(output)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

/*
 * Replay the whole trace into @c, one window of trace time after another, until its end or the
 * exporter @t fails. Return: 0, -EIO (the source failed: s->failure says why).
 */
static int replay(struct rpmsg_source *s, struct rpmsg_collector *c, struct chrome_trace *t,
		  uint64_t first_ns)
{
	uint64_t window = WINDOW_NS_FIRST, until = first_ns;

	while (!s->ended) {
		int n;

		until = UINT64_MAX - until > window ? until + window : UINT64_MAX;
		n = s->ops->advance(s, c, until);
		if (s->failure[0])
			return -EIO;
		if (until == UINT64_MAX || chrome_trace_error(t))
			break;
		if (n > WINDOW_EVENTS_MAX && window / 2 >= WINDOW_NS_MIN)
			window /= 2;
		else if (n < WINDOW_EVENTS_FEW && window * 2 <= WINDOW_NS_MAX)
			window *= 2;
	}
	return 0;
}

/*
 * Is @trace a trace at all? The source would open it in its reading child and report a directory
 * without one as a trace that broke while read; say plainly what it is instead. Return: 0, or 1
 * after the error line.
 */
static int check_trace(const char *trace)
{
	char *dirs[RPMSG_TRACE_DIRS_MAX];
	size_t count = 0;
	int err = rpmsg_trace_find_dirs(trace, dirs, &count);

	rpmsg_trace_dirs_free(dirs, count);
	if (err == -ENODATA)
		rpmsg_error_line(TOOL, "%s is not a trace: no CTF metadata file in it", trace);
	else if (err && err != -E2BIG) /* too many is the source's to refuse, in its words */
		rpmsg_error_line(TOOL, "cannot open the trace %s: %s", trace, strerror(-err));
	return err && err != -E2BIG ? 1 : 0;
}

/* The run after the options: open, replay, write, summarise. Return: the exit status. */
static int export_trace(const char *trace, const char *output)
{
	struct rpmsg_source_config config = {.speed = 0}; /* as fast as possible */
	const struct chrome_trace_counts *counts;
	struct rpmsg_collector_totals totals;
	struct rpmsg_collector *c = NULL;
	struct chrome_trace *t = NULL;
	struct rpmsg_source *s = NULL;
	bool to_file = output && strcmp(output, "-");
	FILE *out = stdout;
	uint64_t first_ns;
	char err[400];
	int ret;

	if (check_trace(trace))
		return 1;
	if (to_file) {
		out = fopen(output, "w");
		if (!out) {
			rpmsg_error_line(TOOL, "cannot write %s: %s", output, strerror(errno));
			return 1;
		}
	}
	setvbuf(out, NULL, _IOFBF, OUTPUT_BUFFER_SIZE);
	if (rpmsg_source_trace_open(&config, trace, false, &s, err, sizeof(err))) {
		rpmsg_error_line(TOOL, "%s", err);
		goto fail;
	}
	if (rpmsg_collector_create(NULL, &c)) {
		rpmsg_error_line(TOOL, "out of memory");
		goto fail;
	}
	/* the first event's time (the replay clock stands there); ts 0 is its whole second */
	first_ns = s->ops->now_ns(s);
	ret = chrome_trace_start(out, c, first_ns - first_ns % NS_PER_S, &t);
	if (!ret && replay(s, c, t, first_ns)) {
		/* never a partial timeline shown as a whole one */
		rpmsg_error_line(TOOL, "%s", s->failure);
		goto fail;
	}
	if (!ret)
		ret = chrome_trace_finish(t, trace,
					  s->clock == RPMSG_SOURCE_CLOCK_BOOT
						  ? "trace clock, since a boot"
						  : "trace clock, on the Unix epoch");
	if (ret) {
		rpmsg_error_line(TOOL, "cannot write %s: %s", to_file ? output : "the output",
				 strerror(-ret));
		goto fail;
	}
	if (to_file && fclose(out)) {
		out = NULL;
		rpmsg_error_line(TOOL, "cannot write %s: %s", output, strerror(errno));
		goto fail;
	}
	counts = chrome_trace_counts(t);
	rpmsg_collector_get_totals(c, &totals);
	fprintf(stderr,
		TOOL ": %" PRIu64 " events read, %" PRIu64 " exported, %" PRIu64
		     " skipped (doorbells, names, unchanged rings); %" PRIu64
		     " message slices, %" PRIu64 " one-sided messages, %" PRIu64 " drops, %" PRIu64
		     " tx waits, %" PRIu64 " counter samples; %" PRIu64
		     " JSON events written to %s\n",
		counts->events_read, counts->events_read - counts->events_skipped,
		counts->events_skipped, counts->slices, counts->one_sided, counts->drops,
		counts->tx_waits, counts->counter_samples, counts->json_events,
		to_file ? output : "standard output");
	if (totals.lost_events || totals.rejected_events)
		fprintf(stderr,
			TOOL ": warning: the trace lost %" PRIu64 " events and %" PRIu64
			     " were malformed: some messages show on one side only\n",
			totals.lost_events, totals.rejected_events);
	if (!counts->events_read && s->note[0])
		fprintf(stderr, TOOL ": %s\n", s->note);
	chrome_trace_free(t);
	rpmsg_collector_destroy(c);
	rpmsg_source_close(s);
	return 0;

fail:
	chrome_trace_free(t);
	rpmsg_collector_destroy(c);
	rpmsg_source_close(s);
	if (to_file) {
		if (out)
			fclose(out);
		unlink(output); /* what was written so far is not the trace's timeline */
	}
	return 1;
}

int rpmsg_trace_cmd_export(int argc, char **argv)
{
	struct export_options o = {.format = "chrome-json"};
	const struct rpmsg_option_set set = {
		.tool = TOOL,
		.options = export_option_rows,
		.wording = RPMSG_OPT_WORDING_REASON,
		.usage = usage,
	};
	int first, err;

	err = rpmsg_options_parse(&set, argc, argv, &o, &first);
	if (err)
		return err > 0 ? 0 : 2;
	if (strcmp(o.format, "chrome-json")) {
		rpmsg_error_line(TOOL,
				 "--format '%s': unknown format (chrome-json is the one known)",
				 o.format);
		return 1;
	}
	if (first + 1 != argc) {
		rpmsg_error_line(TOOL, "%s (try --help)",
				 first >= argc ? "which trace? give its directory"
					       : "give exactly one trace");
		return 2;
	}
	return export_trace(argv[first], o.output);
}
