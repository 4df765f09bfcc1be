// SPDX-License-Identifier: MIT
/*
 * The channel directory in the control block: each side publishes its endpoints so a monitor
 * can list them read-only. Entries change under a sequence lock (seq odd while writing); the
 * traffic counters are single-writer monotonic values updated without it. All writers hold
 * ept_lock, except the counters, which only the sending (tx) or receiving (rx) path touches.
 */
#include <string.h>

#include "bus_internal.h"

static struct rpmsg_directory *own_directory(struct rpmsg_bus *bus)
{
	return bus->ctrl ? &bus->ctrl->directory[bus->role] : NULL;
}

static void write_begin(struct rpmsg_directory *dir)
{
	__atomic_store_n(&dir->seq, dir->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void write_end(struct rpmsg_directory *dir)
{
	__atomic_store_n(&dir->seq, dir->seq + 1, __ATOMIC_RELEASE);
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
		if (!dir->entries[slot].in_use)
			break;
	if (slot == RPMSG_MONITOR_MAX_CHANNELS)
		return -1; /* full: the endpoint works, monitors just do not see it */
	write_begin(dir);
	e = &dir->entries[slot];
	memset(e, 0, sizeof(*e));
	strncpy(e->name, name, sizeof(e->name) - 1);
	e->local_addr = local;
	e->remote_addr = remote;
	e->origin = origin;
	e->in_use = 1;
	if ((uint32_t)slot >= dir->count)
		dir->count = slot + 1;
	write_end(dir);
	return slot;
}

void directory_update(struct rpmsg_bus *bus, int slot, uint32_t remote,
		      enum rpmsg_channel_origin origin)
{
	struct rpmsg_directory *dir = own_directory(bus);

	if (!dir || slot < 0)
		return;
	write_begin(dir);
	dir->entries[slot].remote_addr = remote;
	dir->entries[slot].origin = origin;
	write_end(dir);
}

void directory_remove(struct rpmsg_bus *bus, int slot)
{
	struct rpmsg_directory *dir = own_directory(bus);

	if (!dir || slot < 0)
		return;
	write_begin(dir);
	dir->entries[slot].in_use = 0;
	while (dir->count && !dir->entries[dir->count - 1].in_use)
		dir->count--;
	write_end(dir);
}

/* Counters: relaxed single-writer updates, readable at any time. */
static void add_counter(uint64_t *counter, uint64_t value)
{
	__atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + value,
			 __ATOMIC_RELAXED);
}

void directory_count_tx(struct rpmsg_bus *bus, int slot, size_t len)
{
	struct rpmsg_directory *dir = own_directory(bus);

	if (!dir || slot < 0)
		return;
	/* Several threads may send on one endpoint: atomic adds keep the count exact. */
	__atomic_fetch_add(&dir->entries[slot].tx_msgs, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&dir->entries[slot].tx_bytes, len, __ATOMIC_RELAXED);
}

void directory_count_rx(struct rpmsg_bus *bus, int slot, size_t len)
{
	struct rpmsg_directory *dir = own_directory(bus);

	if (!dir || slot < 0)
		return;
	/* Only the receive path (under rx_lock) writes these. */
	add_counter(&dir->entries[slot].rx_msgs, 1);
	add_counter(&dir->entries[slot].rx_bytes, len);
}
