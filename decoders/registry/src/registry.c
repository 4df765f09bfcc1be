// SPDX-License-Identifier: MIT
/*
 * The registry: built-in and user decoders, lookup by channel name, and the entry points that
 * pick a decoder and run it.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/wire.h>

#include "internal.h"

/* Decoder files are small; refuse anything that is clearly not one. */
#define DECODER_FILE_MAX (1024 * 1024)

struct rpmsg_decoder_registry *rpmsg_decoders_create(void)
{
	struct rpmsg_decoder_registry *registry = calloc(1, sizeof(*registry));

	if (!registry)
		return NULL;
	if (decoders_add_builtin(registry)) {
		rpmsg_decoders_destroy(registry);
		return NULL;
	}
	return registry;
}

void rpmsg_decoders_destroy(struct rpmsg_decoder_registry *registry)
{
	if (!registry)
		return;
	decoders_free_list(registry->user);
	decoders_free_list(registry->builtin);
	free(registry);
}

static const struct rpmsg_decoder *find_in(const struct rpmsg_decoder *list, const char *name)
{
	for (const struct rpmsg_decoder *d = list; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

int rpmsg_decoders_load_text(struct rpmsg_decoder_registry *registry, const char *text, size_t size,
			     const char *origin, char *error, size_t error_size)
{
	struct rpmsg_decoder *list, **tail;
	int err;

	err = decoders_file_parse(text, size, origin, &list, error, error_size);
	if (err)
		return err;
	for (struct rpmsg_decoder *d = list; d; d = d->next) {
		if (find_in(registry->user, d->name)) {
			if (error && error_size)
				snprintf(
					error, error_size,
					"%s:%u: decoder '%s' is already defined by an earlier file",
					origin, d->line, d->name);
			decoders_free_list(list);
			return -EEXIST;
		}
	}
	for (tail = &registry->user; *tail; tail = &(*tail)->next)
		;
	*tail = list;
	return 0;
}

int rpmsg_decoders_load_file(struct rpmsg_decoder_registry *registry, const char *path, char *error,
			     size_t error_size)
{
	FILE *file = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;
	int err;

	if (!file) {
		err = -errno;
		if (error && error_size)
			snprintf(error, error_size, "%s: %s", path, strerror(-err));
		return err;
	}
	text = malloc(DECODER_FILE_MAX + 1);
	if (!text) {
		fclose(file);
		return -ENOMEM;
	}
	size = fread(text, 1, DECODER_FILE_MAX + 1, file);
	err = ferror(file) ? -EIO : 0;
	fclose(file);
	if (!err && size > DECODER_FILE_MAX) {
		if (error && error_size)
			snprintf(error, error_size, "%s: larger than %d bytes, not a decoder file",
				 path, DECODER_FILE_MAX);
		err = -EFBIG;
	} else if (err) {
		if (error && error_size)
			snprintf(error, error_size, "%s: read error", path);
	} else {
		err = rpmsg_decoders_load_text(registry, text, size, path, error, error_size);
	}
	free(text);
	return err;
}

static bool decoder_matches(const struct rpmsg_decoder *decoder, const char *channel)
{
	for (size_t i = 0; i < decoder->channel_count; i++)
		if (!fnmatch(decoder->channels[i], channel, 0))
			return true;
	return false;
}

const struct rpmsg_decoder *rpmsg_decoders_find(const struct rpmsg_decoder_registry *registry,
						const char *channel)
{
	if (!channel)
		return NULL;
	for (const struct rpmsg_decoder *d = registry->user; d; d = d->next)
		if (decoder_matches(d, channel))
			return d;
	for (const struct rpmsg_decoder *d = registry->builtin; d; d = d->next)
		if (decoder_matches(d, channel))
			return d;
	return NULL;
}

const char *rpmsg_decoder_name(const struct rpmsg_decoder *decoder)
{
	return decoder->name;
}

const char *rpmsg_decode_channel_name(const char *src_name, const char *dst_name, uint32_t dst)
{
	if (dst == RPMSG_NS_ADDR)
		return RPMSG_DECODE_NS_CHANNEL;
	return dst_name ? dst_name : src_name;
}

/* The decoder of each kind, as decoder files and the built-ins name them. */
static void (*const decoder_runs[])(const struct rpmsg_decoder *decoder, const uint8_t *data,
				    size_t captured, struct rpmsg_decoded *out) = {
	[DECODER_LAYOUT] = decoders_run_layout, [DECODER_TEXT] = decoders_run_text,
	[DECODER_ECHO] = decoders_run_echo,	[DECODER_NS] = decoders_run_ns,
	[DECODER_HEX] = decoders_run_hex,
};

void rpmsg_decode_with(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		       size_t len, struct rpmsg_decoded *out)
{
	bool short_len = len < captured;

	if (!data)
		captured = 0;
	/* A header length below the captured size is a producer bug; decode what we have. */
	if (short_len)
		len = captured;
	if (!decoder) {
		bool text = decoders_payload_is_printable(data, captured);

		decoders_result_reset(out, text ? "text" : "hex", captured, len);
		if (text)
			decoders_run_text(NULL, data, captured, out);
		else
			decoders_run_hex(NULL, data, captured, out);
	} else if (decoder->kind == DECODER_LAYOUT && decoder->declared_size &&
		   len != decoder->declared_size && decoders_payload_is_printable(data, captured)) {
		/*
		 * Text of the wrong size on a fixed-size channel ("start" on rpmsg-sensor) is a
		 * control message, not a mangled sample: show it as text.
		 */
		decoders_result_reset(out, decoder->name, captured, len);
		out->decoder = "text";
		decoders_run_text(NULL, data, captured, out);
		decoders_result_warn(out, "%zu bytes: not a %" PRIu32 "-byte %s message", len,
				     decoder->declared_size, decoder->name);
	} else {
		decoders_result_reset(out, decoder->name, captured, len);
		decoder_runs[decoder->kind](decoder, data, captured, out);
	}
	if (short_len)
		decoders_result_warn(out, "header length is smaller than the %zu bytes captured",
				     captured);
}

void rpmsg_decode(const struct rpmsg_decoder_registry *registry, const char *channel,
		  const uint8_t *data, size_t captured, size_t len, struct rpmsg_decoded *out)
{
	rpmsg_decode_with(rpmsg_decoders_find(registry, channel), data, captured, len, out);
}
