// SPDX-License-Identifier: MIT
/*
 * The JSON a user reads from `rpmsg-trace decode --json` (rpmsg_decoded_format_json()) for values
 * that are easy to get wrong: the largest and most negative integers, floats that JSON has no
 * number for, every kind of byte a string can hold (quotes, backslashes, control bytes, valid and
 * invalid UTF-8), labels, arrays, a cut result. The expected texts are what the printf-based
 * formatter of before issue 14 printed, byte for byte: the formatter was made cheaper, its output
 * must not move. Also the run copying of rpmsg_json_append() (text.h), which passes plain bytes
 * 8 at a time: one byte needing an escape at every position of a string.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>
#include <rpmsg-scope/text.h>
#include <rpmsg-test/check.h>

static struct rpmsg_decoded decoded;

static struct rpmsg_decoded_field *add(const char *name, enum rpmsg_value_kind kind, int index)
{
	struct rpmsg_decoded_field *field = &decoded.fields[decoded.count++];

	memset(field, 0, sizeof(*field));
	field->name = name;
	field->type = "test";
	field->kind = kind;
	field->index = index;
	return field;
}

/* A STRING or BYTES value stored as the decoders store it (in decoded.strings). */
static void add_string(const char *name, enum rpmsg_value_kind kind, const char *text)
{
	struct rpmsg_decoded_field *field = add(name, kind, -1);
	size_t len = strlen(text);

	CHECK(decoded.strings_used + len + 1 <= sizeof(decoded.strings));
	memcpy(decoded.strings + decoded.strings_used, text, len + 1);
	field->value.str.offset = decoded.strings_used;
	field->value.str.length = (uint32_t)len;
	decoded.strings_used += (uint32_t)len + 1;
}

static void fill_tricky(void)
{
	static const double floats[] = {0.1, NAN, -INFINITY, -0.0, 1e-300, 123456789012.0};
	static const int64_t elements[] = {1, -2, INT64_MAX};

	memset(&decoded, 0, sizeof(decoded));
	decoded.decoder = "my\"dec";
	decoded.len = UINT32_MAX;
	decoded.captured = 7;
	decoded.truncated = true;
	decoded.missing_fields = 3;
	snprintf(decoded.warning, sizeof(decoded.warning), "w \"x\" \\ \x01");
	add("u_max", RPMSG_VALUE_UNSIGNED, -1)->value.u = UINT64_MAX;
	add("zero", RPMSG_VALUE_UNSIGNED, -1)->hex = true; /* JSON has no hex: decimal 0 */
	add("s_min", RPMSG_VALUE_SIGNED, -1)->value.s = INT64_MIN;
	add("s_neg", RPMSG_VALUE_SIGNED, -1)->value.s = -1;
	for (int i = 0; i < 3; i++)
		add("arr", RPMSG_VALUE_SIGNED, i)->value.s = elements[i];
	for (int i = 0; i < 6; i++)
		add("fa", RPMSG_VALUE_FLOAT, i)->value.f = floats[i];
	add("f", RPMSG_VALUE_FLOAT, -1)->value.f = -2.5;
	/* quote, backslash, controls, DEL; é € 😀 kept; a lone lead byte, a surrogate, a C1
	 * control, an overlong form and a code point above U+10FFFF escaped byte by byte */
	add_string("s", RPMSG_VALUE_STRING,
		   "q\"b\\ \x01\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xc3z \xed\xa0\x80 "
		   "\xc2\x80 \xe0\x80\x80 \xf4\x90\x80\x80 end\xc3");
	add_string("b", RPMSG_VALUE_BYTES, "00ff7e");
	add("na\"me", RPMSG_VALUE_UNSIGNED, -1)->label = "lab\x01"
							 "el";
	add("run", RPMSG_VALUE_UNSIGNED, -1)->value.u = 1;
	decoded.fields[decoded.count - 1].label = "running";
}

static const char tricky_json[] =
	"{\"decoder\":\"my\\\"dec\",\"len\":4294967295,\"captured\":7,\"truncated\":true,"
	"\"fields\":{\"u_max\":18446744073709551615,\"zero\":0,\"s_min\":-9223372036854775808,"
	"\"s_neg\":-1,\"arr\":[1,-2,9223372036854775807],"
	"\"fa\":[0.1,null,null,-0,1e-300,1.23456789e+11],\"f\":-2.5,"
	"\"s\":\"q\\\"b\\\\ \\u0001\\u001f\\u007f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \\u00c3z "
	"\\u00ed\\u00a0\\u0080 \\u00c2\\u0080 \\u00e0\\u0080\\u0080 \\u00f4\\u0090\\u0080\\u0080 "
	"end\\u00c3\",\"b\":\"00ff7e\",\"na\\\"me\":0,\"run\":1},"
	"\"labels\":{\"na\\\"me\":\"lab\\u0001el\",\"run\":\"running\"},\"missing_fields\":3,"
	"\"warning\":\"w \\\"x\\\" \\\\ \\u0001\"}";

static void test_tricky_values_print_as_before(void)
{
	static char line[4096];
	size_t n;

	fill_tricky();
	n = rpmsg_decoded_format_json(&decoded, line, sizeof(line));
	CHECK_STR_EQ(line, tricky_json);
	CHECK_EQ(n, strlen(tricky_json));
}

/* Every buffer size: the first size - 1 bytes of the whole object, and its full length. */
static void test_a_small_buffer_gets_a_cut_prefix_and_the_full_length(void)
{
	const size_t full = strlen(tricky_json);
	char line[sizeof(tricky_json) + 2];

	fill_tricky();
	for (size_t size = 0; size <= sizeof(line); size++) {
		size_t n;

		memset(line, '#', sizeof(line));
		n = rpmsg_decoded_format_json(&decoded, line, size);
		CHECK_EQ(n, full);
		if (!size) {
			CHECK(line[0] == '#', "size 0 wrote into the buffer");
			continue;
		}
		size_t kept = full < size - 1 ? full : size - 1;

		CHECK(!memcmp(line, tricky_json, kept) && line[kept] == '\0', "size %zu: %.*s",
		      size, (int)size, line);
	}
}

/* A sensor-like message as the simulator sends it: what most decoded lines look like. */
static void test_a_plain_message_prints_as_before(void)
{
	static const int64_t accel[] = {-500, 500, 1000};
	char line[512];

	memset(&decoded, 0, sizeof(decoded));
	decoded.decoder = "rpmsg-sensor";
	decoded.len = decoded.captured = 32;
	add("seq", RPMSG_VALUE_UNSIGNED, -1)->value.u = 0;
	add("flags", RPMSG_VALUE_UNSIGNED, -1)->value.u = 1;
	decoded.fields[1].hex = true;
	add("timestamp_ns", RPMSG_VALUE_UNSIGNED, -1)->value.u = 27652398926651ull;
	for (int i = 0; i < 3; i++)
		add("accel_mg", RPMSG_VALUE_SIGNED, i)->value.s = accel[i];
	add("temp_mdegc", RPMSG_VALUE_SIGNED, -1)->value.s = 36500;
	rpmsg_decoded_format_json(&decoded, line, sizeof(line));
	CHECK_STR_EQ(line, "{\"decoder\":\"rpmsg-sensor\",\"len\":32,\"captured\":32,"
			   "\"truncated\":false,\"fields\":{\"seq\":0,\"flags\":1,"
			   "\"timestamp_ns\":27652398926651,\"accel_mg\":[-500,500,1000],"
			   "\"temp_mdegc\":36500}}");
}

/*
 * One byte that needs care at every position of a 20-byte plain string: inside, before and
 * after each 8-byte word rpmsg_json_append() and rpmsg_json_print() pass at once, and in the
 * tail they pass byte by byte.
 */
static void test_json_append_escapes_a_byte_at_any_position(void)
{
	static const struct {
		char byte;
		const char *json;
	} cases[] = {
		{'"', "\\\""},	     {'\\', "\\\\"},	  {'\x01', "\\u0001"}, {'\x1f', "\\u001f"},
		{'\x7f', "\\u007f"}, {'\x80', "\\u0080"}, {'\xff', "\\u00ff"},
	};
	static const char plain[] = "abcdefghijklmnopqrst";

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (size_t at = 0; at < sizeof(plain) - 1; at++) {
			char text[sizeof(plain)], want[64], got[64];
			size_t pos = 0;

			memcpy(text, plain, sizeof(plain));
			text[at] = cases[c].byte;
			snprintf(want, sizeof(want), "\"%.*s%s%s\"", (int)at, plain, cases[c].json,
				 plain + at + 1);
			char *printed = NULL;
			size_t printed_len = 0;
			FILE *f = open_memstream(&printed, &printed_len);

			rpmsg_json_append(got, sizeof(got), &pos, text);
			CHECK_STR_EQ(got, want);
			CHECK_EQ(pos, strlen(want));
			/* the stream form finds the same runs */
			CHECK(f != NULL);
			rpmsg_json_print(f, text, SIZE_MAX);
			fclose(f);
			CHECK_STR_EQ(printed, want);
			free(printed);
		}
	}
}

/* @append(got, size, &pos, @value) writes what snprintf(@fmt, @value) does, and counts it. */
#define CHECK_APPENDS_AS_PRINTF(append, fmt, value)                                                \
	do {                                                                                       \
		char got[32], want[32];                                                            \
		size_t pos = 0;                                                                    \
                                                                                                   \
		append(got, sizeof(got), &pos, value);                                             \
		snprintf(want, sizeof(want), fmt, value);                                          \
		CHECK_STR_EQ(got, want);                                                           \
		CHECK_EQ(pos, strlen(want));                                                       \
	} while (0)

/* The integer appenders print what "%" PRIu64 / PRId64 print, at the edges. */
static void test_integers_print_as_printf(void)
{
	static const uint64_t u[] = {
		0, 9, 10, 99, 100, 4294967295u, 10000000000000000000ull, UINT64_MAX};
	static const int64_t s[] = {0, -1, 1, -10, INT32_MIN, INT64_MAX, INT64_MIN + 1, INT64_MIN};

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		CHECK_APPENDS_AS_PRINTF(rpmsg_u64_append, "%" PRIu64, u[i]);
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		CHECK_APPENDS_AS_PRINTF(rpmsg_s64_append, "%" PRId64, s[i]);
}

int main(void)
{
	test_tricky_values_print_as_before();
	test_a_small_buffer_gets_a_cut_prefix_and_the_full_length();
	test_a_plain_message_prints_as_before();
	test_json_append_escapes_a_byte_at_any_position();
	test_integers_print_as_printf();
	printf("decoded json: all checks passed\n");
	return 0;
}
