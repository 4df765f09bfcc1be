// SPDX-License-Identifier: MIT
/*
 * Saved call-site states (see ddebug_state.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ddebug_control.h"
#include "ddebug_state.h"

bool ddebug_saved_line_valid(const char *line)
{
	const char *space = strrchr(line, ' '), *why;
	struct ddebug_flags flags;
	struct ddebug_query query;
	char *spec;
	bool ok;

	if (!space || ddebug_parse_flags(space + 1, &flags))
		return false;
	spec = strndup(line, (size_t)(space - line));
	if (!spec)
		return false;
	/* a restore query names one call site: at least file and line */
	ok = !ddebug_query_parse(spec, &query, &why) && query.filename && query.first_lineno;
	if (ok)
		ddebug_query_free(&query);
	free(spec);
	return ok;
}

int ddebug_saved_add(struct ddebug_saved *saved, const char *query)
{
	char *copy;

	if (saved->nr == saved->alloc) {
		size_t grow = saved->alloc ? saved->alloc * 2 : 64;
		char **queries = realloc(saved->queries, grow * sizeof(*queries));

		if (!queries)
			return -ENOMEM;
		saved->queries = queries;
		saved->alloc = grow;
	}
	copy = strdup(query);
	if (!copy)
		return -ENOMEM;
	saved->queries[saved->nr++] = copy;
	return 0;
}

void ddebug_saved_free(struct ddebug_saved *saved)
{
	for (size_t i = 0; i < saved->nr; i++)
		free(saved->queries[i]);
	free(saved->queries);
	memset(saved, 0, sizeof(*saved));
}

/* Length of the call-site part of a restore query: everything before the flags word. */
static size_t site_key_len(const char *query)
{
	const char *space = strrchr(query, ' ');

	return space ? (size_t)(space - query) : strlen(query);
}

bool ddebug_saved_has_site(const struct ddebug_saved *saved, const char *query)
{
	size_t len = site_key_len(query);

	for (size_t i = 0; i < saved->nr; i++)
		if (site_key_len(saved->queries[i]) == len &&
		    !strncmp(saved->queries[i], query, len))
			return true;
	return false;
}

int ddebug_saved_load(const char *path, struct ddebug_saved *out, size_t *bad_line)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int err = 0;

	memset(out, 0, sizeof(*out));
	*bad_line = 0;
	if (!f)
		return -errno;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (!ddebug_saved_line_valid(line)) {
			*bad_line = lineno;
			err = -EINVAL;
			break;
		}
		err = ddebug_saved_add(out, line);
		if (err)
			break;
	}
	err = ddebug_lines_close(f, line, err);
	if (err)
		ddebug_saved_free(out);
	return err;
}

int ddebug_saved_store(const char *path, const struct ddebug_saved *saved, const char *control)
{
	char *tmp = NULL;
	FILE *f;
	int err = 0;

	if (asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0)
		return -ENOMEM;
	f = fopen(tmp, "we");
	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	fprintf(f,
		"# rpmsg-ddebug saved call-site states (%s); put back with: rpmsg-ddebug restore "
		"%s\n",
		control, path);
	for (size_t i = 0; i < saved->nr; i++)
		fprintf(f, "%s\n", saved->queries[i]);
	if (fflush(f) || ferror(f))
		err = -errno ? -errno : -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

const char *ddebug_state_default_path(void)
{
	static const char *const dirs[] = {"/run", "/dev/shm", "/tmp"};
	static char path[64];
	const char *env = getenv("RPMSG_DDEBUG_STATE");

	if (env && *env)
		return env;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!access(dirs[i], W_OK | X_OK)) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i], DDEBUG_STATE_FILE_NAME);
			return path;
		}
	}
	return "/run/" DDEBUG_STATE_FILE_NAME;
}
