// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace record: record rpmsg events into an LTTng trace (local directory, or lttng-relayd,
 * optionally live), through liblttng-ctl. See record_usage() for the user's view.
 *
 * Steps: parse options -> check the output directory -> make sure lttng-sessiond runs -> create
 * and start the session -> run COMMAND with the provider preloaded (or wait for Ctrl-C /
 * --duration) -> stop and read the discarded-event count -> destroy the session (the trace is
 * then complete) -> tell the user where the trace is and what was lost.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/clock.h>

#include "record_options.h"
#include "session.h"
#include "sessiond.h"
#include "traced_child.h"
#ifdef RPMSG_RECORD_COUNTS_EVENTS
#include "trace_graph.h"
#endif

int rpmsg_trace_cmd_record(int argc, char **argv);

enum record_exit {
	RECORD_EXIT_OK = 0,
	RECORD_EXIT_ERROR = 1,
	RECORD_EXIT_USAGE = 2,
	RECORD_EXIT_DISCARDED = 3,
	RECORD_EXIT_EMPTY = 4, /* the trace holds no event: said why on stderr */
};

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t stop_from_terminal;

static void on_stop_signal(int signo, siginfo_t *info, void *context)
{
	(void)context;
	if (stop_signal)
		return;
	/* The terminal sends Ctrl-C to the whole foreground group, the child included. */
	stop_from_terminal = info && info->si_code == SI_KERNEL;
	stop_signal = signo;
}

static void install_stop_handlers(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_sigaction = on_stop_signal;
	action.sa_flags = SA_SIGINFO;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
}

/* mkdir -p: Return 0 or -errno. */
static int make_directories(const char *path)
{
	char *copy = strdup(path);
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (char *p = copy + 1; !ret; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST)
			ret = -errno;
		*p = saved;
		if (!saved)
			break;
	}
	free(copy);
	return ret;
}

/*
 * The trace directory must be writable and empty: LTTng would otherwise mix this trace with
 * whatever is there, and readers would see two traces as one.
 */
static int prepare_output_dir(const char *path)
{
	struct dirent *entry;
	struct stat st;
	DIR *dir;
	int ret;

	ret = make_directories(path);
	if (!ret && (stat(path, &st) || !S_ISDIR(st.st_mode)))
		ret = -ENOTDIR;
	if (!ret && access(path, W_OK | X_OK))
		ret = -errno;
	if (ret) {
		fprintf(stderr, "rpmsg-trace record: cannot write the trace to '%s': %s\n", path,
			strerror(-ret));
		return ret;
	}
	dir = opendir(path);
	if (!dir) {
		ret = -errno;
		fprintf(stderr, "rpmsg-trace record: cannot read '%s': %s\n", path, strerror(-ret));
		return ret;
	}
	while ((entry = readdir(dir))) {
		if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) {
			ret = -EEXIST;
			break;
		}
	}
	closedir(dir);
	if (ret)
		fprintf(stderr,
			"rpmsg-trace record: '%s' is not empty; give -o a new or empty "
			"directory so traces are not mixed\n",
			path);
	return ret;
}

static void format_size(uint64_t bytes, char *buf, size_t size)
{
	if (bytes >= (1ull << 30) && !(bytes % (1ull << 30)))
		snprintf(buf, size, "%lluG", (unsigned long long)(bytes >> 30));
	else if (bytes >= (1ull << 20) && !(bytes % (1ull << 20)))
		snprintf(buf, size, "%lluM", (unsigned long long)(bytes >> 20));
	else if (bytes >= (1ull << 10) && !(bytes % (1ull << 10)))
		snprintf(buf, size, "%lluK", (unsigned long long)(bytes >> 10));
	else
		snprintf(buf, size, "%llu", (unsigned long long)bytes);
}

static void wait_for_stop(double duration_s)
{
	const struct timespec interval = {0, 50000000L};
	double deadline = rpmsg_now_s() + duration_s;

	while (!stop_signal) {
		nanosleep(&interval, NULL);
		if (duration_s > 0 && rpmsg_now_s() >= deadline)
			break;
	}
}

static void report_where(const struct record_options *opts, const struct record_session *session)
{
	char host[256] = "HOSTNAME";

	gethostname(host, sizeof(host) - 1);
	if (opts->output) {
		fprintf(stderr,
			"rpmsg-trace record: trace written to %s\n"
			"rpmsg-trace record: read it with: rpmsg-trace report %s   or: "
			"babeltrace2 %s\n",
			opts->output, opts->output, opts->output);
		return;
	}
	fprintf(stderr,
		"rpmsg-trace record: trace sent to lttng-relayd at %s; the relayd keeps it "
		"in its output directory under %s/%s-<date>-<time>\n",
		opts->url, host, session->name);
}

static uint64_t tree_size(const char *path, int depth);

/* count_events() could not count (no babeltrace2 here, or the trace is unreadable). */
#define EVENTS_UNKNOWN UINT64_MAX

/*
 * count_events() - the events in the local trace @dir, read as report reads them
 *
 * An empty recording must not look like a quiet one: "trace written" followed by a report with
 * no rows. Reading the trace is the only exact count (LTTng counts discarded events, not kept
 * ones). report's output and warnings are not the user's business here: both go to /dev/null.
 * Return: the count; 0 also when no program registered with the session (no trace under @dir);
 * EVENTS_UNKNOWN when it cannot be read.
 */
static uint64_t count_events(const char *dir)
{
	uint64_t events = EVENTS_UNKNOWN;
#ifdef RPMSG_RECORD_COUNTS_EVENTS
	struct trace_graph_options go = {
		.command = "report",
		.trace = dir,
		.output = TRACE_GRAPH_STATS,
		.json = true,
		.events_read = &events,
	};
	int out, err, null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int status;

	if (null < 0)
		return EVENTS_UNKNOWN;
	fflush(NULL);
	out = dup(STDOUT_FILENO);
	err = dup(STDERR_FILENO);
	if (out < 0 || err < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0) {
		events = EVENTS_UNKNOWN;
		goto restore;
	}
	status = rpmsg_trace_graph_run(&go);
	fflush(NULL);
	/* no file at all: no traced program ever registered with the session */
	if (status)
		events = tree_size(dir, 0) ? EVENTS_UNKNOWN : 0;
restore:
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (err >= 0) {
		dup2(err, STDERR_FILENO);
		close(err);
	}
	close(null);
#else
	(void)dir;
#endif
	return events;
}

/*
 * report_empty() - a recording with no event: the likely reasons, in one line, for what was
 * traced (COMMAND, or programs the user started).
 */
static void report_empty(const struct record_options *opts)
{
	if (opts->command)
		fprintf(stderr,
			"rpmsg-trace record: 0 events captured in %s: '%s' sent no rpmsg traffic "
			"or does not use librpmsgbus (the rpmsg provider was preloaded into "
			"it)%s\n",
			opts->output, opts->command[0],
			opts->events_given ? ", or --events left out what it did" : "");
	else
		fprintf(stderr,
			"rpmsg-trace record: warning: 0 events captured in %s: no traced program "
			"sent rpmsg "
			"traffic (start them with LD_PRELOAD=%s while recording)%s\n",
			opts->output,
			provider_library_path() ? provider_library_path() : "librpmsg-tp.so",
			opts->events_given ? ", or --events left out what they did" : "");
}

/* Bytes in the regular files under @path (the trace's stream and metadata files). */
static uint64_t tree_size(const char *path, int depth)
{
	struct dirent *entry;
	uint64_t total = 0;
	struct stat st;
	DIR *dir;

	if (lstat(path, &st))
		return 0;
	if (S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
	if (!S_ISDIR(st.st_mode) || depth > 8 || !(dir = opendir(path)))
		return 0;
	while ((entry = readdir(dir))) {
		char child[4096];

		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		if ((size_t)snprintf(child, sizeof(child), "%s/%s", path, entry->d_name) <
		    sizeof(child))
			total += tree_size(child, depth + 1);
	}
	closedir(dir);
	return total;
}

/**
 * report_disk_full() - after the session ended, tell a full file system from other failures.
 * @opts: the options (only a local -o directory can fill up here)
 * @subbuf_size: the consumer writes whole sub-buffers: less free space than one is "full"
 *
 * LTTng's consumer hits ENOSPC in its own process and reports only "Rotation failure on
 * consumer" (or nothing) to us, so look at the output's file system itself.
 *
 * Return: true if the file system is full (the message is printed).
 */
static bool report_disk_full(const struct record_options *opts, uint64_t subbuf_size)
{
	struct statvfs fs;

	if (!opts->output || statvfs(opts->output, &fs))
		return false;
	if ((uint64_t)fs.f_bavail * fs.f_frsize >= subbuf_size && fs.f_favail)
		return false;
	fprintf(stderr,
		"rpmsg-trace record: disk full: the trace in %s is incomplete after %llu bytes "
		"(events recorded after the file system filled up are lost)\n",
		opts->output, (unsigned long long)tree_size(opts->output, 0));
	return true;
}

static void report_discarded(const struct record_options *opts, uint64_t discarded,
			     uint64_t lost_packets)
{
	char now[32], suggestion[32];
	uint64_t bigger = opts->buffer_size * 8;

	if (bigger < (64ull << 20))
		bigger = 64ull << 20;
	format_size(opts->buffer_size, now, sizeof(now));
	format_size(bigger, suggestion, sizeof(suggestion));
	fprintf(stderr,
		"\n"
		"rpmsg-trace record: WARNING: %llu EVENTS DISCARDED",
		(unsigned long long)discarded);
	if (lost_packets)
		fprintf(stderr, " AND %llu PACKETS LOST", (unsigned long long)lost_packets);
	fprintf(stderr,
		" - the ring buffer was full; THE TRACE IS INCOMPLETE.\n"
		"rpmsg-trace record: WARNING: record again with a bigger buffer "
		"(--buffer-size %s; now %s per CPU) or with --blocking to lose nothing.\n\n",
		suggestion, now);
}

int rpmsg_trace_cmd_record(int argc, char **argv)
{
	struct record_session session = {0};
	uint64_t discarded = 0, lost_packets = 0, captured;
	struct record_options opts;
	char subbuf[32], total[32];
	bool command_failed = false;
	int exit_code = RECORD_EXIT_ERROR;
	int ret;

	memset(&session, 0, sizeof(session));
	if (record_options_parse(argc, argv, &opts))
		return RECORD_EXIT_USAGE;
	if (opts.help) /* the parser printed the usage */
		return RECORD_EXIT_OK;
	if (opts.output && prepare_output_dir(opts.output))
		goto free_options;
	if (opts.command && !provider_library_path()) {
		fprintf(stderr, "rpmsg-trace record: cannot find librpmsg-tp.so (the rpmsg LTTng "
				"provider); set RPMSG_TP_LIBRARY to its path\n");
		goto free_options;
	}
	/*
	 * liblttng-ctl writes to sockets whose other end may be gone (a session daemon that cannot
	 * reach a relay daemon closes the connection): get EPIPE, not a silent death.
	 */
	signal(SIGPIPE, SIG_IGN);
	if (sessiond_ensure(opts.sessiond_log) < 0)
		goto free_options;

	install_stop_handlers();
	ret = record_session_create(&session, &opts);
	if (!ret)
		ret = record_session_start(&session);
	if (ret) {
		record_session_destroy(&session);
		record_session_print_failure(&session);
		goto free_options;
	}

	format_size(session.subbuf_size, subbuf, sizeof(subbuf));
	format_size(session.subbuf_size * session.num_subbuf, total, sizeof(total));
	fprintf(stderr,
		"rpmsg-trace record: recording session %s%s to %s (buffers %llu x %s = %s "
		"per CPU%s)\n",
		session.name, opts.live ? " (live)" : "", opts.output ? opts.output : opts.url,
		(unsigned long long)session.num_subbuf, subbuf, total,
		opts.blocking ? ", blocking" : "");
	if (opts.command) {
		if (!stop_signal) {
			ret = traced_child_run(opts.command, opts.blocking, opts.duration_s,
					       &stop_signal, &stop_from_terminal);
			if (ret > 0)
				fprintf(stderr, "rpmsg-trace record: '%s' exited with status %d\n",
					opts.command[0], ret);
			command_failed = ret != 0;
		}
	} else {
		if (opts.duration_s > 0)
			fprintf(stderr,
				"rpmsg-trace record: recording for %g s (Ctrl-C stops "
				"earlier)\n",
				opts.duration_s);
		else
			fprintf(stderr,
				"rpmsg-trace record: recording until Ctrl-C; programs to "
				"trace need LD_PRELOAD=%s\n",
				provider_library_path() ? provider_library_path()
							: "librpmsg-tp.so");
		wait_for_stop(opts.duration_s);
	}

	ret = record_session_stop(&session, &discarded, &lost_packets);
	if (record_session_destroy(&session) || ret) {
		/* a full disk is the reason, not LTTng's "Rotation failure on consumer" */
		if (!report_disk_full(&opts, session.subbuf_size))
			record_session_print_failure(&session);
		goto free_options;
	}
	if (report_disk_full(&opts, session.subbuf_size))
		goto free_options;

	/* a relayd keeps the trace elsewhere: only a local one can be counted */
	captured = opts.output ? count_events(opts.output) : EVENTS_UNKNOWN;
	report_where(&opts, &session);
	if (captured == 0)
		report_empty(&opts);
	else if (captured != EVENTS_UNKNOWN)
		fprintf(stderr, "rpmsg-trace record: %llu events captured\n",
			(unsigned long long)captured);
	fprintf(stderr, "rpmsg-trace record: %llu events discarded%s\n",
		(unsigned long long)discarded,
		session.discarded_count_implausible
			? " (approximate: LTTng reported an impossible count with bit 63 set)"
			: "");
	if (discarded || lost_packets) {
		report_discarded(&opts, discarded, lost_packets);
		exit_code = RECORD_EXIT_DISCARDED;
	} else if (command_failed) {
		exit_code = RECORD_EXIT_ERROR;
	} else {
		/*
		 * A COMMAND that ran to its end and traced nothing: the recording missed its
		 * purpose. Without one, a quiet period recorded on purpose is a result: the
		 * warning line is enough.
		 */
		exit_code = captured == 0 && opts.command ? RECORD_EXIT_EMPTY : RECORD_EXIT_OK;
	}
free_options:
	record_options_free(&opts);
	return exit_code;
}
