# The one shell library of the test scripts (POSIX sh). Source it first:
#     . "$TESTS_LIB"                               (TESTS_LIB set by CMake), or
#     . "$(dirname "$0")/../include/lib.sh"
#
# Contract:
# - Sourcing installs the EXIT trap (and INT/TERM -> exit 1); a script never sets its own, it
#   registers what to undo: on_exit_kill PID (stopped by pid: TERM, a bounded wait, then KILL,
#   then reaped) and on_exit_run 'SHELL CODE' (run in registration order after the kills).
# - fail MSG: "FAIL: MSG" on stderr, the tail of every log (*.log *.err *.out *.txt) in $TMP,
#   exit 1.
#   note MSG: a line on stderr. skip MSG: "SKIP: MSG", exit 77 (ctest SKIP_RETURN_CODE).
# - wait_for DESC SECONDS CMD...: poll CMD (output discarded) every 0.1 s until it succeeds;
#   fail "timed out after SECONDS s waiting for DESC" otherwise. Bounds are hang guards, generous
#   for a loaded machine; no test asserts a timing. wait_while_alive PID DESC SECONDS CMD... also
#   fails at once when PID has exited without CMD succeeding.
# - tmpdir_make [TAG]: a private temp dir in $TMP, removed on exit (KEEP_TMP=1 keeps it).
# - private_namespace [--net] "$@": re-executes the script, as root, in mount (and network)
#   namespaces of its own with private /run and /dev/shm, so LTTng daemons and buses never meet
#   another test's; skips without root. start_private_lttng DIR and start_private_relayd DIR PORTS
#   start the daemons (HOME and LTTNG_HOME in DIR, output in DIR/*.log) by pid and wait until
#   they answer; stop_private_lttng stops them, and any session daemon a tool started, by pid.
# - Nothing here uses `set -e`; functions ending a test exit the calling shell (not a subshell).
#   Helpers keep their variables `local` (dash, bash and busybox sh have it) so that they never
#   overwrite a script's.

RPMSG_TEST_PIDS=
RPMSG_TEST_ON_EXIT=
TMP=${TMP:-}

note() {
	echo "$*" >&2
}

skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	if [ -n "$TMP" ] && [ -d "$TMP" ]; then
		for f in "$TMP"/*.log "$TMP"/*.err "$TMP"/*.out "$TMP"/*.txt; do
			[ -s "$f" ] || continue
			echo "--- $f" >&2
			tail -n 40 "$f" >&2
		done
	fi
	exit 1
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "$* needs root"
}

# alive PID: the process exists and is not a zombie (a zombie child still answers kill -0).
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]
}

on_exit_kill() {
	RPMSG_TEST_PIDS="$RPMSG_TEST_PIDS $1"
}

on_exit_run() {
	RPMSG_TEST_ON_EXIT="$RPMSG_TEST_ON_EXIT
$1"
}

# stop_pid PID [SIGNAL]: signal PID (TERM by default), wait until it is gone (KILL after 10 s),
# reap it if it is our child. Returns its exit status when it is our child, 0 otherwise.
stop_pid() {
	local n
	[ -n "$1" ] || return 0
	kill -"${2:-TERM}" "$1" 2>/dev/null
	n=0
	while alive "$1" && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	alive "$1" && kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

rpmsg_test_cleanup() {
	rpmsg_test_status=$?
	trap - EXIT
	for pid in $RPMSG_TEST_PIDS; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in $RPMSG_TEST_PIDS; do
		stop_pid "$pid"
	done
	eval "$RPMSG_TEST_ON_EXIT"
	exit $rpmsg_test_status
}
trap rpmsg_test_cleanup EXIT
trap 'exit 1' INT TERM

tmpdir_make() {
	TMP=$(mktemp -d "/tmp/rpmsg-test-${1:-$(basename "$0" .sh)}.XXXXXX") || fail "mktemp failed"
	on_exit_run '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"'
}

wait_for() {
	local desc limit n
	desc=$1
	limit=$(($2 * 10))
	shift 2
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -le $limit ] || fail "timed out after $((limit / 10)) s waiting for $desc"
		sleep 0.1
	done
}

wait_while_alive() {
	local pid desc limit n
	pid=$1
	desc=$2
	limit=$(($3 * 10))
	shift 3
	n=0
	until "$@" >/dev/null 2>&1; do
		if ! alive "$pid"; then
			"$@" >/dev/null 2>&1 && return 0
			fail "process $pid exited before $desc"
		fi
		n=$((n + 1))
		[ $n -le $limit ] || fail "timed out after $((limit / 10)) s waiting for $desc"
		sleep 0.1
	done
}

# file_has FILE ERE: a line of FILE matches ERE (for wait_for).
file_has() {
	grep -Eq -- "$2" "$1" 2>/dev/null
}

# port_listening PORT: a TCP socket listens on PORT (for wait_for; reads /proc, no tools).
port_listening() {
	local hex
	hex=$(printf ':%04X' "$1")
	awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 }
		END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

private_namespace() {
	local net
	net=
	if [ "${1:-}" = --net ]; then
		net=--net
		shift
	fi
	if [ "${RPMSG_TEST_PRIVATE_NS:-}" != 1 ]; then
		need_root "a private LTTng session daemon (mount namespace)"
		exec env RPMSG_TEST_PRIVATE_NS=1 unshare --mount $net --propagation private \
			sh "$0" "$@"
	fi
	[ -z "$net" ] || ip link set lo up || fail "cannot bring up lo in the network namespace"
	mount -t tmpfs rpmsg-test-run /run || fail "cannot mount a private /run"
	mount -t tmpfs rpmsg-test-shm /dev/shm || fail "cannot mount a private /dev/shm"
}

RPMSG_TEST_SESSIOND=
RPMSG_TEST_RELAYD=

start_private_lttng() {
	[ "${RPMSG_TEST_PRIVATE_NS:-}" = 1 ] || fail "start_private_lttng needs private_namespace first"
	mkdir -p "$1"
	export HOME="$1" LTTNG_HOME="$1"
	lttng-sessiond >"$1/sessiond.log" 2>&1 &
	RPMSG_TEST_SESSIOND=$!
	wait_while_alive $RPMSG_TEST_SESSIOND "lttng-sessiond to answer" 60 lttng list
	on_exit_run stop_private_lttng
}

# start_private_relayd DIR CTRL DATA LIVE: lttng-relayd on 127.0.0.1 with these ports (traces
# in DIR/relay); waits until all three listen.
start_private_relayd() {
	mkdir -p "$1"
	lttng-relayd -o "$1/relay" -C "tcp://127.0.0.1:$2" -D "tcp://127.0.0.1:$3" \
		-L "tcp://127.0.0.1:$4" >"$1/relayd.log" 2>&1 &
	RPMSG_TEST_RELAYD=$!
	local port
	for port in "$2" "$3" "$4"; do
		wait_while_alive $RPMSG_TEST_RELAYD "lttng-relayd to listen on port $port" 60 \
			port_listening "$port"
	done
	on_exit_run stop_private_lttng
}

stop_private_lttng() {
	# a session daemon started by a tool (rpmsg-trace record) is not our child: its pid file
	[ -f /run/lttng/lttng-sessiond.pid ] && stop_pid "$(cat /run/lttng/lttng-sessiond.pid)"
	stop_pid "$RPMSG_TEST_SESSIOND"
	stop_pid "$RPMSG_TEST_RELAYD"
	RPMSG_TEST_SESSIOND=
	RPMSG_TEST_RELAYD=
}
