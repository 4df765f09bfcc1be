// SPDX-License-Identifier: MIT
/*
 * Collector life cycle and the event entry point: validate, find the bus, dispatch by type.
 * The per-type accounting lives in traffic.c (messages, drops, waits), vrings.c (rings and
 * doorbells) and names.c (name service and endpoints).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DEFAULT_MESSAGES      16
#define DEFAULT_HISTORY	      60
#define DEFAULT_SMOOTHING_NS  3000000000ull
#define DEFAULT_MAX_ENDPOINTS 65536

void rpmsg_collector_options_init(struct rpmsg_collector_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->messages_per_endpoint = DEFAULT_MESSAGES;
	opts->payload_keep = RPMSG_EVENT_PAYLOAD_MAX;
	opts->history_len = DEFAULT_HISTORY;
	opts->smoothing_ns = DEFAULT_SMOOTHING_NS;
	opts->max_endpoints = DEFAULT_MAX_ENDPOINTS;
}

int rpmsg_collector_create(const struct rpmsg_collector_options *opts, struct rpmsg_collector **out)
{
	struct rpmsg_collector_options o;
	struct rpmsg_collector *c;

	rpmsg_collector_options_init(&o);
	if (opts) {
		if (opts->messages_per_endpoint > RPMSG_COLLECTOR_MESSAGES_MAX ||
		    opts->payload_keep > RPMSG_EVENT_PAYLOAD_MAX ||
		    opts->history_len > RPMSG_COLLECTOR_HISTORY_MAX)
			return -EINVAL;
		if (opts->messages_per_endpoint)
			o.messages_per_endpoint = opts->messages_per_endpoint;
		if (opts->payload_keep)
			o.payload_keep = opts->payload_keep;
		if (opts->history_len)
			o.history_len = opts->history_len;
		if (opts->smoothing_ns)
			o.smoothing_ns = opts->smoothing_ns;
		if (opts->max_endpoints)
			o.max_endpoints = opts->max_endpoints;
		o.start_ns = opts->start_ns;
		o.no_stages = opts->no_stages;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->opts = o;
	if (o.start_ns) {
		c->have_interval_start = true;
		c->interval_start = o.start_ns;
	}
	*out = c;
	return 0;
}

void rpmsg_collector_destroy(struct rpmsg_collector *c)
{
	uint32_t i;
	int d;

	if (!c)
		return;
	for (i = 0; i < c->endpoint_count; i++) {
		struct endpoint *ep = c->endpoints[i];

		for (d = 0; d < RPMSG_COLLECTOR_DIRS; d++)
			dir_free(&ep->dir[d]);
		free(ep->msgs);
		free(ep->payloads);
		free(ep);
	}
	for (i = 0; i < c->vring_count; i++) {
		stages_free_ring(c->vrings[i]);
		free(c->vrings[i]);
	}
	free(c->endpoints);
	free(c->vrings);
	free(c->buses);
	free(c->names);
	key_index_free(&c->endpoint_index);
	key_index_free(&c->vring_index);
	key_index_free(&c->name_index);
	free(c);
}

int collector_reject(struct rpmsg_collector *c, int err, const char *fmt, ...)
{
	va_list ap;

	c->rejected++;
	va_start(ap, fmt);
	vsnprintf(c->last_reject, sizeof(c->last_reject), fmt, ap);
	va_end(ap);
	return err;
}

const char *rpmsg_collector_last_reject(const struct rpmsg_collector *c)
{
	return c->last_reject;
}

/* Grow @*arr (of @size-byte items) so that it holds at least @need items. */
static int reserve(void *arr, uint32_t *cap, uint32_t need, size_t size)
{
	void **p = arr;
	uint32_t n = *cap ? *cap : 8;
	void *grown;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	grown = realloc(*p, (size_t)n * size);
	if (!grown)
		return -ENOMEM;
	*p = grown;
	*cap = n;
	return 0;
}

/**
 * collector_bus_id() - intern a bus name
 * @name: untrusted, at most RPMSG_EVENT_BUS_LEN bytes are read
 *
 * Most events name the bus of the previous one, so that one is compared first; a linear scan
 * follows (a trace has a handful of buses).
 * Return: 0, -ENOMEM.
 */
int collector_bus_id(struct rpmsg_collector *c, const char *name, uint32_t *out)
{
	char key[RPMSG_EVENT_BUS_LEN] = {0};
	size_t len;
	uint32_t i;

	/* the previous event's bus, without building the key: names are kept NUL-padded */
	if (c->bus_count && !strncmp(c->buses[c->last_bus].name, name, RPMSG_EVENT_BUS_LEN - 1)) {
		*out = c->last_bus;
		return 0;
	}
	len = strnlen(name, RPMSG_EVENT_BUS_LEN - 1);
	memcpy(key, name, len);
	for (i = 0; i < c->bus_count; i++) {
		if (!memcmp(c->buses[i].name, key, sizeof(key))) {
			c->last_bus = i;
			*out = i;
			return 0;
		}
	}
	if (reserve(&c->buses, &c->bus_cap, c->bus_count + 1, sizeof(*c->buses)))
		return -ENOMEM;
	memset(&c->buses[i], 0, sizeof(c->buses[i]));
	memcpy(c->buses[i].name, key, sizeof(key));
	c->bus_count++;
	c->last_bus = i;
	*out = i;
	return 0;
}

/*
 * Make room for entry @id in the pointer table @table (@cap allocated), allocate a zeroed object
 * of @size bytes and index it under (@bus_id, @a, @b): rows and vrings are created this one way.
 * The caller stores the object at @id and counts it.
 * Return: the object, NULL when out of memory (nothing indexed, nothing to free).
 */
static void *table_new_entry(void *table, uint32_t *cap, uint32_t id, struct key_index *index,
			     uint32_t bus_id, uint32_t a, uint32_t b, size_t size)
{
	void *obj;

	if (reserve(table, cap, id + 1, sizeof(void *)))
		return NULL;
	obj = calloc(1, size);
	if (obj && key_index_insert(index, bus_id, a, b, id)) {
		free(obj);
		return NULL;
	}
	return obj;
}

struct endpoint *collector_endpoint(struct rpmsg_collector *c, uint32_t bus_id, uint32_t local,
				    uint32_t remote)
{
	int64_t found = key_index_find(&c->endpoint_index, bus_id, local, remote);
	struct endpoint *ep;
	uint32_t id = c->endpoint_count;

	if (found >= 0)
		return c->endpoints[found];
	if (id >= c->opts.max_endpoints) {
		collector_reject(c, -ENOSPC, "too many endpoints (%u): row %s %u->%u not created",
				 c->opts.max_endpoints, c->buses[bus_id].name, local, remote);
		return NULL;
	}
	ep = table_new_entry(&c->endpoints, &c->endpoint_cap, id, &c->endpoint_index, bus_id, local,
			     remote, sizeof(*ep) + c->opts.history_len * sizeof(ep->history[0]));
	if (!ep) {
		collector_reject(c, -ENOMEM, "out of memory creating row %s %u->%u",
				 c->buses[bus_id].name, local, remote);
		return NULL;
	}
	ep->id = id;
	ep->bus_id = bus_id;
	ep->local = local;
	ep->remote = remote;
	c->endpoints[id] = ep;
	c->endpoint_count++;
	return ep;
}

struct vring *collector_vring(struct rpmsg_collector *c, uint32_t bus_id, uint32_t vq)
{
	int64_t found = key_index_find(&c->vring_index, bus_id, vq, 0);
	uint32_t id = c->vring_count;
	struct vring *v;

	if (found >= 0)
		return c->vrings[found];
	v = table_new_entry(&c->vrings, &c->vring_cap, id, &c->vring_index, bus_id, vq, 0,
			    sizeof(*v) + c->opts.history_len * sizeof(v->history[0]));
	if (!v) {
		collector_reject(c, -ENOMEM, "out of memory creating vring %s vq%u",
				 c->buses[bus_id].name, vq);
		return NULL;
	}
	v->id = id;
	v->bus_id = bus_id;
	v->vq = vq;
	v->num_free = -1;
	v->device_num_free = -1;
	v->num_free_min_cur = -1;
	v->num_free_min_last = -1;
	c->vrings[id] = v;
	c->vring_count++;
	return v;
}

/* Learn a name from ns_announce / ept_create / ept_destroy (see NAMES in the header). */
static int name_event(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	bool host = ev->role != RPMSG_EVENT_ROLE_REMOTE;
	struct name_entry *ne;
	const char *src_name;
	uint32_t bus_id, addr;
	char *dst_name;
	int side;

	if (ev->type == RPMSG_EV_NS_ANNOUNCE) {
		if (ev->ns.flags > RPMSG_EVENT_NS_DESTROY)
			return collector_reject(c, -EINVAL, "ns_announce: bad flags %u",
						ev->ns.flags);
		if (ev->ns.direction > RPMSG_EVENT_DIR_TX)
			return collector_reject(c, -EINVAL, "ns_announce: bad direction %u",
						ev->ns.direction);
		/* the address belongs to the side that sent the announcement */
		side = (host == (ev->ns.direction == RPMSG_EVENT_DIR_TX)) ? SIDE_HOST : SIDE_REMOTE;
		addr = ev->ns.addr;
		src_name = ev->ns.name;
	} else {
		side = host ? SIDE_HOST : SIDE_REMOTE;
		addr = ev->ept.addr;
		src_name = ev->ept.name;
	}
	if (collector_bus_id(c, ev->bus, &bus_id))
		return collector_reject(c, -ENOMEM, "out of memory for bus");
	ne = names_get(c, bus_id, side, addr);
	if (!ne)
		return collector_reject(c, -ENOMEM, "out of memory for name");
	if (ev->type == RPMSG_EV_NS_ANNOUNCE) {
		dst_name = ne->ns_name;
		ne->ns_origin = ORIGIN_EVENT;
		ne->ns_destroyed = ev->ns.flags == RPMSG_EVENT_NS_DESTROY;
	} else {
		dst_name = ne->ept_name;
		ne->ept_origin = ORIGIN_EVENT;
		ne->ept_destroyed = ev->type == RPMSG_EV_EPT_DESTROY;
	}
	/*
	 * A destroy with an empty name keeps the name learned at creation. The other side's bytes
	 * are kept as they are (a name without NUL is cut): every printer escapes them
	 * (rpmsg_text_escape(), JSON), so the user sees what was announced.
	 */
	if (src_name[0]) {
		memset(dst_name, 0, RPMSG_EVENT_NAME_LEN);
		memcpy(dst_name, src_name, strnlen(src_name, RPMSG_EVENT_NAME_LEN - 1));
	}
	return 0;
}

int rpmsg_collector_add_event(struct rpmsg_collector *c, const struct rpmsg_event *ev)
{
	int err;

	if (ev->type == 0 || ev->type >= RPMSG_EV_TYPE_COUNT)
		return collector_reject(c, -EINVAL, "unknown event type %u", ev->type);
	if (ev->role > RPMSG_EVENT_ROLE_KERNEL)
		return collector_reject(c, -EINVAL, "unknown role %u in %s event", ev->role,
					((const char *[])RPMSG_EVENT_NAMES)[ev->type]);
	switch (ev->type) {
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		err = traffic_message(c, ev);
		break;
	case RPMSG_EV_DROP:
		err = traffic_drop(c, ev);
		break;
	case RPMSG_EV_TX_WAIT:
		err = traffic_tx_wait(c, ev);
		break;
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		err = vring_event(c, ev);
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		err = doorbell_event(c, ev);
		break;
	default: /* ns_announce, ept_create, ept_destroy */
		err = name_event(c, ev);
		break;
	}
	if (err)
		return err;
	c->events++;
	c->events_by_type[ev->type]++;
	if (!c->first_ns || ev->ts_ns < c->first_ns)
		c->first_ns = ev->ts_ns;
	if (ev->ts_ns > c->last_ns)
		c->last_ns = ev->ts_ns;
	if (!c->have_interval_start) {
		c->have_interval_start = true;
		c->interval_start = ev->ts_ns;
	}
	if (!c->opts.no_stages)
		stages_event(c, ev);
	if (c->on_event)
		c->on_event(c, ev, c->on_event_priv);
	return 0;
}

int rpmsg_collector_add_lost(struct rpmsg_collector *c, const char *source, uint64_t count)
{
	struct rpmsg_collector_lost_source *slot = NULL;
	unsigned int i;

	if (!source || !source[0])
		return -EINVAL;
	for (i = 0; i < c->lost_sources; i++) {
		if (!strncmp(c->lost[i].name, source, sizeof(c->lost[i].name) - 1)) {
			slot = &c->lost[i];
			break;
		}
	}
	if (!slot) {
		if (c->lost_sources < RPMSG_COLLECTOR_LOST_SOURCES_MAX) {
			slot = &c->lost[c->lost_sources++];
			snprintf(slot->name, sizeof(slot->name), "%s", source);
		} else {
			/* the extra slot past the named ones gathers the rest */
			slot = &c->lost[RPMSG_COLLECTOR_LOST_SOURCES_MAX];
			snprintf(slot->name, sizeof(slot->name), "other");
		}
	}
	slot->count += count;
	c->lost_total += count;
	return 0;
}

void rpmsg_collector_set_formatter(struct rpmsg_collector *c, rpmsg_collector_format_fn fn,
				   void *priv)
{
	c->format = fn;
	c->format_priv = priv;
}

void rpmsg_collector_set_delivery_callback(struct rpmsg_collector *c,
					   rpmsg_collector_delivery_fn fn, void *priv)
{
	c->on_delivery = fn;
	c->on_delivery_priv = priv;
}

void rpmsg_collector_set_event_observer(struct rpmsg_collector *c, rpmsg_collector_event_fn fn,
					void *priv)
{
	c->on_event = fn;
	c->on_event_priv = priv;
}

void rpmsg_collector_set_message_callback(struct rpmsg_collector *c, rpmsg_collector_message_fn fn,
					  void *priv)
{
	c->on_message = fn;
	c->on_message_priv = priv;
}
