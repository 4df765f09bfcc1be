# Shared helpers of the BPF tests. Sourced with: TRACE SIM LIB as $1 $2 $3.
# Every test uses its own bus name and temp dir, starts what it needs by pid with its output in a
# file, and cleans up on exit.
set -u
TRACE=$1
SIM=$2
LIB=$3
BUS=bpf$$
TMP=$(mktemp -d /tmp/rpmsg-bpf-test.XXXXXX)
PIDS=""

cleanup() {
	for pid in $PIDS; do
		kill "$pid" 2>/dev/null
	done
	for pid in $PIDS; do
		wait "$pid" 2>/dev/null
	done
	rm -rf "$TMP"
	rm -f "/dev/shm/rpmsg-$BUS"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	for f in "$TMP"/*.err; do
		[ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
	done
	exit 1
}

skip_unless_bpf() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: BPF needs root"
		exit 77
	fi
	if [ ! -r /sys/kernel/btf/vmlinux ]; then
		echo "SKIP: the kernel has no BTF (/sys/kernel/btf/vmlinux)"
		exit 77
	fi
	command -v jq >/dev/null || fail "jq is needed to read the JSON output"
}

# wait_for FILE PATTERN [SECONDS]: until a line of FILE matches PATTERN; fails at once if the
# last process started with start_bg has exited without printing it.
wait_for() {
	n=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt $((${3:-60} * 10)) ] && fail "timed out waiting for '$2' in $1"
		if [ -n "${LAST_PID:-}" ] && ! kill -0 "$LAST_PID" 2>/dev/null; then
			grep -q "$2" "$1" 2>/dev/null && return 0
			fail "process $LAST_PID exited before '$2' appeared in $1"
		fi
		sleep 0.1
	done
}

# start_bg NAME CMD...: run CMD in the background, stdout to $TMP/NAME.out, stderr to .err.
start_bg() {
	name=$1
	shift
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	PIDS="$PIDS $!"
	LAST_PID=$!
}

# stop_bg PID: SIGINT (as Ctrl-C) and wait for it to finish its final output.
stop_bg() {
	kill -INT "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# run_sim ARGS...: rpmsg-sim demo on $BUS, JSON summary lines in $TMP/sim.out.
run_sim() {
	"$SIM" demo --bus "$BUS" --json -q "$@" >"$TMP/sim.out" 2>"$TMP/sim.err" ||
		fail "rpmsg-sim demo $* failed"
}

# sim_count SIDE CHANNEL FIELD: a per-channel count from rpmsg-sim's summary.
sim_count() {
	jq -r --arg side "$1" --arg ch "$2" --arg f "$3" \
		'select(.type == "summary" and .side == $side) | .channels[] |
		 select(.name == $ch) | .[$f]' "$TMP/sim.out"
}
