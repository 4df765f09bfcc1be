#!/bin/sh
# rpmsg-top benchmark, one run, ratios against a baseline measured in the same run:
#  1. CPU time of rpmsg-top per refresh at -i 1 on a 120x40 terminal (tmux) with 1,000 endpoints
#     replayed from a kernel log at real speed (2 messages per second each way per endpoint:
#     4,000 events/s into the collector), interactive and batch; the target is < 2 % of a core.
#  2. Effect on the bus: `rpmsg-sim demo --rate 0` throughput, and the CPU the demo's processes
#     use at their default rates (about 2,500 msgs/s), alone vs watched by rpmsg-top
#     (introspection source; BPF source), median of REPEAT interleaved runs each.
#
#   bench_viewer.sh RPMSG_TOP RPMSG_SIM [REPEAT]
set -eu
TOP=$1
SIM=$2
REPEAT=${3:-5}
ENDPOINTS=1000
MEASURE=20
[ "${4:-}" != --quick ] || MEASURE=8
TARGET_PCT=2 # rpmsg-top's CPU per 1 s refresh with 1,000 endpoints, % of one core
TMP=$(mktemp -d /tmp/bench-viewer.XXXXXX)
SOCK=bench-viewer-$$
bg=
cleanup() {
	tmux -L $SOCK kill-server 2>/dev/null || true
	[ -z "$bg" ] || kill "$bg" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
HZ=$(getconf CLK_TCK)
problems=0

# utime + stime of a pid, or nothing when it has exited (never an error: a process may end
# between any check and the read, so the read itself is the check).
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || true
}
now() { date +%s.%N; }
# wait_until SECONDS CMD...: poll CMD every 0.2 s; false when the deadline passes.
wait_until() {
	_n=$(($1 * 5))
	shift
	until "$@" >/dev/null 2>&1; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || return 1
		sleep 0.2
	done
}
screen_has() { tmux -L $SOCK capture-pane -t top -p 2>/dev/null | grep -q "$1"; }
pane_pid() { tmux -L $SOCK display -p -t top '#{pane_pid}' 2>/dev/null || true; }
# start_top ARGS...: rpmsg-top on a 120x40 tmux screen, exec'd so the pane's pid is rpmsg-top's.
start_top() {
	wait_until 30 tmux -L $SOCK -f /dev/null new-session -d -s top -x 120 -y 40 \
		"exec env LANG=C.UTF-8 $*" || echo "bench-viewer: tmux cannot start rpmsg-top $*" >&2
}
# stop_top: end the tmux server and wait until it is gone (a new one started while the old one
# still exits fails with "server exited unexpectedly").
server_gone() { ! tmux -L $SOCK list-sessions; }
stop_top() {
	tmux -L $SOCK kill-server 2>/dev/null || true
	wait_until 30 server_gone || echo "bench-viewer: the tmux server did not exit" >&2
}
# cpu_pct TICKS0 TICKS1 WALL0 WALL1: % of one core, or "gone" when the process had exited.
cpu_pct() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		echo gone
		return
	fi
	awk -v d=$(($2 - $1)) -v hz="$HZ" -v w0="$3" -v w1="$4" \
		'BEGIN { printf "%.2f\n", d / hz / (w1 - w0) * 100 }'
}
# target WHAT VALUE: one line ending in met / NOT met (gone: the process died, NOT met).
target() {
	if [ "$2" = gone ]; then
		echo "target: $1 < $TARGET_PCT % of one core: not measured (rpmsg-top exited): NOT met"
		problems=$((problems + 1))
	else
		awk -v w="$1" -v v="$2" -v t="$TARGET_PCT" 'BEGIN {
			printf "target: %s %.2f %% of one core = %.2fx the %s %% budget: %s\n", w, v,
				v / t, t, v < t ? "met" : "NOT met" }'
	fi
}

python3 "$(dirname "$0")/gen_kmsg_endpoints.py" $ENDPOINTS 2 $((MEASURE + 45)) "$TMP/eps.log"
echo "rpmsg-top benchmark ($(nproc) CPUs, $(uname -r)), $(date -u +%Y-%m-%dT%H:%MZ)," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "source: kernel log with $ENDPOINTS endpoints, 2 msgs/s each way each ($((ENDPOINTS * 4)) events/s)"

# 1a. interactive, 120x40: measured once every channel is on the screen's header
start_top "'$TOP' --kmsg '$TMP/eps.log' -i 1 -s tx"
pid=$(pane_pid)
wait_until 60 screen_has "channels $ENDPOINTS" ||
	echo "bench-viewer: the screen never showed $ENDPOINTS channels in 60 s; measuring anyway"
t0=$(cpu_ticks "$pid") w0=$(now)
sleep $MEASURE
t1=$(cpu_ticks "$pid") w1=$(now)
tmux -L $SOCK capture-pane -t top -p >"$TMP/screen" 2>/dev/null || : >"$TMP/screen"
stop_top
rows=$(grep -c '^ept-' "$TMP/screen" || true)
channels=$(sed -n 's/.*channels \([0-9]*\).*/\1/p' "$TMP/screen" | head -1)
pct=$(cpu_pct "$t0" "$t1" "$w0" "$w1")
[ "$pct" = gone ] ||
	awk -v p="$pct" -v ch="${channels:-0}" -v rows="$rows" 'BEGIN {
	printf "interactive 120x40, -i 1: %.1f ms CPU per refresh = %.2f %% of one core (%d channels, %d rows on screen)\n",
		p * 10, p, ch, rows }'
target "interactive 120x40 -i 1, 1000 endpoints:" "$pct"

# 1b. batch mode, -i 1, same source; stopped by its pid once measured
"$TOP" -b -i 1 -n $((MEASURE + 200)) --kmsg "$TMP/eps.log" >"$TMP/batch.out" 2>"$TMP/batch.err" &
bg=$!
wait_until 60 grep -q "ept-0$((ENDPOINTS - 1))" "$TMP/batch.out" ||
	echo "bench-viewer: batch mode printed no full table in 60 s; measuring anyway"
t0=$(cpu_ticks "$bg") w0=$(now)
sleep $MEASURE
t1=$(cpu_ticks "$bg") w1=$(now)
kill "$bg" 2>/dev/null || true
wait "$bg" 2>/dev/null || true
bg=
pct=$(cpu_pct "$t0" "$t1" "$w0" "$w1")
if [ "$pct" = gone ]; then
	echo "bench-viewer: batch rpmsg-top exited early: $(tail -1 "$TMP/batch.err")"
	problems=$((problems + 1))
else
	awk -v p="$pct" 'BEGIN {
	printf "batch -b -i 1 (all rows printed): %.1f ms CPU per refresh = %.2f %% of one core\n",
		p * 10, p }'
fi

# 2. bus throughput: messages per second of rpmsg-sim demo --rate 0
demo_rate() { # prints messages/s (host tx + rx, all channels) of one 6 s demo at --rate 0
	if ! "$SIM" demo --bus "$1" --rate 0 --duration 6 --quiet >"$TMP/demo.out" 2>&1; then
		echo "bench-viewer: rpmsg-sim demo --bus $1 failed: $(tail -1 "$TMP/demo.out")" >&2
		return 1
	fi
	awk '/^host summary/ { secs = $5 + 0; t = 1; next }
	     t && /^  rpmsg-/ { n += $4 + $6 }
	     t && /^  bus:/ { t = 0 }
	     END { if (secs > 0) printf "%.0f\n", n / secs; else exit 1 }' "$TMP/demo.out" || {
		echo "bench-viewer: no host summary in rpmsg-sim demo's output" >&2
		return 1
	}
}
demo_cpu() { # prints the CPU (% of one core) of a 6 s demo at its default rates, children included
	# the demo waits for its host and firmware, the shell for the demo: cutime + cstime
	sh -c '"$0" demo --bus "$1" --duration 6 --quiet >/dev/null 2>&1
		awk -v hz="$2" "{ printf \"%.1f\\n\", (\$16 + \$17) / hz / 6 * 100 }" /proc/$$/stat' \
		"$SIM" "$1" "$HZ"
}
median() {
	sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
# watch_start ARGS: rpmsg-top watching a bus; ready once it has drawn its first screen (the BPF
# source attaches before that, which takes a few seconds).
watch_start() {
	start_top "'$TOP' $*"
	wait_until 60 screen_has channels ||
		echo "bench-viewer: rpmsg-top $* drew no screen in 60 s" >&2
}
watched_rate() { # config, bus: one demo run, watched by rpmsg-top as the config says
	case $1 in
	alone)
		demo_rate "$2" >>"$TMP/rates.$1" || problems=$((problems + 1))
		demo_cpu "$2c" >>"$TMP/demo_cpu.$1"
		;;
	*)
		if [ "$1" = introspect ]; then args=--introspect; else args=; fi
		watch_start "--bus $2 -i 1 $args"
		pid=$(pane_pid)
		c0=$(cpu_ticks "$pid") w0=$(now)
		demo_rate "$2" >>"$TMP/rates.$1" || problems=$((problems + 1))
		c1=$(cpu_ticks "$pid") w1=$(now)
		pct=$(cpu_pct "$c0" "$c1" "$w0" "$w1")
		if [ "$pct" = gone ]; then
			echo "bench-viewer: rpmsg-top $args on $2 exited during the run" >&2
			problems=$((problems + 1))
		else
			echo "$pct" >>"$TMP/cpu.$1"
		fi
		stop_top
		# the same at the demo's default rates: what the traced processes pay
		watch_start "--bus $2c -i 1 $args"
		demo_cpu "$2c" >>"$TMP/demo_cpu.$1"
		stop_top
		;;
	esac
}
configs="alone introspect"
[ "$(id -u)" -ne 0 ] || configs="$configs bpf"
# Interleaved, so that a slow phase of a busy machine hits every configuration alike.
i=0
while [ $i -lt "$REPEAT" ]; do
	for c in $configs; do
		watched_rate $c bv$$$c$i
	done
	i=$((i + 1))
done
echo "bus throughput, rpmsg-sim demo --rate 0 (median of $REPEAT runs of 6 s, host msgs/s):"
base=$(median <"$TMP/rates.alone" 2>/dev/null || true)
echo "  alone:                           ${base:-no run completed}"
for c in introspect bpf; do
	[ -s "$TMP/rates.$c" ] && [ -n "$base" ] || continue
	r=$(median <"$TMP/rates.$c")
	awk -v r="$r" -v b="$base" -v c="$c" 'BEGIN {
		printf "  watched by rpmsg-top, %-11s %s = %.3f x alone", c ":", r, r / b }'
	if [ -s "$TMP/cpu.$c" ]; then
		echo " (rpmsg-top itself: $(median <"$TMP/cpu.$c") % of one core)"
	else
		echo
	fi
done
echo "bus CPU at the demo's default rates (host + firmware processes, % of one core, median):"
for c in $configs; do
	printf "  %-11s %s %%\n" "$c:" "$(median <"$TMP/demo_cpu.$c")"
done
if [ $problems -gt 0 ]; then
	echo "bench-viewer: $problems measurement(s) could not be made (see the lines above)" >&2
	exit 1
fi
