#!/bin/sh
# TEST HELPER: run COMMAND where any lttng-sessiond it starts is private to it.
#
#   in_private_lttng.sh COMMAND [ARGS...]
#
# COMMAND runs in a private mount namespace with its own /run (the session daemon's rundir,
# /run/lttng) and /dev/shm, and HOME/LTTNG_HOME in a scratch directory, so it never meets another
# session daemon on the machine. A session daemon still running afterwards (started by COMMAND,
# e.g. rpmsg-trace record) is stopped by the pid in its pid file; the scratch directory is
# removed. The exit status is COMMAND's.
. "$(dirname "$0")/../include/lib.sh"
private_namespace "$@"
tmpdir_make private-lttng
export HOME="$TMP" LTTNG_HOME="$TMP" TMPDIR="$TMP"
on_exit_run stop_private_lttng
"$@"
