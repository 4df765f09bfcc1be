// SPDX-License-Identifier: MIT
/* The tools' clocks and time texts. See rpmsg-scope/clock.h. */
#define _GNU_SOURCE /* timegm */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rpmsg-scope/clock.h"

#define NS_PER_S INT64_C(1000000000)

static int64_t timespec_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NS_PER_S + ts->tv_nsec;
}

uint64_t rpmsg_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)timespec_ns(&ts);
}

double rpmsg_now_s(void)
{
	return (double)rpmsg_now_ns() / 1e9;
}

static pthread_once_t offset_once = PTHREAD_ONCE_INIT;
static int64_t wall_offset, wall_offset_error;

/*
 * REALTIME read between two MONOTONIC reads: the offset is exact to within half the bracket.
 * The narrowest of a few brackets wins (a preempted reading has a wide one).
 */
static void measure_offset(void)
{
	int64_t best = INT64_MAX;

	for (int i = 0; i < 16; i++) {
		struct timespec before, real, after;
		int64_t bracket;

		clock_gettime(CLOCK_MONOTONIC, &before);
		clock_gettime(CLOCK_REALTIME, &real);
		clock_gettime(CLOCK_MONOTONIC, &after);
		bracket = timespec_ns(&after) - timespec_ns(&before);
		if (bracket < best) {
			best = bracket;
			wall_offset = timespec_ns(&real) - (timespec_ns(&before) + bracket / 2);
			wall_offset_error = (bracket + 1) / 2;
		}
	}
}

int64_t rpmsg_wall_offset_ns(void)
{
	pthread_once(&offset_once, measure_offset);
	return wall_offset;
}

int64_t rpmsg_wall_offset_error_ns(void)
{
	pthread_once(&offset_once, measure_offset);
	return wall_offset_error;
}

int64_t rpmsg_wall_ns(uint64_t monotonic_ns)
{
	return (int64_t)monotonic_ns + rpmsg_wall_offset_ns();
}

const char *rpmsg_time_format(char *buf, size_t size, int64_t ns, bool unix_epoch,
			      enum rpmsg_clock_style style)
{
	/* floor division: a time before the origin still has a fraction in [0, 1 s) */
	int64_t seconds = ns / NS_PER_S - (ns % NS_PER_S < 0);
	int64_t fraction = ns - seconds * NS_PER_S;
	time_t t = (time_t)seconds;
	struct tm tm;

	if (style == RPMSG_CLOCK_SECONDS || !unix_epoch ||
	    !(style == RPMSG_CLOCK_GMT ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)))
		snprintf(buf, size, "%" PRId64 ".%09" PRId64, seconds, fraction);
	else
		snprintf(buf, size, "%02d:%02d:%02d.%09" PRId64, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 fraction);
	return buf;
}

/* "123" after the dot -> 123000000 ns. Return: false on bad or too many digits. */
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

/* Copies @text without its brackets ("[12:00:01.5]" as printed) and splits off ".FRACTION". */
static bool split_text(const char *text, char *whole, size_t size, int64_t *fraction_ns)
{
	size_t len = strlen(text);
	const char *dot;

	if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
		text++;
		len -= 2;
	}
	if (len >= size)
		return false;
	memcpy(whole, text, len);
	whole[len] = '\0';
	*fraction_ns = 0;
	dot = strchr(whole, '.');
	if (!dot)
		return true;
	whole[dot - whole] = '\0';
	return parse_fraction(dot + 1, fraction_ns);
}

int rpmsg_time_parse(const char *text, bool gmt, struct rpmsg_time_point *out)
{
	char whole[64], tail;
	int64_t fraction;
	int year, month, day, hour, minute, second;

	if (!split_text(text, whole, sizeof(whole), &fraction))
		return -EINVAL;
	if (sscanf(whole, "%d-%d-%d%*1[ T]%d:%d:%d%c", &year, &month, &day, &hour, &minute, &second,
		   &tail) == 6) {
		struct tm tm = {.tm_year = year - 1900,
				.tm_mon = month - 1,
				.tm_mday = day,
				.tm_hour = hour,
				.tm_min = minute,
				.tm_sec = second,
				.tm_isdst = -1};

		if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
		    minute < 0 || minute > 59 || second < 0 || second > 60)
			return -EINVAL;
		out->kind = RPMSG_TIME_ABSOLUTE;
		out->ns = (int64_t)(gmt ? timegm(&tm) : mktime(&tm)) * NS_PER_S + fraction;
		out->gmt = gmt;
		return 0;
	}
	if (sscanf(whole, "%d:%d:%d%c", &hour, &minute, &second, &tail) == 3) {
		if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
			return -EINVAL;
		out->kind = RPMSG_TIME_OF_DAY;
		out->ns = ((int64_t)hour * 3600 + minute * 60 + second) * NS_PER_S + fraction;
		out->gmt = gmt;
		return 0;
	}
	if (whole[0] && strspn(whole, "0123456789") == strlen(whole) && strlen(whole) <= 10) {
		long long seconds;

		sscanf(whole, "%lld", &seconds);
		out->kind = RPMSG_TIME_ABSOLUTE;
		out->ns = (int64_t)seconds * NS_PER_S + fraction;
		out->gmt = gmt;
		return 0;
	}
	return -EINVAL;
}

void rpmsg_time_resolve(struct rpmsg_time_point *point, int64_t first_ns)
{
	int64_t seconds = first_ns / NS_PER_S - (first_ns % NS_PER_S < 0);
	int64_t of_day = point->ns;
	time_t t = (time_t)seconds;
	struct tm tm;

	if (point->kind != RPMSG_TIME_OF_DAY)
		return;
	if (!(point->gmt ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)))
		return;
	/* midnight of that day, then the time of day (mktime also handles a DST change) */
	tm.tm_hour = (int)(of_day / NS_PER_S / 3600);
	tm.tm_min = (int)(of_day / NS_PER_S / 60 % 60);
	tm.tm_sec = (int)(of_day / NS_PER_S % 60);
	tm.tm_isdst = -1;
	point->ns =
		(int64_t)(point->gmt ? timegm(&tm) : mktime(&tm)) * NS_PER_S + of_day % NS_PER_S;
	point->kind = RPMSG_TIME_ABSOLUTE;
}
