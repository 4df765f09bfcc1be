// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace live: watch rpmsg traffic as it happens, with the BPF programs.
 *
 * Statistics mode (default) reads the programs' counter maps every interval: they are exact
 * whatever happens to the ring buffer, so no ring buffer is needed and only the probes that
 * change those counters are attached (the cheapest monitoring). --messages prints each event
 * from the ring buffer and reports the records it lost.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg-scope/decoders.h>

#include "bpf_monitor.h"
#include "cli_args.h"
#include "event_print.h"
#include "live_detail.h"
#include "live_report.h"

#define DEFAULT_RING_BYTES (4u << 20)

struct live_options {
	double interval_s;
	double duration_s;
	bool messages, json, kernel, vrings, detail, verbose;
	pid_t pid;
	uint32_t endpoint;
	uint32_t device_id;
	unsigned int capture;
	size_t ring_bytes;
	const char *bus;
	const char *lib;
	const char *decoder_file;
};

struct live_state {
	const struct live_options *opt;
	struct rpmsg_bpf_monitor *mon;
	struct rpmsg_bpf_name_entry *names;
	size_t name_count;
	double names_read_at;
	struct rpmsg_decoder_registry *decoders;
	struct live_detail *detail;   /* --detail: the collector */
	struct rpmsg_decoded decoded; /* scratch: too big for the stack of a callback */
	char decoded_text[2048];
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace live [OPTIONS]\n"
		"Watch rpmsg traffic live with BPF (needs root): per-endpoint statistics every\n"
		"interval, or each message as it happens.\n\n"
		"  -i, --interval SEC    print statistics every SEC seconds (default 1)\n"
		"  -m, --messages        print each event as it happens instead of statistics\n"
		"  -D, --detail          statistics from every event through the collector: "
		"latency\n"
		"                        p50/p99, sizes, ring occupancy (costs more per message)\n"
		"  -j, --json            one JSON object per line\n"
		"  -k, --kernel          watch the kernel's virtio rings instead of librpmsgbus\n"
		"  -p, --pid PID         only this process (bus program)\n"
		"  -e, --endpoint ADDR   only messages from or to this endpoint address\n"
		"  -b, --bus NAME        only this bus\n"
		"      --device-id ID    kernel: virtio device type to watch (default 7, rpmsg)\n"
		"  -c, --capture BYTES   payload bytes captured per message (default 64, max %d)\n"
		"  -d, --duration SEC    stop after SEC seconds (default: until Ctrl-C)\n"
		"      --vrings          statistics: also count vring and doorbell activity\n"
		"      --ring-size BYTES ring buffer size, a power of two (default %u)\n"
		"      --lib PATH        the librpmsgbus whose probes to attach (default: found)\n"
		"      --decoders FILE   --messages: payload decoders to load "
		"(decoders/README.md)\n"
		"  -v, --verbose         show libbpf's messages\n"
		"  -h, --help            this text\n\n"
		"Statistics come from BPF maps and stay exact when events are lost; only the "
		"probes\n"
		"they need are attached. --messages and --detail read every event from a ring\n"
		"buffer and report any records it lost.\n\n"
		"Examples:\n"
		"  rpmsg-trace live -i 1\n"
		"  rpmsg-trace live --messages --endpoint 1024\n"
		"  rpmsg-trace live --detail --bus sim0 -i 2\n"
		"  rpmsg-trace live --json -d 10 -p $(pgrep -of 'rpmsg-sim host')\n"
		"  rpmsg-trace live --kernel --device-id 2 --messages   # virtio-blk interrupts\n",
		RPMSG_EVENT_PAYLOAD_MAX, DEFAULT_RING_BYTES);
}

static int parse_u32(const char *arg, const char *what, uint32_t *out)
{
	if (!cli_parse_u32(arg, out))
		return 0;
	fprintf(stderr, "rpmsg-trace live: invalid %s '%s'\n", what, arg);
	return -EINVAL;
}

static int parse_seconds(const char *arg, const char *what, double *out)
{
	if (!cli_parse_seconds(arg, out))
		return 0;
	fprintf(stderr, "rpmsg-trace live: invalid %s '%s' (seconds > 0)\n", what, arg);
	return -EINVAL;
}

/* Return: 0 to run, 1 to exit successfully (--help), -EINVAL on bad options. */
static int parse_options(int argc, char **argv, struct live_options *opt)
{
	enum { OPT_DEVICE_ID = 256, OPT_VRINGS, OPT_RING_SIZE, OPT_LIB, OPT_DECODERS };
	static const struct option longopts[] = {
		{"interval", required_argument, NULL, 'i'},
		{"messages", no_argument, NULL, 'm'},
		{"detail", no_argument, NULL, 'D'},
		{"json", no_argument, NULL, 'j'},
		{"kernel", no_argument, NULL, 'k'},
		{"pid", required_argument, NULL, 'p'},
		{"endpoint", required_argument, NULL, 'e'},
		{"bus", required_argument, NULL, 'b'},
		{"device-id", required_argument, NULL, OPT_DEVICE_ID},
		{"capture", required_argument, NULL, 'c'},
		{"duration", required_argument, NULL, 'd'},
		{"vrings", no_argument, NULL, OPT_VRINGS},
		{"ring-size", required_argument, NULL, OPT_RING_SIZE},
		{"lib", required_argument, NULL, OPT_LIB},
		{"decoders", required_argument, NULL, OPT_DECODERS},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	uint32_t v;
	int c;

	*opt = (struct live_options){
		.interval_s = 1,
		.endpoint = RPMSG_BPF_ADDR_ANY,
		.device_id = 7,
		.capture = 64,
		.ring_bytes = DEFAULT_RING_BYTES,
	};
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:mDjkp:e:b:c:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (parse_seconds(optarg, "interval", &opt->interval_s))
				return -EINVAL;
			break;
		case 'm':
			opt->messages = true;
			break;
		case 'D':
			opt->detail = true;
			break;
		case 'j':
			opt->json = true;
			break;
		case 'k':
			opt->kernel = true;
			break;
		case 'p':
			if (parse_u32(optarg, "pid", &v) || !v || v > 0x3fffffff) {
				fprintf(stderr, "rpmsg-trace live: invalid pid '%s'\n", optarg);
				return -EINVAL;
			}
			opt->pid = (pid_t)v;
			break;
		case 'e':
			if (parse_u32(optarg, "endpoint address", &opt->endpoint))
				return -EINVAL;
			break;
		case 'b':
			opt->bus = optarg;
			break;
		case OPT_DEVICE_ID:
			if (parse_u32(optarg, "device id", &opt->device_id))
				return -EINVAL;
			break;
		case 'c':
			if (parse_u32(optarg, "capture size", &v))
				return -EINVAL;
			if (v > RPMSG_EVENT_PAYLOAD_MAX) {
				fprintf(stderr, "rpmsg-trace live: capture size %u exceeds %d\n", v,
					RPMSG_EVENT_PAYLOAD_MAX);
				return -EINVAL;
			}
			opt->capture = v;
			break;
		case 'd':
			if (parse_seconds(optarg, "duration", &opt->duration_s))
				return -EINVAL;
			break;
		case OPT_VRINGS:
			opt->vrings = true;
			break;
		case OPT_RING_SIZE:
			if (parse_u32(optarg, "ring size", &v) || v < 4096 || (v & (v - 1))) {
				fprintf(stderr,
					"rpmsg-trace live: ring size must be a power of two "
					">= 4096\n");
				return -EINVAL;
			}
			opt->ring_bytes = v;
			break;
		case OPT_LIB:
			opt->lib = optarg;
			break;
		case OPT_DECODERS:
			opt->decoder_file = optarg;
			break;
		case 'v':
			opt->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			fprintf(stderr, "rpmsg-trace live: try 'rpmsg-trace live --help'\n");
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "rpmsg-trace live: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (opt->messages && opt->detail) {
		fprintf(stderr, "rpmsg-trace live: choose --messages or --detail\n");
		return -EINVAL;
	}
	if (opt->kernel && (opt->pid || opt->bus || opt->lib)) {
		fprintf(stderr,
			"rpmsg-trace live: --pid, --bus and --lib apply to the bus program, "
			"not --kernel\n");
		return -EINVAL;
	}
	return 0;
}

static const char *name_for(struct live_state *st, const struct rpmsg_event *ev)
{
	uint32_t local, remote;
	const char *name;
	double t;

	if (ev->type != RPMSG_EV_MSG_SEND && ev->type != RPMSG_EV_MSG_RECV)
		return NULL;
	if (st->opt->kernel)
		return NULL;
	local = ev->type == RPMSG_EV_MSG_SEND ? ev->msg.src : ev->msg.dst;
	remote = ev->type == RPMSG_EV_MSG_SEND ? ev->msg.dst : ev->msg.src;
	for (int attempt = 0; attempt < 2; attempt++) {
		name = live_endpoint_name(st->names, st->name_count, ev->bus, ev->role, local,
					  remote);
		if (name)
			return name;
		/* Names reach the map before the message's record: re-read it, at most 10/s. */
		t = cli_now_s();
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
	event_print(stdout, ev, name, decode(st, ev, name), st->opt->json);
}

static void print_hooks(struct rpmsg_bpf_monitor *mon, uint32_t device_id)
{
	const struct rpmsg_bpf_hook *hooks;
	unsigned int n = rpmsg_bpf_kernel_hooks(mon, &hooks), active = 0;
	const char *refusal = NULL;
	bool irq_only = true;

	for (unsigned int i = 0; i < n; i++) {
		fprintf(stderr, "rpmsg-trace live: %-45s %s%s%s\n", hooks[i].name,
			hooks[i].active ? "active" : "inactive", hooks[i].active ? "" : ": ",
			hooks[i].reason);
		if (hooks[i].active) {
			active++;
			if (strncmp(hooks[i].name, "tp_btf/", 7))
				irq_only = false;
		} else if (!refusal && strstr(hooks[i].reason, "refused")) {
			refusal = hooks[i].reason;
		}
	}
	if (active && irq_only)
		fprintf(stderr,
			"rpmsg-trace live: %s: using vring_interrupt only (virtio device id %u)\n",
			refusal ? refusal : "no trampoline hook available", device_id);
	else
		fprintf(stderr, "rpmsg-trace live: %u hooks active (virtio device id %u)\n", active,
			device_id);
}

static int open_monitor(struct live_state *st)
{
	const struct live_options *opt = st->opt;
	int err;

	if (opt->kernel) {
		struct rpmsg_bpf_kernel_opts k = {
			.device_id = opt->device_id,
			.capture = opt->capture,
			.ring_bytes = opt->messages || opt->detail ? opt->ring_bytes : 0,
			.on_event = on_event,
			.priv = st,
		};

		err = rpmsg_bpf_kernel_open(&k, &st->mon);
		if (!err)
			print_hooks(st->mon, opt->device_id);
	} else {
		struct rpmsg_bpf_bus_opts b = {
			.lib_path = opt->lib,
			.pid = opt->pid,
			.bus = opt->bus,
			.endpoint = opt->endpoint,
			.capture = opt->capture,
			.ring_bytes = opt->messages || opt->detail ? opt->ring_bytes : 0,
			.events = opt->messages || opt->detail || opt->vrings
					  ? RPMSG_BPF_EVENTS_ALL
					  : RPMSG_BPF_EVENTS_ENDPOINTS,
			.on_event = on_event,
			.priv = st,
		};

		err = rpmsg_bpf_bus_open(&b, &st->mon);
		if (!err) {
			static const char *const names[] = RPMSG_EVENT_NAMES;
			uint32_t missing = rpmsg_bpf_bus_missing(st->mon);

			fprintf(stderr, "rpmsg-trace live: attached to %s%s\n",
				rpmsg_bpf_bus_library(st->mon), opt->pid ? " (one process)" : "");
			for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
				if (missing & RPMSG_BPF_EVENT_BIT(t))
					fprintf(stderr,
						"rpmsg-trace live: note: no probe rpmsg:%s in "
						"that library: its events are not seen\n",
						names[t]);
		}
	}
	if (err)
		fprintf(stderr, "rpmsg-trace live: %s\n", rpmsg_bpf_last_error());
	return err;
}

int rpmsg_trace_cmd_live(int argc, char **argv)
{
	struct live_options opt;
	struct live_state st = {.opt = &opt};
	struct live_report report;
	double start, next_report;
	struct sigaction sa = {.sa_handler = on_signal};
	int err;

	err = parse_options(argc, argv, &opt);
	if (err)
		return err > 0 ? 0 : 2;
	rpmsg_bpf_set_verbose(opt.verbose);
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
	if (opt.detail && live_detail_create(opt.bus, &st.detail)) {
		fprintf(stderr, "rpmsg-trace live: cannot create the collector: out of memory\n");
		rpmsg_decoders_destroy(st.decoders);
		return 1;
	}
	if (open_monitor(&st)) {
		live_detail_destroy(st.detail);
		rpmsg_decoders_destroy(st.decoders);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	live_report_init(&report, st.mon, opt.kernel, opt.json);

	start = cli_now_s();
	next_report = start + opt.interval_s;
	while (!stop_requested) {
		double t = cli_now_s(), wait = next_report - t;
		bool last = opt.duration_s > 0 && t - start >= opt.duration_s;

		if (last)
			break;
		if (opt.duration_s > 0 && start + opt.duration_s - t < wait)
			wait = start + opt.duration_s - t;
		if (wait > 0.1)
			wait = 0.1;
		err = rpmsg_bpf_monitor_poll(st.mon, wait > 0 ? (int)(wait * 1000) + 1 : 0);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "rpmsg-trace live: reading the ring buffer: %s\n",
				strerror(-err));
			break;
		}
		if (!opt.messages && cli_now_s() >= next_report) {
			if (st.detail)
				live_detail_report(st.detail, st.mon, stdout, opt.json);
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
		live_detail_report(st.detail, st.mon, stdout, opt.json);
	/* The exact counters, whatever the ring buffer lost (to stderr under --messages). */
	live_report_print(&report, opt.messages ? stderr : stdout, true);
	fflush(stdout);
	live_report_free(&report);
	free(st.names);
	rpmsg_decoders_destroy(st.decoders);
	rpmsg_bpf_monitor_close(st.mon);
	live_detail_destroy(st.detail);
	return err < 0 && err != -EINTR ? 1 : 0;
}
