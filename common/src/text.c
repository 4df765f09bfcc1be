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

void rpmsg_json_print(FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strnlen(s, max);

	fputc('"', f);
	for (size_t i = 0; i < len;) {
		size_t n = plain_bytes(p + i, len - i);

		if (p[i] == '"' || p[i] == '\\')
			fprintf(f, "\\%c", p[i]);
		else if (!n)
			fprintf(f, "\\u%04x", p[i]);
		else
			fwrite(p + i, 1, n, f);
		i += n ? n : 1;
	}
	fputc('"', f);
}

static void append_char(char *buf, size_t size, size_t *pos, char c)
{
	if (*pos + 1 < size) {
		buf[*pos] = c;
		buf[*pos + 1] = '\0';
	}
	(*pos)++;
}

void rpmsg_json_append(char *buf, size_t size, size_t *pos, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text);

	append_char(buf, size, pos, '"');
	for (size_t i = 0; i < len;) {
		size_t n = plain_bytes(p + i, len - i);

		if (p[i] == '"' || p[i] == '\\') {
			append_char(buf, size, pos, '\\');
			append_char(buf, size, pos, (char)p[i]);
		} else if (!n) {
			static const char prefix[] = "\\u00";

			for (size_t k = 0; k < sizeof(prefix) - 1; k++)
				append_char(buf, size, pos, prefix[k]);
			append_char(buf, size, pos, hex_digits[p[i] >> 4]);
			append_char(buf, size, pos, hex_digits[p[i] & 0xf]);
		} else {
			for (size_t k = 0; k < n; k++)
				append_char(buf, size, pos, (char)p[i + k]);
		}
		i += n ? n : 1;
	}
	append_char(buf, size, pos, '"');
}
