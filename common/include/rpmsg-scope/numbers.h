/* SPDX-License-Identifier: MIT */
/*
 * Strict parsing of the numbers a command line holds: counts, addresses, sizes, seconds.
 *
 * Contract: every parser reads the whole text (no sign, no leading blank, nothing after the
 * number), prints nothing and leaves *@out untouched on error. The caller names the option in
 * its one error line, so every tool words its errors its own way but accepts the same texts.
 * Integers are decimal, or hexadecimal after "0x"/"0X" (a leading 0 is still decimal).
 * Return values: 0, -EINVAL (not a number of that kind), -ERANGE (a number, out of range).
 * Thread-safe, no allocation.
 */
#ifndef RPMSG_SCOPE_NUMBERS_H
#define RPMSG_SCOPE_NUMBERS_H

#include <stdint.h>

/** rpmsg_parse_u64() - a whole number from @min to @max. Return: 0, -EINVAL, -ERANGE. */
int rpmsg_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out);

/** rpmsg_parse_u32() - a whole number that fits 32 bits. Return: 0, -EINVAL, -ERANGE. */
int rpmsg_parse_u32(const char *text, uint32_t *out);

/**
 * rpmsg_parse_count() - a count from 1 to @max (iterations, messages, events).
 * Return: 0, -EINVAL, -ERANGE (0 or more than @max).
 */
int rpmsg_parse_count(const char *text, uint64_t max, uint64_t *out);

/**
 * rpmsg_parse_double() - a finite decimal number from @min to @max ("nan" and "inf" are not).
 * Return: 0, -EINVAL, -ERANGE.
 */
int rpmsg_parse_double(const char *text, double min, double max, double *out);

/**
 * rpmsg_parse_seconds() - a duration: finite, more than 0 and at most @max seconds.
 * Return: 0, -EINVAL, -ERANGE.
 */
int rpmsg_parse_seconds(const char *text, double max, double *out);

/**
 * rpmsg_parse_size() - a size in bytes with an optional K, M or G suffix (powers of 1024),
 * optionally followed by B or iB: "4096", "4096B", "512K", "16M", "16MiB".
 * Return: 0, -EINVAL, -ERANGE (does not fit 64 bits).
 */
int rpmsg_parse_size(const char *text, uint64_t *out);

/** Longest channel name, in bytes, without its NUL (the name service's 32-byte field). */
#define RPMSG_ENDPOINT_NAME_MAX 31

/**
 * rpmsg_parse_endpoint() - what an `-e/--endpoint` value means: a name or an address.
 * @text: the option's value
 * @addr: set to the address when @text is a number
 *
 * A text that reads as a number (decimal or 0x) is an address and must fit the wire's u32; any
 * other text of 1 to RPMSG_ENDPOINT_NAME_MAX bytes is a channel name. A text that starts like
 * a number ("-5", " 7", "+1") is refused, not taken as a name that would match nothing.
 *
 * Return: 1 (an address, in *@addr), 0 (a name), -ERANGE (a number that is no address:
 * signed or above 0xffffffff), -EINVAL (no name either: empty or too long).
 */
int rpmsg_parse_endpoint(const char *text, uint32_t *addr);

#endif /* RPMSG_SCOPE_NUMBERS_H */
