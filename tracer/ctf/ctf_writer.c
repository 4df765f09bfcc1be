// SPDX-License-Identifier: MIT
/*
 * CTF output through libbabeltrace2 (see ctf_writer.h): our source component class "rpmsg-bpf"
 * (the component is named after the trace) feeds the ctf plugin's sink.ctf.fs in a graph run
 * from the caller's thread.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <babeltrace2/babeltrace.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/event-fields.h>

#include "ctf_writer.h"

static __thread char last_error[512];

const char *ctf_writer_error(void)
{
	return last_error;
}

/* Say why (ctf_writer_error()). Return: @err. */
#define fail(err, ...) rpmsg_error_format(last_error, sizeof(last_error), (err), __VA_ARGS__)

struct ctf_writer {
	bt_graph *graph;
	struct rpmsg_event *queue; /* events waiting for the source's next() */
	size_t queued, head, cap;
	uint64_t lost_pending;
	uint64_t written;
	bool closing;
	bool failed; /* the graph reported an error: it must not run again */
	const char *dir;
	struct ctf_writer_config config;
	uint8_t clock_uuid[16]; /* BT_UUID_LEN */
};

/* State of the source component (trace metadata), shared with its one message iterator. */
struct source {
	struct ctf_writer *w;
	bt_trace_class *trace_class;
	bt_stream_class *stream_class;
	bt_event_class *event_class[RPMSG_EV_TYPE_COUNT];
};

enum iterator_state { IT_START, IT_RUNNING, IT_ENDING, IT_DONE };

struct iterator {
	struct source *src;
	bt_trace *trace;
	bt_stream *stream;
	bt_packet *packet;
	enum iterator_state state;
	uint64_t last_ts;
};

static bt_field_class *uint_class(bt_trace_class *tc, unsigned int bits)
{
	bt_field_class *fc = bt_field_class_integer_unsigned_create(tc);

	if (fc)
		bt_field_class_integer_set_field_value_range(fc, bits);
	return fc;
}

/* Append member @name of class @fc to @st, dropping our reference. Return: 0 or -ENOMEM. */
static int append(bt_field_class *st, const char *name, bt_field_class *fc)
{
	int err = -ENOMEM;

	if (fc && bt_field_class_structure_append_member(st, name, fc) ==
			  BT_FIELD_CLASS_STRUCTURE_APPEND_MEMBER_STATUS_OK)
		err = 0;
	bt_field_class_put_ref(fc);
	return err;
}

/* The babeltrace2 class of one trace field (for PAYLOAD: the byte array, without its length). */
static bt_field_class *field_class(bt_trace_class *tc, bt_field_class *payload,
				   const struct rpmsg_event_field *f)
{
	bt_field_class *fc = NULL, *length, *elem;

	switch (f->type) {
	case RPMSG_FIELD_NAME:
		return bt_field_class_string_create(tc);
	case RPMSG_FIELD_U8:
		return uint_class(tc, 8);
	case RPMSG_FIELD_U32:
		return uint_class(tc, 32);
	case RPMSG_FIELD_U64:
		return uint_class(tc, 64);
	case RPMSG_FIELD_S32:
		fc = bt_field_class_integer_signed_create(tc);
		if (fc)
			bt_field_class_integer_set_field_value_range(fc, 32);
		return fc;
	case RPMSG_FIELD_PAYLOAD:
		/* LTTng's sequence layout: the length member right before the array. */
		length = uint_class(tc, 16);
		elem = uint_class(tc, 8);
		if (length && elem)
			fc = bt_field_class_array_dynamic_create(tc, elem, length);
		bt_field_class_put_ref(elem);
		if (!fc || append(payload, "_payload_length", length)) {
			bt_field_class_put_ref(fc);
			fc = NULL;
		}
		return fc;
	}
	return NULL;
}

/* Event class "rpmsg:<name>" of @type, its payload the event's fields in trace order. */
static int make_event_class(struct source *s, unsigned int type)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(type);
	bt_trace_class *tc = s->trace_class;
	bt_field_class *payload = bt_field_class_structure_create(tc);
	bt_event_class *ec = bt_event_class_create(s->stream_class);
	char full[64];
	int err = payload && ec ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < cls->field_count; i++)
		err = append(payload, cls->fields[i].name,
			     field_class(tc, payload, &cls->fields[i]));
	snprintf(full, sizeof(full), "rpmsg:%s", cls->name);
	if (!err && (bt_event_class_set_name(ec, full) ||
		     bt_event_class_set_payload_field_class(ec, payload)))
		err = -ENOMEM;
	/* LTTng-UST's level for a tracepoint that names none (TRACE_DEBUG_LINE) */
	if (!err)
		bt_event_class_set_log_level(ec, BT_EVENT_CLASS_LOG_LEVEL_DEBUG_LINE);
	bt_field_class_put_ref(payload);
	s->event_class[type] = ec;
	return err;
}

static bt_component_class_initialize_method_status
source_initialize(bt_self_component_source *self, bt_self_component_source_configuration *config,
		  const bt_value *params, void *init_data)
{
	bt_self_component *comp = bt_self_component_source_as_self_component(self);
	struct source *s = calloc(1, sizeof(*s));
	bt_field_class *common = NULL, *vpid, *vtid;
	bt_clock_class *clock = NULL;
	int64_t offset_ns;

	if (!s)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	s->w = init_data;
	bt_self_component_set_data(comp, s);
	if (bt_self_component_source_add_output_port(self, "out", NULL, NULL))
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	s->trace_class = bt_trace_class_create(comp);
	if (!s->trace_class)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	s->stream_class = bt_stream_class_create(s->trace_class);
	clock = bt_clock_class_create(comp);
	if (!s->stream_class || !clock)
		goto nomem;
	bt_clock_class_set_frequency(clock, 1000000000ull);
	/* a clock of its own, named by a uuid as LTTng's are (readers match clocks by it) */
	bt_clock_class_set_uuid(clock, s->w->clock_uuid);
	if (s->w->config.clock == CTF_WRITER_CLOCK_BOOT) {
		/* Times since a boot we cannot place in wall-clock time: origin unknown. */
		if (bt_clock_class_set_name(clock, "boot") ||
		    bt_clock_class_set_description(clock, "Kernel log time since boot"))
			goto nomem;
		bt_clock_class_set_origin_is_unix_epoch(clock, BT_FALSE);
	} else {
		/*
		 * CLOCK_MONOTONIC ns; the offset places them on the Unix epoch, as LTTng. It is
		 * the process's one measured offset, so live tools print the same times.
		 */
		offset_ns = rpmsg_wall_offset_ns();
		if (bt_clock_class_set_name(clock, "monotonic") ||
		    bt_clock_class_set_description(clock, "Monotonic Clock"))
			goto nomem;
		bt_clock_class_set_offset(clock, offset_ns / 1000000000,
					  (uint64_t)(offset_ns % 1000000000));
		bt_clock_class_set_origin_is_unix_epoch(clock, BT_TRUE);
	}
	if (bt_stream_class_set_default_clock_class(s->stream_class, clock))
		goto nomem;
	bt_stream_class_set_supports_packets(s->stream_class, BT_TRUE, BT_TRUE, BT_TRUE);
	bt_stream_class_set_supports_discarded_events(s->stream_class, BT_TRUE, BT_TRUE);
	if (bt_stream_class_set_name(s->stream_class, s->w->config.name))
		goto nomem;

	common = bt_field_class_structure_create(s->trace_class);
	vpid = bt_field_class_integer_signed_create(s->trace_class);
	vtid = bt_field_class_integer_signed_create(s->trace_class);
	if (vpid)
		bt_field_class_integer_set_field_value_range(vpid, 32);
	if (vtid)
		bt_field_class_integer_set_field_value_range(vtid, 32);
	if (!common || append(common, "vpid", vpid) || append(common, "vtid", vtid) ||
	    bt_stream_class_set_event_common_context_field_class(s->stream_class, common))
		goto nomem;
	for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
		if (make_event_class(s, t))
			goto nomem;
	bt_field_class_put_ref(common);
	bt_clock_class_put_ref(clock);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;

nomem:
	bt_field_class_put_ref(common);
	bt_clock_class_put_ref(clock);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
}

static void source_finalize(bt_self_component_source *self)
{
	struct source *s =
		bt_self_component_get_data(bt_self_component_source_as_self_component(self));

	if (!s)
		return;
	for (unsigned int t = 0; t < RPMSG_EV_TYPE_COUNT; t++)
		bt_event_class_put_ref(s->event_class[t]);
	bt_stream_class_put_ref(s->stream_class);
	bt_trace_class_put_ref(s->trace_class);
	free(s);
}

/*
 * The environment an LTTng-UST trace has (lttng-sessiond's ust-metadata.c), so that readers that
 * recognise LTTng traces by it treat ours the same: Trace Compass opens a CTF trace as an LTTng-UST
 * trace when domain is "ust" and picks its event layout from tracer_name / tracer_major /
 * tracer_minor; hostname puts it on its host beside other traces of the machine. The version
 * is that of the LTTng-UST whose conventions these are (Debian 12's 2.13): babeltrace2 applies
 * its fixes for old LTTng versions' bugs below 2.11, none here. Who really wrote the trace is
 * rpmsg_scope_writer. Return: 0, -ENOMEM.
 */
static int set_environment(bt_trace *trace, const struct ctf_writer_config *config)
{
	char host[HOST_NAME_MAX + 1] = "", created[32] = "";
	time_t now = time(NULL);
	struct tm tm;

	if (gethostname(host, sizeof(host) - 1))
		snprintf(host, sizeof(host), "unknown");
	if (gmtime_r(&now, &tm))
		strftime(created, sizeof(created), "%Y%m%dT%H%M%S+0000", &tm);
	if (bt_trace_set_environment_entry_string(trace, "hostname", host) ||
	    bt_trace_set_environment_entry_string(trace, "domain", "ust") ||
	    bt_trace_set_environment_entry_string(trace, "tracer_name", "lttng-ust") ||
	    bt_trace_set_environment_entry_integer(trace, "tracer_major", CTF_WRITER_LTTNG_MAJOR) ||
	    bt_trace_set_environment_entry_integer(trace, "tracer_minor", CTF_WRITER_LTTNG_MINOR) ||
	    bt_trace_set_environment_entry_integer(trace, "architecture_bit_width",
						   (int64_t)(sizeof(long) * CHAR_BIT)) ||
	    bt_trace_set_environment_entry_string(trace, "trace_name", config->name) ||
	    bt_trace_set_environment_entry_string(trace, "trace_creation_datetime", created) ||
	    bt_trace_set_environment_entry_string(trace, "rpmsg_scope_writer", config->tracer_name))
		return -ENOMEM;
	return 0;
}

static bt_message_iterator_class_initialize_method_status
iterator_initialize(bt_self_message_iterator *self, bt_self_message_iterator_configuration *config,
		    bt_self_component_port_output *port)
{
	bt_self_component *comp = bt_self_message_iterator_borrow_component(self);
	struct iterator *it = calloc(1, sizeof(*it));

	if (!it)
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	it->src = bt_self_component_get_data(comp);
	it->trace = bt_trace_create(it->src->trace_class);
	if (!it->trace)
		goto nomem;
	bt_trace_set_name(it->trace, it->src->w->config.name);
	if (set_environment(it->trace, &it->src->w->config))
		goto nomem;
	it->stream = bt_stream_create(it->src->stream_class, it->trace);
	if (!it->stream)
		goto nomem;
	bt_self_message_iterator_set_data(self, it);
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_OK;
nomem:
	bt_trace_put_ref(it->trace);
	free(it);
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
}

static void iterator_finalize(bt_self_message_iterator *self)
{
	struct iterator *it = bt_self_message_iterator_get_data(self);

	if (!it)
		return;
	bt_packet_put_ref(it->packet);
	bt_stream_put_ref(it->stream);
	bt_trace_put_ref(it->trace);
	free(it);
}

static void set_string(bt_field *f, const char *s, size_t max)
{
	char buf[64];
	size_t n = strnlen(s, max);

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	bt_field_string_set_value(f, buf);
}

/*
 * Fill payload member @member (and the array after it, for PAYLOAD) from field @fd of @ev.
 * Return: the number of members filled (1, or 2 for PAYLOAD), or -ENOMEM.
 */
static int set_field(bt_field *payload, uint64_t member, const struct rpmsg_event *ev,
		     const struct rpmsg_event_field *fd)
{
	bt_field *f = bt_field_structure_borrow_member_field_by_index(payload, member);
	uint64_t n = rpmsg_event_field_get(ev, fd);
	bt_field *array;

	switch (fd->type) {
	case RPMSG_FIELD_NAME:
		set_string(f, rpmsg_event_field_string(ev, fd), fd->size);
		return 1;
	case RPMSG_FIELD_S32:
		bt_field_integer_signed_set_value(f, (int32_t)n);
		return 1;
	case RPMSG_FIELD_PAYLOAD:
		array = bt_field_structure_borrow_member_field_by_index(payload, member + 1);
		if (n > RPMSG_EVENT_PAYLOAD_MAX)
			n = RPMSG_EVENT_PAYLOAD_MAX;
		/* The length member is not filled in by the array: set both. */
		bt_field_integer_unsigned_set_value(f, n);
		if (bt_field_array_dynamic_set_length(array, n))
			return -ENOMEM;
		for (uint64_t b = 0; b < n; b++)
			bt_field_integer_unsigned_set_value(
				bt_field_array_borrow_element_field_by_index(array, b),
				ev->payload[b]);
		return 2;
	default:
		bt_field_integer_unsigned_set_value(f, n);
		return 1;
	}
}

static const bt_message *event_message(bt_self_message_iterator *self, struct iterator *it,
				       const struct rpmsg_event *ev, uint64_t ts)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(ev->type);
	bt_message *msg = bt_message_event_create_with_packet_and_default_clock_snapshot(
		self, it->src->event_class[ev->type], it->packet, ts);
	bt_field *payload, *common;
	uint64_t member = 0;
	bt_event *event;

	if (!msg)
		return NULL;
	event = bt_message_event_borrow_event(msg);
	common = bt_event_borrow_common_context_field(event);
	bt_field_integer_signed_set_value(
		bt_field_structure_borrow_member_field_by_index(common, 0), (int32_t)ev->pid);
	bt_field_integer_signed_set_value(
		bt_field_structure_borrow_member_field_by_index(common, 1), (int32_t)ev->tid);
	payload = bt_event_borrow_payload_field(event);
	for (size_t i = 0; i < cls->field_count; i++) {
		int filled = set_field(payload, member, ev, &cls->fields[i]);

		if (filled < 0) {
			bt_message_put_ref(msg);
			return NULL;
		}
		member += (uint64_t)filled;
	}
	return msg;
}

/*
 * Record @lost discarded events between the packet that ends at @end and the next event at
 * @begin. sink.ctf.fs wants a discarded-events range to run from the previous packet's end to
 * the end of the packet that follows it (CTF counts them in that packet's context), so an empty
 * packet [@end, @begin] carries the count and a new packet opens at @begin. Six messages.
 */
static int emit_discarded(bt_self_message_iterator *self, struct iterator *it,
			  bt_message_array_const msgs, uint64_t *count, uint64_t lost, uint64_t end,
			  uint64_t begin)
{
	uint64_t first = *count;
	bt_message *m;

	msgs[(*count)++] =
		bt_message_packet_end_create_with_default_clock_snapshot(self, it->packet, end);
	m = bt_message_discarded_events_create_with_default_clock_snapshots(self, it->stream, end,
									    begin);
	if (m)
		bt_message_discarded_events_set_count(m, lost);
	msgs[(*count)++] = m;
	for (int packet = 0; packet < 2; packet++) {
		bt_packet_put_ref(it->packet);
		it->packet = bt_packet_create(it->stream);
		if (!it->packet)
			return -ENOMEM;
		msgs[(*count)++] = bt_message_packet_beginning_create_with_default_clock_snapshot(
			self, it->packet, packet ? begin : end);
		if (!packet)
			msgs[(*count)++] = bt_message_packet_end_create_with_default_clock_snapshot(
				self, it->packet, begin);
	}
	for (uint64_t i = first; i < *count; i++)
		if (!msgs[i])
			return -ENOMEM;
	return 0;
}

static bt_message_iterator_class_next_method_status iterator_next(bt_self_message_iterator *self,
								  bt_message_array_const msgs,
								  uint64_t capacity,
								  uint64_t *count)
{
	struct iterator *it = bt_self_message_iterator_get_data(self);
	struct ctf_writer *w = it->src->w;

	*count = 0;
	if (it->state == IT_DONE)
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END;
	if (it->state == IT_START) {
		if (!w->queued && !w->closing)
			return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_AGAIN;
		/* The first packet begins with the first event (or at the end, if there is none).
		 */
		it->last_ts = w->queued ? w->queue[w->head].ts_ns : it->last_ts;
		it->packet = bt_packet_create(it->stream);
		if (!it->packet)
			return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
		msgs[(*count)++] = bt_message_stream_beginning_create(self, it->stream);
		msgs[(*count)++] = bt_message_packet_beginning_create_with_default_clock_snapshot(
			self, it->packet, it->last_ts);
		it->state = IT_RUNNING;
	}
	/* Room for an event, a discarded-events sequence (6) and the end (2). */
	while (w->queued && *count + 9 <= capacity) {
		const struct rpmsg_event *ev = &w->queue[w->head];
		/* Ring records of different CPUs may be a little out of order: never go back. */
		uint64_t ts = ev->ts_ns > it->last_ts ? ev->ts_ns : it->last_ts;

		if (w->lost_pending) {
			if (emit_discarded(self, it, msgs, count, w->lost_pending, it->last_ts, ts))
				return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
			w->lost_pending = 0;
		}
		if (ev->type == 0 || ev->type >= RPMSG_EV_TYPE_COUNT) {
			w->lost_pending++; /* not ours: count it as lost rather than guess */
		} else {
			msgs[*count] = event_message(self, it, ev, ts);
			if (!msgs[*count])
				return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
			(*count)++;
			w->written++;
		}
		it->last_ts = ts;
		w->head++;
		w->queued--;
	}
	if (!w->queued)
		w->head = 0;
	if (!w->queued && w->closing && *count + 9 <= capacity) {
		if (w->lost_pending) {
			if (emit_discarded(self, it, msgs, count, w->lost_pending, it->last_ts,
					   it->last_ts))
				return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
			w->lost_pending = 0;
		}
		msgs[(*count)++] = bt_message_packet_end_create_with_default_clock_snapshot(
			self, it->packet, it->last_ts);
		msgs[(*count)++] = bt_message_stream_end_create(self, it->stream);
		it->state = IT_DONE;
	}
	if (*count)
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
	return it->state == IT_DONE ? BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END
				    : BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_AGAIN;
}

/* A random (version 4) UUID; without entropy (never on Linux >= 3.17), the time's. */
static void make_uuid(uint8_t uuid[16])
{
	struct timespec ts;

	if (getrandom(uuid, 16, GRND_NONBLOCK) != 16) {
		clock_gettime(CLOCK_REALTIME, &ts);
		memset(uuid, 0, 16);
		memcpy(uuid, &ts, sizeof(ts) < 16 ? sizeof(ts) : 16);
	}
	uuid[6] = (uuid[6] & 0x0f) | 0x40;
	uuid[8] = (uuid[8] & 0x3f) | 0x80;
}

int ctf_writer_open(const char *dir, struct ctf_writer **out)
{
	static const struct ctf_writer_config monotonic = {.clock = CTF_WRITER_CLOCK_MONOTONIC};

	return ctf_writer_open_config(dir, &monotonic, out);
}

int ctf_writer_open_config(const char *dir, const struct ctf_writer_config *config,
			   struct ctf_writer **out)
{
	bt_message_iterator_class *iter_class = NULL;
	bt_component_class_source *source_class = NULL;
	const bt_component_class_sink *sink_class;
	const bt_component_source *source;
	const bt_component_sink *sink;
	const bt_plugin *plugin = NULL;
	bt_value *params = NULL;
	struct ctf_writer *w;
	int err = -ENOMEM;

	w = calloc(1, sizeof(*w));
	if (!w)
		return fail(-ENOMEM, "out of memory");
	w->dir = dir;
	w->config = *config;
	make_uuid(w->clock_uuid);
	if (!w->config.name)
		w->config.name = "rpmsg-bpf";
	if (!w->config.tracer_name)
		w->config.tracer_name = "rpmsg-scope-bpf";
	if (bt_plugin_find("ctf", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, &plugin) !=
	    BT_PLUGIN_FIND_STATUS_OK) {
		err = fail(-ENOENT,
			   "babeltrace2's ctf plugin is not installed (package babeltrace2)");
		goto out;
	}
	sink_class = bt_plugin_borrow_sink_component_class_by_name_const(plugin, "fs");
	iter_class = bt_message_iterator_class_create(iterator_next);
	source_class =
		iter_class ? bt_component_class_source_create("rpmsg-bpf", iter_class) : NULL;
	w->graph = bt_graph_create(0);
	params = bt_value_map_create();
	if (!sink_class || !source_class || !w->graph || !params)
		goto out;
	bt_message_iterator_class_set_initialize_method(iter_class, iterator_initialize);
	bt_message_iterator_class_set_finalize_method(iter_class, iterator_finalize);
	bt_component_class_source_set_initialize_method(source_class, source_initialize);
	bt_component_class_source_set_finalize_method(source_class, source_finalize);
	if (bt_value_map_insert_string_entry(params, "path", dir) ||
	    bt_value_map_insert_bool_entry(params, "assume-single-trace", BT_TRUE) ||
	    bt_value_map_insert_bool_entry(params, "quiet", BT_TRUE))
		goto out;
	if (bt_graph_add_source_component_with_initialize_method_data(
		    w->graph, source_class, w->config.name, NULL, w, BT_LOGGING_LEVEL_WARNING,
		    &source) ||
	    bt_graph_add_sink_component(w->graph, sink_class, "ctf-fs", params,
					BT_LOGGING_LEVEL_WARNING, &sink)) {
		err = fail(-EIO, "cannot set up the CTF writer for %s", dir);
		goto out;
	}
	if (bt_graph_connect_ports(
		    w->graph, bt_component_source_borrow_output_port_by_index_const(source, 0),
		    bt_component_sink_borrow_input_port_by_index_const(sink, 0), NULL)) {
		err = fail(-EIO, "cannot connect the CTF writer's components");
		goto out;
	}
	err = 0;
out:
	bt_value_put_ref(params);
	bt_component_class_source_put_ref(source_class);
	bt_message_iterator_class_put_ref(iter_class);
	bt_plugin_put_ref(plugin);
	if (err) {
		if (err == -ENOMEM)
			fail(err, "out of memory setting up the CTF writer");
		bt_graph_put_ref(w->graph);
		free(w);
		return err;
	}
	*out = w;
	return 0;
}

int ctf_writer_add(struct ctf_writer *w, const struct rpmsg_event *ev)
{
	if (w->head + w->queued == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		struct rpmsg_event *q;

		if (w->head) {
			/* Reuse the consumed front before growing. */
			memmove(w->queue, w->queue + w->head, w->queued * sizeof(*q));
			w->head = 0;
		} else {
			q = realloc(w->queue, cap * sizeof(*q));
			if (!q)
				return fail(-ENOMEM, "out of memory queueing events");
			w->queue = q;
			w->cap = cap;
		}
	}
	w->queue[w->head + w->queued++] = *ev;
	return 0;
}

void ctf_writer_add_lost(struct ctf_writer *w, uint64_t count)
{
	w->lost_pending += count;
}

static int run(struct ctf_writer *w)
{
	if (w->failed)
		return -EIO;
	for (;;) {
		bt_graph_run_once_status s = bt_graph_run_once(w->graph);

		if (s == BT_GRAPH_RUN_ONCE_STATUS_END)
			return 0;
		if (s == BT_GRAPH_RUN_ONCE_STATUS_AGAIN && !w->closing)
			return 0;
		if (s != BT_GRAPH_RUN_ONCE_STATUS_OK && s != BT_GRAPH_RUN_ONCE_STATUS_AGAIN) {
			const bt_error *e = bt_current_thread_take_error();
			const char *why = e && bt_error_get_cause_count(e)
						  ? bt_error_cause_get_message(
							    bt_error_borrow_cause_by_index(e, 0))
						  : "unknown error";

			fail(-EIO, "writing the CTF trace to %s failed: %s", w->dir, why);
			bt_error_release(e);
			w->failed = true;
			return -EIO;
		}
		if (!w->queued && !w->closing)
			return 0;
	}
}

int ctf_writer_flush(struct ctf_writer *w)
{
	return w->queued ? run(w) : 0;
}

int ctf_writer_close(struct ctf_writer *w)
{
	int err;

	if (!w)
		return 0;
	w->closing = true;
	err = run(w);
	bt_graph_put_ref(w->graph);
	free(w->queue);
	free(w);
	return err;
}

uint64_t ctf_writer_events(const struct ctf_writer *w)
{
	return w->written;
}
