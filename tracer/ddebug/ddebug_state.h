/* SPDX-License-Identifier: MIT */
/*
 * Saved call-site states: the file `save` and `on/off --save` write and `restore` reads.
 *
 * The file is text: comment lines start with '#', every other line is one query that puts one
 * call site back exactly as it was ("module M file F line N func FN =FLAGS"). Restoring is
 * writing those lines to the control file, one per write().
 *
 * Memory: a struct ddebug_saved owns its strings; free with ddebug_saved_free(). No shared state.
 */
#ifndef RPMSG_DDEBUG_STATE_H
#define RPMSG_DDEBUG_STATE_H

#include <stdbool.h>
#include <stddef.h>

struct ddebug_saved {
	char **queries;
	size_t nr;
	size_t alloc;
};

/**
 * ddebug_saved_load() - read a saved-state file
 * @bad_line: on -EINVAL, the 1-based number of the first line that is not a restore query
 * Return: 0, -ENOENT, -EINVAL, or another -errno.
 */
int ddebug_saved_load(const char *path, struct ddebug_saved *out, size_t *bad_line);

/* Write @saved to @path atomically (temporary file + rename). Return: 0 or -errno. */
int ddebug_saved_store(const char *path, const struct ddebug_saved *saved, const char *control);

/* Whether a query for the same call site (everything but the flags) is already saved. */
bool ddebug_saved_has_site(const struct ddebug_saved *saved, const char *query);

/* Append a copy of @query. Return: 0 or -ENOMEM. */
int ddebug_saved_add(struct ddebug_saved *saved, const char *query);

void ddebug_saved_free(struct ddebug_saved *saved);

/* The state file's name in the directory ddebug_state_default_path() picks. */
#define DDEBUG_STATE_FILE_NAME "rpmsg-ddebug.state"

/**
 * ddebug_state_default_path() - where on/off keep the states they change by default
 *
 * $RPMSG_DDEBUG_STATE when set, else DDEBUG_STATE_FILE_NAME in the first directory of /run,
 * /dev/shm, /tmp that can be written: each is emptied at boot, as is every dynamic debug setting,
 * so a stale state never outlives what it describes. /run on a distribution; a minimal board
 * (busybox initramfs) may have no /run, and its rootfs /tmp is boot-fresh too. When none can be
 * written, /run's path (on/off then fail naming it).
 * Return: a static string (not thread-safe).
 */
const char *ddebug_state_default_path(void);

/* Whether @line is a well-formed restore query (a match spec followed by flags). */
bool ddebug_saved_line_valid(const char *line);

#endif /* RPMSG_DDEBUG_STATE_H */
