// SPDX-License-Identifier: MIT
#include "source_stubs.h"

int rpmsg_source_kmsg_open(const struct rpmsg_source_config *o, const char *path,
			   struct rpmsg_source **out, char *err, size_t err_size)
{
	return RPMSG_SOURCE_NOT_BUILT("--kmsg (tracer/kmsg)", err, err_size);
}
