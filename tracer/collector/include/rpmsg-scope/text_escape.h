/* SPDX-License-Identifier: MIT */
/*
 * Text written by the other side (channel names from name-service messages, bus names read
 * from a carve-out) may hold any byte: ESC sequences that clear or retitle a terminal, BEL,
 * bytes that are not UTF-8. Every printer of such text passes it through rpmsg_text_escape()
 * first, so what reaches a terminal or a file is printable and shows what was sent.
 * Thread-safe, no allocation. Header-only so that rpmsg-sim (bus/, which links nothing of
 * tracer/) prints peer text through the very same function as the collector and rpmsg-top.
 */
#ifndef RPMSG_SCOPE_TEXT_ESCAPE_H
#define RPMSG_SCOPE_TEXT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/** Room for the escaped form of a @n-byte text (each byte at most 4: "\xNN") and its NUL. */
#define RPMSG_TEXT_ESCAPED_SIZE(n) (4 * (n) + 1)

/* Length of the well-formed UTF-8 sequence at @p (at most @left bytes), or 0 if there is none. */
static inline size_t rpmsg_utf8_sequence(const unsigned char *p, size_t left)
{
	size_t n;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	/* overlong and surrogate forms are refused too: a terminal may act on them */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* C1 controls (U+0080..U+009F) act on terminals like ESC does */
	if (p[0] == 0xc2 && p[1] < 0xa0)
		return 0;
	return n;
}

/**
 * rpmsg_text_escape() - printable copy of untrusted text.
 * @out: destination, always NUL-terminated (truncated at a whole escape if too small)
 * @size: size of @out (RPMSG_TEXT_ESCAPED_SIZE(@len) never truncates)
 * @in: the text; it ends at a NUL or after @len bytes, whichever comes first
 * @len: most bytes to read from @in (a fixed-size name field need not hold a NUL)
 *
 * Control bytes (below 0x20 and 0x7f) and bytes outside a well-formed UTF-8 sequence become
 * "\xNN", a backslash becomes "\\"; valid UTF-8 is copied unchanged. The result holds no
 * byte a terminal acts on and is valid UTF-8, so it is also safe inside a JSON string once
 * '"' is escaped.
 *
 * Return: @out.
 */
static inline char *rpmsg_text_escape(char *out, size_t size, const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, i = 0;

	if (!size)
		return out;
	while (i < len && p[i]) {
		size_t n = p[i] >= 0x80 ? rpmsg_utf8_sequence(p + i, strnlen(in + i, len - i)) : 1;
		char piece[5];

		if (p[i] == '\\')
			snprintf(piece, sizeof(piece), "\\\\");
		else if (p[i] < 0x20 || p[i] == 0x7f || !n)
			snprintf(piece, sizeof(piece), "\\x%02x", p[i]);
		else {
			memcpy(piece, in + i, n);
			piece[n] = '\0';
		}
		if (!n)
			n = 1;
		if (o + strlen(piece) >= size)
			break;
		memcpy(out + o, piece, strlen(piece));
		o += strlen(piece);
		i += n;
	}
	out[o] = '\0';
	return out;
}

#endif /* RPMSG_SCOPE_TEXT_ESCAPE_H */
