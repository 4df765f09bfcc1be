// SPDX-License-Identifier: MIT
/*
 * The USDT semaphores of the rpmsg provider, one per event (see bus/probes/probes.h). sys/sdt.h
 * records each one's address in the probe's .note.stapsdt entry; a tracer attaching to the probe
 * makes the kernel increment it, and the call site checks it before computing any argument.
 * They must live in the ".probes" section, which is where tools expect them.
 */
#include "probes.h"

#define RPMSG_USDT_DEFINE_SEMAPHORE(event, EVENT, record, doc)                                    \
	volatile unsigned short RPMSG_USDT_SEMAPHORE_(event)                                       \
		__attribute__((section(".probes"), used, visibility("hidden"))) = 0;

RPMSG_EVENTS(RPMSG_USDT_DEFINE_SEMAPHORE)
