// SPDX-License-Identifier: MIT
/* rpmsg-sim fault injection: the table of faults, parsing and help. See sim-faults.h. */
#include "sim-faults.h"

#include <errno.h>
#include <string.h>

#include <rpmsg/wire.h>
#include <rpmsg-scope/numbers.h>

/* How an argument reads: what it counts, its bounds. */
enum fault_arg {
	ARG_NONE,     /* no argument */
	ARG_MESSAGES, /* messages before the fault starts, 0 to 4294967295 */
	ARG_MS,	      /* milliseconds, 1 to 60000 */
	ARG_BYTES,    /* a message's payload bytes, 1 to 65535 */
	ARG_NAME,     /* a channel name, 1 to 31 bytes */
};

/*
 * Each fault once: its name, argument and default, what it does (help text, lines of at most
 * 56 columns) and the rpmsg-trace doctor rule that names it.
 */
static const struct {
	const char *name;
	enum fault_arg arg;
	uint64_t def;
	const char *arg_name;
	const char *what;
	const char *rule;
} faults[SIM_FAULT_COUNT] = {
	[SIM_FAULT_STALL_RETURNS] = {"stall-returns", ARG_MESSAGES, 100, "N",
				     "after N messages (default 100) the firmware keeps\n"
				     "every buffer the host sends (never returns it):\n"
				     "the host runs out of TX buffers, its senders wait",
				     "tx-starvation"},
	[SIM_FAULT_SILENT_REMOTE] = {"silent-remote", ARG_MESSAGES, 100, "N",
				     "after N messages (default 100) the firmware hangs\n"
				     "in a receive callback: no traffic, no returned\n"
				     "buffers, no doorbells; only a signal ends it",
				     "remote-silent"},
	[SIM_FAULT_WRONG_NS_NAME] = {"wrong-ns-name", ARG_NAME, 0, "NAME",
				     "rpmsg-tty is announced as NAME (default\n"
				     "rpmsg-tty-channel), which no host driver binds;\n"
				     "the firmware sends its lines anyway, to address\n"
				     "1280 where no host endpoint is",
				     "ns-name-unbound, no-recipient"},
	[SIM_FAULT_OVERSIZE] = {"oversize", ARG_BYTES, 0, "BYTES",
				"after its first rpmsg-raw block the firmware sends\n"
				"one message of BYTES (default: a buffer's payload\n"
				"+ 1); the send fails with -EMSGSIZE, traced as a\n"
				"drop (send-too-big)",
				"oversize"},
	[SIM_FAULT_SLOW_CALLBACK] = {"slow-callback", ARG_MS, 50, "MS",
				     "the firmware's receive callbacks take MS ms\n"
				     "(default 50): buffers held, latency up",
				     "slow-callback"},
	[SIM_FAULT_DESTROY_IN_FLIGHT] = {"destroy-in-flight", ARG_MESSAGES, 100, "N",
					 "after N echo requests (default 100) the firmware\n"
					 "destroys its rpmsg-echo endpoint (20 ms into the\n"
					 "next request's callback) while the host sends:\n"
					 "the requests in flight are dropped",
					 "destroyed-in-flight, no-recipient"},
	[SIM_FAULT_NS_TWICE] = {"ns-twice", ARG_NONE, 0, NULL,
				"rpmsg-echo is announced twice, with no destroy\n"
				"between",
				"ns-announced-twice"},
	[SIM_FAULT_DROP_KICKS] = {"drop-kicks", ARG_NONE, 0, NULL,
				  "the host rings no doorbell (a mailbox channel\n"
				  "wired to nothing): the firmware never hears of\n"
				  "the host's messages, the host's TX buffers run out",
				  "missing-kicks"},
	[SIM_FAULT_NO_EVENT_IDX] = {"no-event-idx", ARG_NONE, 0, NULL,
				    "notification suppression off on both sides (no\n"
				    "event index, NO_NOTIFY ignored): a doorbell per\n"
				    "message, a kick storm at high rates",
				    "kick-storm"},
};

/* The default name of wrong-ns-name: the old name of OpenAMP's tty service, which Linux's
 * rpmsg_tty (bound to "rpmsg-tty") does not match. */
static const char default_ns_name[] = "rpmsg-tty-channel";

void sim_faults_init(struct sim_faults *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < SIM_FAULT_COUNT; i++)
		f->arg[i] = faults[i].def;
	f->ns_name = default_ns_name;
}

static int parse_arg(struct sim_faults *f, int i, const char *arg, char *why, size_t size)
{
	static const struct {
		uint64_t min, max;
		const char *what;
	} bounds[] = {
		[ARG_MESSAGES] = {0, UINT32_MAX, "a number of messages (0 to 4294967295)"},
		[ARG_MS] = {1, 60000, "milliseconds (1 to 60000)"},
		[ARG_BYTES] = {1, 65535, "bytes (1 to 65535)"},
	};
	uint64_t v;

	if (faults[i].arg == ARG_NONE) {
		snprintf(why, size, "fault %s takes no argument", faults[i].name);
		return -EINVAL;
	}
	if (faults[i].arg == ARG_NAME) {
		if (!*arg || strlen(arg) >= RPMSG_NAME_SIZE) {
			snprintf(why, size, "%s: a channel name is 1 to 31 bytes", faults[i].name);
			return -EINVAL;
		}
		f->ns_name = arg;
		return 0;
	}
	if (rpmsg_parse_u64(arg, bounds[faults[i].arg].min, bounds[faults[i].arg].max, &v)) {
		snprintf(why, size, "%s=%s: expected %s", faults[i].name, arg,
			 bounds[faults[i].arg].what);
		return -EINVAL;
	}
	f->arg[i] = v;
	return 0;
}

int sim_faults_parse(struct sim_faults *f, const char *value, char *why, size_t why_size)
{
	const char *eq = strchr(value, '=');
	size_t n = eq ? (size_t)(eq - value) : strlen(value);
	size_t used;

	for (int i = 0; i < SIM_FAULT_COUNT; i++) {
		if (strlen(faults[i].name) != n || strncmp(value, faults[i].name, n))
			continue;
		if (eq && parse_arg(f, i, eq + 1, why, why_size))
			return -EINVAL;
		f->mask |= 1u << i;
		return 0;
	}
	used = (size_t)snprintf(why, why_size, "unknown fault '%.*s' (expected",
				(int)(n > 40 ? 40 : n), value);
	for (int i = 0; i < SIM_FAULT_COUNT && used < why_size; i++)
		used += (size_t)snprintf(why + used, why_size - used, "%s%s", i ? ", " : " ",
					 faults[i].name);
	if (used < why_size)
		snprintf(why + used, why_size - used, ")");
	return -EINVAL;
}

void sim_faults_usage(FILE *out)
{
	fputs("      --fault NAME[=ARG] inject a known rpmsg failure (repeatable); the\n"
	      "                        doctor rule that names it in brackets:\n",
	      out);
	for (int i = 0; i < SIM_FAULT_COUNT; i++) {
		char head[40];
		const char *line = faults[i].what;

		snprintf(head, sizeof(head), "%s%s%s", faults[i].name,
			 faults[i].arg_name ? "=" : "",
			 faults[i].arg_name ? faults[i].arg_name : "");
		fprintf(out, "        %-22s", head);
		while (*line) {
			const char *end = strchr(line, '\n');
			int len = end ? (int)(end - line) : (int)strlen(line);

			fprintf(out, "%.*s\n", len, line);
			line += len + (end ? 1 : 0);
			if (*line)
				fprintf(out, "%30s", "");
		}
		fprintf(out, "%30s[%s]\n", "", faults[i].rule);
	}
}

unsigned int sim_faults_bus(const struct sim_faults *f, enum rpmsg_role role)
{
	unsigned int bus = 0;

	if (sim_fault_on(f, SIM_FAULT_DROP_KICKS) && role == RPMSG_ROLE_HOST)
		bus |= RPMSG_BUS_TEST_DROP_KICKS;
	if (sim_fault_on(f, SIM_FAULT_NO_EVENT_IDX))
		bus |= RPMSG_BUS_TEST_NOTIFY_ALWAYS;
	return bus;
}

void sim_faults_describe(const struct sim_faults *f, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = 0;
	for (int i = 0; i < SIM_FAULT_COUNT && used < size; i++) {
		if (!sim_fault_on(f, i))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
					 faults[i].name);
		if (used < size && faults[i].arg == ARG_NAME)
			used += (size_t)snprintf(buf + used, size - used, "=%s", f->ns_name);
		else if (used < size && faults[i].arg != ARG_NONE && f->arg[i])
			used += (size_t)snprintf(buf + used, size - used, "=%llu",
						 (unsigned long long)f->arg[i]);
	}
}
