#!/bin/sh
# Tests of the bus's probes (bus/probes/probes.h, bus/probes). Usage:
#   probes_test.sh CASE LIBRPMSGBUS WORKLOAD
# CASE: notes   every rpmsg event has a USDT note with a semaphore in librpmsgbus.so, and on
#               x86-64 each probe site is a 1-byte nop (the 5-byte nop Linux 6.18 optimises
#               crashes a traced program's forked children: bus/probes/probes.h)
#       linkage librpmsgbus.so does not link LTTng: an application needs no LTTng at run time
#       fire    bpftrace attached to rpmsg:msg_send / msg_recv in a running workload counts them,
#               with the right bus name and lengths (root; exit 77 when not root or no bpftrace)
. "$(dirname "$0")/../include/lib.sh"
set -u
case_name=$1
lib=$2
workload=$3
events="vring_add vring_get mbox_kick mbox_rx msg_send msg_recv ns_announce ept_create ept_destroy tx_wait drop"

tmpdir_make probes
wl_pid=
on_exit_run 'rm -f "/dev/shm/rpmsg-probe$$"'

# start_holding_workload N: the workload sends N messages per endpoint on bus probe$$, then keeps
# sending on tp-alpha until $TMP/release exists; returns once it is holding (pid in $wl_pid).
start_holding_workload() {
	"$workload" --bus "probe$$" --messages "$1" --hold "$TMP/release" >"$TMP/wl.out" 2>&1 &
	wl_pid=$!
	on_exit_kill $wl_pid
	wait_while_alive $wl_pid "the workload to hold" 60 grep -q "holding until" "$TMP/wl.out"
}

case $case_name in
notes)
	readelf -n "$lib" >"$TMP/notes" || fail "readelf -n $lib"
	for ev in $events; do
		awk -v ev="$ev" '$1 == "Name:" { name = $2 }
			name == ev && /Semaphore:/ { print $NF; name = "" }' "$TMP/notes" >"$TMP/sem"
		[ -s "$TMP/sem" ] || fail "no USDT note rpmsg:$ev"
		grep -qv '^0x0*$' "$TMP/sem" || fail "rpmsg:$ev has no semaphore"
	done
	grep -q "Provider: rpmsg" "$TMP/notes" || fail "provider is not rpmsg"
	# msg_send / msg_recv: bus, role, src, dst, len, flags, payload pointer, captured length.
	awk '$1 == "Name:" { name = $2 } name == "msg_send" && /Arguments:/ { print NF - 1; exit }' \
		"$TMP/notes" | grep -qx 8 || fail "msg_send does not have 8 arguments"
	if [ "$(uname -m)" = x86_64 ]; then
		locations=$(awk '/Location:/ { sub(",", "", $2); print $2 }' "$TMP/notes")
		objdump -d "$lib" >"$TMP/dis"
		for loc in $locations; do
			addr=$(printf '%x' "$loc")
			grep -Eq "^ *$addr:[[:space:]]+90[[:space:]]" "$TMP/dis" ||
				fail "probe site $addr is not a 1-byte nop"
		done
	fi
	echo "all $(echo $events | wc -w) events have USDT notes with semaphores"
	;;
linkage)
	readelf -d "$lib" | grep NEEDED
	readelf -d "$lib" | grep NEEDED | grep -qi lttng && fail "librpmsgbus links LTTng"
	# Without the provider preloaded, a program using the bus maps no LTTng tracer (at most
	# the tiny liblttng-ust-tracepoint, when installed) and starts no LTTng threads.
	# (maps read once the messages are sent: anything loaded on the way is there by then)
	start_holding_workload 5
	cat /proc/$wl_pid/maps >"$TMP/maps" || fail "workload not running"
	touch "$TMP/release"
	wait $wl_pid || fail "workload failed"
	grep -o '/[^ ]*lttng[^ ]*' "$TMP/maps" | sort -u
	grep -q 'liblttng-ust\.so' "$TMP/maps" && fail "the LTTng tracer was loaded without being asked"
	;;
fire)
	need_root "attaching USDT probes"
	command -v bpftrace >/dev/null || skip "bpftrace not installed"
	start_holding_workload 1
	# bpftrace finds probes of a shared library only with -p (PLATFORM.md). It counts for a
	# 3 s window (pacing, not a wait) while the workload keeps sending.
	timeout 120 bpftrace -p $wl_pid -e "
		usdt:$lib:rpmsg:msg_send /str(arg0) == \"probe$$\" && arg4 >= 8/ { @send = count(); }
		usdt:$lib:rpmsg:msg_recv /str(arg0) == \"probe$$\"/ { @recv = count(); }
		interval:s:3 { exit(); }" >"$TMP/bt.out" 2>&1
	touch "$TMP/release"
	wait $wl_pid
	cat "$TMP/bt.out"
	grep -Eq "^@send: [1-9]" "$TMP/bt.out" || fail "rpmsg:msg_send did not fire"
	grep -Eq "^@recv: [1-9]" "$TMP/bt.out" || fail "rpmsg:msg_recv did not fire"
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: $case_name"
