/* SPDX-License-Identifier: MIT */
/*
 * The one assertion header of the C tests (header only: target rpmsg-test-check).
 *
 * Contract:
 * - Every CHECK*() is fatal: on failure it prints one line
 *       FAIL [context ]file:line: expression: details
 *   on stderr and exit(1)s the calling process. A test stops at its first failure, so what follows
 *   a check may rely on it.
 * - CHECK(cond, ...) takes an optional printf format and arguments for the details.
 *   CHECK_EQ(a, b) compares integers (as 64-bit values) and prints both; CHECK_STR_EQ(a, b)
 *   compares C strings (NULL allowed) and prints both, escaped; CHECK_RC(expr, want) compares an
 *   int-returning call with the expected 0 or negative errno and prints errno names.
 * - Hooks, both optional (weak: a program defines them once, in any of its files):
 *   check_context() returns a prefix for the FAIL line (e.g. "[host 1234]"), or NULL;
 *   check_on_fail() runs once before the exit (stop child processes, dump state). A check that
 *   fails inside check_on_fail() exits at once.
 * - Thread-safe as far as stdio is: a failing thread ends the whole process.
 * - TEST_SKIP is the exit status ctest reads as "skipped" (SKIP_RETURN_CODE 77).
 */
#ifndef RPMSG_TEST_CHECK_H
#define RPMSG_TEST_CHECK_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* exit code that ctest reads as "skipped" */
#define TEST_SKIP 77

const char *check_context(void) __attribute__((weak));
void check_on_fail(void) __attribute__((weak));

/**
 * check_fail() - report a failed check and exit(1).
 * @file: source file of the check
 * @line: its line
 * @expr: the expression as written
 * @fmt:  printf format of the details; starts with a space (an empty format would trip
 *        -Wformat-zero-length)
 */
static inline _Noreturn __attribute__((format(printf, 4, 5))) void
check_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	static _Thread_local int failing;
	const char *context = check_context ? check_context() : NULL;
	char details[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(details, sizeof(details), fmt, ap);
	va_end(ap);
	fprintf(stderr, "FAIL %s%s%s:%d: %s:%s\n", context ? context : "", context ? " " : "", file,
		line, expr, details);
	fflush(stderr);
	/* a check failing inside the hook must not recurse into it */
	if (!failing++ && check_on_fail)
		check_on_fail();
	exit(1);
}

/**
 * check_errname() - "-ETIMEDOUT" for -ETIMEDOUT, "0" for 0, the digits otherwise.
 * @rc: a return code, 0 or a negative errno
 *
 * Return: a string in one of four per-thread buffers, so that one printf may hold several.
 */
static inline const char *check_errname(long long rc)
{
	static _Thread_local char bufs[4][32];
	static _Thread_local unsigned int next;
	char *buf = bufs[next++ % 4];
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{EIO, "EIO"},
		{EPIPE, "EPIPE"},
		{ETIMEDOUT, "ETIMEDOUT"},
		{ENOMEM, "ENOMEM"},
		{EMSGSIZE, "EMSGSIZE"},
		{EINVAL, "EINVAL"},
		{EEXIST, "EEXIST"},
		{ENOENT, "ENOENT"},
		{EBUSY, "EBUSY"},
		{ENOSPC, "ENOSPC"},
		{EAGAIN, "EAGAIN"},
		{ENOTSUP, "ENOTSUP"},
		{EACCES, "EACCES"},
		{ECONNREFUSED, "ECONNREFUSED"},
		{EPERM, "EPERM"},
		{ERANGE, "ERANGE"},
		{EBADMSG, "EBADMSG"},
		{EPROTO, "EPROTO"},
		{ENODEV, "ENODEV"},
		{ENXIO, "ENXIO"},
		{E2BIG, "E2BIG"},
		{EOVERFLOW, "EOVERFLOW"},
		{ENOTCONN, "ENOTCONN"},
		{ECONNRESET, "ECONNRESET"},
		{EINTR, "EINTR"},
		{ESRCH, "ESRCH"},
		{EBADF, "EBADF"},
		{ENOTTY, "ENOTTY"},
	};

	if (rc < 0)
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (-rc == names[i].err) {
				snprintf(buf, sizeof(bufs[0]), "-%s", names[i].name);
				return buf;
			}
	snprintf(buf, sizeof(bufs[0]), "%lld", rc);
	return buf;
}

/* Printable form of a string for a FAIL line: quoted, control bytes as \xNN, NULL as NULL. */
static inline const char *check_quote(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	if (!s)
		return "NULL";
	buf[n++] = '"';
	for (; *s && n + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	if (*s && n + 4 < size)
		n += (size_t)snprintf(buf + n, size - n, "...");
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			check_fail(__FILE__, __LINE__, #cond, " " __VA_ARGS__);                    \
	} while (0)

/* Integers of any type, compared as 64-bit values; both printed (also signed when negative). */
#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		uint64_t check_a_ = (uint64_t)(a), check_b_ = (uint64_t)(b);                       \
		if (check_a_ != check_b_)                                                          \
			check_fail(__FILE__, __LINE__, #a " == " #b,                               \
				   " %" PRIu64 " (%" PRId64 ") != %" PRIu64 " (%" PRId64 ")",      \
				   check_a_, (int64_t)check_a_, check_b_, (int64_t)check_b_);      \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                                         \
	do {                                                                                       \
		const char *check_a_ = (a), *check_b_ = (b);                                       \
		char check_qa_[256], check_qb_[256];                                               \
		if (!check_a_ || !check_b_ ? check_a_ != check_b_ : strcmp(check_a_, check_b_))    \
			check_fail(__FILE__, __LINE__, #a " == " #b, " got %s, want %s",           \
				   check_quote(check_a_, check_qa_, sizeof(check_qa_)),            \
				   check_quote(check_b_, check_qb_, sizeof(check_qb_)));           \
	} while (0)

/* An int-returning call that must give @want (0 or a negative errno); prints the errno names. */
#define CHECK_RC(expr, want)                                                                       \
	do {                                                                                       \
		long long check_got_ = (long long)(expr);                                          \
		long long check_want_ = (long long)(want);                                         \
		if (check_got_ != check_want_)                                                     \
			check_fail(__FILE__, __LINE__, #expr,                                      \
				   " returned %lld (%s), expected %lld (%s)", check_got_,          \
				   check_errname(check_got_), check_want_,                         \
				   check_errname(check_want_));                                    \
	} while (0)

#endif /* RPMSG_TEST_CHECK_H */
