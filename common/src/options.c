// SPDX-License-Identifier: MIT
/* Table-driven option parsing (see <rpmsg-scope/options.h>). */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-scope/options.h>
#include <rpmsg-scope/version.h>

/* getopt_long() value of a long-only row: above every character, so never a short letter. */
#define LONG_ONLY_BASE 0x100
/* getopt_long() value of the implicit --version row: no short letter is above 0x7f. */
#define IMPLICIT_VERSION 0xff

int rpmsg_print_version(const char *tool)
{
	int len = (int)strcspn(tool, " ");

	printf("%.*s (rpmsg-scope) %s\n", len, tool, RPMSG_SCOPE_VERSION);
	return fflush(stdout) || ferror(stdout) ? -EIO : 0;
}

int rpmsg_option_refuse(const struct rpmsg_option_set *set, const char *label, const char *value,
			const char *what)
{
	if (set->wording == RPMSG_OPT_WORDING_REASON)
		return rpmsg_error_line(set->tool, "%s '%s': %s", label, value, what);
	return rpmsg_error_line(set->tool, "%s: '%s' is not %s", label, value, what);
}

int rpmsg_options_unexpected(const struct rpmsg_option_set *set, const char *arg)
{
	if (set->command_hint)
		return rpmsg_error_line(set->tool, "unexpected argument '%s' (%s)", arg,
					set->command_hint);
	return rpmsg_error_line(set->tool, "unexpected argument '%s' (try '%s --help')", arg,
				set->tool);
}

bool rpmsg_options_given(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static bool takes_value(enum rpmsg_option_kind kind)
{
	return kind != RPMSG_OPT_FLAG && kind != RPMSG_OPT_REPEAT && kind != RPMSG_OPT_HELP &&
	       kind != RPMSG_OPT_VERSION && kind != RPMSG_OPT_CUSTOM_FLAG;
}

/*
 * Store @v in an unsigned field of @size bytes (the range check made sure it fits); memcpy, as
 * the field may be declared long or size_t as well as uintN_t.
 */
static void store_uint(void *field, size_t size, uint64_t v)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (size) {
	case 1:
		memcpy(field, &v8, 1);
		break;
	case 2:
		memcpy(field, &v16, 2);
		break;
	case 4:
		memcpy(field, &v32, 4);
		break;
	default:
		memcpy(field, &v, sizeof(v));
		break;
	}
}

/* An integer row's value: parsed, in range, passing its checks. Return: 0 or -EINVAL. */
static int parse_uint(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      const char *label, const char *value, void *field)
{
	const char *range = opt->what_range ? opt->what_range : opt->what;
	uint64_t v;
	int err;

	if (opt->kind == RPMSG_OPT_COUNT)
		err = rpmsg_parse_count(value, (uint64_t)opt->max, &v);
	else
		err = rpmsg_parse_u64(value, (uint64_t)opt->min, (uint64_t)opt->max, &v);
	if (err)
		return rpmsg_option_refuse(set, label, value, err == -ERANGE ? range : opt->what);
	if (((opt->checks & RPMSG_OPT_POWER_OF_TWO) && (v & (v - 1))) ||
	    ((opt->checks & RPMSG_OPT_EVEN) && v % 2))
		return rpmsg_option_refuse(set, label, value, range);
	store_uint(field, opt->size, v);
	return 0;
}

/* A double row's value. Return: 0 or -EINVAL. */
static int parse_double(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			const char *label, const char *value, double *field)
{
	int err;

	/* nan compares false with everything: the strict parsers refuse it ("-i nan" hung) */
	if (opt->kind == RPMSG_OPT_SECONDS)
		err = rpmsg_parse_seconds(value, opt->max, field);
	else
		err = rpmsg_parse_double(value, opt->min, opt->max, field);
	if (err)
		return rpmsg_option_refuse(set, label, value,
					   err == -ERANGE && opt->what_range ? opt->what_range
									     : opt->what);
	return 0;
}

/* Apply row @opt (typed as @label, value @value) to @dest. Return: 0 or -EINVAL. */
static int apply_row(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		     const char *label, const char *value, void *dest)
{
	void *field = (char *)dest + opt->offset;

	switch (opt->kind) {
	case RPMSG_OPT_FLAG:
		*(bool *)field = true;
		return 0;
	case RPMSG_OPT_REPEAT:
		(*(int *)field)++;
		return 0;
	case RPMSG_OPT_STRING:
		*(const char **)field = value;
		return 0;
	case RPMSG_OPT_SECONDS:
	case RPMSG_OPT_DOUBLE:
		return parse_double(set, opt, label, value, field);
	case RPMSG_OPT_COUNT:
	case RPMSG_OPT_UINT:
		return parse_uint(set, opt, label, value, field);
	case RPMSG_OPT_CUSTOM:
	case RPMSG_OPT_CUSTOM_FLAG:
		return opt->apply(set, opt, label, value, dest);
	case RPMSG_OPT_HELP:
	case RPMSG_OPT_VERSION:
		break;
	}
	return 0;
}

/*
 * The getopt_long() tables of @set: "+:" then each short letter (':' after one that takes a
 * value), and one struct option per row, plus --version when no row is named so (every tool
 * answers it, none has to list it). Return: 0, -ENOMEM; free *@longopts.
 */
static int build_tables(const struct rpmsg_option_set *set, char *shortopts, size_t short_size,
			struct option **longopts)
{
	size_t n = 0, len = 0;
	bool has_version = false;
	struct option *table;

	while (set->options[n].name)
		has_version |= !strcmp(set->options[n++].name, "version");
	table = calloc(n + 2, sizeof(*table));
	if (!table)
		return -ENOMEM;
	/* "+": stop at the first operand; ":": a missing value is told from an unknown option */
	if (set->stop_at_operand || set->command_hint)
		shortopts[len++] = '+';
	shortopts[len++] = ':';
	for (size_t i = 0; i < n; i++) {
		const struct rpmsg_option *opt = &set->options[i];
		bool value = takes_value(opt->kind);

		table[i] = (struct option){opt->name, value ? required_argument : no_argument, NULL,
					   opt->short_name ? opt->short_name
							   : LONG_ONLY_BASE + (int)i};
		if (opt->short_name && len + 3 < short_size) {
			shortopts[len++] = (char)opt->short_name;
			if (value)
				shortopts[len++] = ':';
		}
	}
	if (!has_version)
		table[n] = (struct option){"version", no_argument, NULL, IMPLICIT_VERSION};
	shortopts[len] = '\0';
	*longopts = table;
	return 0;
}

/* The row getopt_long() returned @c for, or NULL. */
static const struct rpmsg_option *find_row(const struct rpmsg_option_set *set, int c)
{
	if (c >= LONG_ONLY_BASE)
		return &set->options[c - LONG_ONLY_BASE];
	for (const struct rpmsg_option *opt = set->options; opt->name; opt++)
		if (opt->short_name == c)
			return opt;
	return NULL;
}

/*
 * The option getopt_long() could not take, as the user typed it. argv[optind - 1] is not always
 * it: a bad letter inside a bundle ("-xj") leaves optind where it was. glibc leaves optopt 0
 * for an unknown long option, and sets it to the row's value for a long one given a value it
 * does not take ("--json=1") or lacking one.
 */
static const char *typed_option(int c, char **argv, char letter[3])
{
	const char *typed = argv[optind - 1];

	if (!optopt || optopt >= LONG_ONLY_BASE)
		return typed;
	if (!strncmp(typed, "--", 2) && (c == ':' || strchr(typed, '=')))
		return typed;
	letter[0] = '-';
	letter[1] = (char)optopt;
	letter[2] = '\0';
	return letter;
}

/* One line for what getopt_long() could not take: an unknown option, a missing value. */
static int refuse_getopt(const struct rpmsg_option_set *set, int c, char **argv)
{
	char letter[3];
	const char *arg = typed_option(c, argv, letter);

	/* the words users and scripts know from each family: quoted in rpmsg-sim's */
	if (c == ':' && set->wording == RPMSG_OPT_WORDING_REASON)
		return rpmsg_error_line(set->tool, "option '%s' needs a value (try '%s --help')",
					arg, set->tool);
	if (c == ':')
		return rpmsg_error_line(set->tool, "option %s needs a value (try '%s --help')", arg,
					set->tool);
	return rpmsg_error_line(set->tool, "unknown option '%s' (try '%s --help')", arg, set->tool);
}

/*
 * --version: print the line and exit 0, the way GNU tools end on it, so that a tool's own code
 * needs no case for it (its options struct is only read after a successful parse).
 */
static void __attribute__((noreturn))
version_exit(const struct rpmsg_option_set *set, struct option *longopts)
{
	int err = rpmsg_print_version(set->tool);

	free(longopts);
	exit(err ? 1 : 0);
}

/* Parse every option; see rpmsg_options_parse(). */
static int parse_loop(const struct rpmsg_option_set *set, int argc, char **argv, void *dest,
		      const char *shortopts, struct option *longopts)
{
	int c;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct rpmsg_option *opt =
			c == '?' || c == ':' || c == IMPLICIT_VERSION ? NULL : find_row(set, c);
		char label[64];
		int err;

		if (c == IMPLICIT_VERSION || (opt && opt->kind == RPMSG_OPT_VERSION))
			version_exit(set, longopts);
		if (!opt)
			return refuse_getopt(set, c, argv);
		if (opt->kind == RPMSG_OPT_HELP) {
			if (set->usage)
				set->usage(stdout);
			return RPMSG_OPTIONS_HELP;
		}
		/* a tool names its options one way in every message, whichever form was typed */
		if (opt->short_name && set->wording == RPMSG_OPT_WORDING_IS_NOT)
			snprintf(label, sizeof(label), "-%c", opt->short_name);
		else
			snprintf(label, sizeof(label), "--%s", opt->name);
		err = set->accept ? set->accept(set, opt, dest) : 0;
		if (!err)
			err = apply_row(set, opt, label, optarg, dest);
		if (err)
			return err;
	}
	return 0;
}

int rpmsg_options_parse(const struct rpmsg_option_set *set, int argc, char **argv, void *dest,
			int *operands)
{
	struct option *longopts;
	char shortopts[128];
	int err = build_tables(set, shortopts, sizeof(shortopts), &longopts);

	if (err)
		return rpmsg_error_line(set->tool, "%s", strerror(-err)), err;
	optind = 0; /* glibc: a full re-initialisation, a front end may have used getopt */
	opterr = 0;
	err = parse_loop(set, argc, argv, dest, shortopts, longopts);
	free(longopts);
	if (err)
		return err;
	/* a command follows "--" (getopt_long() consumed it): anything else is a stray word */
	if (set->command_hint && optind < argc && strcmp(argv[optind - 1], "--"))
		return rpmsg_options_unexpected(set, argv[optind]);
	if (operands)
		*operands = optind;
	else if (optind < argc)
		return rpmsg_options_unexpected(set, argv[optind]);
	return 0;
}
