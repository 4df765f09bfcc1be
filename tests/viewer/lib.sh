# rpmsg-top tests: the common library (../include/lib.sh) plus the demo bus and the tmux screen.
#   TOP, SIM (and TRACE for the recording tests) come from the environment (CMakeLists.txt).
. "$(dirname "$0")/../include/lib.sh"
set -u
: "${TOP:?TOP (rpmsg-top) not set}"
: "${SIM:?SIM (rpmsg-sim) not set}"
tmpdir_make viewer
TMUX_SOCKET=viewer-$$
sim_pid=

# A bus name of our own (parallel tests never share one).
bus_name() {
	echo "vt$1$$"
}

# Start `rpmsg-sim demo` in the background (output to $TMP/sim.log) and wait for its bus.
start_sim() {
	bus=$1
	shift
	"$SIM" demo --bus "$bus" "$@" >"$TMP/sim.log" 2>&1 &
	sim_pid=$!
	on_exit_kill $sim_pid
	wait_while_alive $sim_pid "the demo's bus $bus" 30 "$SIM" status "$bus"
}

# Row of a batch table: "NAME ADDR ... TXMSGS RXMSGS"; prints "txmsgs rxmsgs" of the row named $1.
row_counts() {
	awk -v n="$1" '$1 == n { print $(NF-1), $NF; exit }' "$2"
}

# The last table of a batch output FILE (from its last "rpmsg-top refresh" line) into $TMP/last.
last_table() {
	awk '/^rpmsg-top refresh/ { out = "" } { out = out $0 "\n" } END { printf "%s", out }' \
		"$1" >"$TMP/last"
}

# tmux helpers: a server of our own, killed at the end.
tmux_start() {
	width=$1
	height=$2
	shift 2
	on_exit_run 'tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null'
	tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s top -x "$width" -y "$height" "$@"
}

screen() {
	tmux -L "$TMUX_SOCKET" capture-pane -t top -p
}

keys() {
	tmux -L "$TMUX_SOCKET" send-keys -t top "$@"
}

# screen_shows ERE: the screen (saved in $TMP/screen.out, which fail prints) matches ERE.
screen_shows() {
	screen >"$TMP/screen.out" && grep -Eq -- "$1" "$TMP/screen.out"
}

screen_lacks() {
	! screen_shows "$1"
}

# wait_screen ERE: until the screen shows ERE.
wait_screen() {
	wait_for "the screen to show /$1/" 60 screen_shows "$1"
}
