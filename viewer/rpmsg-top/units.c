// SPDX-License-Identifier: MIT
/*
 * Compact number formatting (see units.h). Powers of 1000 throughout: a rate of 1.20M B/s reads
 * the same as 1.20M msgs/s and needs no explanation in a 6-character column.
 */
#include <stdio.h>
#include <string.h>

#include "units.h"

static const char *scaled(double value, const char *unit_suffix, char *buf, size_t size)
{
	static const char prefixes[] = " kMGTP";
	unsigned int p = 0;

	if (value < 0)
		value = 0;
	if (value < 10 && value != (double)(uint64_t)value) {
		snprintf(buf, size, "%.1f%s", value, unit_suffix);
		return buf;
	}
	if (value < 10000) {
		snprintf(buf, size, "%.0f%s", value, unit_suffix);
		return buf;
	}
	while (value >= 999.5 && p < sizeof(prefixes) - 2) {
		value /= 1000;
		p++;
	}
	if (value < 9.995)
		snprintf(buf, size, "%.2f%c%s", value, prefixes[p], unit_suffix);
	else if (value < 99.95)
		snprintf(buf, size, "%.1f%c%s", value, prefixes[p], unit_suffix);
	else
		snprintf(buf, size, "%.0f%c%s", value, prefixes[p], unit_suffix);
	return buf;
}

const char *units_rate(double value, char *buf, size_t size)
{
	return scaled(value, "", buf, size);
}

const char *units_count(uint64_t value, char *buf, size_t size)
{
	if (value < 1000000) {
		snprintf(buf, size, "%llu", (unsigned long long)value);
		return buf;
	}
	return scaled((double)value, "", buf, size);
}

const char *units_bytes(double value, char *buf, size_t size)
{
	return scaled(value, "", buf, size);
}

const char *units_ns(uint64_t ns, bool dash_zero, char *buf, size_t size)
{
	if (ns == 0 && dash_zero)
		snprintf(buf, size, "-");
	else if (ns < 1000)
		snprintf(buf, size, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, size, "%.*fus", ns < 10000 ? 2 : ns < 100000 ? 1 : 0, ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, size, "%.*fms", ns < 10000000 ? 2 : ns < 100000000 ? 1 : 0, ns / 1e6);
	else
		snprintf(buf, size, "%.2fs", ns / 1e9);
	return buf;
}

const char *units_uptime(uint64_t ns, char *buf, size_t size)
{
	uint64_t s = ns / 1000000000ull;
	unsigned int days = (unsigned int)(s / 86400);

	s %= 86400;
	if (days)
		snprintf(buf, size, "%ud %02u:%02u:%02u", days, (unsigned int)(s / 3600),
			 (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
	else
		snprintf(buf, size, "%02u:%02u:%02u", (unsigned int)(s / 3600),
			 (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
	return buf;
}

const char *units_sparkline(const float *values, size_t count, bool utf8, char *buf, size_t size)
{
	static const char *const blocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
					     "\u2585", "\u2586", "\u2587", "\u2588"};
	static const char ascii[] = ".:-=+*#@";
	size_t per_char = utf8 ? 3 : 1, fit, i, used = 0;
	float max = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	fit = (size - 1) / per_char;
	if (count > fit) {
		values += count - fit;
		count = fit;
	}
	for (i = 0; i < count; i++)
		if (values[i] > max)
			max = values[i];
	for (i = 0; i < count; i++) {
		int level = max > 0 ? (int)(values[i] / max * 7.999f) : 0;

		if (level < 0)
			level = 0;
		if (values[i] <= 0) {
			buf[used++] = ' ';
		} else if (utf8) {
			memcpy(buf + used, blocks[level], 3);
			used += 3;
		} else {
			buf[used++] = ascii[level];
		}
	}
	buf[used] = '\0';
	return buf;
}

const char *units_time(uint64_t ns, enum rpmsg_source_clock clock, enum rpmsg_clock_style style,
		       char *buf, size_t size)
{
	if (!ns) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (clock == RPMSG_SOURCE_CLOCK_MONOTONIC)
		return rpmsg_time_format(buf, size, rpmsg_wall_ns(ns), true, style);
	return rpmsg_time_format(buf, size, (int64_t)ns, clock == RPMSG_SOURCE_CLOCK_EPOCH, style);
}
