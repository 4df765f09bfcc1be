// SPDX-License-Identifier: MIT
/*
 * The table-driven option parser every tool uses (<rpmsg-scope/options.h>): what each kind of
 * row stores, and the exact one-line messages a user sees for a bad value, an unknown option, a
 * missing value, an unexpected argument; --help stops parsing.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg-scope/options.h>
#include <rpmsg-test/check.h>

struct demo_options {
	bool json;
	int verbose;
	const char *bus;
	double interval_s, speed;
	uint64_t count;
	unsigned int rows;
	uint32_t ring;
	uint16_t pairs;
	const char *color;
};

static int apply_color(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		       const char *label, const char *value, void *dest)
{
	struct demo_options *o = dest;

	(void)opt;
	if (strcmp(value, "red") && strcmp(value, "blue"))
		return rpmsg_option_refuse(set, label, value, "a color (red or blue)");
	o->color = value;
	return 0;
}

#define F(FIELD) RPMSG_OPT_FIELD(struct demo_options, FIELD)
static const struct rpmsg_option rows[] = {
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"verbose", 'v', RPMSG_OPT_REPEAT, F(verbose)},
	{"bus", 0, RPMSG_OPT_STRING, F(bus)},
	{"interval", 'i', RPMSG_OPT_SECONDS, F(interval_s), .max = 3600,
	 .what = "a number of seconds > 0"},
	{"speed", 0, RPMSG_OPT_DOUBLE, F(speed), .min = 0, .max = 100,
	 .what = "a number from 0 to 100"},
	{"count", 'n', RPMSG_OPT_COUNT, F(count), .max = 1000, .what = "a count",
	 .what_range = "a count from 1 to 1000"},
	{"rows", 'r', RPMSG_OPT_UINT, F(rows), .min = 0, .max = 50, .what = "a whole number",
	 .what_range = "a whole number from 0 to 50"},
	{"ring-size", 0, RPMSG_OPT_UINT, F(ring), .min = 4096, .max = UINT32_MAX,
	 .checks = RPMSG_OPT_POWER_OF_TWO, .what = "a size",
	 .what_range = "a power of two >= 4096"},
	{"pairs", 0, RPMSG_OPT_UINT, F(pairs), .min = 2, .max = 512, .checks = RPMSG_OPT_EVEN,
	 .what = "an even number from 2 to 512"},
	{"color", 'c', RPMSG_OPT_CUSTOM, .apply = apply_color},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

static const struct rpmsg_option_set set = {.tool = "demo-tool", .options = rows};
static const struct rpmsg_option_set reason_set = {
	.tool = "demo-tool", .options = rows, .wording = RPMSG_OPT_WORDING_REASON};
static const struct rpmsg_option_set *current = &set;

static char err_text[512];

/* rpmsg_options_parse() on the NULL-terminated @args (argv[0] "demo-tool"), stderr kept. */
static int parse(struct demo_options *o, int *operands, const char *const *args)
{
	char *argv[32] = {"demo-tool"};
	int argc = 1, saved = dup(STDERR_FILENO), rc;
	FILE *capture = tmpfile();
	size_t n;

	CHECK(capture && saved >= 0);
	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	*o = (struct demo_options){.interval_s = 1};
	fflush(stderr);
	dup2(fileno(capture), STDERR_FILENO);
	rc = rpmsg_options_parse(current, argc, argv, o, operands);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(capture);
	n = fread(err_text, 1, sizeof(err_text) - 1, capture);
	err_text[n] = '\0';
	fclose(capture);
	return rc;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* @args are refused (-EINVAL) with exactly the line @want on stderr. */
static void refused(const char *const *args, const char *want)
{
	struct demo_options o;

	CHECK_EQ(parse(&o, NULL, args), -EINVAL);
	CHECK_STR_EQ(err_text, want);
}

static void test_each_kind_stores_its_value(void)
{
	struct demo_options o;

	CHECK_EQ(parse(&o, NULL,
		       ARGS("-j", "-vv", "--verbose", "--bus", "sim0", "-i", "0.25", "--speed=0",
			    "-n", "0x10", "--rows", "50", "--ring-size", "8192", "--pairs", "6",
			    "-c", "blue")),
		 0);
	CHECK_STR_EQ(err_text, "");
	CHECK(o.json);
	CHECK_EQ(o.verbose, 3);
	CHECK_STR_EQ(o.bus, "sim0");
	CHECK(o.interval_s == 0.25, "interval %g", o.interval_s);
	CHECK(o.speed == 0, "speed %g", o.speed);
	CHECK_EQ(o.count, 16);
	CHECK_EQ(o.rows, 50);
	CHECK_EQ(o.ring, 8192);
	CHECK_EQ(o.pairs, 6);
	CHECK_STR_EQ(o.color, "blue");
}

static void test_refused_values_name_option_and_value(void)
{
	struct demo_options o;

	refused(ARGS("-i", "nan"), "demo-tool: -i: 'nan' is not a number of seconds > 0\n");
	CHECK_EQ(parse(&o, NULL, ARGS("--interval", "0")), -EINVAL);
	/* the long form is named by its short letter too: one name per option in messages */
	CHECK_STR_EQ(err_text, "demo-tool: -i: '0' is not a number of seconds > 0\n");
	CHECK(o.interval_s == 1, "a refused value is not stored: %g", o.interval_s);
	refused(ARGS("-n", "0"), "demo-tool: -n: '0' is not a count from 1 to 1000\n");
	refused(ARGS("-n", "lots"), "demo-tool: -n: 'lots' is not a count\n");
	refused(ARGS("--rows=51"), "demo-tool: -r: '51' is not a whole number from 0 to 50\n");
	refused(ARGS("--ring-size", "5000"),
		"demo-tool: --ring-size: '5000' is not a power of two >= 4096\n");
	refused(ARGS("--pairs", "7"),
		"demo-tool: --pairs: '7' is not an even number from 2 to 512\n");
	refused(ARGS("--speed", "101"),
		"demo-tool: --speed: '101' is not a number from 0 to 100\n");
	refused(ARGS("-c", "green"), "demo-tool: -c: 'green' is not a color (red or blue)\n");
}

static void test_reason_wording(void)
{
	current = &reason_set;
	refused(ARGS("--pairs", "lots"),
		"demo-tool: --pairs 'lots': an even number from 2 to 512\n");
	refused(ARGS("-c", "green"), "demo-tool: --color 'green': a color (red or blue)\n");
	refused(ARGS("--bus"),
		"demo-tool: option '--bus' needs a value (try 'demo-tool --help')\n");
	refused(ARGS("-r", "51"), "demo-tool: --rows '51': a whole number from 0 to 50\n");
	current = &set;
}

static void test_usage_errors_are_one_line(void)
{
	struct demo_options o;
	int operands = -1;

	refused(ARGS("--bogus"), "demo-tool: unknown option '--bogus' (try 'demo-tool --help')\n");
	refused(ARGS("-jx"), "demo-tool: unknown option '-x' (try 'demo-tool --help')\n");
	/* a bad letter inside a bundle is named, not the argument before it */
	refused(ARGS("--json", "-xj"), "demo-tool: unknown option '-x' (try 'demo-tool --help')\n");
	refused(ARGS("--json=1"),
		"demo-tool: unknown option '--json=1' (try 'demo-tool --help')\n");
	refused(ARGS("--bus"), "demo-tool: option --bus needs a value (try 'demo-tool --help')\n");
	refused(ARGS("-c"), "demo-tool: option -c needs a value (try 'demo-tool --help')\n");
	refused(ARGS("-j", "extra"),
		"demo-tool: unexpected argument 'extra' (try 'demo-tool --help')\n");
	/* a tool that takes operands gets their index; options may follow them (no '+') */
	CHECK_EQ(parse(&o, &operands, ARGS("trace", "-j")), 0);
	CHECK_EQ(operands, 2);
	CHECK(o.json);
	CHECK_STR_EQ(err_text, "");
}

static void test_command_only_after_dashdash(void)
{
	static const struct rpmsg_option_set command_set = {
		.tool = "demo-tool", .options = rows, .command_hint = "put the command after '--'"};
	struct demo_options o;
	int operands = -1;

	current = &command_set;
	CHECK_EQ(parse(&o, &operands, ARGS("-j", "--", "sleep", "-n", "1")), 0);
	CHECK_EQ(operands, 3); /* "sleep": its own -n is left alone */
	CHECK_EQ(o.count, 0);
	CHECK_EQ(parse(&o, &operands, ARGS("-j", "sleep")), -EINVAL);
	CHECK_STR_EQ(err_text,
		     "demo-tool: unexpected argument 'sleep' (put the command after '--')\n");
	current = &set;
}

static int usage_printed;

static void count_usage(FILE *out)
{
	(void)out;
	usage_printed++;
}

static void test_help_stops_parsing(void)
{
	static const struct rpmsg_option_set usage_set = {
		.tool = "demo-tool", .options = rows, .usage = count_usage};
	struct demo_options o;

	CHECK_EQ(parse(&o, NULL, ARGS("-j", "--help", "--bogus")), RPMSG_OPTIONS_HELP);
	CHECK_STR_EQ(err_text, "");
	CHECK_EQ(parse(&o, NULL, ARGS("-h")), RPMSG_OPTIONS_HELP);
	CHECK_EQ(usage_printed, 0);
	current = &usage_set; /* a set with a usage prints it, once */
	CHECK_EQ(parse(&o, NULL, ARGS("--help")), RPMSG_OPTIONS_HELP);
	CHECK_EQ(usage_printed, 1);
	current = &set;
}

int main(void)
{
	test_each_kind_stores_its_value();
	test_refused_values_name_option_and_value();
	test_reason_wording();
	test_usage_errors_are_one_line();
	test_command_only_after_dashdash();
	test_help_stops_parsing();
	printf("ok: options\n");
	return 0;
}
