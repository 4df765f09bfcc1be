#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The virtual board's benchmarks (board/README.md, board/README-kernel.md), printed as ratios to
# figures measured in the same run: QEMU runs the guest under TCG, so absolute rates say more
# about the emulator than about rpmsg.
#
#  1. the board against the shm bus (issue 11 item 5): rpmsg-board-workload in the guest, through
#     the kernel's virtio_rpmsg_bus and /dev/rpmsgN, to our firmware (rpmsg-sim board), beside
#     bench-bus's librpmsgbus figures with the futex mailbox (the default one):
#       echo, one request in flight    vs bench-bus echo round trip (64 B, one in flight): 1/p50
#       echo, 16 in flight (default)   vs the same serial shm figure (the shm bench has no window)
#       raw, N 496-byte blocks each way (2N messages / elapsed)  vs bench-bus one way 496 B
#       sensor stream, N 32-byte samples firmware -> guest       vs bench-bus one way 64 B
#     The echo requests on the board are 16..496 bytes (sim_echo_len), bench-bus's are 64.
#     Plus the boot: host wall time from start to the guest's "vboard: ready" (/init ran the
#     command), the guest's own uptime then, and start to power-off of a board doing nothing else.
#  2. BPF overhead on the real driver (issue 12 item 6): board/overlay/guest-check.sh's bench
#     stage in one boot of the overlay kit: echo round trips/s through /dev/rpmsgN untraced,
#     under 'rpmsg-trace live --kernel', under 'live --kernel --messages', untraced again.
#
# Nothing here asserts a time: a part whose kit is missing is skipped with the reason; a
# workload that fails (wrong counts, no channel) fails the script.
#
# usage: bench/board/run.sh BUILD_DIR [--quick]
#   --quick   echo 2000 round trips, raw/stream 10000 messages, guest-check bench 1000
#             (else 10000, 50000, 3000)
set -eu
[ $# -ge 1 ] || { echo "usage: bench/board/run.sh BUILD_DIR [--quick]" >&2; exit 2; }
B=$(cd "$1" && pwd)
quick=${2:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
boot="$src/board/kit/vboard-boot.sh"
sim="$B/bus/tools/rpmsg-sim"
kit="$B/board/kit"
okit="$B/board/overlay/kit"
if [ "$quick" = --quick ]; then
	echo_n=2000 stream_n=10000 bpf_n=1000
else
	echo_n=10000 stream_n=50000 bpf_n=3000
fi

# skip REASON: the board cannot run here; not a failure of the benchmark.
skip() {
	echo "bench/board: skipped: $*"
	exit 0
}
command -v qemu-system-x86_64 >/dev/null ||
	skip "qemu-system-x86_64 not installed (scripts/install-deps.sh)"
for f in "$kit/vmlinuz" "$kit/initramfs.cpio.gz"; do
	[ -f "$f" ] || skip "$f missing: the board kit was not built (cmake -DRPMSG_VBOARD=ON)"
done
for f in "$sim" "$B/bench/bus/bench-bus"; do
	[ -x "$f" ] || skip "$f missing: build the tree first"
done

# Work files and sockets in a short path of our own (a socket path has at most 107 bytes).
work=$(mktemp -d /tmp/bench-board.XXXXXX)
fwpid=
bpid=
# An interrupted run stops what it started, by pid (rpmsg-sim board stops its QEMU and firmware).
cleanup() {
	# under set -e a stopped child's non-zero status would end the trap before the rm
	set +e
	for p in $fwpid $bpid; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fail WHAT FILE: a run that did not complete; its output, and a non-zero exit.
fail() {
	echo "bench/board: $1 failed; its output ($2):" >&2
	cat "$2" >&2
	exit 1
}

# now: host wall clock in seconds, nanoseconds kept.
now() {
	date +%s.%N
}

# ratio A B: A/B to three places, "n/a" when B is empty or zero.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.3f", a / b; else printf "n/a" }'
}

# ---- the shm bus, this run --------------------------------------------------------------------
echo "bench/board: bench-bus --quick (the shm bus side)"
"$B/bench/bus/bench-bus" --quick >"$work/bus.txt" 2>&1 || fail bench-bus "$work/bus.txt"
# one-way rows: "futex BYTES MSGS/S MB/S x x" (6 fields); the echo row: "futex P50 P99 x x" (5,
# numbers: the targets' "futex RTT p50/socketpair: 0.15x met" has 5 fields too)
shm_496=$(awk '$1 == "futex" && NF == 6 && $2 == 496 { print $3; exit }' "$work/bus.txt")
shm_64=$(awk '$1 == "futex" && NF == 6 && $2 == 64 { print $3; exit }' "$work/bus.txt")
shm_rtt=$(awk '$1 == "futex" && NF == 5 && $2 ~ /^[0-9.]+$/ && $2 > 0 {
	printf "%.0f", 1e6 / $2; exit }' "$work/bus.txt")
if [ -z "$shm_496" ] || [ -z "$shm_64" ] || [ -z "$shm_rtt" ]; then
	fail "reading bench-bus's futex rows" "$work/bus.txt"
fi

# ---- part 1: the boot alone -------------------------------------------------------------------
# A board that only reads its uptime: the host's wall clock from start to "vboard: ready" and to
# power-off. Most of it passes before the guest kernel's clock starts (QEMU, firmware, loading and
# unpacking the kernel under TCG), which the guest's uptime at /init does not count.
echo "bench/board: boot and power-off (a board that only reads its uptime)"
# shellcheck disable=SC2016 # $u is the guest shell's
boot_cmd='read u x </proc/uptime; echo UPTIME $u'
t0=$(now)
"$sim" board --bus benchboot --vhost-user "$work/boot.sock" --kit "$kit" --boot-script "$boot" \
	-q --console "$work/boot-console.log" --output "$work/boot-out.log" \
	--cmd "$boot_cmd" >"$work/boot-fw.txt" 2>&1 &
bpid=$!
t_ready=
while kill -0 $bpid 2>/dev/null; do
	if [ -z "$t_ready" ] && grep -q '^vboard: ready' "$work/boot-console.log" 2>/dev/null; then
		t_ready=$(now)
	fi
	sleep 0.05
done
# rpmsg-sim board stops the guest after its own --timeout (600 s): the loop above ends.
wait $bpid || fail "the boot" "$work/boot-console.log"
bpid=
t1=$(now)
[ -n "$t_ready" ] || t_ready=$t1
guest_ready=$(sed -n 's/^UPTIME //p' "$work/boot-out.log")
boot_ready=$(awk -v a="$t0" -v b="$t_ready" 'BEGIN { printf "%.2f", b - a }')
boot_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

# ---- part 1: the workload through the real driver ---------------------------------------------
# The firmware sends exactly stream_n raw blocks and sensor samples (--messages), as fast as the
# buffers allow (--rate 0); /proc/uptime (10 ms) times the raw and sensor runs in the guest.
echo "bench/board: workload on the board (echo $echo_n, raw and sensor $stream_n)"
cmd="rpmsg-board-workload -n $echo_n --window 1 --services echo"
cmd="$cmd; rpmsg-board-workload -n $echo_n --services echo"
cmd="$cmd; read a x </proc/uptime; rpmsg-board-workload -n $stream_n --services raw"
cmd="$cmd; read b x </proc/uptime; rpmsg-board-workload --stream $stream_n --services sensor"
cmd="$cmd; read c x </proc/uptime; echo TIMES \$a \$b \$c"
"$sim" board --bus benchwl --vhost-user "$work/wl.sock" --kit "$kit" --boot-script "$boot" \
	--messages "$stream_n" --rate 0 -q --console "$work/wl-console.log" \
	--output "$work/wl-out.log" --cmd "$cmd" >"$work/wl-fw.txt" 2>&1 ||
	fail "the board workload" "$work/wl-out.log"
cat "$work/wl-out.log"
rates=$(sed -n 's/^echo: .*(\([0-9.]*\) round trips\/s).*/\1/p' "$work/wl-out.log")
echo1=$(echo "$rates" | sed -n 1p)
echo16=$(echo "$rates" | sed -n 2p)
# shellcheck disable=SC2046 # three numbers, split on purpose
set -- $(sed -n 's/^TIMES //p' "$work/wl-out.log")
if [ -z "$echo1" ] || [ -z "$echo16" ] || [ $# != 3 ]; then
	fail "reading the workload's figures" "$work/wl-out.log"
fi
raw=$(awk -v a="$1" -v b="$2" -v n="$stream_n" \
	'BEGIN { if (b > a) printf "%.0f", 2 * n / (b - a) }')
sensor=$(awk -v a="$2" -v b="$3" -v n="$stream_n" 'BEGIN { if (b > a) printf "%.0f", n / (b - a) }')

echo
echo "board vs shm bus (same run; board = QEMU TCG guest, kernel virtio_rpmsg_bus, /dev/rpmsgN)"
printf '  %-42s %12s %12s %8s\n' "workload" "board /s" "shm bus /s" "ratio"
printf '  %-42s %12s %12s %8s\n' "echo round trips, 1 in flight" "$echo1" "$shm_rtt" \
	"$(ratio "$echo1" "$shm_rtt")"
printf '  %-42s %12s %12s %8s\n' "echo round trips, 16 in flight (shm: 1)" "$echo16" "$shm_rtt" \
	"$(ratio "$echo16" "$shm_rtt")"
printf '  %-42s %12s %12s %8s\n' "raw 496 B, both ways (shm: one way)" "${raw:-n/a}" "$shm_496" \
	"$(ratio "${raw:-0}" "$shm_496")"
printf '  %-42s %12s %12s %8s\n' "sensor stream 32 B, fw->guest (shm: 64 B)" "${sensor:-n/a}" \
	"$shm_64" "$(ratio "${sensor:-0}" "$shm_64")"
echo "  boot: /init ready ${boot_ready} s after start (guest uptime ${guest_ready:-?} s)," \
	"start to power-off ${boot_wall} s"

# ---- part 2: BPF overhead on the real driver --------------------------------------------------
for f in "$okit/vmlinuz" "$okit/initramfs.cpio.gz"; do
	[ -f "$f" ] || skip "part 2: $f missing: the tools' overlay was not built (vboard-overlay)"
done
echo
echo "bench/board: BPF overhead (guest-check.sh bench $bpf_n, one boot of the overlay kit)"
"$sim" remote --bus benchbpf --vhost-user "$work/bpf.sock" -q >"$work/bpf-fw.txt" 2>&1 &
fwpid=$!
i=0
while [ ! -S "$work/bpf.sock" ]; do
	i=$((i + 1))
	if [ $i -gt 300 ] || ! kill -0 $fwpid 2>/dev/null; then
		fail "the firmware (no socket in 30 s)" "$work/bpf-fw.txt"
	fi
	sleep 0.1
done
sh "$boot" --kit "$okit" --socket "$work/bpf.sock" --memory 1024 \
	--console "$work/bpf-console.log" --output "$work/bpf-out.log" \
	--cmd "sh /usr/share/rpmsg-scope/guest-check.sh bench $bpf_n" ||
	fail "the BPF overhead boot" "$work/bpf-out.log"
# The firmware ends when the guest is gone; a firmware still running is stopped by its pid.
kill $fwpid 2>/dev/null || true
wait $fwpid || true
fwpid=
line=$(sed -n 's/^RESULT bench //p' "$work/bpf-out.log")
grep -q 'bench-start timeout' "$work/bpf-out.log" && fail "starting rpmsg-trace in the guest" \
	"$work/bpf-out.log"
# shellcheck disable=SC2086 # eight words, split on purpose
set -- $line
if [ $# != 8 ] || [ "$1" != untraced ]; then
	fail "reading guest-check.sh's RESULT bench" "$work/bpf-out.log"
fi
u0=$2 live=$4 msgs=$6 u1=$8
base=$(awk -v a="$u0" -v b="$u1" 'BEGIN { printf "%.0f", (a + b) / 2 }')
echo "RESULT bench $line"
echo "echo round trips/s through /dev/rpmsgN, against the mean untraced rate ($base/s):"
echo "  untraced $(ratio "$u0" "$base"), live --kernel $(ratio "$live" "$base")," \
	"live --kernel --messages $(ratio "$msgs" "$base"), untraced again $(ratio "$u1" "$base")"
