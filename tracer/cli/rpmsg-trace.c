// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace: record, decode and watch rpmsg traffic. This file only dispatches to the
 * subcommands; each lives in its own module (see CMakeLists.txt beside this file).
 */
#include <stdio.h>
#include <string.h>

#include <rpmsg-scope/options.h>

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *missing; /* why it is not built, when run is NULL */
};

#define DECLARE_CMD(name) int rpmsg_trace_cmd_##name(int argc, char **argv);
DECLARE_CMD(record)
DECLARE_CMD(decode)
DECLARE_CMD(report)
DECLARE_CMD(live)
DECLARE_CMD(record_bpf)
DECLARE_CMD(doctor)
DECLARE_CMD(export)

#ifdef RPMSG_HAVE_CMD_record
#define CMD_RECORD rpmsg_trace_cmd_record
#else
#define CMD_RECORD NULL
#endif
#ifdef RPMSG_HAVE_CMD_decode
#define CMD_DECODE rpmsg_trace_cmd_decode
#else
#define CMD_DECODE NULL
#endif
#ifdef RPMSG_HAVE_CMD_report
#define CMD_REPORT rpmsg_trace_cmd_report
#else
#define CMD_REPORT NULL
#endif
#ifdef RPMSG_HAVE_CMD_record_bpf
#define CMD_RECORD_BPF rpmsg_trace_cmd_record_bpf
#else
#define CMD_RECORD_BPF NULL
#endif
#ifdef RPMSG_HAVE_CMD_live
#define CMD_LIVE rpmsg_trace_cmd_live
#else
#define CMD_LIVE NULL
#endif
#ifdef RPMSG_HAVE_CMD_doctor
#define CMD_DOCTOR rpmsg_trace_cmd_doctor
#else
#define CMD_DOCTOR NULL
#endif
#ifdef RPMSG_HAVE_CMD_export
#define CMD_EXPORT rpmsg_trace_cmd_export
#else
#define CMD_EXPORT NULL
#endif

static const struct subcommand subcommands[] = {
	{"record", CMD_RECORD, "record an LTTng (or --bpf) trace of rpmsg events",
	 "built without LTTng (-DRPMSG_WITH_LTTNG=OFF)"},
	{"decode", CMD_DECODE, "print each event of a trace, decoded per endpoint",
	 "built without babeltrace2"},
	{"report", CMD_REPORT, "print per-endpoint statistics of a trace",
	 "built without babeltrace2"},
	{"live", CMD_LIVE, "watch live traffic with BPF (root)",
	 "built without BPF (-DRPMSG_WITH_BPF=OFF, or BPF off for this target: see cmake's "
	 "output)"},
	{"doctor", CMD_DOCTOR, "name known rpmsg failure patterns in a trace, live or a kernel log",
	 "built without babeltrace2"},
	{"export", CMD_EXPORT, "convert a trace for timeline viewers (Perfetto, chrome://tracing)",
	 "built without babeltrace2"},
};

static const struct subcommand record_bpf = {
	"record --bpf", CMD_RECORD_BPF, "record what the BPF programs see as a CTF trace",
	"built without BPF (-DRPMSG_WITH_BPF=OFF, or BPF off for this "
	"target: see cmake's output)"};

static void usage(FILE *out)
{
	fprintf(out, "Usage: rpmsg-trace COMMAND [OPTIONS]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(out, "  %-8s %s%s\n", subcommands[i].name, subcommands[i].summary,
			subcommands[i].run ? "" : " (not built)");
	fprintf(out,
		"\n'rpmsg-trace COMMAND --help' describes each command, 'man rpmsg-trace' all\n"
		"of them; 'rpmsg-trace --version' prints the version.\n"
		"\nExamples:\n"
		"  rpmsg-trace record -o /tmp/trace -- rpmsg-sim demo --duration 5\n"
		"  rpmsg-trace report /tmp/trace\n"
		"  rpmsg-trace decode --endpoint rpmsg-tty /tmp/trace\n"
		"  rpmsg-trace live -i 1\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	/* this front end reads argv itself (no option table): --version by hand */
	if (!strcmp(argv[1], "--version"))
		return rpmsg_print_version("rpmsg-trace") ? 1 : 0;
	/* "record --bpf" is served by the BPF module, plain "record" by the LTTng module. */
	if (!strcmp(argv[1], "record") && rpmsg_options_given(argc - 1, argv + 1, "--bpf")) {
		if (!record_bpf.run) {
			fprintf(stderr, "rpmsg-trace: 'record --bpf' is not available: %s\n",
				record_bpf.missing);
			return 2;
		}
		return record_bpf.run(argc - 1, argv + 1);
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(argv[1], subcommands[i].name))
			continue;
		if (!subcommands[i].run) {
			fprintf(stderr, "rpmsg-trace: '%s' is not available: %s\n", argv[1],
				subcommands[i].missing);
			return 2;
		}
		return subcommands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "rpmsg-trace: unknown command '%s' (try --help)\n", argv[1]);
	return 2;
}
