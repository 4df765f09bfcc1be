// SPDX-License-Identifier: MIT
/*
 * The channel directory in the control block: each side publishes its endpoints so a monitor
 * can list them read-only. Entries change under a sequence lock (seq odd while writing); the
 * traffic counters are single-writer monotonic values updated without it. All writers hold
 * ept_lock, except the counters, which only the sending (tx, under tx_lock) or receiving (rx,
 * under rx_lock) path touches: those are bus_internal.h's directory_count_tx()/_rx(), inline.
 *
 * The directory lies in shared memory, so the peer can scribble on our own one too: which slots
 * are in use, the count and the sequence live in struct rpmsg_bus (private) and are only
 * published here. Nothing is ever read back from the shared copy.
 */
#include <string.h>

#include "bus_internal.h"

static struct rpmsg_directory *own_directory(struct rpmsg_bus *bus)
{
	return bus->ctrl ? &bus->ctrl->directory[bus->role] : NULL;
}

/* Sequence numbers come from our private counter: a peer-written seq never steers us. */
static void write_begin(struct rpmsg_bus *bus, struct rpmsg_directory *dir)
{
	__atomic_store_n(&dir->seq, ++bus->dir_seq, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void write_end(struct rpmsg_bus *bus, struct rpmsg_directory *dir)
{
	__atomic_store_n(&dir->seq, ++bus->dir_seq, __ATOMIC_RELEASE);
}

/* A slot number we handed out ourselves (caller holds ept_lock), or -1 for anything else. */
static int valid_slot(const struct rpmsg_bus *bus, int slot)
{
	return slot >= 0 && slot < RPMSG_MONITOR_MAX_CHANNELS && bus->dir_used[slot] ? slot : -1;
}

int directory_add(struct rpmsg_bus *bus, const char *name, uint32_t local, uint32_t remote,
		  enum rpmsg_channel_origin origin)
{
	struct rpmsg_directory *dir = own_directory(bus);
	struct rpmsg_dir_entry *e;
	int slot;

	if (!dir)
		return -1;
	for (slot = 0; slot < RPMSG_MONITOR_MAX_CHANNELS; slot++)
		if (!bus->dir_used[slot])
			break;
	if (slot == RPMSG_MONITOR_MAX_CHANNELS)
		return -1; /* full: the endpoint works, monitors just do not see it */
	bus->dir_used[slot] = true;
	if ((uint32_t)slot >= bus->dir_count)
		bus->dir_count = slot + 1;
	write_begin(bus, dir);
	e = &dir->entries[slot];
	memset(e, 0, sizeof(*e));
	strncpy(e->name, name, sizeof(e->name) - 1);
	e->local_addr = local;
	e->remote_addr = remote;
	e->origin = origin;
	e->in_use = 1;
	__atomic_store_n(&dir->count, bus->dir_count, __ATOMIC_RELAXED);
	write_end(bus, dir);
	return slot;
}

void directory_update(struct rpmsg_bus *bus, int slot, uint32_t remote,
		      enum rpmsg_channel_origin origin)
{
	struct rpmsg_directory *dir = own_directory(bus);

	if (!dir || valid_slot(bus, slot) < 0)
		return;
	write_begin(bus, dir);
	dir->entries[slot].remote_addr = remote;
	dir->entries[slot].origin = origin;
	write_end(bus, dir);
}

void directory_remove(struct rpmsg_bus *bus, int slot)
{
	struct rpmsg_directory *dir = own_directory(bus);

	if (!dir || valid_slot(bus, slot) < 0)
		return;
	bus->dir_used[slot] = false;
	while (bus->dir_count && !bus->dir_used[bus->dir_count - 1])
		bus->dir_count--;
	write_begin(bus, dir);
	dir->entries[slot].in_use = 0;
	__atomic_store_n(&dir->count, bus->dir_count, __ATOMIC_RELAXED);
	write_end(bus, dir);
}
