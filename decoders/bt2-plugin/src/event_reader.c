// SPDX-License-Identifier: MIT
/*
 * bt2 event -> struct rpmsg_event. See <rpmsg-scope/bt2-event-reader.h>.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/bt2-event-reader.h>

/* Payload members of the contract, by name. */
enum member {
	M_BUS,
	M_ROLE,
	M_SRC,
	M_DST,
	M_LEN,
	M_FLAGS,
	M_PAYLOAD,
	M_NAME,
	M_ADDR,
	M_DIRECTION,
	M_VQ,
	M_HEAD,
	M_AVAIL_IDX,
	M_USED_IDX,
	M_NUM_FREE,
	M_CHANNEL,
	M_WAITED_NS,
	M_OUTCOME,
	M_REASON,
	M_COUNT
};

static const char *const member_names[M_COUNT] = {
	[M_BUS] = "bus",
	[M_ROLE] = "role",
	[M_SRC] = "src",
	[M_DST] = "dst",
	[M_LEN] = "len",
	[M_FLAGS] = "flags",
	[M_PAYLOAD] = "payload",
	[M_NAME] = "name",
	[M_ADDR] = "addr",
	[M_DIRECTION] = "direction",
	[M_VQ] = "vq",
	[M_HEAD] = "head",
	[M_AVAIL_IDX] = "avail_idx",
	[M_USED_IDX] = "used_idx",
	[M_NUM_FREE] = "num_free",
	[M_CHANNEL] = "channel",
	[M_WAITED_NS] = "waited_ns",
	[M_OUTCOME] = "outcome",
	[M_REASON] = "reason",
};

static const char *const type_names[RPMSG_EV_TYPE_COUNT] = RPMSG_EVENT_NAMES;

/* What a member holds, found once per class so that reading an event asks nothing of bt2. */
enum member_kind { KIND_ABSENT, KIND_UNSIGNED, KIND_SIGNED, KIND_STRING, KIND_ARRAY, KIND_OTHER };

struct member_ref {
	uint64_t index; /* in its structure */
	enum member_kind kind;
};

struct class_info {
	const bt_event_class *event_class;
	enum rpmsg_event_type type;
	struct member_ref member[M_COUNT]; /* in the payload structure */
	struct member_ref vpid, vtid;	   /* in the common context structure */
};

struct event_reader {
	struct class_info *classes;
	size_t count, capacity;
	size_t last; /* most events come from the class of the previous one */
	uint32_t payload_limit;
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

void rpmsg_bt2_reader_destroy(struct event_reader *reader)
{
	if (!reader)
		return;
	free(reader->classes);
	free(reader);
}

enum rpmsg_event_type rpmsg_bt2_event_type_from_name(const char *name)
{
	if (!name || strncmp(name, "rpmsg:", 6))
		return 0;
	for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
		if (type_names[t] && !strcmp(name + 6, type_names[t]))
			return t;
	return 0;
}

const char *rpmsg_bt2_event_type_name(unsigned int type)
{
	return type > 0 && type < RPMSG_EV_TYPE_COUNT && type_names[type] ? type_names[type] : "?";
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
	info->type = rpmsg_bt2_event_type_from_name(bt_event_class_get_name(event_class));
	for (int m = 0; m < M_COUNT; m++)
		info->member[m] =
			member_find(bt_event_class_borrow_payload_field_class_const(event_class),
				    member_names[m]);
	stream_class = bt_event_class_borrow_stream_class_const(event_class);
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
	const char *value;

	out[0] = '\0';
	if (ref.kind != KIND_STRING)
		return;
	value = bt_field_string_get_value(
		bt_field_structure_borrow_member_field_by_index_const(structure, ref.index));
	if (value) {
		/* Not strncpy: no need to pad the rest of @out with zeros on every event. */
		size_t len = strnlen(value, size - 1);

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

int rpmsg_bt2_reader_read(struct event_reader *reader, const bt_message *msg,
			  struct rpmsg_event *out)
{
	const bt_event *event = bt_message_event_borrow_event_const(msg);
	const bt_field *payload, *context;
	struct class_info *info = class_info_get(reader, bt_event_borrow_class_const(event));
	const struct member_ref *m;
	int64_t ns = 0;

	if (!info)
		return -ENOMEM;
	if (!info->type)
		return 0;
	m = info->member;
	payload = bt_event_borrow_payload_field_const(event);
	out->type = info->type;
	out->ts_ns = rpmsg_bt2_message_time_ns(msg, &ns) ? (uint64_t)ns : 0;
	out->role = (uint32_t)read_integer(payload, m[M_ROLE]);
	out->cpu = 0;
	out->reserved = 0;
	context = bt_event_borrow_common_context_field_const(event);
	out->pid = context ? (uint32_t)read_integer(context, info->vpid) : 0;
	out->tid = context ? (uint32_t)read_integer(context, info->vtid) : 0;
	read_string(payload, m[M_BUS], out->bus, sizeof(out->bus));
	switch (info->type) {
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		out->vring.vq = (uint32_t)read_integer(payload, m[M_VQ]);
		out->vring.head = (uint32_t)read_integer(payload, m[M_HEAD]);
		out->vring.len = (uint32_t)read_integer(payload, m[M_LEN]);
		out->vring.idx = (uint32_t)read_integer(
			payload, info->type == RPMSG_EV_VRING_ADD ? m[M_AVAIL_IDX] : m[M_USED_IDX]);
		out->vring.num_free = (uint32_t)read_integer(payload, m[M_NUM_FREE]);
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		out->mbox.channel = (uint32_t)read_integer(payload, m[M_CHANNEL]);
		break;
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		out->msg.src = (uint32_t)read_integer(payload, m[M_SRC]);
		out->msg.dst = (uint32_t)read_integer(payload, m[M_DST]);
		out->msg.len = (uint32_t)read_integer(payload, m[M_LEN]);
		out->msg.flags = (uint32_t)read_integer(payload, m[M_FLAGS]);
		out->msg.captured = read_payload(payload, m[M_PAYLOAD], out->payload,
						 sizeof(out->payload), reader->payload_limit);
		break;
	case RPMSG_EV_NS_ANNOUNCE:
		out->ns.addr = (uint32_t)read_integer(payload, m[M_ADDR]);
		out->ns.flags = (uint32_t)read_integer(payload, m[M_FLAGS]);
		out->ns.direction = (uint32_t)read_integer(payload, m[M_DIRECTION]);
		read_string(payload, m[M_NAME], out->ns.name, sizeof(out->ns.name));
		break;
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		out->ept.addr = (uint32_t)read_integer(payload, m[M_ADDR]);
		read_string(payload, m[M_NAME], out->ept.name, sizeof(out->ept.name));
		break;
	case RPMSG_EV_TX_WAIT:
		out->tx_wait.src = (uint32_t)read_integer(payload, m[M_SRC]);
		out->tx_wait.dst = (uint32_t)read_integer(payload, m[M_DST]);
		out->tx_wait.waited_ns = read_integer(payload, m[M_WAITED_NS]);
		out->tx_wait.outcome = (int32_t)read_integer(payload, m[M_OUTCOME]);
		break;
	case RPMSG_EV_DROP:
		out->drop.src = (uint32_t)read_integer(payload, m[M_SRC]);
		out->drop.dst = (uint32_t)read_integer(payload, m[M_DST]);
		out->drop.len = (uint32_t)read_integer(payload, m[M_LEN]);
		out->drop.reason = (uint32_t)read_integer(payload, m[M_REASON]);
		break;
	default:
		break;
	}
	return 1;
}
