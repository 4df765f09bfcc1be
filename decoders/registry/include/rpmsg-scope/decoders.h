/* SPDX-License-Identifier: MIT */
/*
 * Payload decoders keyed by channel name: the one place that knows what the bytes of an rpmsg
 * message mean. Every consumer (collector, viewer, babeltrace2 plugin, rpmsg-trace) decodes
 * through this registry so a payload reads the same everywhere.
 *
 * Built in: "rpmsg-ns" (name-service messages, address 53), "rpmsg-tty" (text lines),
 * "rpmsg-echo", "rpmsg-sensor" (the simulator's 32-byte samples). A channel without a decoder
 * gets "text" when its payload is printable, else "hex". User decoders come from a text file
 * (format: decoders/README.md) and take precedence over the built-in ones.
 *
 * Ownership: the registry owns every decoder and every name it hands out; a struct
 * rpmsg_decoded is a caller-owned value whose field names point into the registry, so it is
 * valid while the registry lives. No allocation happens while decoding.
 *
 * Thread safety: loading decoders modifies the registry and needs exclusive access; lookups
 * and decoding only read it and may run concurrently, each thread with its own rpmsg_decoded.
 *
 * Errors: functions return 0 or a negative errno. File errors also fill a caller buffer with
 * one line "FILE:LINE: what is wrong".
 *
 * Bounds: decoding reads at most `captured` bytes, never more. A payload whose captured bytes are
 * fewer than its length (the tracer keeps only the first bytes) is marked truncated, and fields
 * lying beyond the captured bytes are counted in missing_fields instead of being decoded.
 */
#ifndef RPMSG_SCOPE_DECODERS_H
#define RPMSG_SCOPE_DECODERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most decoded fields per payload (each array element counts as one). */
#define RPMSG_DECODED_FIELDS_MAX 128
/* Bytes for the string values of one payload (escaped text, hex dumps). */
#define RPMSG_DECODED_STRINGS_MAX 4096
/* Largest rpmsg payload: a 512-byte buffer minus the 16-byte header. */
#define RPMSG_DECODE_PAYLOAD_MAX 496
/* Well-known name of the name-service address (53). */
#define RPMSG_DECODE_NS_CHANNEL "rpmsg-ns"

enum rpmsg_value_kind {
	RPMSG_VALUE_UNSIGNED, /* value.u */
	RPMSG_VALUE_SIGNED,   /* value.s */
	RPMSG_VALUE_FLOAT,    /* value.f */
	RPMSG_VALUE_STRING,   /* text (escaped), value.str into rpmsg_decoded.strings */
	RPMSG_VALUE_BYTES,    /* lowercase hex digits, value.str into rpmsg_decoded.strings */
};

/**
 * struct rpmsg_decoded_field - one decoded value
 * @name: field name (array elements share their array's name)
 * @type: type as written in a decoder file ("u32", "s16", "char[32]", "text", "hex", ...)
 * @index: element index for an array field, -1 for a scalar
 * @kind: which member of the value union is set
 * @hex: render an integer in hexadecimal
 * @label: enum label of an integer value, or NULL
 */
struct rpmsg_decoded_field {
	const char *name;
	const char *type;
	int index;
	enum rpmsg_value_kind kind;
	bool hex;
	const char *label;
	union {
		uint64_t u;
		int64_t s;
		double f;
		struct {
			uint32_t offset; /* into rpmsg_decoded.strings, NUL-terminated there */
			uint32_t length;
		} str;
	} value;
};

/**
 * struct rpmsg_decoded - the result of decoding one payload
 * @decoder: name of the decoder that ran ("rpmsg-sensor", "text", "hex", a user decoder's name)
 * @len: full payload length (from the rpmsg header)
 * @captured: payload bytes that were available to decode
 * @truncated: captured < len
 * @missing_fields: fields (elements) not decoded because they lie beyond the captured bytes
 * @warning: "" or a one-line remark about the payload ("name has no NUL within 32 bytes")
 * @count: number of entries in @fields
 */
struct rpmsg_decoded {
	const char *decoder;
	uint32_t len;
	uint32_t captured;
	bool truncated;
	unsigned int missing_fields;
	char warning[128];
	unsigned int count;
	struct rpmsg_decoded_field fields[RPMSG_DECODED_FIELDS_MAX];
	uint32_t strings_used;
	char strings[RPMSG_DECODED_STRINGS_MAX];
};

struct rpmsg_decoder;
struct rpmsg_decoder_registry;

/**
 * rpmsg_decoders_create() - a registry holding the built-in decoders
 *
 * Return: the registry, or NULL when out of memory.
 */
struct rpmsg_decoder_registry *rpmsg_decoders_create(void);

/* rpmsg_decoders_destroy() - free the registry and every decoder in it. NULL is allowed. */
void rpmsg_decoders_destroy(struct rpmsg_decoder_registry *registry);

/**
 * rpmsg_decoders_load_file() - add the user decoders described in a decoder file
 * @registry: where to add them
 * @path: the file (format: decoders/README.md)
 * @error: receives "PATH:LINE: problem" on failure (may be NULL)
 * @error_size: size of @error
 *
 * The file is loaded completely or not at all.
 *
 * Return: 0, -ENOENT/-EACCES/... when the file cannot be read, -EINVAL when it is malformed,
 * -EEXIST when it defines a decoder name already loaded, -ENOMEM.
 */
int rpmsg_decoders_load_file(struct rpmsg_decoder_registry *registry, const char *path, char *error,
			     size_t error_size);

/**
 * rpmsg_decoders_load_text() - as rpmsg_decoders_load_file() for text already in memory
 * @registry: where to add the decoders
 * @text: file contents, need not be NUL-terminated
 * @size: bytes in @text
 * @origin: name used in error messages (a file name)
 * @error: receives "ORIGIN:LINE: problem" on failure (may be NULL)
 * @error_size: size of @error
 *
 * Return: as rpmsg_decoders_load_file().
 */
int rpmsg_decoders_load_text(struct rpmsg_decoder_registry *registry, const char *text, size_t size,
			     const char *origin, char *error, size_t error_size);

/**
 * rpmsg_decoders_find() - the decoder registered for a channel name
 * @registry: the registry
 * @channel: channel (endpoint) name, or NULL when unknown
 *
 * User decoders are tried first, in file order (their channel patterns may use shell globs),
 * then the built-in ones.
 *
 * Return: the decoder, or NULL when none is registered (rpmsg_decode() then picks text or hex).
 */
const struct rpmsg_decoder *rpmsg_decoders_find(const struct rpmsg_decoder_registry *registry,
						const char *channel);

/* rpmsg_decoder_name() - the name a decoder reports in rpmsg_decoded.decoder. */
const char *rpmsg_decoder_name(const struct rpmsg_decoder *decoder);

/**
 * rpmsg_decode() - decode one payload
 * @registry: the registry
 * @channel: channel name of the message (see rpmsg_decode_channel_name()), or NULL
 * @data: the captured payload bytes
 * @captured: number of bytes at @data; never read beyond
 * @len: the payload's full length from the rpmsg header (>= @captured normally; a smaller
 *       value is treated as @captured and noted in the warning)
 * @out: the result
 *
 * Always succeeds: a payload that does not fit its decoder is decoded as far as it goes, with
 * a warning saying why.
 */
void rpmsg_decode(const struct rpmsg_decoder_registry *registry, const char *channel,
		  const uint8_t *data, size_t captured, size_t len, struct rpmsg_decoded *out);

/**
 * rpmsg_decode_with() - decode one payload with a given decoder (NULL: text or hex)
 *
 * Parameters and behaviour as rpmsg_decode().
 */
void rpmsg_decode_with(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		       size_t len, struct rpmsg_decoded *out);

/**
 * rpmsg_decode_channel_name() - the channel name to decode a message with
 * @src_name: name of the source endpoint, or NULL when unknown
 * @dst_name: name of the destination endpoint, or NULL when unknown
 * @dst: destination address
 *
 * Messages to address 53 are name-service messages; otherwise the destination's name wins,
 * then the source's.
 *
 * Return: a name, or NULL when neither side is known.
 */
const char *rpmsg_decode_channel_name(const char *src_name, const char *dst_name, uint32_t dst);

/* rpmsg_decoded_string() - the NUL-terminated text of a STRING or BYTES field. */
const char *rpmsg_decoded_string(const struct rpmsg_decoded *decoded,
				 const struct rpmsg_decoded_field *field);

/**
 * rpmsg_decoded_format_text() - one line: "seq=1 accel_mg=[1,-2,3] ..."
 * @decoded: the result to render
 * @buf: output, always NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Truncation and warnings are appended ("[truncated: 64 of 200 bytes, 3 fields missing]").
 *
 * Return: the length the full rendering needs (as snprintf), so a result >= @size means
 * @buf was too small.
 */
size_t rpmsg_decoded_format_text(const struct rpmsg_decoded *decoded, char *buf, size_t size);

/**
 * rpmsg_decoded_format_value() - one field's value alone, as in the text line ("12", "0x11",
 * "run(1)", "\"text\"", "aabb")
 *
 * Return: as rpmsg_decoded_format_text().
 */
size_t rpmsg_decoded_format_value(const struct rpmsg_decoded *decoded,
				  const struct rpmsg_decoded_field *field, char *buf, size_t size);

/**
 * rpmsg_decoded_format_json() - one JSON object:
 * {"decoder":"...","len":N,"captured":N,"truncated":false,"fields":{...}}
 * plus "missing_fields" and "warning" when they apply. Array fields become JSON arrays.
 *
 * Return: as rpmsg_decoded_format_text().
 */
size_t rpmsg_decoded_format_json(const struct rpmsg_decoded *decoded, char *buf, size_t size);

/**
 * rpmsg_json_escape() - append @text as a JSON string (with quotes) to @buf at *@pos
 *
 * Writes what fits (@buf stays NUL-terminated) and advances *@pos by the full length, so
 * callers can chain calls and compare *@pos with @size at the end.
 */
void rpmsg_json_escape(char *buf, size_t size, size_t *pos, const char *text);

#endif /* RPMSG_SCOPE_DECODERS_H */
