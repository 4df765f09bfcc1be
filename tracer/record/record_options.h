/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-trace record: command-line options.
 *
 * record_options_parse() fills a struct record_options from argv (argv[0] = "record"); it never
 * touches the system. The struct borrows strings from argv (no ownership), except `output`, which
 * is an absolute path it allocated: record_options_free() releases it. Not thread-safe (getopt).
 */
#ifndef RPMSG_RECORD_OPTIONS_H
#define RPMSG_RECORD_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/event.h>

#define RECORD_DEFAULT_BUFFER_SIZE   (16ull << 20) /* per CPU: 4 x 4 MiB */
#define RECORD_MIN_BUFFER_SIZE	     (16ull << 10) /* 4 sub-buffers of one page */
#define RECORD_DEFAULT_LIVE_TIMER_US 200000u
#define RECORD_DEFAULT_LIVE_URL	     "net://127.0.0.1"

struct record_options {
	char *output;		/* absolute trace directory (local session), else NULL */
	const char *output_arg; /* -o as given */
	const char *url;	/* lttng-relayd URL (network or live session), else NULL */
	bool live;		/* live session (through lttng-relayd) */
	unsigned int live_timer_us;
	const char *name;		  /* session name, NULL: rpmsg-trace-PID */
	uint64_t buffer_size;		  /* ring buffer bytes per CPU */
	bool events[RPMSG_EV_TYPE_COUNT]; /* which events to enable */
	bool all_events;		  /* enable "rpmsg:*" (also covers events added later) */
	bool events_given;		  /* --events */
	double duration_s;		  /* stop after this long (0: no limit) */
	bool blocking;			  /* blocking channel: never discard */
	const char *sessiond_log;	  /* output of an lttng-sessiond we start, NULL: default */
	char **command;			  /* NULL-terminated argv after "--", or NULL */
	bool help;
};

/**
 * record_options_parse() - parse `record` arguments
 * @argc: argument count
 * @argv: arguments, argv[0] = "record"
 * @opts: out; zeroed and filled in
 *
 * Prints one line naming the problem to stderr on error.
 * Return: 0, or -EINVAL for bad usage.
 */
int record_options_parse(int argc, char **argv, struct record_options *opts);

void record_options_free(struct record_options *opts);

/** record_usage() - the --help text, ending with examples. */
void record_usage(FILE *out);

#endif /* RPMSG_RECORD_OPTIONS_H */
