/* SPDX-License-Identifier: MIT */
/*
 * Run the command to trace with the rpmsg LTTng provider preloaded, and wait for it.
 *
 * The provider library (librpmsg-tp.so) is found by provider_library_path(); it is put first in
 * LD_PRELOAD, followed by lttng-ust's fork wrapper (so a child forked without exec keeps
 * tracing) and any LD_PRELOAD the caller had. Not thread-safe: the stop flag is process-wide.
 */
#ifndef RPMSG_RECORD_TRACED_CHILD_H
#define RPMSG_RECORD_TRACED_CHILD_H

#include <signal.h>
#include <stdbool.h>

/**
 * provider_library_path() - where librpmsg-tp.so is
 *
 * In order: $RPMSG_TP_LIBRARY; next to the installed rpmsg-trace (../lib...); the build tree;
 * the install directory. Return: a path that exists, or NULL.
 */
const char *provider_library_path(void);

/**
 * traced_child_run() - run @argv to completion (or until stopped)
 * @argv: NULL-terminated command, searched in PATH
 * @blocking: set LTTNG_UST_ALLOW_BLOCKING=1 for it (blocking channel)
 * @duration_s: > 0: send it SIGTERM after this many seconds
 * @stop: set by our signal handlers; when it becomes non-zero the signal number it holds is
 *        forwarded to the child once, unless the terminal already sent it to the child too
 *
 * Return: the child's exit status (0-255, 128 + signal when killed), or a negative errno when it
 * could not be started (127: command not found, as a shell says).
 */
int traced_child_run(char **argv, bool blocking, double duration_s, volatile sig_atomic_t *stop,
		     volatile sig_atomic_t *stop_from_terminal);

#endif /* RPMSG_RECORD_TRACED_CHILD_H */
