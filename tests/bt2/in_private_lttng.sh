#!/bin/sh
# TEST HELPER: run COMMAND where any lttng-sessiond it starts is private to it.
#
#   in_private_lttng.sh COMMAND [ARGS...]
#
# COMMAND runs in a private mount namespace with its own /run (the session daemon's rundir,
# /run/lttng) and /dev/shm, and HOME/LTTNG_HOME in a scratch directory, so it never meets another
# session daemon on the machine. A session daemon still running afterwards (started by COMMAND,
# e.g. rpmsg-trace record) is stopped by the pid in its pid file; the scratch directory is
# removed.
set -eu

if [ "${RPMSG_PRIVATE_LTTNG:-}" != 1 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: a private lttng-sessiond needs root (mount namespace)"
		exit 77
	fi
	exec env RPMSG_PRIVATE_LTTNG=1 unshare --mount --propagation private sh "$0" "$@"
fi

mount -t tmpfs rpmsg-test-run /run
mount -t tmpfs rpmsg-test-shm /dev/shm
work=$(mktemp -d /tmp/rpmsg-private-lttng.XXXXXX)
cleanup() {
	pidfile=/run/lttng/lttng-sessiond.pid
	if [ -f "$pidfile" ]; then
		pid=$(cat "$pidfile")
		kill "$pid" 2>/dev/null || true
		# Not our child: poll until it is gone (it stops its consumer daemons first).
		tries=0
		while kill -0 "$pid" 2>/dev/null && [ $tries -lt 300 ]; do
			sleep 0.1
			tries=$((tries + 1))
		done
	fi
	rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work" LTTNG_HOME="$work" TMPDIR="$work"
"$@"
