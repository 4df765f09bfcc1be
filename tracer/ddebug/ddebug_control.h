/* SPDX-License-Identifier: MIT */
/*
 * The dynamic debug control file: reading its listing, the query language, and writing queries.
 *
 * Listing lines are what lib/dynamic_debug.c's ddebug_proc_show() prints:
 *	"%s:%u [%s]%s =%s \"" filename, lineno, module, function, flags; the escaped format; "\""
 *	and, since 6.1, " class:NAME" for call sites in a class.
 * Queries are what ddebug_exec_query() accepts: pairs of "file|func|module|format|line|class"
 * and a value, then flags "[+-=][pmfslt_]+". We parse and match queries ourselves only to show
 * and save the call sites a query will touch; the change itself is always made by writing the
 * query to the control file, one query per write() (the kernel reports errors per write).
 *
 * Memory: a struct ddebug_listing owns its sites; free it with ddebug_listing_free().
 * Threads: no shared state. Errors: 0 or -errno; messages go to the caller through @err buffers.
 */
#ifndef RPMSG_DDEBUG_CONTROL_H
#define RPMSG_DDEBUG_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The flag letters, in the kernel's opt_array order (p m f s l t); '_' alone means none. */
#define DDEBUG_FLAG_LETTERS "pmfslt"

struct ddebug_site {
	char *filename; /* as listed: path relative to the kernel tree */
	unsigned int lineno;
	char *module;
	char *function;
	unsigned int flags; /* bit i = DDEBUG_FLAG_LETTERS[i] */
	char *format;	    /* unescaped format string */
	char *class_name;   /* NULL when the site has no class */
};

struct ddebug_listing {
	struct ddebug_site *sites;
	size_t nr_sites;
	size_t unparsed_lines; /* lines that were neither the header nor a call site */
	char none_marker;      /* how the kernel shows "no flags": '_' (>= 5.x) or '-' */
};

/* A parsed query: each field NULL / 0 when not given. Strings point into the query's buffer. */
struct ddebug_query {
	char *buf;
	const char *filename, *function, *module, *format, *class_name;
	unsigned int first_lineno, last_lineno;
};

/* A parsed flags specification, e.g. "+pflmt". */
struct ddebug_flags {
	char op; /* '+', '-' or '=' */
	unsigned int flags;
};

/**
 * ddebug_lines_close() - end a getline() loop over @f: free @line, close @f
 * @err: the loop's result, 0 or -errno
 *
 * Return: @err, or -EIO when the loop ended on a read error rather than at the end.
 */
int ddebug_lines_close(FILE *f, char *line, int err);

/**
 * ddebug_listing_read() - read and parse the control file's listing
 * @path: the control file
 * @out: the sites, in listing order
 *
 * Return: 0, or -errno from open/read (-ENOMEM).
 */
int ddebug_listing_read(const char *path, struct ddebug_listing *out);
void ddebug_listing_free(struct ddebug_listing *listing);

/**
 * ddebug_parse_flags() - parse "[+-=][pmfslt_]+"
 * Return: 0, or -EINVAL (bad operator, unknown letter, or no letter).
 */
int ddebug_parse_flags(const char *text, struct ddebug_flags *out);

/* Flags as the listing shows them ("pfl", or the none marker); @buf has room for 8 bytes. */
const char *ddebug_flags_string(unsigned int flags, char none_marker, char *buf);

/* The flags a site would have after @change. */
unsigned int ddebug_apply_flags(unsigned int current, const struct ddebug_flags *change);

/**
 * ddebug_query_parse() - parse a match specification (a query without its flags)
 * @text: e.g. "file virtio_rpmsg_bus.c func rpmsg_recv_single"
 * @out: the query; free with ddebug_query_free()
 * @why: on -EINVAL, a short reason ("unknown keyword \"foo\"")
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int ddebug_query_parse(const char *text, struct ddebug_query *out, const char **why);
void ddebug_query_free(struct ddebug_query *query);

/* Whether @site matches @query, with the kernel's rules (wildcards, basename, format substring). */
bool ddebug_query_matches(const struct ddebug_query *query, const struct ddebug_site *site);

/* The query that puts exactly @site back to @flags; returns a malloc'd string or NULL. */
char *ddebug_site_restore_query(const struct ddebug_site *site, unsigned int flags,
				char none_marker);

/**
 * ddebug_control_open_write() - open the control file for writing queries
 *
 * O_APPEND: the kernel ignores the file position, and a plain file standing in for the control
 * file (tests) keeps its listing and collects the queries after it.
 * Return: a file descriptor, or -errno.
 */
int ddebug_control_open_write(const char *path);

/* Write one query ("match-spec flags") with a single write(). Return: 0 or -errno. */
int ddebug_control_write_query(int fd, const char *query);

#endif /* RPMSG_DDEBUG_CONTROL_H */
