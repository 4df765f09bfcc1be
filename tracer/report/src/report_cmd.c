// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace report: per-endpoint statistics of a whole trace.
 */
#include <stdio.h>

#include "trace_graph.h"

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
		"Options:\n"
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
		"  rpmsg-trace report net://localhost/host/$(hostname)/demo\n"
		"  dmesg > board.log; rpmsg-trace report --kmsg board.log\n");
}

int rpmsg_trace_cmd_report(int argc, char **argv)
{
	struct trace_graph_options options = {.command = "report", .output = TRACE_GRAPH_STATS};

	return rpmsg_trace_graph_command(argc, argv, &options, usage);
}
