#!/bin/sh
# Tests of the bus's probes (bus/probes/probes.h, bus/probes). Usage:
#   probes_test.sh CASE LIBRPMSGBUS WORKLOAD
# CASE: notes   every rpmsg event has a USDT note with a semaphore in librpmsgbus.so, and on
#               x86-64 each probe site is a 5-byte nop (Linux 6.18's optimised uprobe path)
#       linkage librpmsgbus.so does not link LTTng: an application needs no LTTng at run time
#       fire    bpftrace attached to rpmsg:msg_send / msg_recv in a running workload counts them,
#               with the right bus name and lengths (root; exit 77 when not root or no bpftrace)
set -u
case_name=$1
lib=$2
workload=$3
events="vring_add vring_get mbox_kick mbox_rx msg_send msg_recv ns_announce ept_create ept_destroy tx_wait drop"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

case $case_name in
notes)
	readelf -n "$lib" >/tmp/probes-notes.$$ || fail "readelf -n $lib"
	for ev in $events; do
		awk -v ev="$ev" '$1 == "Name:" { name = $2 }
			name == ev && /Semaphore:/ { print $NF; name = "" }' /tmp/probes-notes.$$ \
			>/tmp/probes-sem.$$
		[ -s /tmp/probes-sem.$$ ] || { rm -f /tmp/probes-*.$$; fail "no USDT note rpmsg:$ev"; }
		grep -qv '^0x0*$' /tmp/probes-sem.$$ || { rm -f /tmp/probes-*.$$; fail "rpmsg:$ev has no semaphore"; }
	done
	grep -q "Provider: rpmsg" /tmp/probes-notes.$$ || fail "provider is not rpmsg"
	# msg_send / msg_recv: bus, role, src, dst, len, flags, payload pointer, captured length.
	awk '$1 == "Name:" { name = $2 } name == "msg_send" && /Arguments:/ { print NF - 1; exit }' \
		/tmp/probes-notes.$$ | grep -qx 8 || fail "msg_send does not have 8 arguments"
	if [ "$(uname -m)" = x86_64 ]; then
		locations=$(awk '/Location:/ { sub(",", "", $2); print $2 }' /tmp/probes-notes.$$)
		objdump -d "$lib" >/tmp/probes-dis.$$
		for loc in $locations; do
			addr=$(printf '%x' "$loc")
			grep -Eq "^ *$addr:[[:space:]]+0f 1f 44 00 00[[:space:]]" /tmp/probes-dis.$$ ||
				{ rm -f /tmp/probes-*.$$; fail "probe site $addr is not a 5-byte nop"; }
		done
	fi
	rm -f /tmp/probes-*.$$
	echo "all $(echo $events | wc -w) events have USDT notes with semaphores"
	;;
linkage)
	readelf -d "$lib" | grep NEEDED
	readelf -d "$lib" | grep NEEDED | grep -qi lttng && fail "librpmsgbus links LTTng"
	# Without the provider preloaded, a program using the bus maps no LTTng tracer (at most
	# the tiny liblttng-ust-tracepoint, when installed) and starts no LTTng threads.
	tmp=$(mktemp -d /tmp/rpmsg-probes-test.XXXXXX)
	trap 'kill $wl_pid 2>/dev/null; rm -rf "$tmp" /dev/shm/rpmsg-probe$$' EXIT
	"$workload" --bus "probe$$" --messages 5 --hold "$tmp/release" >"$tmp/wl.out" 2>&1 &
	wl_pid=$!
	sleep 1
	cat /proc/$wl_pid/maps >"$tmp/maps" || fail "workload not running"
	touch "$tmp/release"
	wait $wl_pid || { cat "$tmp/wl.out"; fail "workload failed"; }
	grep -o '/[^ ]*lttng[^ ]*' "$tmp/maps" | sort -u
	grep -q 'liblttng-ust\.so' "$tmp/maps" && fail "the LTTng tracer was loaded without being asked"
	;;
fire)
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: attaching USDT probes needs root"
		exit 77
	fi
	command -v bpftrace >/dev/null || { echo "SKIP: bpftrace not installed"; exit 77; }
	tmp=$(mktemp -d /tmp/rpmsg-probes-test.XXXXXX)
	trap 'kill $wl_pid 2>/dev/null; rm -rf "$tmp" /dev/shm/rpmsg-probe$$' EXIT
	"$workload" --bus "probe$$" --messages 1 --hold "$tmp/release" >"$tmp/wl.out" 2>&1 &
	wl_pid=$!
	# bpftrace finds probes of a shared library only with -p (PLATFORM.md).
	timeout 120 bpftrace -p $wl_pid -e "
		usdt:$lib:rpmsg:msg_send /str(arg0) == \"probe$$\" && arg4 >= 8/ { @send = count(); }
		usdt:$lib:rpmsg:msg_recv /str(arg0) == \"probe$$\"/ { @recv = count(); }
		interval:s:3 { exit(); }" >"$tmp/bt.out" 2>&1
	touch "$tmp/release"
	wait $wl_pid
	cat "$tmp/bt.out"
	grep -Eq "^@send: [1-9]" "$tmp/bt.out" || fail "rpmsg:msg_send did not fire"
	grep -Eq "^@recv: [1-9]" "$tmp/bt.out" || fail "rpmsg:msg_recv did not fire"
	;;
*)
	fail "unknown case $case_name"
	;;
esac
echo "PASS: $case_name"
