// SPDX-License-Identifier: MIT
/* rpmsg-sim command line: usage texts, parsing and validation. */
#include "sim-options.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/numbers.h>

static const char *const service_names[SIM_SERVICE_COUNT] = {
	[SIM_ECHO] = "rpmsg-echo",
	[SIM_TTY] = "rpmsg-tty",
	[SIM_SENSOR] = "rpmsg-sensor",
	[SIM_RAW] = "rpmsg-raw",
};

/* Default rates: a chatty request/response channel, a slow console, a sensor, a bulk stream. */
static const double default_rate_hz[SIM_SERVICE_COUNT] = {
	[SIM_ECHO] = 200,
	[SIM_TTY] = 10,
	[SIM_SENSOR] = 100,
	[SIM_RAW] = 1000,
};

const char *sim_service_name(enum sim_service svc)
{
	return service_names[svc];
}

const char *sim_mbox_name(enum rpmsg_mbox_kind kind)
{
	switch (kind) {
	case RPMSG_MBOX_FUTEX:
		return "futex";
	case RPMSG_MBOX_POLL:
		return "poll";
	case RPMSG_MBOX_SOCKET:
		return "socket";
	}
	return "unknown";
}

static const char workload_options[] =
	"Options:\n"
	"      --bus NAME        bus name (default sim0); shared memory /dev/shm/rpmsg-NAME\n"
	"  -m, --mbox KIND       doorbell: futex (default), poll (busy polling), socket\n"
	"      --vring-num N     descriptors per vring, a power of two (default 256)\n"
	"      --buf-count N     buffers in all, half each way; even, at most 512 (default 512)\n"
	"      --buf-size BYTES  bytes per buffer, 16-byte header included (default 512)\n"
	"      --poll-mode       no interrupt thread: the main loop drives the bus with\n"
	"                        rpmsg_bus_poll()\n"
	"      --duration SEC    stop after SEC seconds (default: until Ctrl-C, or until\n"
	"                        --messages are done)\n"
	"      --messages N      each stream sends exactly N messages, then the run ends\n"
	"                        (the host also sends one \"start\" message on rpmsg-tty and\n"
	"                        rpmsg-sensor, from which the firmware learns its address)\n"
	"  -r, --rate HZ         messages per second of every stream (0 = as fast as buffers\n"
	"                        allow)\n"
	"      --echo-rate HZ    rpmsg-echo requests per second (default 200)\n"
	"      --tty-rate HZ     rpmsg-tty lines per second (default 10)\n"
	"      --sensor-rate HZ  rpmsg-sensor samples per second (default 100)\n"
	"      --raw-rate HZ     rpmsg-raw 496-byte blocks per second, each way (default 1000)\n"
	"  -w, --wait SEC        how long to wait for the other side (0 = forever; host default\n"
	"                        forever, remote 10, demo 30)\n"
	"  -i, --interval SEC    seconds between status lines (default 1)\n"
	"  -q, --quiet           no status lines (summary and errors are still printed)\n"
	"  -j, --json            status lines and summary as JSON objects, one per line\n"
	"      --socket PATH     socket doorbell path (default /tmp/rpmsg-sim-NAME.sock)\n"
	"  -h, --help            show this help\n";

static const char host_usage_head[] =
	"Usage: rpmsg-sim host [OPTIONS]\n"
	"Run the host side of a bus (the virtio driver, what Linux does): create the\n"
	"shared memory, wait for a firmware, bind client drivers to the channels it\n"
	"announces (rpmsg-echo, rpmsg-tty, rpmsg-sensor, rpmsg-raw) and check what\n"
	"they receive. Exits non-zero if the firmware dies or data is wrong.\n\n";

static const char host_usage_tail[] =
	"      --reattach        when the firmware dies, wait for a fresh one instead of\n"
	"                        exiting\n\n"
	"Examples:\n"
	"  rpmsg-sim host --bus b                  # then: rpmsg-sim remote --bus b\n"
	"  rpmsg-sim host --bus b --messages 1000 --rate 0\n"
	"  rpmsg-sim host --bus b --mbox socket --reattach\n";

static const char remote_usage_head[] =
	"Usage: rpmsg-sim remote [OPTIONS]\n"
	"Run a simulated firmware (the virtio device, what OpenAMP does): attach to a\n"
	"bus created by 'rpmsg-sim host', announce rpmsg-echo, rpmsg-tty, rpmsg-sensor\n"
	"and rpmsg-raw by name service and serve them. Exits non-zero if the host dies\n"
	"before the work is done.\n\n";

static const char remote_usage_tail[] =
	"\n"
	"Examples:\n"
	"  rpmsg-sim remote --bus b\n"
	"  rpmsg-sim remote --bus b --messages 1000 --rate 0 --poll-mode\n"
	"  rpmsg-sim remote --bus b --sensor-rate 1000 --quiet\n";

static const char demo_usage_head[] =
	"Usage: rpmsg-sim demo [OPTIONS]\n"
	"Fork a host and a simulated firmware on one bus and run all four channels at\n"
	"their rates until Ctrl-C, --duration or --messages; print one status line per\n"
	"second (per channel: messages, bytes, TX waits) and a summary per side with\n"
	"exact per-channel counts. The bus's shared memory is removed at the end.\n\n";

static const char demo_usage_tail[] = "\n"
				      "Examples:\n"
				      "  rpmsg-sim demo\n"
				      "  rpmsg-sim demo --duration 10 --sensor-rate 1000\n"
				      "  rpmsg-sim demo --messages 500 --rate 0 --mbox socket\n"
				      "  rpmsg-sim demo --bus trace0 --json | jq .\n";

static const char status_usage[] =
	"Usage: rpmsg-sim status [OPTIONS] [NAME]\n"
	"Show a running bus without disturbing it (read-only mapping), like NuttX's\n"
	"'rpmsg dump': both sides' pids, the virtio status, buffers (free TX buffers),\n"
	"each vring's avail/used index and buffers in flight, and the channels with\n"
	"name, local and remote address, side, direction and traffic.\n\n"
	"Options:\n"
	"      --bus NAME        bus to show (default sim0; or give NAME as argument)\n"
	"  -j, --json            one JSON object\n"
	"  -h, --help            show this help\n\n"
	"Examples:\n"
	"  rpmsg-sim status\n"
	"  rpmsg-sim status b\n"
	"  watch -n1 rpmsg-sim status b\n";

static const char list_usage[] =
	"Usage: rpmsg-sim list [OPTIONS]\n"
	"List the buses on this machine (shared memory objects /dev/shm/rpmsg-*), with\n"
	"their processes and channel counts.\n\n"
	"Options:\n"
	"  -j, --json            one JSON object per bus\n"
	"  -h, --help            show this help\n\n"
	"Examples:\n"
	"  rpmsg-sim list\n"
	"  rpmsg-sim list --json\n";

static const char main_usage[] =
	"Usage: rpmsg-sim COMMAND [OPTIONS]\n"
	"Simulate an rpmsg link between a host (virtio driver, like Linux) and a\n"
	"firmware (virtio device, like OpenAMP) over librpmsgbus.\n\n"
	"Commands:\n"
	"  demo     fork a host and a firmware, run every channel, print traffic\n"
	"  host     run the host side: create the bus, bind client drivers by name\n"
	"  remote   run the simulated firmware: attach, announce and serve rpmsg-echo,\n"
	"           rpmsg-tty, rpmsg-sensor and rpmsg-raw\n"
	"  status   show a running bus: channels, vrings, buffers (read-only)\n"
	"  list     list the buses on this machine\n\n"
	"Run 'rpmsg-sim COMMAND --help' for the options of a command.\n\n"
	"Examples:\n"
	"  rpmsg-sim demo --duration 10\n"
	"  rpmsg-sim host --bus b            # in one shell\n"
	"  rpmsg-sim remote --bus b          # in another\n"
	"  rpmsg-sim status b                # in a third\n";

void sim_usage(int cmd, FILE *out)
{
	switch (cmd) {
	case SIM_CMD_HOST:
		fprintf(out, "%s%s%s", host_usage_head, workload_options, host_usage_tail);
		break;
	case SIM_CMD_REMOTE:
		fprintf(out, "%s%s%s", remote_usage_head, workload_options, remote_usage_tail);
		break;
	case SIM_CMD_DEMO:
		fprintf(out, "%s%s%s", demo_usage_head, workload_options, demo_usage_tail);
		break;
	case SIM_CMD_STATUS:
		fputs(status_usage, out);
		break;
	case SIM_CMD_LIST:
		fputs(list_usage, out);
		break;
	default:
		fputs(main_usage, out);
		break;
	}
}

enum {
	OPT_VRING_NUM = 256,
	OPT_BUF_COUNT,
	OPT_BUF_SIZE,
	OPT_POLL_MODE,
	OPT_ECHO_RATE, /* the four rates in the order of enum sim_service */
	OPT_TTY_RATE,
	OPT_SENSOR_RATE,
	OPT_RAW_RATE,
	OPT_REATTACH,
	OPT_SOCKET,
};

static const struct option long_options[] = {
	{"bus", required_argument, NULL, 'b'},
	{"mbox", required_argument, NULL, 'm'},
	{"vring-num", required_argument, NULL, OPT_VRING_NUM},
	{"buf-count", required_argument, NULL, OPT_BUF_COUNT},
	{"buf-size", required_argument, NULL, OPT_BUF_SIZE},
	{"poll-mode", no_argument, NULL, OPT_POLL_MODE},
	{"duration", required_argument, NULL, 'd'},
	{"messages", required_argument, NULL, 'n'},
	{"rate", required_argument, NULL, 'r'},
	{"echo-rate", required_argument, NULL, OPT_ECHO_RATE},
	{"tty-rate", required_argument, NULL, OPT_TTY_RATE},
	{"sensor-rate", required_argument, NULL, OPT_SENSOR_RATE},
	{"raw-rate", required_argument, NULL, OPT_RAW_RATE},
	{"wait", required_argument, NULL, 'w'},
	{"interval", required_argument, NULL, 'i'},
	{"quiet", no_argument, NULL, 'q'},
	{"json", no_argument, NULL, 'j'},
	{"reattach", no_argument, NULL, OPT_REATTACH},
	{"socket", required_argument, NULL, OPT_SOCKET},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const char *option_label(int c)
{
	for (const struct option *o = long_options; o->name; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

static int bad_value(const char *cmd, int c, const char *value, const char *why)
{
	fprintf(stderr, "rpmsg-sim %s: --%s '%s': %s\n", cmd, option_label(c), value, why);
	return -EINVAL;
}

static int parse_uint(const char *cmd, int c, const char *s, uint64_t max, uint64_t *out)
{
	int err = rpmsg_parse_u64(s, 0, max, out);

	if (err)
		return bad_value(cmd, c, s,
				 err == -ERANGE ? "too large" : "not a non-negative integer");
	return 0;
}

/* Seconds and rates: from 0 (forever, as fast as possible) to 1e7. */
static int parse_seconds(const char *cmd, int c, const char *s, double *out)
{
	return rpmsg_parse_double(s, 0, 1e7, out)
		       ? bad_value(cmd, c, s, "not a number of seconds >= 0")
		       : 0;
}

static int parse_rate(const char *cmd, int c, const char *s, double *out)
{
	return rpmsg_parse_double(s, 0, 1e7, out)
		       ? bad_value(cmd, c, s, "not a rate in Hz >= 0 (0 = as fast as possible)")
		       : 0;
}

static bool valid_bus_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= RPMSG_BUS_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
			return false;
	}
	return true;
}

static const char *command_name(enum sim_command cmd)
{
	static const char *const names[] = {"host", "remote", "demo", "status", "list"};

	return names[cmd];
}

/*
 * Apply option @c with value optarg to @opts.
 * Return: 0, or -EINVAL after one error line naming the option.
 */
static int apply_option(enum sim_command cmd, int c, struct sim_options *opts, bool *wait_given)
{
	const char *name = command_name(cmd);
	uint64_t v;
	int err = 0;

	switch (c) {
	case 'b':
		if (!valid_bus_name(optarg))
			return bad_value(name, c, optarg,
					 "bus names are 1-31 characters of [A-Za-z0-9_.-]");
		opts->bus = optarg;
		break;
	case 'm':
		if (!strcmp(optarg, "futex"))
			opts->mbox = RPMSG_MBOX_FUTEX;
		else if (!strcmp(optarg, "poll"))
			opts->mbox = RPMSG_MBOX_POLL;
		else if (!strcmp(optarg, "socket"))
			opts->mbox = RPMSG_MBOX_SOCKET;
		else
			return bad_value(name, c, optarg, "expected futex, poll or socket");
		break;
	case OPT_VRING_NUM:
		err = parse_uint(name, c, optarg, 32768, &v);
		if (!err && (v < 2 || (v & (v - 1))))
			return bad_value(name, c, optarg, "must be a power of two >= 2");
		opts->vring_num = v;
		break;
	case OPT_BUF_COUNT:
		err = parse_uint(name, c, optarg, RPMSG_MAX_NUM_BUFS, &v);
		if (!err && (v < 2 || v % 2))
			return bad_value(name, c, optarg, "must be even, from 2 to 512");
		opts->buf_count = v;
		break;
	case OPT_BUF_SIZE:
		err = parse_uint(name, c, optarg, 65536, &v);
		if (!err && v < sizeof(struct rpmsg_hdr) + 40)
			return bad_value(name, c, optarg,
					 "too small: needs 16 header bytes + a 40-byte name "
					 "service message");
		opts->buf_size = v;
		break;
	case OPT_POLL_MODE:
		opts->poll_mode = true;
		break;
	case 'd':
		err = parse_seconds(name, c, optarg, &opts->duration_s);
		break;
	case 'n':
		err = parse_uint(name, c, optarg, UINT32_MAX, &opts->messages);
		if (!err && opts->messages == 0)
			return bad_value(name, c, optarg, "must be at least 1");
		break;
	case 'r':
		err = parse_rate(name, c, optarg, &opts->rate_hz[SIM_ECHO]);
		for (int i = 1; i < SIM_SERVICE_COUNT; i++)
			opts->rate_hz[i] = opts->rate_hz[SIM_ECHO];
		break;
	case OPT_ECHO_RATE:
	case OPT_TTY_RATE:
	case OPT_SENSOR_RATE:
	case OPT_RAW_RATE: /* in the order of enum sim_service */
		err = parse_rate(name, c, optarg, &opts->rate_hz[SIM_ECHO + (c - OPT_ECHO_RATE)]);
		break;
	case 'w':
		err = parse_seconds(name, c, optarg, &opts->wait_s);
		*wait_given = true;
		break;
	case 'i':
		err = parse_seconds(name, c, optarg, &opts->interval_s);
		if (!err && opts->interval_s < 0.01)
			return bad_value(name, c, optarg, "must be at least 0.01");
		break;
	case 'q':
		opts->quiet = true;
		break;
	case 'j':
		opts->json = true;
		break;
	case OPT_REATTACH:
		if (cmd != SIM_CMD_HOST) {
			fprintf(stderr, "rpmsg-sim %s: --reattach applies to host only\n", name);
			return -EINVAL;
		}
		opts->reattach = true;
		break;
	case OPT_SOCKET:
		if (strlen(optarg) >= sizeof(opts->socket_buf))
			return bad_value(name, c, optarg, "path too long for a Unix socket");
		opts->socket_path = optarg;
		break;
	}
	return err;
}

/*
 * Refuse option @c (argv[optind - 1]) when it is unknown, lacks its value or does not apply
 * to @cmd. Return: 0, or -EINVAL after one error line.
 */
static int check_option(enum sim_command cmd, int c, char **argv)
{
	const char *name = command_name(cmd);
	bool workload = cmd == SIM_CMD_HOST || cmd == SIM_CMD_REMOTE || cmd == SIM_CMD_DEMO;

	if (c == '?' || c == ':') {
		const char *arg = argv[optind - 1];

		if (c == ':')
			fprintf(stderr, "rpmsg-sim %s: option '%s' needs a value\n", name, arg);
		else
			fprintf(stderr, "rpmsg-sim %s: unknown option '%s' (see --help)\n", name,
				arg);
		return -EINVAL;
	}
	/* status and list take only --bus, --json and --help. */
	if (!workload && c != 'b' && c != 'j') {
		fprintf(stderr, "rpmsg-sim %s: option --%s does not apply to %s\n", name,
			option_label(c), name);
		return -EINVAL;
	}
	if (cmd == SIM_CMD_LIST && c == 'b') {
		fprintf(stderr, "rpmsg-sim list: option --bus does not apply to list\n");
		return -EINVAL;
	}
	return 0;
}

/**
 * sim_options_parse() - read a command's options into @opts (see sim-options.h).
 * @cmd: the command (host, remote, demo, status, list)
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 * @opts: filled with the defaults, then the options given
 *
 * --bus, --duration and --messages are long only: -b, -d and -n mean batch, delay and
 * iterations across the rpmsg-scope tools, as in top.
 *
 * Return: 0, 1 after --help (usage printed), -EINVAL after one error line.
 */
int sim_options_parse(enum sim_command cmd, int argc, char **argv, struct sim_options *opts)
{
	const char *name = command_name(cmd);
	bool wait_given = false;
	int c, err;

	memset(opts, 0, sizeof(*opts));
	opts->command = cmd;
	opts->bus = "sim0";
	opts->mbox = RPMSG_MBOX_FUTEX;
	opts->interval_s = 1;
	for (int i = 0; i < SIM_SERVICE_COUNT; i++)
		opts->rate_hz[i] = default_rate_hz[i];

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:r:w:i:qjh", long_options, NULL)) != -1) {
		if (c == 'h') {
			sim_usage(cmd, stdout);
			return 1;
		}
		err = check_option(cmd, c, argv);
		if (!err)
			err = apply_option(cmd, c, opts, &wait_given);
		if (err)
			return err;
	}

	if (cmd == SIM_CMD_STATUS && optind < argc) {
		if (!valid_bus_name(argv[optind])) {
			fprintf(stderr,
				"rpmsg-sim status: '%s' is not a bus name (1-31 characters of "
				"[A-Za-z0-9_.-])\n",
				argv[optind]);
			return -EINVAL;
		}
		opts->bus = argv[optind++];
	}
	if (optind < argc) {
		fprintf(stderr, "rpmsg-sim %s: unexpected argument '%s' (see --help)\n", name,
			argv[optind]);
		return -EINVAL;
	}
	opts->status_name = opts->bus;
	/* A host waits for a firmware as long as it takes; the demo's pair starts together. */
	if (!wait_given)
		opts->wait_s = cmd == SIM_CMD_REMOTE ? 10 : cmd == SIM_CMD_DEMO ? 30 : 0;
	if (!opts->socket_path) {
		snprintf(opts->socket_buf, sizeof(opts->socket_buf), "/tmp/rpmsg-sim-%s.sock",
			 opts->bus);
		opts->socket_path = opts->socket_buf;
	}
	return 0;
}

void sim_bus_config(const struct sim_options *opts, enum rpmsg_role role,
		    struct rpmsg_bus_config *cfg)
{
	rpmsg_bus_config_init(cfg, opts->bus, role);
	cfg->mbox = opts->mbox;
	if (opts->vring_num)
		cfg->vring_num = opts->vring_num;
	if (opts->buf_count)
		cfg->buf_count = opts->buf_count;
	if (opts->buf_size)
		cfg->buf_size = opts->buf_size;
	cfg->threaded = !opts->poll_mode;
	cfg->socket_path = opts->socket_path;
	if (role == RPMSG_ROLE_REMOTE && opts->wait_s > 0)
		cfg->attach_timeout_ms = (unsigned int)(opts->wait_s * 1000);
	else if (role == RPMSG_ROLE_REMOTE)
		cfg->attach_timeout_ms = UINT32_MAX / 2; /* "forever" */
}
