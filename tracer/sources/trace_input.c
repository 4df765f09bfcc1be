// SPDX-License-Identifier: MIT
/* Trace inputs and the reading child's watchdog, shared by every trace reader (trace_input.h). */
#define _GNU_SOURCE /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trace_input.h"

/*
 * Opening a trace indexes every stream file before the first message, so the limit is generous
 * (a cut metadata file makes babeltrace2 2.0's ctf plugin spin forever).
 */
#define STALL_MS_DEFAULT 10000

bool rpmsg_trace_is_live_url(const char *url)
{
	return !strncmp(url, "net://", 6) || !strncmp(url, "net4://", 7) ||
	       !strncmp(url, "net6://", 7);
}

const bt_plugin *rpmsg_trace_find_plugin(const char *name)
{
	const bt_plugin *plugin = NULL;

	/*
	 * babeltrace2's own search, as its CLI does it: BABELTRACE_PLUGIN_PATH, then
	 * ~/.local/lib/babeltrace2/plugins, the system's directory and the built-in plugins; the
	 * first plugin of that name wins. A file there that does not load (an ASan-built plugin,
	 * say) is skipped, as the CLI skips it. Our own rpmsg plugin on that path is loaded too but
	 * never used: the rpmsg classes are the in-process ones (bt2-components.h).
	 */
	if (bt_plugin_find(name, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &plugin) !=
	    BT_PLUGIN_FIND_STATUS_OK)
		return NULL;
	return plugin;
}

/* nftw() takes no context: the walk in progress. */
static struct {
	char **dirs;
	size_t count;
	int error;
} walk;

static int note_trace_dir(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	size_t len = strlen(path);

	if (flag != FTW_F || strcmp(path + ftw->base, "metadata"))
		return 0;
	if (walk.count == RPMSG_TRACE_DIRS_MAX) {
		walk.error = -E2BIG;
		return 1;
	}
	/* "metadata" alone (a relative path to the current directory) is in "." */
	walk.dirs[walk.count] = ftw->base ? strndup(path, len - 9) : strdup(".");
	if (!walk.dirs[walk.count]) {
		walk.error = -ENOMEM;
		return 1;
	}
	walk.count++;
	return 0;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rpmsg_trace_find_dirs(const char *path, char **dirs, size_t *count)
{
	int walked;

	walk.dirs = dirs;
	walk.count = 0;
	walk.error = 0;
	walked = nftw(path, note_trace_dir, 16, FTW_PHYS);
	*count = walk.count;
	if (walked < 0)
		walk.error = -errno;
	if (!walk.error && !walk.count)
		walk.error = -ENODATA;
	if (walk.error) {
		rpmsg_trace_dirs_free(dirs, walk.count);
		*count = 0;
		return walk.error;
	}
	qsort(dirs, walk.count, sizeof(dirs[0]), compare_paths);
	return 0;
}

void rpmsg_trace_dirs_free(char **dirs, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(dirs[i]);
		dirs[i] = NULL;
	}
}

/*
 * babeltrace2 skips a stream file of zero bytes without a word. LTTng's index (index/NAME.idx:
 * a 16-byte header, then one entry per packet) says whether packets were written: an empty
 * stream with a non-empty index is truncated.
 */
int rpmsg_trace_check_empty_streams(const char *dir, char *path, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	int err = 0;

	if (!d)
		return 0; /* babeltrace2 says why it cannot open it */
	while (!err && (entry = readdir(d))) {
		char stream[PATH_MAX], index[PATH_MAX];
		struct stat st, index_st;

		if (entry->d_name[0] == '.' || !strcmp(entry->d_name, "metadata"))
			continue;
		snprintf(stream, sizeof(stream), "%s/%s", dir, entry->d_name);
		snprintf(index, sizeof(index), "%s/index/%s.idx", dir, entry->d_name);
		if (stat(stream, &st) || !S_ISREG(st.st_mode) || st.st_size ||
		    stat(index, &index_st) || index_st.st_size <= 16)
			continue;
		snprintf(path, size, "%s", stream);
		err = -EIO;
	}
	closedir(d);
	return err;
}

bool rpmsg_trace_reader_running(pid_t pid)
{
	char path[64], line[256], *state;
	bool running = true;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return true;
	/* "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
	 */
	if (fgets(line, sizeof(line), f) && (state = strrchr(line, ')')) && state[1] == ' ')
		running = state[2] == 'R';
	fclose(f);
	return running;
}

long rpmsg_trace_stall_ms(void)
{
	const char *text = getenv("RPMSG_TRACE_STALL_MS");
	char *end;
	long ms = text ? strtol(text, &end, 10) : 0;

	return text && *text && !*end && ms > 0 ? ms : STALL_MS_DEFAULT;
}
