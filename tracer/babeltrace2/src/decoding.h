/* SPDX-License-Identifier: MIT */
/*
 * What decoding an rpmsg trace does to one event, written once for the two places that do it:
 * filter.rpmsg.decode (which re-emits each decoded message as an event of its own, for any
 * babeltrace2 graph) and sink.rpmsg.print with the "decode" parameter (which prints what it
 * decodes at once: `rpmsg-trace decode` runs that, without creating an event per message).
 *
 * For each event: read it into struct rpmsg_event (bt2-event-reader.h), learn endpoint names from
 * every rpmsg event (also those outside the endpoint and time filters: names announced before
 * --since still apply), name the ends of addressed events, drop what the endpoint filter or the
 * time window leaves out, and decode the payload of msg_send / msg_recv with the decoder
 * registry (decoders.h).
 *
 * Ownership: the state owns its reader and names and borrows the decoder registry; names
 * returned point into it and stay valid until the next rpmsg_bt2_decoding_event(). Not
 * thread-safe.
 */
#ifndef RPMSG_BT2_DECODING_H
#define RPMSG_BT2_DECODING_H

#include <stdbool.h>

#include <babeltrace2/babeltrace.h>

#include <rpmsg-scope/decoders.h>
#include <rpmsg-scope/event-fields.h>
#include <rpmsg-scope/event.h>

#include "endpoint_names.h"
#include "selection.h"
#include "time_window.h"

struct event_reader;

/* Channels whose decoder is remembered (a trace has a handful of channels; more are looked up). */
#define DECODING_DECODERS_KEPT 16

/* The decoder rpmsg_decoders_find() gave for a channel name (NULL: no name). */
struct decoder_kept {
	char channel[RPMSG_EVENT_NAME_LEN];
	bool named;
	const struct rpmsg_decoder *decoder;
};

struct decoding {
	const struct rpmsg_decoder_registry *registry; /* borrowed */
	struct event_reader *reader;
	struct endpoint_names *names;
	const char *endpoint; /* filter (a name or an address), NULL: all; not owned */
	struct time_window window;
	/* the event last given to rpmsg_bt2_decoding_event(), and what was found about it */
	struct rpmsg_event event;
	bool addressed; /* a message, tx_wait or drop: src and dst are set */
	uint32_t src, dst;
	const char *src_name, *dst_name; /* NULL: unknown, or not an addressed event */
	struct rpmsg_decoded decoded;	 /* DECODING_MESSAGE only */
	struct selection selection;	 /* what was read and kept, for the "nothing kept" line */
	/*
	 * rpmsg_decoders_find() tries every user decoder's glob pattern (fnmatch) for a channel:
	 * its answer for each channel seen is kept here (the registry does not change while read)
	 */
	struct decoder_kept decoders_kept[DECODING_DECODERS_KEPT];
	unsigned int decoders_kept_count;
	/* each event type's src and dst fields (NULL: none), looked up once */
	const struct rpmsg_event_field *src_field[RPMSG_EV_TYPE_COUNT];
	const struct rpmsg_event_field *dst_field[RPMSG_EV_TYPE_COUNT];
};

enum decoding_verdict {
	DECODING_OTHER,	  /* not an rpmsg event: pass it on untouched */
	DECODING_DROP,	  /* outside the endpoint filter or the time window */
	DECODING_KEEP,	  /* an rpmsg event to show as it is (names of tx_wait / drop set) */
	DECODING_MESSAGE, /* a msg_send / msg_recv to show decoded: @decoded is filled */
};

/**
 * rpmsg_bt2_decoding_init() - set up @d (zeroed first)
 * @d: the state
 * @registry: the payload decoders; borrowed, must outlive @d. NULL: names and selection only
 *	(messages are DECODING_KEEP, their payload bytes not even read)
 * @endpoint: endpoint filter or NULL; borrowed, must outlive @d
 * @window: the --since/--until window (copied)
 *
 * Return: 0 or -ENOMEM (then @d holds nothing to release).
 */
int rpmsg_bt2_decoding_init(struct decoding *d, const struct rpmsg_decoder_registry *registry,
			    const char *endpoint, const struct time_window *window);

/** rpmsg_bt2_decoding_fini() - release what @d holds (safe on a zeroed @d). */
void rpmsg_bt2_decoding_fini(struct decoding *d);

/**
 * rpmsg_bt2_decoding_event() - read, name, select and decode the event message @msg
 * @d: the state
 * @msg: an event message
 *
 * Return: an enum decoding_verdict, or -ENOMEM.
 */
int rpmsg_bt2_decoding_event(struct decoding *d, const bt_message *msg);

#endif /* RPMSG_BT2_DECODING_H */
