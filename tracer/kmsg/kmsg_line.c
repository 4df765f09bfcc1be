// SPDX-License-Identifier: MIT
/*
 * Framing of kernel log lines: dmesg's "[ sec.usec]" and /dev/kmsg's record header around the
 * printk text, and the "DRIVER DEVICE: " that dev_printk() puts in front of a message.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "kmsg_internal.h"

/* Parse decimal digits at *p; returns false when there are none. Saturates instead of wrapping. */
static bool parse_u64(const char **p, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++)
		v = v > (UINT64_MAX - 9) / 10 ? UINT64_MAX : v * 10 + (uint64_t)(*s - '0');
	*value = v;
	*p = s;
	return true;
}

/* "7,1234,12345678,-;text": prio,seq,usec,flags[,more...];text (Documentation/ABI/testing/dev-kmsg)
 */
static bool split_kmsg_record(const char *line, struct kmsg_line *out)
{
	const char *p = line;
	uint64_t prio, seq, usec;

	if (!parse_u64(&p, &prio) || *p++ != ',')
		return false;
	if (!parse_u64(&p, &seq) || *p++ != ',')
		return false;
	if (*p == '-')
		usec = UINT64_MAX; /* a negative time: still a record, with a bad timestamp */
	else if (!parse_u64(&p, &usec))
		return false;
	while (isdigit((unsigned char)*p) || *p == '-')
		p++;
	if (*p != ',')
		return false;
	p = strchr(p, ';');
	if (!p)
		return false;
	out->body = p + 1;
	out->ts_ns = usec > UINT64_MAX / 1000 ? UINT64_MAX : usec * 1000;
	out->has_ts = true;
	out->bad_ts = out->ts_ns > KMSG_TS_MAX_NS;
	return true;
}

/* "[   12.345678]": seconds and a fraction of up to 9 digits (dmesg prints 6). */
static bool split_timestamp(const char **p, uint64_t *ts_ns)
{
	const char *s = *p;
	uint64_t sec, frac = 0, scale = 1000000000;

	if (*s++ != '[')
		return false;
	while (*s == ' ')
		s++;
	if (*s == '-') {
		/* no printk clock runs backwards: saturate so the caller marks the line bad */
		s++;
		*ts_ns = UINT64_MAX;
		if (!parse_u64(&s, &sec) || *s++ != '.')
			return false;
		while (isdigit((unsigned char)*s))
			s++;
		if (*s++ != ']')
			return false;
		*p = s;
		return true;
	}
	if (!parse_u64(&s, &sec) || *s++ != '.')
		return false;
	while (isdigit((unsigned char)*s)) {
		if (scale > 1) {
			scale /= 10;
			frac += (uint64_t)(*s - '0') * scale;
		}
		s++;
	}
	if (*s++ != ']')
		return false;
	*ts_ns = sec > UINT64_MAX / 1000000000 ? UINT64_MAX : sec * 1000000000 + frac;
	*p = s;
	return true;
}

void kmsg_line_split(const char *line, struct kmsg_line *out)
{
	const char *p = line;
	uint64_t ignored;

	memset(out, 0, sizeof(*out));
	out->body = line;
	/* /dev/kmsg continuation lines carry the record's dictionary (" SUBSYSTEM=virtio"). */
	if (line[0] == ' ' && strchr(line, '=')) {
		out->metadata = true;
		return;
	}
	if (split_kmsg_record(line, out))
		return;
	/* dmesg -r / syslog priority "<7>" */
	if (*p == '<') {
		const char *q = p + 1;

		if (parse_u64(&q, &ignored) && *q == '>')
			p = q + 1;
	}
	if (split_timestamp(&p, &out->ts_ns)) {
		out->has_ts = true;
		out->bad_ts = out->ts_ns > KMSG_TS_MAX_NS;
		if (*p == ' ')
			p++;
		/* CONFIG_PRINTK_CALLER: "[  T123]" or "[    C1]" */
		if (*p == '[') {
			const char *q = p + 1;

			while (*q == ' ')
				q++;
			if ((*q == 'T' || *q == 'C') && (q++, parse_u64(&q, &ignored)) &&
			    *q == ']') {
				p = q + 1;
				if (*p == ' ')
					p++;
			}
		}
	}
	out->body = p;
}

/* Copy [start, end) into dst (size n), truncating; returns false if empty. */
static bool copy_word(char *dst, size_t n, const char *start, const char *end)
{
	size_t len = (size_t)(end - start);

	if (!len)
		return false;
	if (len >= n)
		len = n - 1;
	memcpy(dst, start, len);
	dst[len] = '\0';
	return true;
}

int kmsg_dev_prefix_parse(const char *body, const char *msg, struct kmsg_dev_prefix *out)
{
	const char *dev_end, *dev_start, *drv_end, *drv_start;

	memset(out, 0, sizeof(*out));
	/* dev_printk_emit(..., "%s %s: %pV", driver, device, ...) */
	if (msg - body < 5 || msg[-1] != ' ' || msg[-2] != ':')
		return -EINVAL;
	dev_end = msg - 2;
	dev_start = dev_end;
	while (dev_start > body && dev_start[-1] != ' ')
		dev_start--;
	if (dev_start == body || dev_start == dev_end)
		return -EINVAL;
	drv_end = dev_start - 1;
	drv_start = drv_end;
	while (drv_start > body && drv_start[-1] != ' ')
		drv_start--;
	if (!copy_word(out->device, sizeof(out->device), dev_start, dev_end) ||
	    !copy_word(out->driver, sizeof(out->driver), drv_start, drv_end))
		return -EINVAL;
	/* dynamic debug's 't' flag: "[%d] " (task) or "<intr> " before everything else */
	if (body[0] == '[') {
		const char *p = body + 1;
		uint64_t tid;

		if (parse_u64(&p, &tid) && *p == ']' && tid <= UINT32_MAX)
			out->tid = (uint32_t)tid;
	}
	return 0;
}
