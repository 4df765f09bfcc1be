// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace decode: every rpmsg event of a trace, one per line, with endpoint names and
 * decoded payloads.
 */
#include <stdio.h>

#include "trace_graph.h"

int rpmsg_trace_cmd_decode(int argc, char **argv);

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace decode [OPTIONS] TRACE\n"
		"       rpmsg-trace decode [OPTIONS] --kmsg FILE\n"
		"\n"
		"Print each rpmsg event of TRACE on one line: its time ([HH:MM:SS.nnnnnnnnn],\n"
		"local, as babeltrace2 prints it), bus, role, event, then for messages\n"
		"\"src -> dst\" with endpoint names learned from name-service announcements,\n"
		"the length, the decoder used and the decoded payload. Payloads the tracer cut\n"
		"short are marked [truncated: N of M bytes captured]. Events the\n"
		"tracer discarded are shown where they happened and summed on stderr.\n"
		"\n"
		"TRACE is a trace directory (rpmsg-trace record -o DIR, or any CTF trace with\n"
		"rpmsg:* events) or an LTTng live URL net://HOST/host/HOSTNAME/SESSION.\n"
		"\n"
		"--kmsg FILE reads a kernel log instead (dmesg output or saved /dev/kmsg\n"
		"records; - is standard input): the virtio_rpmsg_bus and remoteproc debug\n"
		"lines that `rpmsg-ddebug on rpmsg` turns on, for boards where BPF cannot\n"
		"attach. Times are seconds since that board's boot. Lines of other drivers are\n"
		"skipped; stderr ends with how many lines were rpmsg, skipped or malformed and\n"
		"how many hex dumps were cut short (their messages are marked [truncated]).\n"
		"\n"
		"Options:\n"
		"  --kmsg FILE         decode a kernel log (see above) instead of a TRACE\n"
		"  --json              one JSON object per line (\"ts_ns\": a string of ns since\n"
		"                      the epoch, exact where a JSON number would be rounded)\n"
		"  --endpoint NAME|ADDR  only events of this endpoint (name or address)\n"
		"  --since TIME        start at TIME; --until TIME: stop after TIME. TIME is what\n"
		"                      decode prints ([HH:MM:SS.NS], brackets optional), a date\n"
		"                      and time YYYY-MM-DD HH:MM:SS[.NS] or SECONDS[.NS] since "
		"the\n"
		"                      clock's origin. Names announced before TIME still apply.\n"
		"  --clock-seconds     times as SECONDS.NS since the clock's origin (the Unix\n"
		"                      epoch) instead of the local HH:MM:SS.NS\n"
		"  --clock-gmt         times (printed and --since/--until) in UTC, not local\n"
		"  --decoders FILE     payload decoders for your own channels "
		"(decoders/README.md)\n"
		"  -v, --verbose       on errors, print every cause babeltrace2 reported\n"
		"  -h, --help          this text\n"
		"\n"
		"The same output from babeltrace2 itself:\n"
		"  babeltrace2 --plugin-path=PLUGIN_DIR TRACE -c filter.rpmsg.decode -c "
		"sink.rpmsg.print\n"
		"\n"
		"Exit status: 0 done, 1 the trace or log could not be read (or --kmsg: nothing in\n"
		"the log decodes, only malformed or orphaned lines), or --endpoint/--since/--until\n"
		"kept none of its rpmsg events (a warning names the endpoints or the trace's time\n"
		"span), 2 bad usage or decoder file.\n"
		"\n"
		"Examples:\n"
		"  rpmsg-trace decode /tmp/trace\n"
		"  rpmsg-trace decode --endpoint rpmsg-tty /tmp/trace\n"
		"  rpmsg-trace decode --json --decoders my-fw.decoders /tmp/trace > events.ndjson\n"
		"  rpmsg-trace decode --since 12:00:01 --until 12:00:02 /tmp/trace\n"
		"  dmesg > board.log; rpmsg-trace decode --kmsg board.log --endpoint rpmsg-tty\n"
		"  ssh board dmesg | rpmsg-trace decode --json --kmsg -\n");
}

int rpmsg_trace_cmd_decode(int argc, char **argv)
{
	struct trace_graph_options options = {.command = "decode", .output = TRACE_GRAPH_PRINT};

	return rpmsg_trace_graph_command(argc, argv, &options, usage);
}
