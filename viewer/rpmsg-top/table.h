/* SPDX-License-Identifier: MIT */
/*
 * The table model of rpmsg-top: which endpoint rows are shown, in which order, which one is
 * selected, and the text of each cell. Shared by the screen and by batch mode so both show the
 * same numbers under the same titles.
 *
 * Contract:
 * - Memory: a table owns its row array (copies of the collector's snapshots, refreshed by
 *   top_table_refresh()); top_table_free() releases it. Nothing points into the collector.
 * - Threads: one thread at a time.
 * - Order: rows are sorted by the sort column, ties broken by the row's stable id, so rows never
 *   swap places between refreshes unless their values change order.
 * - Selection follows the selected row's id across refreshes, sorting and filtering.
 */
#ifndef RPMSG_TOP_TABLE_H
#define RPMSG_TOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/collector.h>

#include "source.h"

/* Columns in display order: rates, sizes, latencies (over one window), counts. */
enum top_column {
	TOP_COL_NAME = 0,
	TOP_COL_ADDR,
	TOP_COL_TX_RATE,
	TOP_COL_RX_RATE,
	TOP_COL_AVG_SIZE, /* a size: with the byte rates, away from the latency columns */
	TOP_COL_TX_BYTES,
	TOP_COL_RX_BYTES,
	TOP_COL_LAT_P50,
	TOP_COL_LAT_P99,
	TOP_COL_TX_WAITS,
	TOP_COL_DROPS,
	TOP_COL_TX_MSGS,
	TOP_COL_RX_MSGS,
	TOP_COL_COUNT
};

/**
 * struct top_column_info - static description of a column
 * @title: header text (ASCII)
 * @key: name for -s and the help screen ("name", "tx", ...)
 * @width: characters (the name column grows to use spare room)
 * @drop_rank: 0 never hidden; else hidden first when the terminal is narrow (1 first)
 * @numeric: right-aligned, sorted largest first by default
 * @needs: what the source must provide (RPMSG_SOURCE_*), else the cell reads "-"
 * @help: one line for the help screen
 */
struct top_column_info {
	const char *title;
	const char *key;
	int width;
	int drop_rank;
	bool numeric;
	unsigned int needs;
	const char *help;
};

/* What a column needs from the data source (see struct rpmsg_source.provides). */
#define TOP_NEEDS_LATENCY 0x1 /* both sides' send and deliver events */
#define TOP_NEEDS_WAITS	  0x2 /* tx_wait events */
#define TOP_NEEDS_DROPS	  0x4 /* drop events */

extern const struct top_column_info top_columns[TOP_COL_COUNT];

/* top_column_parse() - the column named @key (see top_columns[].key). Return: 0, -EINVAL. */
int top_column_parse(const char *key, enum top_column *out);

struct top_table {
	/* rows shown: filtered and sorted copies */
	struct rpmsg_collector_endpoint_stats *rows;
	size_t count, capacity;
	size_t total;	    /* rows before filtering */
	unsigned int buses; /* distinct buses among all rows (names get a bus prefix when > 1) */
	enum top_column sort;
	bool descending;
	char filter[64]; /* case-insensitive substring of the name (or bus/name); "" = all */
	uint32_t selected_id;
	bool has_selection;
	size_t selected; /* index in rows of the selection (valid when count > 0) */
	size_t first;	 /* first row shown (scrolling) */
};

/* top_table_init() - empty table sorted by @sort (@descending as given). */
void top_table_init(struct top_table *t, enum top_column sort, bool descending);
void top_table_free(struct top_table *t);

/**
 * top_table_refresh() - copy every row of @c, filter, sort, and find the selection again
 * Return: 0, -ENOMEM (the previous rows are kept).
 */
int top_table_refresh(struct top_table *t, const struct rpmsg_collector *c);

/* top_table_resort() - sort again after the sort column, order or filter changed (no copy). */
void top_table_resort(struct top_table *t);

/* top_table_set_sort() - sort by @col with that column's natural order. */
void top_table_set_sort(struct top_table *t, enum top_column col);

/* top_table_move() - move the selection by @delta rows (clamped); keeps it in a @page-row view. */
void top_table_move(struct top_table *t, long delta, size_t page);

/* top_table_selected_row() - the selected row, or NULL when the table is empty. */
const struct rpmsg_collector_endpoint_stats *top_table_selected_row(const struct top_table *t);

/**
 * top_table_layout() - which columns fit in @width characters
 * @provides: RPMSG_SOURCE_* the source provides (columns it cannot fill are still shown, as "-",
 *            so the layout does not change with the source)
 * @visible: out, per column
 * Return: the width of the name column.
 */
int top_table_layout(int width, bool visible[TOP_COL_COUNT]);

/**
 * top_table_cell() - the text of one cell, not padded
 * @utf8: the address cell may use "→" (one column wide); else "->"
 * @provides: RPMSG_SOURCE_* of the source; cells of columns it cannot fill read "-"
 */
const char *top_table_cell(const struct top_table *t,
			   const struct rpmsg_collector_endpoint_stats *row, enum top_column col,
			   bool utf8, unsigned int provides, char *buf, size_t size);

/*
 * top_table_format_line() - a whole row (or the header when @row is NULL) as one line of exactly
 * @width columns (display columns: a "→" counts as one), with the sort column's title marked.
 * Return: @buf.
 */
char *top_table_format_line(const struct top_table *t,
			    const struct rpmsg_collector_endpoint_stats *row, int width, bool utf8,
			    unsigned int provides, char *buf, size_t size);

/*
 * Vring labels, the same on the screen, in batch output, the help and the man page:
 * vq0 "RX posted" (RX buffers the host made available and has not taken back), vq1
 * "TX unreclaimed" (sent buffers the host has not reclaimed yet: it reclaims lazily, as Linux,
 * so a full ring is normal), and "with remote" (published in the avail ring, not yet returned in
 * the used ring: on vq1 the messages really in flight). See VRINGS in collector.h.
 */
#define TOP_VRING_WITH_REMOTE "with remote"

/* top_vring_label() - "RX posted" (vq0), "TX unreclaimed" (vq1), "ring" (any other). */
const char *top_vring_label(uint32_t vq);

/*
 * top_table_windows() - over which window the columns are computed, one line for the header:
 * "rates: last 1 s; SIZE, P50, P99: since start". Return: @buf.
 */
char *top_table_windows(double interval_s, char *buf, size_t size);

#endif /* RPMSG_TOP_TABLE_H */
