/* SPDX-License-Identifier: MIT */
/*
 * Reading babeltrace2 events of provider "rpmsg" (docs/events.md) into struct rpmsg_event.
 *
 * Fields are found by name once per event class and then read by index, so the reader accepts
 * LTTng-UST traces, BPF-written CTF traces and the events filter.rpmsg.decode re-emits (which
 * carry extra members). A field missing from a class reads as 0 / "".
 *
 * Ownership: the reader caches per event class (borrowed pointers: the classes outlive the
 * messages that refer to them in one graph run). Not thread-safe; one per component.
 */
#ifndef RPMSG_BT2_EVENT_READER_H
#define RPMSG_BT2_EVENT_READER_H

#include <stdbool.h>
#include <stdint.h>

#include <babeltrace2/babeltrace.h>

#include <rpmsg-scope/event.h>

struct event_reader;

struct event_reader *rpmsg_bt2_reader_create(void);
void rpmsg_bt2_reader_destroy(struct event_reader *reader);

/**
 * rpmsg_bt2_reader_read() - convert an event message
 * @reader: the reader
 * @msg: a BT_MESSAGE_TYPE_EVENT message
 * @out: the event; only the members of its type are set (and ts_ns, type, role, pid, tid, bus)
 *
 * Return: 1 when @msg is an rpmsg event, 0 when it is some other event, -ENOMEM.
 */
int rpmsg_bt2_reader_read(struct event_reader *reader, const bt_message *msg,
			  struct rpmsg_event *out);

/**
 * rpmsg_bt2_reader_set_payload_limit() - copy at most @bytes payload bytes per message event
 *
 * msg.captured still reports how many bytes the trace holds; only the copying is cut (reading
 * payloads element by element is most of the cost of an event, and statistics need none).
 */
void rpmsg_bt2_reader_set_payload_limit(struct event_reader *reader, uint32_t bytes);

/**
 * rpmsg_bt2_reader_skip_process_ids() - leave pid and tid 0: read no event's common context
 *
 * For a reader whose events go where pid and tid are never looked at (the collector behind
 * sink.rpmsg.stats): two fields fewer to read per event.
 */
void rpmsg_bt2_reader_skip_process_ids(struct event_reader *reader);

/* rpmsg_bt2_event_type_from_name() - RPMSG_EV_* for "rpmsg:msg_send" etc., 0 for anything else. */
enum rpmsg_event_type rpmsg_bt2_event_type_from_name(const char *name);

/* rpmsg_bt2_event_type_name() - "msg_send" etc. for a valid type, "?" otherwise. */
const char *rpmsg_bt2_event_type_name(unsigned int type);

/* rpmsg_bt2_message_time_ns() - ns from origin of a message's default clock snapshot; false if
 * none. */
bool rpmsg_bt2_message_time_ns(const bt_message *msg, int64_t *ns);

/*
 * rpmsg_bt2_message_clock_is_unix_epoch() - is an event message's clock placed on the Unix epoch
 * (LTTng, record --bpf), so its times are wall-clock times? False for a kernel log's boot clock
 * and for events without a clock.
 */
bool rpmsg_bt2_message_clock_is_unix_epoch(const bt_message *msg);

/**
 * rpmsg_bt2_discarded_count() - what a discarded-events or discarded-packets message says was lost
 * @msg: a BT_MESSAGE_TYPE_DISCARDED_EVENTS or BT_MESSAGE_TYPE_DISCARDED_PACKETS message
 * @count: how many; 1 when the trace does not say (a loss of unknown size is still a loss)
 *
 * Return: true when the trace gives the count.
 */
bool rpmsg_bt2_discarded_count(const bt_message *msg, uint64_t *count);

#endif /* RPMSG_BT2_EVENT_READER_H */
