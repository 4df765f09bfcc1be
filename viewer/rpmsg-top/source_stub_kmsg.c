// SPDX-License-Identifier: MIT
#include "source_stubs.h"

int top_source_kmsg_open(const struct top_options *o, const char *path, struct top_source **out,
			 char *err, size_t err_size)
{
	return TOP_SOURCE_NOT_BUILT("--kmsg (tracer/kmsg)", err, err_size);
}
