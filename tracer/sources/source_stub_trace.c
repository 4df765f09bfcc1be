// SPDX-License-Identifier: MIT
#include "source_stubs.h"

int rpmsg_source_trace_open(const struct rpmsg_source_config *o, const char *url, bool live,
			    struct rpmsg_source **out, char *err, size_t err_size)
{
	return RPMSG_SOURCE_NOT_BUILT(
		live ? "--live (libbabeltrace2)" : "--replay (libbabeltrace2)", err, err_size);
}
