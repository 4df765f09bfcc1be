/* SPDX-License-Identifier: MIT */
/*
 * Printing text that may hold any byte: channel names from name-service messages, bus names read
 * from a carve-out, decoded payload strings. Two forms, one set of rules:
 *
 * - rpmsg_text_escape(): for a terminal or a text file. Control bytes (below 0x20, 0x7f, the C1
 *   controls) and bytes outside well-formed UTF-8 become "\xNN", a backslash "\\"; valid UTF-8 is
 *   copied. Nothing that reaches a terminal can clear it, retitle it or ring it.
 * - rpmsg_json_print() / rpmsg_json_append(): a JSON string literal, quotes included. '"' and
 *   '\\' are escaped, control bytes and bytes outside well-formed UTF-8 become "\u00NN", so the
 *   document stays valid JSON whatever the peer sent; valid UTF-8 is copied.
 *
 * The buffer appenders (rpmsg_text_append(), rpmsg_json_append(), rpmsg_u64_append(),
 * rpmsg_s64_append()) share one convention so a caller chains them like snprintf() calls: each
 * writes what fits at *@pos, keeps @buf NUL-terminated and advances *@pos by the full length,
 * even past @size. None calls printf: they run for every value of every decoded event.
 *
 * Thread-safe, no allocation. Every printer of such text uses these (issue 9, issue 10).
 */
#ifndef RPMSG_SCOPE_TEXT_H
#define RPMSG_SCOPE_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/** Room for the escaped form of a @n-byte text (each byte at most 4: "\xNN") and its NUL. */
#define RPMSG_TEXT_ESCAPED_SIZE(n) (4 * (n) + 1)

/**
 * rpmsg_utf8_sequence() - length of the well-formed UTF-8 sequence at @p.
 * @p: first byte (>= 0x80)
 * @left: bytes readable at @p
 *
 * Overlong forms, surrogates and C1 controls (U+0080..U+009F) count as not well formed: a
 * terminal may act on them.
 *
 * Return: 2 to 4, or 0 when @p starts no well-formed sequence.
 */
size_t rpmsg_utf8_sequence(const unsigned char *p, size_t left);

/**
 * rpmsg_text_escape() - printable copy of untrusted text.
 * @out: destination, always NUL-terminated (truncated at a whole escape if too small)
 * @size: size of @out (RPMSG_TEXT_ESCAPED_SIZE(@len) never truncates)
 * @in: the text; it ends at a NUL or after @len bytes, whichever comes first
 * @len: most bytes to read from @in (a fixed-size name field need not hold a NUL)
 *
 * Return: @out.
 */
char *rpmsg_text_escape(char *out, size_t size, const char *in, size_t len);

/**
 * rpmsg_json_print() - print @s as a JSON string literal (with its quotes) to @f.
 * @f: the stream
 * @s: the text; it ends at a NUL or after @max bytes (SIZE_MAX: at the NUL)
 * @max: most bytes to read from @s
 */
void rpmsg_json_print(FILE *f, const char *s, size_t max);

/** Most digits of a 64-bit integer in decimal (UINT64_MAX: 20); a sign comes on top. */
#define RPMSG_U64_DIGITS_MAX 20

/**
 * rpmsg_text_append() - append @n bytes to @buf at *@pos, as they are.
 * @buf: the buffer, kept NUL-terminated (when @size > 0)
 * @size: its size
 * @pos: where to write; advanced by @n even past @size, as snprintf() counts, so the caller can
 *       tell the result was cut and how much room it needs
 * @bytes: what to append (no NUL needed)
 * @n: how many bytes
 *
 * What does not fit is cut, so @buf holds the first @size - 1 bytes of the whole rendering.
 * Inline: it is called for every key and value of every decoded event.
 */
static inline void rpmsg_text_append(char *buf, size_t size, size_t *pos, const char *bytes,
				     size_t n)
{
	if (*pos < size) {
		size_t room = size - 1 - *pos;
		size_t copy = n < room ? n : room;

		memcpy(buf + *pos, bytes, copy);
		buf[*pos + copy] = '\0';
	}
	*pos += n;
}

/**
 * rpmsg_json_append() - append @text as a JSON string literal (with quotes) to @buf at *@pos.
 * @buf: the buffer, kept NUL-terminated
 * @size: its size
 * @pos: as rpmsg_text_append()
 * @text: NUL-terminated text
 *
 * Runs of bytes that need no escape are copied at once.
 */
void rpmsg_json_append(char *buf, size_t size, size_t *pos, const char *text);

/** rpmsg_u64_append() - append @value in decimal ("%" PRIu64) as rpmsg_text_append() does. */
void rpmsg_u64_append(char *buf, size_t size, size_t *pos, uint64_t value);

/** rpmsg_s64_append() - append @value in decimal ("%" PRId64) as rpmsg_text_append() does. */
void rpmsg_s64_append(char *buf, size_t size, size_t *pos, int64_t value);

#endif /* RPMSG_SCOPE_TEXT_H */
