# BPF tests: the common library (../include/lib.sh) plus what only these tests share. Sourced
# with TRACE SIM LIB as $1 $2 $3. Every test uses its own bus name ($BUS) and temp dir ($TMP),
# starts what it needs by pid with its output in files, and cleans up on exit.
. "$(dirname "$0")/../include/lib.sh"
set -u
TRACE=$1
SIM=$2
LIB=$3
BUS=bpf$$
tmpdir_make bpf
on_exit_run 'rm -f "/dev/shm/rpmsg-$BUS"'
LAST_PID=

# start_bg NAME CMD...: run CMD in the background, stdout to $TMP/NAME.out, stderr to .err; its
# pid in $LAST_PID, stopped on exit.
start_bg() {
	name=$1
	shift
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	LAST_PID=$!
	on_exit_kill $LAST_PID
}

# wait_for_line FILE RE [SECONDS]: until a line of FILE matches RE (grep); fails at once if the
# last process started with start_bg has exited without printing it.
wait_for_line() {
	wait_while_alive "$LAST_PID" "'$2' in $1" "${3:-60}" grep -q -- "$2" "$1"
}

# live_beside_sim NAME MESSAGES LIVE_OPTION...: `rpmsg-trace live LIVE_OPTION... --duration 120`
# on $BUS (output in $TMP/NAME.out and .err), attached before `rpmsg-sim demo --messages
# MESSAGES --rate 0` runs there, stopped as by Ctrl-C once the demo has ended.
live_beside_sim() {
	name=$1
	messages=$2
	shift 2
	start_bg "$name" "$TRACE" live "$@" --duration 120 --bus "$BUS" --lib "$LIB"
	wait_for_line "$TMP/$name.err" "attached to"
	run_sim --messages "$messages" --rate 0
	stop_bg "$LAST_PID"
}

# lines_at_least FILE RE N: FILE has at least N lines matching RE (grep), for the waits.
lines_at_least() {
	[ "$(grep -c -- "$2" "$1" 2>/dev/null)" -ge "$3" ]
}

# stop_bg PID: SIGINT (as Ctrl-C) and wait for it to finish its final output.
stop_bg() {
	stop_pid "$1" INT
}

# run_sim ARGS...: rpmsg-sim demo on $BUS, JSON summary lines in $TMP/sim.out.
run_sim() {
	"$SIM" demo --bus "$BUS" --json -q "$@" >"$TMP/sim.out" 2>"$TMP/sim.err" ||
		fail "rpmsg-sim demo $* failed"
}
