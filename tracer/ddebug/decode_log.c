// SPDX-License-Identifier: MIT
/*
 * rpmsg-ddebug decode-log: print the rpmsg events decoded from a kernel log, one per line, so the
 * kernel-log path can be used (and checked) on its own. The decoding is librpmsg-kmsg's.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/event-fields.h>
#include <rpmsg-scope/kmsg.h>
#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-scope/options.h>

#include "ddebug_cli.h"

#define IDLE_FLUSH_MS 200 /* live: a message still waiting for its dump is reported after this */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* clang-format off: the help text is laid out as it prints */
static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-ddebug decode-log [FILE]\n"
		"       rpmsg-ddebug decode-log --live [--from-start] [--count N]\n"
		"\n"
		"Decode the rpmsg traffic virtio_rpmsg_bus, rpmsg_ns and remoteproc print to the "
		"kernel\n"
		"log once their debug messages are on (rpmsg-ddebug on rpmsg --flags +p). FILE "
		"holds\n"
		"dmesg output (plain, -r, or with timestamps) or saved /dev/kmsg records; '-' or "
		"no\n"
		"FILE reads standard input. One event per line:\n"
		"  [SECONDS] BUS EVENT FIELDS\n"
		"Lines of other drivers are skipped and counted; a summary goes to standard "
		"error.\n"
		"\n"
		"Options:\n"
		"  --live        read /dev/kmsg as records arrive, until interrupted (needs root "
		"or\n"
		"                CAP_SYSLOG when kernel.dmesg_restrict=1)\n"
		"  --from-start  with --live, first decode the records already in the log buffer\n"
		"  --count N     with --live, stop after N events\n"
		"  -h, --help    this text\n"
		"\n"
		"Exit status: 0 done, 1 the log cannot be read or nothing in it decodes but\n"
		"malformed or orphaned lines (the message names the file), 2 bad usage.\n"
		"\n"
		"Examples:\n"
		"  dmesg > /tmp/log && rpmsg-ddebug decode-log /tmp/log\n"
		"  dmesg | rpmsg-ddebug decode-log -\n"
		"  rpmsg-ddebug decode-log --live --count 100\n");
}
/* clang-format on */

struct decode_state {
	uint64_t limit;
	uint64_t printed;
};

static int print_event(const struct rpmsg_event *ev, const struct rpmsg_kmsg_event_info *info,
		       void *ctx)
{
	static const char *const names[] = RPMSG_EVENT_NAMES;
	struct decode_state *state = ctx;
	const char *name =
		ev->type < RPMSG_EV_TYPE_COUNT && names[ev->type] ? names[ev->type] : "?";

	printf("[%5" PRIu64 ".%06" PRIu64 "] %.*s %s", (uint64_t)ev->ts_ns / 1000000000,
	       (uint64_t)ev->ts_ns % 1000000000 / 1000, RPMSG_EVENT_BUS_LEN,
	       ev->bus[0] ? ev->bus : "?", name);
	switch (ev->type) {
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		printf(" src 0x%x dst 0x%x len %u flags %u payload", ev->msg.src, ev->msg.dst,
		       ev->msg.len, ev->msg.flags);
		for (uint32_t i = 0; i < ev->msg.captured && i < RPMSG_EVENT_PAYLOAD_MAX; i++)
			printf(" %02x", ev->payload[i]);
		printf(" (%u of %u bytes)", ev->msg.captured, ev->msg.len);
		break;
	case RPMSG_EV_NS_ANNOUNCE:
		printf(" name \"%.*s\" addr 0x%x %s %s", RPMSG_EVENT_NAME_LEN, ev->ns.name,
		       ev->ns.addr, ev->ns.flags == RPMSG_EVENT_NS_DESTROY ? "destroy" : "create",
		       ev->ns.direction == RPMSG_EVENT_DIR_TX ? "sent" : "received");
		break;
	case RPMSG_EV_DROP:
		printf(" src 0x%x dst 0x%x len %u reason %s", ev->drop.src, ev->drop.dst,
		       ev->drop.len, rpmsg_drop_reason_name(ev->drop.reason));
		break;
	case RPMSG_EV_TX_WAIT:
		printf(" src 0x%x dst 0x%x waited %" PRIu64 " ms outcome %d (%s)", ev->tx_wait.src,
		       ev->tx_wait.dst, (uint64_t)ev->tx_wait.waited_ns / 1000000,
		       ev->tx_wait.outcome, strerror(-ev->tx_wait.outcome));
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		printf(" channel %u", ev->mbox.channel);
		break;
	default:
		break;
	}
	if (ev->tid)
		printf(" tid %u", ev->tid);
	if (info->truncated)
		printf(" TRUNCATED (hex dump incomplete in the log)");
	putchar('\n');
	state->printed++;
	if (state->limit && state->printed >= state->limit)
		return -ECANCELED; /* enough: stops the feed */
	return 0;
}

/*
 * The summary line on stderr, with the damage the parser counted (orphaned dump rows, lengths no
 * 512-byte buffer holds) named as `rpmsg-trace --kmsg` names it.
 * Return: true when nothing decoded but lines were damaged: a corrupt log, or not a kernel log.
 */
static bool print_summary(const struct rpmsg_kmsg_parser *parser)
{
	struct rpmsg_kmsg_stats st;

	rpmsg_kmsg_parser_get_stats(parser, &st);
	fprintf(stderr,
		"decode-log: %" PRIu64 " lines: %" PRIu64 " rpmsg, %" PRIu64
		" other (skipped), %" PRIu64 " malformed; %" PRIu64 " events, %" PRIu64
		" truncated dumps, %" PRIu64 " records lost",
		st.lines, st.rpmsg_lines, st.skipped_lines, st.malformed_lines, st.events,
		st.truncated_dumps, st.lost_records);
	if (st.orphaned_lines)
		fprintf(stderr, ", %" PRIu64 " orphaned dump lines (log started mid-message?)",
			st.orphaned_lines);
	if (st.oversized_msgs)
		fprintf(stderr, ", %" PRIu64 " messages longer than a 512-byte buffer (not shown)",
			st.oversized_msgs);
	fputc('\n', stderr);
	return !st.events && (st.malformed_lines || st.orphaned_lines || st.oversized_msgs);
}

static int decode_live(struct rpmsg_kmsg_parser *parser, bool from_start)
{
	struct rpmsg_kmsg_live *live;
	struct sigaction sa = {.sa_handler = on_signal};
	int err = rpmsg_kmsg_live_open(NULL, from_start, &live);

	if (err) {
		fprintf(stderr, "rpmsg-ddebug: cannot read /dev/kmsg: %s%s\n", strerror(-err),
			err == -EPERM || err == -EACCES ? " (needs root or CAP_SYSLOG)" : "");
		return err;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop_requested) {
		struct pollfd pfd = {.fd = rpmsg_kmsg_live_fd(live), .events = POLLIN};
		int n = poll(&pfd, 1, IDLE_FLUSH_MS);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		err = n ? rpmsg_kmsg_live_read(live, parser) : rpmsg_kmsg_parser_flush(parser);
		if (err < 0)
			break;
		err = 0;
		fflush(stdout);
	}
	if (!err)
		err = rpmsg_kmsg_parser_flush(parser);
	rpmsg_kmsg_live_close(live);
	if (err && err != -ECANCELED)
		fprintf(stderr, "rpmsg-ddebug: reading /dev/kmsg: %s\n", strerror(-err));
	return err;
}

struct decode_args {
	bool live, from_start;
	const char *path;
	uint64_t limit; /* --count */
};

/* --count keeps its own words: tests/ddebug pins them for every refused value. */
static int apply_count(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		       const char *label, const char *value, void *dest)
{
	(void)set, (void)opt;
	if (rpmsg_parse_count(value, UINT64_MAX, &((struct decode_args *)dest)->limit))
		return rpmsg_error_line("rpmsg-ddebug",
					"%s needs a whole number from 1 to %llu, not '%s'", label,
					ULLONG_MAX, value);
	return 0;
}

static const struct rpmsg_option decode_option_rows[] = {
	{"live", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct decode_args, live)},
	{"from-start", 0, RPMSG_OPT_FLAG, RPMSG_OPT_FIELD(struct decode_args, from_start)},
	{"count", 0, RPMSG_OPT_CUSTOM, .apply = apply_count},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

/* decode-log's options into @args. Return: -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct decode_args *args)
{
	static const struct rpmsg_option_set set = {
		.tool = "rpmsg-ddebug decode-log", .options = decode_option_rows, .usage = usage};
	int first, err = rpmsg_options_parse(&set, argc, argv, args, &first);

	if (err)
		return err > 0 ? 0 : 2;
	args->path = first < argc ? argv[first++] : "-";
	if (first < argc || (args->live && strcmp(args->path, "-"))) {
		fprintf(stderr, "rpmsg-ddebug: decode-log takes one FILE, or --live without one\n");
		return 2;
	}
	return -1;
}

int ddebug_cmd_decode_log(int argc, char **argv)
{
	struct decode_state state = {0};
	struct decode_args args = {0};
	struct rpmsg_kmsg_parser *parser;
	bool nothing_decodable;
	int err = parse_args(argc, argv, &args);

	if (err >= 0)
		return err;
	state.limit = args.limit;
	err = rpmsg_kmsg_parser_new(print_event, &state, &parser);
	if (err) {
		fprintf(stderr, "rpmsg-ddebug: %s\n", strerror(-err));
		return 1;
	}
	if (args.live) {
		err = decode_live(parser, args.from_start);
	} else {
		err = rpmsg_kmsg_read_file(parser, args.path);
		if (err && err != -ECANCELED)
			fprintf(stderr, "rpmsg-ddebug: cannot read %s: %s\n", args.path,
				strerror(-err));
	}
	fflush(stdout);
	nothing_decodable = print_summary(parser);
	rpmsg_kmsg_parser_free(parser);
	if (err && err != -ECANCELED)
		return 1;
	if (nothing_decodable) {
		/* as rpmsg-trace --kmsg: a log of damage alone is no success */
		fprintf(stderr,
			"rpmsg-ddebug: %s: nothing decodable, only malformed or orphaned lines (a "
			"corrupt log, or not a kernel log)\n",
			args.live		 ? "/dev/kmsg"
			: strcmp(args.path, "-") ? args.path
						 : "standard input");
		return 1;
	}
	return 0;
}
