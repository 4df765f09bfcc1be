/* SPDX-License-Identifier: MIT */
/*
 * Command-line options of rpmsg-sim, shared by its subcommands.
 *
 * sim_options_parse() validates everything up front; on bad input it prints one line naming the
 * option and the problem to stderr and returns -EINVAL. --help prints the subcommand's usage to
 * stdout and returns 1. The options struct owns no memory (strings point into argv).
 */
#ifndef RPMSG_SIM_OPTIONS_H
#define RPMSG_SIM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg/bus.h>

#include "sim-faults.h"

enum sim_command {
	SIM_CMD_HOST,
	SIM_CMD_REMOTE,
	SIM_CMD_DEMO,
	SIM_CMD_STATUS,
	SIM_CMD_LIST,
	SIM_CMD_BOARD,
};

/* The four workload services, in the order they are shown. */
enum sim_service {
	SIM_ECHO,
	SIM_TTY,
	SIM_SENSOR,
	SIM_RAW,
	SIM_SERVICE_COUNT,
};

/**
 * struct sim_options - parsed command line
 * @bus: bus name
 * @mbox, @vring_num, @buf_count, @buf_size: bus geometry (0 = library default)
 * @poll_mode: no interrupt thread; the main loop drives the bus with rpmsg_bus_poll()
 * @duration_s: stop after this long (0 = until interrupted or done)
 * @messages: each workload stream sends exactly this many messages (0 = unlimited)
 * @rate_hz: messages per second per service (0 = as fast as buffers allow)
 * @wait_s: how long to wait for the peer (0 = forever)
 * @interval_s: seconds between status lines
 * @quiet: no status lines (the summary and errors are still printed)
 * @json: status lines and summary as JSON objects, one per line
 * @reattach: host: when the remote dies, wait for a fresh one instead of exiting
 * @socket_path: socket doorbell path (derived from the bus name when not given)
 * @status_name: status: bus to inspect
 * @vhost_user_path: remote, board: serve a vhost-user socket (QEMU connects) instead of
 *                   attaching to a bus; the guest's virtio_rpmsg_bus is the host
 * @kit_dir: board: the built board kit (vmlinuz, initramfs.cpio.gz)
 * @boot_script: board: the kit's boot script (vboard-boot.sh)
 * @guest_cmd: board: command run in the guest (NULL: a shell on the console)
 * @dyndbg: board: boot with the rpmsg modules' dynamic_debug sites on
 * @console_path: board: the guest's serial console goes there (NULL: stdio)
 * @output_path: board: the guest command's output goes there (NULL: the console)
 * @timeout_s: board: the guest is stopped after this long (0: the boot script's default)
 * @faults: --fault: the failures to inject (sim-faults.h)
 * @linger: firmware, set by demo only: a stop signal ends the streams, but the firmware stays
 *          attached (echo still answers) until the host has closed the bus, as a real firmware
 *          does while Linux shuts the link down
 */
struct sim_options {
	enum sim_command command;
	const char *bus;
	enum rpmsg_mbox_kind mbox;
	unsigned int vring_num, buf_count, buf_size;
	bool poll_mode;
	double duration_s;
	uint64_t messages;
	double rate_hz[SIM_SERVICE_COUNT];
	double wait_s;
	double interval_s;
	bool quiet;
	bool json;
	bool reattach;
	const char *socket_path;
	char socket_buf[108];
	const char *status_name;
	const char *vhost_user_path;
	char vhost_buf[108];
	const char *kit_dir;
	const char *boot_script;
	const char *guest_cmd;
	bool dyndbg;
	const char *console_path;
	const char *output_path;
	double timeout_s;
	struct sim_faults faults;
	bool linger;
};

/**
 * sim_options_parse() - parse argv of subcommand @cmd (argv[0] is the subcommand name)
 * Return: 0, 1 when --help was printed, or -EINVAL after printing the problem.
 */
int sim_options_parse(enum sim_command cmd, int argc, char **argv, struct sim_options *opts);

/** sim_usage() - print the usage of @cmd (or of rpmsg-sim as a whole for -1) to @out. */
void sim_usage(int cmd, FILE *out);

/** sim_service_name() - channel name of @svc ("rpmsg-echo", ...). */
const char *sim_service_name(enum sim_service svc);

/** sim_mbox_name() - "futex", "poll", "socket" or "eventfd". */
const char *sim_mbox_name(enum rpmsg_mbox_kind kind);

/** sim_bus_config() - fill a bus config for @role from @opts. */
void sim_bus_config(const struct sim_options *opts, enum rpmsg_role role,
		    struct rpmsg_bus_config *cfg);

#endif /* RPMSG_SIM_OPTIONS_H */
