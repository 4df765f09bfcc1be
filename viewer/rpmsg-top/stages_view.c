// SPDX-License-Identifier: MIT
/*
 * The stage breakdown of one channel as text (see stages_view.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "stages_view.h"
#include "units.h"

static const char *const dir_names[RPMSG_COLLECTOR_DIRS] = {"tx", "rx"};

/* One stage line: its name, then per direction shown: count, p50, p99, doorbells skipped. */
#define STAGE_NAME_FMT "%-15s"
#define DIR_HEAD_FMT   " %7s %8s %8s %5s"

static void append(char *line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(char *line, const char *fmt, ...)
{
	size_t len = strlen(line);
	va_list ap;

	if (len >= TOP_STAGE_LINE_SIZE - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(line + len, TOP_STAGE_LINE_SIZE - len, fmt, ap);
	va_end(ap);
}

static void stage_cells(char *line, const struct rpmsg_collector_stage_stats *s)
{
	char count[16], p50[16], p99[16], skipped[16];

	snprintf(count, sizeof(count), "%llu", (unsigned long long)s->samples);
	snprintf(skipped, sizeof(skipped), "%llu", (unsigned long long)s->skipped);
	append(line, DIR_HEAD_FMT, count,
	       s->samples ? units_ns(s->p50_ns, false, p50, sizeof(p50)) : "-",
	       s->samples ? units_ns(s->p99_ns, false, p99, sizeof(p99)) : "-",
	       s->skipped ? skipped : "");
}

/* "host 3 (0 failed), total 12.0ms, p50 2.00ms, p99 8.00ms", or "host none" */
static void waits_text(const char *side, const struct rpmsg_collector_traffic *t, char *out,
		       size_t size)
{
	char total[16], p50[16], p99[16];

	if (!t->tx_waits) {
		snprintf(out, size, "%s none", side);
		return;
	}
	snprintf(out, size, "%s %llu (%llu failed), total %s, p50 %s, p99 %s", side,
		 (unsigned long long)t->tx_waits, (unsigned long long)t->tx_wait_failures,
		 units_ns(t->tx_wait_total_ns, false, total, sizeof(total)),
		 units_ns(t->tx_wait_p50_ns, false, p50, sizeof(p50)),
		 units_ns(t->tx_wait_p99_ns, false, p99, sizeof(p99)));
}

int top_stage_lines(const struct rpmsg_collector *c, uint32_t id, char lines[][TOP_STAGE_LINE_SIZE])
{
	struct rpmsg_collector_stages st[RPMSG_COLLECTOR_DIRS];
	bool shown[RPMSG_COLLECTOR_DIRS] = {false, false};
	struct rpmsg_collector_endpoint_stats r;
	const struct rpmsg_collector_traffic *tx;
	char host[96], remote[96], with[24], head[16];
	int n = 0;

	if (rpmsg_collector_endpoint(c, id, &r))
		return 0;
	for (int i = 0; i < TOP_STAGE_LINES_MAX; i++)
		lines[i][0] = '\0';
	append(lines[n], STAGE_NAME_FMT, "stage");
	for (int d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		if (!r.dir[d].sent_msgs && !r.dir[d].delivered_msgs)
			continue;
		shown[d] = true;
		rpmsg_collector_endpoint_stages(c, id, d, &st[d]);
		snprintf(head, sizeof(head), "%s count", dir_names[d]);
		append(lines[n], DIR_HEAD_FMT, head, "p50", "p99", "skip");
	}
	n++;
	for (unsigned int k = 0; k < RPMSG_COLLECTOR_STAGES; k++, n++) {
		append(lines[n], STAGE_NAME_FMT, rpmsg_collector_stage_name(k));
		for (int d = 0; d < RPMSG_COLLECTOR_DIRS; d++)
			if (shown[d])
				stage_cells(lines[n], &st[d].stage[k]);
	}
	tx = &r.dir[RPMSG_COLLECTOR_TX];
	if (tx->buffers_with_receiver >= 0)
		snprintf(with, sizeof(with), "%lld", (long long)tx->buffers_with_receiver);
	else
		snprintf(with, sizeof(with), "?");
	snprintf(lines[n++], TOP_STAGE_LINE_SIZE,
		 "TX buffers of this channel: %u unreclaimed by the host, %s with the remote",
		 tx->buffers_unreclaimed, with);
	waits_text("host", tx, host, sizeof(host));
	waits_text("remote", &r.dir[RPMSG_COLLECTOR_RX], remote, sizeof(remote));
	append(lines[n++], "TX waits: %s; %s", host, remote);
	/* what could not be measured, each reason said once after its stages */
	{
		char *line = lines[n];
		const char *last = "";

		for (int d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
			for (unsigned int k = 0; shown[d] && k < RPMSG_COLLECTOR_STAGES; k++) {
				const char *why = rpmsg_collector_stage_unseen(c, d, k);

				if (!why[0])
					continue;
				if (!line[0])
					append(line, "not measured: ");
				else if (strcmp(why, last))
					append(line, ": %s; ", last);
				else
					append(line, ", ");
				append(line, "%s %s", dir_names[d], rpmsg_collector_stage_name(k));
				last = why;
			}
		}
		if (line[0]) {
			append(line, ": %s", last);
			n++;
		}
	}
	return n;
}
