#!/bin/sh
# TEST HELPER: record an LTTng-UST trace of COMMAND under a session daemon of our own.
#
#   record_fixture.sh OUT_DIR COMMAND [ARGS...]
#
# The session daemon runs in a private mount namespace with its own /run (its rundir,
# /run/lttng) and /dev/shm, so it never meets another session daemon on the machine (other
# tests, a user's). It is started and stopped by pid, its output goes to a log file, and the
# scratch directory is removed on exit. The trace (all rpmsg:* events, with vpid/vtid) ends up
# in OUT_DIR.
set -eu

if [ "${RPMSG_RECORD_IN_NAMESPACE:-}" != 1 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: recording needs root (a private mount namespace for lttng-sessiond)"
		exit 77
	fi
	exec env RPMSG_RECORD_IN_NAMESPACE=1 unshare --mount --propagation private sh "$0" "$@"
fi

out=$1
shift
mount -t tmpfs rpmsg-test-run /run
mount -t tmpfs rpmsg-test-shm /dev/shm
work=$(mktemp -d /tmp/rpmsg-bt2-record.XXXXXX)
sessiond=
cleanup() {
	if [ -n "$sessiond" ]; then
		kill "$sessiond" 2>/dev/null || true
		wait "$sessiond" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work" LTTNG_HOME="$work"

lttng-sessiond >"$work/sessiond.log" 2>&1 &
sessiond=$!
tries=0
until lttng list >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ $tries -gt 600 ] || ! kill -0 "$sessiond" 2>/dev/null; then
		echo "record_fixture: lttng-sessiond did not come up; its log:" >&2
		cat "$work/sessiond.log" >&2
		exit 1
	fi
	sleep 0.1
done

rm -rf "$out"
lttng create rpmsg-fixture --output="$out" >"$work/lttng.log"
# Large buffers by default: the fixture's events must all be there, the counts are asserted
# exactly. RECORD_SUBBUF_SIZE / RECORD_NUM_SUBBUF make them small to provoke discarded events.
lttng enable-channel -u rpmsg --subbuf-size="${RECORD_SUBBUF_SIZE:-1M}" \
	--num-subbuf="${RECORD_NUM_SUBBUF:-8}" >>"$work/lttng.log"
lttng add-context -u -c rpmsg -t vpid -t vtid >>"$work/lttng.log"
lttng enable-event -u -c rpmsg 'rpmsg:*' >>"$work/lttng.log"
lttng start >>"$work/lttng.log"
status=0
"$@" || status=$?
lttng stop >>"$work/lttng.log"
lttng destroy >>"$work/lttng.log"
if [ $status -ne 0 ]; then
	echo "record_fixture: '$*' failed with status $status" >&2
	exit 1
fi
