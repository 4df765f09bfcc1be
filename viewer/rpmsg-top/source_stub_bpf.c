// SPDX-License-Identifier: MIT
#include "source_stubs.h"

int top_source_bpf_open(const struct top_options *o, bool kernel, struct top_source **out,
			char *err, size_t err_size)
{
	return TOP_SOURCE_NOT_BUILT(kernel ? "--kernel (BPF)" : "BPF", err, err_size);
}
