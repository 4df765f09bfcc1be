// SPDX-License-Identifier: MIT
/*
 * Command-line parsing for rpmsg-top, flags in the style of top and bcc's tools: -i interval,
 * -r rows, -s sort, -C no clear, -v verbose, -b/-n batch mode.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/options.h>

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
	      "  -b, --batch           plain tables (no escape sequences, reads no keys);\n"
	      "                        a flagged row ends with \"! RULE\", a finding: line each\n"
	      "  -n, --iterations N    exit after N refreshes (batch: also when the demo\n"
	      "                        or the recording ends)\n"
	      "  -C, --no-clear        refreshes one after the other (same output as -b)\n"
	      "  -j, --json            one JSON object per refresh, its doctor findings in\n"
	      "                        \"findings\" (implies -b)\n"
	      "      --ascii           ASCII bars and arrows even in a UTF-8 locale\n"
	      "      --clock-seconds   times as SECONDS.NS since the clock's origin, not the\n"
	      "                        local [HH:MM:SS.NS] (the times decode shows)\n"
	      "      --clock-gmt       times in UTC, not local\n"
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
	      "  rpmsg-top -b -n 1 --demo -- --messages 100 --fault wrong-ns-name  # flagged\n"
	      "  rpmsg-top --replay ~/rpmsg-traces/run1 --speed 4\n"
	      "  rpmsg-top -b --replay ~/rpmsg-traces/run1 --speed 0   # per trace second\n"
	      "  rpmsg-top --live net://board/host/board/rpmsg\n",
	      f);
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

/* The CUSTOM rows: checks a plain row cannot say. */
static int apply_sort(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      const char *label, const char *value, void *dest)
{
	struct top_options *o = dest;

	(void)opt;
	if (top_column_parse(value, &o->sort))
		return rpmsg_error_line(
			set->tool,
			"%s: unknown column '%s' (name, addr, tx, rx, txb, rxb, avg, "
			"p50, p99, waits, drops, txmsgs, rxmsgs)",
			label, value);
	o->sort_given = true;
	return 0;
}

static int apply_bus(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		     const char *label, const char *value, void *dest)
{
	struct top_options *o = dest;

	(void)opt;
	if (o->bus_count == TOP_MAX_BUSES)
		return rpmsg_error_line(set->tool, "%s: at most %d buses", label, TOP_MAX_BUSES);
	if (!value[0] || strlen(value) >= 32 || strchr(value, '/'))
		return rpmsg_error_line(set->tool, "%s: '%s' is not a bus name", label, value);
	o->buses[o->bus_count++] = value;
	return 0;
}

static int apply_live(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      const char *label, const char *value, void *dest)
{
	(void)opt;
	if (strncmp(value, "net://", 6) && strncmp(value, "net4://", 7) &&
	    strncmp(value, "net6://", 7))
		return rpmsg_error_line(set->tool,
					"%s: '%s' is not an LTTng live URL "
					"(net://HOST/host/HOSTNAME/SESSION)",
					label, value);
	((struct top_options *)dest)->live_url = value;
	return 0;
}

#define F(FIELD) RPMSG_OPT_FIELD(struct top_options, FIELD)
#define INTERVAL_ROW(NAME, LETTER)                                                                 \
	{                                                                                          \
		NAME, LETTER, RPMSG_OPT_DOUBLE, F(interval_s),                                     \
			.min = 0.05, .max = 3600, .what = "a number from 0.05 to 3600"             \
	}

/* Flags follow top: -b batch, -n iterations, -d delay (= -i interval); the rest long only. */
static const struct rpmsg_option top_option_rows[] = {
	INTERVAL_ROW("interval", 'i'),
	INTERVAL_ROW("delay", 'd'),
	{"sort", 's', RPMSG_OPT_CUSTOM, .apply = apply_sort},
	{"reverse", 'R', RPMSG_OPT_FLAG, F(reverse)},
	{"rows", 'r', RPMSG_OPT_UINT, F(max_rows), .max = 1000000,
	 .what = "a whole number from 0 to 1000000"},
	{"batch", 'b', RPMSG_OPT_FLAG, F(batch)},
	{"iterations", 'n', RPMSG_OPT_UINT, F(iterations), .min = 1, .max = 1000000000,
	 .what = "a whole number from 1 to 1000000000"},
	{"no-clear", 'C', RPMSG_OPT_FLAG, F(no_clear)},
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"verbose", 'v', RPMSG_OPT_REPEAT, F(verbose)},
	RPMSG_OPTION_HELP,
	{"demo", 0, RPMSG_OPT_FLAG, F(demo)},
	{"bus", 0, RPMSG_OPT_CUSTOM, .apply = apply_bus},
	{"introspect", 0, RPMSG_OPT_FLAG, F(introspect)},
	{"kernel", 0, RPMSG_OPT_FLAG, F(kernel)},
	{"virtio-device", 0, RPMSG_OPT_UINT, F(virtio_device), .max = 255,
	 .what = "a whole number from 0 to 255"},
	{"replay", 0, RPMSG_OPT_STRING, F(replay)},
	{"speed", 0, RPMSG_OPT_DOUBLE, F(speed), .max = 1e6, .what = "a number from 0 to 1e+06"},
	{"live", 0, RPMSG_OPT_CUSTOM, .apply = apply_live},
	{"kmsg", 0, RPMSG_OPT_STRING, F(kmsg)},
	{"capture", 0, RPMSG_OPT_UINT, F(capture), .max = RPMSG_EVENT_PAYLOAD_MAX,
	 .what = "a whole number from 0 to " RPMSG_OPT_TEXT(RPMSG_EVENT_PAYLOAD_MAX)},
	{"decoders", 0, RPMSG_OPT_STRING, F(decoders_file)},
	{"sim", 0, RPMSG_OPT_STRING, F(sim_path)},
	{"demo-log", 0, RPMSG_OPT_STRING, F(demo_log)},
	{"ascii", 0, RPMSG_OPT_FLAG, F(ascii)},
	{"clock-seconds", 0, RPMSG_OPT_FLAG, F(clock_seconds)},
	{"clock-gmt", 0, RPMSG_OPT_FLAG, F(clock_gmt)},
	RPMSG_OPTION_END,
};

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
 * Return: 0 (o->help set after -h), or -EINVAL after one error line.
 */
int top_options_parse(int argc, char **argv, struct top_options *o)
{
	static const struct rpmsg_option_set set = {
		.tool = "rpmsg-top",
		.options = top_option_rows,
		.command_hint = "arguments after -- are for --demo",
		.usage = top_options_usage,
	};
	int first, err;

	memset(o, 0, sizeof(*o));
	o->interval_s = 1;
	o->speed = -1; /* not given: 1 */
	o->capture = 64;
	o->virtio_device = 7;
	o->sort = TOP_COL_ADDR;
	err = rpmsg_options_parse(&set, argc, argv, o, &first);
	if (err == RPMSG_OPTIONS_HELP) {
		o->help = true;
		return 0;
	}
	if (err)
		return -EINVAL;
	if (first < argc) {
		if (!o->demo)
			return rpmsg_options_unexpected(&set, argv[first]);
		o->demo_argv = argv + first;
		o->demo_argc = argc - first;
	}
	o->speed_given = o->speed >= 0;
	if (!o->speed_given)
		o->speed = 1;
	o->batch = o->batch || o->no_clear || o->json; /* -C and --json print no screen */
	o->descending = o->sort_given ? top_columns[o->sort].numeric : false;
	if (o->reverse)
		o->descending = !o->descending;
	return check_sources(o);
}
