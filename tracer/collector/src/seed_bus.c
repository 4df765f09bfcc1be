// SPDX-License-Identifier: MIT
/*
 * rpmsg_collector_seed_from_bus(): open the bus read-only, take one snapshot, seed, close. Kept
 * apart from seed.c so that programs which never call it do not pull the monitor in.
 */
#include <errno.h>
#include <stdlib.h>

#include <rpmsg/monitor.h>

#include "internal.h"

/* The directory is read under a sequence lock; a busy bus may need another try. */
#define SNAPSHOT_TRIES 5

int rpmsg_collector_seed_from_bus(struct rpmsg_collector *c, const char *bus_name)
{
	struct rpmsg_monitor_snapshot *snap;
	struct rpmsg_monitor *mon;
	int err, tries = 0;

	err = rpmsg_monitor_open(bus_name, &mon);
	if (err)
		return err;
	/* the snapshot is large (two directories of channels): not on the stack */
	snap = calloc(1, sizeof(*snap));
	if (!snap) {
		err = -ENOMEM;
		goto close_mon;
	}
	do {
		err = rpmsg_monitor_snapshot(mon, snap);
	} while (err == -EAGAIN && ++tries < SNAPSHOT_TRIES);
	if (!err)
		err = rpmsg_collector_seed_from_snapshot(c, snap);
	free(snap);
close_mon:
	rpmsg_monitor_close(mon);
	return err;
}
