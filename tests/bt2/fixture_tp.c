// SPDX-License-Identifier: MIT
/*
 * TEST FIXTURE: the LTTng-UST probes of provider "rpmsg", built straight into trace_fixture
 * (static linkage) from the project's own provider header (bus/probes/rpmsg_tp.h), so the
 * fixture's events have exactly the layout of docs/events.md.
 */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "rpmsg_tp.h"
