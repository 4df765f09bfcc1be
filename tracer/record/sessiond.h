/* SPDX-License-Identifier: MIT */
/*
 * Make sure an LTTng session daemon answers liblttng-ctl, starting one if needed.
 *
 * The daemon that liblttng-ctl talks to is the root one for root, else the user's own (under
 * $LTTNG_HOME, default $HOME). A daemon we start keeps running after rpmsg-trace exits, as with
 * `lttng create`; its stdout/stderr go to a log file, never to our output. Not thread-safe.
 */
#ifndef RPMSG_RECORD_SESSIOND_H
#define RPMSG_RECORD_SESSIOND_H

#include <sys/types.h>

/**
 * sessiond_ensure() - connect to, or start, lttng-sessiond
 * @log_path: where a started daemon writes its output; NULL: $TMPDIR/rpmsg-trace-sessiond.log
 *
 * Says on stderr when it starts a daemon (with its pid and log file).
 * Return: 0 if one was already running, 1 if this call started it, or a negative errno
 * (-ENOENT: lttng-sessiond not installed; -EIO: it failed to start, see the log).
 */
int sessiond_ensure(const char *log_path);

#endif /* RPMSG_RECORD_SESSIOND_H */
