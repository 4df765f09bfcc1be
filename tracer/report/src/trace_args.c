// SPDX-License-Identifier: MIT
/*
 * Command-line options shared by `rpmsg-trace decode` and `rpmsg-trace report`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/numbers.h>
#include <rpmsg-scope/options.h>

#include "trace_graph.h"

/*
 * --endpoint is a channel name or an address. A value that reads as a number is an address and
 * must fit the wire's u32 (the filter compares it with src/dst: 99999999999 matched nothing,
 * silently); a name must fit the name service's 32-byte field.
 */
static int apply_endpoint(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			  const char *label, const char *value, void *dest)
{
	uint32_t addr;
	int kind = rpmsg_parse_endpoint(value, &addr);

	(void)label; /* named by its long name, whichever form was typed, as before */
	if (kind == -ERANGE)
		return rpmsg_error_line(set->tool,
					"--%s '%s' is not an endpoint address (0 to 4294967295)",
					opt->name, value);
	if (kind < 0)
		return rpmsg_error_line(
			set->tool,
			"--%s '%s' is not a channel name (1 to 31 characters) or an "
			"address",
			opt->name, value);
	((struct trace_graph_options *)dest)->endpoint = value;
	return 0;
}

#define F(FIELD) RPMSG_OPT_FIELD(struct trace_graph_options, FIELD)
static const struct rpmsg_option trace_option_rows[] = {
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"endpoint", 'e', RPMSG_OPT_CUSTOM, .apply = apply_endpoint},
	{"since", 's', RPMSG_OPT_STRING, F(since)},
	{"until", 'u', RPMSG_OPT_STRING, F(until)},
	{"clock-seconds", 0, RPMSG_OPT_FLAG, F(clock_seconds)},
	{"clock-gmt", 0, RPMSG_OPT_FLAG, F(clock_gmt)},
	{"decoders", 0, RPMSG_OPT_STRING, F(decoders)}, /* -d is delay elsewhere */
	{"kmsg", 'k', RPMSG_OPT_STRING, F(kmsg)},
	{"verbose", 'v', RPMSG_OPT_FLAG, F(verbose)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

int rpmsg_trace_graph_parse_args(int argc, char **argv, struct trace_graph_options *options,
				 void (*usage)(FILE *out))
{
	char tool[64];
	/* "+": options after the trace are not read, as before */
	const struct rpmsg_option_set set = {
		.tool = tool,
		.options = trace_option_rows,
		.stop_at_operand = true,
		.usage = usage,
	};
	int first, err;

	snprintf(tool, sizeof(tool), "rpmsg-trace %s", options->command);
	err = rpmsg_options_parse(&set, argc, argv, options, &first);
	if (err)
		return err > 0 ? 0 : 2;
	if (options->kmsg) {
		if (first < argc) {
			fprintf(stderr,
				"%s: give either a TRACE or --kmsg FILE, not both (try --help)\n",
				tool);
			return 2;
		}
		return -1;
	}
	if (first + 1 != argc) {
		fprintf(stderr, "%s: %s (try --help)\n", tool,
			first >= argc ? "which trace? give its directory (or --kmsg FILE)"
				      : "give exactly one trace");
		return 2;
	}
	options->trace = argv[first];
	return -1;
}

int rpmsg_trace_graph_command(int argc, char **argv, struct trace_graph_options *options,
			      void (*usage)(FILE *out))
{
	int status = rpmsg_trace_graph_parse_args(argc, argv, options, usage);

	if (status >= 0)
		return status;
	if (options->kmsg)
		return rpmsg_trace_kmsg_run(options);
	return rpmsg_trace_graph_run(options);
}
