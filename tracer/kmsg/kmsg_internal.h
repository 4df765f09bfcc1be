/* SPDX-License-Identifier: MIT */
/*
 * Pieces of the kernel-log decoder shared between its files; not part of the public API.
 * All functions here are pure: they only read their arguments and write their outputs.
 */
#ifndef RPMSG_KMSG_INTERNAL_H
#define RPMSG_KMSG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line the parser looks at; /dev/kmsg records are at most 1024 bytes of text. */
#define KMSG_LINE_MAX 4096

/*
 * Latest printk time we accept: 100 years after boot. A larger one (a corrupt record, or
 * 18446744073709551615 from a bad writer) cannot be a real uptime, and past INT64_MAX ns it
 * breaks every CTF reader's clock arithmetic, so such a line is malformed.
 */
#define KMSG_TS_MAX_NS 3155760000000000000ULL

/* One log line with its framing (record header, timestamp, caller id) taken off. */
struct kmsg_line {
	const char *body; /* the printk text, NUL-terminated (points into the caller's buffer) */
	uint64_t ts_ns;	  /* printk timestamp, 0 when the line has none */
	bool has_ts;
	bool bad_ts;   /* a timestamp is there but negative or over KMSG_TS_MAX_NS: malformed */
	bool metadata; /* a /dev/kmsg dictionary continuation (" KEY=value"), not a message */
};

/**
 * kmsg_line_split() - find the message text of a dmesg line or /dev/kmsg record
 * @line: NUL-terminated line without its newline
 * @out: where the parts go
 *
 * Accepts "msg", "[   12.345678] msg", "<7>[   12.345678] msg", "[   12.345678] [  T123] msg"
 * (CONFIG_PRINTK_CALLER) and "7,1234,12345678,-;msg" (/dev/kmsg, timestamp in microseconds).
 */
void kmsg_line_split(const char *line, struct kmsg_line *out);

/* The "DRIVER DEVICE: " a dev_printk() puts before a message, and dynamic debug's "[tid] ". */
struct kmsg_dev_prefix {
	char driver[64];
	char device[64];
	uint32_t tid; /* from dynamic debug's 't' flag, 0 when absent or "<intr>" */
};

/**
 * kmsg_dev_prefix_parse() - read the device a dev_printk() line names
 * @body: the message text
 * @msg: where in @body the driver's own format string starts
 * @out: driver and device names
 *
 * The two words before @msg must be "DRIVER DEVICE:" (dev_printk_emit's "%s %s: "); anything
 * before them is dynamic debug's prefix ("[tid] module:function:line: ").
 * Return: 0, or -EINVAL when there is no such prefix.
 */
int kmsg_dev_prefix_parse(const char *body, const char *msg, struct kmsg_dev_prefix *out);

/**
 * kmsg_hexdump_row() - decode one row of print_hex_dump(..., DUMP_PREFIX_NONE, 16, 1, ..., true)
 * @text: the row after its prefix string: "xx xx ... xx  ascii"
 * @bytes: at least 16 bytes of output
 *
 * hex_dump_to_buffer() writes each byte as two lower-case hex digits separated by one space,
 * pads the hex column and appends the ASCII column after two or more spaces.
 * Return: the number of bytes (1..16), or -EINVAL when the row is not a hex dump row.
 */
int kmsg_hexdump_row(const char *text, uint8_t *bytes);

struct rpmsg_kmsg_parser;

/*
 * Count one line that cannot be a kernel log line (too long, binary, impossible time) as fed and
 * malformed. Return: 0 or the callback's negative errno (a dump it cuts short is delivered).
 */
int kmsg_parser_malformed_line(struct rpmsg_kmsg_parser *parser);

/* Count records the kernel overwrote before the live reader got to them. */
void kmsg_parser_count_lost(struct rpmsg_kmsg_parser *parser, uint64_t n);

/* Little-endian field readers for struct rpmsg_hdr and struct rpmsg_ns_msg. */
static inline uint32_t kmsg_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint16_t kmsg_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

#endif /* RPMSG_KMSG_INTERNAL_H */
