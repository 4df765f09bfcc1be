/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by `rpmsg-trace live` and `rpmsg-trace record --bpf`: strict number
 * parsing for their options and the monotonic clock their loops run on. The parsers print
 * nothing; each command names the option in its own error line. Thread-safe.
 */
#ifndef RPMSG_LIVE_CLI_ARGS_H
#define RPMSG_LIVE_CLI_ARGS_H

#include <stdint.h>

/** cli_parse_u32() - a whole 32-bit number (decimal, 0x hex or 0 octal). Return: 0, -EINVAL. */
int cli_parse_u32(const char *arg, uint32_t *out);
/** cli_parse_seconds() - a finite number of seconds > 0. Return: 0, -EINVAL. */
int cli_parse_seconds(const char *arg, double *out);
/** cli_now_s() - CLOCK_MONOTONIC in seconds. */
double cli_now_s(void);

#endif /* RPMSG_LIVE_CLI_ARGS_H */
