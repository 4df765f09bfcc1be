// SPDX-License-Identifier: MIT
/*
 * Command-line parsing for rpmsg-top, flags in the style of top and bcc's tools: -i interval,
 * -r rows, -s sort, -C no clear, -v verbose, -b/-n batch mode.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/numbers.h>

#include "options.h"

/* One error line "rpmsg-top: <fmt...>" to stderr. */
#define error_line(...) ((void)rpmsg_error_line("rpmsg-top", __VA_ARGS__))

/* error_line(), then -EINVAL: a macro, so the compiler sees a refusal is never 0. */
#define refuse(...) (error_line(__VA_ARGS__), -EINVAL)

void top_options_usage(FILE *f)
{
	fputs("Usage: rpmsg-top [OPTIONS] [-- DEMO-ARGS...]\n"
	      "Live monitor of rpmsg traffic: per-channel rates, latency, TX buffer waits,\n"
	      "drops, vring occupancy, free TX buffers, last messages decoded.\n"
	      "\n"
	      "What to watch (default: every bus on this machine):\n"
	      "      --demo            run `rpmsg-sim demo` (arguments after -- go to it)\n"
	      "      --bus NAME        watch bus NAME (repeatable)\n"
	      "\n"
	      "Where the numbers come from (default: BPF on the bus's probes as root,\n"
	      "else the bus's read-only shared memory):\n"
	      "      --introspect      shared memory only: no root needed, but no latency,\n"
	      "                        TX waits, drops or payloads\n"
	      "      --kernel          the kernel's virtio rpmsg vrings through BPF (root)\n"
	      "      --virtio-device N with --kernel: virtio device type (default 7, rpmsg)\n"
	      "      --replay TRACE    a CTF trace from `rpmsg-trace record` (no root)\n"
	      "      --speed X         replay speed (default 1; 0 = as fast as possible)\n"
	      "      --live URL        LTTng live: net://HOST/host/HOSTNAME/SESSION\n"
	      "      --kmsg FILE       a kernel log with rpmsg dynamic-debug lines\n"
	      "      --capture BYTES   payload bytes BPF captures per message (default 64)\n"
	      "      --decoders FILE   extra payload decoders (format: decoders/README.md)\n"
	      "      --sim PATH        the rpmsg-sim to run with --demo\n"
	      "      --demo-log FILE   the demo's output (default /tmp/rpmsg-top-demo.PID.log)\n"
	      "\n"
	      "Display:\n"
	      "  -i, --interval SEC    seconds between refreshes, 0.05 to 3600 (default 1)\n"
	      "  -d, --delay SEC       the same as -i (top's name)\n"
	      "  -s, --sort COLUMN     name, addr, tx, rx, txb, rxb, avg, p50, p99, waits,\n"
	      "                        drops, txmsgs, rxmsgs (default addr)\n"
	      "  -R, --reverse         reverse the sort order\n"
	      "  -r, --rows N          show at most N rows\n"
	      "  -b, --batch           plain tables (no escape sequences, reads no keys)\n"
	      "  -n, --iterations N    exit after N refreshes (batch: also when the demo\n"
	      "                        or the recording ends)\n"
	      "  -C, --no-clear        refreshes one after the other (same output as -b)\n"
	      "  -j, --json            one JSON object per refresh (implies -b)\n"
	      "      --ascii           ASCII bars and arrows even in a UTF-8 locale\n"
	      "  -v, --verbose         libbpf messages on stderr\n"
	      "  -h, --help            this help; inside the program, h or ? lists the keys\n"
	      "\n"
	      "Examples:\n"
	      "  rpmsg-top --demo                         # simulated board, live\n"
	      "  rpmsg-top --bus sim0 -s tx               # a running bus, busiest first\n"
	      "  rpmsg-top --introspect                   # without root\n"
	      "  rpmsg-top -b -n 3 -i 2 --bus sim0        # three plain tables, 2 s apart\n"
	      "  rpmsg-top -b -n 1 --demo -- --messages 300 --rate 0   # exact counts\n"
	      "  rpmsg-top --json -n 5 --bus sim0 | jq .totals\n"
	      "  rpmsg-top --replay ~/rpmsg-traces/run1 --speed 4\n"
	      "  rpmsg-top -b --replay ~/rpmsg-traces/run1 --speed 0   # per trace second\n"
	      "  rpmsg-top --live net://board/host/board/rpmsg\n",
	      f);
}

/* A number from @min to @max for option @opt, or one error line naming it. */
static int parse_double(const char *opt, const char *arg, double min, double max, double *out)
{
	/* nan compares false with everything: without the check "-i nan" passed and hung. */
	if (rpmsg_parse_double(arg, min, max, out))
		return refuse("%s: '%s' is not a number from %g to %g", opt, arg, min, max);
	return 0;
}

static int parse_uint(const char *opt, const char *arg, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	uint64_t v;

	if (rpmsg_parse_u64(arg, min, max, &v))
		return refuse("%s: '%s' is not a whole number from %lu to %lu", opt, arg, min, max);
	*out = (unsigned long)v;
	return 0;
}

/*
 * The bus named in the demo's own arguments, as rpmsg-sim reads them (--bus X or --bus=X; the
 * last one wins), or NULL.
 */
static const char *demo_args_bus(int argc, char **argv)
{
	const char *bus = NULL;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, "--bus"))
			bus = i + 1 < argc ? argv[++i] : "";
		else if (!strncmp(a, "--bus=", 6))
			bus = a + 6;
	}
	return bus;
}

/**
 * demo_bus_adopt() - make rpmsg-top watch the bus the demo really runs on: a bus given only
 * after "--" is watched; one that contradicts rpmsg-top's own --bus is refused, since the demo
 * would run on one bus while the tables showed another.
 * @o: parsed options with demo_argv set
 *
 * Return: 0 or -EINVAL (message printed).
 */
static int demo_bus_adopt(struct top_options *o)
{
	const char *bus = demo_args_bus(o->demo_argc, o->demo_argv);

	if (!bus)
		return 0;
	if (!bus[0] || strlen(bus) >= 32 || strchr(bus, '/'))
		return refuse("--demo -- --bus: '%s' is not a bus name", bus);
	if (o->bus_count && strcmp(o->buses[0], bus))
		return refuse("--bus %s and the demo's --bus %s differ; name the bus once",
			      o->buses[0], bus);
	o->buses[0] = bus;
	o->bus_count = 1;
	return 0;
}

enum {
	OPT_DEMO = 256,
	OPT_BUS,
	OPT_INTROSPECT,
	OPT_KERNEL,
	OPT_VIRTIO_DEVICE,
	OPT_REPLAY,
	OPT_SPEED,
	OPT_LIVE,
	OPT_KMSG,
	OPT_CAPTURE,
	OPT_DECODERS,
	OPT_SIM,
	OPT_DEMO_LOG,
	OPT_ASCII,
};

static const struct option longopts[] = {
	{"interval", required_argument, NULL, 'i'},
	{"delay", required_argument, NULL, 'd'},
	{"sort", required_argument, NULL, 's'},
	{"reverse", no_argument, NULL, 'R'},
	{"rows", required_argument, NULL, 'r'},
	{"batch", no_argument, NULL, 'b'},
	{"iterations", required_argument, NULL, 'n'},
	{"no-clear", no_argument, NULL, 'C'},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"demo", no_argument, NULL, OPT_DEMO},
	{"bus", required_argument, NULL, OPT_BUS},
	{"introspect", no_argument, NULL, OPT_INTROSPECT},
	{"kernel", no_argument, NULL, OPT_KERNEL},
	{"virtio-device", required_argument, NULL, OPT_VIRTIO_DEVICE},
	{"replay", required_argument, NULL, OPT_REPLAY},
	{"speed", required_argument, NULL, OPT_SPEED},
	{"live", required_argument, NULL, OPT_LIVE},
	{"kmsg", required_argument, NULL, OPT_KMSG},
	{"capture", required_argument, NULL, OPT_CAPTURE},
	{"decoders", required_argument, NULL, OPT_DECODERS},
	{"sim", required_argument, NULL, OPT_SIM},
	{"demo-log", required_argument, NULL, OPT_DEMO_LOG},
	{"json", no_argument, NULL, 'j'},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{0},
};

/*
 * Apply one of the long options that say what to watch and where the numbers come from.
 * Return: 0, or -EINVAL after one error line.
 */
static int apply_source_option(int opt, struct top_options *o)
{
	unsigned long v;

	switch (opt) {
	case OPT_DEMO:
		o->demo = true;
		break;
	case OPT_BUS:
		if (o->bus_count == TOP_MAX_BUSES)
			return refuse("--bus: at most %d buses", TOP_MAX_BUSES);
		if (!optarg[0] || strlen(optarg) >= 32 || strchr(optarg, '/'))
			return refuse("--bus: '%s' is not a bus name", optarg);
		o->buses[o->bus_count++] = optarg;
		break;
	case OPT_INTROSPECT:
		o->introspect = true;
		break;
	case OPT_KERNEL:
		o->kernel = true;
		break;
	case OPT_VIRTIO_DEVICE:
		if (parse_uint("--virtio-device", optarg, 0, 255, &v))
			return -EINVAL;
		o->virtio_device = (unsigned int)v;
		break;
	case OPT_REPLAY:
		o->replay = optarg;
		break;
	case OPT_SPEED:
		if (parse_double("--speed", optarg, 0, 1e6, &o->speed))
			return -EINVAL;
		o->speed_given = true;
		break;
	case OPT_LIVE:
		if (strncmp(optarg, "net://", 6) && strncmp(optarg, "net4://", 7) &&
		    strncmp(optarg, "net6://", 7))
			return refuse("--live: '%s' is not an LTTng live URL "
				      "(net://HOST/host/HOSTNAME/SESSION)",
				      optarg);
		o->live_url = optarg;
		break;
	case OPT_KMSG:
		o->kmsg = optarg;
		break;
	case OPT_CAPTURE:
		if (parse_uint("--capture", optarg, 0, RPMSG_EVENT_PAYLOAD_MAX, &v))
			return -EINVAL;
		o->capture = (unsigned int)v;
		break;
	case OPT_DECODERS:
		o->decoders_file = optarg;
		break;
	case OPT_SIM:
		o->sim_path = optarg;
		break;
	case OPT_DEMO_LOG:
		o->demo_log = optarg;
		break;
	case OPT_ASCII:
		o->ascii = true;
		break;
	}
	return 0;
}

/* The combinations of sources refused, each with one line. Return: 0 or -EINVAL. */
static int check_sources(struct top_options *o)
{
	int sources;

	sources = !!o->replay + !!o->live_url + !!o->kmsg + o->kernel + o->introspect;
	if (sources > 1)
		return refuse(
			"choose one source among --introspect, --kernel, --replay, --live, --kmsg");
	if (o->demo && (o->replay || o->live_url || o->kmsg || o->kernel))
		return refuse("--demo watches the simulated bus; it cannot be combined with "
			      "--replay, --live, --kmsg or --kernel");
	if (o->demo && o->bus_count > 1)
		return refuse("--demo runs one bus; give at most one --bus");
	if (o->demo && demo_bus_adopt(o))
		return -EINVAL;
	if (o->speed_given && !o->replay && !o->kmsg)
		return refuse("--speed applies to --replay and --kmsg only");
	return 0;
}

/**
 * top_options_parse() - fill @o from the command line (see options.h).
 * @argc: argument count
 * @argv: arguments; those after "--" go to the demo
 * @o: the options, defaults first
 *
 * Flags follow top: -b batch, -n iterations, -d delay (= -i interval).
 *
 * Return: 0 (o->help set after -h), or -EINVAL after one error line.
 */
int top_options_parse(int argc, char **argv, struct top_options *o)
{
	bool reverse = false, sort_given = false;
	unsigned long v;
	int opt;

	memset(o, 0, sizeof(*o));
	o->interval_s = 1;
	o->speed = 1;
	o->capture = 64;
	o->virtio_device = 7;
	o->sort = TOP_COL_ADDR;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+i:d:s:Rr:bn:Cjvh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'i':
		case 'd':
			if (parse_double(opt == 'i' ? "-i" : "-d", optarg, 0.05, 3600,
					 &o->interval_s))
				return -EINVAL;
			break;
		case 's':
			if (top_column_parse(optarg, &o->sort))
				return refuse("-s: unknown column '%s' (name, addr, tx, rx, txb, "
					      "rxb, avg, p50, p99, waits, drops, txmsgs, rxmsgs)",
					      optarg);
			sort_given = true;
			break;
		case 'R':
			reverse = true;
			break;
		case 'r':
			if (parse_uint("-r", optarg, 0, 1000000, &v))
				return -EINVAL;
			o->max_rows = (unsigned int)v;
			break;
		case 'b':
			o->batch = true;
			break;
		case 'n':
			if (parse_uint("-n", optarg, 1, 1000000000, &v))
				return -EINVAL;
			o->iterations = (long)v;
			break;
		case 'C':
			o->no_clear = o->batch = true;
			break;
		case 'j':
			o->json = o->batch = true;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			o->help = true;
			return 0;
		case ':':
			return refuse("%s needs a value", argv[optind - 1]);
		default:
			if (opt >= OPT_DEMO) {
				if (apply_source_option(opt, o))
					return -EINVAL;
				break;
			}
			if (optopt)
				return refuse("unknown option '-%c' (see --help)", optopt);
			return refuse("unknown option '%s' (see --help)", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		if (!o->demo || strcmp(argv[optind - 1], "--"))
			return refuse(
				"unexpected argument '%s' (arguments after -- are for --demo)",
				argv[optind]);
		o->demo_argv = argv + optind;
		o->demo_argc = argc - optind;
	}
	o->descending = sort_given ? top_columns[o->sort].numeric : false;
	if (reverse)
		o->descending = !o->descending;
	return check_sources(o);
}
