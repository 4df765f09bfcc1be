// SPDX-License-Identifier: MIT
/*
 * Command-line options shared by `rpmsg-trace decode` and `rpmsg-trace report`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/numbers.h>

#include "trace_graph.h"

/* The long name of short option @val, for messages (every option has one). */
static const char *long_name(const struct option *options, int val)
{
	for (; options->name; options++)
		if (options->val == val)
			return options->name;
	return "?";
}

/*
 * --endpoint is a channel name or an address. A value that reads as a number is an address and
 * must fit the wire's u32 (the filter compares it with src/dst: 99999999999 matched nothing,
 * silently); a name must fit the name service's 32-byte field.
 */
static int check_endpoint(const char *command, const char *arg)
{
	uint32_t addr;
	int kind = rpmsg_parse_endpoint(arg, &addr);

	if (kind == -ERANGE) {
		fprintf(stderr,
			"rpmsg-trace %s: --endpoint '%s' is not an endpoint address (0 to "
			"4294967295)\n",
			command, arg);
		return -EINVAL;
	}
	if (kind < 0) {
		fprintf(stderr,
			"rpmsg-trace %s: --endpoint '%s' is not a channel name (1 to 31 "
			"characters) "
			"or an address\n",
			command, arg);
		return -EINVAL;
	}
	return 0;
}

enum { OPT_DECODERS = 256 };

int rpmsg_trace_graph_parse_args(int argc, char **argv, struct trace_graph_options *options,
				 void (*usage)(FILE *out))
{
	static const struct option long_options[] = {
		{"json", no_argument, NULL, 'j'},
		{"endpoint", required_argument, NULL, 'e'},
		{"since", required_argument, NULL, 's'},
		{"until", required_argument, NULL, 'u'},
		{"decoders", required_argument, NULL, OPT_DECODERS}, /* -d is delay elsewhere */
		{"kmsg", required_argument, NULL, 'k'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	optind = 0; /* glibc: full re-initialisation, the front end may have used getopt */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+je:s:u:k:vh", long_options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			options->json = true;
			break;
		case 'e':
			if (check_endpoint(options->command, optarg))
				return 2;
			options->endpoint = optarg;
			break;
		case 's':
			options->since = optarg;
			break;
		case 'u':
			options->until = optarg;
			break;
		case OPT_DECODERS:
			options->decoders = optarg;
			break;
		case 'k':
			options->kmsg = optarg;
			break;
		case 'v':
			options->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (optopt == OPT_DECODERS ||
			    (optopt && optopt < 256 && strchr("esuk", optopt)))
				fprintf(stderr,
					"rpmsg-trace %s: option --%s needs a value (try --help)\n",
					options->command, long_name(long_options, optopt));
			else
				fprintf(stderr,
					"rpmsg-trace %s: unknown option '%s' (try --help)\n",
					options->command, argv[optind - 1]);
			return 2;
		}
	}
	if (options->kmsg) {
		if (optind < argc) {
			fprintf(stderr,
				"rpmsg-trace %s: give either a TRACE or --kmsg FILE, not both "
				"(try --help)\n",
				options->command);
			return 2;
		}
		return -1;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "rpmsg-trace %s: %s (try --help)\n", options->command,
			optind >= argc ? "which trace? give its directory (or --kmsg FILE)"
				       : "give exactly one trace");
		return 2;
	}
	options->trace = argv[optind];
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
