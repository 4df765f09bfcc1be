/* SPDX-License-Identifier: MIT */
/*
 * The babeltrace2 graph behind `rpmsg-trace decode` and `rpmsg-trace report`, run in-process:
 *
 *	source.ctf.fs (or source.ctf.lttng-live for net:// URLs)
 *	  -> filter.utils.muxer -> sink.rpmsg.print (decoding itself) | sink.rpmsg.stats
 *
 * decode prints what `-c filter.rpmsg.decode -c sink.rpmsg.print` prints, byte for byte, but
 * its sink decodes as it prints (the "decode" parameter): no new event per message.
 *
 * --since/--until are applied by the rpmsg components themselves (not filter.utils.trimmer),
 * so that endpoint names announced before the window still name what is inside it.
 *
 * The rpmsg classes are built in-process (rpmsg-scope/bt2-components.h); ctf and utils come from
 * the installed babeltrace2 plugins. No trace is parsed by hand.
 *
 * Errors: rpmsg_trace_graph_run() prints one line "rpmsg-trace CMD: ..." to stderr for every
 * failure (missing, unreadable, corrupt or truncated trace; bad option values) and returns
 *non-zero. Not thread-safe (one graph per process at a time).
 *
 * Damaged traces: babeltrace2 2.0's ctf plugin spins forever on some cut metadata files and
 * aborts on some damaged stream files. A trace directory is therefore read in a forked child
 * (which writes the normal output to the inherited stdout) watched by this process through a
 * progress counter in a shared page: no progress for RPMSG_TRACE_STALL_MS (default 10 s) of the
 * child's running time, an abort or any other fatal signal becomes "rpmsg-trace CMD: TRACE:
 * corrupt or truncated (REASON), N events read before it" and exit status 1. A child blocked on
 * a slow stdout is not stuck. Live sessions (net://) are read in-process with no watchdog: there,
 * silence is normal. decode may have printed events before the line; report prints no table.
 */
#ifndef RPMSG_TRACE_GRAPH_H
#define RPMSG_TRACE_GRAPH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <babeltrace2/babeltrace.h>

enum trace_graph_output {
	TRACE_GRAPH_PRINT, /* decode: one line per event */
	TRACE_GRAPH_STATS, /* report: per-endpoint table */
};

struct trace_graph_options {
	const char *command; /* "decode" or "report", for messages */
	const char *trace;   /* trace directory, or net://HOST/host/HOSTNAME/SESSION */
	const char *kmsg;    /* --kmsg: a kernel log file ("-" = stdin) instead of a trace */
	const char *label;   /* what error messages call the input; NULL: trace */
	enum trace_graph_output output;
	bool json;
	bool verbose;	      /* print every cause of an error, not just the first line */
	const char *endpoint; /* NULL: all */
	const char *since;    /* NULL: from the start */
	const char *until;    /* NULL: to the end */
	bool clock_seconds;   /* text times as seconds since the clock's origin */
	bool clock_gmt;	      /* text times (and --since/--until times of day) in UTC */
	const char *decoders; /* decoder file, or NULL */
	/* Set (from a signal handler) to stop the graph early; NULL: none. Not owned. */
	bt_interrupter *interrupter;
	/* When not NULL: set to the events read from a trace directory when it was read (record) */
	uint64_t *events_read;
};

/**
 * rpmsg_trace_graph_run() - build the graph, run it to the end, report errors
 * @options: what to run
 *
 * Return: 0 on success, 1 when the trace could not be read, 2 for bad options, 130 when
 * @options->interrupter stopped it (nothing printed then).
 */
int rpmsg_trace_graph_run(const struct trace_graph_options *options);

/**
 * rpmsg_trace_kmsg_run() - decode or report the rpmsg lines of a kernel log (--kmsg)
 * @options: as for rpmsg_trace_graph_run(), with @options->kmsg set (trace is ignored)
 *
 * Parses the log with rpmsg-kmsg into a CTF trace in a private temporary directory (written by
 * rpmsg-ctf-writer, times in seconds since the logging machine's boot), runs
 * rpmsg_trace_graph_run() on it, prints what the parser skipped, found malformed or truncated
 * to stderr, and removes the directory - also when SIGINT, SIGTERM, SIGHUP or SIGPIPE (a
 * closed output pipe) ends the run early; the signal is then raised again after the cleanup.
 *
 * Return: as rpmsg_trace_graph_run(); 1 when the log cannot be read.
 */
int rpmsg_trace_kmsg_run(const struct trace_graph_options *options);

/**
 * rpmsg_trace_graph_parse_args() - the options decode and report share
 * @argc, @argv: as given to the subcommand (argv[0] is its name)
 * @options: filled in (command and output must be set by the caller first)
 * @usage: prints the subcommand's usage to the given stream
 *
 * Return: -1 to continue, or an exit status (0 after --help, 2 for a usage error).
 */
int rpmsg_trace_graph_parse_args(int argc, char **argv, struct trace_graph_options *options,
				 void (*usage)(FILE *out));

/**
 * rpmsg_trace_graph_command() - decode's and report's main: parse, then run on a trace or a log
 * @argc, @argv, @options, @usage: as for rpmsg_trace_graph_parse_args()
 *
 * Return: the exit status.
 */
int rpmsg_trace_graph_command(int argc, char **argv, struct trace_graph_options *options,
			      void (*usage)(FILE *out));

#endif /* RPMSG_TRACE_GRAPH_H */
