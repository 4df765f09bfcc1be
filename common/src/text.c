// SPDX-License-Identifier: MIT
/* Terminal-safe and JSON escaping of untrusted text. See rpmsg-scope/text.h. */
#include <stdint.h>
#include <string.h>

#include "rpmsg-scope/text.h"

static const char hex_digits[] = "0123456789abcdef";

size_t rpmsg_utf8_sequence(const unsigned char *p, size_t left)
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

/*
 * How many bytes of @p (at most @left) to copy as they are: 1 for a printable ASCII byte, the
 * length of a well-formed UTF-8 sequence, or 0 for a byte that must be escaped.
 */
static size_t plain_bytes(const unsigned char *p, size_t left)
{
	if (p[0] < 0x20 || p[0] == 0x7f)
		return 0;
	if (p[0] < 0x80)
		return 1;
	return rpmsg_utf8_sequence(p, left);
}

char *rpmsg_text_escape(char *out, size_t size, const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, i = 0;

	if (!size)
		return out;
	len = strnlen(in, len);
	while (i < len) {
		size_t n = plain_bytes(p + i, len - i);
		char piece[5];
		size_t piece_len;

		if (p[i] == '\\') {
			memcpy(piece, "\\\\", 2);
			piece_len = 2;
		} else if (!n) {
			piece[0] = '\\';
			piece[1] = 'x';
			piece[2] = hex_digits[p[i] >> 4];
			piece[3] = hex_digits[p[i] & 0xf];
			piece_len = 4;
		} else {
			memcpy(piece, in + i, n);
			piece_len = n;
		}
		if (o + piece_len >= size)
			break;
		memcpy(out + o, piece, piece_len);
		o += piece_len;
		i += n ? n : 1;
	}
	out[o] = '\0';
	return out;
}

/* A byte a JSON string takes as it is: printable ASCII but '"' and '\\'. */
static inline int json_plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* Bytes of a 64-bit word: a byte value repeated, and the test that one of them is 0. */
#define BYTES8(b)	 (0x0101010101010101ull * (b))
#define ANY_ZERO_BYTE(w) (((w)-BYTES8(0x01)) & ~(w)&BYTES8(0x80))

/*
 * Whether any of the 8 bytes in @w needs more than copying into a JSON string: a byte below
 * 0x20 or from 0x7f up, '"' or '\\'. Exact, no false answers either way (the bit tricks of
 * "Bit Twiddling Hacks": hasless() and haszero()).
 */
static inline int json_word_needs_care(uint64_t w)
{
	uint64_t below_space = (w - BYTES8(0x20)) & ~w & BYTES8(0x80);

	return (below_space | (w & BYTES8(0x80)) | ANY_ZERO_BYTE(w ^ BYTES8(0x7f)) |
		ANY_ZERO_BYTE(w ^ BYTES8('"')) | ANY_ZERO_BYTE(w ^ BYTES8('\\'))) != 0;
}

/*
 * Length of the run at the start of @p (@left bytes) that a JSON string holds unchanged:
 * printable ASCII but '"' and '\\', and well-formed UTF-8 sequences. Finding the whole run
 * first lets the callers copy it at once instead of byte by byte; plain ASCII is passed 8 bytes
 * at a time (hex dumps and names are all of it).
 */
static size_t json_plain_run(const unsigned char *p, size_t left)
{
	size_t i = 0;

	while (i < left) {
		uint64_t w;
		size_t n;

		if (left - i >= sizeof(w)) {
			memcpy(&w, p + i, sizeof(w));
			if (!json_word_needs_care(w)) {
				i += sizeof(w);
				continue;
			}
		}
		if (json_plain_ascii(p[i])) {
			i++;
			continue;
		}
		if (p[i] < 0x80)
			break;
		n = rpmsg_utf8_sequence(p + i, left - i);
		if (!n)
			break;
		i += n;
	}
	return i;
}

/* The JSON escape of a byte json_plain_run() stops at: "\\\"", "\\\\" or "\\u00NN". */
static size_t json_escape_byte(unsigned char c, char piece[6])
{
	if (c == '"' || c == '\\') {
		piece[0] = '\\';
		piece[1] = (char)c;
		return 2;
	}
	memcpy(piece, "\\u00", 4);
	piece[4] = hex_digits[c >> 4];
	piece[5] = hex_digits[c & 0xf];
	return 6;
}

void rpmsg_json_print(FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strnlen(s, max);

	fputc('"', f);
	for (size_t i = 0; i < len;) {
		size_t run = json_plain_run(p + i, len - i);
		char piece[6];

		fwrite(p + i, 1, run, f);
		i += run;
		if (i < len) {
			fwrite(piece, 1, json_escape_byte(p[i], piece), f);
			i++;
		}
	}
	fputc('"', f);
}

void rpmsg_json_append(char *buf, size_t size, size_t *pos, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text);

	rpmsg_text_append(buf, size, pos, "\"", 1);
	for (size_t i = 0; i < len;) {
		size_t run = json_plain_run(p + i, len - i);
		char piece[6];

		rpmsg_text_append(buf, size, pos, text + i, run);
		i += run;
		if (i < len) {
			rpmsg_text_append(buf, size, pos, piece, json_escape_byte(p[i], piece));
			i++;
		}
	}
	rpmsg_text_append(buf, size, pos, "\"", 1);
}

void rpmsg_u64_append(char *buf, size_t size, size_t *pos, uint64_t value)
{
	/* two digits per division: a trace line's timestamp alone has 19 */
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
				    "31323334353637383940414243444546474849"
				    "50515253545556575859606162636465666768697071727374757677787980"
				    "81828384858687888990919293949596979899";
	char digits[RPMSG_U64_DIGITS_MAX];
	size_t n = sizeof(digits);

	while (value >= 100) {
		size_t two = (size_t)(value % 100) * 2;

		value /= 100;
		digits[--n] = pairs[two + 1];
		digits[--n] = pairs[two];
	}
	if (value >= 10) {
		digits[--n] = pairs[value * 2 + 1];
		digits[--n] = pairs[value * 2];
	} else {
		digits[--n] = (char)('0' + value);
	}
	rpmsg_text_append(buf, size, pos, digits + n, sizeof(digits) - n);
}

void rpmsg_s64_append(char *buf, size_t size, size_t *pos, int64_t value)
{
	if (value < 0) {
		rpmsg_text_append(buf, size, pos, "-", 1);
		/* in unsigned arithmetic: -INT64_MIN does not fit an int64_t */
		rpmsg_u64_append(buf, size, pos, -(uint64_t)value);
	} else {
		rpmsg_u64_append(buf, size, pos, (uint64_t)value);
	}
}
