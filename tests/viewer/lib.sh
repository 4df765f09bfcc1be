# Shared by the viewer tests: paths, a scratch directory, cleanup of what a test started.
#   TOP, SIM (and TRACE for the replay test) come from the environment (CMakeLists.txt).
set -u
: "${TOP:?TOP (rpmsg-top) not set}"
: "${SIM:?SIM (rpmsg-sim) not set}"
TMP=$(mktemp -d /tmp/viewer-test.XXXXXX)
TMUX_SOCKET=viewer-$$
tmux_started=
sim_pid=

cleanup() {
	if [ -n "$tmux_started" ]; then
		tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
	fi
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null || true
		wait "$sim_pid" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	if [ -n "${1:-}" ] && [ -f "$TMP/out" ]; then
		echo "--- output:" >&2
		cat "$TMP/out" >&2
	fi
	exit 1
}

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: $1 needs root"
		exit 77
	fi
}

# A bus name of our own (parallel tests never share one).
bus_name() {
	echo "vt$1$$"
}

# Start `rpmsg-sim demo` in the background (output to a file) and wait for its bus.
start_sim() {
	bus=$1
	shift
	"$SIM" demo --bus "$bus" "$@" >"$TMP/sim.log" 2>&1 &
	sim_pid=$!
	tries=0
	until "$SIM" status "$bus" >/dev/null 2>&1; do
		tries=$((tries + 1))
		[ $tries -lt 300 ] || fail "the demo's bus $bus did not appear; log: $(cat "$TMP/sim.log")"
		sleep 0.1
	done
}

# Row of a batch table: "NAME ADDR ... TXMSGS RXMSGS"; prints "txmsgs rxmsgs" of the row named $1.
row_counts() {
	awk -v n="$1" '$1 == n { print $(NF-1), $NF; exit }' "$2"
}

# tmux helpers: a server of our own, killed at the end.
tmux_start() {
	width=$1
	height=$2
	shift 2
	tmux_started=1
	tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s top -x "$width" -y "$height" "$@"
}

screen() {
	tmux -L "$TMUX_SOCKET" capture-pane -t top -p
}

keys() {
	tmux -L "$TMUX_SOCKET" send-keys -t top "$@"
}

# Wait until the screen shows $1 (an extended regular expression); generous for loaded machines.
wait_for() {
	tries=0
	until screen | grep -Eq -- "$1"; do
		tries=$((tries + 1))
		if [ $tries -gt 600 ]; then
			screen >"$TMP/out"
			fail "the screen never showed /$1/"
		fi
		sleep 0.1
	done
}
