// SPDX-License-Identifier: MIT
/*
 * Endpoint names per (bus, side, address). See endpoint_names.h. A trace has tens of endpoints,
 * so a flat array with a last-hit shortcut is all it takes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint_names.h"

struct name_entry {
	char bus[RPMSG_EVENT_BUS_LEN];
	enum endpoint_side side;
	uint32_t addr;
	char name[RPMSG_EVENT_NAME_LEN];
};

struct endpoint_names {
	struct name_entry *entries;
	size_t count, capacity;
};

struct endpoint_names *rpmsg_bt2_names_create(void)
{
	return calloc(1, sizeof(struct endpoint_names));
}

void rpmsg_bt2_names_destroy(struct endpoint_names *names)
{
	if (!names)
		return;
	free(names->entries);
	free(names);
}

static enum endpoint_side emitter_side(uint32_t role)
{
	return role == RPMSG_EVENT_ROLE_REMOTE ? SIDE_REMOTE : SIDE_HOST;
}

static enum endpoint_side other_side(enum endpoint_side side)
{
	return side == SIDE_HOST ? SIDE_REMOTE : SIDE_HOST;
}

void rpmsg_bt2_message_sides(const struct rpmsg_event *ev, enum endpoint_side *src,
			     enum endpoint_side *dst)
{
	enum endpoint_side emitter = emitter_side(ev->role);

	/* A send, a TX wait: the emitter is the sender. A receive, a drop: the receiver. */
	if (ev->type == RPMSG_EV_MSG_SEND || ev->type == RPMSG_EV_TX_WAIT)
		*src = emitter;
	else
		*src = other_side(emitter);
	*dst = other_side(*src);
}

static struct name_entry *find(const struct endpoint_names *names, const char *bus,
			       enum endpoint_side side, uint32_t addr)
{
	for (size_t i = 0; i < names->count; i++) {
		struct name_entry *e = &names->entries[i];

		if (e->addr == addr && e->side == side && !strncmp(e->bus, bus, sizeof(e->bus)))
			return e;
	}
	return NULL;
}

static int remember(struct endpoint_names *names, const char *bus, enum endpoint_side side,
		    uint32_t addr, const char *name, size_t name_size)
{
	struct name_entry *e = find(names, bus, side, addr);

	if (!e) {
		if (names->count == names->capacity) {
			size_t capacity = names->capacity ? names->capacity * 2 : 32;
			struct name_entry *grown =
				realloc(names->entries, capacity * sizeof(*grown));

			if (!grown)
				return -ENOMEM;
			names->entries = grown;
			names->capacity = capacity;
		}
		e = &names->entries[names->count++];
		strncpy(e->bus, bus, sizeof(e->bus) - 1);
		e->bus[sizeof(e->bus) - 1] = '\0';
		e->side = side;
		e->addr = addr;
	}
	/* Event strings are untrusted: bounded by their array, always terminated here. */
	strncpy(e->name, name, name_size < sizeof(e->name) ? name_size : sizeof(e->name) - 1);
	e->name[sizeof(e->name) - 1] = '\0';
	return 0;
}

int rpmsg_bt2_names_learn(struct endpoint_names *names, const struct rpmsg_event *ev)
{
	enum endpoint_side side;

	switch (ev->type) {
	case RPMSG_EV_NS_ANNOUNCE:
		/* The announcing side owns the address: the emitter when it sent the message. */
		side = emitter_side(ev->role);
		if (ev->ns.direction == RPMSG_EVENT_DIR_RX)
			side = other_side(side);
		if (!ev->ns.name[0])
			return 0;
		/* A DESTROY keeps the name: later events about the address still read well. */
		return remember(names, ev->bus, side, ev->ns.addr, ev->ns.name,
				sizeof(ev->ns.name));
	case RPMSG_EV_EPT_CREATE:
		if (!ev->ept.name[0])
			return 0;
		return remember(names, ev->bus, emitter_side(ev->role), ev->ept.addr, ev->ept.name,
				sizeof(ev->ept.name));
	default:
		return 0;
	}
}

const char *rpmsg_bt2_names_lookup(const struct endpoint_names *names, const char *bus,
				   enum endpoint_side side, uint32_t addr)
{
	const struct name_entry *e = find(names, bus, side, addr);

	return e ? e->name : NULL;
}

size_t rpmsg_bt2_names_list(const struct endpoint_names *names, char *buf, size_t size)
{
	size_t pos = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < names->count && pos < size; i++) {
		const char *name = names->entries[i].name;
		bool seen = !name[0];
		int n;

		/* a channel is named on both sides: list each name once, in order of appearance */
		for (size_t k = 0; !seen && k < i; k++)
			seen = !strcmp(names->entries[k].name, name);
		if (seen)
			continue;
		n = snprintf(buf + pos, size - pos, "%s%.*s", pos ? ", " : "",
			     (int)sizeof(names->entries[i].name), name);
		if (n > 0)
			pos += (size_t)n;
	}
	return pos < size ? pos : size ? size - 1 : 0;
}
