// SPDX-License-Identifier: MIT
/*
 * One row of print_hex_dump(KERN_DEBUG, prefix, DUMP_PREFIX_NONE, 16, 1, buf, len, true), the
 * form virtio_rpmsg_bus and rpmsg_ns use for their dynamic_hex_dump() calls.
 */
#include <errno.h>

#include "kmsg_internal.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kmsg_hexdump_row(const char *text, uint8_t *bytes)
{
	const char *p = text;
	int n = 0;

	while (n < 16) {
		int hi = hex_digit(p[0]), lo = hi < 0 ? -1 : hex_digit(p[1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		bytes[n++] = (uint8_t)(hi << 4 | lo);
		p += 2;
		/* One space separates bytes; two or more start the ASCII column; NUL: no ASCII. */
		if (*p == '\0' || (p[0] == ' ' && p[1] == ' '))
			break;
		if (*p != ' ')
			return -EINVAL;
		p++;
	}
	return n;
}
