/* SPDX-License-Identifier: MIT */
/*
 * Inside the decoder registry: how a decoder is represented, and the helpers the decoders use
 * to fill a struct rpmsg_decoded. Not part of the public API.
 */
#ifndef RPMSG_DECODERS_INTERNAL_H
#define RPMSG_DECODERS_INTERNAL_H

#include <rpmsg-scope/decoders.h>

enum decoder_kind {
	DECODER_LAYOUT, /* a struct layout from a decoder file (or the built-in sensor layout) */
	DECODER_TEXT,	/* printable text, escaped */
	DECODER_ECHO,	/* rpmsg-echo: text when printable, else hex */
	DECODER_NS,	/* struct rpmsg_ns_msg */
	DECODER_HEX,	/* raw bytes */
};

enum layout_scalar {
	LAYOUT_U8,
	LAYOUT_U16,
	LAYOUT_U32,
	LAYOUT_U64,
	LAYOUT_S8,
	LAYOUT_S16,
	LAYOUT_S32,
	LAYOUT_S64,
	LAYOUT_F32,
	LAYOUT_F64,
	LAYOUT_CHAR,  /* char[N]: a NUL-terminated string within N bytes */
	LAYOUT_BYTES, /* bytes[N]: shown as hex */
};

struct layout_enum_entry {
	int64_t value; /* compared with the field's value as a two's-complement 64-bit number */
	char *label;
};

/**
 * struct layout_field - one line "field OFFSET TYPE NAME ..." of a decoder file
 * @type_name: the type as reported in results, without endianness ("u16", "char[16]")
 * @element_size: bytes per element (1 for char and bytes)
 * @count: array elements; 1 for a scalar; for char/bytes the whole field is one value
 * @is_array: an array of numbers (T[N]); elements are reported one by one
 */
struct layout_field {
	char *name;
	char type_name[24];
	enum layout_scalar scalar;
	uint32_t offset;
	uint32_t element_size;
	uint32_t count;
	bool is_array;
	bool big_endian;
	bool hex;
	unsigned int line; /* in the decoder file, for errors found at 'end' */
	struct layout_enum_entry *enums;
	size_t enum_count;
};

struct rpmsg_decoder {
	char *name;
	char **channels; /* shell glob patterns */
	size_t channel_count;
	enum decoder_kind kind;
	struct layout_field *fields;
	size_t field_count;
	uint32_t declared_size; /* "size N" in the file; 0 when not given */
	unsigned int line;	/* where it was defined, for messages about duplicates */
	struct rpmsg_decoder *next;
};

struct rpmsg_decoder_registry {
	struct rpmsg_decoder *user;    /* from decoder files, in file order */
	struct rpmsg_decoder *builtin; /* built-in decoders */
};

/* decoded.c: filling a result */
void decoders_result_reset(struct rpmsg_decoded *out, const char *decoder, size_t captured,
			   size_t len);
struct rpmsg_decoded_field *decoders_result_add(struct rpmsg_decoded *out, const char *name,
						const char *type, enum rpmsg_value_kind kind);
/* Adds a STRING field holding @data escaped as text (\n, \t, \\, \xNN), cut to fit. */
struct rpmsg_decoded_field *decoders_result_add_text(struct rpmsg_decoded *out, const char *name,
						     const char *type, const uint8_t *data,
						     size_t size);
/* Adds a BYTES field holding @data as lowercase hex, cut to fit. */
struct rpmsg_decoded_field *decoders_result_add_hex(struct rpmsg_decoded *out, const char *name,
						    const char *type, const uint8_t *data,
						    size_t size);
void decoders_result_warn(struct rpmsg_decoded *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* builtin.c */
bool decoders_payload_is_printable(const uint8_t *data, size_t size);
void decoders_run_text(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		       struct rpmsg_decoded *out);
void decoders_run_hex(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		      struct rpmsg_decoded *out);
void decoders_run_echo(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		       struct rpmsg_decoded *out);
void decoders_run_ns(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
		     struct rpmsg_decoded *out);
int decoders_add_builtin(struct rpmsg_decoder_registry *registry);

/* layout.c */
void decoders_run_layout(const struct rpmsg_decoder *decoder, const uint8_t *data, size_t captured,
			 struct rpmsg_decoded *out);

/* decoder_file.c: parse into a list (not yet in a registry); *list is NULL on error. */
int decoders_file_parse(const char *text, size_t size, const char *origin,
			struct rpmsg_decoder **list, char *error, size_t error_size);
void decoders_free_one(struct rpmsg_decoder *decoder);
void decoders_free_list(struct rpmsg_decoder *list);

#endif /* RPMSG_DECODERS_INTERNAL_H */
