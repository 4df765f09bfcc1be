// SPDX-License-Identifier: MIT
/*
 * The USDT semaphores of the rpmsg provider, one per event (see bus/probes/probes.h). sys/sdt.h
 * records each one's address in the probe's .note.stapsdt entry; a tracer attaching to the probe
 * makes the kernel increment it, and the call site checks it before computing any argument.
 * They must live in the ".probes" section, which is where tools expect them.
 */
#include "probes.h"

#define RPMSG_USDT_DEFINE_SEMAPHORE(event)                                                         \
	volatile unsigned short RPMSG_USDT_SEMAPHORE_(event)                                       \
		__attribute__((section(".probes"), used, visibility("hidden"))) = 0

RPMSG_USDT_DEFINE_SEMAPHORE(vring_add);
RPMSG_USDT_DEFINE_SEMAPHORE(vring_get);
RPMSG_USDT_DEFINE_SEMAPHORE(mbox_kick);
RPMSG_USDT_DEFINE_SEMAPHORE(mbox_rx);
RPMSG_USDT_DEFINE_SEMAPHORE(msg_send);
RPMSG_USDT_DEFINE_SEMAPHORE(msg_recv);
RPMSG_USDT_DEFINE_SEMAPHORE(ns_announce);
RPMSG_USDT_DEFINE_SEMAPHORE(ept_create);
RPMSG_USDT_DEFINE_SEMAPHORE(ept_destroy);
RPMSG_USDT_DEFINE_SEMAPHORE(tx_wait);
RPMSG_USDT_DEFINE_SEMAPHORE(drop);
