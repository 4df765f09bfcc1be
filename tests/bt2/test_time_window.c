// SPDX-License-Identifier: MIT
/*
 * Times as a user reads and types them (rpmsg-scope/clock.h, and the --since/--until window of
 * the rpmsg components): what every tool prints, read back to the nanosecond; babeltrace2's
 * --begin forms; a time of day placed on the day of the first event, in local time or UTC; the
 * values that must be refused; and the wall-clock offset live tools use.
 */
#define _GNU_SOURCE /* setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg-test/check.h>

#include "time_window.h"

#define NS INT64_C(1000000000)

static void use_time_zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void test_formats_parse_to_the_nanosecond(void)
{
	struct rpmsg_time_point t;

	CHECK(rpmsg_time_parse("1795478796.698945511", true, &t) == 0);
	CHECK(t.kind == RPMSG_TIME_ABSOLUTE && t.ns == 1795478796 * NS + 698945511);
	CHECK(rpmsg_time_parse("12.5", true, &t) == 0 && t.ns == 12 * NS + 500000000);
	CHECK(rpmsg_time_parse("12", true, &t) == 0 && t.ns == 12 * NS);
	CHECK(rpmsg_time_parse("00:06:36.698945511", true, &t) == 0);
	CHECK(t.kind == RPMSG_TIME_OF_DAY && t.ns == (6 * 60 + 36) * NS + 698945511);
	CHECK(rpmsg_time_parse("[00:06:36.698945511]", true, &t) == 0, "brackets as printed");
	CHECK(t.kind == RPMSG_TIME_OF_DAY && t.ns == (6 * 60 + 36) * NS + 698945511);
	CHECK(rpmsg_time_parse("2026-11-24 00:06:36.5", true, &t) == 0);
	CHECK(t.kind == RPMSG_TIME_ABSOLUTE && t.ns == 1795478796 * NS + 500000000);
	CHECK(rpmsg_time_parse("2026-11-24T00:06:36", true, &t) == 0 && t.ns == 1795478796 * NS);
	/* the same date and time in Paris (UTC+1 in November) is an hour earlier */
	use_time_zone("Europe/Paris");
	CHECK(rpmsg_time_parse("2026-11-24 01:06:36", false, &t) == 0 && t.ns == 1795478796 * NS);
	use_time_zone("UTC");
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
		"[12:00:00",
		"[]",
	};
	struct rpmsg_time_point t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(rpmsg_time_parse(bad[i], false, &t) == -22, "accepted a bad time '%s'",
		      bad[i]);
	}
}

static void test_time_of_day_is_on_the_first_events_day(void)
{
	struct time_window w = {0};
	int64_t midnight = 1795478400 * NS; /* 2026-11-24 00:00:00 UTC */

	CHECK(rpmsg_time_parse("00:06:36", true, &w.since) == 0);
	CHECK(rpmsg_time_parse("00:06:37", true, &w.until) == 0);
	CHECK(rpmsg_bt2_window_active(&w));
	CHECK(rpmsg_bt2_window_position(&w, midnight + 396 * NS - 1) == TIME_BEFORE);
	CHECK(rpmsg_bt2_window_position(&w, midnight + 396 * NS) == TIME_INSIDE);
	CHECK(rpmsg_bt2_window_position(&w, midnight + 397 * NS) == TIME_INSIDE);
	CHECK(rpmsg_bt2_window_position(&w, midnight + 397 * NS + 1) == TIME_AFTER);
}

/* Local time: 23:30 in Kolkata (UTC+5:30) on the first event's local day, not the UTC one. */
static void test_local_time_of_day(void)
{
	struct time_window w = {0};
	int64_t first = (1795478400 + 17 * 3600 + 59 * 60) * NS; /* 17:59 UTC = 23:29 local */

	use_time_zone("Asia/Kolkata");
	CHECK(rpmsg_time_parse("23:30:00", false, &w.since) == 0);
	CHECK(rpmsg_bt2_window_position(&w, first) == TIME_BEFORE);
	CHECK(w.since.ns == first + 60 * NS, "23:30 local is 18:00 UTC, got %lld",
	      (long long)w.since.ns);
	use_time_zone("UTC");
}

/* Every form printed reads back as the same instant: what decode shows, --since takes. */
static void test_printed_times_read_back(void)
{
	static const char *const zones[] = {"UTC", "Europe/Paris", "Asia/Kolkata"};
	static const enum rpmsg_clock_style styles[] = {RPMSG_CLOCK_LOCAL, RPMSG_CLOCK_GMT,
							RPMSG_CLOCK_SECONDS};
	int64_t ns = 1795478796 * NS + 698945511;
	char text[RPMSG_TIME_TEXT_SIZE], bracketed[RPMSG_TIME_TEXT_SIZE + 2];

	use_time_zone("UTC");
	CHECK(!strcmp(rpmsg_time_format(text, sizeof(text), ns, true, RPMSG_CLOCK_LOCAL),
		      "00:06:36.698945511"),
	      "got %s", text);
	CHECK(!strcmp(rpmsg_time_format(text, sizeof(text), ns, true, RPMSG_CLOCK_SECONDS),
		      "1795478796.698945511"),
	      "got %s", text);
	/* a clock that is not on the Unix epoch (a kernel log's boot): seconds whatever asked */
	CHECK(!strcmp(rpmsg_time_format(text, sizeof(text), 12 * NS + 45000, false,
					RPMSG_CLOCK_LOCAL),
		      "12.000045000"),
	      "got %s", text);
	for (size_t z = 0; z < 3; z++) {
		use_time_zone(zones[z]);
		for (size_t s = 0; s < 3; s++) {
			struct time_window w = {0};

			rpmsg_time_format(text, sizeof(text), ns, true, styles[s]);
			snprintf(bracketed, sizeof(bracketed), "[%s]", text);
			CHECK(rpmsg_time_parse(bracketed, styles[s] == RPMSG_CLOCK_GMT, &w.since) ==
				      0,
			      "%s: '%s' refused", zones[z], bracketed);
			/* the first event 5 minutes before: the same day in all three zones */
			rpmsg_bt2_window_position(&w, ns - 300 * NS);
			CHECK(w.since.ns == ns, "%s: '%s' read back as %lld, not %lld", zones[z],
			      bracketed, (long long)w.since.ns, (long long)ns);
		}
	}
	use_time_zone("UTC");
}

/* The offset live tools add: a second measurement (another process) agrees within the bounds. */
static void test_wall_offset(void)
{
	int64_t offset = rpmsg_wall_offset_ns(), error = rpmsg_wall_offset_error_ns();
	struct timespec real;
	int64_t wall, now;

	CHECK(error >= 0 && error < 1000000, "offset error bound %lld ns", (long long)error);
	wall = rpmsg_wall_ns(rpmsg_now_ns());
	clock_gettime(CLOCK_REALTIME, &real);
	now = (int64_t)real.tv_sec * NS + real.tv_nsec;
	CHECK(wall <= now + error && now - wall < 10000000, "wall %lld, realtime %lld",
	      (long long)wall, (long long)now);
	CHECK(rpmsg_wall_offset_ns() == offset, "measured once");
}

int main(void)
{
	struct time_window none = {0};

	use_time_zone("UTC");
	CHECK(!rpmsg_bt2_window_active(&none));
	CHECK(rpmsg_bt2_window_position(&none, 42) == TIME_INSIDE);
	test_formats_parse_to_the_nanosecond();
	test_bad_times_are_refused();
	test_time_of_day_is_on_the_first_events_day();
	test_local_time_of_day();
	test_printed_times_read_back();
	test_wall_offset();
	printf("time window: all checks passed\n");
	return 0;
}
