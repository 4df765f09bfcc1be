// SPDX-License-Identifier: MIT
#include "source_stubs.h"

int top_source_trace_open(const struct top_options *o, const char *url, bool live,
			  struct top_source **out, char *err, size_t err_size)
{
	return TOP_SOURCE_NOT_BUILT(live ? "--live (libbabeltrace2)" : "--replay (libbabeltrace2)",
				    err, err_size);
}
