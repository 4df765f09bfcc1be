/* SPDX-License-Identifier: MIT */
/*
 * Table-driven command-line parsing, written once for every tool.
 *
 * A tool describes its options as a table of struct rpmsg_option rows (long name, short letter,
 * what kind of value, where in the tool's options struct it goes); rpmsg_options_parse() builds
 * the getopt_long() tables from it, parses every value with the strict parsers of numbers.h and
 * stores it, and says what went wrong in one line "TOOL: ..." on stderr (errors.h). What the
 * table cannot say (a bus name's rules, a URL scheme, an option that sets two fields) is a
 * CUSTOM row whose callback does it; a whole-command check (which options combine) stays after
 * the call, in the tool.
 *
 * Messages, the same in every tool:
 *   TOOL: unknown option 'X' (try 'TOOL --help')
 *   TOOL: option X needs a value (try 'TOOL --help')     (quoted 'X' with RPMSG_OPT_WORDING_REASON)
 *   TOOL: unexpected argument 'X' (try 'TOOL --help')
 *   TOOL: LABEL: 'VALUE' is not WHAT                (RPMSG_OPT_WORDING_IS_NOT, the default)
 *   TOOL: LABEL 'VALUE': WHAT                       (RPMSG_OPT_WORDING_REASON)
 * LABEL names the option the same way whichever form was typed: with IS_NOT (top's family) its
 * short letter when it has one ("-n" for --iterations too), with REASON its long name.
 *
 * Every table answers --version without a row of its own: "TOOL (rpmsg-scope) X.Y.Z" on stdout
 * (TOOL the first word of the set's @tool), then exit 0, as GNU tools do; a table may place it
 * under a short letter too with an RPMSG_OPT_VERSION row. A front end that reads its own command
 * line (a subcommand dispatcher) calls rpmsg_print_version().
 *
 * Not thread-safe (getopt's globals); values stored point into argv (no ownership).
 */
#ifndef RPMSG_SCOPE_OPTIONS_H
#define RPMSG_SCOPE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/**
 * enum rpmsg_option_kind - what an option's value is, and the field type it is stored in
 * @RPMSG_OPT_FLAG: no value; `bool` set to true
 * @RPMSG_OPT_REPEAT: no value; `int` incremented (-v -v)
 * @RPMSG_OPT_HELP: no value; parsing stops and returns RPMSG_OPTIONS_HELP
 * @RPMSG_OPT_VERSION: no value; the version line is printed and the process exits 0 (every
 *                     table has an implicit long-only --version row; this kind adds a letter)
 * @RPMSG_OPT_STRING: `const char *` pointing at the value
 * @RPMSG_OPT_SECONDS: `double`, rpmsg_parse_seconds() up to @max
 * @RPMSG_OPT_DOUBLE: `double`, rpmsg_parse_double() from @min to @max
 * @RPMSG_OPT_COUNT: unsigned integer field, rpmsg_parse_count() from 1 to @max
 * @RPMSG_OPT_UINT: unsigned integer field, rpmsg_parse_u64() from @min to @max, then @checks
 * @RPMSG_OPT_CUSTOM: @apply does it all (no field)
 * @RPMSG_OPT_CUSTOM_FLAG: @apply with a NULL value, for an option without one
 */
enum rpmsg_option_kind {
	RPMSG_OPT_FLAG,
	RPMSG_OPT_REPEAT,
	RPMSG_OPT_HELP,
	RPMSG_OPT_VERSION,
	RPMSG_OPT_STRING,
	RPMSG_OPT_SECONDS,
	RPMSG_OPT_DOUBLE,
	RPMSG_OPT_COUNT,
	RPMSG_OPT_UINT,
	RPMSG_OPT_CUSTOM,
	RPMSG_OPT_CUSTOM_FLAG,
};

/* Extra checks on an RPMSG_OPT_UINT value, after its range. */
#define RPMSG_OPT_POWER_OF_TWO 0x1u
#define RPMSG_OPT_EVEN	       0x2u

struct rpmsg_option_set;
struct rpmsg_option;

/**
 * typedef rpmsg_option_apply_fn - a CUSTOM row's callback
 * @set: the set being parsed (for rpmsg_option_refuse() and the tool's name)
 * @opt: the row
 * @label: the option as messages name it ("-i", "--bus")
 * @value: the value, NULL for RPMSG_OPT_CUSTOM_FLAG
 * @dest: the tool's options struct
 *
 * Return: 0, or -EINVAL after one error line (rpmsg_option_refuse() or rpmsg_error_line()).
 */
typedef int (*rpmsg_option_apply_fn)(const struct rpmsg_option_set *set,
				     const struct rpmsg_option *opt, const char *label,
				     const char *value, void *dest);

/**
 * struct rpmsg_option - one row of a tool's option table
 * @name: long name without "--" (every row has one)
 * @short_name: the short letter, 0 for a long-only option
 * @kind: what the value is
 * @offset: offsetof() the field in the tool's options struct
 * @size: sizeof() that field (integers: 1, 2, 4 or 8 bytes)
 * @min: lowest value (DOUBLE, UINT)
 * @max: highest value (SECONDS, DOUBLE, COUNT, UINT)
 * @checks: RPMSG_OPT_POWER_OF_TWO, RPMSG_OPT_EVEN (UINT)
 * @what: the refusal of a value that does not parse ("a number from 1 to 10", or with
 *        RPMSG_OPT_WORDING_REASON "not a number of seconds >= 0")
 * @what_range: the refusal of a number outside min..max or failing @checks; NULL: @what
 * @apply: CUSTOM rows
 */
struct rpmsg_option {
	const char *name;
	int short_name;
	enum rpmsg_option_kind kind;
	size_t offset, size;
	double min, max;
	unsigned int checks;
	const char *what, *what_range;
	rpmsg_option_apply_fn apply;
};

/* Row helpers: TYPE is the tool's options struct, FIELD the member the value goes to. */
#define RPMSG_OPT_FIELD(TYPE, FIELD)                                                               \
	.offset = offsetof(TYPE, FIELD), .size = sizeof(((TYPE *)0)->FIELD)

/* A macro's value as text, for a row's @what: a limit is written once ("0 to 496"). */
#define RPMSG_OPT_TEXT_(X) #X
#define RPMSG_OPT_TEXT(X)  RPMSG_OPT_TEXT_(X)

/* The -h/--help row, and the row that ends a table. */
#define RPMSG_OPTION_HELP                                                                          \
	{                                                                                          \
		.name = "help", .short_name = 'h', .kind = RPMSG_OPT_HELP                          \
	}
#define RPMSG_OPTION_END                                                                           \
	{                                                                                          \
		.name = NULL                                                                       \
	}

enum rpmsg_option_wording {
	RPMSG_OPT_WORDING_IS_NOT, /* "-i: 'VALUE' is not WHAT" (short letter if any) */
	RPMSG_OPT_WORDING_REASON, /* "--interval 'VALUE': WHAT" (long name) */
};

/**
 * struct rpmsg_option_set - a tool's table and how it reads its command line
 * @tool: the prefix of every error line, and of "try 'TOOL --help'" ("rpmsg-sim demo")
 * @options: the rows, ended by a row whose @name is NULL
 * @wording: how a refused value is worded
 * @stop_at_operand: stop at the first argument that is no option (a command to run follows)
 * @command_hint: the operands are a command to run, given after "--" only: parsing stops at the
 *                first operand, and one not after "--" is refused as "unexpected argument 'X'
 *                (@command_hint)"; NULL: operands are what @operands counts
 * @usage: optional, printed to stdout on -h/--help
 * @accept: optional, called before a row is applied; returns -EINVAL (line printed) to refuse
 *          an option that does not apply (a sub-command's subset)
 */
struct rpmsg_option_set {
	const char *tool;
	const struct rpmsg_option *options;
	enum rpmsg_option_wording wording;
	bool stop_at_operand;
	const char *command_hint;
	void (*usage)(FILE *out);
	int (*accept)(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
		      void *dest);
};

#define RPMSG_OPTIONS_HELP 1 /* rpmsg_options_parse(): -h/--help given; the tool prints usage */

/**
 * rpmsg_options_parse() - read @argv's options into @dest by @set's table
 * @set: the table and the tool's name
 * @argc: argument count
 * @argv: arguments, argv[0] the command's name
 * @dest: the tool's options struct, defaults already in it
 * @operands: set to the index of the first argument that is no option; NULL: the tool takes
 *            none, and one is refused as "unexpected argument"
 *
 * Return: 0, RPMSG_OPTIONS_HELP (@set's usage printed, if it has one), -EINVAL after one error
 * line, -ENOMEM (line printed).
 */
int rpmsg_options_parse(const struct rpmsg_option_set *set, int argc, char **argv, void *dest,
			int *operands);

/**
 * rpmsg_option_refuse() - one error line for @value of option @label in @set's wording
 * @what: why, as struct rpmsg_option::what
 *
 * Return: -EINVAL.
 */
int rpmsg_option_refuse(const struct rpmsg_option_set *set, const char *label, const char *value,
			const char *what);

/**
 * rpmsg_options_unexpected() - "TOOL: unexpected argument 'ARG' (try 'TOOL --help')", or with
 * @set's command_hint in the parentheses, for a tool that reads its operands itself.
 * Return: -EINVAL.
 */
int rpmsg_options_unexpected(const struct rpmsg_option_set *set, const char *arg);

/**
 * rpmsg_options_given() - is @name (a long option such as "--stages") among argv[1..argc-1]
 * before any "--"?
 *
 * For commands that choose their option table by one option before reading any (decode
 * --stages, report --latency, record --bpf). Only the exact spelling counts.
 */
bool rpmsg_options_given(int argc, char **argv, const char *name);

/**
 * rpmsg_print_version() - print "TOOL (rpmsg-scope) X.Y.Z" and a newline to stdout
 * @tool: the tool's name; only its first word is printed ("rpmsg-sim demo" -> "rpmsg-sim")
 *
 * The one place the version is printed, for the implicit --version row and for front ends
 * that dispatch before any table is read (rpmsg-trace, rpmsg-ddebug).
 *
 * Return: 0, or -EIO when stdout could not be written (a closed pipe, a full disk).
 */
int rpmsg_print_version(const char *tool);

#endif /* RPMSG_SCOPE_OPTIONS_H */
