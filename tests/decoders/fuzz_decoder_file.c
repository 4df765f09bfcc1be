// SPDX-License-Identifier: MIT
/*
 * Fuzz entry point: arbitrary bytes as a decoder file. The parser must never crash, leak or
 * read out of bounds, must either load the file or explain why, and what it loads must decode
 * any payload safely.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rpmsg_decoded decoded;
	static char line[8192];
	struct rpmsg_decoder_registry *registry = rpmsg_decoders_create();
	char error[256];
	/* Exactly the input's bytes, so any over-read is an ASan error. */
	char *text = malloc(size ? size : 1);

	if (!registry || !text)
		abort();
	memcpy(text, data, size);
	error[0] = '\0';
	if (rpmsg_decoders_load_text(registry, text, size, "fuzz", error, sizeof(error)) == 0) {
		/* Decode the file's own bytes with whatever it defined, on a few channel names. */
		static const char *const channels[] = {"rpmsg-motor", "a", "x", "ch", "rpmsg-tty"};
		size_t captured = size < RPMSG_DECODE_PAYLOAD_MAX ? size : RPMSG_DECODE_PAYLOAD_MAX;

		for (size_t i = 0; i < sizeof(channels) / sizeof(channels[0]); i++) {
			rpmsg_decode(registry, channels[i], data, captured, size, &decoded);
			rpmsg_decoded_format_text(&decoded, line, sizeof(line));
			rpmsg_decoded_format_json(&decoded, line, sizeof(line));
		}
	} else if (!error[0]) {
		abort(); /* a refusal must always say why */
	}
	free(text);
	rpmsg_decoders_destroy(registry);
	return 0;
}
