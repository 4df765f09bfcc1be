// SPDX-License-Identifier: MIT
/*
 * The event model generated from event-list.h: struct rpmsg_event keeps the layout BPF programs
 * and consumers were built against, and the field table describes it (every field inside its
 * record, names unique per event, bus and role first), with the names of types, roles and drop
 * reasons every printer uses.
 */
#include <stddef.h>
#include <string.h>

#include <rpmsg-scope/event-fields.h>
#include <rpmsg-test/check.h>

/* The layout of struct rpmsg_event before it was generated (issue 10): sizes and offsets. */
static void test_record_layout_is_unchanged(void)
{
	CHECK_EQ(sizeof(struct rpmsg_event), 608);
	CHECK_EQ(offsetof(struct rpmsg_event, bus), 32);
	CHECK_EQ(offsetof(struct rpmsg_event, vring.num_free), 80);
	CHECK_EQ(offsetof(struct rpmsg_event, msg.captured), 80);
	CHECK_EQ(offsetof(struct rpmsg_event, ns.name), 76);
	CHECK_EQ(offsetof(struct rpmsg_event, ept.name), 68);
	CHECK_EQ(offsetof(struct rpmsg_event, tx_wait.waited_ns), 72);
	CHECK_EQ(offsetof(struct rpmsg_event, tx_wait.outcome), 80);
	CHECK_EQ(offsetof(struct rpmsg_event, drop.reason), 76);
	CHECK_EQ(offsetof(struct rpmsg_event, payload), 112);
	CHECK_EQ(RPMSG_EV_VRING_ADD, 1);
	CHECK_EQ(RPMSG_EV_DROP, 11);
	CHECK_EQ(RPMSG_EV_TYPE_COUNT, 12);
	CHECK_EQ(RPMSG_DROP_CALLBACK_ERROR, 4);
	CHECK_EQ(RPMSG_EVENT_ROLE_KERNEL, 2);
}

static void test_every_type_has_a_class(void)
{
	static const char *const names[] = RPMSG_EVENT_NAMES;

	CHECK(rpmsg_event_class(0) == NULL);
	CHECK(rpmsg_event_class(RPMSG_EV_TYPE_COUNT) == NULL);
	for (unsigned int type = 1; type < RPMSG_EV_TYPE_COUNT; type++) {
		const struct rpmsg_event_class *cls = rpmsg_event_class(type);

		CHECK(cls != NULL, " type %u", type);
		CHECK_EQ(cls->type, type);
		CHECK_STR_EQ(cls->name, names[type]);
		CHECK_STR_EQ(rpmsg_event_type_name(type), names[type]);
		CHECK(rpmsg_event_class_by_name(cls->name) == cls);
		CHECK(cls->doc && cls->doc[0]);
	}
	CHECK(rpmsg_event_class_by_name("msg_sent") == NULL);
	CHECK(rpmsg_event_class_by_name(NULL) == NULL);
}

static void test_fields_lie_inside_their_record(void)
{
	for (unsigned int type = 1; type < RPMSG_EV_TYPE_COUNT; type++) {
		const struct rpmsg_event_class *cls = rpmsg_event_class(type);

		CHECK(cls->field_count >= RPMSG_EVENT_COMMON_FIELDS);
		CHECK(cls->field_count <= RPMSG_EVENT_FIELDS_MAX);
		CHECK_STR_EQ(cls->fields[0].name, "bus");
		CHECK_STR_EQ(cls->fields[1].name, "role");
		for (size_t i = 0; i < cls->field_count; i++) {
			const struct rpmsg_event_field *f = &cls->fields[i];

			CHECK(f->offset + f->size <= offsetof(struct rpmsg_event, payload),
			      " %s.%s", cls->name, f->name);
			CHECK(f->size == 4 || f->size == 8 || f->type == RPMSG_FIELD_NAME,
			      " %s.%s has size %zu", cls->name, f->name, f->size);
			CHECK(rpmsg_event_field_find(cls, f->name) == f, " %s.%s twice", cls->name,
			      f->name);
			if (i >= RPMSG_EVENT_COMMON_FIELDS)
				CHECK(f->offset >= offsetof(struct rpmsg_event, vring),
				      " %s.%s is outside the record union", cls->name, f->name);
		}
	}
}

static void test_fields_read_and_write_the_record(void)
{
	const struct rpmsg_event_class *cls = rpmsg_event_class(RPMSG_EV_TX_WAIT);
	struct rpmsg_event ev = {.type = RPMSG_EV_TX_WAIT};

	rpmsg_event_field_set(&ev, rpmsg_event_field_find(cls, "waited_ns"), 1ull << 40);
	rpmsg_event_field_set(&ev, rpmsg_event_field_find(cls, "outcome"), (uint64_t)-110);
	rpmsg_event_field_set(&ev, rpmsg_event_field_find(cls, "dst"), 53);
	CHECK_EQ(ev.tx_wait.waited_ns, 1ull << 40);
	CHECK_EQ(ev.tx_wait.outcome, -110);
	CHECK_EQ(ev.tx_wait.dst, 53);
	CHECK_EQ((int32_t)rpmsg_event_field_get(&ev, rpmsg_event_field_find(cls, "outcome")), -110);
	cls = rpmsg_event_class(RPMSG_EV_NS_ANNOUNCE);
	strcpy(ev.ns.name, "rpmsg-tty");
	CHECK_STR_EQ(rpmsg_event_field_string(&ev, rpmsg_event_field_find(cls, "name")),
		     "rpmsg-tty");
	ev.role = RPMSG_EVENT_ROLE_REMOTE;
	CHECK_EQ(rpmsg_event_field_get(&ev, rpmsg_event_field_find(cls, "role")), 1);
}

static void test_endpoints_of_addressed_events(void)
{
	struct rpmsg_event ev = {.type = RPMSG_EV_DROP, .drop = {.src = 1025, .dst = 1099}};
	uint32_t src = 0, dst = 0;

	CHECK(rpmsg_event_endpoints(&ev, &src, &dst));
	CHECK_EQ(src, 1025);
	CHECK_EQ(dst, 1099);
	ev = (struct rpmsg_event){.type = RPMSG_EV_MSG_RECV, .msg = {.src = 53, .dst = 1024}};
	CHECK(rpmsg_event_endpoints(&ev, &src, &dst));
	CHECK_EQ(src, 53);
	CHECK_EQ(dst, 1024);
	ev.type = RPMSG_EV_NS_ANNOUNCE;
	CHECK(!rpmsg_event_endpoints(&ev, &src, &dst));
	ev.type = 0;
	CHECK(!rpmsg_event_endpoints(&ev, &src, &dst));
}

static void test_value_names(void)
{
	CHECK_STR_EQ(rpmsg_event_role_name(RPMSG_EVENT_ROLE_HOST), "host");
	CHECK_STR_EQ(rpmsg_event_role_name(RPMSG_EVENT_ROLE_REMOTE), "remote");
	CHECK_STR_EQ(rpmsg_event_role_name(RPMSG_EVENT_ROLE_KERNEL), "kernel");
	CHECK_STR_EQ(rpmsg_event_role_name(3), "?");
	CHECK_STR_EQ(rpmsg_drop_reason_name(RPMSG_DROP_NO_RECIPIENT), "no-recipient");
	CHECK_STR_EQ(rpmsg_drop_reason_name(RPMSG_DROP_TOO_BIG), "too-big");
	CHECK_STR_EQ(rpmsg_drop_reason_name(RPMSG_DROP_BAD_NS), "bad-ns");
	CHECK_STR_EQ(rpmsg_drop_reason_name(RPMSG_DROP_CALLBACK_ERROR), "callback-error");
	CHECK_STR_EQ(rpmsg_drop_reason_name(0), "other");
	CHECK_STR_EQ(rpmsg_drop_reason_name(99), "other");
	CHECK_STR_EQ(rpmsg_drop_reason_kernel_words(RPMSG_DROP_NO_RECIPIENT),
		     "msg received with no recipient");
	CHECK_STR_EQ(rpmsg_drop_reason_kernel_words(RPMSG_DROP_TOO_BIG), "inbound msg too big");
	CHECK(rpmsg_drop_reason_kernel_words(RPMSG_DROP_CALLBACK_ERROR) == NULL);
}

int main(void)
{
	test_record_layout_is_unchanged();
	test_every_type_has_a_class();
	test_fields_lie_inside_their_record();
	test_fields_read_and_write_the_record();
	test_endpoints_of_addressed_events();
	test_value_names();
	printf("PASS\n");
	return 0;
}
