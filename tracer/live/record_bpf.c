// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace record --bpf: what the BPF programs see, written to a CTF trace (ctf_writer.h)
 * with the same event names and fields as the LTTng traces, so the same decoders read it.
 * Ring buffer overflows become discarded-events records in the trace and are reported.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bpf_monitor.h"
#include "cli_args.h"
#include "ctf_writer.h"

#define DEFAULT_RING_BYTES (8u << 20)

struct record_options {
	const char *out_dir;
	bool kernel, verbose;
	pid_t pid;
	uint32_t endpoint, device_id;
	unsigned int capture;
	size_t ring_bytes;
	double duration_s;
	const char *bus, *lib;
	char **command;
};

struct record_state {
	struct ctf_writer *writer;
	int error;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace record --bpf -o DIR [OPTIONS] [-- COMMAND [ARGS...]]\n"
		"Record what the rpmsg BPF programs see into a CTF trace in DIR (needs root).\n"
		"With a COMMAND, run it and stop when it exits; otherwise stop on Ctrl-C or after\n"
		"--duration.\n\n"
		"  -o, --output DIR      trace directory (must not exist or be empty)\n"
		"  -k, --kernel          record the kernel's virtio rings instead of librpmsgbus\n"
		"      --device-id ID    kernel: virtio device type (default 7, rpmsg)\n"
		"  -p, --pid PID         only this process (bus program)\n"
		"  -e, --endpoint ADDR   only messages from or to this endpoint address\n"
		"  -b, --bus NAME        only this bus\n"
		"  -c, --capture BYTES   payload bytes per message (default 64, max %d)\n"
		"  -d, --duration SEC    stop after SEC seconds\n"
		"      --ring-size BYTES ring buffer size, a power of two (default %u)\n"
		"      --lib PATH        the librpmsgbus whose probes to attach\n"
		"  -v, --verbose         show libbpf's messages\n"
		"  -h, --help            this text\n\n"
		"Events lost to a full ring buffer are written as discarded events and "
		"reported.\n\n"
		"Examples:\n"
		"  rpmsg-trace record --bpf -o /tmp/trace -- rpmsg-sim demo --messages 1000\n"
		"  rpmsg-trace record --bpf -o /tmp/trace -d 10 -p $(pidof my-host)\n"
		"  rpmsg-trace record --bpf --kernel --device-id 2 -o /tmp/blk -d 5\n"
		"  babeltrace2 /tmp/trace\n",
		RPMSG_EVENT_PAYLOAD_MAX, DEFAULT_RING_BYTES);
}

static int bad(const char *what, const char *arg)
{
	fprintf(stderr, "rpmsg-trace record: invalid %s '%s'\n", what, arg);
	return -EINVAL;
}

/* Return: 0 to run, 1 after --help, -EINVAL on bad options. */
static int parse_options(int argc, char **argv, struct record_options *opt)
{
	enum { OPT_BPF = 256, OPT_DEVICE_ID, OPT_RING_SIZE, OPT_LIB };
	static const struct option longopts[] = {
		{"bpf", no_argument, NULL, OPT_BPF},
		{"output", required_argument, NULL, 'o'},
		{"kernel", no_argument, NULL, 'k'},
		{"device-id", required_argument, NULL, OPT_DEVICE_ID},
		{"pid", required_argument, NULL, 'p'},
		{"endpoint", required_argument, NULL, 'e'},
		{"bus", required_argument, NULL, 'b'},
		{"capture", required_argument, NULL, 'c'},
		{"duration", required_argument, NULL, 'd'},
		{"ring-size", required_argument, NULL, OPT_RING_SIZE},
		{"lib", required_argument, NULL, OPT_LIB},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	uint32_t v;
	int c;

	*opt = (struct record_options){
		.endpoint = RPMSG_BPF_ADDR_ANY,
		.device_id = 7,
		.capture = 64,
		.ring_bytes = DEFAULT_RING_BYTES,
	};
	optind = 1;
	/* "+": stop at the first non-option, the command to run. */
	while ((c = getopt_long(argc, argv, "+o:kp:e:b:c:d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_BPF:
			break;
		case 'o':
			opt->out_dir = optarg;
			break;
		case 'k':
			opt->kernel = true;
			break;
		case OPT_DEVICE_ID:
			if (cli_parse_u32(optarg, &opt->device_id))
				return bad("device id", optarg);
			break;
		case 'p':
			if (cli_parse_u32(optarg, &v) || !v || v > 0x3fffffff)
				return bad("pid", optarg);
			opt->pid = (pid_t)v;
			break;
		case 'e':
			if (cli_parse_u32(optarg, &opt->endpoint))
				return bad("endpoint address", optarg);
			break;
		case 'b':
			opt->bus = optarg;
			break;
		case 'c':
			if (cli_parse_u32(optarg, &v) || v > RPMSG_EVENT_PAYLOAD_MAX)
				return bad("capture size (0..496)", optarg);
			opt->capture = v;
			break;
		case 'd':
			if (cli_parse_seconds(optarg, &opt->duration_s))
				return bad("duration (seconds > 0)", optarg);
			break;
		case OPT_RING_SIZE:
			if (cli_parse_u32(optarg, &v) || v < 4096 || (v & (v - 1)))
				return bad("ring size (a power of two >= 4096)", optarg);
			opt->ring_bytes = v;
			break;
		case OPT_LIB:
			opt->lib = optarg;
			break;
		case 'v':
			opt->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			fprintf(stderr,
				"rpmsg-trace record: try 'rpmsg-trace record --bpf --help'\n");
			return -EINVAL;
		}
	}
	if (optind < argc)
		opt->command = argv + optind;
	if (!opt->out_dir) {
		fprintf(stderr, "rpmsg-trace record: --bpf needs an output directory (-o DIR)\n");
		return -EINVAL;
	}
	if (opt->kernel && (opt->pid || opt->bus || opt->lib)) {
		fprintf(stderr,
			"rpmsg-trace record: --pid, --bus and --lib apply to the bus program, "
			"not --kernel\n");
		return -EINVAL;
	}
	return 0;
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
	struct sigaction sa = {.sa_handler = on_signal};
	struct rpmsg_bpf_monitor *mon = NULL;
	struct record_state st = {0};
	struct record_options opt;
	int err, status = 0, exit_code = 0;
	uint64_t lost = 0, written;
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
	rpmsg_bpf_set_verbose(opt.verbose);
	if (opt.kernel) {
		struct rpmsg_bpf_kernel_opts k = {.device_id = opt.device_id,
						  .capture = opt.capture,
						  .ring_bytes = opt.ring_bytes,
						  .on_event = on_event,
						  .priv = &st};

		err = rpmsg_bpf_kernel_open(&k, &mon);
	} else {
		struct rpmsg_bpf_bus_opts b = {.lib_path = opt.lib,
					       .pid = opt.pid,
					       .bus = opt.bus,
					       .endpoint = opt.endpoint,
					       .capture = opt.capture,
					       .ring_bytes = opt.ring_bytes,
					       .events = RPMSG_BPF_EVENTS_ALL,
					       .on_event = on_event,
					       .priv = &st};

		err = rpmsg_bpf_bus_open(&b, &mon);
	}
	if (err) {
		fprintf(stderr, "rpmsg-trace record: %s\n", rpmsg_bpf_last_error());
		return 1;
	}
	if (opt.kernel) {
		const struct rpmsg_bpf_hook *hooks;
		unsigned int n = rpmsg_bpf_kernel_hooks(mon, &hooks);

		for (unsigned int i = 0; i < n; i++)
			fprintf(stderr, "rpmsg-trace record: %-45s %s%s%s\n", hooks[i].name,
				hooks[i].active ? "active" : "inactive",
				hooks[i].active ? "" : ": ", hooks[i].reason);
	}
	err = ctf_writer_open(opt.out_dir, &st.writer);
	if (err) {
		fprintf(stderr, "rpmsg-trace record: %s\n", ctf_writer_error());
		rpmsg_bpf_monitor_close(mon);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (opt.command) {
		child = start_command(opt.command);
		if (child < 0) {
			fprintf(stderr, "rpmsg-trace record: cannot start %s: %s\n", opt.command[0],
				strerror(errno));
			exit_code = 1;
			goto out;
		}
	}

	start = cli_now_s();
	while (!stop_requested && !st.error) {
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
		if (opt.duration_s > 0 && cli_now_s() - start >= opt.duration_s)
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
