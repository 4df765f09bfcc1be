// SPDX-License-Identifier: MIT
/*
 * The decoder registry as a user sees it: what each built-in decoder prints for known payloads,
 * what a decoder file adds, truncation, and the error lines malformed decoder files produce.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/decoders.h>
#include <rpmsg-test/check.h>

static void check_text(const char *what, const char *got, const char *want)
{
	CHECK(!strcmp(got, want), "%s:\n  got:  %s\n  want: %s", what, got, want);
}

static struct rpmsg_decoded decoded;
static char line[8192];

static const char *text_of(struct rpmsg_decoder_registry *r, const char *channel, const void *data,
			   size_t captured, size_t len)
{
	rpmsg_decode(r, channel, data, captured, len, &decoded);
	rpmsg_decoded_format_text(&decoded, line, sizeof(line));
	return line;
}

static const char *json_of(struct rpmsg_decoder_registry *r, const char *channel, const void *data,
			   size_t captured, size_t len)
{
	rpmsg_decode(r, channel, data, captured, len, &decoded);
	rpmsg_decoded_format_json(&decoded, line, sizeof(line));
	return line;
}

/* The simulator's sample: u32 seq; u32 flags; u64 ts; s16 accel[3]; s16 gyro[3]; s32 temp. */
static void sensor_sample(unsigned char out[32])
{
	static const unsigned char sample[32] = {
		7,    0,    0,	  0,			  /* seq 7 */
		0x11, 0,    0,	  0,			  /* flags 0x11 */
		0x00, 0xca, 0x9a, 0x3b, 0,    0,    0, 0, /* 1000000000 ns */
		0x0a, 0x00, 0xf6, 0xff, 0xe8, 0x03,	  /* accel 10, -10, 1000 */
		0x01, 0x00, 0x02, 0x00, 0xfd, 0xff,	  /* gyro 1, 2, -3 */
		0x08, 0x61, 0x00, 0x00,			  /* 24840 m°C */
	};
	memcpy(out, sample, 32);
}

static void test_sensor_samples_decode_field_by_field(struct rpmsg_decoder_registry *r)
{
	unsigned char s[32];

	sensor_sample(s);
	check_text("sensor", text_of(r, "rpmsg-sensor", s, 32, 32),
		   "seq=7 flags=0x11 timestamp_ns=1000000000 accel_mg=[10,-10,1000] "
		   "gyro_mdps=[1,2,-3] temp_mdegc=24840");
	CHECK(decoded.count == 10);
	check_text("sensor json", json_of(r, "rpmsg-sensor", s, 32, 32),
		   "{\"decoder\":\"rpmsg-sensor\",\"len\":32,\"captured\":32,\"truncated\":false,"
		   "\"fields\":{\"seq\":7,\"flags\":17,\"timestamp_ns\":1000000000,"
		   "\"accel_mg\":[10,-10,1000],\"gyro_mdps\":[1,2,-3],\"temp_mdegc\":24840}}");
}

static void test_truncated_capture_is_reported_not_read(struct rpmsg_decoder_registry *r)
{
	unsigned char full[32];
	unsigned char *s = malloc(20); /* exactly the captured bytes: ASan catches any over-read */

	sensor_sample(full);
	memcpy(s, full, 20);
	check_text("sensor truncated", text_of(r, "rpmsg-sensor", s, 20, 32),
		   "seq=7 flags=0x11 timestamp_ns=1000000000 accel_mg=[10,-10] "
		   "[truncated: 20 of 32 bytes captured, 5 fields missing]");
	CHECK(decoded.truncated && decoded.missing_fields == 5);
	free(s);
}

static void test_name_service_message_needs_its_nul(struct rpmsg_decoder_registry *r)
{
	unsigned char ns[40] = "rpmsg-tty";
	unsigned char bad[40];

	ns[32] = 0x00, ns[33] = 0x04; /* addr 1024 */
	check_text("ns", text_of(r, "rpmsg-ns", ns, 40, 40),
		   "name=\"rpmsg-tty\" addr=1024 flags=create(0)");
	memset(bad, 'A', 32);
	memset(bad + 32, 0, 8);
	bad[36] = 1;
	check_text("ns without NUL", text_of(r, "rpmsg-ns", bad, 40, 40),
		   "name=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" addr=0 flags=destroy(1) "
		   "[warning: name has no NUL within 32 bytes]");
	CHECK(!strcmp(rpmsg_decode_channel_name("x", "y", 53), "rpmsg-ns"));
	CHECK(!strcmp(rpmsg_decode_channel_name("x", "y", 1024), "y"));
	CHECK(!strcmp(rpmsg_decode_channel_name("x", NULL, 1024), "x"));
	CHECK(rpmsg_decode_channel_name(NULL, NULL, 1024) == NULL);
}

static void test_text_echo_and_hex_fallback(struct rpmsg_decoder_registry *r)
{
	const unsigned char binary[] = {0xde, 0xad, 0x00, 0x01};

	check_text("tty", text_of(r, "rpmsg-tty", "hello \"world\"\n", 14, 14),
		   "text=\"hello \\\"world\\\"\\n\"");
	check_text("echo text", text_of(r, "rpmsg-echo", "ping 3\0", 7, 7), "text=\"ping 3\"");
	check_text("echo binary", text_of(r, "rpmsg-echo", binary, 4, 4), "data=dead0001");
	CHECK(!strcmp(decoded.decoder, "rpmsg-echo"));
	check_text("unknown binary", text_of(r, "no-such-channel", binary, 4, 4), "data=dead0001");
	CHECK(!strcmp(decoded.decoder, "hex"));
	check_text("unknown text", text_of(r, NULL, "abc", 3, 100),
		   "text=\"abc\" [truncated: 3 of 100 bytes captured]");
	CHECK(!strcmp(decoded.decoder, "text"));
	check_text("tty binary", text_of(r, "rpmsg-tty", binary, 4, 4),
		   "text=\"\\xde\\xad\\x00\\x01\"");
	check_text("empty", text_of(r, "x", "", 0, 0), "data=");
}

static const char good_file[] = "# motor controller firmware\n"
				"decoder motor-status\n"
				"channel rpmsg-motor*   # every motor channel\n"
				"endian big\n"
				"size 16\n"
				"field 0 u16 speed_rpm\n"
				"field 2 s16le current_ma\n"
				"field 4 u8 state enum 0=idle 1=run 2=fault\n"
				"field 5 bytes[3] raw\n"
				"field 8 char[8] label\n"
				"end\n";

static void test_decoder_file_describes_a_protocol(void)
{
	struct rpmsg_decoder_registry *r = rpmsg_decoders_create();
	const unsigned char payload[16] = {0x01, 0x02, 0xff, 0xff, 2, 0xaa,
					   0xbb, 0xcc, 'm',  '1',  0};
	char error[256] = "";

	CHECK(rpmsg_decoders_load_text(r, good_file, strlen(good_file), "motor.decoders", error,
				       sizeof(error)) == 0);
	check_text("load error", error, "");
	check_text("motor", text_of(r, "rpmsg-motor-left", payload, 16, 16),
		   "speed_rpm=258 current_ma=-1 state=fault(2) raw=aabbcc label=\"m1\"");
	check_text("motor json", json_of(r, "rpmsg-motor-left", payload, 16, 16),
		   "{\"decoder\":\"motor-status\",\"len\":16,\"captured\":16,\"truncated\":false,"
		   "\"fields\":{\"speed_rpm\":258,\"current_ma\":-1,\"state\":2,\"raw\":\"aabbcc\","
		   "\"label\":\"m1\"},\"labels\":{\"state\":\"fault\"}}");
	check_text("motor short", text_of(r, "rpmsg-motor-left", payload, 4, 4),
		   "speed_rpm=258 current_ma=-1 [3 fields missing] [warning: payload is 4 bytes, "
		   "motor-status expects 16]");
	check_text("sensor control text", text_of(r, "rpmsg-sensor", "start", 5, 5),
		   "text=\"start\" [warning: 5 bytes: not a 32-byte rpmsg-sensor message]");
	CHECK(!strcmp(decoded.decoder, "text"));
	/* The same file twice: a clear refusal, nothing half-loaded. */
	CHECK(rpmsg_decoders_load_text(r, good_file, strlen(good_file), "again.decoders", error,
				       sizeof(error)) == -17);
	check_text(
		"duplicate", error,
		"again.decoders:2: decoder 'motor-status' is already defined by an earlier file");
	rpmsg_decoders_destroy(r);
}

static void expect_error(const char *text, const char *want)
{
	struct rpmsg_decoder_registry *r = rpmsg_decoders_create();
	char error[256] = "";
	int err = rpmsg_decoders_load_text(r, text, strlen(text), "bad.decoders", error,
					   sizeof(error));

	CHECK(err == -22);
	check_text(text, error, want);
	/* A rejected file leaves no decoder behind. */
	CHECK(rpmsg_decoders_find(r, "ch") == NULL);
	rpmsg_decoders_destroy(r);
}

static void test_malformed_decoder_files_name_the_line(void)
{
	expect_error("decoder d\nchannel ch\nfield 0 u24 x\nend\n",
		     "bad.decoders:3: unknown type 'u24' (expected u8 u16 u32 u64 s8 s16 s32 s64 "
		     "f32 f64, optionally with le/be and [N], or char[N], bytes[N])");
	expect_error("field 0 u8 x\n",
		     "bad.decoders:1: 'field' outside a decoder (start one with 'decoder NAME')");
	expect_error("decoder d\nchannel ch\nfield 0 u32 a\nfield 2 u16 b\nend\n",
		     "bad.decoders:4: field 'b' (bytes 2..3) overlaps field 'a' (bytes 0..3)");
	expect_error("decoder d\nchannel ch\nfield 0 u32 a\n",
		     "bad.decoders:1: decoder 'd' has no 'end'");
	expect_error("decoder d\nfield 0 u32 a\nend\n",
		     "bad.decoders:3: decoder 'd' has no 'channel' line");
	expect_error("decoder d\nchannel ch\nfield x u32 a\nend\n",
		     "bad.decoders:3: bad offset 'x' (expected a number, decimal or 0x hex)");
	expect_error("decoder d\nchannel ch\nfield 490 u64 a\nend\n",
		     "bad.decoders:3: field 'a' ends at byte 498, beyond the largest rpmsg payload "
		     "(496 bytes)");
	expect_error("decoder d\nchannel ch\nfield 0 u8 a enum 1=x 1=y\nend\n",
		     "bad.decoders:3: enum value 1 is listed twice");
	expect_error("decoder d\nchannel ch\nfield 0 char a\nend\n",
		     "bad.decoders:3: 'char' needs a size: char[N]");
	expect_error(
		"\n\nwhat is this\n",
		"bad.decoders:3: unknown keyword 'what' (expected decoder, channel, endian, size, "
		"field, end)");
	expect_error("decoder d\nchannel ch\nfield 0 u8[200] a\nend\n",
		     "bad.decoders:3: decoder 'd' has more than 128 values (array elements count)");
	expect_error("decoder d\nchannel ch\nsize 4\nfield 2 u32 a\nend\n",
		     "bad.decoders:4: field 'a' lies beyond 'size 4'");
}

static void test_missing_decoder_file(void)
{
	struct rpmsg_decoder_registry *r = rpmsg_decoders_create();
	char error[256];

	CHECK(rpmsg_decoders_load_file(r, "/nonexistent/x.decoders", error, sizeof(error)) == -2);
	check_text("missing file", error, "/nonexistent/x.decoders: No such file or directory");
	rpmsg_decoders_destroy(r);
}

int main(void)
{
	struct rpmsg_decoder_registry *r = rpmsg_decoders_create();

	CHECK(r);
	test_sensor_samples_decode_field_by_field(r);
	test_truncated_capture_is_reported_not_read(r);
	test_name_service_message_needs_its_nul(r);
	test_text_echo_and_hex_fallback(r);
	test_decoder_file_describes_a_protocol();
	test_malformed_decoder_files_name_the_line();
	test_missing_decoder_file();
	rpmsg_decoders_destroy(r);
	printf("decoders: all checks passed\n");
	return 0;
}
