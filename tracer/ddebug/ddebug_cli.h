/* SPDX-License-Identifier: MIT */
/* Subcommands of rpmsg-ddebug that live in files of their own. */
#ifndef RPMSG_DDEBUG_CLI_H
#define RPMSG_DDEBUG_CLI_H

/* `rpmsg-ddebug decode-log ...`; argv[0] is "decode-log". Returns the exit status. */
int ddebug_cmd_decode_log(int argc, char **argv);

#endif /* RPMSG_DDEBUG_CLI_H */
