// SPDX-License-Identifier: MIT
/* Per-channel counters of one side and their status line and summary. */
#include "sim-stats.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/wire.h>
#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/text.h>

void sim_stats_init(struct sim_stats *st, const char *side, const struct sim_options *opts,
		    bool is_host)
{
	uint64_t n = opts->messages;

	memset(st, 0, sizeof(*st));
	st->side = side;
	st->bus = opts->bus;
	st->start_ns = rpmsg_now_ns();
	pthread_mutex_init(&st->lock, NULL);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		atomic_init(&st->ch[i].local_addr, RPMSG_ADDR_ANY);
		atomic_init(&st->ch[i].remote_addr, RPMSG_ADDR_ANY);
	}
	if (!n)
		return;
	st->counted = true;
	/* Host to firmware: echo requests, one start message, raw blocks. */
	uint64_t to_fw[SIM_SERVICE_COUNT] = {n, 1, 1, n};
	/* Firmware to host: echo replies, tty lines, sensor samples, raw blocks. */
	uint64_t to_host[SIM_SERVICE_COUNT] = {n, n, n, n};

	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		st->ch[i].expect_tx = is_host ? to_fw[i] : to_host[i];
		st->ch[i].expect_rx = is_host ? to_host[i] : to_fw[i];
	}
	/*
	 * wrong-ns-name: no host driver binds rpmsg-tty, so the host sends no start and receives
	 * nothing on it (the firmware's lines are dropped at the host).
	 */
	if (sim_fault_on(&opts->faults, SIM_FAULT_WRONG_NS_NAME)) {
		st->ch[SIM_TTY].expect_rx = 0;
		if (is_host)
			st->ch[SIM_TTY].expect_tx = 0;
	}
}

void sim_stats_error(struct sim_stats *st, enum sim_service svc, const char *fmt, ...)
{
	struct sim_channel_stats *ch = &st->ch[svc];
	va_list ap;

	pthread_mutex_lock(&st->lock);
	if (atomic_fetch_add(&ch->errors, 1) == 0) {
		va_start(ap, fmt);
		vsnprintf(ch->first_error, sizeof(ch->first_error), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&st->lock);
}

bool sim_stats_complete(const struct sim_stats *st)
{
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		const struct sim_channel_stats *ch = &st->ch[i];

		if (!st->counted)
			return false;
		if (atomic_load(&ch->tx_msgs) < ch->expect_tx ||
		    atomic_load(&ch->rx_msgs) < ch->expect_rx)
			return false;
	}
	return true;
}

uint64_t sim_stats_errors(const struct sim_stats *st)
{
	uint64_t n = 0;

	for (int i = 0; i < SIM_SERVICE_COUNT; i++)
		n += atomic_load(&st->ch[i].errors);
	return n;
}

static double elapsed_s(const struct sim_stats *st)
{
	return (double)(rpmsg_now_ns() - st->start_ns) / 1e9;
}

static void human_bytes(char *buf, size_t size, uint64_t bytes)
{
	if (bytes < 10000)
		snprintf(buf, size, "%llu B", (unsigned long long)bytes);
	else if (bytes < 10000000)
		snprintf(buf, size, "%.1f kB", (double)bytes / 1e3);
	else
		snprintf(buf, size, "%.1f MB", (double)bytes / 1e6);
}

/* What the status and summary print from */
struct print_args {
	const struct sim_stats *st;
	const struct rpmsg_bus_stats *bus_stats; /* summary only, may be NULL */
	bool json;
	const char *outcome; /* summary only */
};

/* Print with @print into memory, then write the block with one write(), so two processes'
 * blocks stay whole. */
static void print_block(void (*print)(FILE *f, const struct print_args *a),
			const struct print_args *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	print(f, a);
	fclose(f); /* sets buf and len */
	fflush(stdout);
	for (size_t off = 0; off < len;) {
		ssize_t n = write(STDOUT_FILENO, buf + off, len - off);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(buf);
}

/* Counters a channel shows, in the order JSON and the summary table print them. */
enum { CH_TX_MSGS, CH_TX_BYTES, CH_RX_MSGS, CH_RX_BYTES, CH_TX_WAITS, CH_ERRORS, CH_COUNTERS };

/* Read @ch's shown counters once (each an atomic load: the channel threads keep counting). */
static void channel_counters(const struct sim_channel_stats *ch, unsigned long long v[CH_COUNTERS])
{
	v[CH_TX_MSGS] = atomic_load(&ch->tx_msgs);
	v[CH_TX_BYTES] = atomic_load(&ch->tx_bytes);
	v[CH_RX_MSGS] = atomic_load(&ch->rx_msgs);
	v[CH_RX_BYTES] = atomic_load(&ch->rx_bytes);
	v[CH_TX_WAITS] = atomic_load(&ch->tx_waits);
	v[CH_ERRORS] = atomic_load(&ch->errors);
}

static void print_json_channel(FILE *f, const char *name, const struct sim_channel_stats *ch,
			       bool addresses)
{
	unsigned long long v[CH_COUNTERS];

	fprintf(f, "{\"name\":\"%s\"", name);
	if (addresses) {
		uint32_t local = atomic_load(&ch->local_addr),
			 remote = atomic_load(&ch->remote_addr);

		fprintf(f, ",\"local_addr\":%lld,\"remote_addr\":%lld",
			local == RPMSG_ADDR_ANY ? -1LL : (long long)local,
			remote == RPMSG_ADDR_ANY ? -1LL : (long long)remote);
	}
	channel_counters(ch, v);
	fprintf(f,
		",\"tx_msgs\":%llu,\"tx_bytes\":%llu,\"rx_msgs\":%llu,\"rx_bytes\":%llu,"
		"\"tx_waits\":%llu,\"errors\":%llu}",
		v[CH_TX_MSGS], v[CH_TX_BYTES], v[CH_RX_MSGS], v[CH_RX_BYTES], v[CH_TX_WAITS],
		v[CH_ERRORS]);
}

/* The start of a status or summary object: its type, the side, the bus and the time under
 * @time_key. */
static void print_json_head(FILE *f, const struct sim_stats *st, const char *type,
			    const char *time_key)
{
	fprintf(f, "{\"type\":\"%s\",\"side\":\"%s\",\"bus\":\"%s\",\"%s\":%.3f", type, st->side,
		st->bus, time_key, elapsed_s(st));
}

/* The channels as a JSON array; @addresses adds each side's endpoint addresses (summary). */
static void print_json_channels(FILE *f, const struct sim_stats *st, bool addresses)
{
	fputc('[', f);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		if (i)
			fputc(',', f);
		print_json_channel(f, sim_service_name(i), &st->ch[i], addresses);
	}
	fputc(']', f);
}

static void print_status(FILE *f, const struct print_args *a)
{
	const struct sim_stats *st = a->st;

	if (a->json) {
		print_json_head(f, st, "status", "t");
		fputs(",\"channels\":", f);
		print_json_channels(f, st, false);
		fprintf(f, "}\n");
	} else {
		fprintf(f, "[%s %6.1fs]", st->side, elapsed_s(st));
		for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
			const struct sim_channel_stats *ch = &st->ch[i];
			char bytes[32];

			human_bytes(bytes, sizeof(bytes),
				    atomic_load(&ch->tx_bytes) + atomic_load(&ch->rx_bytes));
			fprintf(f, "%s %s tx %llu rx %llu %s waits %llu", i ? " |" : "",
				sim_service_name(i), (unsigned long long)atomic_load(&ch->tx_msgs),
				(unsigned long long)atomic_load(&ch->rx_msgs), bytes,
				(unsigned long long)atomic_load(&ch->tx_waits));
			if (atomic_load(&ch->errors))
				fprintf(f, " ERRORS %llu",
					(unsigned long long)atomic_load(&ch->errors));
		}
		fputc('\n', f);
	}
}

void sim_stats_print_status(const struct sim_stats *st, bool json)
{
	struct print_args a = {.st = st, .json = json};

	print_block(print_status, &a);
}

static void format_addr(char *buf, size_t size, uint32_t addr)
{
	if (addr == RPMSG_ADDR_ANY)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%u", addr);
}

/*
 * The bus's own counters in the summary: JSON key, and the piece of the text line that shows
 * it (NULL: JSON only). Both renderings walk this one list.
 */
static const struct {
	const char *key, *text;
	size_t offset;
} bus_counters[] = {
	{"tx_msgs", NULL, offsetof(struct rpmsg_bus_stats, tx_msgs)},
	{"rx_msgs", NULL, offsetof(struct rpmsg_bus_stats, rx_msgs)},
	{"kicks_sent", "  bus: kicks sent %llu", offsetof(struct rpmsg_bus_stats, kicks_sent)},
	{"kicks_suppressed", " (suppressed %llu)",
	 offsetof(struct rpmsg_bus_stats, kicks_suppressed)},
	{"interrupts", ", interrupts %llu", offsetof(struct rpmsg_bus_stats, interrupts)},
	{"tx_waits", ", tx waits %llu", offsetof(struct rpmsg_bus_stats, tx_waits)},
	{"tx_timeouts", ", tx timeouts %llu", offsetof(struct rpmsg_bus_stats, tx_timeouts)},
	{"drops", ", drops %llu", offsetof(struct rpmsg_bus_stats, drops)},
};

/* @bs's counters as the summary's "bus_stats" JSON object or its "bus:" text line. */
static void print_bus_counters(FILE *f, const struct rpmsg_bus_stats *bs, bool json)
{
	for (size_t i = 0; i < sizeof(bus_counters) / sizeof(bus_counters[0]); i++) {
		unsigned long long v =
			*(const uint64_t *)((const char *)bs + bus_counters[i].offset);

		if (json)
			fprintf(f, "%s\"%s\":%llu", i ? "," : ",\"bus_stats\":{",
				bus_counters[i].key, v);
		else if (bus_counters[i].text)
			fprintf(f, bus_counters[i].text, v);
	}
	fputs(json ? "}" : "\n", f);
}

static void print_summary(FILE *f, const struct print_args *a)
{
	const struct sim_stats *st = a->st;
	const struct rpmsg_bus_stats *bus_stats = a->bus_stats;
	const char *outcome = a->outcome;

	if (a->json) {
		print_json_head(f, st, "summary", "elapsed_s");
		fputs(",\"outcome\":", f);
		rpmsg_json_print(f, outcome, SIZE_MAX);
		fprintf(f,
			",\"errors\":%llu,\"channels\":", (unsigned long long)sim_stats_errors(st));
		print_json_channels(f, st, true);
		if (bus_stats)
			print_bus_counters(f, bus_stats, true);
		fprintf(f, "}\n");
		return;
	}

	fprintf(f, "%s summary: bus %s, %.2f s, %s\n", st->side, st->bus, elapsed_s(st), outcome);
	fprintf(f, "  %-13s %6s %6s %9s %11s %9s %11s %8s %6s\n", "channel", "local", "remote",
		"tx msgs", "tx bytes", "rx msgs", "rx bytes", "tx waits", "errors");
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		const struct sim_channel_stats *ch = &st->ch[i];
		char local[16], remote[16];
		unsigned long long v[CH_COUNTERS];

		format_addr(local, sizeof(local), atomic_load(&ch->local_addr));
		format_addr(remote, sizeof(remote), atomic_load(&ch->remote_addr));
		channel_counters(ch, v);
		fprintf(f, "  %-13s %6s %6s %9llu %11llu %9llu %11llu %8llu %6llu\n",
			sim_service_name(i), local, remote, v[CH_TX_MSGS], v[CH_TX_BYTES],
			v[CH_RX_MSGS], v[CH_RX_BYTES], v[CH_TX_WAITS], v[CH_ERRORS]);
	}
	if (bus_stats)
		print_bus_counters(f, bus_stats, false);
	/* A callback may still be recording an error: read first_error under the lock. */
	pthread_mutex_lock((pthread_mutex_t *)&st->lock);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++)
		if (atomic_load(&st->ch[i].errors))
			fprintf(f, "  %s: %llu errors, first: %s\n", sim_service_name(i),
				(unsigned long long)atomic_load(&st->ch[i].errors),
				st->ch[i].first_error);
	pthread_mutex_unlock((pthread_mutex_t *)&st->lock);
}

void sim_stats_print_summary(const struct sim_stats *st, const struct rpmsg_bus_stats *bus_stats,
			     bool json, const char *outcome)
{
	struct print_args a = {.st = st, .bus_stats = bus_stats, .json = json, .outcome = outcome};

	print_block(print_summary, &a);
}
