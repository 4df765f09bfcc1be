// SPDX-License-Identifier: MIT
/*
 * check_events_doc docs/events.md: the event table of the document lists exactly the events of
 * the field table (event-fields.h), each with its fields in order and their types:
 *
 *	| msg_send | bus: string, role: u8, src: u32, ..., payload: sequence of u8 (...) |
 *	| msg_recv | same as msg_send |
 *
 * Parenthesised notes are ignored. Prints every difference, exits 1 if there is one.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/event-fields.h>

/* How docs/events.md writes a trace type. */
static const char *doc_type(enum rpmsg_field_type type)
{
	switch (type) {
	case RPMSG_FIELD_U8:
		return "u8";
	case RPMSG_FIELD_U32:
		return "u32";
	case RPMSG_FIELD_U64:
		return "u64";
	case RPMSG_FIELD_S32:
		return "s32";
	case RPMSG_FIELD_NAME:
		return "string";
	case RPMSG_FIELD_PAYLOAD:
		return "sequence of u8";
	}
	return "?";
}

/* "bus: string, role: u8, ..." for @cls, as the document must write it. */
static void expected_fields(const struct rpmsg_event_class *cls, char *out, size_t size)
{
	size_t pos = 0;

	out[0] = '\0';
	for (size_t i = 0; i < cls->field_count && pos < size; i++)
		pos += (size_t)snprintf(out + pos, size - pos, "%s%s: %s", i ? ", " : "",
					cls->fields[i].name, doc_type(cls->fields[i].type));
}

/* Copy @in to @out without parenthesised notes, and without spaces before a comma or the end. */
static void strip_notes(const char *in, char *out, size_t size)
{
	size_t pos = 0;
	int depth = 0;

	for (; *in && pos + 1 < size; in++) {
		if (*in == '(')
			depth++;
		else if (*in == ')' && depth)
			depth--;
		else if (!depth)
			out[pos++] = *in;
	}
	out[pos] = '\0';
	for (char *space; (space = strstr(out, " ,"));)
		memmove(space, space + 1, strlen(space));
	for (pos = strlen(out); pos && out[pos - 1] == ' ';)
		out[--pos] = '\0';
}

/*
 * One table row "| event | fields |": compare it with the table. Return: the event's type, 0 for
 * a line that is not an event row, -1 after printing a difference.
 */
static int check_row(const char *line)
{
	char name[64], fields[1024], text[1024], want[1024];
	const struct rpmsg_event_class *cls, *same;

	if (sscanf(line, "| %63[a-z_] | %1023[^|]|", name, fields) != 2 || !strcmp(name, "event"))
		return 0; /* not a row, or the header row */
	cls = rpmsg_event_class_by_name(name);
	if (!cls) {
		printf("docs/events.md lists '%s', which event-list.h does not declare\n", name);
		return -1;
	}
	strip_notes(fields, text, sizeof(text));
	expected_fields(cls, want, sizeof(want));
	if (!strncmp(text, "same as ", 8)) {
		same = rpmsg_event_class_by_name(text + 8);
		expected_fields(same ? same : cls, text, sizeof(text));
		if (!same || strcmp(text, want)) {
			printf("%s: docs/events.md says 'same as %s', the table differs\n", name,
			       same ? same->name : text + 8);
			return -1;
		}
		return (int)cls->type;
	}
	if (strcmp(text, want)) {
		printf("%s:\n  docs/events.md: %s\n  event-list.h:   %s\n", name, text, want);
		return -1;
	}
	return (int)cls->type;
}

int main(int argc, char **argv)
{
	bool listed[RPMSG_EV_TYPE_COUNT] = {false};
	char line[2048];
	int differences = 0;
	FILE *doc;

	if (argc != 2 || !(doc = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: check_events_doc docs/events.md\n");
		return 2;
	}
	while (fgets(line, sizeof(line), doc)) {
		int type = check_row(line);

		if (type < 0)
			differences++;
		else if (type > 0)
			listed[type] = true;
	}
	fclose(doc);
	for (unsigned int type = 1; type < RPMSG_EV_TYPE_COUNT; type++) {
		if (!listed[type]) {
			printf("docs/events.md does not list %s\n", rpmsg_event_type_name(type));
			differences++;
		}
	}
	if (differences) {
		printf("FAIL: docs/events.md and common/include/rpmsg-scope/event-list.h differ\n");
		return 1;
	}
	printf("PASS: docs/events.md lists the %d events of event-list.h field by field\n",
	       RPMSG_EV_TYPE_COUNT - 1);
	return 0;
}
