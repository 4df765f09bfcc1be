/* SPDX-License-Identifier: MIT */
/*
 * One line of error text, formatted in one place for every module: a library's "last error"
 * buffer (librpmsgbus's rpmsg_last_error(), the CTF writer's, the BPF monitor's) and a tool's one
 * error line on stderr ("rpmsg-top: --interval: 'nan' is not a number").
 *
 * Thread-safe as long as each caller owns its buffer (the libraries use thread-local ones).
 */
#ifndef RPMSG_SCOPE_ERRORS_H
#define RPMSG_SCOPE_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

/**
 * rpmsg_error_format() - format an error message into @buf, truncating to @size
 * @err: what the caller returns (a negative errno, usually)
 *
 * Return: @err, so that a failure path is one statement: `return fail(-EIO, "...")`.
 */
int rpmsg_error_format(char *buf, size_t size, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** rpmsg_error_vformat() - rpmsg_error_format() for a va_list. Return: @err. */
int rpmsg_error_vformat(char *buf, size_t size, int err, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/**
 * rpmsg_error_line() - one line "PREFIX: message" to stderr
 * @prefix: the tool (and command), e.g. "rpmsg-trace record"
 *
 * Return: -EINVAL, what an option parser returns for a refused value.
 */
int rpmsg_error_line(const char *prefix, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* RPMSG_SCOPE_ERRORS_H */
