// SPDX-License-Identifier: MIT
/* Error text, formatted once (see <rpmsg-scope/errors.h>). */
#include <errno.h>
#include <stdio.h>

#include <rpmsg-scope/errors.h>

int rpmsg_error_vformat(char *buf, size_t size, int err, const char *fmt, va_list ap)
{
	vsnprintf(buf, size, fmt, ap);
	return err;
}

int rpmsg_error_format(char *buf, size_t size, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rpmsg_error_vformat(buf, size, err, fmt, ap);
	va_end(ap);
	return err;
}

int rpmsg_error_line(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prefix);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -EINVAL;
}
