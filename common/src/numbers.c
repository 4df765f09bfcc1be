// SPDX-License-Identifier: MIT
/* Strict command-line number parsing. See rpmsg-scope/numbers.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rpmsg-scope/numbers.h"

/*
 * The unsigned number at the start of @text, its end in *@end. strtoull() alone accepts a sign
 * ("-1" is 2^64-1), blanks and octal; those are refused here before it runs.
 */
static int parse_leading_u64(const char *text, uint64_t *out, char **end)
{
	unsigned long long v;
	int base = 10;

	*end = (char *)text;
	if (!isdigit((unsigned char)text[0]))
		return -EINVAL;
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		if (!isxdigit((unsigned char)text[2]))
			return -EINVAL;
	}
	errno = 0;
	v = strtoull(text, end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end == text)
		return -EINVAL;
	*out = v;
	return 0;
}

int rpmsg_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	char *end;
	int err = parse_leading_u64(text, &v, &end);

	if (err == -ERANGE && !*end)
		return -ERANGE;
	if (err || *end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int rpmsg_parse_u32(const char *text, uint32_t *out)
{
	uint64_t v;
	int err = rpmsg_parse_u64(text, 0, UINT32_MAX, &v);

	if (!err)
		*out = (uint32_t)v;
	return err;
}

int rpmsg_parse_count(const char *text, uint64_t max, uint64_t *out)
{
	return rpmsg_parse_u64(text, 1, max, out);
}

int rpmsg_parse_double(const char *text, double min, double max, double *out)
{
	char *end;
	double v;

	/* a sign is allowed here (a negative rate is refused as out of range, not as text) */
	if (!*text || isspace((unsigned char)text[0]))
		return -EINVAL;
	errno = 0;
	v = strtod(text, &end);
	/* nan compares false with everything and inf never ends a loop: refuse both as text */
	if (end == text || *end || isnan(v) || isinf(v))
		return -EINVAL;
	if (errno == ERANGE && v != 0)
		return -ERANGE;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int rpmsg_parse_seconds(const char *text, double max, double *out)
{
	double v;
	int err = rpmsg_parse_double(text, 0, max, &v);

	if (err)
		return err;
	if (!(v > 0))
		return -ERANGE;
	*out = v;
	return 0;
}

int rpmsg_parse_size(const char *text, uint64_t *out)
{
	unsigned int shift = 0;
	uint64_t v;
	char *end;
	int err = parse_leading_u64(text, &v, &end);

	if (err == -ERANGE)
		return -ERANGE;
	if (err)
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case '\0':
	case 'B':
		end--; /* no multiplier: the unit check below starts at *end */
		break;
	default:
		return -EINVAL;
	}
	/* "16M", "16MB" and "16MiB" are one size; "16B" is 16 bytes */
	end++;
	if (shift && *end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end)
		return -EINVAL;
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int rpmsg_parse_endpoint(const char *text, uint32_t *addr)
{
	const char *p = text;
	uint64_t v;
	char *end;
	int err;

	/* " 7", "-5", "+1": a number typed with a sign or a blank is refused, not a name */
	while (*p == '-' || *p == '+' || isspace((unsigned char)*p))
		p++;
	if (isdigit((unsigned char)*p)) {
		err = parse_leading_u64(p, &v, &end);
		if (!*end) {
			if (p != text || err || v > UINT32_MAX)
				return -ERANGE;
			*addr = (uint32_t)v;
			return 1;
		}
	}
	if (!*text || strlen(text) > RPMSG_ENDPOINT_NAME_MAX)
		return -EINVAL;
	return 0;
}
