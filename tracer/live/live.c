// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace live: watch rpmsg traffic as it happens, with the BPF programs.
 *
 * Statistics mode (default) reads the programs' counter maps every interval: they are exact
 * whatever happens to the ring buffer, so no ring buffer is needed and only the probes that
 * change those counters are attached (the cheapest monitoring): msg_send, whose counts give the
 * receiving side's too when both sides of a bus are traced (one probe hit per message), and the
 * rare probes (names, waits, drops). --messages prints each event from the ring buffer and
 * reports the records it lost.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/decoders.h>
#include <rpmsg-scope/numbers.h>

#include "bpf_options.h"
#include "bus_seed.h"
#include "event_print.h"
#include "live_detail.h"
#include "live_report.h"
#include "source.h"

#define DEFAULT_RING_BYTES (4u << 20)
#define TOOL		   "rpmsg-trace live"

struct live_options {
	struct rpmsg_bpf_options bpf; /* the options record --bpf takes too */
	double interval_s;
	bool messages, json, vrings, detail;
	bool recv_probe; /* statistics: count receives with msg_recv, at the receiver */
	bool clock_seconds, clock_gmt;
	const char *decoder_file;
};

struct live_state {
	const struct live_options *opt;
	struct rpmsg_bpf_monitor *mon;
	struct rpmsg_bpf_name_entry *names;
	size_t name_count;
	double names_read_at;
	/* names of channels announced before we attached, from the bus's directory */
	struct rpmsg_bpf_name_entry *seeded;
	size_t seeded_count;
	struct rpmsg_decoder_registry *decoders;
	struct live_detail *detail;   /* --detail: the collector */
	struct rpmsg_decoded decoded; /* scratch: too big for the stack of a callback */
	char decoded_text[2048];
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace live [OPTIONS]\n"
		"Watch rpmsg traffic live with BPF (needs root): per-endpoint statistics every\n"
		"interval, or each message as it happens.\n\n"
		"  -i, --interval SEC    print statistics every SEC seconds (default 1)\n"
		"  -d, --delay SEC       the same as --interval (as in top)\n"
		"  -m, --messages        print each event as it happens instead of statistics\n"
		"  -D, --detail          statistics from every event through the collector: "
		"latency\n"
		"                        p50/p99, sizes, ring occupancy (costs more per message)\n"
		"  -j, --json            one JSON object per line\n"
		"      --vrings          statistics: also count vring and doorbell activity\n"
		"      --recv-probe      statistics: count receives at the receiver (msg_recv: 2\n"
		"                        probe hits per message), for a bus whose other side this\n"
		"                        library does not trace (the kernel, an OpenAMP peer)\n"
		"      --decoders FILE   --messages: payload decoders to load "
		"(decoders/README.md)\n"
		"      --clock-seconds   times as SECONDS.NS since the Unix epoch, not local\n"
		"                        [HH:MM:SS.NS] (the same time decode shows for the event)\n"
		"      --clock-gmt       times in UTC, not local\n");
	rpmsg_bpf_options_usage(out, DEFAULT_RING_BYTES);
	fprintf(out,
		"\nStatistics come from BPF maps and stay exact when events are lost; only the "
		"probes\n"
		"they need are attached: one probe hit per message, as receives are counted from\n"
		"the senders' msg_send when both sides of a bus are traced (a message counts as\n"
		"received when sent). --messages and --detail read every event from a ring buffer\n"
		"(about 6 probe hits per message) and report any records it lost. Channels\n"
		"announced before it started are named from the bus's directory.\n\n"
		"Examples:\n"
		"  rpmsg-trace live -i 1\n"
		"  rpmsg-trace live --messages --endpoint 1024\n"
		"  rpmsg-trace live --detail --bus sim0 -i 2\n"
		"  rpmsg-trace live --json --duration 10 -p $(pgrep -of 'rpmsg-sim host')\n"
		"  rpmsg-trace live --kernel --device-id 2 --messages   # virtio-blk interrupts\n");
}

#define INTERVAL_ROW(NAME, LETTER)                                                                 \
	{                                                                                          \
		NAME, LETTER, RPMSG_OPT_SECONDS, RPMSG_OPT_FIELD(struct live_options, interval_s), \
			.max = 1e6, .what = "invalid interval (seconds > 0)"                       \
	}

static const struct rpmsg_option live_option_rows[] = {
	INTERVAL_ROW("interval", 'i'),
	INTERVAL_ROW("delay", 'd'),
	{"messages", 'm', RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, messages)},
	{"detail", 'D', RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, detail)},
	{"json", 'j', RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, json)},
	{"vrings", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, vrings)},
	{"recv-probe", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, recv_probe)},
	{"decoders", 0, RPMSG_OPT_STRING, RPMSG_OPT_FIELD(struct live_options, decoder_file)},
	{"clock-seconds", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, clock_seconds)},
	{"clock-gmt", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct live_options, clock_gmt)},
	RPMSG_BPF_OPTION_ROWS(struct live_options),
	RPMSG_OPTION_END,
};

/* Return: 0 to run, 1 to exit successfully (--help), -EINVAL on bad options. */
static int parse_options(int argc, char **argv, struct live_options *opt)
{
	static const struct rpmsg_option_set set = {
		.tool = TOOL,
		.options = live_option_rows,
		.wording = RPMSG_OPT_WORDING_REASON,
		.usage = usage,
	};
	int err;

	*opt = (struct live_options){.interval_s = 1};
	rpmsg_bpf_options_init(&opt->bpf, DEFAULT_RING_BYTES);
	err = rpmsg_options_parse(&set, argc, argv, opt, NULL);
	if (err)
		return err > 0 ? 1 : -EINVAL;
	if (opt->messages && opt->detail) {
		fprintf(stderr, TOOL ": choose --messages or --detail\n");
		return -EINVAL;
	}
	if (opt->recv_probe && (opt->messages || opt->detail)) {
		fprintf(stderr, TOOL ": --recv-probe is for statistics: --%s reads every probe\n",
			opt->messages ? "messages" : "detail");
		return -EINVAL;
	}
	/* statistics: receives are the other side's sends where both sides are traced */
	opt->bpf.rx_from_senders = !opt->messages && !opt->detail && !opt->recv_probe;
	return rpmsg_bpf_options_check(&opt->bpf, TOOL);
}

/* How text shows times (--clock-seconds, --clock-gmt). */
static enum rpmsg_clock_style live_clock(const struct live_options *opt)
{
	if (opt->clock_seconds)
		return RPMSG_CLOCK_SECONDS;
	return opt->clock_gmt ? RPMSG_CLOCK_GMT : RPMSG_CLOCK_LOCAL;
}

/* A seeded event as the entry the bus program would have learned from it (rpmsg_bus.bpf.c). */
static void learn_seeded(const struct rpmsg_event *ev, void *priv)
{
	struct live_state *st = priv;
	struct rpmsg_bpf_name_entry *grown, *e;
	uint32_t owner = ev->role;

	grown = realloc(st->seeded, (st->seeded_count + 1) * sizeof(*grown));
	if (!grown)
		return;
	st->seeded = grown;
	e = &grown[st->seeded_count++];
	memset(e, 0, sizeof(*e));
	memcpy(e->key.bus, ev->bus, sizeof(e->key.bus));
	if (ev->type == RPMSG_EV_NS_ANNOUNCE) {
		/* a received announcement names an address on the other side */
		if (ev->ns.direction == RPMSG_EVENT_DIR_RX && ev->role <= RPMSG_EVENT_ROLE_REMOTE)
			owner = !ev->role;
		e->key.addr = ev->ns.addr;
		memcpy(e->v.name, ev->ns.name, sizeof(e->v.name));
		e->v.announced = 1;
	} else {
		e->key.addr = ev->ept.addr;
		memcpy(e->v.name, ev->ept.name, sizeof(e->v.name));
	}
	e->key.role = owner;
}

/* The name of (bus, role, local, remote): what the program learned, else the bus's directory. */
static const char *lookup_name(struct live_state *st, const char *bus, uint32_t role,
			       uint32_t local, uint32_t remote)
{
	const char *name = live_endpoint_name(st->names, st->name_count, bus, role, local, remote);

	return name ? name
		    : live_endpoint_name(st->seeded, st->seeded_count, bus, role, local, remote);
}

static const char *name_for(struct live_state *st, const struct rpmsg_event *ev)
{
	uint32_t local, remote;
	const char *name;
	double t;

	if (ev->type != RPMSG_EV_MSG_SEND && ev->type != RPMSG_EV_MSG_RECV)
		return NULL;
	local = ev->type == RPMSG_EV_MSG_SEND ? ev->msg.src : ev->msg.dst;
	remote = ev->type == RPMSG_EV_MSG_SEND ? ev->msg.dst : ev->msg.src;
	for (int attempt = 0; attempt < 2; attempt++) {
		name = lookup_name(st, ev->bus, ev->role, local, remote);
		if (name)
			return name;
		/* Names reach the map before the message's record: re-read it, at most 10/s. */
		t = rpmsg_now_s();
		if (attempt || t - st->names_read_at < 0.1)
			break;
		free(st->names);
		st->names = NULL;
		st->name_count = 0;
		rpmsg_bpf_names(st->mon, &st->names, &st->name_count);
		st->names_read_at = t;
	}
	return NULL;
}

/* The decoded payload of a message event, formatted for the output mode; NULL for others. */
static const char *decode(struct live_state *st, const struct rpmsg_event *ev, const char *name)
{
	const char *channel;
	size_t n;

	if (ev->type != RPMSG_EV_MSG_SEND && ev->type != RPMSG_EV_MSG_RECV)
		return NULL;
	channel = rpmsg_decode_channel_name(NULL, name, ev->msg.dst);
	rpmsg_decode(st->decoders, channel, ev->payload,
		     ev->msg.captured < RPMSG_EVENT_PAYLOAD_MAX ? ev->msg.captured
								: RPMSG_EVENT_PAYLOAD_MAX,
		     ev->msg.len, &st->decoded);
	if (st->opt->json)
		n = rpmsg_decoded_format_json(&st->decoded, st->decoded_text,
					      sizeof(st->decoded_text));
	else
		n = rpmsg_decoded_format_text(&st->decoded, st->decoded_text,
					      sizeof(st->decoded_text));
	/* A cut JSON object would break the line: leave it out, the raw payload is there. */
	return n < sizeof(st->decoded_text) ? st->decoded_text : NULL;
}

static void on_event(const struct rpmsg_event *ev, void *priv)
{
	struct live_state *st = priv;
	const char *name;

	if (st->detail) {
		live_detail_add(st->detail, ev);
		return;
	}
	name = name_for(st, ev);
	event_print(stdout, ev, name, decode(st, ev, name), st->opt->json, live_clock(st->opt));
}

static int open_monitor(struct live_state *st)
{
	const struct live_options *opt = st->opt;
	bool records = opt->messages || opt->detail;

	/*
	 * Statistics alone need no ring buffer, and only the probes that change the counters
	 * (parse_options() chose how receives are counted).
	 */
	return rpmsg_bpf_open(&opt->bpf, records ? opt->bpf.ring_bytes : 0,
			      records || opt->vrings ? RPMSG_BPF_EVENTS_ALL
						     : RPMSG_BPF_EVENTS_ENDPOINTS,
			      on_event, st, TOOL, &st->mon);
}

int rpmsg_trace_cmd_live(int argc, char **argv)
{
	struct live_options opt;
	struct live_state st = {.opt = &opt};
	struct live_report report;
	double start, next_report;
	int err;

	err = parse_options(argc, argv, &opt);
	if (err)
		return err > 0 ? 0 : 2;
	st.decoders = rpmsg_decoders_create();
	if (!st.decoders) {
		fprintf(stderr, "rpmsg-trace live: out of memory\n");
		return 1;
	}
	if (opt.decoder_file) {
		char why[256];

		if (rpmsg_decoders_load_file(st.decoders, opt.decoder_file, why, sizeof(why))) {
			fprintf(stderr, "rpmsg-trace live: %s\n", why);
			rpmsg_decoders_destroy(st.decoders);
			return 2;
		}
	}
	if (opt.detail && live_detail_create(opt.bpf.bus, &st.detail)) {
		fprintf(stderr, "rpmsg-trace live: cannot create the collector: out of memory\n");
		rpmsg_decoders_destroy(st.decoders);
		return 1;
	}
	/* Channels announced before we attached: no event will name them. */
	if (!opt.bpf.kernel)
		rpmsg_bus_seed_events(opt.bpf.bus, 0, learn_seeded, &st);
	if (open_monitor(&st)) {
		free(st.seeded);
		live_detail_destroy(st.detail);
		rpmsg_decoders_destroy(st.decoders);
		return 1;
	}
	if (opt.bpf.kernel) {
		char why[256];

		/* attached, yet nothing will come: say so rather than print empty reports */
		if (!rpmsg_source_kernel_devices(opt.bpf.device_id, why, sizeof(why)))
			fprintf(stderr, "rpmsg-trace live: %s\n", why);
	}
	rpmsg_bpf_stop_on_signals();
	live_report_init(&report, st.mon, opt.bpf.kernel, opt.json);
	report.clock = live_clock(&opt);
	report.seeded = st.seeded;
	report.seeded_count = st.seeded_count;

	start = rpmsg_now_s();
	next_report = start + opt.interval_s;
	while (!rpmsg_bpf_stop_requested()) {
		double t = rpmsg_now_s(), wait = next_report - t;
		bool last = opt.bpf.duration_s > 0 && t - start >= opt.bpf.duration_s;

		if (last)
			break;
		if (opt.bpf.duration_s > 0 && start + opt.bpf.duration_s - t < wait)
			wait = start + opt.bpf.duration_s - t;
		if (wait > 0.1)
			wait = 0.1;
		err = rpmsg_bpf_monitor_poll(st.mon, wait > 0 ? (int)(wait * 1000) + 1 : 0);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "rpmsg-trace live: reading the ring buffer: %s\n",
				strerror(-err));
			break;
		}
		if (!opt.messages && rpmsg_now_s() >= next_report) {
			if (st.detail)
				live_detail_report(st.detail, st.mon, stdout, opt.json,
						   live_clock(&opt));
			else
				live_report_print(&report, stdout, false);
			next_report += opt.interval_s;
		}
		fflush(stdout);
	}
	/* Drain what is left, then a final summary: the exact totals and what was lost. */
	while (rpmsg_bpf_monitor_poll(st.mon, 0) > 0)
		;
	if (st.detail)
		live_detail_report(st.detail, st.mon, stdout, opt.json, live_clock(&opt));
	/* The exact counters, whatever the ring buffer lost (to stderr under --messages). */
	live_report_print(&report, opt.messages ? stderr : stdout, true);
	fflush(stdout);
	live_report_free(&report);
	free(st.names);
	free(st.seeded);
	rpmsg_decoders_destroy(st.decoders);
	rpmsg_bpf_monitor_close(st.mon);
	live_detail_destroy(st.detail);
	return err < 0 && err != -EINTR ? 1 : 0;
}
