// SPDX-License-Identifier: MIT
#include "source_stubs.h"

int rpmsg_source_bpf_open(const struct rpmsg_source_config *o, bool kernel,
			  struct rpmsg_source **out, char *err, size_t err_size)
{
	return RPMSG_SOURCE_NOT_BUILT(kernel ? "--kernel (BPF)" : "BPF", err, err_size);
}
