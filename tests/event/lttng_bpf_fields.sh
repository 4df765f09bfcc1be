#!/bin/sh
# event_lttng_bpf_fields: the two recorders write the same event classes. One program fires every
# event of the event model through the bus's own probe sites (emit_every_event); it is recorded
# once by LTTng (`rpmsg-trace record`) and once by BPF (`rpmsg-trace record --bpf`, attached to
# the program's USDT probes), and list_event_classes prints each trace's rpmsg:* classes: name,
# payload members in order, their types. The two lists must be equal and hold all 11 events,
# and so must the values each event carries.
# Usage: lttng_bpf_fields.sh RPMSG_TRACE EMIT_EVERY_EVENT LIST_EVENT_CLASSES   (root)
. "$(dirname "$0")/../include/lib.sh"
TRACE=$1
EMIT=$2
LIST=$3
EVENTS=11

private_namespace "$@"
[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
command -v lttng-sessiond >/dev/null || skip "lttng-sessiond is not installed"
tmpdir_make event
start_private_lttng "$TMP/lttng"
BUS=event$$

"$TRACE" record --output "$TMP/lttng-trace" --sessiond-log "$TMP/sessiond-auto.log" -- \
	"$EMIT" "$BUS" >"$TMP/lttng.out" 2>"$TMP/lttng.err" || fail "rpmsg-trace record failed"
"$TRACE" record --bpf --output "$TMP/bpf-trace" --bus "$BUS" --lib "$EMIT" -- \
	"$EMIT" "$BUS" >"$TMP/bpf.out" 2>"$TMP/bpf.err" || fail "rpmsg-trace record --bpf failed"

# source.ctf.fs reads one trace directory: LTTng's lies below ust/uid/UID/64-bit/
lttng_dir=$(find "$TMP/lttng-trace" -name metadata -exec dirname {} \; | head -n 1)
[ -n "$lttng_dir" ] || fail "no LTTng trace below $TMP/lttng-trace"
"$LIST" "$lttng_dir" | sort >"$TMP/lttng.txt" || fail "cannot list the LTTng trace's classes"
"$LIST" "$TMP/bpf-trace" | sort >"$TMP/bpf.txt" || fail "cannot list the BPF trace's classes"
note "LTTng:"
cat "$TMP/lttng.txt" >&2
[ "$(wc -l <"$TMP/lttng.txt")" -eq $EVENTS ] || fail "the LTTng trace declares $(wc -l <"$TMP/lttng.txt") rpmsg events, not $EVENTS"
[ "$(wc -l <"$TMP/bpf.txt")" -eq $EVENTS ] || fail "the BPF trace holds $(wc -l <"$TMP/bpf.txt") rpmsg event classes, not $EVENTS"
diff -u "$TMP/lttng.txt" "$TMP/bpf.txt" >"$TMP/diff.txt" ||
	fail "LTTng (-) and record --bpf (+) differ: $(cat "$TMP/diff.txt")"
# The same values too: each event's payload fields as babeltrace2 prints them (the payload
# bytes aside: LTTng shows them in hex, the BPF trace in decimal).
values() {
	babeltrace2 "$1" | sed -n 's/.* \(rpmsg:[a-z_]*\): .*\({ bus = .*\)$/\1 \2/p' |
		sed 's/, payload = \[.*\] }$/ }/'
}
values "$TMP/lttng-trace" >"$TMP/lttng-values.txt" || fail "babeltrace2 cannot read the LTTng trace"
values "$TMP/bpf-trace" >"$TMP/bpf-values.txt" || fail "babeltrace2 cannot read the BPF trace"
[ "$(wc -l <"$TMP/bpf-values.txt")" -eq $EVENTS ] || fail "the BPF trace holds $(wc -l <"$TMP/bpf-values.txt") events, not $EVENTS"
diff -u "$TMP/lttng-values.txt" "$TMP/bpf-values.txt" >"$TMP/diff.txt" ||
	fail "LTTng (-) and record --bpf (+) record different values: $(cat "$TMP/diff.txt")"
echo "PASS: $EVENTS events, same fields, order, types and values from LTTng and record --bpf"
