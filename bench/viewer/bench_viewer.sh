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
TMP=$(mktemp -d /tmp/bench-viewer.XXXXXX)
SOCK=bench-viewer-$$
trap 'tmux -L $SOCK kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT
HZ=$(getconf CLK_TCK)

cpu_ticks() { # utime + stime of a pid
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

python3 "$(dirname "$0")/gen_kmsg_endpoints.py" $ENDPOINTS 2 $((MEASURE + 15)) "$TMP/eps.log"
echo "rpmsg-top benchmark ($(nproc) CPUs, $(uname -r)), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "source: kernel log with $ENDPOINTS endpoints, 2 msgs/s each way each ($((ENDPOINTS * 4)) events/s)"

# 1a. interactive, 120x40
tmux -L $SOCK -f /dev/null new-session -d -s top -x 120 -y 40 \
	"env LANG=C.UTF-8 '$TOP' --kmsg '$TMP/eps.log' -i 1 -s tx"
pid=$(tmux -L $SOCK display -p -t top '#{pane_pid}')
sleep 8 # past the name announcements and the first refreshes
t0=$(cpu_ticks "$pid")
sleep $MEASURE
t1=$(cpu_ticks "$pid")
tmux -L $SOCK capture-pane -t top -p >"$TMP/screen"
tmux -L $SOCK kill-server
rows=$(grep -c '^ept-' "$TMP/screen" || true)
channels=$(sed -n 's/.*channels \([0-9]*\).*/\1/p' "$TMP/screen" | head -1)
awk -v d=$((t1 - t0)) -v hz="$HZ" -v s=$MEASURE -v ch="$channels" -v rows="$rows" 'BEGIN {
	printf "interactive 120x40, -i 1: %.1f ms CPU per refresh = %.2f %% of one core (%d channels, %d rows on screen)\n",
		d / hz * 1000 / s, d / hz / s * 100, ch, rows }'

# 1b. batch mode, -i 1, same source
"$TOP" -b -i 1 -n $((MEASURE + 8)) --kmsg "$TMP/eps.log" >"$TMP/batch.out" &
pid=$!
sleep 8
t0=$(cpu_ticks "$pid")
sleep $MEASURE
t1=$(cpu_ticks "$pid")
wait "$pid" || true
awk -v d=$((t1 - t0)) -v hz="$HZ" -v s=$MEASURE 'BEGIN {
	printf "batch -b -i 1 (all rows printed): %.1f ms CPU per refresh = %.2f %% of one core\n",
		d / hz * 1000 / s, d / hz / s * 100 }'

# 2. bus throughput: messages per second of rpmsg-sim demo --rate 0
demo_rate() { # prints messages/s (host tx + rx, all channels) of one 6 s demo at --rate 0
	"$SIM" demo --bus "$1" --rate 0 --duration 6 --quiet >"$TMP/demo.out" 2>&1
	awk '/^host summary/ { secs = $5 + 0; t = 1; next }
	     t && /^  rpmsg-/ { n += $4 + $6 }
	     t && /^  bus:/ { t = 0 }
	     END { printf "%.0f\n", n / secs }' "$TMP/demo.out"
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
watched_rate() { # config, bus: one demo run, watched by rpmsg-top as the config says
	case $1 in
	alone)
		demo_rate "$2"
		demo_cpu "$2c" >>"$TMP/demo_cpu.$1"
		;;
	*)
		if [ "$1" = introspect ]; then args=--introspect; else args=; fi
		tmux -L $SOCK -f /dev/null new-session -d -s top -x 120 -y 40 \
			"'$TOP' --bus $2 -i 1 $args"
		sleep 5 # attaching BPF takes a few seconds
		pid=$(tmux -L $SOCK display -p -t top '#{pane_pid}')
		c0=$(cpu_ticks "$pid")
		w0=$(date +%s.%N)
		demo_rate "$2"
		c1=$(cpu_ticks "$pid")
		w1=$(date +%s.%N)
		awk -v d=$((c1 - c0)) -v hz="$HZ" -v w0="$w0" -v w1="$w1" \
			'BEGIN { printf "%.1f\n", d / hz / (w1 - w0) * 100 }' >>"$TMP/cpu.$1"
		tmux -L $SOCK kill-server
		sleep 1
		# the same at the demo's default rates: what the traced processes pay
		tmux -L $SOCK -f /dev/null new-session -d -s top -x 120 -y 40 \
			"'$TOP' --bus $2c -i 1 $args"
		sleep 5
		demo_cpu "$2c" >>"$TMP/demo_cpu.$1"
		tmux -L $SOCK kill-server
		sleep 1
		;;
	esac
}
configs="alone introspect"
[ "$(id -u)" -ne 0 ] || configs="$configs bpf"
# Interleaved, so that a slow phase of a busy machine hits every configuration alike.
i=0
while [ $i -lt "$REPEAT" ]; do
	for c in $configs; do
		watched_rate $c bv$$$c$i >>"$TMP/rates.$c"
	done
	i=$((i + 1))
done
for c in $configs; do
	median <"$TMP/rates.$c" >"$TMP/rate.$c"
done
base=$(cat "$TMP/rate.alone")
echo "bus throughput, rpmsg-sim demo --rate 0 (median of $REPEAT runs of 6 s, host msgs/s):"
echo "  alone:                           $base"
for c in introspect bpf; do
	[ -f "$TMP/rate.$c" ] || continue
	r=$(cat "$TMP/rate.$c")
	awk -v r="$r" -v b="$base" -v c="$c" 'BEGIN {
		printf "  watched by rpmsg-top, %-11s %s = %.3f x alone", c ":", r, r / b }'
	echo " (rpmsg-top itself: $(median <"$TMP/cpu.$c") % of one core)"
done
echo "bus CPU at the demo's default rates (host + firmware processes, % of one core, median):"
for c in $configs; do
	printf "  %-11s %s %%\n" "$c:" "$(median <"$TMP/demo_cpu.$c")"
done
