// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace record: command-line parsing and the --help text (see record_options.h).
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-scope/options.h>

#include "record_options.h"

/* One error line "rpmsg-trace record: <fmt...>" to stderr. Return: -EINVAL. */
#define refuse(...) rpmsg_error_line("rpmsg-trace record", __VA_ARGS__)

static const char *const event_names[RPMSG_EV_TYPE_COUNT] = RPMSG_EVENT_NAMES;

/*
 * --preset NAME: a named --events list. "messages" leaves out the per-buffer vring and
 * doorbell events (4 of the 6 events a message costs the tracer): what a user reading the
 * messages, endpoint names, drops and waits needs, and nothing per buffer.
 */
static const struct {
	const char *name;
	const char *events;
} presets[] = {
	{"all", "*"},
	{"messages", "msg_send,msg_recv,ns_announce,ept_create,ept_destroy,tx_wait,drop"},
};

void record_usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace record [OPTIONS] [-- COMMAND [ARGS...]]\n"
		"\n"
		"Record rpmsg events (LTTng-UST provider \"rpmsg\") into an LTTng trace, with\n"
		"liblttng-ctl. Starts lttng-sessiond if none runs. With COMMAND, runs it with the\n"
		"provider library preloaded and records until it exits; without, records until\n"
		"Ctrl-C or --duration (programs to trace must then be started with\n"
		"LD_PRELOAD=librpmsg-tp.so themselves). Each event carries the vpid, vtid and\n"
		"procname contexts.\n"
		"\n"
		"Options:\n"
		"  -o, --output DIR        write the trace to DIR (created; must be empty)\n"
		"                          default: ./rpmsg-trace-YYYYmmdd-HHMMSS\n"
		"      --url URL           stream to lttng-relayd at URL instead:\n"
		"                          net://HOST[:CONTROL_PORT[:DATA_PORT]]\n"
		"      --live              live session through lttng-relayd (URL default %s)\n"
		"      --live-timer US     live flush period in microseconds (default %u)\n"
		"      --session NAME      LTTng session name (default rpmsg-trace-PID)\n"
		"      --buffer-size SIZE  ring buffer per CPU, with K/M/G suffix (default 16M,\n"
		"                          minimum 16K); raise it when events are discarded\n"
		"      --events LIST       comma-separated events (default all: rpmsg:*), e.g.\n"
		"                          msg_send,msg_recv or rpmsg:drop\n"
		"      --preset NAME       a named event list (adds to --events):\n"
		"                          all       every event (the default)\n"
		"                          messages  msg_send msg_recv ns_announce ept_create\n"
		"                                    ept_destroy tx_wait drop: no vring or\n"
		"                                    doorbell events: 2 events per message\n"
		"                                    instead of 6, half the trace bytes\n"
		"      --duration SECONDS  stop after SECONDS (COMMAND then gets SIGTERM)\n"
		"      --blocking          lose nothing: a traced program waits for buffer space\n"
		"                          (sets LTTNG_UST_ALLOW_BLOCKING=1 for COMMAND)\n"
		"      --sessiond-log FILE output of an lttng-sessiond started by this command\n"
		"                          (default: $TMPDIR/rpmsg-trace-sessiond.log)\n"
		"  -h, --help              this text\n"
		"\n"
		"Events: vring_add vring_get mbox_kick mbox_rx msg_send msg_recv ns_announce\n"
		"        ept_create ept_destroy tx_wait drop\n"
		"Environment: RPMSG_TP_LIBRARY overrides the path of librpmsg-tp.so.\n"
		"Exit status: 0 recorded, 1 error (or COMMAND failed), 2 bad usage,\n"
		"             3 events were discarded (the trace is incomplete),\n"
		"             4 COMMAND ran but no event was captured (stderr says why).\n"
		"\n"
		"Examples:\n"
		"  rpmsg-trace record -o /tmp/trace -- rpmsg-sim demo --duration 5\n"
		"  rpmsg-trace record -o /tmp/trace --blocking -- ./my-host-app\n"
		"  rpmsg-trace record -o /tmp/trace --events msg_send,msg_recv,drop --duration 10\n"
		"  rpmsg-trace record -o /tmp/trace --preset messages -- ./my-host-app\n"
		"  lttng-relayd --daemonize; rpmsg-trace record --live --session demo -- rpmsg-sim "
		"demo\n"
		"  babeltrace2 --input-format=lttng-live net://127.0.0.1/host/$(hostname)/demo\n",
		RECORD_DEFAULT_LIVE_URL, RECORD_DEFAULT_LIVE_TIMER_US);
}

static int event_index(const char *name, size_t len)
{
	for (int i = 1; i < RPMSG_EV_TYPE_COUNT; i++)
		if (strlen(event_names[i]) == len && !strncmp(event_names[i], name, len))
			return i;
	return -1;
}

/* "msg_send,rpmsg:drop" or "*" / "rpmsg:*"; Return: 0 or -EINVAL (reported). */
static int parse_events(const char *list, struct record_options *opts)
{
	const char *item = list;

	if (!*list)
		return refuse("--events needs at least one event name");
	while (*item) {
		size_t item_len = strcspn(item, ",");
		const char *name = item;
		size_t len = item_len;

		if (len > 6 && !strncmp(name, "rpmsg:", 6)) {
			name += 6;
			len -= 6;
		}
		if (len == 1 && name[0] == '*') {
			opts->all_events = true;
		} else {
			int idx = event_index(name, len);

			if (idx < 0)
				return refuse(
					"unknown event '%.*s' in --events (known: vring_add "
					"vring_get mbox_kick mbox_rx msg_send msg_recv ns_announce "
					"ept_create ept_destroy tx_wait drop, or *)",
					(int)item_len, item);
			opts->events[idx] = true;
		}
		item += item_len;
		if (*item == ',')
			item++;
	}
	return 0;
}

static char *absolute_path(const char *path)
{
	char cwd[PATH_MAX];
	char *abs;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	if (asprintf(&abs, "%s/%s", cwd, path) < 0)
		return NULL;
	return abs;
}

/* The CUSTOM rows: a list, a name and a size with their own checks. */
static int apply_events(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			const char *label, const char *value, void *dest)
{
	struct record_options *opts = dest;

	(void)set, (void)opt, (void)label;
	opts->events_given = true;
	return parse_events(value, opts);
}

static int apply_preset(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			const char *label, const char *value, void *dest)
{
	struct record_options *opts = dest;

	(void)set, (void)opt, (void)label;
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (strcmp(value, presets[i].name))
			continue;
		opts->events_given = true;
		return parse_events(presets[i].events, opts);
	}
	return refuse("unknown --preset '%s' (known: all, messages)", value);
}

static int apply_session(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			 const char *label, const char *value, void *dest)
{
	(void)set, (void)opt, (void)label;
	if (!*value || strchr(value, '/'))
		return refuse("bad session name '%s'", value);
	((struct record_options *)dest)->name = value;
	return 0;
}

static int apply_buffer_size(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			     const char *label, const char *value, void *dest)
{
	struct record_options *opts = dest;

	(void)set, (void)opt, (void)label;
	if (rpmsg_parse_size(value, &opts->buffer_size))
		return refuse("--buffer-size '%s' is not a size (e.g. 512K, 16M)", value);
	if (opts->buffer_size < RECORD_MIN_BUFFER_SIZE)
		return refuse(
			"--buffer-size %s is too small (minimum 16K: 4 sub-buffers of a page)",
			value);
	return 0;
}

#define F(FIELD) RPMSG_OPT_FIELD(struct record_options, FIELD)
/* Long only but -o and -h: -n, -b, -e and -d mean iterations, batch, endpoint, delay elsewhere. */
static const struct rpmsg_option record_option_rows[] = {
	{"output", 'o', RPMSG_OPT_STRING, F(output_arg)},
	{"url", 0, RPMSG_OPT_STRING, F(url)},
	{"live", 0, RPMSG_OPT_FLAG, F(live)},
	{"live-timer", 0, RPMSG_OPT_UINT, F(live_timer_us), .min = 1, .max = UINT32_MAX,
	 .what = "a positive number of microseconds"},
	{"session", 0, RPMSG_OPT_CUSTOM, .apply = apply_session},
	{"name", 0, RPMSG_OPT_CUSTOM, .apply = apply_session}, /* the old name of --session */
	{"buffer-size", 0, RPMSG_OPT_CUSTOM, .apply = apply_buffer_size},
	{"events", 0, RPMSG_OPT_CUSTOM, .apply = apply_events},
	{"preset", 0, RPMSG_OPT_CUSTOM, .apply = apply_preset},
	{"duration", 0, RPMSG_OPT_SECONDS, F(duration_s), .max = 1e9,
	 .what = "a positive number of seconds"},
	{"blocking", 0, RPMSG_OPT_FLAG, F(blocking)},
	{"sessiond-log", 0, RPMSG_OPT_STRING, F(sessiond_log)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

/*
 * Where the trace goes: --url/--live, or the absolute path of -o (default a dated directory).
 * Return: 0, or -EINVAL after one error line.
 */
static int choose_output(struct record_options *opts, const char *output)
{
	char name[64];

	if (opts->url && strncmp(opts->url, "net://", 6) && strncmp(opts->url, "net6://", 7) &&
	    strncmp(opts->url, "tcp://", 6) && strncmp(opts->url, "tcp6://", 7))
		return refuse("--url '%s' is not net://HOST[:PORT[:PORT]]", opts->url);
	if (output && (opts->url || opts->live))
		return refuse("-o writes a local trace; it cannot be combined with --url or --live "
			      "(the relayd chooses where the trace goes)");
	if (opts->live && !opts->url)
		opts->url = RECORD_DEFAULT_LIVE_URL;
	if (opts->url)
		return 0;
	if (!output) {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(name, sizeof(name), "rpmsg-trace-%Y%m%d-%H%M%S", &tm);
		output = name;
	}
	opts->output = absolute_path(output);
	if (!opts->output)
		return refuse("cannot make '%s' absolute: %s", output, strerror(errno));
	return 0;
}

int record_options_parse(int argc, char **argv, struct record_options *opts)
{
	static const struct rpmsg_option_set set = {
		.tool = "rpmsg-trace record",
		.options = record_option_rows,
		.command_hint = "put the command to trace after '--'",
		.usage = record_usage,
	};
	int first, err;

	memset(opts, 0, sizeof(*opts));
	opts->buffer_size = RECORD_DEFAULT_BUFFER_SIZE;
	opts->live_timer_us = RECORD_DEFAULT_LIVE_TIMER_US;
	err = rpmsg_options_parse(&set, argc, argv, opts, &first);
	if (err == RPMSG_OPTIONS_HELP) {
		opts->help = true;
		return 0;
	}
	if (err)
		return -EINVAL;
	if (first < argc)
		opts->command = &argv[first];
	if (!opts->events_given)
		opts->all_events = true;
	return choose_output(opts, opts->output_arg);
}

void record_options_free(struct record_options *opts)
{
	free(opts->output);
	opts->output = NULL;
}
