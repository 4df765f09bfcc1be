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
. "$(dirname "$0")/../include/lib.sh"
set -u
private_namespace "$@"
out=$1
shift
tmpdir_make bt2-record
start_private_lttng "$TMP"

rm -rf "$out"
lttng create rpmsg-fixture --output="$out" >"$TMP/lttng.log" || fail "lttng create"
# Large buffers by default: the fixture's events must all be there, the counts are asserted
# exactly. RECORD_SUBBUF_SIZE / RECORD_NUM_SUBBUF make them small to provoke discarded events.
{
	lttng enable-channel -u rpmsg --subbuf-size="${RECORD_SUBBUF_SIZE:-1M}" \
		--num-subbuf="${RECORD_NUM_SUBBUF:-8}" &&
		lttng add-context -u -c rpmsg -t vpid -t vtid -t procname &&
		lttng enable-event -u -c rpmsg 'rpmsg:*' &&
		lttng start
} >>"$TMP/lttng.log" || fail "could not set up the recording session"
status=0
"$@" || status=$?
{ lttng stop && lttng destroy; } >>"$TMP/lttng.log" || fail "could not end the recording session"
[ $status -eq 0 ] || fail "'$*' failed with status $status"
