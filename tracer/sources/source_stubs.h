/* SPDX-License-Identifier: MIT */
/* Sources whose module is not built answer with one line saying so (CMakeLists.txt picks). */
#include <errno.h>
#include <stdio.h>

#include "source.h"

#define RPMSG_SOURCE_NOT_BUILT(what, err, err_size)                                                \
	(snprintf(err, err_size, "%s: rpmsg-scope was built without it", what), -ENOTSUP)
