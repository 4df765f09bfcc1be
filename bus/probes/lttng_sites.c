// SPDX-License-Identifier: MIT
/*
 * The LTTng-UST tracepoint sites of the rpmsg provider inside librpmsgbus (dynamic linkage).
 *
 * LTTNG_UST_TRACEPOINT_DEFINE makes this file hold the tracepoint structures and a constructor
 * that dlopens liblttng-ust-tracepoint.so.1 and registers the sites with it; when that library is
 * not installed the constructor does nothing and every site stays disabled. The probes that
 * write events live in librpmsg-tp.so (bus/probes/rpmsg_tp.c), which a traced process loads with
 * LD_PRELOAD (rpmsg-trace record does it) or dlopen; only then does the process connect to an
 * LTTng session daemon.
 */
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "probes.h"
