// SPDX-License-Identifier: MIT
/* A user's first program against the installed library: open a host bus, read it back with
 * the monitor, close it. Exits 0 when all of that works. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

int main(void)
{
	struct rpmsg_monitor_snapshot *snap;
	struct rpmsg_bus_config cfg;
	struct rpmsg_monitor *mon;
	struct rpmsg_bus *bus;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "install-%d", (int)getpid());
	rpmsg_bus_config_init(&cfg, name, RPMSG_ROLE_HOST);
	ret = rpmsg_bus_open(&cfg, &bus);
	if (ret) {
		fprintf(stderr, "client: open: %s\n", rpmsg_last_error());
		return 1;
	}
	snap = calloc(1, sizeof(*snap));
	ret = rpmsg_monitor_open(name, &mon);
	if (!ret)
		ret = rpmsg_monitor_snapshot(mon, snap);
	if (ret || snap->vring[0].in_flight != snap->rx_bufs_total) {
		fprintf(stderr, "client: monitor saw %u RX buffers in flight, expected %u (%d)\n",
			snap->vring[0].in_flight, snap->rx_bufs_total, ret);
		return 1;
	}
	printf("client: bus %s with %u RX buffers offered to the remote\n", snap->bus,
	       snap->vring[0].in_flight);
	rpmsg_monitor_close(mon);
	free(snap);
	rpmsg_bus_close(bus);
	return 0;
}
