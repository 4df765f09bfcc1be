// SPDX-License-Identifier: MIT
/*
 * rpmsg-common's plumbing: the strict number parsers every tool uses (one accepted syntax, the
 * same -EINVAL/-ERANGE everywhere), the terminal and JSON escaping of peer-written text, and
 * the monotonic clock.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-scope/text.h>
#include <rpmsg-test/check.h>

static void test_integers_are_decimal_or_hex_and_nothing_else(void)
{
	uint64_t v = 0;
	uint32_t u = 0;

	CHECK_RC(rpmsg_parse_u64("42", 0, 100, &v), 0);
	CHECK_EQ(v, 42);
	CHECK_RC(rpmsg_parse_u64("0x2a", 0, 100, &v), 0);
	CHECK_EQ(v, 42);
	CHECK_RC(rpmsg_parse_u64("010", 0, 100, &v), 0); /* a leading 0 is not octal */
	CHECK_EQ(v, 10);
	/* strtoull() alone takes "-1" as 2^64-1 and skips blanks */
	CHECK_RC(rpmsg_parse_u64("-1", 0, UINT64_MAX, &v), -EINVAL);
	CHECK_RC(rpmsg_parse_u64(" 1", 0, 100, &v), -EINVAL);
	CHECK_RC(rpmsg_parse_u64("+1", 0, 100, &v), -EINVAL);
	CHECK_RC(rpmsg_parse_u64("1x", 0, 100, &v), -EINVAL);
	CHECK_RC(rpmsg_parse_u64("0x", 0, 100, &v), -EINVAL);
	CHECK_RC(rpmsg_parse_u64("", 0, 100, &v), -EINVAL);
	CHECK_RC(rpmsg_parse_u64("101", 0, 100, &v), -ERANGE);
	CHECK_RC(rpmsg_parse_u64("99999999999999999999", 0, UINT64_MAX, &v), -ERANGE);
	CHECK_EQ(v, 10); /* untouched by the failures */
	CHECK_RC(rpmsg_parse_u32("4294967295", &u), 0);
	CHECK_EQ(u, UINT32_MAX);
	CHECK_RC(rpmsg_parse_u32("4294967296", &u), -ERANGE);
	CHECK_RC(rpmsg_parse_count("0", 10, &v), -ERANGE);
	CHECK_RC(rpmsg_parse_count("10", 10, &v), 0);
}

static void test_seconds_are_finite_positive_and_bounded(void)
{
	double d = 0;

	CHECK_RC(rpmsg_parse_seconds("0.5", 3600, &d), 0);
	CHECK(d == 0.5, "%g", d);
	CHECK_RC(rpmsg_parse_seconds("nan", 3600, &d), -EINVAL);
	CHECK_RC(rpmsg_parse_seconds("inf", 3600, &d), -EINVAL);
	CHECK_RC(rpmsg_parse_seconds("0", 3600, &d), -ERANGE);
	CHECK_RC(rpmsg_parse_seconds("-1", 3600, &d), -ERANGE);
	CHECK_RC(rpmsg_parse_seconds("3601", 3600, &d), -ERANGE);
	CHECK_RC(rpmsg_parse_seconds("1s", 3600, &d), -EINVAL);
	CHECK_RC(rpmsg_parse_double("0", 0, 1e7, &d), 0); /* a rate of 0: as fast as possible */
}

/* One parser input, the return code wanted and, when that is 0, the value. */
struct parse_case {
	const char *text;
	int rc;
	uint64_t value;
};

static void test_sizes_take_binary_suffixes(void)
{
	static const struct parse_case cases[] = {
		{"16M", 0, 16u << 20}, {"512KiB", 0, 512u << 10},   {"1G", 0, 1ull << 30},
		{"4096B", 0, 4096},    {"16Q", -EINVAL, 0},	    {"16Mi", -EINVAL, 0},
		{"-16M", -EINVAL, 0},  {"17179869184G", -ERANGE, 0}};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0;

		CHECK_RC(rpmsg_parse_size(cases[i].text, &v), cases[i].rc);
		if (!cases[i].rc)
			CHECK_EQ(v, cases[i].value);
	}
}

static void test_endpoint_is_a_name_or_an_address(void)
{
	/* rc 1: an address (value), 0: a name, else the error */
	static const struct parse_case cases[] = {{"rpmsg-tty", 0, 0},
						  {"1024", 1, 1024},
						  {"0x35", 1, 53},
						  {"99999999999", -ERANGE, 0},
						  {"-5", -ERANGE, 0},
						  {"", -EINVAL, 0},
						  {"a-name-of-thirty-two-characters!", -EINVAL, 0},
						  {"a-name-of-thirty-one-characters", 0, 0},
						  {"7up", 0, 0} /* digits first, but a name */};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t addr = 0;

		CHECK_EQ(rpmsg_parse_endpoint(cases[i].text, &addr), cases[i].rc);
		if (cases[i].rc == 1)
			CHECK_EQ(addr, cases[i].value);
	}
}

static void test_terminal_escape_leaves_no_byte_a_terminal_acts_on(void)
{
	char out[RPMSG_TEXT_ESCAPED_SIZE(32)];
	static const char hostile[] = "ev\x1b[2Jil\x07\xff\\x\xc2\x9b\xc3\xa9";

	rpmsg_text_escape(out, sizeof(out), hostile, sizeof(hostile));
	CHECK_STR_EQ(out, "ev\\x1b[2Jil\\x07\\xff\\\\x\\xc2\\x9b\xc3\xa9");
	/* a fixed-size field without NUL ends at @len */
	rpmsg_text_escape(out, sizeof(out), "abcdef", 3);
	CHECK_STR_EQ(out, "abc");
	/* too small: cut at a whole escape, NUL-terminated */
	rpmsg_text_escape(out, 6, "a\x01z", 3);
	CHECK_STR_EQ(out, "a\\x01");
	rpmsg_text_escape(out, 5, "a\x01z", 3);
	CHECK_STR_EQ(out, "a");
}

static void test_json_keeps_utf8_and_escapes_the_rest(void)
{
	char buf[64], small[8];
	size_t pos = 0;
	char *printed = NULL;
	size_t printed_len = 0;
	FILE *f = open_memstream(&printed, &printed_len);

	rpmsg_json_append(buf, sizeof(buf), &pos, "q\"\\\x01\xc3\xa9\xff");
	CHECK_STR_EQ(buf, "\"q\\\"\\\\\\u0001\xc3\xa9\\u00ff\"");
	CHECK_EQ(pos, strlen(buf));
	CHECK(f != NULL);
	rpmsg_json_print(f, "q\"\\\x01\xc3\xa9\xff", SIZE_MAX);
	rpmsg_json_print(f, "abcdef", 2);
	fclose(f);
	CHECK_STR_EQ(printed, "\"q\\\"\\\\\\u0001\xc3\xa9\\u00ff\"\"ab\"");
	free(printed);
	/* a full buffer still counts what was needed, as snprintf() */
	pos = 0;
	rpmsg_json_append(small, sizeof(small), &pos, "0123456789");
	CHECK_EQ(pos, 12);
	CHECK_STR_EQ(small, "\"012345");
}

static void test_clock_is_monotonic(void)
{
	uint64_t a = rpmsg_now_ns(), b = rpmsg_now_ns();
	double s = rpmsg_now_s();

	CHECK(b >= a);
	CHECK(fabs(s - (double)b / 1e9) < 1.0, "%f vs %" PRIu64, s, b);
}

int main(void)
{
	test_integers_are_decimal_or_hex_and_nothing_else();
	test_seconds_are_finite_positive_and_bounded();
	test_sizes_take_binary_suffixes();
	test_endpoint_is_a_name_or_an_address();
	test_terminal_escape_leaves_no_byte_a_terminal_acts_on();
	test_json_keeps_utf8_and_escapes_the_rest();
	test_clock_is_monotonic();
	puts("ok: common plumbing");
	return 0;
}
