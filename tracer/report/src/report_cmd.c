// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace report: per-endpoint statistics of a whole trace, through the babeltrace2 graph
 * (trace_graph.h); with --latency, where each message's time goes: the trace (or kernel log) is
 * read through the sources (tracer/sources, as rpmsg-top --replay reads it) into a collector,
 * whose stage breakdown is printed (STAGES in collector.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/options.h>

#include "trace_graph.h"

/* --latency reads its input through the sources into a collector (latency_input.h). */
#include "latency_input.h"

#define TOOL "rpmsg-trace report"

int rpmsg_trace_cmd_report(int argc, char **argv);

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace report [OPTIONS] TRACE\n"
		"       rpmsg-trace report [OPTIONS] --kmsg FILE\n"
		"\n"
		"Print one row per endpoint and direction (tx: host to remote, rx: remote to\n"
		"host): messages, bytes, average rate over the trace, size min/avg/max,\n"
		"send-to-receive latency p50/p99/max (when both sides were traced), TX waits and\n"
		"drops; then the events the tracer discarded. A message traced on both sides\n"
		"counts once.\n"
		"\n"
		"TRACE is a trace directory or an LTTng live URL net://HOST/host/HOSTNAME/SESSION\n"
		"(the report is printed when the live session ends).\n"
		"\n"
		"--kmsg FILE reports on a kernel log instead (dmesg output or saved /dev/kmsg\n"
		"records; - is standard input) with rpmsg debug lines on (rpmsg-ddebug on\n"
		"rpmsg); rates use the log's times (seconds since boot). stderr ends with how\n"
		"many lines were rpmsg, skipped or malformed and how many dumps were cut short.\n"
		"\n"
		"--latency prints instead where each message's time goes, per endpoint and\n"
		"direction: the count, p50, p99 and max of every stage (send>add, add>kick,\n"
		"kick>irq, irq>get, get>recv, recv>return, return>reclaim, and add>reclaim: how\n"
		"long the sender's buffer was away), how many messages went without a doorbell,\n"
		"then the stages the trace cannot show and why (one side traced only, no vring\n"
		"events in a kernel log). With --json one JSON object.\n"
		"\n"
		"Options:\n"
		"  --latency           the stage breakdown (with --json, --kmsg FILE)\n"
		"  --kmsg FILE         report on a kernel log (see above) instead of a TRACE\n"
		"  --json              one JSON object instead of the table\n"
		"  --endpoint NAME|ADDR  only this endpoint's rows\n"
		"  --since TIME, --until TIME  only events in this window (a time as decode\n"
		"                      prints it, HH:MM:SS[.NS] local, YYYY-MM-DD HH:MM:SS[.NS]\n"
		"                      or SECONDS[.NS] since the clock's origin)\n"
		"  --clock-seconds     the header's time span in SECONDS.NS, not local "
		"HH:MM:SS.NS\n"
		"  --clock-gmt         times (printed and --since/--until) in UTC, not local\n"
		"  --decoders FILE     accepted for symmetry with decode (checked, not needed "
		"here)\n"
		"  -v, --verbose       on errors, print every cause babeltrace2 reported\n"
		"  -h, --help          this text\n"
		"\n"
		"The same table from babeltrace2 itself:\n"
		"  babeltrace2 --plugin-path=PLUGIN_DIR TRACE -c sink.rpmsg.stats\n"
		"\n"
		"Exit status: 0 done (a warning on stderr when the tracer discarded events), 1 "
		"the\n"
		"trace or log could not be read (or --kmsg: nothing in the log decodes, only\n"
		"malformed or orphaned lines), 2 bad usage.\n"
		"\n"
		"Examples:\n"
		"  rpmsg-trace report /tmp/trace\n"
		"  rpmsg-trace report --endpoint rpmsg-sensor --json /tmp/trace\n"
		"  rpmsg-trace report --latency /tmp/trace\n"
		"  rpmsg-trace report net://localhost/host/$(hostname)/demo\n"
		"  dmesg > board.log; rpmsg-trace report --kmsg board.log\n");
}

struct latency_options {
	bool latency, json;
	const char *kmsg;
};

#define F(FIELD) RPMSG_OPT_FIELD(struct latency_options, FIELD)
static const struct rpmsg_option latency_option_rows[] = {
	{"latency", 0, RPMSG_OPT_FLAG, F(latency)},
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"kmsg", 0, RPMSG_OPT_STRING, F(kmsg)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};
#undef F

/*
 * Read the whole trace or log into a collector and print its stages. Return: the exit status
 * (1 when the input cannot be read or breaks while read).
 */
static int latency_report(const char *input, bool kmsg, bool json)
{
	struct rpmsg_collector_print_opts po;
	struct rpmsg_collector *c = NULL;
	int ret = 1;

	if (rpmsg_collector_create(NULL, &c)) {
		rpmsg_error_line(TOOL, "out of memory");
		return 1;
	}
	if (rpmsg_latency_input_read(TOOL, "--latency", input, kmsg, c, NULL))
		goto out;
	rpmsg_collector_print_opts_init(&po);
	po.sort = RPMSG_COLLECTOR_SORT_ADDR;
	po.descending = false;
	if (rpmsg_collector_print_stages(c, stdout, &po, json) || fflush(stdout)) {
		rpmsg_error_line(TOOL, "cannot write the report: %s", strerror(EIO));
		goto out;
	}
	ret = 0;
out:
	rpmsg_collector_destroy(c);
	return ret;
}

/* report --latency: its own options (the stage breakdown needs no babeltrace2 sink). */
static int latency_command(int argc, char **argv)
{
	struct latency_options o = {0};
	const struct rpmsg_option_set set = {
		.tool = TOOL,
		.options = latency_option_rows,
		.wording = RPMSG_OPT_WORDING_REASON,
		.usage = usage,
	};
	const char *input;
	int first, err;

	err = rpmsg_options_parse(&set, argc, argv, &o, &first);
	if (err)
		return err > 0 ? 0 : 2;
	input = rpmsg_latency_input_operand(TOOL, "--latency", o.kmsg, first, argc, argv);
	return input ? latency_report(input, o.kmsg != NULL, o.json) : 2;
}

int rpmsg_trace_cmd_report(int argc, char **argv)
{
	struct trace_graph_options options = {.command = "report", .output = TRACE_GRAPH_STATS};

	if (rpmsg_options_given(argc, argv, "--latency"))
		return latency_command(argc, argv);
	return rpmsg_trace_graph_command(argc, argv, &options, usage);
}
