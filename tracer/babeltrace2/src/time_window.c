// SPDX-License-Identifier: MIT
/*
 * Time window parsing and checks. See time_window.h.
 */
#define _GNU_SOURCE /* timegm */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "time_window.h"

#define NS_PER_S   INT64_C(1000000000)
#define NS_PER_DAY (86400 * NS_PER_S)

/* ".123" -> 123000000 ns; @text points after the dot. Return: false on bad digits. */
static bool parse_fraction(const char *text, int64_t *ns)
{
	int64_t value = 0;
	int digits = 0;

	for (; *text; text++, digits++) {
		if (!isdigit((unsigned char)*text) || digits == 9)
			return false;
		value = value * 10 + (*text - '0');
	}
	if (!digits)
		return false;
	for (; digits < 9; digits++)
		value *= 10;
	*ns = value;
	return true;
}

/* Splits "X.FRAC" into X (copied to @whole) and the fraction in ns. */
static bool split_fraction(const char *text, char *whole, size_t size, int64_t *fraction_ns)
{
	const char *dot = strchr(text, '.');
	size_t len = dot ? (size_t)(dot - text) : strlen(text);

	if (len >= size)
		return false;
	memcpy(whole, text, len);
	whole[len] = '\0';
	*fraction_ns = 0;
	return !dot || parse_fraction(dot + 1, fraction_ns);
}

int rpmsg_bt2_time_parse(const char *text, struct time_point *out)
{
	char whole[64], tail;
	int64_t fraction;
	int year, month, day, hour, minute, second;

	if (!split_fraction(text, whole, sizeof(whole), &fraction))
		return -EINVAL;
	if (sscanf(whole, "%d-%d-%d%*1[ T]%d:%d:%d%c", &year, &month, &day, &hour, &minute, &second,
		   &tail) == 6) {
		struct tm tm = {.tm_year = year - 1900,
				.tm_mon = month - 1,
				.tm_mday = day,
				.tm_hour = hour,
				.tm_min = minute,
				.tm_sec = second};

		if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
		    second > 60)
			return -EINVAL;
		out->kind = TIME_ABSOLUTE;
		out->ns = (int64_t)timegm(&tm) * NS_PER_S + fraction;
		return 0;
	}
	if (sscanf(whole, "%d:%d:%d%c", &hour, &minute, &second, &tail) == 3) {
		if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
			return -EINVAL;
		out->kind = TIME_OF_DAY;
		out->ns = ((int64_t)hour * 3600 + minute * 60 + second) * NS_PER_S + fraction;
		return 0;
	}
	if (whole[0] && strspn(whole, "0123456789") == strlen(whole) && strlen(whole) <= 10) {
		long long seconds;

		sscanf(whole, "%lld", &seconds);
		out->kind = TIME_ABSOLUTE;
		out->ns = (int64_t)seconds * NS_PER_S + fraction;
		return 0;
	}
	return -EINVAL;
}

bool rpmsg_bt2_window_active(const struct time_window *window)
{
	return window->since.kind != TIME_NONE || window->until.kind != TIME_NONE;
}

static void resolve(struct time_point *point, int64_t first_ns)
{
	if (point->kind != TIME_OF_DAY)
		return;
	point->ns += first_ns - first_ns % NS_PER_DAY;
	point->kind = TIME_ABSOLUTE;
}

enum time_position rpmsg_bt2_window_position(struct time_window *window, int64_t ns)
{
	if (!window->resolved) {
		resolve(&window->since, ns);
		resolve(&window->until, ns);
		window->resolved = true;
	}
	if (window->since.kind == TIME_ABSOLUTE && ns < window->since.ns)
		return TIME_BEFORE;
	if (window->until.kind == TIME_ABSOLUTE && ns > window->until.ns)
		return TIME_AFTER;
	return TIME_INSIDE;
}
