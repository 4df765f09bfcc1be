// SPDX-License-Identifier: MIT
/*
 * Screen drawing (see screen.h). Layout, top to bottom:
 *   header: what is watched and from where, uptime, refresh interval
 *   totals: msgs/s and B/s each way, doorbells per direction, lost and rejected events
 *   note:   what the source cannot show, the demo's state, or the last key's remark
 *   vrings: one bar per vring (RX posted, TX unreclaimed) / ring size, buffers with the remote,
 *           free TX buffers, doorbells (adding up to the totals' line), coloured by level
 *   table:  one row per channel, sortable; the selected row highlighted
 *   detail: (Enter) sparklines of the rates, size histogram, the stage breakdown (t puts it
 *           first when the pane is short), last messages decoded
 *   keys:   a one-line reminder of the main keys, or the prompt of "/" and "d"
 * Every line is cut to the terminal width (UTF-8 aware), so nothing wraps at any size.
 */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/text.h>

#include "app.h"
#include "findings.h"
#include "keys.h"
#include "screen.h"
#include "stages_view.h"
#include "units.h"

enum {
	PAIR_OK = 1,
	PAIR_WARN,
	PAIR_BAD,
	PAIR_HEADER,
	PAIR_TITLE,
	PAIR_DIM,
};

#define DETAIL_MIN_ROWS 9

static bool have_colors;

int screen_init(struct top_app *app)
{
	const char *codeset;

	if (!initscr())
		return -EIO;
	codeset = nl_langinfo(CODESET);
	app->utf8 = !app->opts->ascii && codeset && !strcmp(codeset, "UTF-8");
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(PAIR_OK, COLOR_GREEN, -1);
		init_pair(PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(PAIR_BAD, COLOR_RED, -1);
		init_pair(PAIR_HEADER, COLOR_BLACK, COLOR_GREEN);
		init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_DIM, COLOR_BLUE, -1);
		have_colors = true;
	}
	return 0;
}

void screen_end(void)
{
	if (!isendwin())
		endwin();
}

int screen_getch(int timeout_ms)
{
	timeout(timeout_ms);
	return getch();
}

static int color(int pair)
{
	return have_colors ? COLOR_PAIR(pair) : 0;
}

/* Bytes of @s that fit in @cols display columns (UTF-8 continuation bytes take none). */
/* A finding's colour: red when messages are lost or senders stuck, yellow otherwise. */
static int severity_attr(enum rpmsg_doctor_severity severity)
{
	return (severity == RPMSG_DOCTOR_ERROR ? color(PAIR_BAD) : color(PAIR_WARN)) | A_BOLD;
}

static size_t fit_bytes(const char *s, int cols)
{
	size_t i = 0;
	int used = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (used == cols)
				break;
			used++;
		}
		i++;
	}
	return i;
}

/* Write @text at (@y, @x) with @attr, cut to the screen's width. Return: the column after it. */
static int put(int y, int x, int attr, const char *text)
{
	size_t n;
	int cols = 0;

	if (y >= LINES || x >= COLS)
		return x;
	n = fit_bytes(text, COLS - x);
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			cols++;
	attron(attr);
	mvaddnstr(y, x, text, (int)n);
	attroff(attr);
	/* not getyx(): after the last column the cursor has wrapped to the next line */
	return x + cols;
}

static int putf(int y, int x, int attr, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int putf(int y, int x, int attr, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return put(y, x, attr, line);
}

/* A full-width line in @attr (the title bars). */
static void bar_line(int y, int attr, const char *text)
{
	move(y, 0);
	attron(attr);
	for (int i = 0; i < COLS; i++)
		addch(' ');
	attroff(attr);
	put(y, 0, attr, text);
}

static const char *watched(const struct top_app *app, char *buf, size_t size)
{
	const struct top_options *o = app->opts;

	if (app->demo)
		snprintf(buf, size, "demo bus %s", app->demo->bus);
	else if (o->replay || o->live_url || o->kmsg || o->kernel)
		snprintf(buf, size, "%u bus%s", app->totals.buses,
			 app->totals.buses == 1 ? "" : "es");
	else if (o->bus_count == 1)
		snprintf(buf, size, "bus %s", o->buses[0]);
	else if (o->bus_count)
		snprintf(buf, size, "%d buses", o->bus_count);
	else
		snprintf(buf, size, "all buses (%u seen)", app->totals.buses);
	return buf;
}

static int draw_header(struct top_app *app, int y)
{
	const struct rpmsg_collector_totals *t = &app->totals;
	const struct rpmsg_collector_traffic *tx = &t->dir[RPMSG_COLLECTOR_TX];
	const struct rpmsg_collector_traffic *rx = &t->dir[RPMSG_COLLECTOR_RX];
	char what[96], up[32], a[16], b[16], c[16], d[16], e[16], f[16], line[512];
	int x, lost_attr;

	char right[96];
	int room;

	snprintf(right, sizeof(right), "  up %s  every %gs%s ",
		 units_uptime(rpmsg_now_ns() - app->started_ns, up, sizeof(up)), app->interval_s,
		 app->paused ? "  PAUSED" : "");
	snprintf(line, sizeof(line), " rpmsg-top  %s  source: %s", watched(app, what, sizeof(what)),
		 app->source->label);
	/* the clock and interval always show; the source label gives way */
	room = COLS - (int)strlen(right);
	if (room > 0 && (int)strlen(line) > room)
		line[room > 1 ? room - 1 : 0] = '\0';
	if (room > 0 && (int)strlen(line) >= room - 1 && room > 2)
		line[room - 2] = '~';
	bar_line(y, color(PAIR_TITLE) | A_BOLD, line);
	if (room > 0)
		put(y, room, color(PAIR_TITLE) | A_BOLD, right);
	y++;

	x = put(y, 0, A_BOLD, "msgs/s ");
	x = putf(y, x, 0, "tx %s rx %s", units_rate(tx->msgs_per_s, a, sizeof(a)),
		 units_rate(rx->msgs_per_s, b, sizeof(b)));
	x = put(y, x, A_BOLD, "  B/s ");
	x = putf(y, x, 0, "tx %s rx %s", units_bytes(tx->bytes_per_s, c, sizeof(c)),
		 units_bytes(rx->bytes_per_s, d, sizeof(d)));
	x = put(y, x, A_BOLD, "  kicks/s ");
	x = putf(y, x, 0, "%s", units_rate(t->kicks_per_s, e, sizeof(e)));
	x = put(y, x, A_BOLD, "  irqs/s ");
	x = putf(y, x, 0, "%s", units_rate(t->interrupts_per_s, f, sizeof(f)));
	lost_attr = t->lost_events || t->rejected_events ? color(PAIR_BAD) | A_BOLD : 0;
	x = put(y, x, A_BOLD, "  lost ");
	x = putf(y, x, lost_attr, "%llu", (unsigned long long)t->lost_events);
	if (t->rejected_events) {
		x = put(y, x, A_BOLD, " rejected ");
		putf(y, x, lost_attr, "%llu", (unsigned long long)t->rejected_events);
	}
	y++;

	/* totals since start, and channel count */
	x = put(y, 0, A_BOLD, "total  ");
	x = putf(y, x, 0, "tx %s msgs %s B  rx %s msgs %s B", units_count(tx->msgs, a, sizeof(a)),
		 units_count(tx->bytes, b, sizeof(b)), units_count(rx->msgs, c, sizeof(c)),
		 units_count(rx->bytes, d, sizeof(d)));
	x = put(y, x, A_BOLD, "  channels ");
	x = putf(y, x, 0, "%u", t->endpoints);
	{
		char windows[128];

		x = putf(y, x, color(PAIR_DIM), "  (%s)",
			 top_table_windows(app->interval_s, windows, sizeof(windows)));
	}
	if (tx->tx_waits + rx->tx_waits || tx->drops + rx->drops) {
		x = put(y, x, A_BOLD, "  waits ");
		x = putf(y, x, color(PAIR_WARN), "%llu",
			 (unsigned long long)(tx->tx_waits + rx->tx_waits));
		x = put(y, x, A_BOLD, " drops ");
		putf(y, x, color(PAIR_BAD), "%llu", (unsigned long long)(tx->drops + rx->drops));
	}
	y++;

	/* what the source cannot show, and the demo's state */
	if (app->demo && !app->demo->running) {
		char how[64];

		putf(y, 0, color(PAIR_WARN) | A_BOLD, "demo %s; log: %s",
		     top_demo_describe(app->demo, how, sizeof(how)), app->demo->log);
		y++;
	} else if (app->source->ended) {
		put(y, 0, color(PAIR_WARN) | A_BOLD, "end of the recording: the numbers are final");
		y++;
	}
	if (app->source->fallback[0] || app->source->note[0]) {
		putf(y, 0, color(PAIR_DIM), "%s%s%s", app->source->fallback,
		     app->source->fallback[0] && app->source->note[0] ? "; " : "",
		     app->source->note);
		y++;
	}
	return y;
}

/*
 * The level colour of a ring. RX (vq0) is in trouble when few buffers are posted. TX (vq1) is
 * in trouble when senders had to wait for a buffer: the host reclaims sent buffers only when it
 * needs one (as Linux does), so a full TX ring alone is normal and only yellow.
 */
static int ring_pair(const struct top_app *app, uint32_t vq, double used)
{
	if (vq == 1)
		return app->tx_waits_interval ? PAIR_BAD : used < 0.85 ? PAIR_OK : PAIR_WARN;
	return used > 0.5 ? PAIR_OK : used > 0.15 ? PAIR_WARN : PAIR_BAD;
}

static int draw_vrings(struct top_app *app, int y, int max_lines)
{
	const struct rpmsg_collector_totals *t = &app->totals;
	uint32_t n = rpmsg_collector_vring_count(app->collector);
	int lines = 0;
	char rate[16], irq[16];

	for (uint32_t id = 0; id < n && lines < max_lines; id++) {
		struct rpmsg_collector_vring_stats v;
		char label[160];
		char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(v.bus))];
		int width, filled, x;
		double used;

		if (rpmsg_collector_vring(app->collector, id, &v))
			continue;
		/* the bus name only when there are several */
		rpmsg_text_escape(bus, sizeof(bus), v.bus, sizeof(v.bus));
		snprintf(label, sizeof(label), "%s vq%u %-14s ", app->totals.buses > 1 ? bus : "",
			 v.vq, top_vring_label(v.vq));
		x = put(y, 0, A_BOLD, label);
		width = COLS - x - 62;
		if (width > 50)
			width = 50;
		if (width < 8)
			width = 8;
		used = v.num ? (double)v.unreclaimed / v.num : 0;
		if (used > 1)
			used = 1;
		filled = (int)(used * width + 0.5);
		if (v.unreclaimed && !filled)
			filled = 1;
		x = put(y, x, A_BOLD, "[");
		attron(color(ring_pair(app, v.vq, used)) | A_BOLD);
		for (int i = 0; i < width && x < COLS; i++, x++)
			mvaddstr(y, x, i < filled ? (app->utf8 ? "\u2588" : "|") : " ");
		attroff(color(ring_pair(app, v.vq, used)) | A_BOLD);
		x = put(y, x, A_BOLD, "]");
		if (v.num)
			x = putf(y, x, 0, " %3u/%-3u", v.unreclaimed, v.num);
		else
			x = putf(y, x, 0, " %3u/?  ", v.unreclaimed);
		if (v.with_remote >= 0)
			x = putf(y, x, 0, " " TOP_VRING_WITH_REMOTE " %3lld",
				 (long long)v.with_remote);
		else
			x = put(y, x, 0, " " TOP_VRING_WITH_REMOTE "   ?");
		if (v.vq == 1 && v.num_free >= 0)
			x = putf(y, x, v.num_free == 0 ? color(PAIR_BAD) | A_BOLD : 0,
				 " free TX %3lld", (long long)v.num_free);
		else if (v.vq == 1)
			x = put(y, x, 0, " free TX   ?");
		else
			x = put(y, x, 0, "            ");
		putf(y, x, color(PAIR_DIM), "  kicks/s %s irqs/s %s",
		     units_rate(v.kicks_per_s, rate, sizeof(rate)),
		     units_rate(v.interrupts_per_s, irq, sizeof(irq)));
		y++;
		lines++;
	}
	/* doorbells the source could not tie to a ring: with them the lines add up to the header */
	if ((t->kicks_other || t->interrupts_other) && lines < max_lines) {
		putf(y, 0, color(PAIR_DIM),
		     " doorbells on no vring (the source does not say which)"
		     "  kicks/s %s irqs/s %s",
		     units_rate(t->kicks_other_per_s, rate, sizeof(rate)),
		     units_rate(t->interrupts_other_per_s, irq, sizeof(irq)));
		y++;
	}
	return y;
}

static void draw_table(struct top_app *app, int y, int rows)
{
	struct top_table *t = &app->table;
	unsigned int provides = app->source->provides;
	bool visible[TOP_COL_COUNT];
	/* a flagged row's mark goes in the blank between NAME and the next column */
	int flag_x = top_table_layout(COLS, visible);
	char line[1024];

	top_table_format_line(t, NULL, COLS, app->utf8, provides, line, sizeof(line));
	bar_line(y++, color(PAIR_HEADER) | A_BOLD, line);
	if (rows <= 0)
		return;
	/* keep the selection visible after a resize or a refresh that moved it */
	if (t->selected < t->first)
		t->first = t->selected;
	if (t->selected >= t->first + (size_t)rows)
		t->first = t->selected - (size_t)rows + 1;
	if (t->first + (size_t)rows > t->count)
		t->first = t->count > (size_t)rows ? t->count - (size_t)rows : 0;
	for (int i = 0; i < rows && t->first + (size_t)i < t->count; i++) {
		const struct rpmsg_collector_endpoint_stats *r = &t->rows[t->first + (size_t)i];
		bool selected = t->first + (size_t)i == t->selected;
		int attr = selected ? A_REVERSE : r->closed ? A_DIM : 0;

		const struct rpmsg_doctor_finding *f = top_findings_of_row(app, r->id, NULL);

		top_table_format_line(t, r, COLS, app->utf8, provides, line, sizeof(line));
		put(y + i, 0, attr, line);
		if (f && flag_x < COLS)
			put(y + i, flag_x, severity_attr(f->severity) | (attr & A_REVERSE),
			    TOP_FLAG_MARK);
	}
	if (!t->count) {
		if (t->total)
			putf(y, 1, color(PAIR_WARN),
			     "no channel matches the filter \"%s\" (\\ clears it)", t->filter);
		else if (app->demo)
			put(y, 1, color(PAIR_DIM), "waiting for the demo's channels...");
		else if (app->empty_reason[0])
			/* the status: why the table is empty, in the source's words */
			putf(y, 1, color(PAIR_WARN), "status: %s", app->empty_reason);
		else
			put(y, 1, color(PAIR_DIM),
			    "no channels yet (no bus found, or nothing announced); h for help");
	}
}

static void draw_histogram(const struct rpmsg_collector_traffic *d, const char *label, int y, int x,
			   int width, int max_lines, bool utf8)
{
	uint64_t max = 0;
	int lines = 0;

	for (unsigned int b = 0; b < RPMSG_COLLECTOR_SIZE_BUCKETS; b++)
		if (d->size_hist[b] > max)
			max = d->size_hist[b];
	putf(y, x, A_BOLD, "%s sizes", label);
	if (!max) {
		put(y + 1, x, color(PAIR_DIM), "  no messages");
		return;
	}
	for (unsigned int b = 0; b < RPMSG_COLLECTOR_SIZE_BUCKETS && lines < max_lines; b++) {
		char count[16];
		int bar = width - 16;
		int n;

		if (!d->size_hist[b])
			continue;
		n = (int)((double)d->size_hist[b] / (double)max * bar + 0.5);
		putf(y + 1 + lines, x, 0, "%5s %6s ", rpmsg_collector_size_bucket_label(b),
		     units_count(d->size_hist[b], count, sizeof(count)));
		attron(color(PAIR_OK));
		for (int i = 0; i < n && i < bar; i++)
			addstr(utf8 ? "\u25a0" : "#");
		attroff(color(PAIR_OK));
		lines++;
	}
}

/*
 * The selected row's findings at the top of its pane: rule and evidence, then the fix; at most
 * @max_lines lines (the rest of the pane keeps its rates). Return: lines used.
 */
static int draw_row_findings(const struct top_app *app, int64_t row_id, int y, int max_lines)
{
	int used = 0;

	for (size_t i = 0; i < app->findings_count && used + 2 <= max_lines; i++) {
		const struct rpmsg_doctor_finding *f = &app->findings[i];
		char evidence[RPMSG_TEXT_ESCAPED_SIZE(sizeof(f->evidence))];
		char fix[RPMSG_TEXT_ESCAPED_SIZE(sizeof(f->fix))];
		int x;

		if (f->row_id < 0 || f->row_id != row_id)
			continue;
		rpmsg_text_escape(evidence, sizeof(evidence), f->evidence, sizeof(f->evidence));
		rpmsg_text_escape(fix, sizeof(fix), f->fix, sizeof(f->fix));
		x = putf(y + used, 0, severity_attr(f->severity), "%s %s%s ", TOP_FLAG_MARK,
			 rpmsg_doctor_rule_id(f->rule), f->uncertain ? " (uncertain)" : "");
		put(y + used++, x, 0, evidence);
		x = put(y + used, 2, A_BOLD, "fix: ");
		put(y + used++, x, 0, fix);
	}
	return used;
}

static void draw_detail(struct top_app *app, int y, int rows)
{
	const struct rpmsg_collector_endpoint_stats *r = top_table_selected_row(&app->table);
	struct rpmsg_collector_rate_sample hist[RPMSG_COLLECTOR_HISTORY_MAX];
	float tx[RPMSG_COLLECTOR_HISTORY_MAX], rx[RPMSG_COLLECTOR_HISTORY_MAX];
	char line[512], spark[512], a[16], b[16], p50[16], p99[16];
	char name[RPMSG_TEXT_ESCAPED_SIZE(sizeof(r->name))];
	char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(r->bus))];
	int n, hist_width, msg_rows, x;

	if (!r) {
		bar_line(y, color(PAIR_TITLE), " detail: no channel selected");
		return;
	}
	/* name and bus came from the peer or a file: escaped before curses sees them */
	rpmsg_text_escape(name, sizeof(name), r->name, sizeof(r->name));
	rpmsg_text_escape(bus, sizeof(bus), r->bus, sizeof(r->bus));
	snprintf(line, sizeof(line), " %s  bus %s  host %u %s remote %u%s%s%s",
		 name[0] ? name : "?", bus, r->local, app->utf8 ? "\u2194" : "<->", r->remote,
		 r->name_source && r->name_source[0] ? "  (name from " : "",
		 r->name_source && r->name_source[0] ? r->name_source : "",
		 r->name_source && r->name_source[0] ? ")" : "");
	if (r->closed)
		strncat(line, "  CLOSED", sizeof(line) - strlen(line) - 1);
	bar_line(y++, color(PAIR_TITLE) | A_BOLD, line);
	rows--;
	n = draw_row_findings(app, r->id, y, rows - 4);
	y += n;
	rows -= n;

	n = rpmsg_collector_endpoint_history(app->collector, r->id, hist,
					     RPMSG_COLLECTOR_HISTORY_MAX);
	for (int i = 0; i < n; i++) {
		tx[i] = hist[i].msgs_per_s[RPMSG_COLLECTOR_TX];
		rx[i] = hist[i].msgs_per_s[RPMSG_COLLECTOR_RX];
	}
	hist_width = COLS / 3 < 28 ? 28 : COLS / 3 > 44 ? 44 : COLS / 3;
	/* sparklines: the last n refreshes (a minute at the default 1 s) */
	{
		int spark_cols = COLS - hist_width - 24;
		size_t spark_size =
			(size_t)(spark_cols > 0 ? spark_cols : 1) * (app->utf8 ? 3 : 1) + 1;

		if (spark_size > sizeof(spark))
			spark_size = sizeof(spark);
		x = put(y, 0, A_BOLD, "tx/s ");
		x = putf(y, x, 0, "%-6s ", units_rate(r->dir[0].msgs_per_s, a, sizeof(a)));
		put(y, x, color(PAIR_OK),
		    units_sparkline(tx, (size_t)(n > 0 ? n : 0), app->utf8, spark, spark_size));
		x = put(y + 1, 0, A_BOLD, "rx/s ");
		x = putf(y + 1, x, 0, "%-6s ", units_rate(r->dir[1].msgs_per_s, b, sizeof(b)));
		put(y + 1, x, color(PAIR_OK),
		    units_sparkline(rx, (size_t)(n > 0 ? n : 0), app->utf8, spark, spark_size));
		putf(y + 2, 0, color(PAIR_DIM),
		     "rate over the last %.0f s; latency %s p50 %s p99 %s",
		     (double)n * app->interval_s, RPMSG_COLLECTOR_LATENCY_WINDOW,
		     units_ns(r->dir[0].lat_p50_ns > r->dir[1].lat_p50_ns ? r->dir[0].lat_p50_ns
									  : r->dir[1].lat_p50_ns,
			      true, p50, sizeof(p50)),
		     units_ns(r->dir[0].lat_p99_ns > r->dir[1].lat_p99_ns ? r->dir[0].lat_p99_ns
									  : r->dir[1].lat_p99_ns,
			      true, p99, sizeof(p99)));
	}
	/* size histogram of the busier direction, on the right */
	{
		const struct rpmsg_collector_traffic *d =
			r->dir[0].msgs >= r->dir[1].msgs ? &r->dir[0] : &r->dir[1];

		draw_histogram(d, d == &r->dir[0] ? "tx" : "rx", y, COLS - hist_width, hist_width,
			       rows - 1, app->utf8);
	}
	y += 3;
	msg_rows = rows - 3;
	/*
	 * Where the time goes: the stage breakdown, when the pane has room for it beside a few
	 * messages, or first when asked for (t) and the messages get what is left.
	 */
	{
		char stage_lines[TOP_STAGE_LINES_MAX][TOP_STAGE_LINE_SIZE];
		int lines = top_stage_lines(app->collector, r->id, stage_lines);

		if (lines && (app->detail_stages || msg_rows > lines + 4)) {
			for (int i = 0; i < lines && i < msg_rows; i++)
				put(y++, 0, i ? 0 : A_BOLD, stage_lines[i]);
			msg_rows -= lines;
			if (msg_rows < 1)
				return;
		} else if (lines) {
			put(y++, 0, color(PAIR_DIM),
			    "stage breakdown: t (the pane is too short for both)");
			msg_rows--;
		}
	}
	put(y++, 0, A_BOLD, "last messages (newest first)");
	msg_rows--;
	if (!app->source->payloads) {
		put(y, 0, color(PAIR_DIM), "payloads need root: this source cannot see them");
		return;
	}
	for (int i = 0; i < msg_rows && i < (int)r->messages_kept; i++) {
		struct rpmsg_collector_message m;
		char text[400], lat[16], when[RPMSG_TIME_TEXT_SIZE];
		int col;

		if (rpmsg_collector_endpoint_message(app->collector, r->id, (unsigned int)i, &m))
			break;
		rpmsg_collector_format_message(app->collector, r->id, &m, text, sizeof(text));
		/* the message's time as decode and live --messages print it */
		col = putf(y + i, 0, color(PAIR_DIM), "%s ",
			   units_time(m.ts_ns, app->clock, app->clock_style, when, sizeof(when)));
		col = putf(y + i, col, color(m.dir == RPMSG_COLLECTOR_TX ? PAIR_OK : PAIR_WARN),
			   "%s %4u", m.dir == RPMSG_COLLECTOR_TX ? "tx" : "rx", m.len);
		col = putf(y + i, col, color(PAIR_DIM), " %7s ",
			   units_ns(m.latency_ns, true, lat, sizeof(lat)));
		/* keep clear of the histogram column */
		if (COLS - hist_width - col - 1 > 0) {
			text[fit_bytes(text, COLS - hist_width - col - 1)] = '\0';
			put(y + i, col, 0, text);
		}
	}
	if (!r->messages_kept)
		put(y, 0, color(PAIR_DIM), "none yet");
}

struct help_line {
	int attr;
	char text[240];
};

/* The help text, one entry per screen line (scrolled when the terminal is short). */
static unsigned int help_lines(const struct top_app *app, struct help_line *out, unsigned int max)
{
	unsigned int n = 0;

#define HELP(a, ...)                                                                               \
	do {                                                                                       \
		if (n < max) {                                                                     \
			out[n].attr = (a);                                                         \
			snprintf(out[n].text, sizeof(out[n].text), __VA_ARGS__);                   \
			n++;                                                                       \
		}                                                                                  \
	} while (0)
	HELP(A_BOLD, "Keys");
	for (unsigned int i = 0; i < top_binding_count; i++)
		HELP(0, "  %-14s %s", top_bindings[i].keys, top_bindings[i].help);
	HELP(0, "%s", "");
	HELP(A_BOLD, "Columns (s < > choose the sort column; -s KEY on the command line)");
	for (int i = 0; i < TOP_COL_COUNT; i++)
		HELP(0, "  %-7s %-7s %s", top_columns[i].title, top_columns[i].key,
		     top_columns[i].help);
	HELP(0, "%s", "");
	HELP(A_BOLD, "Bars");
	HELP(0, "  vq0 %s: RX buffers the host made available (red when few are left)",
	     top_vring_label(0));
	HELP(0, "  vq1 %s: sent TX buffers the host has not taken back yet; free TX",
	     top_vring_label(1));
	HELP(color(PAIR_DIM),
	     "  The host reclaims sent TX buffers lazily, as Linux does: a full vq1");
	HELP(color(PAIR_DIM), "  bar with no WAITS is normal; WAITS counts real TX starvation.");
	HELP(0, "  %s: published in the avail ring, not yet returned in the used ring",
	     TOP_VRING_WITH_REMOTE);
	HELP(color(PAIR_DIM),
	     "  (vq1: messages really in flight; ? when the source cannot see it)");
	HELP(0, "  kicks/s, irqs/s per ring add up to the header's (with doorbells on no vring)");
	HELP(0, "%s", "");
	HELP(A_BOLD, "Findings (the rules of rpmsg-trace doctor, at every refresh)");
	HELP(0, "  %s before ADDR: the row has a finding (red: messages lost or senders stuck)",
	     TOP_FLAG_MARK);
	HELP(0, "  the line under the table lists them all, bus-wide ones included");
	HELP(0, "  the detail pane gives the selected row's: rule, evidence, fix");
	HELP(0, "%s", "");
	HELP(A_BOLD, "Source");
	HELP(0, "  %s", app->source->label);
	if (app->source->fallback[0])
		HELP(color(PAIR_DIM), "  %s", app->source->fallback);
	if (app->source->note[0])
		HELP(color(PAIR_DIM), "  %s", app->source->note);
#undef HELP
	return n;
}

static void draw_help(struct top_app *app)
{
	struct help_line lines[64];
	unsigned int n = help_lines(app, lines, 64), room = LINES > 2 ? (unsigned int)LINES - 2 : 1;

	if (app->help_scroll + room > n)
		app->help_scroll = n > room ? n - room : 0;
	erase();
	bar_line(0, color(PAIR_TITLE) | A_BOLD,
		 n > room ? " rpmsg-top help - Up/Down/PgUp/PgDn scroll, other keys return, q quits"
			  : " rpmsg-top help - any key returns, q quits");
	for (unsigned int i = 0; i < room && app->help_scroll + i < n; i++)
		put(1 + (int)i, 0, lines[app->help_scroll + i].attr,
		    lines[app->help_scroll + i].text);
	if (app->help_scroll + room < n)
		put(LINES - 1, 0, A_REVERSE, " more below (Down / PgDn) ");
}

unsigned int screen_table_rows(const struct top_app *app)
{
	int rows = LINES - 6 - 2 - (int)rpmsg_collector_vring_count(app->collector);

	/* the line of doorbells on no vring */
	if (app->totals.kicks_other || app->totals.interrupts_other)
		rows--;

	if (app->detail)
		rows -= rows / 2 > DETAIL_MIN_ROWS ? rows / 2 : DETAIL_MIN_ROWS;
	return rows > 1 ? (unsigned int)rows : 1;
}

static void draw_footer(struct top_app *app)
{
	static const char *const keys[][2] = {
		{"h", "Help"},	{"Enter", "Detail"}, {"s<>", "Sort"}, {"/", "Filter"},
		{"p", "Pause"}, {"+-", "Interval"},  {"q", "Quit"},
	};
	int y = LINES - 1, x = 0;

	move(y, 0);
	clrtoeol();
	if (app->edit) {
		x = put(y, 0, A_BOLD,
			app->edit == TOP_EDIT_FILTER ? "Filter by name: "
						     : "Refresh interval (s): ");
		x = put(y, x, 0, app->edit_buf);
		put(y, x, A_REVERSE, " ");
		return;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		x = putf(y, x, A_BOLD, "%s ", keys[i][0]);
		x = putf(y, x, color(PAIR_TITLE), "%-8s", keys[i][1]);
		x = put(y, x, 0, " ");
	}
	if (app->table.filter[0] && x < COLS - 10)
		putf(y, x + 1, color(PAIR_WARN), "filter \"%s\"", app->table.filter);
}

void screen_draw(struct top_app *app)
{
	int y, table_rows, detail_rows, vring_lines;

	if (app->resized) {
		app->resized = false;
		/* KEY_RESIZE already resized stdscr; clear the old layout's leftovers */
		clear();
	}
	if (app->help) {
		draw_help(app);
		refresh();
		return;
	}
	erase();
	y = draw_header(app, 0);
	vring_lines = LINES - y - 6;
	y = draw_vrings(app, y, vring_lines > 0 ? vring_lines : 0);
	table_rows = LINES - y - 1 /* header */ - 1 /* message */ - 1 /* footer */;
	detail_rows = 0;
	if (app->detail) {
		detail_rows = table_rows / 2 > DETAIL_MIN_ROWS ? table_rows / 2 : DETAIL_MIN_ROWS;
		if (detail_rows > table_rows - 2)
			detail_rows = table_rows - 2;
		if (detail_rows < 4)
			detail_rows = 0;
		table_rows -= detail_rows;
	}
	/* -r N: at most N rows, the room left goes to the detail pane */
	if (app->opts->max_rows && table_rows > (int)app->opts->max_rows) {
		if (detail_rows)
			detail_rows += table_rows - (int)app->opts->max_rows;
		table_rows = (int)app->opts->max_rows;
	}
	draw_table(app, y, table_rows);
	y += 1 + table_rows;
	if (app->message[0]) {
		put(y, 0, color(PAIR_WARN), app->message);
	} else if (app->findings_count) {
		/* what the doctor found, bus-wide findings included: the worst one's colour */
		char summary[1024];
		enum rpmsg_doctor_severity worst = RPMSG_DOCTOR_INFO;

		for (size_t i = 0; i < app->findings_count; i++)
			if (app->findings[i].severity > worst)
				worst = app->findings[i].severity;
		top_findings_summary(app, summary, sizeof(summary));
		put(y, 0, severity_attr(worst), summary);
	}
	y++;
	if (detail_rows)
		draw_detail(app, y, detail_rows);
	draw_footer(app);
	refresh();
}
