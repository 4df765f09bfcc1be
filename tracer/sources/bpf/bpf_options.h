/* SPDX-License-Identifier: MIT */
/*
 * The options `rpmsg-trace live` and `rpmsg-trace record --bpf` share: which BPF program, what it
 * watches and how much it records. One table (long options, short letters, usage lines, checks)
 * so that both commands accept and refuse the same things with the same words, and one
 * description of the kernel program's hooks.
 *
 * Use: rpmsg_bpf_options_init(); add RPMSG_BPF_OPTION_ROWS() to the command's table of
 * <rpmsg-scope/options.h>; after rpmsg_options_parse(), rpmsg_bpf_options_check(). Errors are
 * printed as one line "@tool: ..." to stderr. Thread-safe; values point into argv.
 */
#ifndef RPMSG_SOURCES_BPF_OPTIONS_H
#define RPMSG_SOURCES_BPF_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <rpmsg-scope/options.h>

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
 * @rx_from_senders: bus program, set by the command (no row): count receives from the senders'
 *	msg_send (rpmsg_bpf_bus_opts.rx_from_senders; counters only)
 */
struct rpmsg_bpf_options {
	bool kernel, verbose, rx_from_senders;
	pid_t pid;
	const char *bus, *lib, *endpoint_name;
	uint32_t endpoint, device_id;
	unsigned int capture;
	size_t ring_bytes;
	double duration_s;
};

/**
 * rpmsg_bpf_apply_endpoint() - the CUSTOM row of -e/--endpoint: an address, or a name the
 * check resolves (opt->offset: where struct rpmsg_bpf_options sits in the tool's struct).
 * Return: 0, -EINVAL (line printed).
 */
int rpmsg_bpf_apply_endpoint(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			     const char *label, const char *value, void *dest);

/* A pid above this is not one Linux hands out (PID_MAX_LIMIT). */
#define RPMSG_BPF_PID_MAX 1073741823

/*
 * The table's rows, for a command whose options struct TYPE holds a struct rpmsg_bpf_options
 * named `bpf`; the command's set uses RPMSG_OPT_WORDING_REASON ("--pid 'x': invalid pid ...").
 */
/* one option a row, as written: */
/* clang-format off */
#define RPMSG_BPF_OPTION_ROWS(TYPE)                                                                \
	{"kernel", 'k', RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(TYPE, bpf.kernel)},                        \
	{"device-id", 0, RPMSG_OPT_UINT, RPMSG_OPT_FIELD(TYPE, bpf.device_id), .max = UINT32_MAX, \
	 .what = "invalid device id (0 to 4294967295)"},                                           \
	{"pid", 'p', RPMSG_OPT_UINT, RPMSG_OPT_FIELD(TYPE, bpf.pid), .min = 1,                    \
	 .max = RPMSG_BPF_PID_MAX,                                                                 \
	 .what = "invalid pid (1 to " RPMSG_OPT_TEXT(RPMSG_BPF_PID_MAX) ")"},                      \
	{"endpoint", 'e', RPMSG_OPT_CUSTOM, .offset = offsetof(TYPE, bpf),                        \
	 .apply = rpmsg_bpf_apply_endpoint},                                                       \
	{"bus", 0, RPMSG_OPT_STRING, RPMSG_OPT_FIELD(TYPE, bpf.bus)},                              \
	{"capture", 'c', RPMSG_OPT_UINT, RPMSG_OPT_FIELD(TYPE, bpf.capture),                       \
	 .max = RPMSG_EVENT_PAYLOAD_MAX,                                                           \
	 .what = "invalid capture size (0 to " RPMSG_OPT_TEXT(RPMSG_EVENT_PAYLOAD_MAX) " bytes)"}, \
	{"duration", 0, RPMSG_OPT_SECONDS, RPMSG_OPT_FIELD(TYPE, bpf.duration_s), .max = 1e9,     \
	 .what = "invalid duration (seconds > 0)"},                                                \
	{"ring-size", 0, RPMSG_OPT_UINT, RPMSG_OPT_FIELD(TYPE, bpf.ring_bytes), .min = 4096,      \
	 .max = UINT32_MAX, .checks = RPMSG_OPT_POWER_OF_TWO,                                      \
	 .what = "invalid ring size (a power of two >= 4096)"},                                    \
	{"lib", 0, RPMSG_OPT_STRING, RPMSG_OPT_FIELD(TYPE, bpf.lib)},                              \
	{"verbose", 'v', RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(TYPE, bpf.verbose)},                      \
	RPMSG_OPTION_HELP
/* clang-format on */

/** rpmsg_bpf_options_init() - the defaults (device 7, 64 bytes captured, @ring_bytes). */
void rpmsg_bpf_options_init(struct rpmsg_bpf_options *o, size_t ring_bytes);

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
