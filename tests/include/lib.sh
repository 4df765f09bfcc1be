# The one shell library of the test scripts (POSIX sh). Source it first:
#     . "$TESTS_LIB"                               (TESTS_LIB set by CMake), or
#     . "$(dirname "$0")/../include/lib.sh"
#
# Contract:
# - Sourcing installs the EXIT trap (and INT/TERM -> exit 1); a script never sets its own, it
#   registers what to undo: on_exit_kill PID (stopped by pid: TERM, a bounded wait, then KILL,
#   then reaped) and on_exit_run 'SHELL CODE' (run after the kills, last registered first).
# - fail MSG: "FAIL: MSG" on stderr, the tail of every log in $TMP (*.log *.err *.out *.txt,
#   out, err), exit 1. fail_later MSG prints the same line, counts it in $failures and goes on;
#   end_failures exits 1 if there was one.
#   note MSG: a line on stderr. skip MSG: "SKIP: MSG", exit 77 (ctest SKIP_RETURN_CODE);
#   need_root WHAT and need_bpf skip when the machine cannot run the test.
# - wait_for DESC SECONDS CMD...: poll CMD (output discarded) every 0.1 s until it succeeds;
#   fail "timed out after SECONDS s waiting for DESC" otherwise. Bounds are hang guards, generous
#   for a loaded machine; no test asserts a timing. wait_while_alive PID DESC SECONDS CMD... also
#   fails at once when PID has exited without CMD succeeding.
# - tmpdir_make [TAG]: a private temp dir in $TMP, removed on exit (KEEP_TMP=1 keeps it).
# - stage_for_user DIR PROGRAM...: copy PROGRAMs and the project's shared libraries they load into
#   DIR (world-readable), so a test can run them as another user wherever the checkout lives (a
#   clone under /root is 0700): run DIR/NAME with LD_LIBRARY_PATH=DIR. The directories between
#   $TMP and DIR are made searchable; as root, it then checks that user nobody can execute each
#   staged program and load its libraries, and fails naming the program, the loader's error and
#   the directory nobody cannot pass, rather than let the test fail later without a cause.
# - private_namespace [--net] "$@": re-executes the script, as root, in mount (and network)
#   namespaces of its own with private /run and /dev/shm, so LTTng daemons and buses never meet
#   another test's; skips without root. start_private_lttng DIR and start_private_relayd DIR PORTS
#   start the daemons (HOME and LTTNG_HOME in DIR, output in DIR/*.log) by pid and wait until
#   they answer; stop_private_lttng stops them, and any session daemon a tool started, by pid.
# - Nothing here sets `set -e` or `set -u`, and every function works under both; functions ending
#   a test exit the calling shell (not a subshell: `$(fail ...)` only leaves the subshell).
#   Helpers name their own variables _lib_* so that they never overwrite a script's.

RPMSG_TEST_PIDS=
RPMSG_TEST_ON_EXIT=
TMP= # set by tmpdir_make (an inherited TMP is not ours to dump or remove)

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
		for _lib_f in "$TMP"/*.log "$TMP"/*.err "$TMP"/*.out "$TMP"/*.txt "$TMP"/out "$TMP"/err; do
			[ -s "$_lib_f" ] || continue
			echo "--- $_lib_f" >&2
			tail -n 40 "$_lib_f" >&2
		done
	fi
	exit 1
}

# fail_later MSG: "FAIL: MSG" on stderr, counted in $failures; the test goes on, to report every
# damaged input at once, and ends with end_failures.
failures=0
fail_later() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# end_failures: exit 1 when fail_later was called, 0 otherwise.
end_failures() {
	[ "$failures" -eq 0 ] || exit 1
	exit 0
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "$* needs root"
}

# need_bpf: root, a kernel with BTF (skip otherwise) and jq to read the tools' JSON (fail).
need_bpf() {
	need_root "BPF"
	[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
	command -v jq >/dev/null || fail "jq is needed to read the JSON output"
}

# alive PID: the process exists and is not a zombie (a zombie child still answers kill -0).
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]
}

on_exit_kill() {
	RPMSG_TEST_PIDS="$RPMSG_TEST_PIDS $1"
}

# Last registered, first run: undone in the reverse order of set-up, like goto unwinding.
on_exit_run() {
	RPMSG_TEST_ON_EXIT="$1
$RPMSG_TEST_ON_EXIT"
}

# stop_pid PID [SIGNAL]: signal PID (TERM by default), wait until it is gone (KILL after 10 s),
# reap it if it is our child; its exit status in $stop_status (127 when not our child).
# Returns 0 (safe under set -e).
stop_pid() {
	stop_status=127
	[ -n "$1" ] || return 0
	kill -"${2:-TERM}" "$1" 2>/dev/null || true
	_lib_n=0
	while alive "$1" && [ $_lib_n -lt 100 ]; do
		sleep 0.1
		_lib_n=$((_lib_n + 1))
		# again each second: a child signalled between fork and exec lost the first one
		[ $((_lib_n % 10)) -ne 0 ] || kill -"${2:-TERM}" "$1" 2>/dev/null || true
	done
	if alive "$1"; then
		kill -KILL "$1" 2>/dev/null || true
	fi
	# shellcheck disable=SC2034 # read by the caller
	wait "$1" 2>/dev/null && stop_status=0 || stop_status=$?
	return 0
}

# Undo what was registered so far (the exit trap, and private_namespace before it re-executes).
rpmsg_test_undo() {
	for _lib_pid in $RPMSG_TEST_PIDS; do
		kill -TERM "$_lib_pid" 2>/dev/null || true
	done
	for _lib_pid in $RPMSG_TEST_PIDS; do
		stop_pid "$_lib_pid"
	done
	eval "$RPMSG_TEST_ON_EXIT"
	RPMSG_TEST_PIDS=
	RPMSG_TEST_ON_EXIT=
}

rpmsg_test_cleanup() {
	rpmsg_test_status=$?
	trap - EXIT
	rpmsg_test_undo
	exit $rpmsg_test_status
}
trap rpmsg_test_cleanup EXIT
trap 'exit 1' INT TERM

stage_for_user() {
	stage_dir=$1
	shift
	mkdir -p "$stage_dir" || fail "cannot create $stage_dir"
	for stage_prog in "$@"; do
		cp -L "$stage_prog" "$stage_dir/" || fail "cannot stage $stage_prog"
		# the build tree's libraries (found through RUNPATH); the system's are readable anyway
		for stage_lib in $(ldd "$stage_prog" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
			case "$stage_lib" in
			/lib/* | /usr/*) ;;
			*) cp -L "$stage_lib" "$stage_dir/" || fail "cannot stage $stage_lib" ;;
			esac
		done
	done
	chmod -R a+rX "$stage_dir"
	# mktemp's directories are 0700: let nobody through those of this test (search, not list)
	_lib_dir=$(dirname "$stage_dir")
	while [ -n "$TMP" ] && case "$_lib_dir" in "$TMP" | "$TMP"/*) true ;; *) false ;; esac; do
		chmod a+x "$_lib_dir"
		_lib_dir=$(dirname "$_lib_dir")
	done
	[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null || return 0
	for stage_prog in "$@"; do
		_lib_staged=$stage_dir/$(basename "$stage_prog")
		case "$_lib_staged" in *.so | *.so.*) continue ;; esac # loaded by the programs
		stage_check_nobody "$stage_dir" "$_lib_staged"
	done
}

# stage_check_nobody DIR PROGRAM: fail unless user nobody can execute PROGRAM and load every
# library it needs with LD_LIBRARY_PATH=DIR (the loader's own answer, through ldd, as nobody).
stage_check_nobody() {
	_lib_out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		env LD_LIBRARY_PATH="$1" ldd "$2" 2>&1)
	_lib_status=$?
	_lib_missing=$(printf '%s\n' "$_lib_out" | grep -m 1 'not found' | sed 's/^[[:space:]]*//')
	[ $_lib_status -ne 0 ] || [ -n "$_lib_missing" ] || return 0
	[ -n "$_lib_missing" ] || _lib_missing=$(printf '%s\n' "$_lib_out" | head -n 1)
	# the first directory on the way that nobody may not search, if that is the cause
	_lib_why="the checkout's path is not traversable by nobody?"
	_lib_dir=
	for _lib_part in $(dirname "$2" | tr '/' ' '); do
		_lib_dir=$_lib_dir/$_lib_part
		if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$_lib_dir"; then
			_lib_why="$_lib_dir (mode $(stat -c %a "$_lib_dir")) is not traversable by nobody"
			break
		fi
	done
	fail "user nobody cannot run $2: $_lib_missing ($_lib_why)"
}

tmpdir_make() {
	TMP=$(mktemp -d "/tmp/rpmsg-test-${1:-$(basename "$0" .sh)}.XXXXXX") || fail "mktemp failed"
	on_exit_run '[ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"'
}

wait_for() {
	wait_while_alive "" "$@"
}

# wait_while_alive PID DESC SECONDS CMD...: wait_for, failing at once when PID (if not empty)
# has exited and CMD still does not succeed.
wait_while_alive() {
	_lib_pid=$1
	_lib_desc=$2
	_lib_limit=$(($3 * 10))
	shift 3
	_lib_n=0
	until "$@" >/dev/null 2>&1; do
		if [ -n "$_lib_pid" ] && ! alive "$_lib_pid"; then
			"$@" >/dev/null 2>&1 && return 0
			fail "process $_lib_pid exited before $_lib_desc"
		fi
		_lib_n=$((_lib_n + 1))
		[ $_lib_n -le $_lib_limit ] ||
			fail "timed out after $((_lib_limit / 10)) s waiting for $_lib_desc"
		sleep 0.1
	done
}

# sim_count SIDE CHANNEL FIELD [FILE]: a per-channel count from the summary of `rpmsg-sim --json`
# (FILE, $TMP/sim.out by default); SIDE is host or firmware.
sim_count() {
	jq -r --arg side "$1" --arg ch "$2" --arg f "$3" \
		'select(.type == "summary" and .side == $side) | .channels[] |
		 select(.name == $ch) | .[$f]' "${4:-$TMP/sim.out}"
}

# port_listening PORT: a TCP socket listens on PORT (for wait_for; reads /proc, no tools).
port_listening() {
	_lib_hex=$(printf ':%04X' "$1")
	awk -v p="$_lib_hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 }
		END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

private_namespace() {
	_lib_net=
	if [ "${1:-}" = --net ]; then
		_lib_net=--net
		shift
	fi
	if [ "${RPMSG_TEST_PRIVATE_NS:-}" != 1 ]; then
		need_root "a private LTTng session daemon (mount namespace)"
		rpmsg_test_undo # exec runs no exit trap: nothing of this first run may stay
		exec env RPMSG_TEST_PRIVATE_NS=1 unshare --mount $_lib_net --propagation private \
			sh "$0" "$@"
	fi
	[ -z "$_lib_net" ] || ip link set lo up || fail "cannot bring up lo in the network namespace"
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
	on_exit_run stop_private_lttng
	wait_while_alive $RPMSG_TEST_SESSIOND "lttng-sessiond to answer" 60 lttng list
}

# start_private_relayd DIR CTRL DATA LIVE: lttng-relayd on 127.0.0.1 with these ports (traces
# in DIR/relay); waits until all three listen.
start_private_relayd() {
	mkdir -p "$1"
	lttng-relayd -o "$1/relay" -C "tcp://127.0.0.1:$2" -D "tcp://127.0.0.1:$3" \
		-L "tcp://127.0.0.1:$4" >"$1/relayd.log" 2>&1 &
	RPMSG_TEST_RELAYD=$!
	on_exit_run stop_private_lttng
	for _lib_port in "$2" "$3" "$4"; do
		wait_while_alive $RPMSG_TEST_RELAYD "lttng-relayd to listen on port $_lib_port" 60 \
			port_listening "$_lib_port"
	done
}

stop_private_lttng() {
	# a session daemon started by a tool (rpmsg-trace record) is not our child: its pid file
	if [ -f /run/lttng/lttng-sessiond.pid ]; then
		stop_pid "$(cat /run/lttng/lttng-sessiond.pid)"
	fi
	stop_pid "$RPMSG_TEST_SESSIOND"
	stop_pid "$RPMSG_TEST_RELAYD"
	RPMSG_TEST_SESSIOND=
	RPMSG_TEST_RELAYD=
}
