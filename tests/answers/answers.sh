#!/bin/sh
# No empty answer without a reason. Usage: answers.sh CASE (TOP, SIM, TRACE from the environment)
#   top_bus_missing       rpmsg-top -b on a --bus that does not exist: exit 1, one line naming it
#                         and the buses that run (or how to start one); a bus that exists: no line
#   top_kernel_no_device  rpmsg-top --kernel on this host (no virtio rpmsg device): one line saying
#                         so, with the hooks attached; exit 0 (it watches until a device appears)
#   live_kernel_no_device the same for rpmsg-trace live --kernel (exit 0, it keeps reporting)
#   top_kmsg_live         rpmsg-top --kmsg /dev/kmsg without rpmsg debug lines: the rpmsg-ddebug
#                         command that turns them on, on stderr and in the batch note
#   top_kmsg_file         rpmsg-top --kmsg FILE with no rpmsg line: exit 1 with the same advice
#   record_empty          rpmsg-trace record of a COMMAND that traces nothing: "0 events
#                         captured", exit 4; without COMMAND a warning, and report names the
#                         empty directory; of a real workload: its exact event count
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
: "${TOP:?TOP (rpmsg-top) not set}"
: "${SIM:?SIM (rpmsg-sim) not set}"

# run_top ARGS...: rpmsg-top in batch mode, stdout in $TMP/out, stderr in $TMP/err, $status.
run_top() {
	status=0
	timeout 120 "$TOP" -b -n 1 -i 0.2 "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
}

# one_line EXPECTED: $TMP/err is exactly that one line.
one_line() {
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$TMP/err")"
	[ "$(cat "$TMP/err")" = "$1" ] || fail "stderr says '$(cat "$TMP/err")', expected '$1'"
}

# one_line_like ERE: $TMP/err is one line matching ERE.
one_line_like() {
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$TMP/err")"
	grep -Eq -- "$1" "$TMP/err" || fail "stderr says '$(cat "$TMP/err")', not /$1/"
}

case $case_name in
top_bus_missing)
	# a /dev/shm of our own: the buses listed are exactly ours
	private_namespace "$@"
	tmpdir_make answers
	bus=ans$$
	run_top --bus "$bus"
	[ $status -eq 1 ] || fail "a missing bus exited $status, expected 1"
	missing="rpmsg-top: bus $bus not found (no /dev/shm/rpmsg-$bus)"
	one_line "$missing; no bus is running: start one with rpmsg-sim demo --bus $bus"
	grep -q "channels 0" "$TMP/out" || fail "no empty frame printed"
	"$SIM" demo --bus "$bus-other" --duration 120 >"$TMP/sim.log" 2>&1 &
	sim_pid=$!
	on_exit_kill $sim_pid
	wait_while_alive $sim_pid "the demo's bus" 30 "$SIM" status "$bus-other"
	run_top --bus "$bus"
	[ $status -eq 1 ] || fail "a missing bus beside another exited $status, expected 1"
	one_line "$missing; running: $bus-other"
	# the bus that exists: a frame and nothing on stderr
	run_top --bus "$bus-other"
	[ $status -eq 0 ] || fail "an existing bus exited $status: $(cat "$TMP/err")"
	[ ! -s "$TMP/err" ] || fail "an existing bus got a reason: $(cat "$TMP/err")"
	;;
top_kernel_no_device)
	need_root "the kernel BPF program"
	[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
	tmpdir_make answers
	for d in /sys/bus/virtio/devices/*/device; do
		[ "$(cat "$d" 2>/dev/null)" != 0x0007 ] ||
			skip "this machine has a virtio rpmsg device ($d)"
	done
	run_top --kernel
	if [ $status -ne 0 ] && grep -q "hook\|BPF\|bpf" "$TMP/err"; then
		skip "the kernel program cannot load here: $(cat "$TMP/err")"
	fi
	[ $status -eq 0 ] || fail "--kernel without a device exited $status: $(cat "$TMP/err")"
	found="no rpmsg device \(virtio device 7\) in /sys/bus/virtio/devices"
	hooks="hooks: .* \([0-9]+ of [0-9]+ active\)"
	one_line_like "^rpmsg-top: $found: nothing to count until one appears; $hooks$"
	grep -q "channels 0" "$TMP/out" || fail "no empty frame printed"
	;;
live_kernel_no_device)
	# the same line from `rpmsg-trace live --kernel`, which keeps reporting (exit 0)
	need_root "the kernel BPF program"
	[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
	: "${TRACE:?TRACE (rpmsg-trace) not set}"
	tmpdir_make answers
	for d in /sys/bus/virtio/devices/*/device; do
		[ "$(cat "$d" 2>/dev/null)" != 0x0007 ] ||
			skip "this machine has a virtio rpmsg device ($d)"
	done
	status=0
	timeout 120 "$TRACE" live --kernel --duration 1 >"$TMP/out" 2>"$TMP/err" || status=$?
	[ $status -eq 0 ] || fail "live --kernel without a device exited $status: $(cat "$TMP/err")"
	found="no rpmsg device (virtio device 7) in /sys/bus/virtio/devices"
	[ "$(grep -c "^rpmsg-trace live: $found: nothing to count until one appears$" "$TMP/err")" -eq 1 ] ||
		fail "live --kernel did not say it found no device: $(cat "$TMP/err")"
	;;
top_kmsg_live)
	need_root "reading /dev/kmsg (dmesg_restrict)"
	tmpdir_make answers
	# a rpmsg debug line would have to come from a kernel with rpmsg and dynamic_debug on
	for d in /sys/bus/virtio/devices/*/device; do
		[ "$(cat "$d" 2>/dev/null)" != 0x0007 ] || skip "this machine has a virtio rpmsg device ($d)"
	done
	run_top --kmsg /dev/kmsg
	[ $status -eq 0 ] || fail "--kmsg /dev/kmsg exited $status: $(cat "$TMP/err")"
	advice="no rpmsg debug lines seen yet in /dev/kmsg \([0-9]+ lines read\): turn them on with:"
	advice="$advice rpmsg-ddebug on rpmsg"
	one_line_like "^rpmsg-top: $advice$"
	grep -Eq "^note: $advice$" "$TMP/out" || fail "the batch frame has no note: $(cat "$TMP/out")"
	;;
top_kmsg_file)
	tmpdir_make answers
	printf '[    1.000000] virtio_blk virtio2: [vda] 2097152 512-byte logical blocks\n' >"$TMP/k.log"
	printf '[    1.100000] EXT4-fs (vda1): mounted filesystem\nplain line\n' >>"$TMP/k.log"
	run_top --kmsg "$TMP/k.log"
	[ $status -eq 1 ] || fail "a log without rpmsg lines exited $status, expected 1"
	one_line "rpmsg-top: no rpmsg debug lines in $TMP/k.log (3 lines read): turn them on with:\
 rpmsg-ddebug on rpmsg"
	[ ! -s "$TMP/out" ] || fail "a frame was printed for nothing: $(cat "$TMP/out")"
	;;
record_empty)
	[ -n "${TRACE:-}" ] || skip "rpmsg-trace record not built (LTTng)"
	private_namespace "$@"
	tmpdir_make answers
	start_private_lttng "$TMP/home"
	status=0
	"$TRACE" record -o "$TMP/empty" -- true >"$TMP/rec.out" 2>"$TMP/rec.err" || status=$?
	[ $status -eq 4 ] || fail "an empty recording exited $status, expected 4"
	why="'true' sent no rpmsg traffic or does not use librpmsgbus"
	why="$why (the rpmsg provider was preloaded into it)"
	grep -qxF "rpmsg-trace record: 0 events captured in $TMP/empty: $why" "$TMP/rec.err" ||
		fail "the empty recording is not explained"
	[ "$(grep -c "events captured" "$TMP/rec.err")" -eq 1 ] || fail "not one count line"
	# no COMMAND and no program: a warning (a quiet period may be what was wanted), exit 0;
	# report then names what the directory is
	status=0
	"$TRACE" record -o "$TMP/quiet" --duration 1 >"$TMP/rec.out" 2>"$TMP/rec.err" || status=$?
	[ $status -eq 0 ] || fail "a quiet recording without COMMAND exited $status, expected 0"
	why="no traced program sent rpmsg traffic (start them with LD_PRELOAD="
	grep -qF "rpmsg-trace record: warning: 0 events captured in $TMP/quiet: $why" \
		"$TMP/rec.err" || fail "the quiet recording is not explained"
	status=0
	"$TRACE" report "$TMP/quiet" >"$TMP/out" 2>"$TMP/err" || status=$?
	[ $status -eq 1 ] || fail "report of an empty recording exited $status, expected 1"
	one_line "rpmsg-trace report: $TMP/quiet: no CTF trace here (no 'metadata' file in it or\
 below): not a trace directory, or a recording in which no traced program ever registered\
 (record said '0 events captured')"
	# a real workload: the count printed is the count the trace holds
	status=0
	"$TRACE" record -o "$TMP/full" -- "$SIM" demo --bus "ans$$" --messages 50 --rate 0 \
		--quiet >"$TMP/rec.out" 2>"$TMP/rec.err" || status=$?
	[ $status -eq 0 ] || fail "recording the demo exited $status"
	babeltrace2 "$TMP/full" >"$TMP/dump.txt" 2>"$TMP/bt.err" || fail "babeltrace2 cannot read it"
	expect=$(grep -c " rpmsg:" "$TMP/dump.txt")
	[ "$expect" -gt 0 ] || fail "the demo's trace holds no event"
	grep -qx "rpmsg-trace record: $expect events captured" "$TMP/rec.err" ||
		fail "expected 'rpmsg-trace record: $expect events captured'"
	;;
*)
	fail "unknown case '$case_name'"
	;;
esac
echo "ok: $case_name"
