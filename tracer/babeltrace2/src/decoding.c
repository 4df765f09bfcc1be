// SPDX-License-Identifier: MIT
/*
 * One event's decoding: read, name, select, decode. See decoding.h.
 */
#include <errno.h>
#include <string.h>

#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/event-fields.h>

#include "components.h"
#include "decoding.h"

int rpmsg_bt2_decoding_init(struct decoding *d, const struct rpmsg_decoder_registry *registry,
			    const char *endpoint, const struct time_window *window)
{
	memset(d, 0, sizeof(*d));
	d->registry = registry;
	d->endpoint = endpoint;
	d->window = *window;
	d->reader = rpmsg_bt2_reader_create();
	d->names = rpmsg_bt2_names_create();
	if (!d->reader || !d->names) {
		rpmsg_bt2_decoding_fini(d);
		return -ENOMEM;
	}
	/* nothing to decode with: a report needs the sizes, not the bytes */
	if (!registry)
		rpmsg_bt2_reader_set_payload_limit(d->reader, 0);
	/* rpmsg_event_endpoints() looks the fields up by name for every event: once is enough */
	for (unsigned int type = 1; type < RPMSG_EV_TYPE_COUNT; type++) {
		const struct rpmsg_event_class *cls = rpmsg_event_class(type);

		d->src_field[type] = rpmsg_event_field_find(cls, "src");
		d->dst_field[type] = rpmsg_event_field_find(cls, "dst");
	}
	return 0;
}

void rpmsg_bt2_decoding_fini(struct decoding *d)
{
	rpmsg_bt2_reader_destroy(d->reader);
	rpmsg_bt2_names_destroy(d->names);
	d->reader = NULL;
	d->names = NULL;
}

/* The ends of an addressed event, and their names (NULL: unknown or not addressed). */
static void event_names(struct decoding *d)
{
	const struct rpmsg_event *ev = &d->event;
	const struct rpmsg_event_field *src_field = NULL, *dst_field = NULL;
	enum endpoint_side src_side, dst_side;

	if (ev->type < RPMSG_EV_TYPE_COUNT) {
		src_field = d->src_field[ev->type];
		dst_field = d->dst_field[ev->type];
	}
	d->src_name = d->dst_name = NULL;
	d->addressed = src_field && dst_field;
	if (!d->addressed)
		return;
	d->src = (uint32_t)rpmsg_event_field_get(ev, src_field);
	d->dst = (uint32_t)rpmsg_event_field_get(ev, dst_field);
	rpmsg_bt2_message_sides(ev, &src_side, &dst_side);
	d->src_name = rpmsg_bt2_names_lookup(d->names, ev->bus, src_side, d->src);
	d->dst_name = rpmsg_bt2_names_lookup(d->names, ev->bus, dst_side, d->dst);
	if (d->dst == RPMSG_NS_ADDR && !d->dst_name)
		d->dst_name = RPMSG_DECODE_NS_CHANNEL;
}

/* Does the endpoint filter keep this rpmsg event? */
static bool event_selected(const struct decoding *d)
{
	const struct rpmsg_event *ev = &d->event;
	const char *filter = d->endpoint;

	if (!filter)
		return true;
	if (d->addressed) /* messages, waits, drops */
		return rpmsg_bt2_endpoint_matches(filter, d->src, d->src_name) ||
		       rpmsg_bt2_endpoint_matches(filter, d->dst, d->dst_name);
	switch (ev->type) {
	case RPMSG_EV_NS_ANNOUNCE:
		return rpmsg_bt2_endpoint_matches(filter, ev->ns.addr, ev->ns.name);
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		return rpmsg_bt2_endpoint_matches(filter, ev->ept.addr, ev->ept.name);
	default:
		return false; /* vrings and doorbells belong to no endpoint */
	}
}

/* Inside --since/--until? Events without a time are always shown. */
static bool in_window(struct decoding *d, bool timed, int64_t ns)
{
	if (!rpmsg_bt2_window_active(&d->window) || !timed)
		return true;
	return rpmsg_bt2_window_position(&d->window, ns) == TIME_INSIDE;
}

/*
 * The decoder for @channel, as rpmsg_decoders_find() gives it: asked once per channel name (up
 * to DECODING_DECODERS_KEPT of them), then remembered.
 */
static const struct rpmsg_decoder *decoder_for(struct decoding *d, const char *channel)
{
	const struct rpmsg_decoder *decoder;
	struct decoder_kept *kept;

	for (unsigned int i = 0; i < d->decoders_kept_count; i++) {
		kept = &d->decoders_kept[i];
		if (kept->named == (channel != NULL) &&
		    (!channel || !strcmp(kept->channel, channel)))
			return kept->decoder;
	}
	decoder = rpmsg_decoders_find(d->registry, channel);
	if (d->decoders_kept_count < DECODING_DECODERS_KEPT &&
	    (!channel || strlen(channel) < sizeof(kept->channel))) {
		kept = &d->decoders_kept[d->decoders_kept_count++];
		kept->named = channel != NULL;
		strcpy(kept->channel, channel ? channel : "");
		kept->decoder = decoder;
	}
	return decoder;
}

int rpmsg_bt2_decoding_event(struct decoding *d, const bt_message *msg)
{
	const struct rpmsg_event *ev = &d->event;
	int read = rpmsg_bt2_reader_read(d->reader, msg, &d->event);
	bool timed, selected, inside;
	int64_t ns;

	if (read < 0)
		return read;
	if (read == 0)
		return DECODING_OTHER;
	if (!d->registry && !d->endpoint && !rpmsg_bt2_window_active(&d->window)) {
		/* a report without filters: no names to find, everything kept */
		rpmsg_bt2_selection_count(&d->selection, -1, false, true, true);
		return DECODING_KEEP;
	}
	if (rpmsg_bt2_names_learn(d->names, ev))
		return -ENOMEM;
	event_names(d);
	/* both asked of every event: the window's day is the first event's, whatever is kept */
	timed = rpmsg_bt2_message_time_ns(msg, &ns);
	selected = event_selected(d);
	inside = in_window(d, timed, ns);
	rpmsg_bt2_selection_count(&d->selection, timed ? ns : -1,
				  timed && rpmsg_bt2_message_clock_is_unix_epoch(msg), selected,
				  inside);
	if (!selected || !inside)
		return DECODING_DROP;
	if (!d->registry || (ev->type != RPMSG_EV_MSG_SEND && ev->type != RPMSG_EV_MSG_RECV))
		return DECODING_KEEP;
	rpmsg_decode_with(
		decoder_for(d, rpmsg_decode_channel_name(d->src_name, d->dst_name, ev->msg.dst)),
		ev->payload, ev->msg.captured, ev->msg.len, &d->decoded);
	return DECODING_MESSAGE;
}
