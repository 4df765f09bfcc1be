// SPDX-License-Identifier: MIT
/*
 * The dynamic debug control file: listing parser, query and flags parsers, matcher, writer.
 * See ddebug_control.h for the formats and the contract.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddebug_control.h"

/* Undo seq_escape*(): "\n", "\t", "\\", "\"" and octal "\012" (older kernels). In place. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1]) {
			if (s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' &&
			    s[3] >= '0' && s[3] <= '7') {
				*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
						(s[3] - '0'));
				s += 4;
				continue;
			}
			switch (s[1]) {
			case 'n':
				*out++ = '\n';
				break;
			case 't':
				*out++ = '\t';
				break;
			case 'r':
				*out++ = '\r';
				break;
			case 'f':
				*out++ = '\f';
				break;
			case 'v':
				*out++ = '\v';
				break;
			case 's':
				*out++ = ' ';
				break;
			default:
				*out++ = s[1];
				break;
			}
			s += 2;
			continue;
		}
		*out++ = *s++;
	}
	*out = '\0';
}

static int flag_bit(char c)
{
	const char *at = strchr(DDEBUG_FLAG_LETTERS, c);

	return c && at ? (int)(at - DDEBUG_FLAG_LETTERS) : -1;
}

/* "drivers/rpmsg/virtio_rpmsg_bus.c:620 [virtio_rpmsg_bus]rpmsg_send_offchannel_raw =p "..."" */
static int parse_site(char *line, struct ddebug_site *site, char *none_marker)
{
	char *space, *colon, *bracket, *close, *func_end, *flags, *quote, *last_quote, *end;
	unsigned long lineno;

	memset(site, 0, sizeof(*site));
	space = strchr(line, ' ');
	if (!space)
		return -EINVAL;
	*space = '\0';
	colon = strrchr(line, ':');
	if (!colon || colon == line)
		return -EINVAL;
	*colon = '\0';
	errno = 0;
	lineno = strtoul(colon + 1, &end, 10);
	if (*end || end == colon + 1 || errno || lineno > 0xffffffffUL)
		return -EINVAL;
	bracket = space + 1;
	if (*bracket != '[')
		return -EINVAL;
	close = strchr(bracket, ']');
	if (!close)
		return -EINVAL;
	*close = '\0';
	func_end = strchr(close + 1, ' ');
	if (!func_end || func_end == close + 1)
		return -EINVAL;
	*func_end = '\0';
	flags = func_end + 1;
	if (*flags == '=') /* older kernels print the flags without '=' */
		flags++;
	quote = strchr(flags, ' ');
	if (!quote || quote[1] != '"')
		return -EINVAL;
	*quote = '\0';
	for (const char *f = flags; *f; f++) {
		if (*f == '_' || *f == '-') {
			*none_marker = *f;
			continue;
		}
		if (flag_bit(*f) < 0)
			return -EINVAL;
		site->flags |= 1u << flag_bit(*f);
	}
	/* the format ends at the last quote; " class:NAME" may follow it */
	last_quote = strrchr(quote + 2, '"');
	if (!last_quote)
		return -EINVAL;
	*last_quote = '\0';
	if (!strncmp(last_quote + 1, " class:", 7)) {
		site->class_name = strdup(last_quote + 8);
		if (!site->class_name)
			return -ENOMEM;
	}
	unescape(quote + 2);
	site->filename = strdup(line);
	site->lineno = (unsigned int)lineno;
	site->module = strdup(bracket + 1);
	site->function = strdup(close + 1);
	site->format = strdup(quote + 2);
	if (!site->filename || !site->module || !site->function || !site->format)
		return -ENOMEM;
	return 0;
}

static void site_free(struct ddebug_site *site)
{
	free(site->filename);
	free(site->module);
	free(site->function);
	free(site->format);
	free(site->class_name);
}

void ddebug_listing_free(struct ddebug_listing *listing)
{
	for (size_t i = 0; i < listing->nr_sites; i++)
		site_free(&listing->sites[i]);
	free(listing->sites);
	memset(listing, 0, sizeof(*listing));
}

int ddebug_lines_close(FILE *f, char *line, int err)
{
	if (!err && ferror(f))
		err = -EIO;
	free(line);
	fclose(f);
	return err;
}

int ddebug_listing_read(const char *path, struct ddebug_listing *out)
{
	FILE *f = fopen(path, "re");
	struct stat st;
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t n;
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->none_marker = '_';
	if (!f)
		return -errno;
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		return -EISDIR;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct ddebug_site site;

		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		err = parse_site(line, &site, &out->none_marker);
		if (err) {
			site_free(&site);
			if (err == -ENOMEM)
				break;
			out->unparsed_lines++;
			err = 0;
			continue;
		}
		if (out->nr_sites == alloc) {
			size_t grow = alloc ? alloc * 2 : 256;
			struct ddebug_site *sites = realloc(out->sites, grow * sizeof(*sites));

			if (!sites) {
				site_free(&site);
				err = -ENOMEM;
				break;
			}
			out->sites = sites;
			alloc = grow;
		}
		out->sites[out->nr_sites++] = site;
	}
	err = ddebug_lines_close(f, line, err);
	if (err)
		ddebug_listing_free(out);
	return err;
}

int ddebug_parse_flags(const char *text, struct ddebug_flags *out)
{
	const char *p = text;
	bool any = false;

	memset(out, 0, sizeof(*out));
	if (*p != '+' && *p != '-' && *p != '=')
		return -EINVAL;
	out->op = *p++;
	for (; *p; p++) {
		if (*p == '_') {
			any = true;
			continue;
		}
		if (flag_bit(*p) < 0)
			return -EINVAL;
		out->flags |= 1u << flag_bit(*p);
		any = true;
	}
	return any ? 0 : -EINVAL;
}

const char *ddebug_flags_string(unsigned int flags, char none_marker, char *buf)
{
	char *p = buf;

	for (int i = 0; DDEBUG_FLAG_LETTERS[i]; i++)
		if (flags & (1u << i))
			*p++ = DDEBUG_FLAG_LETTERS[i];
	if (p == buf)
		*p++ = none_marker;
	*p = '\0';
	return buf;
}

unsigned int ddebug_apply_flags(unsigned int current, const struct ddebug_flags *change)
{
	switch (change->op) {
	case '+':
		return current | change->flags;
	case '-':
		return current & ~change->flags;
	default:
		return change->flags;
	}
}

/* Split into words like ddebug_tokenize(): spaces separate, '...' or "..." quote; '#' ends. */
static int tokenize(char *buf, char **words, int max)
{
	int n = 0;

	for (;;) {
		char *end;

		while (isspace((unsigned char)*buf))
			buf++;
		if (!*buf || *buf == '#')
			return n;
		if (*buf == '"' || *buf == '\'') {
			char quote = *buf++;

			end = strchr(buf, quote);
			if (!end)
				return -EINVAL;
		} else {
			for (end = buf; *end && !isspace((unsigned char)*end); end++)
				;
		}
		if (n == max)
			return -E2BIG;
		words[n++] = buf;
		if (!*end)
			return n;
		*end = '\0';
		buf = end + 1;
	}
}

static int parse_linerange(struct ddebug_query *q, char *text)
{
	char *dash = strchr(text, '-'), *end;
	unsigned long first = 0, last;

	if (q->first_lineno || q->last_lineno)
		return -EINVAL;
	if (dash)
		*dash = '\0';
	if (*text) {
		first = strtoul(text, &end, 10);
		if (*end)
			return -EINVAL;
	}
	last = first;
	if (dash) {
		last = 0;
		if (dash[1]) {
			last = strtoul(dash + 1, &end, 10);
			if (*end)
				return -EINVAL;
		}
		if (!last)
			last = 0xffffffffUL;
		if (last < first)
			return -EINVAL;
	}
	q->first_lineno = (unsigned int)first;
	q->last_lineno = (unsigned int)last;
	return 0;
}

int ddebug_query_parse(const char *text, struct ddebug_query *out, const char **why)
{
	char *words[16];
	int n;

	memset(out, 0, sizeof(*out));
	*why = "";
	out->buf = strdup(text);
	if (!out->buf)
		return -ENOMEM;
	n = tokenize(out->buf, words, 16);
	if (n < 0) {
		*why = n == -EINVAL ? "unclosed quote" : "too many words";
		goto invalid;
	}
	if (n % 2) {
		*why = "expecting pairs of keyword and value";
		goto invalid;
	}
	for (int i = 0; i < n; i += 2) {
		const char **slot = NULL;
		char *value = words[i + 1];

		if (!strcmp(words[i], "func")) {
			slot = &out->function;
		} else if (!strcmp(words[i], "file")) {
			char *tail = strchr(value, ':');

			slot = &out->filename;
			/* "file name.c:func" or "file name.c:120-130" */
			if (tail) {
				*tail++ = '\0';
				if (isalpha((unsigned char)*tail) || *tail == '*' || *tail == '?') {
					if (out->function) {
						*why = "func given twice";
						goto invalid;
					}
					out->function = tail;
				} else if (parse_linerange(out, tail)) {
					*why = "bad line range";
					goto invalid;
				}
			}
		} else if (!strcmp(words[i], "module")) {
			slot = &out->module;
		} else if (!strcmp(words[i], "format")) {
			unescape(value);
			slot = &out->format;
		} else if (!strcmp(words[i], "class")) {
			slot = &out->class_name;
		} else if (!strcmp(words[i], "line")) {
			if (parse_linerange(out, value)) {
				*why = "bad line range";
				goto invalid;
			}
			continue;
		} else {
			*why = "unknown keyword (expected file, func, module, format, line or "
			       "class)";
			goto invalid;
		}
		if (*slot) {
			*why = "keyword given twice";
			goto invalid;
		}
		*slot = value;
	}
	return 0;
invalid:
	ddebug_query_free(out);
	return -EINVAL;
}

void ddebug_query_free(struct ddebug_query *query)
{
	free(query->buf);
	memset(query, 0, sizeof(*query));
}

/* The kernel's match_wildcard(): '*' any run, '?' any one character. */
static bool match_wildcard(const char *pattern, const char *str)
{
	const char *star = NULL, *retry = NULL;

	while (*str) {
		if (*pattern == '?' || *pattern == *str) {
			pattern++;
			str++;
		} else if (*pattern == '*') {
			star = pattern++;
			retry = str;
		} else if (star) {
			pattern = star + 1;
			str = ++retry;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return !*pattern;
}

bool ddebug_query_matches(const struct ddebug_query *q, const struct ddebug_site *site)
{
	if (q->module && !match_wildcard(q->module, site->module))
		return false;
	if (q->filename) {
		const char *base = strrchr(site->filename, '/');

		base = base ? base + 1 : site->filename;
		if (!match_wildcard(q->filename, site->filename) &&
		    !match_wildcard(q->filename, base))
			return false;
	}
	if (q->function && !match_wildcard(q->function, site->function))
		return false;
	if (q->format) {
		if (q->format[0] == '^') {
			if (strncmp(site->format, q->format + 1, strlen(q->format + 1)))
				return false;
		} else if (!strstr(site->format, q->format)) {
			return false;
		}
	}
	if (q->first_lineno && site->lineno < q->first_lineno)
		return false;
	if (q->last_lineno && site->lineno > q->last_lineno)
		return false;
	/* since 6.1 a query without "class" only touches sites without one */
	if (q->class_name ? !site->class_name || strcmp(q->class_name, site->class_name)
			  : site->class_name != NULL)
		return false;
	return true;
}

char *ddebug_site_restore_query(const struct ddebug_site *site, unsigned int flags,
				char none_marker)
{
	char flagbuf[8], *query = NULL;
	/* kernels that show '-' for "no flags" do not know "=_"; removing every flag is the same */
	const char *spec = flags		? ddebug_flags_string(flags, none_marker, flagbuf)
			   : none_marker == '-' ? NULL
						: "_";
	int n;

	if (spec)
		n = asprintf(&query, "module %s file %s line %u func %s %s%s", site->module,
			     site->filename, site->lineno, site->function, "=", spec);
	else
		n = asprintf(&query, "module %s file %s line %u func %s -pmflt", site->module,
			     site->filename, site->lineno, site->function);
	if (n < 0)
		return NULL;
	if (site->class_name) {
		char *with_class = NULL;

		/* 9 words is the kernel's limit (MAXWORDS), so a class replaces the module */
		n = asprintf(&with_class, "class %s file %s line %u func %s %s", site->class_name,
			     site->filename, site->lineno, site->function, strrchr(query, ' ') + 1);
		free(query);
		query = n < 0 ? NULL : with_class;
	}
	return query;
}

int ddebug_control_open_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int ddebug_control_write_query(int fd, const char *query)
{
	size_t len = strlen(query);
	char *line = malloc(len + 2);
	ssize_t n;
	int err;

	if (!line)
		return -ENOMEM;
	memcpy(line, query, len);
	line[len] = '\n';
	line[len + 1] = '\0';
	/* one write() per query: the kernel parses and reports each write on its own */
	do {
		n = write(fd, line, len + 1);
	} while (n < 0 && errno == EINTR);
	err = n < 0 ? -errno : (size_t)n != len + 1 ? -EIO : 0;
	free(line);
	return err;
}
