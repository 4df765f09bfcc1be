// SPDX-License-Identifier: MIT
/*
 * The built-in decoders: text, hex, rpmsg-echo, name-service messages, and the simulator's
 * sensor samples (described in the decoder-file format, so it is decoded exactly like a user
 * decoder would be).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/wire.h>

#include "internal.h"

/*
 * The simulator's sensor sample, 32 bytes little-endian packed:
 * u32 seq; u32 flags; u64 timestamp_ns; s16 accel_mg[3]; s16 gyro_mdps[3]; s32 temp_mdegc.
 */
static const char sensor_layout[] = "decoder rpmsg-sensor\n"
				    "channel rpmsg-sensor\n"
				    "size 32\n"
				    "field 0  u32    seq\n"
				    "field 4  u32    flags hex\n"
				    "field 8  u64    timestamp_ns\n"
				    "field 16 s16[3] accel_mg\n"
				    "field 22 s16[3] gyro_mdps\n"
				    "field 28 s32    temp_mdegc\n"
				    "end\n";

bool decoders_payload_is_printable(const uint8_t *data, size_t size)
{
	/* C strings are often sent with their NUL: trailing NULs do not make text binary. */
	while (size && data[size - 1] == '\0')
		size--;
	if (!size)
		return false;
	for (size_t i = 0; i < size; i++) {
		uint8_t c = data[i];

		if ((c < 0x20 || c >= 0x7f) && c != '\n' && c != '\r' && c != '\t')
			return false;
	}
	return true;
}

void decoders_run_text(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		       struct rpmsg_decoded *out)
{
	while (captured && data[captured - 1] == '\0')
		captured--;
	decoders_result_add_text(out, "text", "text", data, captured);
}

void decoders_run_hex(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		      struct rpmsg_decoded *out)
{
	decoders_result_add_hex(out, "data", "hex", data, captured);
}

void decoders_run_echo(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		       struct rpmsg_decoded *out)
{
	if (decoders_payload_is_printable(data, captured))
		decoders_run_text(decoder, data, captured, out);
	else
		decoders_run_hex(decoder, data, captured, out);
}

void decoders_run_ns(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		     struct rpmsg_decoded *out)
{
	const size_t name_size = sizeof(((struct rpmsg_ns_msg *)0)->name);
	const size_t addr_at = offsetof(struct rpmsg_ns_msg, addr);
	const size_t flags_at = offsetof(struct rpmsg_ns_msg, flags);
	struct rpmsg_decoded_field *field;
	uint32_t value;

	if (out->len != sizeof(struct rpmsg_ns_msg))
		decoders_result_warn(out, "name-service message is %" PRIu32 " bytes, expected %zu",
				     out->len, sizeof(struct rpmsg_ns_msg));
	if (captured >= name_size) {
		/* The kernel refuses a name without a NUL; show it, but say so. */
		const uint8_t *nul = memchr(data, '\0', name_size);

		if (!nul)
			decoders_result_warn(out, "name has no NUL within %zu bytes", name_size);
		decoders_result_add_text(out, "name", "char[32]", data,
					 nul ? (size_t)(nul - data) : name_size);
	} else {
		out->missing_fields++;
	}
	if (captured >= addr_at + 4) {
		memcpy(&value, data + addr_at, 4);
		field = decoders_result_add(out, "addr", "u32", RPMSG_VALUE_UNSIGNED);
		if (field)
			field->value.u = value;
	} else {
		out->missing_fields++;
	}
	if (captured >= flags_at + 4) {
		memcpy(&value, data + flags_at, 4);
		field = decoders_result_add(out, "flags", "u32", RPMSG_VALUE_UNSIGNED);
		if (field) {
			field->value.u = value;
			field->label = value == RPMSG_NS_CREATE	   ? "create"
				       : value == RPMSG_NS_DESTROY ? "destroy"
								   : NULL;
			if (!field->label)
				decoders_result_warn(out, "unknown name-service flags %" PRIu32,
						     value);
		}
	} else {
		out->missing_fields++;
	}
}

static int builtin_add(struct rpmsg_decoder_registry *registry, const char *name,
		       const char *channel, enum decoder_kind kind)
{
	struct rpmsg_decoder *decoder = calloc(1, sizeof(*decoder));

	if (!decoder)
		return -ENOMEM;
	decoder->kind = kind;
	decoder->name = strdup(name);
	decoder->channels = calloc(1, sizeof(*decoder->channels));
	if (!decoder->name || !decoder->channels)
		goto free_decoder;
	decoder->channels[0] = strdup(channel);
	if (!decoder->channels[0])
		goto free_decoder;
	decoder->channel_count = 1;
	decoder->next = registry->builtin;
	registry->builtin = decoder;
	return 0;

free_decoder:
	decoders_free_one(decoder);
	return -ENOMEM;
}

int decoders_add_builtin(struct rpmsg_decoder_registry *registry)
{
	struct rpmsg_decoder *sensor;
	char error[160];
	int err;

	err = decoders_file_parse(sensor_layout, sizeof(sensor_layout) - 1, "built-in", &sensor,
				  error, sizeof(error));
	if (err)
		return err; /* only -ENOMEM: the text above is known to be valid */
	sensor->next = registry->builtin;
	registry->builtin = sensor;
	if (builtin_add(registry, RPMSG_DECODE_NS_CHANNEL, RPMSG_DECODE_NS_CHANNEL, DECODER_NS) ||
	    builtin_add(registry, "rpmsg-tty", "rpmsg-tty", DECODER_TEXT) ||
	    builtin_add(registry, "rpmsg-echo", "rpmsg-echo", DECODER_ECHO))
		return -ENOMEM;
	return 0;
}
