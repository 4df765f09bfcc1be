// SPDX-License-Identifier: MIT
/*
 * librpmsg-tp.so: the probes of the "rpmsg" LTTng-UST provider. Loading this library (LD_PRELOAD,
 * or dlopen) registers them; the tracepoint sites in librpmsgbus then start firing into any
 * LTTng session that enables rpmsg:* events. Nothing else lives here.
 */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#include "rpmsg_tp.h"
