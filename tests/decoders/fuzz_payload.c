// SPDX-License-Identifier: MIT
/*
 * Fuzz entry point: arbitrary payloads through every decoder. Input layout: byte 0 picks the
 * channel, bytes 1-2 the header length (little-endian), byte 3 the size of the output buffers,
 * the rest is the captured payload (held in a buffer of exactly that size).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A user decoder with every kind of field, so layouts are fuzzed too. */
static const char all_types[] = "decoder all\n"
				"channel all-types\n"
				"endian big\n"
				"field 0 u8 a enum 0=zero 255=max\n"
				"field 1 s8 b\n"
				"field 2 u16le c hex\n"
				"field 4 s16 d\n"
				"field 6 u32 e\n"
				"field 10 s32be f enum -1=minus_one\n"
				"field 14 u64 g\n"
				"field 22 s64le h\n"
				"field 30 f32 i\n"
				"field 34 f64le j\n"
				"field 42 char[8] k\n"
				"field 50 bytes[6] l\n"
				"field 56 s16[5] m\n"
				"field 100 u32[4] n hex\n"
				"end\n";

static const char *const channels[] = {
	"rpmsg-ns", "rpmsg-tty", "rpmsg-echo", "rpmsg-sensor", "all-types", "unknown", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rpmsg_decoder_registry *registry;
	static struct rpmsg_decoded decoded;
	const size_t channel_count = sizeof(channels) / sizeof(channels[0]);
	size_t len, out_size, captured;
	uint8_t *payload;
	char *out;

	if (!registry) {
		char error[256];

		registry = rpmsg_decoders_create();
		if (!registry ||
		    rpmsg_decoders_load_text(registry, all_types, sizeof(all_types) - 1, "all",
					     error, sizeof(error)))
			abort();
	}
	if (size < 4)
		return 0;
	len = (size_t)data[1] | (size_t)data[2] << 8;
	out_size = data[3];
	captured = size - 4;
	payload = malloc(captured ? captured : 1);
	out = malloc(out_size ? out_size : 1);
	if (!payload || !out)
		abort();
	memcpy(payload, data + 4, captured);
	rpmsg_decode(registry, channels[data[0] % channel_count], payload, captured, len, &decoded);
	/* Small output buffers must be filled safely and report the size they would need. */
	if (rpmsg_decoded_format_text(&decoded, out, out_size) < out_size && out_size &&
	    strlen(out) >= out_size)
		abort();
	rpmsg_decoded_format_json(&decoded, out, out_size);
	for (unsigned int i = 0; i < decoded.count; i++)
		rpmsg_decoded_format_value(&decoded, &decoded.fields[i], out, out_size);
	free(out);
	free(payload);
	return 0;
}
