// SPDX-License-Identifier: MIT
/*
 * Names per (bus, side, address), and the rule that names a row from them (NAMES in
 * collector.h). Rows resolve their name when read, not when the name arrives, so a name learned
 * after a row appeared, or a row appearing after its name, need no bookkeeping.
 */
#include <stdlib.h>
#include <string.h>

#include <rpmsg/wire.h>

#include "internal.h"

struct name_entry *names_get(struct rpmsg_collector *c, uint32_t bus_id, int side, uint32_t addr)
{
	int64_t found = key_index_find(&c->name_index, bus_id, (uint32_t)side, addr);
	struct name_entry *grown;

	if (found >= 0)
		return &c->names[found];
	if (c->name_count == c->name_cap) {
		uint32_t cap = c->name_cap ? c->name_cap * 2 : 32;

		grown = realloc(c->names, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		c->names = grown;
		c->name_cap = cap;
	}
	if (key_index_insert(&c->name_index, bus_id, (uint32_t)side, addr, c->name_count))
		return NULL;
	memset(&c->names[c->name_count], 0, sizeof(c->names[0]));
	return &c->names[c->name_count++];
}

const struct name_entry *names_find(const struct rpmsg_collector *c, uint32_t bus_id, int side,
				    uint32_t addr)
{
	int64_t found = key_index_find(&c->name_index, bus_id, (uint32_t)side, addr);

	return found >= 0 ? &c->names[found] : NULL;
}

static const char *origin_name(uint8_t origin, const char *event_name)
{
	return origin == ORIGIN_SNAPSHOT ? "snapshot" : event_name;
}

const char *names_resolve(const struct rpmsg_collector *c, const struct endpoint *ep,
			  const char **source, bool *closed)
{
	const struct name_entry *remote = names_find(c, ep->bus_id, SIDE_REMOTE, ep->remote);
	const struct name_entry *local = names_find(c, ep->bus_id, SIDE_HOST, ep->local);

	/*
	 * Traffic to or from address 53 is the name service itself; naming it after the endpoint
	 * being announced would show two rows with the channel's name.
	 */
	if (ep->local == RPMSG_NS_ADDR || ep->remote == RPMSG_NS_ADDR) {
		*source = "builtin";
		*closed = false;
		return "name-service";
	}
	/* announced names first: they name the channel; endpoint names may be driver-specific */
	if (remote && remote->ns_name[0]) {
		*source = origin_name(remote->ns_origin, "ns");
		*closed = remote->ns_destroyed;
		return remote->ns_name;
	}
	if (local && local->ns_name[0]) {
		*source = origin_name(local->ns_origin, "ns");
		*closed = local->ns_destroyed;
		return local->ns_name;
	}
	if (local && local->ept_name[0]) {
		*source = origin_name(local->ept_origin, "ept");
		*closed = local->ept_destroyed;
		return local->ept_name;
	}
	if (remote && remote->ept_name[0]) {
		*source = origin_name(remote->ept_origin, "ept");
		*closed = remote->ept_destroyed;
		return remote->ept_name;
	}
	*closed = false;
	*source = "";
	return "";
}
