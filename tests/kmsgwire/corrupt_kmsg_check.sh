#!/bin/sh
# Every kernel-log reader against the corrupt-log corpus (make_corrupt_kmsg.py, issue 9):
# rpmsg-trace decode --kmsg, report --kmsg, rpmsg-top -b --kmsg and rpmsg-ddebug decode-log.
# Each run is bounded (TIMEOUT s) and must end by exit(), never by a signal (crash, abort). Exit
# status, documented in docs of each tool:
#   rpmsg-trace decode/report --kmsg, rpmsg-top -b --kmsg: 0 when something decodes (the damage
#     is counted on stderr / in the "lost" line: malformed, orphaned dump lines), 1 with a line
#     naming the file when nothing decodes ("nothing decodable, only malformed or orphaned").
#   rpmsg-ddebug decode-log: the same exit status and line as rpmsg-trace --kmsg, after its own
#     line counts.
# Usage: corrupt_kmsg_check.sh (env RPMSG_TRACE, RPMSG_TOP, RPMSG_DDEBUG, GEN)
. "$(dirname "$0")/../include/lib.sh"
set -u
TIMEOUT=${TIMEOUT:-60}
tmpdir_make corrupt-kmsg
work=$TMP
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR" "$work/corpus"
python3 "$GEN" "$work/corpus" || fail "$GEN failed"

# run NAME WANT CMD...: exit status WANT ("any" for no check), within TIMEOUT, not by a signal
run() {
	name=$1 want=$2
	shift 2
	status=0
	timeout -s KILL "$TIMEOUT" "$@" >"$work/out" 2>"$work/err" || status=$?
	if [ "$status" -eq 137 ]; then
		fail_later "$name: $* did not finish within ${TIMEOUT}s"
	elif [ "$status" -gt 128 ]; then
		fail_later "$name: $* died of signal $((status - 128))"
		sed 's/^/  /' "$work/err" | tail -n 5 >&2
	elif [ "$want" != any ] && [ "$status" -ne "$want" ]; then
		fail_later "$name: $* exited $status, expected $want"
		sed 's/^/  /' "$work/err" | tail -n 5 >&2
	fi
}

has_err() { grep -qF -- "$2" "$work/err" || fail_later "$1: stderr lacks '$2'"; }

count=0
for log in "$work"/corpus/*.log; do
	name=$(basename "$log" .log)
	expect=$(cat "$work/corpus/$name.expect")
	count=$((count + 1))
	for cmd in decode report; do
		if [ "$expect" = ok ]; then
			run "$name" 0 "$RPMSG_TRACE" "$cmd" --kmsg "$log"
			has_err "$name $cmd" "; 1 events"
		else
			run "$name" 1 "$RPMSG_TRACE" "$cmd" --kmsg "$log"
			has_err "$name $cmd" "$log: nothing decodable, only malformed or orphaned lines"
		fi
		[ -z "$(ls -A "$TMPDIR")" ] || fail_later "$name $cmd: temporary trace left behind"
	done
	for reader in rpmsg-top rpmsg-ddebug; do
		case $reader in
		rpmsg-top) set -- "$RPMSG_TOP" -b --kmsg "$log" --speed 0 ;;
		rpmsg-ddebug) set -- "$RPMSG_DDEBUG" decode-log "$log" ;;
		esac
		if [ "$expect" = ok ]; then
			run "$name" 0 "$@"
		else
			run "$name" 1 "$@"
			has_err "$name $reader" "$log: nothing decodable"
		fi
	done
done

# The counts a user reads, exact for cases whose damage is known.
cd "$work/corpus" || fail "cd $work/corpus"
# NAME|COMMAND|a line rpmsg-trace COMMAND --kmsg NAME.log must print on stderr (exit 0)
while IFS='|' read -r name cmd line; do
	run "$name" 0 "$RPMSG_TRACE" "$cmd" --kmsg "$name.log"
	has_err "$name" "$line"
done <<'EOF'
starts_mid_dump|report|23 orphaned dump lines (log started mid-message?)
huge_timestamp|report|5 lines: 3 rpmsg, 0 other (skipped), 2 malformed; 1 events
negative_timestamp|decode|2 malformed; 1 events
dump_longer_than_header|decode|2 orphaned dump lines
len_over_512|decode|1 malformed; 1 events, 0 truncated dumps, 1 messages longer than a 512-byte buffer
endless_line|decode|4 lines: 3 rpmsg, 0 other (skipped), 1 malformed; 1 events
EOF
run starts_mid_dump 0 "$RPMSG_TOP" -b --kmsg starts_mid_dump.log --speed 0
grep -qF "lost 23 events: kmsg-orphaned-dump" "$work/out" ||
	fail_later "rpmsg-top: orphaned lines not shown"

echo "corrupt kernel logs: $count logs x 4 readers, $failures failures"
end_failures
