// SPDX-License-Identifier: MIT
/*
 * struct rpmsg_decoded: filling it without ever overflowing it, and rendering it as one text
 * line or one JSON object.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/text.h>

#include "internal.h"

void decoders_result_reset(struct rpmsg_decoded *out, const char *decoder, size_t captured,
			   size_t len)
{
	out->decoder = decoder;
	out->captured = (uint32_t)captured;
	out->len = (uint32_t)len;
	out->truncated = captured < len;
	out->missing_fields = 0;
	out->warning[0] = '\0';
	out->count = 0;
	out->strings_used = 0;
	out->strings[0] = '\0';
}

void decoders_result_warn(struct rpmsg_decoded *out, const char *fmt, ...)
{
	size_t used = strlen(out->warning);
	va_list args;

	/* Several remarks about one payload are joined with "; ". */
	if (used && used + 2 < sizeof(out->warning)) {
		memcpy(out->warning + used, "; ", 3);
		used += 2;
	}
	if (used + 1 >= sizeof(out->warning))
		return;
	va_start(args, fmt);
	vsnprintf(out->warning + used, sizeof(out->warning) - used, fmt, args);
	va_end(args);
}

struct rpmsg_decoded_field *decoders_result_add(struct rpmsg_decoded *out, const char *name,
						const char *type, enum rpmsg_value_kind kind)
{
	struct rpmsg_decoded_field *field;

	if (out->count >= RPMSG_DECODED_FIELDS_MAX)
		return NULL;
	field = &out->fields[out->count++];
	memset(field, 0, sizeof(*field));
	field->name = name;
	field->type = type;
	field->index = -1;
	field->kind = kind;
	return field;
}

/* Reserve room for a string value; returns where to write and how much fits (with the NUL). */
static char *string_space(struct rpmsg_decoded *out, struct rpmsg_decoded_field *field,
			  size_t *room)
{
	field->value.str.offset = out->strings_used;
	field->value.str.length = 0;
	*room = sizeof(out->strings) - out->strings_used;
	return out->strings + out->strings_used;
}

static void string_commit(struct rpmsg_decoded *out, struct rpmsg_decoded_field *field,
			  size_t length)
{
	out->strings[out->strings_used + length] = '\0';
	field->value.str.length = (uint32_t)length;
	out->strings_used += (uint32_t)length + 1;
}

/* One byte of text: C's two-character escapes, other bytes outside printable ASCII \xNN */
static size_t text_piece(uint8_t c, char piece[5])
{
	static const char *const short_escapes['\\' + 1] = {
		['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t", ['\\'] = "\\\\", ['"'] = "\\\"",
	};

	if (c < sizeof(short_escapes) / sizeof(short_escapes[0]) && short_escapes[c]) {
		memcpy(piece, short_escapes[c], 2);
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		piece[0] = (char)c;
		return 1;
	}
	snprintf(piece, 5, "\\x%02x", c);
	return 4;
}

/* One byte as two lower-case hex digits */
static size_t hex_piece(uint8_t c, char piece[5])
{
	static const char digits[] = "0123456789abcdef";

	piece[0] = digits[c >> 4];
	piece[1] = digits[c & 0xf];
	return 2;
}

/* A string field of each byte's piece; what is cut says so in the warning (what: text, hex) */
static struct rpmsg_decoded_field *add_pieces(struct rpmsg_decoded *out, const char *name,
					      const char *type, enum rpmsg_value_kind kind,
					      const uint8_t *data, size_t size,
					      size_t (*piece_of)(uint8_t c, char piece[5]),
					      const char *what)
{
	struct rpmsg_decoded_field *field = decoders_result_add(out, name, type, kind);
	size_t room, length = 0;
	char *dest;

	if (!field)
		return NULL;
	dest = string_space(out, field, &room);
	for (size_t i = 0; i < size; i++) {
		char piece[5];
		size_t piece_len = piece_of(data[i], piece);

		if (length + piece_len + 1 > room) {
			decoders_result_warn(out, "%s: %s cut to %zu bytes", name, what, i);
			break;
		}
		memcpy(dest + length, piece, piece_len);
		length += piece_len;
	}
	string_commit(out, field, length);
	return field;
}

struct rpmsg_decoded_field *decoders_result_add_text(struct rpmsg_decoded *out, const char *name,
						     const char *type, const uint8_t *data,
						     size_t size)
{
	return add_pieces(out, name, type, RPMSG_VALUE_STRING, data, size, text_piece, "text");
}

struct rpmsg_decoded_field *decoders_result_add_hex(struct rpmsg_decoded *out, const char *name,
						    const char *type, const uint8_t *data,
						    size_t size)
{
	return add_pieces(out, name, type, RPMSG_VALUE_BYTES, data, size, hex_piece, "hex");
}

const char *rpmsg_decoded_string(const struct rpmsg_decoded *decoded,
				 const struct rpmsg_decoded_field *field)
{
	if (field->kind != RPMSG_VALUE_STRING && field->kind != RPMSG_VALUE_BYTES)
		return "";
	if (field->value.str.offset >= sizeof(decoded->strings))
		return "";
	return decoded->strings + field->value.str.offset;
}

/* Appends like snprintf at *pos, counting the full length even when @buf is full. */
static void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(*pos < size ? buf + *pos : NULL, *pos < size ? size - *pos : 0, fmt, args);
	va_end(args);
	if (n > 0)
		*pos += (size_t)n;
}

/* A string literal at *pos, counted as append() counts, without parsing a format. */
#define append_literal(buf, size, pos, literal)                                                    \
	rpmsg_text_append(buf, size, pos, "" literal, sizeof(literal) - 1)

void rpmsg_json_escape(char *buf, size_t size, size_t *pos, const char *text)
{
	rpmsg_json_append(buf, size, pos, text); /* one JSON escaping for every tool (text.h) */
}

static void render_number(const struct rpmsg_decoded_field *field, char *buf, size_t size,
			  size_t *pos, bool json)
{
	switch (field->kind) {
	case RPMSG_VALUE_UNSIGNED:
		if (field->hex && !json)
			append(buf, size, pos, "0x%" PRIx64, field->value.u);
		else
			rpmsg_u64_append(buf, size, pos, field->value.u);
		break;
	case RPMSG_VALUE_SIGNED:
		rpmsg_s64_append(buf, size, pos, field->value.s);
		break;
	case RPMSG_VALUE_FLOAT:
		/* printf only here: "%.9g"'s shortest digits are not worth redoing by hand */
		if (json && !isfinite(field->value.f))
			append_literal(buf, size, pos, "null");
		else
			append(buf, size, pos, "%.9g", field->value.f);
		break;
	default:
		break;
	}
}

/* Number of consecutive fields, starting at @i, that are elements of the same array. */
static unsigned int array_run(const struct rpmsg_decoded *decoded, unsigned int i)
{
	unsigned int n = 1;

	if (decoded->fields[i].index < 0)
		return 1;
	while (i + n < decoded->count && decoded->fields[i + n].index >= 0 &&
	       decoded->fields[i + n].name == decoded->fields[i].name)
		n++;
	return n;
}

static void render_text_value(const struct rpmsg_decoded *decoded,
			      const struct rpmsg_decoded_field *field, char *buf, size_t size,
			      size_t *pos)
{
	if (field->kind == RPMSG_VALUE_STRING) {
		append(buf, size, pos, "\"%s\"", rpmsg_decoded_string(decoded, field));
	} else if (field->kind == RPMSG_VALUE_BYTES) {
		append(buf, size, pos, "%s", rpmsg_decoded_string(decoded, field));
	} else {
		if (field->label)
			append(buf, size, pos, "%s(", field->label);
		render_number(field, buf, size, pos, false);
		if (field->label)
			append(buf, size, pos, ")");
	}
}

size_t rpmsg_decoded_format_value(const struct rpmsg_decoded *decoded,
				  const struct rpmsg_decoded_field *field, char *buf, size_t size)
{
	size_t pos = 0;

	if (size)
		buf[0] = '\0';
	render_text_value(decoded, field, buf, size, &pos);
	return pos;
}

typedef void render_value_fn(const struct rpmsg_decoded *decoded,
			     const struct rpmsg_decoded_field *field, char *buf, size_t size,
			     size_t *pos);

/* The @run values from field @i on: an array's in brackets, comma-separated; else one bare */
static void render_values(const struct rpmsg_decoded *decoded, unsigned int i, unsigned int run,
			  render_value_fn *render, char *buf, size_t size, size_t *pos)
{
	bool array = decoded->fields[i].index >= 0;

	if (array)
		append_literal(buf, size, pos, "[");
	for (unsigned int k = 0; k < run; k++) {
		if (k)
			append_literal(buf, size, pos, ",");
		render(decoded, &decoded->fields[i + k], buf, size, pos);
	}
	if (array)
		append_literal(buf, size, pos, "]");
}

size_t rpmsg_decoded_format_text(const struct rpmsg_decoded *decoded, char *buf, size_t size)
{
	size_t pos = 0;

	if (size)
		buf[0] = '\0';
	for (unsigned int i = 0; i < decoded->count;) {
		unsigned int run = array_run(decoded, i);

		append(buf, size, &pos, "%s%s=", i ? " " : "", decoded->fields[i].name);
		render_values(decoded, i, run, render_text_value, buf, size, &pos);
		i += run;
	}
	if (decoded->truncated) {
		append(buf, size, &pos, "%s[truncated: %" PRIu32 " of %" PRIu32 " bytes captured",
		       pos ? " " : "", decoded->captured, decoded->len);
		if (decoded->missing_fields)
			append(buf, size, &pos, ", %u fields missing", decoded->missing_fields);
		append(buf, size, &pos, "]");
	} else if (decoded->missing_fields) {
		/* The message itself is shorter than its layout; the warning says by how much. */
		append(buf, size, &pos, "%s[%u fields missing]", pos ? " " : "",
		       decoded->missing_fields);
	}
	if (decoded->warning[0])
		append(buf, size, &pos, "%s[warning: %s]", pos ? " " : "", decoded->warning);
	return pos;
}

static void render_json_value(const struct rpmsg_decoded *decoded,
			      const struct rpmsg_decoded_field *field, char *buf, size_t size,
			      size_t *pos)
{
	if (field->kind == RPMSG_VALUE_STRING || field->kind == RPMSG_VALUE_BYTES)
		rpmsg_json_escape(buf, size, pos, rpmsg_decoded_string(decoded, field));
	else
		render_number(field, buf, size, pos, true);
}

/*
 * Runs for every decoded message of `rpmsg-trace decode --json`, so nothing here parses a
 * format: literals, integers and escaped strings are appended directly (text.h).
 */
size_t rpmsg_decoded_format_json(const struct rpmsg_decoded *decoded, char *buf, size_t size)
{
	size_t pos = 0;
	bool any_label = false;

	if (size)
		buf[0] = '\0';
	append_literal(buf, size, &pos, "{\"decoder\":");
	rpmsg_json_escape(buf, size, &pos, decoded->decoder ? decoded->decoder : "");
	append_literal(buf, size, &pos, ",\"len\":");
	rpmsg_u64_append(buf, size, &pos, decoded->len);
	append_literal(buf, size, &pos, ",\"captured\":");
	rpmsg_u64_append(buf, size, &pos, decoded->captured);
	if (decoded->truncated)
		append_literal(buf, size, &pos, ",\"truncated\":true,\"fields\":{");
	else
		append_literal(buf, size, &pos, ",\"truncated\":false,\"fields\":{");
	for (unsigned int i = 0; i < decoded->count;) {
		unsigned int run = array_run(decoded, i);

		if (i)
			append_literal(buf, size, &pos, ",");
		rpmsg_json_escape(buf, size, &pos, decoded->fields[i].name);
		append_literal(buf, size, &pos, ":");
		render_values(decoded, i, run, render_json_value, buf, size, &pos);
		for (unsigned int k = 0; k < run; k++)
			any_label |= decoded->fields[i + k].label != NULL;
		i += run;
	}
	append_literal(buf, size, &pos, "}");
	if (any_label) {
		bool first = true;

		/* Enum labels go beside the numbers so "fields" keeps one type per field. */
		append_literal(buf, size, &pos, ",\"labels\":{");
		for (unsigned int i = 0; i < decoded->count; i++) {
			const struct rpmsg_decoded_field *field = &decoded->fields[i];

			if (!field->label || field->index >= 0)
				continue;
			if (!first)
				append_literal(buf, size, &pos, ",");
			first = false;
			rpmsg_json_escape(buf, size, &pos, field->name);
			append_literal(buf, size, &pos, ":");
			rpmsg_json_escape(buf, size, &pos, field->label);
		}
		append_literal(buf, size, &pos, "}");
	}
	if (decoded->missing_fields) {
		append_literal(buf, size, &pos, ",\"missing_fields\":");
		rpmsg_u64_append(buf, size, &pos, decoded->missing_fields);
	}
	if (decoded->warning[0]) {
		append_literal(buf, size, &pos, ",\"warning\":");
		rpmsg_json_escape(buf, size, &pos, decoded->warning);
	}
	append_literal(buf, size, &pos, "}");
	return pos;
}
