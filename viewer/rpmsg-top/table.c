// SPDX-License-Identifier: MIT
/*
 * Table model (see table.h): one row per (bus, host address, remote address), sorted with the
 * row id as the last key so the order is stable between refreshes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rpmsg-scope/text.h>

#include "table.h"
#include "units.h"

const struct top_column_info top_columns[TOP_COL_COUNT] = {
	[TOP_COL_NAME] = {"NAME", "name", 12, 0, false, 0,
			  "channel name (bus/name with several buses)"},
	[TOP_COL_ADDR] = {"ADDR", "addr", 11, 0, false, 0, "host address -> remote address"},
	[TOP_COL_TX_RATE] = {"TX/s", "tx", 6, 0, true, 0, "messages per second host -> remote"},
	[TOP_COL_RX_RATE] = {"RX/s", "rx", 6, 0, true, 0, "messages per second remote -> host"},
	[TOP_COL_AVG_SIZE] = {"SIZE", "avg", 4, 4, true, 0,
			      "average payload size in bytes, since start"},
	[TOP_COL_TX_BYTES] = {"TXB/s", "txb", 6, 0, true, 0, "payload bytes per second, tx"},
	[TOP_COL_RX_BYTES] = {"RXB/s", "rxb", 6, 0, true, 0, "payload bytes per second, rx"},
	[TOP_COL_LAT_P50] = {"P50", "p50", 7, 3, true, RPMSG_SOURCE_LATENCY,
			     "send-to-deliver latency " RPMSG_COLLECTOR_LATENCY_WINDOW
			     ", median (worse direction)"},
	[TOP_COL_LAT_P99] = {"P99", "p99", 7, 5, true, RPMSG_SOURCE_LATENCY,
			     "send-to-deliver latency " RPMSG_COLLECTOR_LATENCY_WINDOW
			     ", 99th percentile"},
	[TOP_COL_TX_WAITS] = {"WAITS", "waits", 5, 6, true, RPMSG_SOURCE_WAITS,
			      "senders that found no free TX buffer"},
	[TOP_COL_DROPS] = {"DROPS", "drops", 5, 7, true, RPMSG_SOURCE_DROPS,
			   "messages not delivered (all reasons)"},
	[TOP_COL_TX_MSGS] = {"TXMSGS", "txmsgs", 7, 1, true, 0,
			     "messages host -> remote since start"},
	[TOP_COL_RX_MSGS] = {"RXMSGS", "rxmsgs", 7, 1, true, 0,
			     "messages remote -> host since start"},
};

int top_column_parse(const char *key, enum top_column *out)
{
	for (int i = 0; i < TOP_COL_COUNT; i++) {
		if (!strcasecmp(key, top_columns[i].key) ||
		    !strcasecmp(key, top_columns[i].title)) {
			*out = (enum top_column)i;
			return 0;
		}
	}
	return -EINVAL;
}

void top_table_init(struct top_table *t, enum top_column sort, bool descending)
{
	memset(t, 0, sizeof(*t));
	t->sort = sort;
	t->descending = descending;
}

void top_table_free(struct top_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->count = t->capacity = 0;
}

static uint64_t sum_msgs(const struct rpmsg_collector_endpoint_stats *r)
{
	return r->dir[RPMSG_COLLECTOR_TX].msgs + r->dir[RPMSG_COLLECTOR_RX].msgs;
}

static double avg_size(const struct rpmsg_collector_endpoint_stats *r)
{
	uint64_t msgs = sum_msgs(r);

	return msgs ? (double)(r->dir[0].bytes + r->dir[1].bytes) / (double)msgs : 0;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static double column_value(const struct rpmsg_collector_endpoint_stats *r, enum top_column col)
{
	const struct rpmsg_collector_traffic *tx = &r->dir[RPMSG_COLLECTOR_TX];
	const struct rpmsg_collector_traffic *rx = &r->dir[RPMSG_COLLECTOR_RX];

	switch (col) {
	case TOP_COL_TX_RATE:
		return tx->msgs_per_s;
	case TOP_COL_RX_RATE:
		return rx->msgs_per_s;
	case TOP_COL_TX_BYTES:
		return tx->bytes_per_s;
	case TOP_COL_RX_BYTES:
		return rx->bytes_per_s;
	case TOP_COL_AVG_SIZE:
		return avg_size(r);
	case TOP_COL_LAT_P50:
		return (double)max_u64(tx->lat_p50_ns, rx->lat_p50_ns);
	case TOP_COL_LAT_P99:
		return (double)max_u64(tx->lat_p99_ns, rx->lat_p99_ns);
	case TOP_COL_TX_WAITS:
		return (double)(tx->tx_waits + rx->tx_waits);
	case TOP_COL_DROPS:
		return (double)(tx->drops + rx->drops);
	case TOP_COL_TX_MSGS:
		return (double)tx->msgs;
	case TOP_COL_RX_MSGS:
		return (double)rx->msgs;
	default:
		return 0;
	}
}

/* Name-service rows are control traffic, listed after the channels. */
static bool is_name_service(const struct rpmsg_collector_endpoint_stats *r)
{
	return r->local == RPMSG_NS_ADDR || r->remote == RPMSG_NS_ADDR;
}

static int compare_addr(const struct rpmsg_collector_endpoint_stats *a,
			const struct rpmsg_collector_endpoint_stats *b)
{
	int cmp = strcmp(a->bus, b->bus);

	if (cmp)
		return cmp;
	if (is_name_service(a) != is_name_service(b))
		return is_name_service(a) ? 1 : -1;
	if (a->local != b->local)
		return a->local < b->local ? -1 : 1;
	if (a->remote != b->remote)
		return a->remote < b->remote ? -1 : 1;
	return 0;
}

/* qsort has no context argument: the sort settings of the call in progress (one thread). */
static const struct top_table *sorting;

static int compare_rows(const void *pa, const void *pb)
{
	const struct rpmsg_collector_endpoint_stats *a = pa, *b = pb;
	int cmp = 0;

	switch (sorting->sort) {
	case TOP_COL_NAME:
		cmp = strcmp(a->name, b->name);
		if (!cmp)
			cmp = compare_addr(a, b);
		break;
	case TOP_COL_ADDR:
		cmp = compare_addr(a, b);
		break;
	default: {
		double va = column_value(a, sorting->sort), vb = column_value(b, sorting->sort);

		cmp = va < vb ? -1 : va > vb ? 1 : 0;
		break;
	}
	}
	if (sorting->descending)
		cmp = -cmp;
	/* the stable id breaks ties, always in the same direction: rows do not swap */
	if (!cmp)
		cmp = a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
	return cmp;
}

static bool matches_filter(const struct top_table *t,
			   const struct rpmsg_collector_endpoint_stats *r)
{
	char full[RPMSG_EVENT_BUS_LEN + RPMSG_EVENT_NAME_LEN + 2];

	if (!t->filter[0])
		return true;
	snprintf(full, sizeof(full), "%s/%s", r->bus, r->name);
	return strcasestr(full, t->filter) != NULL;
}

static void find_selection(struct top_table *t)
{
	size_t i;

	if (!t->count) {
		t->selected = t->first = 0;
		return;
	}
	if (t->has_selection) {
		for (i = 0; i < t->count; i++) {
			if (t->rows[i].id == t->selected_id) {
				t->selected = i;
				return;
			}
		}
	}
	/* the selected row went away (filtered out): stay at the same place */
	if (t->selected >= t->count)
		t->selected = t->count - 1;
	t->selected_id = t->rows[t->selected].id;
	t->has_selection = true;
}

/* Rows are kept unfiltered at the end of the array; the filtered ones are copied to the front. */
static struct rpmsg_collector_endpoint_stats *all_rows(struct top_table *t)
{
	return t->rows + t->capacity / 2;
}

static void apply_filter_and_sort(struct top_table *t)
{
	const struct rpmsg_collector_endpoint_stats *all = all_rows(t);
	size_t i;

	t->count = 0;
	for (i = 0; i < t->total; i++)
		if (matches_filter(t, &all[i]))
			t->rows[t->count++] = all[i];
	if (t->count > 1) {
		sorting = t;
		qsort(t->rows, t->count, sizeof(t->rows[0]), compare_rows);
		sorting = NULL;
	}
	find_selection(t);
}

int top_table_refresh(struct top_table *t, const struct rpmsg_collector *c)
{
	uint32_t n = rpmsg_collector_endpoint_count(c), i;
	struct rpmsg_collector_endpoint_stats *all;
	char first_bus[RPMSG_EVENT_BUS_LEN] = "";

	if (2 * (size_t)n > t->capacity) {
		size_t cap = 2 * (size_t)(n < 32 ? 32 : n + n / 2);
		void *rows = realloc(t->rows, cap * sizeof(t->rows[0]));

		if (!rows)
			return -ENOMEM;
		t->rows = rows;
		t->capacity = cap;
	}
	all = all_rows(t);
	t->total = 0;
	t->buses = 0;
	for (i = 0; i < n; i++) {
		if (rpmsg_collector_endpoint(c, i, &all[t->total]))
			continue;
		if (!t->buses || (t->buses == 1 && strcmp(first_bus, all[t->total].bus))) {
			if (!t->buses)
				snprintf(first_bus, sizeof(first_bus), "%s", all[t->total].bus);
			t->buses++;
		}
		t->total++;
	}
	apply_filter_and_sort(t);
	return 0;
}

void top_table_resort(struct top_table *t)
{
	if (t->rows)
		apply_filter_and_sort(t);
}

void top_table_set_sort(struct top_table *t, enum top_column col)
{
	t->sort = col;
	t->descending = top_columns[col].numeric;
	top_table_resort(t);
}

void top_table_move(struct top_table *t, long delta, size_t page)
{
	long pos;

	if (!t->count)
		return;
	pos = (long)t->selected + delta;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)t->count)
		pos = (long)t->count - 1;
	t->selected = (size_t)pos;
	t->selected_id = t->rows[pos].id;
	t->has_selection = true;
	if (page) {
		if (t->selected < t->first)
			t->first = t->selected;
		else if (t->selected >= t->first + page)
			t->first = t->selected - page + 1;
	}
}

const struct rpmsg_collector_endpoint_stats *top_table_selected_row(const struct top_table *t)
{
	return t->count ? &t->rows[t->selected] : NULL;
}

int top_table_layout(int width, bool visible[TOP_COL_COUNT])
{
	int used = 0, rank, i, name_min = top_columns[TOP_COL_NAME].width;

	for (i = 0; i < TOP_COL_COUNT; i++) {
		visible[i] = true;
		if (i != TOP_COL_NAME)
			used += top_columns[i].width + 1;
	}
	/* hide the least important columns until the name column gets its minimum */
	for (rank = 1; used + name_min > width && rank <= TOP_COL_COUNT; rank++) {
		for (i = 0; i < TOP_COL_COUNT; i++) {
			if (visible[i] && top_columns[i].drop_rank == rank) {
				visible[i] = false;
				used -= top_columns[i].width + 1;
			}
		}
	}
	if (width - used < name_min)
		return name_min;
	/* a very wide name column only pushes the numbers away from their names */
	return width - used > 32 ? 32 : width - used;
}

const char *top_table_cell(const struct top_table *t,
			   const struct rpmsg_collector_endpoint_stats *r, enum top_column col,
			   bool utf8, unsigned int provides, char *buf, size_t size)
{
	const struct rpmsg_collector_traffic *tx = &r->dir[RPMSG_COLLECTOR_TX];
	const struct rpmsg_collector_traffic *rx = &r->dir[RPMSG_COLLECTOR_RX];

	if (top_columns[col].needs & ~provides) {
		snprintf(buf, size, "-");
		return buf;
	}
	switch (col) {
	case TOP_COL_NAME: {
		/* the name is the peer's text: escaped, it can neither clear nor retitle the screen
		 */
		char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(r->bus))];
		char name[RPMSG_TEXT_ESCAPED_SIZE(sizeof(r->name))];

		rpmsg_text_escape(bus, sizeof(bus), r->bus, sizeof(r->bus));
		rpmsg_text_escape(name, sizeof(name), r->name, sizeof(r->name));
		if (t->buses > 1)
			snprintf(buf, size, "%s/%s", bus, name[0] ? name : "?");
		else
			snprintf(buf, size, "%s", name[0] ? name : "?");
		return buf;
	}
	case TOP_COL_ADDR:
		snprintf(buf, size, "%u%s%u", r->local, utf8 ? "\u2192" : "->", r->remote);
		return buf;
	case TOP_COL_TX_RATE:
		return units_rate(tx->msgs_per_s, buf, size);
	case TOP_COL_RX_RATE:
		return units_rate(rx->msgs_per_s, buf, size);
	case TOP_COL_TX_BYTES:
		return units_bytes(tx->bytes_per_s, buf, size);
	case TOP_COL_RX_BYTES:
		return units_bytes(rx->bytes_per_s, buf, size);
	case TOP_COL_AVG_SIZE:
		if (!sum_msgs(r))
			snprintf(buf, size, "-");
		else
			snprintf(buf, size, "%.0f", avg_size(r));
		return buf;
	case TOP_COL_LAT_P50:
		return units_ns(max_u64(tx->lat_p50_ns, rx->lat_p50_ns), true, buf, size);
	case TOP_COL_LAT_P99:
		return units_ns(max_u64(tx->lat_p99_ns, rx->lat_p99_ns), true, buf, size);
	case TOP_COL_TX_WAITS:
		return units_count(tx->tx_waits + rx->tx_waits, buf, size);
	case TOP_COL_DROPS:
		return units_count(tx->drops + rx->drops, buf, size);
	case TOP_COL_TX_MSGS:
		return units_count(tx->msgs, buf, size);
	case TOP_COL_RX_MSGS:
		return units_count(rx->msgs, buf, size);
	default:
		snprintf(buf, size, "?");
		return buf;
	}
}

/* Display width of UTF-8 text: count the bytes that start a character (all one column here). */
static int display_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Append @text padded (or cut) to @width display columns; @right aligns right. */
static size_t put_cell(char *buf, size_t size, size_t used, const char *text, int width, bool right)
{
	int w = display_width(text), pad = width > w ? width - w : 0;
	size_t len = strlen(text);

	if (w > width) {
		/* cut at a character boundary, marking the cut */
		int cols = 0;

		for (len = 0; text[len] && cols < width - 1; len++)
			if (((unsigned char)text[len + 1] & 0xc0) != 0x80)
				cols++;
		while (text[len] && ((unsigned char)text[len] & 0xc0) == 0x80)
			len++;
		if (used + len + 2 < size) {
			memcpy(buf + used, text, len);
			used += len;
			buf[used++] = '~';
		}
		buf[used] = '\0';
		return used;
	}
	if (used + len + (size_t)pad + 1 >= size)
		return used;
	if (right) {
		memset(buf + used, ' ', (size_t)pad);
		used += (size_t)pad;
	}
	memcpy(buf + used, text, len);
	used += len;
	if (!right) {
		memset(buf + used, ' ', (size_t)pad);
		used += (size_t)pad;
	}
	buf[used] = '\0';
	return used;
}

char *top_table_format_line(const struct top_table *t,
			    const struct rpmsg_collector_endpoint_stats *row, int width, bool utf8,
			    unsigned int provides, char *buf, size_t size)
{
	bool visible[TOP_COL_COUNT];
	int name_width = top_table_layout(width, visible), used_cols = 0;
	size_t used = 0;
	char cell[96];

	buf[0] = '\0';
	for (int i = 0; i < TOP_COL_COUNT; i++) {
		int w = i == TOP_COL_NAME ? name_width : top_columns[i].width;
		const char *text;

		if (!visible[i])
			continue;
		if (used_cols) {
			used = put_cell(buf, size, used, " ", 1, false);
			used_cols++;
		}
		if (row) {
			text = top_table_cell(t, row, (enum top_column)i, utf8, provides, cell,
					      sizeof(cell));
		} else {
			/* the sort column's title carries the order: "TX/s v" reads as "by TX/s" */
			if (i == (int)t->sort)
				snprintf(cell, sizeof(cell), "%s%s", top_columns[i].title,
					 t->descending ? (utf8 ? "\u25be" : "v")
						       : (utf8 ? "\u25b4" : "^"));
			else
				snprintf(cell, sizeof(cell), "%s", top_columns[i].title);
			text = cell;
		}
		used = put_cell(buf, size, used, text, w, top_columns[i].numeric);
		used_cols += w;
	}
	/* fill the rest of the line so a highlighted row spans the screen */
	if (used_cols < width)
		put_cell(buf, size, used, "", width - used_cols, false);
	return buf;
}

const char *top_vring_label(uint32_t vq)
{
	return vq == 0 ? "RX posted" : vq == 1 ? "TX unreclaimed" : "ring";
}

char *top_table_windows(double interval_s, char *buf, size_t size)
{
	/* one window per kind of column: the rates are the last interval's, the rest cumulative */
	snprintf(buf, size, "rates: last %.3g s; %s, %s, %s: %s", interval_s,
		 top_columns[TOP_COL_AVG_SIZE].title, top_columns[TOP_COL_LAT_P50].title,
		 top_columns[TOP_COL_LAT_P99].title, RPMSG_COLLECTOR_LATENCY_WINDOW);
	return buf;
}
