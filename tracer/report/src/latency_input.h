/* SPDX-License-Identifier: MIT */
/*
 * Reading a whole trace or kernel log into a collector through the sources (tracer/sources, as
 * rpmsg-top --replay reads it), for the commands that need the collector's per-message view:
 * `rpmsg-trace report --latency` (the stage breakdown) and `rpmsg-trace decode --stages` (each
 * message's stages). Errors are printed as one line naming the tool and the input.
 */
#ifndef RPMSG_TRACE_LATENCY_INPUT_H
#define RPMSG_TRACE_LATENCY_INPUT_H

#include <stdbool.h>

#include <rpmsg-scope/collector.h>

/**
 * rpmsg_latency_input_read() - feed every event of @input to @c
 * @tool: the command, for error lines ("rpmsg-trace report")
 * @option: its option that reads this way ("--latency"), named when the input holds no event
 * @input: a trace directory, or a kernel log when @kmsg ("-": standard input)
 * @kmsg: @input is a kernel log
 * @c: the collector, with its callbacks already registered
 * @epoch: set to whether the events' times are on the Unix epoch (a trace), not on a board's
 *         boot (a kernel log); may be NULL
 *
 * An input that breaks while read or that holds no rpmsg event is an error: never a partial or
 * empty view shown as the whole input's.
 * Return: 0, or 1 (the exit status) after printing why.
 */
int rpmsg_latency_input_read(const char *tool, const char *option, const char *input, bool kmsg,
			     struct rpmsg_collector *c, bool *epoch);

/**
 * rpmsg_latency_input_operand() - the one input of such a command: --kmsg FILE, or exactly one
 * TRACE operand (argv[@first]) and not both
 * @tool, @option: as above, for the error line
 * @kmsg: the --kmsg FILE given, or NULL
 * Return: the input, or NULL after printing why (bad usage: exit status 2).
 */
const char *rpmsg_latency_input_operand(const char *tool, const char *option, const char *kmsg,
					int first, int argc, char **argv);

#endif /* RPMSG_TRACE_LATENCY_INPUT_H */
