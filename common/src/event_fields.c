// SPDX-License-Identifier: MIT
/*
 * The field table, generated from <rpmsg-scope/event-list.h> (contract in event-fields.h).
 */
#include <string.h>

#include <rpmsg-scope/event-fields.h>

#define ARRAY_COUNT(a)	    (sizeof(a) / sizeof((a)[0]))
#define MEMBER_SIZE(member) sizeof(((struct rpmsg_event *)0)->member)

#define FIELD_ENTRY(TYPE, member, trace_name)                                                      \
	{#trace_name, RPMSG_FIELD_##TYPE, offsetof(struct rpmsg_event, member),                    \
	 MEMBER_SIZE(member)},

/* bus and role open every event, in this order, in every trace format. */
#define COMMON_FIELDS FIELD_ENTRY(NAME, bus, bus) FIELD_ENTRY(U8, role, role)

#define EVENT_FIELDS(name, NAME, record, doc)                                                      \
	static const struct rpmsg_event_field name##_fields[] = {                                  \
		COMMON_FIELDS RPMSG_FIELDS_##name(FIELD_ENTRY)};                                   \
	_Static_assert(ARRAY_COUNT(name##_fields) <= RPMSG_EVENT_FIELDS_MAX,                       \
		       #name ": more fields than RPMSG_EVENT_FIELDS_MAX");
RPMSG_EVENTS(EVENT_FIELDS)

#define EVENT_CLASS(ev_name, EV_NAME, record, ev_doc)                                              \
	[RPMSG_EV_##EV_NAME] = {                                                                   \
		.type = RPMSG_EV_##EV_NAME,                                                        \
		.name = #ev_name,                                                                  \
		.doc = ev_doc,                                                                     \
		.fields = ev_name##_fields,                                                        \
		.field_count = ARRAY_COUNT(ev_name##_fields),                                      \
	},
static const struct rpmsg_event_class classes[RPMSG_EV_TYPE_COUNT] = {RPMSG_EVENTS(EVENT_CLASS)};

const struct rpmsg_event_class *rpmsg_event_class(unsigned int type)
{
	if (type == 0 || type >= RPMSG_EV_TYPE_COUNT)
		return NULL;
	return &classes[type];
}

const struct rpmsg_event_class *rpmsg_event_class_by_name(const char *name)
{
	unsigned int type;

	for (type = 1; name && type < RPMSG_EV_TYPE_COUNT; type++)
		if (!strcmp(classes[type].name, name))
			return &classes[type];
	return NULL;
}

const char *rpmsg_event_type_name(unsigned int type)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(type);

	return cls ? cls->name : NULL;
}

const struct rpmsg_event_field *rpmsg_event_field_find(const struct rpmsg_event_class *cls,
						       const char *name)
{
	size_t i;

	for (i = 0; cls && name && i < cls->field_count; i++)
		if (!strcmp(cls->fields[i].name, name))
			return &cls->fields[i];
	return NULL;
}

uint64_t rpmsg_event_field_get(const struct rpmsg_event *ev, const struct rpmsg_event_field *field)
{
	const unsigned char *at = (const unsigned char *)ev + field->offset;
	uint32_t u32;
	uint64_t u64;
	int32_t s32;

	if (field->type == RPMSG_FIELD_NAME)
		return 0;
	/* memcpy: the table is generic over members of 4 or 8 bytes; no aliasing tricks */
	if (field->size == sizeof(u64)) {
		memcpy(&u64, at, sizeof(u64));
		return u64;
	}
	if (field->type == RPMSG_FIELD_S32) {
		memcpy(&s32, at, sizeof(s32));
		return (uint64_t)(int64_t)s32;
	}
	memcpy(&u32, at, sizeof(u32));
	return u32;
}

void rpmsg_event_field_set(struct rpmsg_event *ev, const struct rpmsg_event_field *field,
			   uint64_t value)
{
	unsigned char *at = (unsigned char *)ev + field->offset;
	uint32_t u32 = (uint32_t)value;

	if (field->type == RPMSG_FIELD_NAME)
		return;
	if (field->size == sizeof(value))
		memcpy(at, &value, sizeof(value));
	else
		memcpy(at, &u32, sizeof(u32));
}

const char *rpmsg_event_field_string(const struct rpmsg_event *ev,
				     const struct rpmsg_event_field *field)
{
	return (const char *)ev + field->offset;
}

bool rpmsg_event_endpoints(const struct rpmsg_event *ev, uint32_t *src, uint32_t *dst)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(ev->type);
	const struct rpmsg_event_field *s = rpmsg_event_field_find(cls, "src");
	const struct rpmsg_event_field *d = rpmsg_event_field_find(cls, "dst");

	if (!s || !d)
		return false;
	*src = (uint32_t)rpmsg_event_field_get(ev, s);
	*dst = (uint32_t)rpmsg_event_field_get(ev, d);
	return true;
}

const char *rpmsg_event_field_type_name(enum rpmsg_field_type type)
{
	static const char *const names[] = {
		[RPMSG_FIELD_U8] = "u8",       [RPMSG_FIELD_U32] = "u32",
		[RPMSG_FIELD_U64] = "u64",     [RPMSG_FIELD_S32] = "s32",
		[RPMSG_FIELD_NAME] = "string", [RPMSG_FIELD_PAYLOAD] = "payload",
	};

	return (unsigned int)type < ARRAY_COUNT(names) ? names[type] : "?";
}

#define ROLE_NAME(NAME, value, name) [value] = name,
static const char *const role_names[RPMSG_EVENT_ROLE_COUNT] = {RPMSG_EVENT_ROLES(ROLE_NAME)};

const char *rpmsg_event_role_name(unsigned int role)
{
	return role < RPMSG_EVENT_ROLE_COUNT && role_names[role] ? role_names[role] : "?";
}

#define DROP_NAME(NAME, value, name, kernel_words) [value] = name,
static const char *const drop_names[RPMSG_DROP_REASON_COUNT] = {RPMSG_DROP_REASONS(DROP_NAME)};

const char *rpmsg_drop_reason_name(unsigned int reason)
{
	return reason < RPMSG_DROP_REASON_COUNT && drop_names[reason] ? drop_names[reason]
								      : "other";
}

#define DROP_WORDS(NAME, value, name, kernel_words) [value] = kernel_words,
static const char *const drop_words[RPMSG_DROP_REASON_COUNT] = {RPMSG_DROP_REASONS(DROP_WORDS)};

const char *rpmsg_drop_reason_kernel_words(unsigned int reason)
{
	return reason < RPMSG_DROP_REASON_COUNT ? drop_words[reason] : NULL;
}
