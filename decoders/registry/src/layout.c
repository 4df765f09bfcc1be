// SPDX-License-Identifier: MIT
/*
 * Decoding a struct layout (a decoder file's "field" lines) from captured bytes. Each field is
 * read only when all its bytes were captured; what is missing is counted, never guessed.
 */
#include <inttypes.h>
#include <string.h>

#include "internal.h"

static uint64_t read_unsigned(const uint8_t *p, uint32_t size, bool big_endian)
{
	uint64_t value = 0;

	for (uint32_t i = 0; i < size; i++) {
		uint32_t shift = big_endian ? (size - 1 - i) * 8 : i * 8;

		value |= (uint64_t)p[i] << shift;
	}
	return value;
}

static int64_t sign_extend(uint64_t value, uint32_t size)
{
	uint32_t bits = size * 8;

	if (bits >= 64)
		return (int64_t)value;
	if (value & (UINT64_C(1) << (bits - 1)))
		value |= ~UINT64_C(0) << bits;
	return (int64_t)value;
}

/* The IEEE 754 value whose bits are @raw: a float in the low 32 bits (@single), or a double */
static double float_of(uint64_t raw, bool single)
{
	uint32_t bits32 = (uint32_t)raw;
	float f;
	double d;

	if (single) {
		memcpy(&f, &bits32, sizeof(f));
		return f;
	}
	memcpy(&d, &raw, sizeof(d));
	return d;
}

static const char *enum_label(const struct layout_field *field, int64_t value)
{
	for (size_t i = 0; i < field->enum_count; i++)
		if (field->enums[i].value == value)
			return field->enums[i].label;
	return NULL;
}

static void decode_number(const struct layout_field *field, const uint8_t *p, int index,
			  struct rpmsg_decoded *out)
{
	uint64_t raw = read_unsigned(p, field->element_size, field->big_endian);
	struct rpmsg_decoded_field *value;

	switch (field->scalar) {
	case LAYOUT_S8:
	case LAYOUT_S16:
	case LAYOUT_S32:
	case LAYOUT_S64:
		value = decoders_result_add(out, field->name, field->type_name, RPMSG_VALUE_SIGNED);
		if (value)
			value->value.s = sign_extend(raw, field->element_size);
		break;
	case LAYOUT_F32:
	case LAYOUT_F64:
		value = decoders_result_add(out, field->name, field->type_name, RPMSG_VALUE_FLOAT);
		if (value)
			value->value.f = float_of(raw, field->scalar == LAYOUT_F32);
		break;
	default:
		value = decoders_result_add(out, field->name, field->type_name,
					    RPMSG_VALUE_UNSIGNED);
		if (value)
			value->value.u = raw;
		break;
	}
	if (!value)
		return;
	value->index = index;
	value->hex = field->hex;
	if (field->enum_count && index < 0)
		value->label = enum_label(field, value->kind == RPMSG_VALUE_SIGNED
							 ? value->value.s
							 : (int64_t)value->value.u);
}

static void decode_chars(const struct layout_field *field, const uint8_t *p,
			 struct rpmsg_decoded *out)
{
	const uint8_t *nul = memchr(p, '\0', field->count);

	if (!nul)
		decoders_result_warn(out, "%s has no NUL within %" PRIu32 " bytes", field->name,
				     field->count);
	decoders_result_add_text(out, field->name, field->type_name, p,
				 nul ? (size_t)(nul - p) : field->count);
}

void decoders_run_layout(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
			 struct rpmsg_decoded *out)
{
	unsigned int short_message = 0;

	if (decoder->declared_size && out->len != decoder->declared_size)
		decoders_result_warn(out, "payload is %" PRIu32 " bytes, %s expects %" PRIu32,
				     out->len, decoder->name, decoder->declared_size);
	for (size_t i = 0; i < decoder->field_count; i++) {
		const struct layout_field *field = &decoder->fields[i];
		uint64_t end =
			(uint64_t)field->offset + (uint64_t)field->element_size * field->count;

		if (field->scalar == LAYOUT_CHAR || field->scalar == LAYOUT_BYTES) {
			if (end > captured) {
				out->missing_fields++;
				short_message += end > out->len;
				continue;
			}
			if (field->scalar == LAYOUT_CHAR)
				decode_chars(field, data + field->offset, out);
			else
				decoders_result_add_hex(out, field->name, field->type_name,
							data + field->offset, field->count);
			continue;
		}
		/* Numbers, and arrays of them element by element: keep every element captured. */
		for (uint32_t k = 0; k < field->count; k++) {
			uint64_t at = (uint64_t)field->offset + (uint64_t)k * field->element_size;

			if (at + field->element_size > captured) {
				out->missing_fields++;
				short_message += at + field->element_size > out->len;
				continue;
			}
			decode_number(field, data + at, field->is_array ? (int)k : -1, out);
		}
	}
	/* Fields past the message's own end are not a capture problem: the sender sent less. */
	if (short_message && !decoder->declared_size)
		decoders_result_warn(out,
				     "payload is %" PRIu32 " bytes, shorter than the %s layout",
				     out->len, decoder->name);
}
