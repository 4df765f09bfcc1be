// SPDX-License-Identifier: MIT
/*
 * The decoder-file parser (format: decoders/README.md). Line oriented; every problem is reported
 * as "ORIGIN:LINE: what is wrong" and the whole file is rejected, so a firmware team never runs
 * with half of its decoders silently missing.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NAME_MAX_LEN 31
#define TOKENS_MAX   64 /* per line: "field" lines with long enum lists */

struct parser {
	const char *origin;
	unsigned int line;
	char *error;
	size_t error_size;
	struct rpmsg_decoder *list;  /* finished decoders, in order */
	struct rpmsg_decoder **tail; /* where the next one goes */
	struct rpmsg_decoder *open;  /* between "decoder" and "end" */
	bool big_endian;	     /* the open decoder's "endian" */
	unsigned int values;	     /* values the open decoder produces */
};

static int fail(struct parser *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, unsigned int line, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!p->error || !p->error_size)
		return -EINVAL;
	n = snprintf(p->error, p->error_size, "%s:%u: ", p->origin, line);
	if (n >= 0 && (size_t)n < p->error_size) {
		va_start(args, fmt);
		vsnprintf(p->error + n, p->error_size - (size_t)n, fmt, args);
		va_end(args);
	}
	return -EINVAL;
}

void decoders_free_one(struct rpmsg_decoder *decoder)
{
	if (!decoder)
		return;
	for (size_t i = 0; i < decoder->field_count; i++) {
		struct layout_field *field = &decoder->fields[i];

		for (size_t k = 0; k < field->enum_count; k++)
			free(field->enums[k].label);
		free(field->enums);
		free(field->name);
	}
	free(decoder->fields);
	for (size_t i = 0; i < decoder->channel_count; i++)
		free(decoder->channels[i]);
	free(decoder->channels);
	free(decoder->name);
	free(decoder);
}

void decoders_free_list(struct rpmsg_decoder *list)
{
	while (list) {
		struct rpmsg_decoder *next = list->next;

		decoders_free_one(list);
		list = next;
	}
}

/* Decimal or 0x hexadecimal, no sign, fits in 64 bits. */
static bool parse_u64(const char *text, uint64_t *value)
{
	int base = 10;
	uint64_t v = 0;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	if (!*text)
		return false;
	for (; *text; text++) {
		int digit;

		if (isdigit((unsigned char)*text))
			digit = *text - '0';
		else if (base == 16 && isxdigit((unsigned char)*text))
			digit = tolower((unsigned char)*text) - 'a' + 10;
		else
			return false;
		if (v > (UINT64_MAX - (uint64_t)digit) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)digit;
	}
	*value = v;
	return true;
}

static bool parse_s64(const char *text, int64_t *value)
{
	uint64_t magnitude;

	if (*text == '-') {
		if (!parse_u64(text + 1, &magnitude) || magnitude > (uint64_t)INT64_MAX + 1)
			return false;
		*value = (int64_t)(0 - magnitude);
		return true;
	}
	if (!parse_u64(text, &magnitude))
		return false;
	*value = (int64_t)magnitude; /* large unsigned values keep their bit pattern */
	return true;
}

/* Field names and enum labels: C identifiers. Decoder names may also hold '-' and '.'. */
static bool valid_name(const char *name, bool decoder_name)
{
	size_t len = strlen(name);

	if (!len || len > NAME_MAX_LEN || isdigit((unsigned char)name[0]))
		return false;
	for (const char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' &&
		    !(decoder_name && (*c == '-' || *c == '.')))
			return false;
	return true;
}

static const struct {
	const char *name;
	enum layout_scalar scalar;
	uint32_t size;
} scalar_types[] = {
	{"u8", LAYOUT_U8, 1},	{"u16", LAYOUT_U16, 2},	  {"u32", LAYOUT_U32, 4},
	{"u64", LAYOUT_U64, 8}, {"s8", LAYOUT_S8, 1},	  {"s16", LAYOUT_S16, 2},
	{"s32", LAYOUT_S32, 4}, {"s64", LAYOUT_S64, 8},	  {"f32", LAYOUT_F32, 4},
	{"f64", LAYOUT_F64, 8}, {"char", LAYOUT_CHAR, 1}, {"bytes", LAYOUT_BYTES, 1},
};

/* Parses "u16be[3]", "s32", "char[16]", ... into @field (not its name). */
static int parse_type(struct parser *p, const char *text, struct layout_field *field)
{
	char base[16];
	size_t base_len = strcspn(text, "[");
	const char *bracket = text + base_len;
	uint64_t count = 1;
	bool has_count = false;
	bool found = false;

	field->big_endian = p->big_endian;
	if (base_len >= sizeof(base))
		goto unknown;
	memcpy(base, text, base_len);
	base[base_len] = '\0';
	/* Endianness suffix on multi-byte numbers: u16le, s32be. */
	if (base_len > 2 && base[0] != 'c' && base[0] != 'b' &&
	    (!strcmp(base + base_len - 2, "le") || !strcmp(base + base_len - 2, "be"))) {
		field->big_endian = base[base_len - 2] == 'b';
		base[base_len - 2] = '\0';
	}
	for (size_t i = 0; i < sizeof(scalar_types) / sizeof(scalar_types[0]); i++) {
		if (strcmp(base, scalar_types[i].name))
			continue;
		field->scalar = scalar_types[i].scalar;
		field->element_size = scalar_types[i].size;
		found = true;
		break;
	}
	if (!found)
		goto unknown;
	if (*bracket) {
		char digits[24];
		size_t digits_len = strlen(bracket + 1);

		if (digits_len < 2 || bracket[digits_len] != ']' ||
		    digits_len - 1 >= sizeof(digits))
			return fail(p, p->line, "bad array size in '%s' (expected TYPE[N])", text);
		memcpy(digits, bracket + 1, digits_len - 1);
		digits[digits_len - 1] = '\0';
		if (!parse_u64(digits, &count) || count < 1 || count > RPMSG_DECODE_PAYLOAD_MAX)
			return fail(p, p->line, "array size in '%s' must be 1..%d", text,
				    RPMSG_DECODE_PAYLOAD_MAX);
		has_count = true;
	}
	if ((field->scalar == LAYOUT_CHAR || field->scalar == LAYOUT_BYTES) && !has_count)
		return fail(p, p->line, "'%s' needs a size: %s[N]", text, base);
	field->count = (uint32_t)count;
	field->is_array =
		has_count && field->scalar != LAYOUT_CHAR && field->scalar != LAYOUT_BYTES;
	/* Results name the type without endianness: what the value is, not how it was stored. */
	if (has_count)
		snprintf(field->type_name, sizeof(field->type_name), "%s[%" PRIu32 "]", base,
			 field->count);
	else
		snprintf(field->type_name, sizeof(field->type_name), "%s", base);
	return 0;

unknown:
	return fail(p, p->line,
		    "unknown type '%s' (expected u8 u16 u32 u64 s8 s16 s32 s64 f32 f64, "
		    "optionally with le/be and [N], or char[N], bytes[N])",
		    text);
}

static int parse_enum(struct parser *p, struct layout_field *field, char **tokens, size_t count)
{
	if (field->scalar >= LAYOUT_F32 || field->is_array)
		return fail(p, p->line, "'enum' applies to scalar integer fields only ('%s')",
			    field->name);
	if (!count)
		return fail(p, p->line, "'enum' needs VALUE=LABEL entries");
	field->enums = calloc(count, sizeof(*field->enums));
	if (!field->enums)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++) {
		char *equals = strchr(tokens[i], '=');
		int64_t value;

		if (!equals)
			return fail(p, p->line, "bad enum entry '%s' (expected VALUE=LABEL)",
				    tokens[i]);
		*equals = '\0';
		if (!parse_s64(tokens[i], &value))
			return fail(p, p->line, "bad enum value '%s' (expected a number)",
				    tokens[i]);
		if (!valid_name(equals + 1, false))
			return fail(p, p->line,
				    "bad enum label '%s' (letters, digits and '_', at most %d)",
				    equals + 1, NAME_MAX_LEN);
		for (size_t k = 0; k < field->enum_count; k++)
			if (field->enums[k].value == value)
				return fail(p, p->line, "enum value %s is listed twice", tokens[i]);
		field->enums[field->enum_count].value = value;
		field->enums[field->enum_count].label = strdup(equals + 1);
		if (!field->enums[field->enum_count].label)
			return -ENOMEM;
		field->enum_count++;
	}
	return 0;
}

static int parse_field(struct parser *p, char **tokens, size_t count)
{
	struct rpmsg_decoder *decoder = p->open;
	struct layout_field *field, *grown;
	uint64_t offset, end;
	size_t next = 4;
	int err;

	if (count < 4)
		return fail(p, p->line,
			    "expected 'field OFFSET TYPE NAME [hex] [enum V=LABEL...]'");
	if (!parse_u64(tokens[1], &offset))
		return fail(p, p->line, "bad offset '%s' (expected a number, decimal or 0x hex)",
			    tokens[1]);
	if (!valid_name(tokens[3], false))
		return fail(p, p->line,
			    "bad field name '%s' (letters, digits and '_', not starting with a "
			    "digit, at most %d)",
			    tokens[3], NAME_MAX_LEN);
	grown = realloc(decoder->fields, (decoder->field_count + 1) * sizeof(*decoder->fields));
	if (!grown)
		return -ENOMEM;
	decoder->fields = grown;
	field = &decoder->fields[decoder->field_count];
	memset(field, 0, sizeof(*field));
	decoder->field_count++; /* counted now so that decoders_free_one() frees what follows */
	field->line = p->line;
	field->name = strdup(tokens[3]);
	if (!field->name)
		return -ENOMEM;
	err = parse_type(p, tokens[2], field);
	if (err)
		return err;
	if (offset > RPMSG_DECODE_PAYLOAD_MAX)
		return fail(p, p->line,
			    "offset %" PRIu64 " is beyond the largest rpmsg payload (%d bytes)",
			    offset, RPMSG_DECODE_PAYLOAD_MAX);
	field->offset = (uint32_t)offset;
	end = offset + (uint64_t)field->element_size * field->count;
	if (end > RPMSG_DECODE_PAYLOAD_MAX)
		return fail(p, p->line,
			    "field '%s' ends at byte %" PRIu64
			    ", beyond the largest rpmsg payload (%d bytes)",
			    field->name, end, RPMSG_DECODE_PAYLOAD_MAX);
	for (size_t i = 0; i + 1 < decoder->field_count; i++) {
		const struct layout_field *other = &decoder->fields[i];
		uint64_t other_end = other->offset + (uint64_t)other->element_size * other->count;

		if (!strcmp(other->name, field->name))
			return fail(p, p->line, "field '%s' is defined twice in decoder '%s'",
				    field->name, decoder->name);
		if (offset < other_end && other->offset < end)
			return fail(p, p->line,
				    "field '%s' (bytes %" PRIu64 "..%" PRIu64
				    ") overlaps field '%s' (bytes %" PRIu32 "..%" PRIu64 ")",
				    field->name, offset, end - 1, other->name, other->offset,
				    other_end - 1);
	}
	if (next < count && !strcmp(tokens[next], "hex")) {
		if (field->scalar >= LAYOUT_F32)
			return fail(p, p->line, "'hex' applies to integer fields only ('%s')",
				    field->name);
		field->hex = true;
		next++;
	}
	if (next < count && !strcmp(tokens[next], "enum")) {
		err = parse_enum(p, field, tokens + next + 1, count - next - 1);
		if (err)
			return err;
		next = count;
	}
	if (next < count)
		return fail(p, p->line,
			    "unexpected '%s' after field '%s' (expected 'hex' or 'enum')",
			    tokens[next], field->name);
	p->values +=
		(field->scalar == LAYOUT_CHAR || field->scalar == LAYOUT_BYTES) ? 1 : field->count;
	if (p->values > RPMSG_DECODED_FIELDS_MAX)
		return fail(p, p->line,
			    "decoder '%s' has more than %d values (array elements count)",
			    decoder->name, RPMSG_DECODED_FIELDS_MAX);
	return 0;
}

static int parse_decoder(struct parser *p, char **tokens, size_t count)
{
	const struct rpmsg_decoder *other;

	if (p->open)
		return fail(p, p->line, "'decoder' inside decoder '%s' (line %u lacks its 'end')",
			    p->open->name, p->open->line);
	if (count != 2)
		return fail(p, p->line, "expected 'decoder NAME'");
	if (!valid_name(tokens[1], true))
		return fail(p, p->line,
			    "bad decoder name '%s' (letters, digits, '_', '-', '.', at most %d)",
			    tokens[1], NAME_MAX_LEN);
	for (other = p->list; other; other = other->next)
		if (!strcmp(other->name, tokens[1]))
			return fail(p, p->line, "decoder '%s' is already defined at line %u",
				    tokens[1], other->line);
	p->open = calloc(1, sizeof(*p->open));
	if (!p->open)
		return -ENOMEM;
	p->open->kind = DECODER_LAYOUT;
	p->open->line = p->line;
	p->open->name = strdup(tokens[1]);
	p->big_endian = false;
	p->values = 0;
	return p->open->name ? 0 : -ENOMEM;
}

static int parse_channel(struct parser *p, char **tokens, size_t count)
{
	struct rpmsg_decoder *decoder = p->open;
	char **grown;

	if (count < 2)
		return fail(p, p->line, "expected 'channel NAME [NAME...]' (shell globs allowed)");
	grown = realloc(decoder->channels, (decoder->channel_count + count - 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	decoder->channels = grown;
	for (size_t i = 1; i < count; i++) {
		if (strlen(tokens[i]) > NAME_MAX_LEN)
			return fail(p, p->line, "channel name '%s' is longer than %d bytes",
				    tokens[i], NAME_MAX_LEN);
		decoder->channels[decoder->channel_count] = strdup(tokens[i]);
		if (!decoder->channels[decoder->channel_count])
			return -ENOMEM;
		decoder->channel_count++;
	}
	return 0;
}

static int parse_end(struct parser *p, size_t count)
{
	struct rpmsg_decoder *decoder = p->open;

	if (count != 1)
		return fail(p, p->line, "expected 'end' alone on its line");
	if (!decoder->channel_count)
		return fail(p, p->line, "decoder '%s' has no 'channel' line", decoder->name);
	if (!decoder->field_count)
		return fail(p, p->line, "decoder '%s' has no 'field' lines", decoder->name);
	for (size_t i = 0; i < decoder->field_count; i++) {
		const struct layout_field *field = &decoder->fields[i];

		if (decoder->declared_size &&
		    field->offset + (uint64_t)field->element_size * field->count >
			    decoder->declared_size)
			return fail(p, field->line, "field '%s' lies beyond 'size %" PRIu32 "'",
				    field->name, decoder->declared_size);
	}
	*p->tail = decoder;
	p->tail = &decoder->next;
	p->open = NULL;
	return 0;
}

static int parse_line(struct parser *p, char *line)
{
	char *tokens[TOKENS_MAX];
	size_t count = 0;
	char *save = NULL;
	char *hash = strchr(line, '#');
	const char *keyword;

	if (hash)
		*hash = '\0';
	for (char *t = strtok_r(line, " \t\r\f\v", &save); t;
	     t = strtok_r(NULL, " \t\r\f\v", &save)) {
		if (count == TOKENS_MAX)
			return fail(p, p->line, "more than %d words on one line", TOKENS_MAX);
		tokens[count++] = t;
	}
	if (!count)
		return 0;
	keyword = tokens[0];
	if (!strcmp(keyword, "decoder"))
		return parse_decoder(p, tokens, count);
	if (strcmp(keyword, "channel") && strcmp(keyword, "endian") && strcmp(keyword, "size") &&
	    strcmp(keyword, "field") && strcmp(keyword, "end"))
		return fail(p, p->line,
			    "unknown keyword '%s' (expected decoder, channel, endian, size, field, "
			    "end)",
			    keyword);
	if (!p->open)
		return fail(p, p->line, "'%s' outside a decoder (start one with 'decoder NAME')",
			    keyword);
	if (!strcmp(keyword, "channel"))
		return parse_channel(p, tokens, count);
	if (!strcmp(keyword, "field"))
		return parse_field(p, tokens, count);
	if (!strcmp(keyword, "end"))
		return parse_end(p, count);
	if (!strcmp(keyword, "endian")) {
		if (count != 2 || (strcmp(tokens[1], "little") && strcmp(tokens[1], "big")))
			return fail(p, p->line, "expected 'endian little' or 'endian big'");
		p->big_endian = !strcmp(tokens[1], "big");
		return 0;
	}
	/* size */
	{
		uint64_t size;

		if (count != 2 || !parse_u64(tokens[1], &size) || !size ||
		    size > RPMSG_DECODE_PAYLOAD_MAX)
			return fail(p, p->line, "expected 'size N' with N in 1..%d",
				    RPMSG_DECODE_PAYLOAD_MAX);
		p->open->declared_size = (uint32_t)size;
		return 0;
	}
}

int decoders_file_parse(const char *text, size_t size, const char *origin,
			struct rpmsg_decoder **list, char *error, size_t error_size)
{
	struct parser p = {
		.origin = origin,
		.error = error,
		.error_size = error_size,
	};
	char *copy;
	size_t start = 0;
	int err = 0;

	*list = NULL;
	p.tail = &p.list;
	{
		const char *nul = memchr(text, '\0', size);

		if (nul) {
			unsigned int line = 1;

			for (const char *c = text; c < nul; c++)
				line += *c == '\n';
			return fail(&p, line, "contains a NUL byte: not a text file");
		}
	}
	copy = malloc(size + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, size);
	copy[size] = '\0';
	while (start <= size && !err) {
		char *newline = strchr(copy + start, '\n');
		size_t end = newline ? (size_t)(newline - copy) : size;

		copy[end] = '\0';
		p.line++;
		err = parse_line(&p, copy + start);
		start = end + 1;
		if (!newline)
			break;
	}
	if (!err && p.open)
		err = fail(&p, p.open->line, "decoder '%s' has no 'end'", p.open->name);
	free(copy);
	decoders_free_one(p.open);
	if (err) {
		decoders_free_list(p.list);
		if (err == -ENOMEM && error && error_size)
			snprintf(error, error_size, "%s: out of memory", origin);
		return err;
	}
	*list = p.list;
	return 0;
}
