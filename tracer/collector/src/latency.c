// SPDX-License-Identifier: MIT
/*
 * Latency histograms: log-linear buckets, exact below 16 ns, then 8 sub-buckets per power of
 * two (relative error under 1/16 when the bucket middle is reported). Fixed size, so adding a
 * sample never allocates and percentiles cost one pass over LAT_BUCKETS counters.
 */
#include <string.h>

#include "internal.h"

static unsigned int lat_bucket(uint64_t ns)
{
	unsigned int exp, sub;

	if (ns < LAT_LINEAR)
		return (unsigned int)ns;
	exp = 63 - (unsigned int)__builtin_clzll(ns); /* >= 4 */
	if (exp > LAT_TOP_EXP)
		return LAT_BUCKETS - 1;
	sub = (unsigned int)(ns >> (exp - LAT_SUB_BITS)) & ((1u << LAT_SUB_BITS) - 1);
	return LAT_LINEAR + (exp - 4) * (1u << LAT_SUB_BITS) + sub;
}

/* The middle of bucket @b. */
static uint64_t lat_bucket_mid(unsigned int b)
{
	unsigned int exp, sub;
	uint64_t low, width;

	if (b < LAT_LINEAR)
		return b;
	exp = (b - LAT_LINEAR) / (1u << LAT_SUB_BITS) + 4;
	sub = (b - LAT_LINEAR) % (1u << LAT_SUB_BITS);
	width = 1ull << (exp - LAT_SUB_BITS);
	low = ((1ull << LAT_SUB_BITS) + sub) * width;
	return low + width / 2;
}

void lat_hist_add(struct lat_hist *h, uint64_t ns)
{
	h->buckets[lat_bucket(ns)]++;
	if (!h->count || ns < h->min)
		h->min = ns;
	h->count++;
	if (ns > h->max)
		h->max = ns;
}

void lat_hist_merge(struct lat_hist *into, const struct lat_hist *from)
{
	unsigned int i;

	if (!from->count)
		return;
	if (!into->count || from->min < into->min)
		into->min = from->min;
	for (i = 0; i < LAT_BUCKETS; i++)
		into->buckets[i] += from->buckets[i];
	into->count += from->count;
	if (from->max > into->max)
		into->max = from->max;
}

uint64_t lat_hist_quantile(const struct lat_hist *h, double q)
{
	uint64_t rank, seen = 0, mid;
	unsigned int i;

	if (!h->count)
		return 0;
	/* the smallest value with at least q of the samples at or below it */
	rank = (uint64_t)(q * (double)h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (i = 0; i < LAT_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			break;
	}
	mid = lat_bucket_mid(i < LAT_BUCKETS ? i : LAT_BUCKETS - 1);
	/* exact when every sample is the same, and never outside what was seen */
	if (mid < h->min)
		return h->min;
	return mid > h->max ? h->max : mid;
}
