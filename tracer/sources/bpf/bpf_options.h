/* SPDX-License-Identifier: MIT */
/*
 * The options `rpmsg-trace live` and `rpmsg-trace record --bpf` share: which BPF program, what it
 * watches and how much it records. One table (long options, short letters, usage lines, checks)
 * so that both commands accept and refuse the same things with the same words, and one
 * description of the kernel program's hooks.
 *
 * Use: rpmsg_bpf_options_init(); add RPMSG_BPF_LONGOPTS to the command's getopt_long() table and
 * RPMSG_BPF_SHORTOPTS to its short letters; read the options with rpmsg_bpf_getopt();
 * after the loop, rpmsg_bpf_options_check(). Errors are printed as one line "@tool: ..." to
 * stderr. Thread-safe; values point into argv.
 */
#ifndef RPMSG_SOURCES_BPF_OPTIONS_H
#define RPMSG_SOURCES_BPF_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "bpf_monitor.h"

/**
 * struct rpmsg_bpf_options - what both BPF commands take
 * @kernel: the kernel program (virtio vrings) instead of the bus program (USDT)
 * @verbose: libbpf's messages
 * @pid, @bus, @lib, @endpoint: bus program filters (RPMSG_BPF_ADDR_ANY: every endpoint)
 * @endpoint_name: -e NAME: resolved to an address from the bus's directory by the check
 * @device_id: kernel program: virtio device type (7 = rpmsg)
 * @capture: payload bytes per message
 * @ring_bytes: ring buffer size
 * @duration_s: stop after this many seconds (0: until Ctrl-C)
 */
struct rpmsg_bpf_options {
	bool kernel, verbose;
	pid_t pid;
	const char *bus, *lib, *endpoint_name;
	uint32_t endpoint, device_id;
	unsigned int capture;
	size_t ring_bytes;
	double duration_s;
};

/* getopt_long() values of the long-only options (the commands' own start at RPMSG_BPF_OPT_END). */
enum {
	RPMSG_BPF_OPT_DEVICE_ID = 0x1000,
	RPMSG_BPF_OPT_BUS,
	RPMSG_BPF_OPT_DURATION,
	RPMSG_BPF_OPT_RING_SIZE,
	RPMSG_BPF_OPT_LIB,
	RPMSG_BPF_OPT_END,
};

#define RPMSG_BPF_SHORTOPTS "kp:e:c:v"
/* clang-format off: one option a line */
#define RPMSG_BPF_LONGOPTS                                                                         \
	{"kernel", no_argument, NULL, 'k'},                                                        \
		{"device-id", required_argument, NULL, RPMSG_BPF_OPT_DEVICE_ID},                   \
		{"pid", required_argument, NULL, 'p'}, {"endpoint", required_argument, NULL, 'e'}, \
		{"bus", required_argument, NULL, RPMSG_BPF_OPT_BUS},                               \
		{"capture", required_argument, NULL, 'c'},                                         \
		{"duration", required_argument, NULL, RPMSG_BPF_OPT_DURATION},                     \
		{"ring-size", required_argument, NULL, RPMSG_BPF_OPT_RING_SIZE},                   \
		{"lib", required_argument, NULL, RPMSG_BPF_OPT_LIB},                               \
		{"verbose", no_argument, NULL, 'v'},                                               \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}
/* clang-format on */

/** rpmsg_bpf_options_init() - the defaults (device 7, 64 bytes captured, @ring_bytes). */
void rpmsg_bpf_options_init(struct rpmsg_bpf_options *o, size_t ring_bytes);

/**
 * rpmsg_bpf_getopt() - getopt_long() that takes the table's options itself
 * @shortopts, @longopts: the command's, with RPMSG_BPF_SHORTOPTS and RPMSG_BPF_LONGOPTS in them
 * Return: the next option that is not one of the table's (optarg set, as getopt_long()), -1 at
 * the end, -EINVAL when one of the table's is refused (line printed).
 */
int rpmsg_bpf_getopt(struct rpmsg_bpf_options *o, int argc, char **argv, const char *shortopts,
		     const struct option *longopts, const char *tool);

/**
 * rpmsg_bpf_options_check() - the checks between options, once all are read: the bus filters
 * do not apply to --kernel; an endpoint name is looked up in the bus's directory.
 * Return: 0, -EINVAL (line printed).
 */
int rpmsg_bpf_options_check(struct rpmsg_bpf_options *o, const char *tool);

/** rpmsg_bpf_options_usage() - the table's usage lines (@ring_bytes: the default shown). */
void rpmsg_bpf_options_usage(FILE *out, size_t ring_bytes);

/**
 * rpmsg_bpf_attach() - load and attach the program @o chooses, printing nothing (a screen)
 * @ring_bytes: ring buffer (0: counters only); @events: bus program probes (0: all)
 * Return: as rpmsg_bpf_bus_open() / rpmsg_bpf_kernel_open(); rpmsg_bpf_last_error() says why.
 */
int rpmsg_bpf_attach(const struct rpmsg_bpf_options *o, size_t ring_bytes, uint32_t events,
		     rpmsg_bpf_event_fn on_event, void *priv, struct rpmsg_bpf_monitor **out);

/**
 * rpmsg_bpf_open() - rpmsg_bpf_attach(), then print to stderr what it attached to ("@tool:
 * attached to LIB", the probes it lacks, or each kernel hook and why it is not active) or why
 * it failed. Return: as rpmsg_bpf_attach().
 */
int rpmsg_bpf_open(const struct rpmsg_bpf_options *o, size_t ring_bytes, uint32_t events,
		   rpmsg_bpf_event_fn on_event, void *priv, const char *tool,
		   struct rpmsg_bpf_monitor **out);

/**
 * rpmsg_bpf_stop_on_signals() - SIGINT and SIGTERM (Ctrl-C, kill) ask the command to stop:
 * rpmsg_bpf_stop_requested() turns true, the command drains the ring buffer and reports.
 */
void rpmsg_bpf_stop_on_signals(void);
bool rpmsg_bpf_stop_requested(void);

#endif /* RPMSG_SOURCES_BPF_OPTIONS_H */
