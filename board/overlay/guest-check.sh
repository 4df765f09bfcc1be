#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Runs inside the virtual board (busybox sh, our tools from the overlay, installed as
# /usr/share/rpmsg-scope/guest-check.sh): every kernel-side view of rpmsg traffic of known
# counts. Prints "RESULT <stage> <one line>" for the host's checker
# (tests/vboard-kernel/vboard_kernel_test.py), which compares them with the firmware's own
# counts; "STAGE <name>" lines say where it is. Every wait has a deadline.
#
# usage: guest-check.sh STAGES N
#   STAGES  comma-separated: early, detail, live, record, top, drop, kmsg, kmsgboot, txwait, bench
#           (in order); early needs a board booted with rpmsg.nodev=1 (no device yet)
#   N       messages per service (the firmware runs with --messages N)
set -u
stages=$1
n=$2
out=/tmp/check
mkdir -p $out

has() {
	case ",$stages," in *",$1,"*) return 0 ;; esac
	return 1
}

# wait_for FILE PATTERN SECONDS: until FILE has a line matching PATTERN; 1 on timeout.
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

# stop PID: SIGINT (the tools print their totals on it), then wait for it.
stop() {
	kill -INT "$1" 2>/dev/null
	wait "$1"
}

# live_start STAGE OUT ERR ARGS...: rpmsg-trace live --kernel ARGS in the background ($pid), its
# output in $out/OUT and its errors in $out/ERR, until its hooks are active.
live_start() {
	stage=$1 o=$2 e=$3
	shift 3
	rpmsg-trace live --kernel "$@" >$out/$o 2>$out/$e &
	pid=$!
	wait_for $out/$e 'hooks active' 60 || echo "RESULT $stage-start timeout"
}

# traced STAGE ARGS...: rpmsg-board-workload ARGS under the tracer live_start started, then stop
# it; RESULT workload-STAGE is the workload's exit status.
traced() {
	stage=$1
	shift
	rpmsg-board-workload "$@"
	echo "RESULT workload-$stage $?"
	stop $pid
}

# report STAGE BASE ARGS...: rpmsg-trace report --json ARGS into $out/BASE.json; RESULT STAGE-exit
# is its exit status, RESULT STAGE its JSON on one line.
report() {
	stage=$1 base=$2
	shift 2
	rpmsg-trace report --json "$@" >$out/$base.json 2>$out/$base.err
	echo "RESULT $stage-exit $?"
	cat $out/$base.err
	echo "RESULT $stage $(tr -d '\n' <$out/$base.json)"
}

# The channel device of NAME under /sys/bus/rpmsg/devices.
channel() {
	for d in /sys/bus/rpmsg/devices/*; do
		[ "$(cat "$d/name")" = "$1" ] && basename "$d" && return 0
	done
	return 1
}

echo "STAGE channels: $(cat /sys/bus/rpmsg/devices/*/name 2>/dev/null | tr '\n' ' ')"

if has early; then
	# The tracer attached before the device exists (rpmsg.nodev=1: /init loaded no virtio_pci):
	# nothing to seed from sysfs, every name must come from the announcements it sees.
	echo "STAGE early"
	echo "RESULT early-channels-before $(ls /sys/bus/rpmsg/devices | wc -l)"
	live_start early early.json early.err --json -i 1
	cat $out/early.err
	# the modules /init left out (the kit's load order names them "pci"): the device probes
	while read -r name kind; do
		[ "$kind" = pci ] && insmod "/lib/modules/vboard/$name.ko"
	done </lib/modules/vboard/order
	# the workload waits (bounded) for the announced channels itself
	traced early -n "$n" --stream "$n" --services echo,sensor,raw,ctrl
	echo "RESULT early $(grep '"type":"total"' $out/early.json)"
fi

if has detail; then
	# The collector's per-endpoint view (--detail) on the kernel source, JSON then the table.
	echo "STAGE detail"
	live_start detail detail.json detail.err --detail --json -i 1
	traced detail -n "$n" --services echo,ctrl
	cat $out/detail.err
	echo "RESULT detail-json $(grep -v '"type":"total"' $out/detail.json | tail -n 1)"
	live_start detail-text detail.txt detail-txt.err --detail -i 100
	traced detail-text -n "$n" --services echo
	cat $out/detail-txt.err
	sed 's/^/DETAIL /' $out/detail.txt
fi

if has live; then
	# Started after the channels exist (they were announced at boot): names come from sysfs.
	echo "STAGE live"
	live_start live live.json live.err --json -i 1
	cat $out/live.err
	traced live -n "$n" --stream "$n" --services echo,sensor,raw,ctrl
	echo "RESULT live $(grep '"type":"total"' $out/live.json)"
fi

if has record; then
	echo "STAGE record"
	rpmsg-trace record --bpf --kernel -o $out/trace -- \
		rpmsg-board-workload -n "$n" --services echo,ctrl >$out/record.out 2>$out/record.err
	echo "RESULT workload-record $?"
	cat $out/record.out $out/record.err
	report report report $out/trace
fi

if has top; then
	# echo traffic for as long as rpmsg-top runs (it takes seconds to load under TCG)
	echo "STAGE top"
	rpmsg-top --kernel -b -n 3 -i 1 >$out/top.out 2>$out/top.err &
	tpid=$!
	wait_for $out/top.out 'refresh 1' 60 || echo "RESULT top-start timeout"
	rounds=0
	while kill -0 $tpid 2>/dev/null && [ $rounds -lt 3000 ]; do
		rpmsg-board-workload -n 20 --services echo >/dev/null 2>&1 || break
		rounds=$((rounds + 1))
	done
	wait $tpid
	echo "RESULT top-exit $?"
	echo "RESULT top-rounds $rounds"
	cat $out/top.err
	sed 's/^/TOP /' $out/top.out
fi

if has drop; then
	# rpmsg-tty streams to the endpoint of the host's start message; once the stream runs the
	# channel's driver is unbound (its endpoint destroyed): the rest has no recipient.
	echo "STAGE drop"
	live_start drop drop.json drop.err --json -i 1
	rpmsg-board-workload --stream 5 --services tty
	echo "RESULT workload-drop $?"
	dev=$(channel rpmsg-tty)
	echo "$dev" >/sys/bus/rpmsg/drivers/rpmsg_chrdev/unbind
	echo "RESULT unbound $dev"
	# until the stream's N lines have all arrived (delivered or dropped), 60 s at most
	i=0
	while [ $i -lt 600 ]; do
		rx=$(grep '"type":"interval"' $out/drop.json | tail -n 1 |
			sed -n 's/.*"name":"rpmsg-tty","tx_msgs":[0-9]*,"tx_bytes":[0-9]*,"rx_msgs":\([0-9]*\),.*/\1/p')
		[ -n "$rx" ] && [ "$rx" -ge "$n" ] && break
		i=$((i + 1))
		sleep 0.1
	done
	stop $pid
	echo "RESULT drop $(grep '"type":"total"' $out/drop.json)"
	dmesg | grep -c 'msg received with no recipient' | sed 's/^/RESULT drop-log-lines /'
fi

if has kmsg; then
	# dynamic_debug on the real control file, matched by module; then the kernel log decoded.
	# A board without /run (the kit's /init mounts one; take it away): the state goes elsewhere.
	echo "STAGE kmsg"
	umount /run 2>/dev/null && rmdir /run && echo "RESULT no-run yes"
	rpmsg-ddebug status rpmsg --enabled >$out/dd-before.txt 2>&1
	rpmsg-ddebug on rpmsg
	echo "RESULT ddebug-on $?"
	echo "RESULT ddebug-state $(ls /run/rpmsg-ddebug.state /dev/shm/rpmsg-ddebug.state /tmp/rpmsg-ddebug.state 2>/dev/null)"
	echo "RESULT ddebug-enabled $(rpmsg-ddebug status rpmsg --enabled 2>/dev/null | grep -c '=p')"
	dmesg -c >/dev/null
	rpmsg-board-workload -n "$n" --services echo,ctrl
	echo "RESULT workload-kmsg $?"
	dmesg -s 16777216 >$out/k.log
	rpmsg-ddebug restore
	echo "RESULT ddebug-restore $?"
	rpmsg-ddebug status rpmsg --enabled >$out/dd-after.txt 2>&1
	cmp -s $out/dd-before.txt $out/dd-after.txt
	echo "RESULT ddebug-same-as-before $?"
	report kmsg kreport --kmsg $out/k.log
fi
if has kmsgboot; then
	# Booted with --dyndbg: the whole log, from the name-service announcements on, decoded.
	echo "STAGE kmsgboot"
	rpmsg-board-workload -n "$n" --stream "$n"
	echo "RESULT workload-kmsgboot $?"
	dmesg -s 16777216 >$out/kb.log
	echo "RESULT kmsgboot-lines $(wc -l <$out/kb.log)"
	report kmsgboot kbreport --kmsg $out/kb.log
fi
if has txwait; then
	# TX starvation: the host stops the firmware (SIGSTOP) on "txwait-ready"; once an echo goes
	# unanswered the guest writes more messages than there are TX buffers (256) to rpmsg-echo's
	# /dev/rpmsgN, and the host resumes the firmware 2 s after "txwait-blocking".
	echo "STAGE txwait"
	live_start txwait tx.json tx.err --json -i 1
	echo "RESULT txwait-ready"
	probes=0
	while rpmsg-board-workload -n 1 --services echo --timeout 1 >/dev/null 2>&1; do
		probes=$((probes + 1))
		[ $probes -ge 60 ] && break
	done
	echo "RESULT txwait-probes $probes"
	dev=
	for d in /sys/class/rpmsg/rpmsg*; do
		[ "$(cat "$d/name" 2>/dev/null)" = rpmsg-echo ] && dev=/dev/$(basename "$d")
	done
	echo "RESULT txwait-blocking"
	dd if=/dev/zero of="$dev" bs=16 count=300 2>/dev/null
	echo "RESULT txwait-dd $?"
	stop $pid
	echo "RESULT txwait $(grep '"type":"total"' $out/tx.json)"
fi

if has bench; then
	# BPF overhead on the real driver (by hand: guest-check.sh bench N): echo round trips per
	# second through /dev/rpmsgN untraced, under live --kernel (counters), under live --kernel
	# --messages (every record printed), untraced again; the same run, one line.
	echo "STAGE bench"
	rate() {
		rpmsg-board-workload -n "$n" --services echo | sed -n 's/.*(\([0-9.]*\) round trips\/s).*/\1/p'
	}
	r0=$(rate)
	rpmsg-trace live --kernel -i 100 >/dev/null 2>$out/bench1.err &
	pid=$!
	wait_for $out/bench1.err 'hooks active' 60 || echo "RESULT bench-start timeout"
	r1=$(rate)
	stop $pid
	rpmsg-trace live --kernel --messages >/dev/null 2>$out/bench2.err &
	pid=$!
	wait_for $out/bench2.err 'hooks active' 60 || echo "RESULT bench-start timeout"
	r2=$(rate)
	stop $pid
	r3=$(rate)
	echo "RESULT bench untraced $r0 live $r1 live-messages $r2 untraced-again $r3"
fi

echo "STAGE done"
