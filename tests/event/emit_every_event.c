// SPDX-License-Identifier: MIT
/*
 * emit_every_event BUS: TEST FIXTURE, not product code. Fires every event of the event model once
 * through the bus's own rpmsg_trace() (bus/probes/probes.h, USDT and LTTng-UST sites), so that a
 * recorder (rpmsg-trace record, or record --bpf with --lib pointing at this program) writes a
 * trace holding every event class. It first waits (30 s at most) until someone listens to every
 * event: the USDT semaphores are raised by the uprobes, the LTTng sites by the session.
 * Exits 0 after firing, 1 when nobody listened in time.
 */
#include <stdio.h>
#include <time.h>

#include "probes.h"

/* Is someone listening to every event? */
static int all_enabled(void)
{
	return rpmsg_trace_enabled(vring_add) && rpmsg_trace_enabled(vring_get) &&
	       rpmsg_trace_enabled(mbox_kick) && rpmsg_trace_enabled(mbox_rx) &&
	       rpmsg_trace_enabled(msg_send) && rpmsg_trace_enabled(msg_recv) &&
	       rpmsg_trace_enabled(ns_announce) && rpmsg_trace_enabled(ept_create) &&
	       rpmsg_trace_enabled(ept_destroy) && rpmsg_trace_enabled(tx_wait) &&
	       rpmsg_trace_enabled(drop);
}

int main(int argc, char **argv)
{
	const struct timespec tick = {0, 10 * 1000 * 1000};
	static const unsigned char payload[] = "every event";
	const char *bus = argc > 1 ? argv[1] : "event0";
	const int host = RPMSG_EVENT_ROLE_HOST;
	int waited;

	for (waited = 0; !all_enabled() && waited < 3000; waited++)
		nanosleep(&tick, NULL);
	if (!all_enabled()) {
		fprintf(stderr,
			"emit_every_event: nobody listens to every rpmsg event after 30 s\n");
		return 1;
	}
	rpmsg_trace(vring_add, bus, host, 1, 2, 512, 3, 4);
	rpmsg_trace(vring_get, bus, host, 1, 2, 16, 3, 5);
	rpmsg_trace(mbox_kick, bus, host, 1);
	rpmsg_trace(mbox_rx, bus, host, 0);
	rpmsg_trace(ns_announce, bus, host, "rpmsg-every", 1024, RPMSG_EVENT_NS_CREATE,
		    RPMSG_EVENT_DIR_TX);
	rpmsg_trace(ept_create, bus, host, "rpmsg-every", 1024);
	rpmsg_trace(msg_send, bus, host, 1024, 1025, sizeof(payload), 0, payload);
	rpmsg_trace(msg_recv, bus, host, 1025, 1024, sizeof(payload), 0, payload);
	rpmsg_trace(tx_wait, bus, host, 1024, 1025, 1000, -110);
	rpmsg_trace(drop, bus, host, 1025, 1099, 8, RPMSG_DROP_NO_RECIPIENT);
	rpmsg_trace(ept_destroy, bus, host, "rpmsg-every", 1024);
	printf("emit_every_event: 11 events on %s\n", bus);
	return 0;
}
