// SPDX-License-Identifier: MIT
/*
 * decode/report --kmsg: the rpmsg lines of a kernel log become a CTF trace in a private
 * temporary directory, which the ordinary decode/report graph then reads. Going through CTF
 * (written by libbabeltrace2, rpmsg-ctf-writer) means the output is exactly that of a recorded
 * trace: same components, same names, same decoders. See trace_graph.h for the contract.
 */
#define _GNU_SOURCE /* nftw */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <rpmsg-scope/kmsg.h>

#include "ctf_writer.h"
#include "trace_graph.h"

/* /dev/kmsg (Documentation/admin-guide/devices.txt: 1 char, minor 11). */
#define KMSG_MAJOR 1
#define KMSG_MINOR 11

/* Write queued events to disk every so many, so a long log never sits in memory. */
#define FLUSH_EVERY 4096

static volatile sig_atomic_t caught_signal;
static bt_interrupter *interrupter;

struct kmsg_trace {
	struct ctf_writer *writer;
	int error; /* first ctf_writer error, a negative errno */
	uint64_t pending;
};

static void on_signal(int sig)
{
	caught_signal = sig;
	if (interrupter)
		bt_interrupter_set(interrupter); /* what babeltrace2's own CLI does on SIGINT */
}

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define STOP_SIGNALS (sizeof(stop_signals) / sizeof(stop_signals[0]))

/* A signal ignored by whoever started us (nohup, a background job) stays ignored. */
static void catch_signals(struct sigaction *saved)
{
	struct sigaction sa = {.sa_handler = on_signal};

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < STOP_SIGNALS; i++) {
		sigaction(stop_signals[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(stop_signals[i], &sa, NULL);
	}
}

static void restore_signals(const struct sigaction *saved)
{
	for (size_t i = 0; i < STOP_SIGNALS; i++)
		sigaction(stop_signals[i], &saved[i], NULL);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int on_event(const struct rpmsg_event *ev, const struct rpmsg_kmsg_event_info *info,
		    void *ctx)
{
	struct kmsg_trace *t = ctx;
	int err;

	(void)info; /* truncation shows in the event itself: captured < len */
	if (caught_signal)
		return -EINTR;
	err = ctf_writer_add(t->writer, ev);
	if (!err && ++t->pending == FLUSH_EVERY) {
		t->pending = 0;
		err = ctf_writer_flush(t->writer);
	}
	if (err)
		t->error = err;
	return err;
}

/* Problems with the log we can name before reading it. Return: 0 or an exit status. */
static int check_log(const struct trace_graph_options *o)
{
	struct stat st;

	if (!strcmp(o->kmsg, "-"))
		return 0;
	if (stat(o->kmsg, &st)) {
		fprintf(stderr, "rpmsg-trace %s: cannot read kernel log %s: %s\n", o->command,
			o->kmsg, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr,
			"rpmsg-trace %s: %s is a directory; --kmsg takes a kernel log file "
			"(dmesg > FILE), a CTF trace directory is given without --kmsg\n",
			o->command, o->kmsg);
		return 1;
	}
	if (S_ISCHR(st.st_mode) && major(st.st_rdev) == KMSG_MAJOR &&
	    minor(st.st_rdev) == KMSG_MINOR) {
		/* /dev/kmsg never ends: reading it here would wait for ever. */
		fprintf(stderr,
			"rpmsg-trace %s: %s is a device that never ends; save the log first "
			"(dmesg > FILE) and give that file\n",
			o->command, o->kmsg);
		return 1;
	}
	return 0;
}

static void print_stats(const struct trace_graph_options *o, const struct rpmsg_kmsg_stats *s)
{
	const char *name = strcmp(o->kmsg, "-") ? o->kmsg : "standard input";

	fprintf(stderr,
		"rpmsg-trace %s: %s: %" PRIu64 " lines: %" PRIu64 " rpmsg, %" PRIu64
		" other (skipped), %" PRIu64 " malformed; %" PRIu64 " events, %" PRIu64
		" truncated dumps",
		o->command, name, s->lines, s->rpmsg_lines, s->skipped_lines, s->malformed_lines,
		s->events, s->truncated_dumps);
	if (s->orphaned_lines)
		fprintf(stderr, ", %" PRIu64 " orphaned dump lines (log started mid-message?)",
			s->orphaned_lines);
	if (s->oversized_msgs)
		fprintf(stderr, ", %" PRIu64 " messages longer than a 512-byte buffer (not shown)",
			s->oversized_msgs);
	if (s->lost_records)
		fprintf(stderr, ", %" PRIu64 " records lost by the kernel", s->lost_records);
	fputc('\n', stderr);
	if (!s->rpmsg_lines)
		fprintf(stderr,
			"rpmsg-trace %s: no rpmsg lines in this log: was the kernel's rpmsg debug "
			"output on (rpmsg-ddebug on rpmsg)?\n",
			o->command);
	if (s->truncated_dumps && o->output == TRACE_GRAPH_PRINT)
		fprintf(stderr,
			"rpmsg-trace %s: messages whose hex dump was cut short are marked "
			"[truncated: N of M bytes captured]\n",
			o->command);
}

/*
 * A log with no event but lines we could not use is an error: printing an empty result would
 * read as "no traffic". A log without any rpmsg line (debug output off) is not: it says so.
 */
static bool nothing_decodable(const struct rpmsg_kmsg_stats *s)
{
	return !s->events && (s->malformed_lines || s->orphaned_lines || s->oversized_msgs);
}

/* Parse the log into a trace at @dir. Return: 0 or an exit status (message printed). */
static int write_trace(const struct trace_graph_options *o, const char *dir,
		       struct rpmsg_kmsg_stats *stats)
{
	static const struct ctf_writer_config config = {
		.clock = CTF_WRITER_CLOCK_BOOT,
		.name = "rpmsg-kmsg",
		.tracer_name = "rpmsg-scope-kmsg",
	};
	struct kmsg_trace t = {0};
	struct rpmsg_kmsg_parser *parser = NULL;
	int err, close_err;

	err = ctf_writer_open_config(dir, &config, &t.writer);
	if (err) {
		fprintf(stderr, "rpmsg-trace %s: %s\n", o->command, ctf_writer_error());
		return 1;
	}
	err = rpmsg_kmsg_parser_new(on_event, &t, &parser);
	if (!err)
		err = rpmsg_kmsg_read_file(parser, o->kmsg);
	if (parser)
		rpmsg_kmsg_parser_get_stats(parser, stats);
	rpmsg_kmsg_parser_free(parser);
	close_err = ctf_writer_close(t.writer);
	if (caught_signal)
		return 130;
	if (t.error || (!err && close_err)) {
		fprintf(stderr, "rpmsg-trace %s: %s\n", o->command, ctf_writer_error());
		return 1;
	}
	if (err) {
		fprintf(stderr, "rpmsg-trace %s: cannot read kernel log %s: %s\n", o->command,
			strcmp(o->kmsg, "-") ? o->kmsg : "from standard input", strerror(-err));
		return 1;
	}
	return 0;
}

int rpmsg_trace_kmsg_run(const struct trace_graph_options *options)
{
	struct trace_graph_options o = *options;
	struct rpmsg_kmsg_stats stats = {0};
	struct sigaction saved[STOP_SIGNALS];
	const char *tmp = getenv("TMPDIR");
	char *root = NULL, *dir = NULL;
	int status = check_log(options);

	if (status)
		return status;
	if (asprintf(&root, "%s/rpmsg-trace-kmsg.XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0) {
		fprintf(stderr, "rpmsg-trace %s: out of memory\n", o.command);
		return 1;
	}
	interrupter = bt_interrupter_create();
	/* Catch signals before the directory exists: it is removed whatever happens next. */
	catch_signals(saved);
	if (!interrupter || !mkdtemp(root) || asprintf(&dir, "%s/trace", root) < 0) {
		fprintf(stderr, "rpmsg-trace %s: cannot create a temporary directory %s: %s\n",
			o.command, root, interrupter ? strerror(errno) : "out of memory");
		rmdir(root); /* made when only asprintf() failed */
		restore_signals(saved);
		bt_interrupter_put_ref(interrupter);
		interrupter = NULL;
		free(root);
		return 1;
	}
	status = write_trace(&o, dir, &stats);
	if (!status && nothing_decodable(&stats)) {
		print_stats(&o, &stats);
		fprintf(stderr,
			"rpmsg-trace %s: %s: nothing decodable, only malformed or orphaned lines "
			"(a corrupt log, or not a kernel log)\n",
			o.command, strcmp(o.kmsg, "-") ? o.kmsg : "standard input");
		status = 1;
	} else if (!status) {
		o.trace = dir;
		o.label = strcmp(o.kmsg, "-") ? o.kmsg : "standard input";
		o.interrupter = interrupter;
		status = rpmsg_trace_graph_run(&o);
		fflush(stdout);
		if (status != 130)
			print_stats(&o, &stats);
	}
	if (nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS))
		fprintf(stderr, "rpmsg-trace %s: could not remove the temporary trace %s: %s\n",
			o.command, root, strerror(errno));
	free(dir);
	free(root);
	restore_signals(saved);
	bt_interrupter_put_ref(interrupter);
	interrupter = NULL;
	if (caught_signal) {
		/* Clean up done: end as the signal would have ended us (quietly for SIGPIPE). */
		signal(caught_signal, SIG_DFL);
		raise(caught_signal);
	}
	return status;
}
