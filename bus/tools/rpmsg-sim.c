// SPDX-License-Identifier: MIT
/*
 * rpmsg-sim: simulate an rpmsg link (host + firmware) on librpmsgbus and look at running buses.
 * This file only dispatches subcommands; each lives in its own file (see sim-roles.h).
 */
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/options.h>

#include "sim-options.h"
#include "sim-roles.h"

static const struct {
	const char *name;
	enum sim_command cmd;
	int (*run)(const struct sim_options *opts);
} commands[] = {
	{"host", SIM_CMD_HOST, sim_host_main}, {"remote", SIM_CMD_REMOTE, sim_remote_main},
	{"demo", SIM_CMD_DEMO, sim_demo_main}, {"status", SIM_CMD_STATUS, sim_status_main},
	{"list", SIM_CMD_LIST, sim_list_main}, {"board", SIM_CMD_BOARD, sim_board_main},
};

int main(int argc, char **argv)
{
	struct sim_options opts;

	if (argc < 2) {
		fprintf(stderr, "rpmsg-sim: missing command (host, remote, demo, status, list or "
				"board); "
				"see rpmsg-sim --help\n");
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		sim_usage(-1, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return rpmsg_print_version("rpmsg-sim") ? 1 : 0;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		int ret;

		if (strcmp(argv[1], commands[i].name))
			continue;
		ret = sim_options_parse(commands[i].cmd, argc - 1, argv + 1, &opts);
		if (ret > 0)
			return 0;
		if (ret < 0)
			return 2;
		return commands[i].run(&opts);
	}
	fprintf(stderr,
		"rpmsg-sim: unknown command '%s' (expected host, remote, demo, status, list or "
		"board; see rpmsg-sim --help)\n",
		argv[1]);
	return 2;
}
