// SPDX-License-Identifier: MIT
/* rpmsg-sim command line: usage texts, parsing and validation. */
#include "sim-options.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-scope/options.h>

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

/*
 * Each doorbell's name by kind: what the tools print, and what --mbox takes for the kinds up to
 * RPMSG_MBOX_SOCKET (a vhost-user device's eventfd doorbells come with its socket, never chosen).
 */
static const char *const mbox_names[] = {
	[RPMSG_MBOX_FUTEX] = "futex",
	[RPMSG_MBOX_POLL] = "poll",
	[RPMSG_MBOX_SOCKET] = "socket",
	[RPMSG_MBOX_EVENTFD] = "eventfd",
};

const char *sim_mbox_name(enum rpmsg_mbox_kind kind)
{
	if ((unsigned int)kind >= sizeof(mbox_names) / sizeof(mbox_names[0]))
		return "unknown";
	return mbox_names[kind];
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

/* The workload options, then the faults (listed from sim-faults.c's table). */
static void print_workload_options(FILE *out)
{
	fputs(workload_options, out);
	sim_faults_usage(out);
}

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
	"      --vhost-user SOCK serve the firmware as a vhost-user device on Unix socket\n"
	"                        SOCK (QEMU connects: -chardev socket,path=SOCK); the\n"
	"                        guest's virtio_rpmsg_bus is the host, --bus names the\n"
	"                        control block rpmsg-sim status reads\n"
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

static const char board_usage_head[] =
	"Usage: rpmsg-sim board [OPTIONS]\n"
	"Boot the virtual board: Debian's Linux kernel under QEMU (TCG) with the\n"
	"kernel's own rpmsg drivers, bound to a virtio rpmsg device whose device side\n"
	"is the simulated firmware (rpmsg-echo, rpmsg-tty, rpmsg-sensor, rpmsg-raw)\n"
	"running here on librpmsgbus's vhost-user transport. Runs --cmd in the guest\n"
	"(or a shell on the console), then powers the guest off, stops QEMU and the\n"
	"firmware, and removes the socket and the bus. Exit status: the guest\n"
	"command's, else the firmware's (1 if its data was wrong).\n\n";

static const char board_usage_tail[] =
	"      --vhost-user SOCK the firmware's socket (default /tmp/rpmsg-sim-NAME.vhost)\n"
	"      --kit DIR         the built board kit (default: the build tree's board/kit)\n"
	"      --boot-script F   the kit's boot script (default: the source tree's\n"
	"                        board/kit/vboard-boot.sh)\n"
	"      --cmd COMMAND     run COMMAND in the guest (/bin/sh -c, no double quotes)\n"
	"      --dyndbg          boot with the rpmsg modules' dynamic_debug sites on\n"
	"      --console FILE    the guest's serial console goes to FILE (default: here)\n"
	"      --output FILE     COMMAND's output goes to FILE (default: the console)\n"
	"      --timeout SEC     stop the guest after SEC seconds (default 600)\n\n"
	"Examples:\n"
	"  rpmsg-sim board                                   # a shell on the board\n"
	"  rpmsg-sim board --cmd 'ls /dev/rpmsg*'\n"
	"  rpmsg-sim board --dyndbg --cmd 'rpmsg-board-workload' --console con.log\n";

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
	"  list     list the buses on this machine\n"
	"  board    boot Linux under QEMU with the firmware as its virtio rpmsg device\n\n"
	"Run 'rpmsg-sim COMMAND --help' for the options of a command.\n\n"
	"Examples:\n"
	"  rpmsg-sim demo --duration 10\n"
	"  rpmsg-sim host --bus b            # in one shell\n"
	"  rpmsg-sim remote --bus b          # in another\n"
	"  rpmsg-sim status b                # in a third\n";

/* Each command's usage: its head, then (when it has a tail) the workload options and the tail. */
static const struct {
	const char *head, *tail;
} usages[] = {
	[SIM_CMD_HOST] = {host_usage_head, host_usage_tail},
	[SIM_CMD_REMOTE] = {remote_usage_head, remote_usage_tail},
	[SIM_CMD_DEMO] = {demo_usage_head, demo_usage_tail},
	[SIM_CMD_STATUS] = {status_usage, NULL},
	[SIM_CMD_LIST] = {list_usage, NULL},
	[SIM_CMD_BOARD] = {board_usage_head, board_usage_tail},
};

void sim_usage(int cmd, FILE *out)
{
	if (cmd < 0 || (size_t)cmd >= sizeof(usages) / sizeof(usages[0])) {
		fputs(main_usage, out);
		return;
	}
	fputs(usages[cmd].head, out);
	if (usages[cmd].tail) {
		print_workload_options(out);
		fputs(usages[cmd].tail, out);
	}
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
	static const char *const names[] = {"host", "remote", "demo", "status", "list", "board"};

	return names[cmd];
}

/* The CUSTOM rows: options whose checks or effects a plain row cannot say. */
static int apply_bus(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		     const char *label, const char *value, void *dest)
{
	(void)opt;
	if (!valid_bus_name(value))
		return rpmsg_option_refuse(set, label, value,
					   "bus names are 1-31 characters of [A-Za-z0-9_.-]");
	((struct sim_options *)dest)->bus = value;
	return 0;
}

static int apply_mbox(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      const char *label, const char *value, void *dest)
{
	struct sim_options *opts = dest;

	(void)opt;
	for (int kind = RPMSG_MBOX_FUTEX; kind <= RPMSG_MBOX_SOCKET; kind++) {
		if (!strcmp(value, mbox_names[kind])) {
			opts->mbox = (enum rpmsg_mbox_kind)kind;
			return 0;
		}
	}
	return rpmsg_option_refuse(set, label, value, "expected futex, poll or socket");
}

static int apply_buf_size(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			  const char *label, const char *value, void *dest)
{
	uint64_t v;
	int err = rpmsg_parse_u64(value, 0, 65536, &v);

	(void)opt;
	if (err)
		return rpmsg_option_refuse(set, label, value,
					   err == -ERANGE ? "too large"
							  : "not a non-negative integer");
	if (v < sizeof(struct rpmsg_hdr) + 40)
		return rpmsg_option_refuse(set, label, value,
					   "too small: needs 16 header bytes + a 40-byte name "
					   "service message");
	((struct sim_options *)dest)->buf_size = (unsigned int)v;
	return 0;
}

#define RATE_WHAT "not a rate in Hz >= 0 (0 = as fast as possible)"

/* --rate: every stream's rate at once. */
static int apply_rate(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      const char *label, const char *value, void *dest)
{
	struct sim_options *opts = dest;
	double hz;

	(void)opt;
	if (rpmsg_parse_double(value, 0, 1e7, &hz))
		return rpmsg_option_refuse(set, label, value, RATE_WHAT);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++)
		opts->rate_hz[i] = hz;
	return 0;
}

/* --reattach (host only) and --dyndbg (board only): flags of one command. */
static int apply_command_flag(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			      const char *label, const char *value, void *dest)
{
	struct sim_options *opts = dest;
	bool reattach = !strcmp(opt->name, "reattach");
	enum sim_command only = reattach ? SIM_CMD_HOST : SIM_CMD_BOARD;

	(void)value;
	if (opts->command != only)
		return rpmsg_error_line(set->tool, "%s applies to %s only", label,
					command_name(only));
	if (reattach)
		opts->reattach = true;
	else
		opts->dyndbg = true;
	return 0;
}

static int apply_socket(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			const char *label, const char *value, void *dest)
{
	struct sim_options *opts = dest;

	(void)opt;
	if (strlen(value) >= sizeof(opts->socket_buf))
		return rpmsg_option_refuse(set, label, value, "path too long for a Unix socket");
	opts->socket_path = value;
	return 0;
}

/* --vhost-user, --kit, --boot-script, ...: paths of the remote and board commands only. */
static int apply_path(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      const char *label, const char *value, void *dest)
{
	struct sim_options *opts = dest;
	bool board_only = strcmp(opt->name, "vhost-user") != 0;

	if (opts->command != SIM_CMD_BOARD && (board_only || opts->command != SIM_CMD_REMOTE))
		return rpmsg_error_line(set->tool, "%s applies to %s only", label,
					board_only ? "board" : "remote and board");
	if (!*value)
		return rpmsg_option_refuse(set, label, value, "empty");
	if (!strcmp(opt->name, "vhost-user")) {
		if (strlen(value) >= sizeof(opts->vhost_buf))
			return rpmsg_option_refuse(set, label, value,
						   "path too long for a Unix socket");
		opts->vhost_user_path = value;
	} else if (!strcmp(opt->name, "kit")) {
		opts->kit_dir = value;
	} else if (!strcmp(opt->name, "boot-script")) {
		opts->boot_script = value;
	} else if (!strcmp(opt->name, "cmd")) {
		if (strchr(value, '"'))
			return rpmsg_option_refuse(set, label, value,
						   "the guest command cannot hold double quotes");
		opts->guest_cmd = value;
	} else if (!strcmp(opt->name, "console")) {
		opts->console_path = value;
	} else {
		opts->output_path = value;
	}
	return 0;
}

/* --fault NAME[=ARG], repeatable: every command that runs a bus. */
static int apply_fault(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		       const char *label, const char *value, void *dest)
{
	char why[200];

	(void)opt;
	if (sim_faults_parse(&((struct sim_options *)dest)->faults, value, why, sizeof(why)))
		return rpmsg_option_refuse(set, label, value, why);
	return 0;
}

#define SECONDS_WHAT "not a number of seconds >= 0"
#define NUMBER_WHAT  "not a non-negative integer"
#define F(FIELD)     RPMSG_OPT_FIELD(struct sim_options, FIELD)
#define RATE_ROW(NAME, SVC)                                                                        \
	{                                                                                          \
		NAME, 0, RPMSG_OPT_DOUBLE, F(rate_hz[SVC]), .max = 1e7, .what = RATE_WHAT          \
	}

/*
 * --bus, --duration and --messages are long only: -b, -d and -n mean batch, delay and
 * iterations across the rpmsg-scope tools, as in top. Seconds and rates go from 0 (forever, as
 * fast as possible) to 1e7.
 */
static const struct rpmsg_option sim_option_rows[] = {
	{"bus", 0, RPMSG_OPT_CUSTOM, .apply = apply_bus},
	{"mbox", 'm', RPMSG_OPT_CUSTOM, .apply = apply_mbox},
	{"vring-num", 0, RPMSG_OPT_UINT, F(vring_num), .min = 2, .max = 32768,
	 .checks = RPMSG_OPT_POWER_OF_TWO, .what = NUMBER_WHAT,
	 .what_range = "must be a power of two >= 2 (at most 32768)"},
	{"buf-count", 0, RPMSG_OPT_UINT, F(buf_count), .min = 2, .max = RPMSG_MAX_NUM_BUFS,
	 .checks = RPMSG_OPT_EVEN, .what = NUMBER_WHAT,
	 .what_range = "must be even, from 2 to 512"},
	{"buf-size", 0, RPMSG_OPT_CUSTOM, .apply = apply_buf_size},
	{"poll-mode", 0, RPMSG_OPT_FLAG, F(poll_mode)},
	{"duration", 0, RPMSG_OPT_DOUBLE, F(duration_s), .max = 1e7, .what = SECONDS_WHAT},
	{"messages", 0, RPMSG_OPT_COUNT, F(messages), .max = UINT32_MAX, .what = NUMBER_WHAT,
	 .what_range = "must be at least 1 (and at most 4294967295)"},
	{"rate", 'r', RPMSG_OPT_CUSTOM, .apply = apply_rate},
	RATE_ROW("echo-rate", SIM_ECHO),
	RATE_ROW("tty-rate", SIM_TTY),
	RATE_ROW("sensor-rate", SIM_SENSOR),
	RATE_ROW("raw-rate", SIM_RAW),
	{"wait", 'w', RPMSG_OPT_DOUBLE, F(wait_s), .max = 1e7, .what = SECONDS_WHAT},
	{"interval", 'i', RPMSG_OPT_DOUBLE, F(interval_s), .min = 0.01, .max = 1e7,
	 .what = SECONDS_WHAT, .what_range = "must be at least 0.01 (and at most 1e7)"},
	{"quiet", 'q', RPMSG_OPT_FLAG, F(quiet)},
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"reattach", 0, RPMSG_OPT_CUSTOM_FLAG, .apply = apply_command_flag},
	{"socket", 0, RPMSG_OPT_CUSTOM, .apply = apply_socket},
	{"vhost-user", 0, RPMSG_OPT_CUSTOM, .apply = apply_path},
	{"kit", 0, RPMSG_OPT_CUSTOM, .apply = apply_path},
	{"boot-script", 0, RPMSG_OPT_CUSTOM, .apply = apply_path},
	{"cmd", 0, RPMSG_OPT_CUSTOM, .apply = apply_path},
	{"console", 0, RPMSG_OPT_CUSTOM, .apply = apply_path},
	{"output", 0, RPMSG_OPT_CUSTOM, .apply = apply_path},
	{"dyndbg", 0, RPMSG_OPT_CUSTOM_FLAG, .apply = apply_command_flag},
	{"timeout", 0, RPMSG_OPT_DOUBLE, F(timeout_s), .max = 1e7, .what = SECONDS_WHAT},
	{"fault", 0, RPMSG_OPT_CUSTOM, .apply = apply_fault},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

/* status and list take only --bus (status), --json and --help. Return: 0 or -EINVAL. */
static int accept_option(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			 void *dest)
{
	enum sim_command cmd = ((struct sim_options *)dest)->command;
	bool workload = cmd == SIM_CMD_HOST || cmd == SIM_CMD_REMOTE || cmd == SIM_CMD_DEMO ||
			cmd == SIM_CMD_BOARD;
	bool bus = opt->apply == apply_bus;

	if (workload || (bus && cmd == SIM_CMD_STATUS) || opt->short_name == 'j')
		return 0;
	return rpmsg_error_line(set->tool, "option --%s does not apply to %s", opt->name,
				command_name(cmd));
}

/**
 * sim_options_parse() - read a command's options into @opts (see sim-options.h).
 * @cmd: the command (host, remote, demo, status, list)
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 * @opts: filled with the defaults, then the options given
 *
 * Return: 0, 1 after --help (usage printed), -EINVAL after one error line.
 */
int sim_options_parse(enum sim_command cmd, int argc, char **argv, struct sim_options *opts)
{
	char tool[32];
	struct rpmsg_option_set set = {
		.tool = tool,
		.options = sim_option_rows,
		.wording = RPMSG_OPT_WORDING_REASON,
		.accept = accept_option,
	};
	int first, err;

	snprintf(tool, sizeof(tool), "rpmsg-sim %s", command_name(cmd));
	memset(opts, 0, sizeof(*opts));
	opts->command = cmd;
	opts->bus = "sim0";
	opts->mbox = RPMSG_MBOX_FUTEX;
	opts->interval_s = 1;
	opts->wait_s = -1; /* not given */
	sim_faults_init(&opts->faults);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++)
		opts->rate_hz[i] = default_rate_hz[i];

	err = rpmsg_options_parse(&set, argc, argv, opts, &first);
	if (err == RPMSG_OPTIONS_HELP)
		sim_usage(cmd, stdout);
	if (err)
		return err;
	if (cmd == SIM_CMD_STATUS && first < argc) {
		if (!valid_bus_name(argv[first])) {
			fprintf(stderr,
				"rpmsg-sim status: '%s' is not a bus name (1-31 characters of "
				"[A-Za-z0-9_.-])\n",
				argv[first]);
			return -EINVAL;
		}
		opts->bus = argv[first++];
	}
	if (first < argc)
		return rpmsg_options_unexpected(&set, argv[first]);
	opts->status_name = opts->bus;
	/* A host waits for a firmware as long as it takes; the demo's pair starts together. */
	if (opts->wait_s < 0)
		opts->wait_s = cmd == SIM_CMD_REMOTE ? 10 : cmd == SIM_CMD_DEMO ? 30 : 0;
	if (cmd == SIM_CMD_BOARD && !opts->vhost_user_path) {
		snprintf(opts->vhost_buf, sizeof(opts->vhost_buf), "/tmp/rpmsg-sim-%s.vhost",
			 opts->bus);
		opts->vhost_user_path = opts->vhost_buf;
	}
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
	cfg->vhost_user_path = opts->vhost_user_path;
	if (role == RPMSG_ROLE_REMOTE && opts->wait_s > 0)
		cfg->attach_timeout_ms = (unsigned int)(opts->wait_s * 1000);
	else if (role == RPMSG_ROLE_REMOTE)
		cfg->attach_timeout_ms = UINT32_MAX / 2; /* "forever" */
}
