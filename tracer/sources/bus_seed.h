/* SPDX-License-Identifier: MIT */
/*
 * Names from a running bus, for every tool that attaches after the channels were announced (their
 * name-service messages and endpoint creations happened before we looked, so no event carries
 * them). One read-only snapshot of the bus's own directory (rpmsg_monitor_snapshot(), no
 * privileges) per bus, taken here and nowhere else, then handed over in the form a tool needs:
 *   rpmsg_bus_seed_collector()  the collector's rows and names (rpmsg-top, live --detail)
 *   rpmsg_bus_seed_events()     ept_create / ns_announce events (record --bpf writes them first)
 *   rpmsg_bus_seed_each()       the snapshots themselves
 *
 * Contract: @bus NULL or "" means every bus in /dev/shm; one that cannot be read then (gone, not
 * a bus, busy after a few tries) is skipped. Return: 0, -ENOMEM, or for a named @bus the
 * monitor's error (-ENOENT no such bus, -EACCES, -EIO, -EAGAIN busy); tools treat seeding as best
 * effort. Thread-safe (no state); snapshots and events passed to callbacks are valid during the
 * call only.
 */
#ifndef RPMSG_SOURCES_BUS_SEED_H
#define RPMSG_SOURCES_BUS_SEED_H

#include <stdint.h>

#include <rpmsg/monitor.h>
#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/event.h>

typedef void (*rpmsg_bus_snapshot_fn)(const struct rpmsg_monitor_snapshot *snap, void *priv);
typedef void (*rpmsg_bus_event_fn)(const struct rpmsg_event *ev, void *priv);

/** rpmsg_bus_seed_each() - call @fn with one snapshot of @bus (NULL/"": of every bus). */
int rpmsg_bus_seed_each(const char *bus, rpmsg_bus_snapshot_fn fn, void *priv);

/** rpmsg_bus_seed_collector() - rpmsg_collector_seed_from_snapshot() for @bus (NULL/"": all). */
int rpmsg_bus_seed_collector(struct rpmsg_collector *c, const char *bus);

/**
 * rpmsg_bus_seed_events() - the directory of @bus (NULL/"": of every bus) as the events that
 * would have named its channels: ept_create for an endpoint nobody announced, ns_announce (sent
 * by its side; received by the host for a channel the remote announced) for the others.
 * @ts_ns: the events' time (pid and tid are 0: no process emitted them)
 */
int rpmsg_bus_seed_events(const char *bus, uint64_t ts_ns, rpmsg_bus_event_fn fn, void *priv);

#endif /* RPMSG_SOURCES_BUS_SEED_H */
