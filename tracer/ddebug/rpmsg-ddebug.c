// SPDX-License-Identifier: MIT
/*
 * rpmsg-ddebug: switch the kernel's rpmsg, virtio, remoteproc and mailbox debug messages on and
 * off through dynamic debug, put them back exactly as they were, and decode the messages they
 * print (decode-log). The control file is only ever written with queries, one per write().
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddebug_cli.h"
#include "ddebug_control.h"
#include "ddebug_find.h"
#include "ddebug_presets.h"
#include "ddebug_state.h"
#include <rpmsg-scope/options.h>

#define PROG "rpmsg-ddebug"
/* on/off record what they change there unless told otherwise (see ddebug_state.h) */
static const char *default_state_file(void)
{
	return ddebug_state_default_path();
}

/* clang-format off: the help text is laid out as it prints */
static void usage(FILE *out)
{
	fprintf(out,
		"NAME\n"
		"    rpmsg-ddebug - turn rpmsg/virtio/remoteproc/mailbox kernel debug messages on "
		"and off,\n"
		"    and decode the rpmsg traffic they print\n"
		"\n"
		"SYNOPSIS\n"
		"    rpmsg-ddebug [--control FILE] [--no-mount] COMMAND [ARGS]\n"
		"\n"
		"COMMANDS\n"
		"    status [TARGET] [--enabled]\n"
		"        List every call site of TARGET (default: all) with its flags.\n"
		"    on TARGET [--flags FLAGS] [--save FILE | --no-save]\n"
		"        Enable TARGET's call sites (default flags +p).\n"
		"    off TARGET [--flags FLAGS] [--save FILE | --no-save]\n"
		"        Disable them (default flags -p).\n"
		"    save FILE [TARGET]\n"
		"        Write the current state of TARGET's call sites (default: all) to FILE.\n"
		"    restore [FILE]\n"
		"        Put back every call site listed in FILE (default: the state file that "
		"on/off\n"
		"        keep, which is then removed) exactly as it was saved.\n"
		"    presets\n"
		"        List the presets and the files they cover.\n"
		"    decode-log [--live [--from-start] [--count N]] [FILE]\n"
		"        Decode rpmsg traffic from dmesg output or saved /dev/kmsg records in "
		"FILE\n"
		"        ('-' = standard input), or from /dev/kmsg as it arrives (--live).\n"
		"\n"
		"TARGET\n"
		"    A preset: rpmsg (virtio_rpmsg_bus.c rpmsg_core.c rpmsg_ns.c rpmsg_char.c\n"
		"    rpmsg_ctrl.c), virtio (virtio_ring.c), remoteproc (remoteproc_*.c and SoC "
		"drivers:\n"
		"    stm32_rproc.c, imx_rproc.c, ti_k3_*, ...), mailbox (mailbox.c and SoC "
		"mailbox\n"
		"    drivers), all. Or a dynamic debug match specification, as one argument or "
		"several:\n"
		"    'file virtio_rpmsg_bus.c func rpmsg_recv_single', 'module rpmsg_char', 'line "
		"10-20'.\n"
		"    A specification may end with its flags ('file virtio_ring.c +p').\n"
		"\n"
		"OPTIONS\n"
		"    --control FILE  Use FILE as the control file (default: " DDEBUG_DEBUGFS_CONTROL
		",\n"
		"                    else " DDEBUG_PROC_CONTROL "; debugfs is mounted if needed).\n"
		"    --no-mount      Never mount debugfs.\n"
		"    --flags FLAGS   [+-=] followed by p (print), m (module), f (function), s "
		"(source\n"
		"                    file), l (line), t (thread id), or _ (none). Default +p / "
		"-p.\n"
		"    --save FILE     Before changing anything, record in FILE the state of exactly "
		"the\n"
		"                    call sites the change will alter (added to FILE if it exists, "
		"the\n"
		"                    first recorded state of a site wins), for 'restore FILE'.\n"
		"                    Default: $RPMSG_DDEBUG_STATE, else " DDEBUG_STATE_FILE_NAME
		" in\n"
		"                    the first writable of /run, /dev/shm, /tmp.\n"
		"    --no-save       Record nothing.\n"
		"    -h, --help      This text.\n"
		"    --version       Print \"rpmsg-ddebug (rpmsg-scope) VERSION\" and exit.\n"
		"\n"
		"NOTES\n"
		"    Writing the control file needs root. Each query is one write(); the kernel "
		"checks\n"
		"    each and explains rejections in its log. Queries that match no call site are "
		"not\n"
		"    written; a TARGET that matches none is an error (is the module loaded?).\n"
		"\n"
		"EXIT STATUS\n"
		"    0 on success, 1 on error, 2 on bad usage.\n"
		"\n"
		"EXAMPLES\n"
		"    rpmsg-ddebug status rpmsg\n"
		"    rpmsg-ddebug on rpmsg --flags +pflmt\n"
		"    rpmsg-ddebug decode-log --live\n"
		"    rpmsg-ddebug restore\n"
		"    rpmsg-ddebug on 'file virtio_rpmsg_bus.c func rpmsg_recv_single' --save "
		"/tmp/ddebug.saved\n"
		"    dmesg > /tmp/log && rpmsg-ddebug decode-log /tmp/log\n"
		"    rpmsg-ddebug restore /tmp/ddebug.saved\n");
}
/* clang-format on */

struct options {
	const char *control;
	bool no_mount;
	const char *flags;
	const char *save;
	bool no_save;
	bool enabled_only;
};

/* Where the control file is; says so on stderr when it had to mount debugfs. */
static int locate_control(const struct options *opt, char *path, size_t size)
{
	const char *why;
	bool mounted;
	int err;

	if (opt->control) {
		snprintf(path, size, "%s", opt->control);
		return 0;
	}
	err = ddebug_find_control(!opt->no_mount, path, size, &mounted, &why);
	if (mounted)
		fprintf(stderr, PROG ": mounted debugfs on " DDEBUG_DEBUGFS_DIR "\n");
	if (err) {
		if (err == -ENOENT || err == -EPERM)
			fprintf(stderr, PROG ": %s\n", why);
		else
			fprintf(stderr, PROG ": %s: %s\n", why, strerror(-err));
		return err;
	}
	return 0;
}

static int read_listing(const char *control, struct ddebug_listing *listing)
{
	int err = ddebug_listing_read(control, listing);

	if (err == -EACCES || err == -EPERM)
		fprintf(stderr, PROG ": reading %s needs root: %s\n", control, strerror(-err));
	else if (err)
		fprintf(stderr, PROG ": cannot read %s: %s\n", control, strerror(-err));
	else if (listing->unparsed_lines)
		fprintf(stderr,
			PROG ": %zu lines of %s are not dynamic debug call sites (ignored)\n",
			listing->unparsed_lines, control);
	return err;
}

/* What a command acts on: a preset's match specs, or one spec the user wrote. */
struct target {
	const char *label;
	const char *specs[32];
	size_t nr_specs;
	char *joined;	   /* the user's words, joined; owns spec and flags below */
	const char *flags; /* flags the user put at the end of a spec, or NULL */
	struct ddebug_query queries[32];
};

static void target_free(struct target *t)
{
	for (size_t i = 0; i < t->nr_specs; i++)
		ddebug_query_free(&t->queries[i]);
	free(t->joined);
}

static bool is_keyword(const char *word)
{
	static const char *const keywords[] = {"file", "func", "module", "format", "line", "class"};

	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(word, keywords[i]))
			return true;
	return false;
}

/**
 * resolve_target() - turn the command's words into match specifications
 * @words: the words after the command (at least one)
 * @allow_flags: a trailing flags word is accepted (on/off)
 *
 * Return: 0, or 2 (usage error, already reported).
 */
static int resolve_target(int nr_words, char **words, bool allow_flags, struct target *t)
{
	const struct ddebug_preset *preset;
	size_t len = 0;
	char *last;
	const char *why;

	memset(t, 0, sizeof(*t));
	/* "rpmsg" or "rpmsg +pflmt" */
	if ((nr_words == 1 ||
	     (nr_words == 2 && allow_flags && words[1][0] && strchr("+-=", words[1][0]))) &&
	    (preset = ddebug_preset_find(words[0]))) {
		if (nr_words == 2)
			t->flags = words[1];
		t->label = preset->name;
		for (const char *const *s = preset->specs; *s; s++)
			t->specs[t->nr_specs++] = *s;
	} else {
		for (int i = 0; i < nr_words; i++)
			len += strlen(words[i]) + 1;
		t->joined = calloc(1, len + 1);
		if (!t->joined) {
			fprintf(stderr, PROG ": out of memory\n");
			return 1;
		}
		for (int i = 0; i < nr_words; i++) {
			strcat(t->joined, words[i]);
			if (i + 1 < nr_words)
				strcat(t->joined, " ");
		}
		last = strrchr(t->joined, ' ');
		last = last ? last + 1 : t->joined;
		if (*last == '+' || *last == '-' || *last == '=') {
			if (!allow_flags) {
				fprintf(stderr, PROG ": '%s': flags are not used by this command\n",
					t->joined);
				goto usage;
			}
			t->flags = last;
			if (last != t->joined)
				last[-1] = '\0';
			else
				goto unknown;
		}
		t->label = t->joined;
		t->specs[t->nr_specs++] = t->joined;
	}
	for (size_t i = 0; i < t->nr_specs; i++) {
		int err = ddebug_query_parse(t->specs[i], &t->queries[i], &why);

		if (err == -EINVAL) {
			/* one word that is not a keyword was meant as a preset */
			if (nr_words == 1 && !strchr(words[0], ' ') && !is_keyword(words[0]))
				goto unknown;
			fprintf(stderr, PROG ": bad query '%s': %s\n", t->specs[i], why);
			goto usage;
		}
		if (err) {
			fprintf(stderr, PROG ": %s\n", strerror(-err));
			t->nr_specs = i;
			target_free(t);
			return 1;
		}
	}
	return 0;
unknown:
	fprintf(stderr,
		PROG ": unknown preset '%s' (presets: %s; or give a query such as 'file NAME.c')\n",
		words[0], ddebug_preset_names());
usage:
	t->nr_specs = 0;
	target_free(t);
	return 2;
}

static bool site_in_target(const struct target *t, const struct ddebug_site *site)
{
	for (size_t i = 0; i < t->nr_specs; i++)
		if (ddebug_query_matches(&t->queries[i], site))
			return true;
	return false;
}

static void print_format(const char *format)
{
	putchar('"');
	for (const char *c = format; *c; c++) {
		if (*c == '\n')
			fputs(c[1] ? "\\n" : "", stdout);
		else if (*c == '\t')
			fputs("\\t", stdout);
		else
			putchar(*c);
	}
	putchar('"');
}

/* A target with no call site: say where we looked and the usual reasons. */
static void report_no_match(const struct target *t, const char *control)
{
	fprintf(stderr,
		PROG ": %s matches no call site in %s (is the module loaded and built with dynamic "
		     "debug?)\n",
		t->label, control);
}

static int cmd_status(const struct options *opt, int nr_words, char **words)
{
	static char *all[] = {"all"};
	struct ddebug_listing listing;
	struct target t;
	char control[256], flagbuf[8];
	size_t matched = 0, enabled = 0;
	int rc;

	rc = resolve_target(nr_words ? nr_words : 1, nr_words ? words : all, false, &t);
	if (rc)
		return rc;
	if (locate_control(opt, control, sizeof(control)) || read_listing(control, &listing)) {
		target_free(&t);
		return 1;
	}
	for (size_t i = 0; i < listing.nr_sites; i++) {
		const struct ddebug_site *s = &listing.sites[i];

		if (!site_in_target(&t, s))
			continue;
		matched++;
		if (s->flags & 1u) /* 'p' */
			enabled++;
		if (opt->enabled_only && !s->flags)
			continue;
		printf("=%-6s %s:%u [%s]%s ",
		       ddebug_flags_string(s->flags, listing.none_marker, flagbuf), s->filename,
		       s->lineno, s->module, s->function);
		print_format(s->format);
		if (s->class_name)
			printf(" class:%s", s->class_name);
		putchar('\n');
	}
	if (!matched) {
		report_no_match(&t, control);
		rc = 1;
	} else {
		printf("%s: %zu call sites, %zu printing (p)\n", t.label, matched, enabled);
	}
	ddebug_listing_free(&listing);
	target_free(&t);
	return rc;
}

/* Add to @saved the restore queries of the sites @change alters; returns how many, or -errno. */
static int collect_changes(const struct ddebug_listing *listing, const struct target *t,
			   const struct ddebug_flags *change, struct ddebug_saved *saved,
			   size_t *matched, size_t *changing)
{
	for (size_t i = 0; i < listing->nr_sites; i++) {
		const struct ddebug_site *s = &listing->sites[i];
		char *query;
		int err = 0;

		if (!site_in_target(t, s))
			continue;
		(*matched)++;
		if (ddebug_apply_flags(s->flags, change) == s->flags)
			continue;
		(*changing)++;
		query = ddebug_site_restore_query(s, s->flags, listing->none_marker);
		if (!query)
			return -ENOMEM;
		if (saved && !ddebug_saved_has_site(saved, query))
			err = ddebug_saved_add(saved, query);
		free(query);
		if (err)
			return err;
	}
	return 0;
}

/* Open the control file for writing, or say why not. */
static int open_control(const char *control)
{
	int fd = ddebug_control_open_write(control);

	if (fd == -EACCES || fd == -EPERM || fd == -EROFS)
		fprintf(stderr, PROG ": cannot write %s: %s%s\n", control, strerror(-fd),
			geteuid() ? " (writing the control file needs root)" : "");
	else if (fd < 0)
		fprintf(stderr, PROG ": cannot write %s: %s\n", control, strerror(-fd));
	return fd;
}

/* Write one query, reporting the kernel's verdict. Return: 0 or 1. */
static int write_query(int fd, const char *control, const char *query)
{
	int err = ddebug_control_write_query(fd, query);

	if (!err)
		return 0;
	if (err == -EINVAL)
		fprintf(stderr,
			PROG
			": the kernel rejected '%s' (Invalid argument; its reason is in dmesg)\n",
			query);
	else
		fprintf(stderr, PROG ": writing '%s' to %s: %s\n", query, control, strerror(-err));
	return 1;
}

static int load_existing_save(const char *path, struct ddebug_saved *saved)
{
	size_t bad_line;
	int err = ddebug_saved_load(path, saved, &bad_line);

	if (err == -ENOENT)
		return 0;
	if (err == -EINVAL)
		fprintf(stderr,
			PROG ": %s:%zu: not a saved call-site state; refusing to add to it\n", path,
			bad_line);
	else if (err)
		fprintf(stderr, PROG ": cannot read %s: %s\n", path, strerror(-err));
	return err;
}

/* Says why a command stops before changing anything: an error (-errno), or no site matched */
static bool selection_failed(int err, size_t matched, const struct target *t, const char *control)
{
	if (err)
		fprintf(stderr, PROG ": %s\n", strerror(-err));
	else if (!matched)
		report_no_match(t, control);
	return err || !matched;
}

static int cmd_switch(const struct options *opt, bool on, int nr_words, char **words)
{
	struct ddebug_listing listing;
	struct ddebug_saved saved = {0};
	struct ddebug_flags change;
	struct target t;
	char control[256];
	size_t matched = 0, changing = 0, written = 0;
	const char *flags;
	char *flags_text = NULL;
	int rc, fd = -1, err;

	if (!nr_words) {
		fprintf(stderr, PROG ": %s needs a preset (%s) or a query\n", on ? "on" : "off",
			ddebug_preset_names());
		return 2;
	}
	rc = resolve_target(nr_words, words, true, &t);
	if (rc)
		return rc;
	flags = t.flags ? t.flags : opt->flags ? opt->flags : on ? "+p" : "-p";
	/* "--flags pflmt" means +pflmt for on and -pflmt for off */
	if (*flags != '+' && *flags != '-' && *flags != '=') {
		if (asprintf(&flags_text, "%c%s", on ? '+' : '-', flags) < 0) {
			target_free(&t);
			return 1;
		}
		flags = flags_text;
	}
	if (ddebug_parse_flags(flags, &change)) {
		fprintf(stderr,
			PROG ": bad flags '%s': expected +, - or = followed by letters from p m f "
			     "s l t, or _ (e.g. +pflmt)\n",
			flags);
		rc = 2;
		goto out_target;
	}
	rc = 1;
	if (locate_control(opt, control, sizeof(control)) || read_listing(control, &listing))
		goto out_target;
	if (opt->save && load_existing_save(opt->save, &saved))
		goto out_listing;
	err = collect_changes(&listing, &t, &change, opt->save ? &saved : NULL, &matched,
			      &changing);
	if (selection_failed(err, matched, &t, control))
		goto out_saved;
	fd = open_control(control);
	if (fd < 0)
		goto out_saved;
	/* the saved state goes to disk before the first change, so a failure can still be undone */
	if (opt->save) {
		err = ddebug_saved_store(opt->save, &saved, control);
		if (err) {
			fprintf(stderr, PROG ": cannot write %s: %s (nothing changed)\n", opt->save,
				strerror(-err));
			goto out_fd;
		}
	}
	rc = 0;
	for (size_t i = 0; i < t.nr_specs; i++) {
		char *query = NULL;
		bool any = false;

		/* a query that matches nothing is not written: it would change nothing */
		for (size_t j = 0; j < listing.nr_sites && !any; j++)
			any = ddebug_query_matches(&t.queries[i], &listing.sites[j]);
		if (!any)
			continue;
		if (asprintf(&query, "%s %s", t.specs[i], flags) < 0) {
			rc = 1;
			break;
		}
		if (write_query(fd, control, query))
			rc = 1;
		else
			written++;
		free(query);
	}
	printf("%s: %s on %zu call sites (%zu changed) with %zu queries%s%s\n", t.label, flags,
	       matched, changing, written, opt->save ? "; previous state in " : "",
	       opt->save ? opt->save : "");
out_fd:
	close(fd);
out_saved:
	ddebug_saved_free(&saved);
out_listing:
	ddebug_listing_free(&listing);
out_target:
	target_free(&t);
	free(flags_text);
	return rc;
}

static int cmd_save(const struct options *opt, int nr_words, char **words)
{
	static char *all[] = {"all"};
	struct ddebug_listing listing;
	struct ddebug_saved saved = {0};
	struct target t;
	char control[256];
	size_t matched = 0;
	int rc, err = 0;

	if (!nr_words) {
		fprintf(stderr, PROG ": save needs a FILE\n");
		return 2;
	}
	rc = resolve_target(nr_words > 1 ? nr_words - 1 : 1, nr_words > 1 ? words + 1 : all, false,
			    &t);
	if (rc)
		return rc;
	rc = 1;
	if (locate_control(opt, control, sizeof(control)) || read_listing(control, &listing))
		goto out_target;
	/* every site of the target, whatever its state */
	for (size_t i = 0; i < listing.nr_sites; i++) {
		const struct ddebug_site *s = &listing.sites[i];
		char *query;

		if (!site_in_target(&t, s))
			continue;
		matched++;
		query = ddebug_site_restore_query(s, s->flags, listing.none_marker);
		err = query ? ddebug_saved_add(&saved, query) : -ENOMEM;
		free(query);
		if (err)
			break;
	}
	if (selection_failed(err, matched, &t, control))
		goto out_saved;
	err = ddebug_saved_store(words[0], &saved, control);
	if (err) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", words[0], strerror(-err));
		goto out_saved;
	}
	printf("%s: saved the state of %zu call sites in %s\n", t.label, matched, words[0]);
	rc = 0;
out_saved:
	ddebug_saved_free(&saved);
	ddebug_listing_free(&listing);
out_target:
	target_free(&t);
	return rc;
}

static int cmd_restore(const struct options *opt, int nr_words, char **words)
{
	struct ddebug_saved saved;
	struct ddebug_listing listing;
	char control[256];
	size_t bad_line, gone = 0, written = 0;
	int err, fd, rc = 0;
	const char *path = nr_words ? words[0] : default_state_file();

	if (nr_words > 1) {
		fprintf(stderr, PROG ": restore takes one FILE at most\n");
		return 2;
	}
	err = ddebug_saved_load(path, &saved, &bad_line);
	if (err == -ENOENT && !nr_words) {
		fprintf(stderr, PROG ": nothing to restore: no saved state in %s\n", path);
		return 1;
	}
	if (err == -EINVAL) {
		fprintf(stderr,
			PROG ": %s:%zu: not a saved call-site state (see 'rpmsg-ddebug save')\n",
			path, bad_line);
		return 1;
	}
	if (err) {
		fprintf(stderr, PROG ": cannot read %s: %s\n", path, strerror(-err));
		return 1;
	}
	if (locate_control(opt, control, sizeof(control)) || read_listing(control, &listing)) {
		ddebug_saved_free(&saved);
		return 1;
	}
	fd = open_control(control);
	if (fd < 0) {
		ddebug_listing_free(&listing);
		ddebug_saved_free(&saved);
		return 1;
	}
	for (size_t i = 0; i < saved.nr; i++) {
		char *spec = strndup(saved.queries[i],
				     (size_t)(strrchr(saved.queries[i], ' ') - saved.queries[i]));
		struct ddebug_query q;
		const char *why;
		bool any = false;

		/* a site whose module is gone is reported, not written */
		if (spec && !ddebug_query_parse(spec, &q, &why)) {
			for (size_t j = 0; j < listing.nr_sites && !any; j++)
				any = ddebug_query_matches(&q, &listing.sites[j]);
			ddebug_query_free(&q);
		}
		free(spec);
		if (!any) {
			gone++;
			continue;
		}
		if (write_query(fd, control, saved.queries[i]))
			rc = 1;
		else
			written++;
	}
	close(fd);
	printf("restored %zu call sites from %s\n", written, path);
	/* the default state is used up: the next on/off starts recording afresh */
	if (!rc && !nr_words && unlink(path))
		fprintf(stderr, PROG ": cannot remove %s: %s\n", path, strerror(errno));
	if (gone)
		fprintf(stderr,
			PROG ": %zu saved call sites no longer exist in %s (module unloaded?)\n",
			gone, control);
	ddebug_listing_free(&listing);
	ddebug_saved_free(&saved);
	return rc;
}

static int cmd_presets(void)
{
	for (const struct ddebug_preset *p = ddebug_presets; p->name; p++) {
		printf("%-11s %s\n", p->name, p->summary);
		for (const char *const *s = p->specs; *s && strcmp(p->name, "all"); s++)
			printf("            %s\n", *s);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"control", required_argument, NULL, 'c'},
		{"no-mount", no_argument, NULL, 'M'},
		{"flags", required_argument, NULL, 'f'},
		{"save", required_argument, NULL, 's'},
		{"enabled", no_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{"no-save", no_argument, NULL, 'N'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options opt = {0};
	const char *command;
	char **words;
	int c, nr_words = 0;

	if (argc >= 2 && !strcmp(argv[1], "decode-log"))
		return ddebug_cmd_decode_log(argc - 1, argv + 1);
	words = calloc((size_t)argc, sizeof(*words));
	if (!words)
		return 1;
	/* options may come before or after the command; flags like "-p" are not options */
	opterr = 1;
	while (optind < argc) {
		const char *arg = argv[optind];

		if (arg[0] != '-' || (arg[1] != '-' && arg[1] != 'h') || !arg[1]) {
			words[nr_words++] = argv[optind++];
			continue;
		}
		c = getopt_long(argc, argv, "+h", long_options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'c':
			opt.control = optarg;
			break;
		case 'M':
			opt.no_mount = true;
			break;
		case 'f':
			opt.flags = optarg;
			break;
		case 's':
			opt.save = optarg;
			break;
		case 'e':
			opt.enabled_only = true;
			break;
		case 'N':
			opt.no_save = true;
			break;
		case 'h':
			usage(stdout);
			free(words);
			return 0;
		case 'V': /* its own getopt table: the common one's --version, by hand */
			free(words);
			return rpmsg_print_version(PROG) ? 1 : 0;
		default:
			usage(stderr);
			free(words);
			return 2;
		}
	}
	while (optind < argc)
		words[nr_words++] = argv[optind++];
	if (!nr_words) {
		usage(stderr);
		free(words);
		return 2;
	}
	command = words[0];
	if (!strcmp(command, "status"))
		c = cmd_status(&opt, nr_words - 1, words + 1);
	else if (!strcmp(command, "on") || !strcmp(command, "off")) {
		if (!opt.save && !opt.no_save)
			opt.save = default_state_file();
		c = cmd_switch(&opt, !strcmp(command, "on"), nr_words - 1, words + 1);
	} else if (!strcmp(command, "save"))
		c = cmd_save(&opt, nr_words - 1, words + 1);
	else if (!strcmp(command, "restore"))
		c = cmd_restore(&opt, nr_words - 1, words + 1);
	else if (!strcmp(command, "presets"))
		c = cmd_presets();
	else if (!strcmp(command, "help"))
		usage(stdout), c = 0;
	else {
		fprintf(stderr, PROG ": unknown command '%s' (see rpmsg-ddebug --help)\n", command);
		c = 2;
	}
	free(words);
	return c;
}
