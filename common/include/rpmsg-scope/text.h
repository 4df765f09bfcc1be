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
 * Thread-safe, no allocation. Every printer of such text uses these (issue 9, issue 10).
 */
#ifndef RPMSG_SCOPE_TEXT_H
#define RPMSG_SCOPE_TEXT_H

#include <stddef.h>
#include <stdio.h>

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

/**
 * rpmsg_json_append() - append @text as a JSON string literal (with quotes) to @buf at *@pos.
 * @buf: the buffer, kept NUL-terminated
 * @size: its size
 * @pos: where to write; advanced by the full length even past @size, as snprintf() counts, so
 *       the caller can tell the result was cut and how much room it needs
 * @text: NUL-terminated text
 *
 * Byte by byte without printf: it runs for every string of every decoded event.
 */
void rpmsg_json_append(char *buf, size_t size, size_t *pos, const char *text);

#endif /* RPMSG_SCOPE_TEXT_H */
