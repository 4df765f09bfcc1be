/* SPDX-License-Identifier: MIT */
/*
 * What every reader of a CTF trace or LTTng live session needs before and around its babeltrace2
 * graph, written once for `rpmsg-trace decode/report` (tracer/report) and the trace source
 * (source_trace.c):
 *   - which babeltrace2 plugins provide ctf and utils (babeltrace2's search: BABELTRACE_PLUGIN_PATH
 *     first, then the user's, the system's and the built-in plugins, as the CLI does);
 *   - which directories under a recording hold a CTF trace (a 'metadata' file), sorted;
 *   - stream files that are empty while their LTTng index lists packets (babeltrace2 would read
 *     them as quiet streams: a truncated trace shown as a whole one);
 *   - the watchdog of a reading child: is it on a CPU (blocked or stopped is not stuck), and how
 *     long may it run without progress (RPMSG_TRACE_STALL_MS, default 10 s).
 *
 * Contract: functions print nothing; failures come back as a negative errno, with one line in
 * the caller's buffer where there is one. Not thread-safe (nftw() state); memory returned is the
 * caller's (rpmsg_trace_dirs_free()).
 */
#ifndef RPMSG_SOURCES_TRACE_INPUT_H
#define RPMSG_SOURCES_TRACE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <babeltrace2/babeltrace.h>

/* Trace directories under one recording (LTTng: one per ABI and per-PID/UID buffer). */
#define RPMSG_TRACE_DIRS_MAX 256

/** rpmsg_trace_is_live_url() - net://, net4:// or net6:// (an LTTng live session). */
bool rpmsg_trace_is_live_url(const char *url);

/**
 * rpmsg_trace_find_plugin() - babeltrace2 plugin @name as the babeltrace2 CLI finds it
 * (BABELTRACE_PLUGIN_PATH first), or NULL; put_ref it. Plugins that fail to load are skipped.
 */
const bt_plugin *rpmsg_trace_find_plugin(const char *name);

/**
 * rpmsg_trace_find_dirs() - the directories holding a 'metadata' file under @path, sorted
 * @dirs: filled with up to RPMSG_TRACE_DIRS_MAX malloc'd paths
 * @count: how many
 * Return: 0; -ENODATA (no trace in it), -E2BIG (more than RPMSG_TRACE_DIRS_MAX), -ENOMEM, or
 * the walk's errno (-ENOENT: no such path).
 */
int rpmsg_trace_find_dirs(const char *path, char **dirs, size_t *count);
void rpmsg_trace_dirs_free(char **dirs, size_t count);

/**
 * rpmsg_trace_check_empty_streams() - a stream file of zero bytes whose index lists packets
 * @dir: one trace directory (from rpmsg_trace_find_dirs())
 * @path, @size: the first such stream file's path, when there is one
 * Return: 0, or -EIO when a stream is truncated that way. Costs one stat per file.
 */
int rpmsg_trace_check_empty_streams(const char *dir, char *path, size_t size);

/**
 * rpmsg_trace_reader_running() - is @pid on a CPU or waiting for one? A reader blocked writing a
 * slow pipe or stopped (^Z) makes no progress either but is not stuck. Without /proc: true.
 */
bool rpmsg_trace_reader_running(pid_t pid);

/** rpmsg_trace_stall_ms() - how long a running reader may make no progress (milliseconds). */
long rpmsg_trace_stall_ms(void);

#endif /* RPMSG_SOURCES_TRACE_INPUT_H */
