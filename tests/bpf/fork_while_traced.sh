#!/bin/sh
# bpf_fork_while_traced: while `rpmsg-trace live` is attached, its USDT probes sit in every
# process that maps the bus library. A program whose host has already sent (its probe sites
# were hit) then forks children that use the bus (test-bus-peer-death, each mailbox): every
# child must live. A probe site that is a 5-byte nop lets Linux 6.18 turn the uprobe into a
# call to a trampoline page of the traced process, and a child forked after that has no such
# page: it died of SIGSEGV at the trampoline's address, every time (probes.h, why the site is
# a 1-byte nop by default).
. "$(dirname "$0")/lib.sh"
PEER_DEATH=$4
need_bpf

start_bg live "$TRACE" live --duration 120 --bus "$BUS" --lib "$LIB"
wait_for_line "$TMP/live.err" "attached to"
for mbox in futex poll socket; do
	"$PEER_DEATH" $mbox >"$TMP/$mbox.out" 2>&1 ||
		{ cat "$TMP/$mbox.out" >&2; fail "test-bus-peer-death $mbox failed while traced"; }
	echo "test-bus-peer-death $mbox: every forked process lived"
done
stop_bg "$LAST_PID"
echo PASS
