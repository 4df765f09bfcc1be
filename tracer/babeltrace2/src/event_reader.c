// SPDX-License-Identifier: MIT
/*
 * bt2 event -> struct rpmsg_event. See <rpmsg-scope/bt2-event-reader.h>.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/bt2-event-reader.h>
#include <rpmsg-scope/event-fields.h>

/* What a member holds, found once per class so that reading an event asks nothing of bt2. */
enum member_kind { KIND_ABSENT, KIND_UNSIGNED, KIND_SIGNED, KIND_STRING, KIND_ARRAY, KIND_OTHER };

struct member_ref {
	uint64_t index; /* in its structure */
	enum member_kind kind;
};

/*
 * How one field of the event model is read, decided once per class from the field's type and
 * what its member holds: reading an event is then one switch per field, with no second look at
 * either. A member missing or of another kind reads as 0 / "" (bt2-event-reader.h).
 */
enum field_read {
	READ_INTEGER, /* an integer field from an integer member (read_integer()) */
	READ_NAME,    /* a NAME field from a string member */
	READ_PAYLOAD, /* the PAYLOAD field (its count) and the bytes, from an array member */
	READ_EMPTY,   /* a NAME field without a string member: "" */
	READ_ZERO,    /* any other field without a member of its kind: 0 */
};

struct class_info {
	const bt_event_class *event_class;
	const struct rpmsg_event_class *cls; /* NULL: not an rpmsg event */
	/* cls->fields[i]: where it is in the payload and how it is read, side by side */
	struct field_plan {
		const struct rpmsg_event_field *fd;
		struct member_ref member;
		enum field_read read;
	} field[RPMSG_EVENT_FIELDS_MAX];
	size_t field_count;
	struct member_ref vpid, vtid; /* in the common context structure */
	bool clock; /* its stream class has a default clock: every event has a time */
};

struct event_reader {
	struct class_info *classes;
	size_t count, capacity;
	size_t last; /* most events come from the class of the previous one */
	uint32_t payload_limit;
	bool skip_process_ids; /* pid and tid left 0 */
};

struct event_reader *rpmsg_bt2_reader_create(void)
{
	struct event_reader *reader = calloc(1, sizeof(*reader));

	if (reader)
		reader->payload_limit = RPMSG_EVENT_PAYLOAD_MAX;
	return reader;
}

void rpmsg_bt2_reader_set_payload_limit(struct event_reader *reader, uint32_t bytes)
{
	reader->payload_limit = bytes < RPMSG_EVENT_PAYLOAD_MAX ? bytes : RPMSG_EVENT_PAYLOAD_MAX;
}

void rpmsg_bt2_reader_skip_process_ids(struct event_reader *reader)
{
	reader->skip_process_ids = true;
}

void rpmsg_bt2_reader_destroy(struct event_reader *reader)
{
	if (!reader)
		return;
	free(reader->classes);
	free(reader);
}

enum rpmsg_event_type rpmsg_bt2_event_type_from_name(const char *name)
{
	const struct rpmsg_event_class *cls;

	if (!name || strncmp(name, "rpmsg:", 6))
		return 0;
	cls = rpmsg_event_class_by_name(name + 6);
	return cls ? cls->type : 0;
}

const char *rpmsg_bt2_event_type_name(unsigned int type)
{
	const char *name = rpmsg_event_type_name(type);

	return name ? name : "?";
}

bool rpmsg_bt2_message_time_ns(const bt_message *msg, int64_t *ns)
{
	const bt_clock_snapshot *snapshot;

	if (bt_message_get_type(msg) != BT_MESSAGE_TYPE_EVENT ||
	    !bt_message_event_borrow_stream_class_default_clock_class_const(msg))
		return false;
	snapshot = bt_message_event_borrow_default_clock_snapshot_const(msg);
	return bt_clock_snapshot_get_ns_from_origin(snapshot, ns) ==
	       BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK;
}

bool rpmsg_bt2_message_clock_is_unix_epoch(const bt_message *msg)
{
	const bt_clock_class *clock;

	if (bt_message_get_type(msg) != BT_MESSAGE_TYPE_EVENT)
		return false;
	clock = bt_message_event_borrow_stream_class_default_clock_class_const(msg);
	return clock && bt_clock_class_origin_is_unix_epoch(clock);
}

bool rpmsg_bt2_discarded_count(const bt_message *msg, uint64_t *count)
{
	bt_property_availability known =
		bt_message_get_type(msg) == BT_MESSAGE_TYPE_DISCARDED_EVENTS
			? bt_message_discarded_events_get_count(msg, count)
			: bt_message_discarded_packets_get_count(msg, count);

	if (known == BT_PROPERTY_AVAILABILITY_AVAILABLE)
		return true;
	*count = 1;
	return false;
}

static struct member_ref member_find(const bt_field_class *structure, const char *name)
{
	struct member_ref ref = {0, KIND_ABSENT};
	uint64_t count;

	if (!structure || bt_field_class_get_type(structure) != BT_FIELD_CLASS_TYPE_STRUCTURE)
		return ref;
	count = bt_field_class_structure_get_member_count(structure);
	for (uint64_t i = 0; i < count; i++) {
		const bt_field_class_structure_member *member =
			bt_field_class_structure_borrow_member_by_index_const(structure, i);
		bt_field_class_type type;

		if (strcmp(bt_field_class_structure_member_get_name(member), name))
			continue;
		type = bt_field_class_get_type(
			bt_field_class_structure_member_borrow_field_class_const(member));
		ref.index = i;
		if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
			ref.kind = KIND_SIGNED;
		else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
			ref.kind = KIND_UNSIGNED;
		else if (type == BT_FIELD_CLASS_TYPE_STRING)
			ref.kind = KIND_STRING;
		else if (bt_field_class_type_is(type, BT_FIELD_CLASS_TYPE_ARRAY))
			ref.kind = KIND_ARRAY;
		else
			ref.kind = KIND_OTHER;
		break;
	}
	return ref;
}

static enum field_read field_read_of(const struct rpmsg_event_field *fd, enum member_kind kind)
{
	switch (fd->type) {
	case RPMSG_FIELD_NAME:
		return kind == KIND_STRING ? READ_NAME : READ_EMPTY;
	case RPMSG_FIELD_PAYLOAD:
		return kind == KIND_ARRAY ? READ_PAYLOAD : READ_ZERO;
	default:
		return kind == KIND_UNSIGNED || kind == KIND_SIGNED ? READ_INTEGER : READ_ZERO;
	}
}

static struct class_info *class_info_get(struct event_reader *reader,
					 const bt_event_class *event_class)
{
	struct class_info *info;
	const bt_stream_class *stream_class;

	if (reader->last < reader->count &&
	    reader->classes[reader->last].event_class == event_class)
		return &reader->classes[reader->last];
	for (size_t i = 0; i < reader->count; i++) {
		if (reader->classes[i].event_class == event_class) {
			reader->last = i;
			return &reader->classes[i];
		}
	}
	if (reader->count == reader->capacity) {
		size_t capacity = reader->capacity ? reader->capacity * 2 : 16;
		struct class_info *grown = realloc(reader->classes, capacity * sizeof(*grown));

		if (!grown)
			return NULL;
		reader->classes = grown;
		reader->capacity = capacity;
	}
	info = &reader->classes[reader->count];
	info->event_class = event_class;
	info->cls = rpmsg_event_class(
		rpmsg_bt2_event_type_from_name(bt_event_class_get_name(event_class)));
	info->field_count = info->cls ? info->cls->field_count : 0;
	for (size_t i = 0; i < info->field_count; i++) {
		struct field_plan *f = &info->field[i];

		f->fd = &info->cls->fields[i];
		f->member = member_find(
			bt_event_class_borrow_payload_field_class_const(event_class), f->fd->name);
		f->read = field_read_of(f->fd, f->member.kind);
	}
	stream_class = bt_event_class_borrow_stream_class_const(event_class);
	info->clock = bt_stream_class_borrow_default_clock_class_const(stream_class) != NULL;
	info->vpid = member_find(
		bt_stream_class_borrow_event_common_context_field_class_const(stream_class),
		"vpid");
	info->vtid = member_find(
		bt_stream_class_borrow_event_common_context_field_class_const(stream_class),
		"vtid");
	reader->last = reader->count++;
	return info;
}

static uint64_t read_integer(const bt_field *structure, struct member_ref ref)
{
	const bt_field *field;

	if (ref.kind != KIND_UNSIGNED && ref.kind != KIND_SIGNED)
		return 0;
	field = bt_field_structure_borrow_member_field_by_index_const(structure, ref.index);
	if (ref.kind == KIND_SIGNED)
		return (uint64_t)bt_field_integer_signed_get_value(field);
	return bt_field_integer_unsigned_get_value(field);
}

static void read_string(const bt_field *structure, struct member_ref ref, char *out, size_t size)
{
	const bt_field *field;
	const char *value;

	out[0] = '\0';
	if (ref.kind != KIND_STRING)
		return;
	field = bt_field_structure_borrow_member_field_by_index_const(structure, ref.index);
	value = bt_field_string_get_value(field);
	if (value) {
		/*
		 * Not strncpy: no need to pad the rest of @out with zeros on every event. The
		 * field knows its length (a CTF string holds no NUL), so no strnlen either.
		 */
		uint64_t len = bt_field_string_get_length(field);

		if (len > size - 1)
			len = size - 1;
		memcpy(out, value, len);
		out[len] = '\0';
	}
}

/*
 * The captured payload bytes: a sequence (or array) of unsigned integers. Returns how many the
 * trace holds (at most @size), copying at most @limit of them.
 */
static uint32_t read_payload(const bt_field *structure, struct member_ref ref, uint8_t *out,
			     size_t size, uint32_t limit)
{
	const bt_field *array;
	uint64_t length, copy;

	if (ref.kind != KIND_ARRAY)
		return 0;
	array = bt_field_structure_borrow_member_field_by_index_const(structure, ref.index);
	length = bt_field_array_get_length(array);
	if (length > size)
		length = size; /* never more than the event model holds */
	copy = length < limit ? length : limit;
	for (uint64_t i = 0; i < copy; i++) {
		const bt_field *element =
			bt_field_array_borrow_element_field_by_index_const(array, i);

		out[i] = (uint8_t)bt_field_integer_unsigned_get_value(element);
	}
	return (uint32_t)length;
}

/* One field of the event into @out, as its plan says (field_read_of()). */
static void read_field(struct event_reader *reader, const struct field_plan *f,
		       const bt_field *payload, struct rpmsg_event *out)
{
	const struct rpmsg_event_field *fd = f->fd;
	const struct member_ref ref = f->member;
	uint64_t value;

	switch (f->read) {
	case READ_INTEGER:
		value = read_integer(payload, ref);
		break;
	case READ_NAME:
	case READ_EMPTY:
		read_string(payload, ref, (char *)out + fd->offset, fd->size);
		return;
	case READ_PAYLOAD:
		value = read_payload(payload, ref, out->payload, sizeof(out->payload),
				     reader->payload_limit);
		break;
	default:
		value = 0;
		break;
	}
	rpmsg_event_field_set(out, fd, value);
}

/* The event's time: its class's stream class has a default clock, or it has no time (0). */
static uint64_t event_time_ns(const struct class_info *info, const bt_message *msg)
{
	int64_t ns;

	if (!info->clock || bt_clock_snapshot_get_ns_from_origin(
				    bt_message_event_borrow_default_clock_snapshot_const(msg),
				    &ns) != BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK)
		return 0;
	return (uint64_t)ns;
}

int rpmsg_bt2_reader_read(struct event_reader *reader, const bt_message *msg,
			  struct rpmsg_event *out)
{
	const bt_event *event = bt_message_event_borrow_event_const(msg);
	const bt_field *payload, *context;
	struct class_info *info = class_info_get(reader, bt_event_borrow_class_const(event));

	if (!info)
		return -ENOMEM;
	if (!info->cls)
		return 0;
	payload = bt_event_borrow_payload_field_const(event);
	out->type = info->cls->type;
	out->ts_ns = event_time_ns(info, msg);
	out->cpu = 0;
	out->reserved = 0;
	context =
		reader->skip_process_ids ? NULL : bt_event_borrow_common_context_field_const(event);
	out->pid = context ? (uint32_t)read_integer(context, info->vpid) : 0;
	out->tid = context ? (uint32_t)read_integer(context, info->vtid) : 0;
	/* bus, role, then the event's own fields: every member of its record that is traced */
	for (const struct field_plan *f = info->field; f < info->field + info->field_count; f++)
		read_field(reader, f, payload, out);
	return 1;
}
