// SPDX-License-Identifier: MIT
/*
 * Endpoints (local addresses with callbacks), host-side channels and client drivers, and the
 * name service on address 53 (drivers/rpmsg/rpmsg_core.c, rpmsg_ns.c and OpenAMP's rpmsg.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus_internal.h"

static unsigned int ept_bucket(uint32_t addr)
{
	return (addr * 2654435761u) >> 24; /* EPT_HASH_BUCKETS == 256 */
}

static struct rpmsg_endpoint *ept_lookup_locked(struct rpmsg_bus *bus, uint32_t addr)
{
	struct rpmsg_endpoint *ept = bus->ept_hash[ept_bucket(addr)];

	while (ept && ept->addr != addr)
		ept = ept->hash_next;
	return ept;
}

struct rpmsg_endpoint *ept_get(struct rpmsg_bus *bus, uint32_t addr)
{
	struct rpmsg_endpoint *ept;

	pthread_mutex_lock(&bus->ept_lock);
	ept = ept_lookup_locked(bus, addr);
	if (ept)
		ept->refs++;
	pthread_mutex_unlock(&bus->ept_lock);
	return ept;
}

void ept_put(struct rpmsg_endpoint *ept)
{
	struct rpmsg_bus *bus = ept->bus;
	bool free_it;

	pthread_mutex_lock(&bus->ept_lock);
	free_it = --ept->refs == 0;
	pthread_mutex_unlock(&bus->ept_lock);
	if (free_it)
		free(ept);
}

/* Pick a free dynamic address (rpmsg_core's idr_alloc from RPMSG_RESERVED_ADDRESSES). */
static uint32_t alloc_dynamic_addr_locked(struct rpmsg_bus *bus)
{
	for (uint32_t tries = 0; tries < 1u << 20; tries++) {
		uint32_t addr = bus->next_dynamic_addr++;

		if (bus->next_dynamic_addr == RPMSG_ADDR_ANY)
			bus->next_dynamic_addr = RPMSG_RESERVED_ADDRESSES;
		if (!ept_lookup_locked(bus, addr))
			return addr;
	}
	return RPMSG_ADDR_ANY;
}

/* Create an endpoint; @origin and @remote describe it in the directory. */
static int create_ept(struct rpmsg_bus *bus, const char *name, uint32_t src, uint32_t dst,
		      rpmsg_rx_cb_t cb, void *priv, enum rpmsg_channel_origin origin,
		      struct rpmsg_endpoint **out)
{
	struct rpmsg_endpoint *ept;
	unsigned int bucket;

	if (!name)
		name = "";
	if (strlen(name) >= RPMSG_NAME_SIZE)
		return -EINVAL;
	if (src != RPMSG_ADDR_ANY && src < RPMSG_RESERVED_ADDRESSES && src == RPMSG_NS_ADDR)
		return -EINVAL; /* the name service owns address 53 */
	ept = calloc(1, sizeof(*ept));
	if (!ept)
		return -ENOMEM;
	ept->bus = bus;
	strcpy(ept->name, name);
	ept->dst = dst;
	ept->cb = cb;
	ept->priv = priv;
	ept->refs = 1;

	pthread_mutex_lock(&bus->ept_lock);
	if (src == RPMSG_ADDR_ANY) {
		src = alloc_dynamic_addr_locked(bus);
		if (src == RPMSG_ADDR_ANY) {
			pthread_mutex_unlock(&bus->ept_lock);
			free(ept);
			return -ENOSPC;
		}
	} else if (ept_lookup_locked(bus, src)) {
		pthread_mutex_unlock(&bus->ept_lock);
		free(ept);
		return -EBUSY;
	}
	ept->addr = src;
	bucket = ept_bucket(src);
	ept->hash_next = bus->ept_hash[bucket];
	bus->ept_hash[bucket] = ept;
	ept->dir_slot = directory_add(bus, ept->name, src, dst, origin);
	pthread_mutex_unlock(&bus->ept_lock);

	rpmsg_trace(ept_create, bus->name, bus->event_role, ept->name, ept->addr);
	*out = ept;
	return 0;
}

int rpmsg_create_ept(struct rpmsg_bus *bus, const char *name, uint32_t src, uint32_t dst,
		     rpmsg_rx_cb_t cb, void *priv, struct rpmsg_endpoint **out)
{
	return create_ept(bus, name, src, dst, cb, priv, RPMSG_ORIGIN_LOCAL, out);
}

static int ns_send(struct rpmsg_endpoint *ept, uint32_t flags)
{
	struct rpmsg_bus *bus = ept->bus;
	struct rpmsg_ns_msg msg;

	if (!bus->ns_supported)
		return -ENOTSUP;
	memset(&msg, 0, sizeof(msg));
	strncpy(msg.name, ept->name, sizeof(msg.name));
	msg.addr = ept->addr;
	msg.flags = flags;
	rpmsg_trace(ns_announce, bus->name, bus->event_role, ept->name, ept->addr, flags,
		    RPMSG_EVENT_DIR_TX);
	/* A destroy must not hold up teardown behind a stuck peer for the whole TX timeout. */
	return tx_send_raw(ept, ept->addr, RPMSG_NS_ADDR, &msg, sizeof(msg),
			   flags == RPMSG_NS_DESTROY && bus->cfg.tx_timeout_ms > 1000
				   ? 1000
				   : (int)bus->cfg.tx_timeout_ms);
}

int rpmsg_announce(struct rpmsg_endpoint *ept)
{
	struct rpmsg_bus *bus = ept->bus;
	int ret;

	if (!bus->vu) {
		ret = ns_send(ept, RPMSG_NS_CREATE);
	} else if (!bus->ns_supported) {
		ret = -ENOTSUP;
	} else {
		/*
		 * vhost-user: the guest's driver may not run yet. The name goes out now if it does,
		 * else when it comes up (endpoints_announce_all(), under the same lock, so a name
		 * is sent once per driver start).
		 */
		pthread_mutex_lock(&bus->announce_lock);
		ret = atomic_load(&bus->vhost_live) ? ns_send(ept, RPMSG_NS_CREATE) : 0;
		if (!ret)
			ept->announced = true;
		pthread_mutex_unlock(&bus->announce_lock);
	}
	if (!ret) {
		ept->announced = true;
		pthread_mutex_lock(&ept->bus->ept_lock);
		directory_update(ept->bus, ept->dir_slot, ept->dst, RPMSG_ORIGIN_ANNOUNCED);
		pthread_mutex_unlock(&ept->bus->ept_lock);
	}
	return ret;
}

/* Unlink from the table; the memory goes when the last reference does. */
static void unlink_ept(struct rpmsg_endpoint *ept)
{
	struct rpmsg_bus *bus = ept->bus;
	struct rpmsg_endpoint **pp;
	bool free_it = false;

	pthread_mutex_lock(&bus->ept_lock);
	if (!ept->destroyed) {
		ept->destroyed = true;
		for (pp = &bus->ept_hash[ept_bucket(ept->addr)]; *pp; pp = &(*pp)->hash_next) {
			if (*pp == ept) {
				*pp = ept->hash_next;
				break;
			}
		}
		directory_remove(bus, ept->dir_slot);
		ept->dir_slot = -1;
		free_it = --ept->refs == 0;
		/* the receive path's cached endpoint may be this one: it looks it up again */
		atomic_fetch_add_explicit(&bus->ept_unlinks, 1, memory_order_release);
	}
	pthread_mutex_unlock(&bus->ept_lock);
	rpmsg_trace(ept_destroy, bus->name, bus->event_role, ept->name, ept->addr);
	if (free_it)
		free(ept);
}

void rpmsg_destroy_ept(struct rpmsg_endpoint *ept)
{
	if (!ept)
		return;
	/* Tell the other side first, while the endpoint still has its address. */
	if (ept->announced && !atomic_load(&ept->bus->status) && bus_ns_reachable(ept->bus))
		ns_send(ept, RPMSG_NS_DESTROY);
	unlink_ept(ept);
}

uint32_t rpmsg_ept_addr(const struct rpmsg_endpoint *ept)
{
	return ept->addr;
}

uint32_t rpmsg_ept_dst(const struct rpmsg_endpoint *ept)
{
	return ept->dst;
}

const char *rpmsg_ept_name(const struct rpmsg_endpoint *ept)
{
	return ept->name;
}

struct rpmsg_bus *rpmsg_ept_bus(const struct rpmsg_endpoint *ept)
{
	return ept->bus;
}

void *rpmsg_ept_priv(const struct rpmsg_endpoint *ept)
{
	return ept->priv;
}

/* --- channels and drivers (host) --- */

static void channel_put(struct rpmsg_channel *ch)
{
	struct rpmsg_bus *bus = ch->bus;
	bool free_it;

	pthread_mutex_lock(&bus->ept_lock);
	free_it = --ch->refs == 0;
	pthread_mutex_unlock(&bus->ept_lock);
	if (free_it) {
		pthread_mutex_destroy(&ch->op_lock);
		free(ch);
	}
}

/* Bind @drv to @ch: give it an endpoint towards the announced address and probe. */
static void channel_bind(struct rpmsg_channel *ch, const struct rpmsg_driver *drv)
{
	struct rpmsg_endpoint *ept;

	pthread_mutex_lock(&ch->op_lock);
	if (ch->drv || ch->removed)
		goto out;
	if (create_ept(ch->bus, ch->name, RPMSG_ADDR_ANY, ch->remote_addr, drv->callback, ch,
		       RPMSG_ORIGIN_PEER, &ept))
		goto out;
	ept->channel = ch;
	ch->ept = ept;
	ch->drv = drv;
	if (drv->probe && drv->probe(ch)) {
		ch->ept = NULL;
		ch->drv = NULL;
		unlink_ept(ept);
	}
out:
	pthread_mutex_unlock(&ch->op_lock);
}

/* Unbind whatever driver @ch has; concurrent callers (NS destroy, unregister, close) are safe. */
static void channel_unbind(struct rpmsg_channel *ch, const struct rpmsg_driver *only)
{
	struct rpmsg_endpoint *ept;

	pthread_mutex_lock(&ch->op_lock);
	if (ch->drv && (!only || ch->drv == only)) {
		if (ch->drv->remove)
			ch->drv->remove(ch);
		ept = ch->ept;
		ch->drv = NULL;
		ch->ept = NULL;
		if (ept)
			unlink_ept(ept);
	}
	pthread_mutex_unlock(&ch->op_lock);
}

static const struct rpmsg_driver *find_driver_locked(struct rpmsg_bus *bus, const char *name)
{
	for (struct driver_entry *d = bus->drivers; d; d = d->next)
		if (!strcmp(d->drv->name, name))
			return d->drv;
	return NULL;
}

static void channel_create(struct rpmsg_bus *bus, const char *name, uint32_t addr)
{
	const struct rpmsg_driver *drv;
	struct rpmsg_channel *ch;

	pthread_mutex_lock(&bus->ept_lock);
	for (ch = bus->channels; ch; ch = ch->next) {
		if (!strcmp(ch->name, name) && ch->remote_addr == addr) {
			pthread_mutex_unlock(&bus->ept_lock);
			return; /* "channel %s:%x:%x already exist": ignore a repeat */
		}
	}
	ch = calloc(1, sizeof(*ch));
	if (!ch) {
		pthread_mutex_unlock(&bus->ept_lock);
		return;
	}
	ch->bus = bus;
	pthread_mutex_init(&ch->op_lock, NULL);
	ch->refs = 2; /* the list's, and ours until we are done binding */
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	ch->remote_addr = addr;
	ch->next = bus->channels;
	bus->channels = ch;
	drv = find_driver_locked(bus, name);
	pthread_mutex_unlock(&bus->ept_lock);

	if (drv)
		channel_bind(ch, drv);
	channel_put(ch);
}

/* Take @ch off the list (keeping the list's reference for us), unbind it and let it go. */
static void channel_remove(struct rpmsg_channel *ch)
{
	channel_unbind(ch, NULL);
	channel_put(ch);
}

static void channel_destroy(struct rpmsg_bus *bus, const char *name, uint32_t addr)
{
	struct rpmsg_channel **pp, *ch = NULL;

	pthread_mutex_lock(&bus->ept_lock);
	for (pp = &bus->channels; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->name, name) && (*pp)->remote_addr == addr) {
			ch = *pp;
			*pp = ch->next;
			ch->removed = true;
			break;
		}
	}
	pthread_mutex_unlock(&bus->ept_lock);
	if (ch)
		channel_remove(ch);
}

/* The first listed channel matching @pred, with a reference taken, or NULL. */
static struct rpmsg_channel *channel_find_get(struct rpmsg_bus *bus,
					      bool (*pred)(const struct rpmsg_channel *,
							   const struct rpmsg_driver *),
					      const struct rpmsg_driver *drv)
{
	struct rpmsg_channel *ch;

	pthread_mutex_lock(&bus->ept_lock);
	for (ch = bus->channels; ch; ch = ch->next)
		if (pred(ch, drv))
			break;
	if (ch)
		ch->refs++;
	pthread_mutex_unlock(&bus->ept_lock);
	return ch;
}

static bool channel_wants(const struct rpmsg_channel *ch, const struct rpmsg_driver *drv)
{
	return !ch->drv && !ch->removed && !strcmp(ch->name, drv->name);
}

static bool channel_bound_to(const struct rpmsg_channel *ch, const struct rpmsg_driver *drv)
{
	return ch->drv == drv;
}

int rpmsg_register_driver(struct rpmsg_bus *bus, const struct rpmsg_driver *drv)
{
	struct driver_entry *entry;
	struct rpmsg_channel *ch;

	if (!drv || !drv->name)
		return -EINVAL;
	entry = calloc(1, sizeof(*entry));
	if (!entry)
		return -ENOMEM;
	entry->drv = drv;
	pthread_mutex_lock(&bus->ept_lock);
	entry->next = bus->drivers;
	bus->drivers = entry;
	pthread_mutex_unlock(&bus->ept_lock);

	/* Bind channels that appeared before the driver did. */
	for (;;) {
		bool bound;

		ch = channel_find_get(bus, channel_wants, drv);
		if (!ch)
			break;
		channel_bind(ch, drv);
		bound = ch->drv == drv;
		channel_put(ch);
		if (!bound)
			break; /* probe refused: do not retry it forever */
	}
	return 0;
}

void rpmsg_unregister_driver(struct rpmsg_bus *bus, const struct rpmsg_driver *drv)
{
	struct driver_entry **pp, *entry = NULL;
	struct rpmsg_channel *ch;

	pthread_mutex_lock(&bus->ept_lock);
	for (pp = &bus->drivers; *pp; pp = &(*pp)->next) {
		if ((*pp)->drv == drv) {
			entry = *pp;
			*pp = entry->next;
			break;
		}
	}
	pthread_mutex_unlock(&bus->ept_lock);
	free(entry);
	while ((ch = channel_find_get(bus, channel_bound_to, drv))) {
		channel_unbind(ch, drv);
		channel_put(ch);
	}
}

const char *rpmsg_channel_name(const struct rpmsg_channel *ch)
{
	return ch->name;
}

struct rpmsg_endpoint *rpmsg_channel_ept(const struct rpmsg_channel *ch)
{
	return ch->ept;
}

uint32_t rpmsg_channel_remote_addr(const struct rpmsg_channel *ch)
{
	return ch->remote_addr;
}

void *rpmsg_channel_driver_priv(const struct rpmsg_channel *ch)
{
	return ch->drv ? ch->drv->priv : NULL;
}

void rpmsg_channel_set_drvdata(struct rpmsg_channel *ch, void *data)
{
	ch->drvdata = data;
}

void *rpmsg_channel_drvdata(const struct rpmsg_channel *ch)
{
	return ch->drvdata;
}

/* --- name service --- */

/* Remote side: the host announced a service; bind a local endpoint of that name (OpenAMP). */
static void remote_ns_bind(struct rpmsg_bus *bus, const char *name, uint32_t addr, bool create)
{
	pthread_mutex_lock(&bus->ept_lock);
	for (unsigned int b = 0; b < EPT_HASH_BUCKETS; b++) {
		for (struct rpmsg_endpoint *e = bus->ept_hash[b]; e; e = e->hash_next) {
			if (strcmp(e->name, name))
				continue;
			if (create && e->dst == RPMSG_ADDR_ANY)
				e->dst = addr;
			else if (!create && e->dst == addr)
				e->dst = RPMSG_ADDR_ANY;
			directory_update(bus, e->dir_slot, e->dst,
					 e->announced ? RPMSG_ORIGIN_ANNOUNCED : RPMSG_ORIGIN_PEER);
		}
	}
	pthread_mutex_unlock(&bus->ept_lock);
}

/**
 * ns_handle_message() - act on a name-service message the other side sent to address 53.
 * @bus:  the bus
 * @data: the payload, in the receive buffer (the other side may still write it: copied once)
 * @len:  payload length from the checked rpmsg header
 * @src:  the sender's address
 *
 * Host: a CREATE makes a channel (and binds a registered driver), a DESTROY removes it, as
 * virtio_rpmsg_bus.c's rpmsg_ns_cb() does. Remote: endpoints of that name learn (or forget) their
 * destination, as OpenAMP does. A message of the wrong size or with unknown flags is dropped and
 * counted (RPMSG_DROP_BAD_NS). A name that fills all RPMSG_NAME_SIZE bytes without a NUL is cut
 * to RPMSG_NAME_SIZE - 1 bytes and counted (stats ns_names_unterminated), as the kernel
 * terminates it: the other side's sloppiness, not a reason to stop the bus.
 * Called from the receive path with rx_lock held.
 */
void ns_handle_message(struct rpmsg_bus *bus, const void *data, size_t len, uint32_t src)
{
	struct rpmsg_ns_msg msg;
	char name[RPMSG_NAME_SIZE];
	bool create;

	if (len != sizeof(msg)) {
		/* "malformed ns msg (%d)" */
		bus_count_drop(bus, src, RPMSG_NS_ADDR, len, RPMSG_DROP_BAD_NS);
		return;
	}
	memcpy(&msg, data, sizeof(msg));
	if (msg.flags > RPMSG_NS_DESTROY) {
		bus_count_drop(bus, src, RPMSG_NS_ADDR, len, RPMSG_DROP_BAD_NS);
		return;
	}
	memcpy(name, msg.name, sizeof(name));
	if (!memchr(name, 0, sizeof(name))) {
		atomic_fetch_add_explicit(&bus->stats.ns_names_unterminated, 1,
					  memory_order_relaxed);
		name[sizeof(name) - 1] = 0;
	}
	create = msg.flags == RPMSG_NS_CREATE;
	rpmsg_trace(ns_announce, bus->name, bus->event_role, name, msg.addr, msg.flags,
		    RPMSG_EVENT_DIR_RX);

	if (bus->role == RPMSG_ROLE_HOST) {
		if (create) {
			if (bus->cfg.ns_bind)
				bus->cfg.ns_bind(bus, name, msg.addr, bus->cfg.priv);
			channel_create(bus, name, msg.addr);
		} else {
			channel_destroy(bus, name, msg.addr);
			if (bus->cfg.ns_unbind)
				bus->cfg.ns_unbind(bus, name, msg.addr, bus->cfg.priv);
		}
		return;
	}
	remote_ns_bind(bus, name, msg.addr, create);
	if (create && bus->cfg.ns_bind)
		bus->cfg.ns_bind(bus, name, msg.addr, bus->cfg.priv);
	else if (!create && bus->cfg.ns_unbind)
		bus->cfg.ns_unbind(bus, name, msg.addr, bus->cfg.priv);
}

void endpoints_announce_all(struct rpmsg_bus *bus)
{
	struct rpmsg_endpoint *list[RPMSG_MONITOR_MAX_CHANNELS];
	unsigned int n = 0;

	/* Take references under ept_lock, send without it (a send may wait for a buffer). */
	pthread_mutex_lock(&bus->ept_lock);
	for (unsigned int b = 0; b < EPT_HASH_BUCKETS; b++) {
		for (struct rpmsg_endpoint *e = bus->ept_hash[b]; e; e = e->hash_next) {
			if (!e->announced || e->destroyed)
				continue;
			if (n == RPMSG_MONITOR_MAX_CHANNELS)
				break; /* more than a monitor lists: the rest stay silent */
			e->refs++;
			list[n++] = e;
		}
	}
	pthread_mutex_unlock(&bus->ept_lock);
	for (unsigned int i = 0; i < n; i++) {
		if (!atomic_load(&bus->status))
			ns_send(list[i], RPMSG_NS_CREATE);
		ept_put(list[i]);
	}
}

void endpoints_destroy_all(struct rpmsg_bus *bus)
{
	struct rpmsg_channel *ch;
	struct driver_entry *d;

	/* Channels first: their drivers' remove() may still send. */
	for (;;) {
		pthread_mutex_lock(&bus->ept_lock);
		ch = bus->channels;
		if (ch) {
			bus->channels = ch->next;
			ch->removed = true;
		}
		pthread_mutex_unlock(&bus->ept_lock);
		if (!ch)
			break;
		channel_remove(ch);
	}
	for (;;) {
		struct rpmsg_endpoint *ept = NULL;

		pthread_mutex_lock(&bus->ept_lock);
		for (unsigned int b = 0; b < EPT_HASH_BUCKETS && !ept; b++)
			ept = bus->ept_hash[b];
		pthread_mutex_unlock(&bus->ept_lock);
		if (!ept)
			break;
		rpmsg_destroy_ept(ept);
	}
	while ((d = bus->drivers)) {
		bus->drivers = d->next;
		free(d);
	}
}
