// SPDX-License-Identifier: MIT
/*
 * Batch output (see batch.h). The text report reads like the screen: a header with totals, the
 * vrings, then the table at a fixed width wide enough for every column, trailing blanks removed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/text.h>

#include "app.h"
#include "batch.h"
#include "findings.h"
#include "stages_view.h"
#include "units.h"

/* Wide enough for every column and a full 31-character name. */
#define BATCH_WIDTH 132

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

/*
 * One line per vring: what it holds (TX unreclaimed / RX posted, with remote, free TX) and its
 * doorbells; then the doorbells no vring was named for, so the lines add up to the header's.
 */
static void print_vrings(struct top_app *app, FILE *f)
{
	const struct rpmsg_collector_totals *t = &app->totals;
	uint32_t n = rpmsg_collector_vring_count(app->collector);
	char k[16], i[16];

	for (uint32_t id = 0; id < n; id++) {
		struct rpmsg_collector_vring_stats v;
		char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(v.bus))];

		if (rpmsg_collector_vring(app->collector, id, &v))
			continue;
		fprintf(f, "vring %s vq%u %s: %u/",
			rpmsg_text_escape(bus, sizeof(bus), v.bus, sizeof(v.bus)), v.vq,
			top_vring_label(v.vq), v.unreclaimed);
		if (v.num)
			fprintf(f, "%u", v.num);
		else
			fputc('?', f);
		if (v.with_remote >= 0)
			fprintf(f, ", " TOP_VRING_WITH_REMOTE " %lld", (long long)v.with_remote);
		else
			fprintf(f, ", " TOP_VRING_WITH_REMOTE " ?");
		if (v.vq == 1 && v.num_free >= 0)
			fprintf(f, ", free TX %lld", (long long)v.num_free);
		fprintf(f, ", kicks/s %s, irqs/s %s\n", units_rate(v.kicks_per_s, k, sizeof(k)),
			units_rate(v.interrupts_per_s, i, sizeof(i)));
	}
	if (t->kicks_other || t->interrupts_other)
		fprintf(f,
			"doorbells on no vring (the source does not say which): kicks/s %s, irqs/s "
			"%s\n",
			units_rate(t->kicks_other_per_s, k, sizeof(k)),
			units_rate(t->interrupts_other_per_s, i, sizeof(i)));
}

/*
 * The detail pane of every row shown, as text: where each message's time goes (stages), the
 * row's TX buffers and waits. Rows without messages have nothing to break down.
 */
static void print_stages(struct top_app *app, FILE *f, size_t shown)
{
	char lines[TOP_STAGE_LINES_MAX][TOP_STAGE_LINE_SIZE];

	for (size_t i = 0; i < shown; i++) {
		const struct rpmsg_collector_endpoint_stats *r = &app->table.rows[i];
		char name[RPMSG_TEXT_ESCAPED_SIZE(sizeof(r->name))];
		int n;

		if (!r->dir[0].msgs && !r->dir[1].msgs)
			continue;
		n = top_stage_lines(app->collector, r->id, lines);
		rpmsg_text_escape(name, sizeof(name), r->name, sizeof(r->name));
		fprintf(f, "detail %s host %u <-> remote %u (stages since start)\n",
			name[0] ? name : "?", r->local, r->remote);
		for (int l = 0; l < n; l++) {
			rstrip(lines[l]);
			fprintf(f, "  %s\n", lines[l]);
		}
	}
}

static int print_text(struct top_app *app, FILE *f)
{
	const struct rpmsg_collector_totals *t = &app->totals;
	const struct rpmsg_collector_traffic *tx = &t->dir[RPMSG_COLLECTOR_TX];
	const struct rpmsg_collector_traffic *rx = &t->dir[RPMSG_COLLECTOR_RX];
	char a[16], b[16], c[16], d[16], line[1024], windows[128];
	char now[RPMSG_TIME_TEXT_SIZE], last[RPMSG_TIME_TEXT_SIZE], flag[256];
	size_t shown = 0;

	/* the source's clock: a replay's header shows trace time, as decode prints it */
	fprintf(f, "rpmsg-top refresh %llu [%s], last event [%s], source: %s\n",
		(unsigned long long)app->refreshes,
		units_time(app->source->ops->now_ns(app->source), app->clock, app->clock_style, now,
			   sizeof(now)),
		units_time(t->last_ns, app->clock, app->clock_style, last, sizeof(last)),
		app->source->label);
	if (app->source->fallback[0] || app->source->note[0])
		fprintf(f, "note: %s%s%s\n", app->source->fallback,
			app->source->fallback[0] && app->source->note[0] ? "; " : "",
			app->source->note);
	fprintf(f, "msgs/s tx %s rx %s  B/s tx %s rx %s", units_rate(tx->msgs_per_s, a, sizeof(a)),
		units_rate(rx->msgs_per_s, b, sizeof(b)),
		units_bytes(tx->bytes_per_s, c, sizeof(c)),
		units_bytes(rx->bytes_per_s, d, sizeof(d)));
	fprintf(f, "  kicks/s %s irqs/s %s  lost %llu rejected %llu\n",
		units_rate(t->kicks_per_s, a, sizeof(a)),
		units_rate(t->interrupts_per_s, b, sizeof(b)), (unsigned long long)t->lost_events,
		(unsigned long long)t->rejected_events);
	for (unsigned int i = 0; i < t->lost_source_count; i++)
		fprintf(f, "lost %llu events: %s\n", (unsigned long long)t->lost[i].count,
			t->lost[i].name);
	fprintf(f, "total tx %llu msgs %llu B  rx %llu msgs %llu B  channels %u\n",
		(unsigned long long)tx->msgs, (unsigned long long)tx->bytes,
		(unsigned long long)rx->msgs, (unsigned long long)rx->bytes, t->endpoints);
	print_vrings(app, f);
	fprintf(f, "%s\n",
		top_table_windows(t->interval_ns ? (double)t->interval_ns / 1e9 : app->interval_s,
				  windows, sizeof(windows)));
	top_table_format_line(&app->table, NULL, BATCH_WIDTH, false, app->source->provides, line,
			      sizeof(line));
	rstrip(line);
	fprintf(f, "%s\n", line);
	/* an empty table says why, in place of its rows (as the screen does) */
	if (!app->table.count && app->empty_reason[0])
		fprintf(f, "status: %s\n", app->empty_reason);
	for (size_t i = 0; i < app->table.count; i++) {
		if (app->opts->max_rows && shown == app->opts->max_rows)
			break;
		top_table_format_line(&app->table, &app->table.rows[i], BATCH_WIDTH, false,
				      app->source->provides, line, sizeof(line));
		rstrip(line);
		/* a flagged row: its rules after the last column (the header stays the same) */
		top_findings_flag(app, app->table.rows[i].id, flag, sizeof(flag));
		fprintf(f, "%s%s%s\n", line, flag[0] ? "  " TOP_FLAG_MARK " " : "", flag);
		shown++;
	}
	/* every finding, bus-wide ones included, under the table it flags */
	top_findings_print_text(app, f);
	print_stages(app, f, shown);
	fputc('\n', f);
	return 0;
}

static enum rpmsg_collector_sort_key collector_key(enum top_column col)
{
	switch (col) {
	case TOP_COL_NAME:
		return RPMSG_COLLECTOR_SORT_NAME;
	case TOP_COL_TX_RATE:
		return RPMSG_COLLECTOR_SORT_TX_RATE;
	case TOP_COL_RX_RATE:
		return RPMSG_COLLECTOR_SORT_RX_RATE;
	case TOP_COL_TX_BYTES:
	case TOP_COL_RX_BYTES:
		return RPMSG_COLLECTOR_SORT_BYTE_RATE;
	case TOP_COL_LAT_P50:
		return RPMSG_COLLECTOR_SORT_LAT_P50;
	case TOP_COL_LAT_P99:
		return RPMSG_COLLECTOR_SORT_LAT_P99;
	case TOP_COL_TX_WAITS:
		return RPMSG_COLLECTOR_SORT_TX_WAITS;
	case TOP_COL_DROPS:
		return RPMSG_COLLECTOR_SORT_DROPS;
	case TOP_COL_TX_MSGS:
		return RPMSG_COLLECTOR_SORT_TX_MSGS;
	case TOP_COL_RX_MSGS:
		return RPMSG_COLLECTOR_SORT_RX_MSGS;
	default:
		return RPMSG_COLLECTOR_SORT_ADDR;
	}
}

/*
 * One JSON object per frame, on one line: the collector's, with the doctor's "findings" array
 * added as its last key (the same objects as `rpmsg-trace doctor --json`).
 */
static int print_json(struct top_app *app, FILE *f, const struct rpmsg_collector_print_opts *po)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	int ret;

	if (!m)
		return -ENOMEM;
	ret = rpmsg_collector_print_json(app->collector, m, po);
	if (fclose(m) && !ret)
		ret = -ENOMEM;
	/* the collector's line ends with "}\n": the array goes before that brace */
	while (!ret && len && text[len - 1] == '\n')
		len--;
	if (!ret && (!len || text[len - 1] != '}'))
		ret = -EIO;
	if (!ret) {
		fwrite(text, 1, len - 1, f);
		fputs(",\"findings\":", f);
		ret = top_findings_print_json(app, f);
		fputs("}\n", f);
	}
	free(text);
	return ret;
}

int batch_print(struct top_app *app, FILE *f)
{
	int ret;

	if (app->opts->json) {
		struct rpmsg_collector_print_opts po;

		rpmsg_collector_print_opts_init(&po);
		po.sort = collector_key(app->table.sort);
		po.descending = app->table.descending;
		po.max_rows = app->opts->max_rows;
		po.flags |= RPMSG_COLLECTOR_PRINT_STAGES;
		/* the JSON's times on the clock the header prints */
		po.wall_offset_ns = rpmsg_source_wall_offset_ns(app->source);
		ret = print_json(app, f, &po);
	} else {
		ret = print_text(app, f);
	}
	fflush(f);
	return ret || ferror(f) ? -EIO : 0;
}
