// SPDX-License-Identifier: MIT
/*
 * --since/--until as a user types them: the three time formats, a time of day placed on the
 * day of the first event, and the values that must be refused.
 */
#include <stdio.h>

#include <rpmsg-test/check.h>

#include "time_window.h"

#define NS INT64_C(1000000000)

static void test_formats_parse_to_the_nanosecond(void)
{
	struct time_point t;

	CHECK(rpmsg_bt2_time_parse("1795478796.698945511", &t) == 0);
	CHECK(t.kind == TIME_ABSOLUTE && t.ns == 1795478796 * NS + 698945511);
	CHECK(rpmsg_bt2_time_parse("12.5", &t) == 0 && t.ns == 12 * NS + 500000000);
	CHECK(rpmsg_bt2_time_parse("12", &t) == 0 && t.ns == 12 * NS);
	CHECK(rpmsg_bt2_time_parse("00:06:36.698945511", &t) == 0);
	CHECK(t.kind == TIME_OF_DAY && t.ns == (6 * 60 + 36) * NS + 698945511);
	CHECK(rpmsg_bt2_time_parse("2026-11-24 00:06:36.5", &t) == 0);
	CHECK(t.kind == TIME_ABSOLUTE && t.ns == 1795478796 * NS + 500000000);
	CHECK(rpmsg_bt2_time_parse("2026-11-24T00:06:36", &t) == 0 && t.ns == 1795478796 * NS);
}

static void test_bad_times_are_refused(void)
{
	static const char *const bad[] = {
		"",
		"abc",
		"1:2",
		"25:00:00",
		"12:61:00",
		"12.",
		"12.1234567890",
		"12:00:00x",
		"2026-13-01 00:00:00",
		"-5",
		"1.2.3",
		"12345678901",
	};
	struct time_point t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(rpmsg_bt2_time_parse(bad[i], &t) == -22, "accepted a bad time '%s'", bad[i]);
	}
}

static void test_time_of_day_is_on_the_first_events_day(void)
{
	struct time_window w = {0};
	int64_t midnight = 1795478400 * NS; /* 2026-11-24 00:00:00 UTC */

	CHECK(rpmsg_bt2_time_parse("00:06:36", &w.since) == 0);
	CHECK(rpmsg_bt2_time_parse("00:06:37", &w.until) == 0);
	CHECK(rpmsg_bt2_window_active(&w));
	CHECK(rpmsg_bt2_window_position(&w, midnight + 396 * NS - 1) == TIME_BEFORE);
	CHECK(rpmsg_bt2_window_position(&w, midnight + 396 * NS) == TIME_INSIDE);
	CHECK(rpmsg_bt2_window_position(&w, midnight + 397 * NS) == TIME_INSIDE);
	CHECK(rpmsg_bt2_window_position(&w, midnight + 397 * NS + 1) == TIME_AFTER);
}

int main(void)
{
	struct time_window none = {0};

	CHECK(!rpmsg_bt2_window_active(&none));
	CHECK(rpmsg_bt2_window_position(&none, 42) == TIME_INSIDE);
	test_formats_parse_to_the_nanosecond();
	test_bad_times_are_refused();
	test_time_of_day_is_on_the_first_events_day();
	printf("time window: all checks passed\n");
	return 0;
}
