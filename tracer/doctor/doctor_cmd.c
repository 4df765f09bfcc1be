// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace doctor: the doctor's rules (tracer/doctor) over one input, read through the one
 * source interface (tracer/sources/source.h) into a collector with the doctor attached:
 *	TRACE_DIR                      an LTTng or `record --bpf` trace, replayed as fast as
 *possible
 *	--kmsg FILE                    a kernel log
 *	--live [--bus NAME] --duration the bus's BPF probes (root)
 *	--kernel --duration            the kernel program on the virtio rings (root)
 * Exit status: 0 nothing found, 1 findings, 2 the input could not be analysed (one line why).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/doctor.h>
#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/options.h>
#include <rpmsg-scope/text.h>

#include "source.h"

#define TOOL "rpmsg-trace doctor"

/* Exit statuses (man page, EXIT STATUS of doctor). */
#define DOCTOR_EXIT_CLEAN    0
#define DOCTOR_EXIT_FINDINGS 1
#define DOCTOR_EXIT_FAILED   2

/* Longest wait between two polls of a live source. */
#define DOCTOR_POLL_MS 100

/* @buses: the source's bus list ({bus}); the source keeps the pointer while it runs */
struct doctor_options {
	const char *trace, *kmsg, *bus;
	const char *buses[1];
	bool live, kernel, json;
	double duration;
	unsigned int device_id;
};

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	stop_requested = sig;
}

static void usage(FILE *out)
{
	fputs("usage: rpmsg-trace doctor [-j] TRACE_DIR\n"
	      "       rpmsg-trace doctor [-j] --kmsg FILE\n"
	      "       rpmsg-trace doctor [-j] --live [--bus NAME] --duration SEC\n"
	      "       rpmsg-trace doctor [-j] --kernel [--device-id N] --duration SEC\n"
	      "\n"
	      "Name the known rpmsg failure patterns in a trace, a kernel log or live traffic,\n"
	      "each with its evidence and a fix (see DOCTOR in rpmsg-trace(1) for every rule).\n"
	      "\n"
	      "  -j, --json         one JSON object per finding, then a summary object\n"
	      "  -k, --kmsg FILE    a kernel log (dmesg output, a saved /dev/kmsg)\n"
	      "      --live         the bus's BPF probes (root)\n"
	      "      --bus NAME     with --live: only this bus\n"
	      "      --kernel       the kernel program on the virtio rings (root)\n"
	      "      --device-id N  with --kernel: the virtio device type (7 = rpmsg)\n"
	      "      --duration SEC how long to watch (--live, --kernel)\n"
	      "  -h, --help         this text\n"
	      "\n"
	      "Exit status: 0 nothing found, 1 findings, 2 the input could not be analysed.\n"
	      "\n"
	      "examples:\n"
	      "  rpmsg-trace record -o /tmp/t -- rpmsg-sim demo --messages 1000\n"
	      "  rpmsg-trace doctor /tmp/t\n"
	      "  rpmsg-trace doctor --kmsg /tmp/k.log --json\n"
	      "  rpmsg-trace doctor --live --bus sim0 --duration 10\n",
	      out);
}

static int apply_bus(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		     const char *label, const char *value, void *dest)
{
	(void)opt;
	if (!value[0] || strlen(value) >= RPMSG_EVENT_BUS_LEN || strchr(value, '/'))
		return rpmsg_error_line(set->tool, "%s: '%s' is not a bus name", label, value);
	((struct doctor_options *)dest)->bus = value;
	return 0;
}

#define F(FIELD) RPMSG_OPT_FIELD(struct doctor_options, FIELD)
static const struct rpmsg_option doctor_option_rows[] = {
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"kmsg", 'k', RPMSG_OPT_STRING, F(kmsg)},
	{"live", 0, RPMSG_OPT_FLAG, F(live)},
	{"bus", 0, RPMSG_OPT_CUSTOM, .apply = apply_bus},
	{"kernel", 0, RPMSG_OPT_FLAG, F(kernel)},
	{"device-id", 0, RPMSG_OPT_UINT, F(device_id), .max = 255,
	 .what = "a whole number from 0 to 255"},
	{"duration", 0, RPMSG_OPT_SECONDS, F(duration), .max = 86400,
	 .what = "a number of seconds from 0 to 86400"},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};
#undef F

/* Read the command line. Return: -1 to go on, else the exit status. */
static int parse(int argc, char **argv, struct doctor_options *o)
{
	const struct rpmsg_option_set set = {
		.tool = TOOL,
		.options = doctor_option_rows,
		.usage = usage,
	};
	int first, err, inputs;

	*o = (struct doctor_options){.device_id = 7};
	err = rpmsg_options_parse(&set, argc, argv, o, &first);
	if (err)
		return err > 0 ? DOCTOR_EXIT_CLEAN : DOCTOR_EXIT_FAILED;
	if (first < argc)
		o->trace = argv[first];
	if (first + 1 < argc) {
		rpmsg_options_unexpected(&set, argv[first + 1]);
		return DOCTOR_EXIT_FAILED;
	}
	inputs = !!o->trace + !!o->kmsg + o->live + o->kernel;
	if (inputs != 1) {
		rpmsg_error_line(
			TOOL, "%s (try '%s --help')",
			inputs ? "give one input: TRACE_DIR, --kmsg, --live or --kernel"
			       : "what to examine? give a TRACE_DIR, --kmsg FILE, --live or "
				 "--kernel",
			TOOL);
		return DOCTOR_EXIT_FAILED;
	}
	if ((o->live || o->kernel) && o->duration <= 0) {
		rpmsg_error_line(TOOL, "--%s needs --duration SEC (how long to watch)",
				 o->live ? "live" : "kernel");
		return DOCTOR_EXIT_FAILED;
	}
	if (!o->live && !o->kernel && o->duration > 0) {
		rpmsg_error_line(TOOL, "--duration applies to --live and --kernel only");
		return DOCTOR_EXIT_FAILED;
	}
	if (o->bus && !o->live) {
		rpmsg_error_line(TOOL, "--bus applies to --live only");
		return DOCTOR_EXIT_FAILED;
	}
	return -1;
}

static int open_source(struct doctor_options *o, struct rpmsg_source **out)
{
	struct rpmsg_source_config sc = {
		.buses = o->bus ? o->buses : NULL,
		.bus_count = o->bus ? 1 : 0,
		.virtio_device = o->device_id,
		.capture = 0,
		.speed = 0, /* a file as fast as possible */
	};
	char err[256] = "";
	int ret;

	o->buses[0] = o->bus;
	if (o->trace)
		ret = rpmsg_source_trace_open(&sc, o->trace, false, out, err, sizeof(err));
	else if (o->kmsg)
		ret = rpmsg_source_kmsg_open(&sc, o->kmsg, out, err, sizeof(err));
	else
		ret = rpmsg_source_bpf_open(&sc, o->kernel, out, err, sizeof(err));
	if (ret)
		rpmsg_error_line(TOOL, "cannot analyse %s: %s",
				 o->trace  ? o->trace
				 : o->kmsg ? o->kmsg
					   : "live traffic",
				 err);
	return ret;
}

/* Feed everything the source has (a file), or what comes for --duration (live). */
static int collect(const struct doctor_options *o, struct rpmsg_source *s,
		   struct rpmsg_collector *c, uint64_t *now)
{
	if (s->fast) {
		s->ops->advance(s, c, UINT64_MAX);
	} else {
		double end = rpmsg_now_s() + o->duration;

		signal(SIGINT, on_stop);
		signal(SIGTERM, on_stop);
		while (!stop_requested && !s->failure[0] && !s->ended && rpmsg_now_s() < end)
			s->ops->poll(s, c, DOCTOR_POLL_MS);
		if (s->ops->sync)
			s->ops->sync(s, c);
	}
	if (s->failure[0]) {
		rpmsg_error_line(TOOL, "cannot analyse the input: %s", s->failure);
		return -EIO;
	}
	*now = s->ops->now_ns(s);
	return 0;
}

/* What a source cannot show, for the rules that read drops or waits. */
static unsigned int blind_of(const struct rpmsg_source *s)
{
	unsigned int blind = 0;

	if (!(s->provides & RPMSG_SOURCE_DROPS))
		blind |= RPMSG_DOCTOR_BLIND_DROPS;
	if (!(s->provides & RPMSG_SOURCE_WAITS))
		blind |= RPMSG_DOCTOR_BLIND_WAITS;
	return blind;
}

static void print_summary(FILE *f, const struct doctor_options *o, const struct rpmsg_doctor *d,
			  const struct rpmsg_collector_totals *t, int found, const char *input)
{
	char why[256];
	bool any = false;

	if (o->json) {
		fprintf(f, "{\"type\":\"summary\",\"input\":");
		rpmsg_json_print(f, input, SIZE_MAX);
		fprintf(f,
			",\"events\":%llu,\"lost_events\":%llu,\"rejected_events\":%llu,"
			"\"findings\":%d,\"not_evaluated\":[",
			(unsigned long long)t->events, (unsigned long long)t->lost_events,
			(unsigned long long)t->rejected_events, found);
		for (int r = 0; r < RPMSG_DOCTOR_RULE_COUNT; r++) {
			if (rpmsg_doctor_rule_evaluated(d, r, why, sizeof(why)))
				continue;
			fprintf(f, "%s{\"rule\":\"%s\",\"why\":", any ? "," : "",
				rpmsg_doctor_rule_id(r));
			rpmsg_json_print(f, why, SIZE_MAX);
			fprintf(f, "}");
			any = true;
		}
		fprintf(f, "]}\n");
		return;
	}
	if (found)
		fprintf(f, "\n");
	fprintf(f, "%s: %llu events, %d finding%s\n", input, (unsigned long long)t->events, found,
		found == 1 ? "" : "s");
	for (int r = 0; r < RPMSG_DOCTOR_RULE_COUNT; r++)
		if (!rpmsg_doctor_rule_evaluated(d, r, why, sizeof(why)))
			fprintf(f, "%s: not evaluated (%s)\n", rpmsg_doctor_rule_id(r), why);
}

/**
 * rpmsg_trace_cmd_doctor() - `rpmsg-trace doctor`
 * @argc, @argv: the subcommand's arguments (argv[0] is "doctor")
 * Return: 0 nothing found, 1 findings, 2 the input could not be analysed.
 */
int rpmsg_trace_cmd_doctor(int argc, char **argv)
{
	struct rpmsg_doctor_finding *findings = NULL;
	struct rpmsg_collector *c = NULL;
	struct rpmsg_source *s = NULL;
	struct rpmsg_doctor *d = NULL;
	struct rpmsg_doctor_options dopts = {0};
	struct rpmsg_collector_totals t;
	struct doctor_options o;
	char input[300];
	int status = parse(argc, argv, &o), found;
	uint64_t now = 0;

	if (status >= 0)
		return status;
	status = DOCTOR_EXIT_FAILED;
	if (open_source(&o, &s))
		return status;
	snprintf(input, sizeof(input), "%s", s->label);
	dopts.blind = blind_of(s);
	dopts.input = input;
	if (rpmsg_collector_create(NULL, &c) || rpmsg_doctor_create(c, &dopts, &d)) {
		rpmsg_error_line(TOOL, "out of memory");
		goto out;
	}
	if (collect(&o, s, c, &now))
		goto out;
	rpmsg_collector_get_totals(c, &t);
	if (!t.events) {
		/* nothing to judge is not "nothing wrong" */
		rpmsg_error_line(TOOL, "cannot analyse %s: no rpmsg event in it", input);
		goto out;
	}
	/* a finished file ends at its last event: absences are measured up to there */
	if (s->fast || s->ended || now < t.last_ns)
		now = t.last_ns;
	found = rpmsg_doctor_evaluate(d, now, NULL, 0);
	if (found < 0 || !(findings = calloc((size_t)found + 1, sizeof(*findings)))) {
		rpmsg_error_line(TOOL, "out of memory");
		goto out;
	}
	found = rpmsg_doctor_evaluate(d, now, findings, (size_t)found);
	if (o.json)
		rpmsg_doctor_print_json(stdout, findings, (size_t)found);
	else
		rpmsg_doctor_print_text(stdout, findings, (size_t)found);
	print_summary(stdout, &o, d, &t, found, input);
	if (fflush(stdout) || ferror(stdout)) {
		rpmsg_error_line(TOOL, "cannot write the output");
		goto out;
	}
	status = found ? DOCTOR_EXIT_FINDINGS : DOCTOR_EXIT_CLEAN;
out:
	free(findings);
	rpmsg_doctor_destroy(d);
	rpmsg_collector_destroy(c);
	rpmsg_source_close(s);
	return status;
}
