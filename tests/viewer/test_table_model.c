// SPDX-License-Identifier: MIT
/*
 * The table model behind rpmsg-top's screen and batch output: rows whose sort values are equal
 * keep their order from one refresh to the next (they do not jump), the selection follows its
 * row through re-sorting and filtering, narrow terminals drop the least important columns
 * first, numbers fit their columns, and the header groups sizes with sizes and times with times
 * and says over which window each kind of column is computed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-test/events.h>

#include "table.h"
#include "units.h"

static void send(struct rpmsg_collector *c, uint64_t ts, uint32_t src, uint32_t dst, uint32_t len)
{
	ADD(c, ev_send("b", HOST, ts, src, dst, NULL, len));
}

static void announce(struct rpmsg_collector *c, const char *name, uint32_t addr)
{
	ADD(c, ev_ns("b", REMOTE, SEC, name, addr, 0, RPMSG_EVENT_DIR_TX));
}

static const char *order(const struct top_table *t, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "",
					 t->rows[i].name);
	return buf;
}

static void test_equal_rates_keep_their_order_between_refreshes(void)
{
	struct rpmsg_collector *c;
	struct top_table t;
	char a[256], b[256];
	uint64_t now = SEC;

	CHECK(rpmsg_collector_create(NULL, &c) == 0);
	announce(c, "zeta", 0x400);
	announce(c, "alpha", 0x401);
	announce(c, "busy", 0x402);
	announce(c, "mid", 0x403);
	top_table_init(&t, TOP_COL_TX_RATE, true);
	for (int refresh = 0; refresh < 5; refresh++) {
		/* zeta and alpha always equal, busy busiest, mid in between */
		for (int i = 0; i < 10; i++) {
			send(c, now + (uint64_t)i, 1024, 0x400, 8);
			send(c, now + (uint64_t)i, 1025, 0x401, 8);
			send(c, now + (uint64_t)i, 1026, 0x402, 8);
			send(c, now + (uint64_t)i, 1026, 0x402, 8);
			if (i < 5)
				continue;
			send(c, now + (uint64_t)i, 1027, 0x403, 8);
			send(c, now + (uint64_t)i, 1027, 0x403, 8);
			send(c, now + (uint64_t)i, 1027, 0x403, 8);
		}
		now += SEC;
		CHECK(rpmsg_collector_tick(c, now) == 0);
		CHECK(top_table_refresh(&t, c) == 0);
		order(&t, refresh ? b : a, sizeof(a));
		if (refresh)
			CHECK(!strcmp(a, b));
	}
	/* ties in order of first appearance, whichever way the column is sorted */
	CHECK(!strcmp(a, "busy mid zeta alpha"));
	t.descending = false;
	top_table_resort(&t);
	CHECK(!strcmp(order(&t, a, sizeof(a)), "zeta alpha mid busy"));
	top_table_free(&t);
	rpmsg_collector_destroy(c);
}

static void test_selection_follows_its_row(void)
{
	struct rpmsg_collector *c;
	struct top_table t;

	CHECK(rpmsg_collector_create(NULL, &c) == 0);
	announce(c, "one", 0x400);
	announce(c, "two", 0x401);
	announce(c, "three", 0x402);
	for (int i = 0; i < 3; i++)
		for (int n = 0; n <= i; n++)
			send(c, SEC + 10, 1024 + (uint32_t)i, 0x400 + (uint32_t)i, 100);
	CHECK(rpmsg_collector_tick(c, 2 * SEC) == 0);
	top_table_init(&t, TOP_COL_NAME, false);
	CHECK(top_table_refresh(&t, c) == 0);
	/* one three two: select "three" */
	top_table_move(&t, 1, 10);
	CHECK(!strcmp(top_table_selected_row(&t)->name, "three"));
	top_table_set_sort(&t, TOP_COL_TX_RATE); /* three two one */
	CHECK(!strcmp(top_table_selected_row(&t)->name, "three"));
	CHECK(t.selected == 0);
	snprintf(t.filter, sizeof(t.filter), "T"); /* case-insensitive: three two */
	top_table_resort(&t);
	CHECK(t.count == 2 && !strcmp(top_table_selected_row(&t)->name, "three"));
	snprintf(t.filter, sizeof(t.filter), "one"); /* the selection is filtered out */
	top_table_resort(&t);
	CHECK(t.count == 1 && !strcmp(top_table_selected_row(&t)->name, "one"));
	snprintf(t.filter, sizeof(t.filter), "nothing");
	top_table_resort(&t);
	CHECK(t.count == 0 && !top_table_selected_row(&t));
	top_table_free(&t);
	rpmsg_collector_destroy(c);
}

static void test_narrow_terminals_drop_columns_in_order(void)
{
	bool visible[TOP_COL_COUNT];
	struct top_table t;
	char line[512];

	top_table_init(&t, TOP_COL_ADDR, false);
	CHECK(top_table_layout(132, visible) == 32);
	for (int i = 0; i < TOP_COL_COUNT; i++)
		CHECK(visible[i]);
	top_table_layout(80, visible);
	CHECK(!visible[TOP_COL_TX_MSGS] && !visible[TOP_COL_RX_MSGS] && !visible[TOP_COL_LAT_P50]);
	CHECK(visible[TOP_COL_NAME] && visible[TOP_COL_ADDR] && visible[TOP_COL_TX_RATE] &&
	      visible[TOP_COL_DROPS] && visible[TOP_COL_LAT_P99]);
	/* from the narrowest layout (52 columns) up, every line is exactly the width asked for;
	 * narrower terminals cut the line (screen.c) */
	for (int width = 52; width <= 200; width += 7) {
		top_table_format_line(&t, NULL, width, false, 0, line, sizeof(line));
		CHECK((int)strlen(line) == width);
	}
	top_table_free(&t);
}

static void test_numbers_fit_their_columns(void)
{
	char buf[32];

	CHECK(!strcmp(units_rate(0, buf, sizeof(buf)), "0"));
	CHECK(!strcmp(units_rate(2.5, buf, sizeof(buf)), "2.5"));
	CHECK(!strcmp(units_rate(9999, buf, sizeof(buf)), "9999"));
	CHECK(!strcmp(units_rate(12345, buf, sizeof(buf)), "12.3k"));
	CHECK(!strcmp(units_bytes(1.2e6, buf, sizeof(buf)), "1.20M"));
	CHECK(strlen(units_rate(9.99e17, buf, sizeof(buf))) <= 6);
	CHECK(!strcmp(units_count(123456, buf, sizeof(buf)), "123456"));
	CHECK(!strcmp(units_count(1234567, buf, sizeof(buf)), "1.23M"));
	CHECK(!strcmp(units_ns(0, true, buf, sizeof(buf)), "-"));
	CHECK(!strcmp(units_ns(850, true, buf, sizeof(buf)), "850ns"));
	CHECK(!strcmp(units_ns(1200000, true, buf, sizeof(buf)), "1.20ms"));
	CHECK(!strcmp(units_uptime(3723 * SEC, buf, sizeof(buf)), "01:02:03"));
}

static void test_sparkline_scales_to_its_peak(void)
{
	const float v[] = {0, 1, 2, 4, 8};
	char buf[64];

	CHECK(!strcmp(units_sparkline(v, 5, false, buf, sizeof(buf)), " .:=@"));
	units_sparkline(v, 5, true, buf, sizeof(buf));
	CHECK(!strcmp(buf, " \u2581\u2582\u2584\u2588"));
	/* too many values for the room: the newest are kept */
	CHECK(!strcmp(units_sparkline(v, 5, false, buf, 3), "=@"));
}

/* SIZE (a size) sits with the byte rates, never beside a latency column; the windows are said. */
static void test_header_groups_sizes_and_says_windows(void)
{
	struct top_table t;
	char line[512], windows[128];

	top_table_init(&t, TOP_COL_ADDR, false);
	top_table_format_line(&t, NULL, 132, false, ~0u, line, sizeof(line));
	CHECK(strstr(line, " TX/s   RX/s SIZE  TXB/s  RXB/s     P50     P99 "));
	CHECK(!strstr(line, "AVG"));
	CHECK(strstr(top_columns[TOP_COL_LAT_P50].help, "since start"));
	CHECK(strstr(top_columns[TOP_COL_LAT_P99].help, "since start"));
	CHECK(!strcmp(top_table_windows(1, windows, sizeof(windows)),
		      "rates: last 1 s; SIZE, P50, P99: since start"));
	CHECK(!strcmp(top_vring_label(1), "TX unreclaimed"));
	CHECK(!strcmp(top_vring_label(0), "RX posted"));
	top_table_free(&t);
}

int main(void)
{
	test_equal_rates_keep_their_order_between_refreshes();
	test_selection_follows_its_row();
	test_narrow_terminals_drop_columns_in_order();
	test_numbers_fit_their_columns();
	test_sparkline_scales_to_its_peak();
	test_header_groups_sizes_and_says_windows();
	printf("ok: table model\n");
	return 0;
}
