// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace record --bpf: what the BPF programs see, written to a CTF trace (ctf_writer.h)
 * with the same event names and fields as the LTTng traces, so the same decoders read it.
 * Ring buffer overflows become discarded-events records in the trace and are reported.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/clock.h>

#include "bpf_options.h"
#include "bus_seed.h"
#include "ctf_writer.h"

#define DEFAULT_RING_BYTES (8u << 20)
#define TOOL		   "rpmsg-trace record"

struct record_options {
	struct rpmsg_bpf_options bpf; /* the options live takes too */
	bool bpf_given;		      /* --bpf: how the front end got here */
	const char *out_dir;
	char **command;
};

struct record_state {
	struct ctf_writer *writer;
	int error;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace record --bpf -o DIR [OPTIONS] [-- COMMAND [ARGS...]]\n"
		"Record what the rpmsg BPF programs see into a CTF trace in DIR (needs root).\n"
		"With a COMMAND, run it and stop when it exits; otherwise stop on Ctrl-C or after\n"
		"--duration. The programs see every process that uses the library, not only\n"
		"COMMAND: narrow them with --bus or -p.\n\n"
		"  -o, --output DIR      trace directory (must not exist or be empty)\n");
	rpmsg_bpf_options_usage(out, DEFAULT_RING_BYTES);
	fprintf(out,
		"\nEvents lost to a full ring buffer are written as discarded events and "
		"reported.\n"
		"Channels announced before it started are written first, as the ept_create and\n"
		"ns_announce events that named them (from the bus's directory).\n\n"
		"Examples:\n"
		"  rpmsg-trace record --bpf -o /tmp/trace -- rpmsg-sim demo --messages 1000\n"
		"  rpmsg-trace record --bpf -o /tmp/trace --duration 10 -p $(pidof my-host)\n"
		"  rpmsg-trace record --bpf --kernel --device-id 2 -o /tmp/blk --duration 5\n"
		"  babeltrace2 /tmp/trace\n");
}

static const struct rpmsg_option record_bpf_option_rows[] = {
	{"bpf", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct record_options, bpf_given)},
	{"output", 'o', RPMSG_OPT_STRING, RPMSG_OPT_FIELD(struct record_options, out_dir)},
	RPMSG_BPF_OPTION_ROWS(struct record_options),
	RPMSG_OPTION_END,
};

/* Return: 0 to run, 1 after --help, -EINVAL on bad options. */
static int parse_options(int argc, char **argv, struct record_options *opt)
{
	static const struct rpmsg_option_set set = {
		.tool = TOOL,
		.options = record_bpf_option_rows,
		.wording = RPMSG_OPT_WORDING_REASON,
		.stop_at_operand = true, /* the command to run */
		.usage = usage,
	};
	int first, err;

	*opt = (struct record_options){0};
	rpmsg_bpf_options_init(&opt->bpf, DEFAULT_RING_BYTES);
	err = rpmsg_options_parse(&set, argc, argv, opt, &first);
	if (err)
		return err > 0 ? 1 : -EINVAL;
	if (first < argc)
		opt->command = argv + first;
	if (!opt->out_dir) {
		fprintf(stderr, TOOL ": --bpf needs an output directory (-o DIR)\n");
		return -EINVAL;
	}
	return rpmsg_bpf_options_check(&opt->bpf, TOOL);
}

/* The output directory must not exist, or be empty: a trace is never mixed with others. */
static int check_output_dir(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			closedir(d);
			return -EEXIST;
		}
	}
	closedir(d);
	return 0;
}

static void on_event(const struct rpmsg_event *ev, void *priv)
{
	struct record_state *st = priv;

	if (!st->error)
		st->error = ctf_writer_add(st->writer, ev);
}

static pid_t start_command(char **command)
{
	pid_t pid = fork();

	if (pid == 0) {
		execvp(command[0], command);
		fprintf(stderr, "rpmsg-trace record: cannot run %s: %s\n", command[0],
			strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Tell the writer about ring buffer records lost since the last call. */
static void account_lost(struct rpmsg_bpf_monitor *mon, struct ctf_writer *w, uint64_t *seen)
{
	struct rpmsg_bpf_stats stats;

	if (rpmsg_bpf_stats(mon, &stats) || stats.lost <= *seen)
		return;
	ctf_writer_add_lost(w, stats.lost - *seen);
	*seen = stats.lost;
}

int rpmsg_trace_cmd_record_bpf(int argc, char **argv)
{
	struct rpmsg_bpf_monitor *mon = NULL;
	struct record_state st = {0};
	struct record_options opt;
	int err, status = 0, exit_code = 0;
	uint64_t lost = 0, written, seed_ns;
	pid_t child = 0;
	double start;

	err = parse_options(argc, argv, &opt);
	if (err)
		return err > 0 ? 0 : 2;
	err = check_output_dir(opt.out_dir);
	if (err) {
		fprintf(stderr, "rpmsg-trace record: %s: %s\n", opt.out_dir,
			err == -EEXIST ? "exists and is not empty" : strerror(-err));
		return 1;
	}
	/* before attaching: the seeded events must not come after the first recorded one */
	seed_ns = rpmsg_now_ns();
	if (rpmsg_bpf_open(&opt.bpf, opt.bpf.ring_bytes, RPMSG_BPF_EVENTS_ALL, on_event, &st, TOOL,
			   &mon))
		return 1;
	err = ctf_writer_open(opt.out_dir, &st.writer);
	if (err) {
		fprintf(stderr, "rpmsg-trace record: %s\n", ctf_writer_error());
		rpmsg_bpf_monitor_close(mon);
		return 1;
	}
	/* Channels announced before we attached: their names go first, or nothing names them. */
	if (!opt.bpf.kernel)
		rpmsg_bus_seed_events(opt.bpf.bus, seed_ns, on_event, &st);
	else
		rpmsg_bpf_kernel_seed_events(seed_ns, on_event, &st);
	rpmsg_bpf_stop_on_signals();
	if (opt.command) {
		child = start_command(opt.command);
		if (child < 0) {
			fprintf(stderr, "rpmsg-trace record: cannot start %s: %s\n", opt.command[0],
				strerror(errno));
			exit_code = 1;
			goto out;
		}
	}

	start = rpmsg_now_s();
	while (!rpmsg_bpf_stop_requested() && !st.error) {
		err = rpmsg_bpf_monitor_poll(mon, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "rpmsg-trace record: reading the ring buffer: %s\n",
				strerror(-err));
			exit_code = 1;
			break;
		}
		account_lost(mon, st.writer, &lost);
		if (ctf_writer_flush(st.writer)) {
			fprintf(stderr, "rpmsg-trace record: %s\n", ctf_writer_error());
			exit_code = 1;
			break;
		}
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			child = 0;
			break;
		}
		if (opt.bpf.duration_s > 0 && rpmsg_now_s() - start >= opt.bpf.duration_s)
			break;
	}
	/* Whatever is still in the ring belongs to the trace. */
	while (!st.error && rpmsg_bpf_monitor_poll(mon, 0) > 0)
		;
	account_lost(mon, st.writer, &lost);
out:
	if (st.error) {
		fprintf(stderr, "rpmsg-trace record: %s\n", ctf_writer_error());
		exit_code = 1;
	}
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, &status, 0);
	}
	if (ctf_writer_flush(st.writer))
		exit_code = 1;
	written = ctf_writer_events(st.writer);
	if (ctf_writer_close(st.writer) || exit_code) {
		fprintf(stderr, "rpmsg-trace record: %s\n", ctf_writer_error());
		exit_code = 1;
	}
	fprintf(stderr, "rpmsg-trace record: %llu events written to %s, %llu lost%s\n",
		(unsigned long long)written, opt.out_dir, (unsigned long long)lost,
		lost ? " to a full ring buffer (try a bigger --ring-size)" : "");
	rpmsg_bpf_monitor_close(mon);
	if (!exit_code && opt.command && WIFEXITED(status) && WEXITSTATUS(status))
		fprintf(stderr, "rpmsg-trace record: %s exited with status %d\n", opt.command[0],
			WEXITSTATUS(status));
	return exit_code;
}
