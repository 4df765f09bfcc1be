/* SPDX-License-Identifier: MIT */
/*
 * The rpmsg-sim subcommands. Each takes the parsed options and returns the process exit code
 * (0 success, 1 failure after printing one line saying why).
 */
#ifndef RPMSG_SIM_ROLES_H
#define RPMSG_SIM_ROLES_H

#include "sim-options.h"

/** sim_host_main() - host role: create the bus, bind client drivers, check the data. */
int sim_host_main(const struct sim_options *opts);

/** sim_remote_main() - firmware role: attach, announce and serve the four services. */
int sim_remote_main(const struct sim_options *opts);

/** sim_demo_main() - fork a host and a firmware, supervise them, clean up the bus. */
int sim_demo_main(const struct sim_options *opts);

/** sim_status_main() - print a running bus's state (read-only, rpmsg/monitor.h). */
int sim_status_main(const struct sim_options *opts);

/** sim_list_main() - print the buses found on this machine. */
int sim_list_main(const struct sim_options *opts);

/** sim_board_main() - the firmware on a vhost-user socket, and the board booted against it. */
int sim_board_main(const struct sim_options *opts);

#endif /* RPMSG_SIM_ROLES_H */
