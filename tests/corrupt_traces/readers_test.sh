#!/bin/sh
# TEST: every trace reader against every damaged trace of make_corpus.sh.
#
#   readers_test.sh RPMSG_TRACE RPMSG_TOP VALID_TRACE CORPUS_DIR MAKE_CORPUS
#
# The valid trace first: decode prints its 53 events, report and report --json count 53,
# rpmsg-top -b replays 3 sent and 16 received messages; all exit 0. Then for each damaged trace
# and each reader (decode, report, report --json, rpmsg-top -b --replay, report --latency,
# decode --stages, doctor, export): the exit status is
# non-zero, stderr names the trace directory and holds no sanitizer report, report prints no
# table or JSON, and the run ends within BOUND seconds. `timeout` is only the guard that fails the test; it is not what stops a
# reader (a reader the guard had to kill exits 124 and fails the check).
. "$(dirname "$0")/../include/lib.sh"
set -u

trace=$1 top=$2 valid=$3 corpus=$4 make_corpus=$5
BOUND=60
out=$corpus.out
err=$corpus.err

sh "$make_corpus" "$valid" "$corpus" || fail "make_corpus.sh"

# ---- the valid trace reads whole, with exact counts
timeout $BOUND "$trace" decode "$valid" >"$out" 2>"$err" ||
	fail_later "decode of the valid trace: $(cat "$err")"
[ "$(wc -l <"$out")" -eq 53 ] ||
	fail_later "decode of the valid trace: $(wc -l <"$out") lines, expected 53"
timeout $BOUND "$trace" report "$valid" >"$out" 2>"$err" ||
	fail_later "report of the valid trace: $(cat "$err")"
grep -q '^53 rpmsg events over' "$out" ||
	fail_later "report of the valid trace: $(head -n 1 "$out")"
timeout $BOUND "$trace" report --json "$valid" >"$out" 2>"$err" ||
	fail_later "report --json: $(cat "$err")"
grep -q '^{"events":53,' "$out" ||
	fail_later "report --json of the valid trace: $(head -c 80 "$out")"
timeout $BOUND "$top" -b -n 1 --speed 0 --replay "$valid" >"$out" 2>"$err" ||
	fail_later "rpmsg-top of the valid trace: $(cat "$err")"
grep -q 'total tx 3 msgs 112 B  rx 16 msgs 380 B' "$out" ||
	fail_later "rpmsg-top of the valid trace: $(grep total "$out")"

# run NAME READER ARGS...: one reader against one damaged trace
run() {
	name=$1
	reader=$2
	shift 2
	start=$(date +%s)
	timeout $BOUND "$@" >"$out" 2>"$err"
	status=$?
	took=$(($(date +%s) - start))
	dir=$corpus/$name
	if [ $status -eq 124 ]; then
		fail_later "$reader $name: still running after $BOUND s"
	elif [ $status -eq 0 ]; then
		fail_later "$reader $name: exit 0 ($(head -n 1 "$out"))"
	elif ! grep -qF "$dir" "$err"; then
		fail_later "$reader $name: stderr does not name $dir: $(cat "$err")"
	fi
	# a sanitizer report would hide behind the expected non-zero exit: look for it
	grep -q 'Sanitizer\|runtime error:' "$err" &&
		fail_later "$reader $name: sanitizer report: $(cat "$err")"
	case $reader in report*)
		[ -s "$out" ] &&
			fail_later "$reader $name: printed a result: $(head -n 1 "$out")" ;;
	esac
	echo "$reader $name: exit $status in ${took}s: $(tail -n 1 "$err")"
}

cases=0
while read -r name file; do
	cases=$((cases + 1))
	run "$name" decode "$trace" decode "$corpus/$name"
	run "$name" report "$trace" report "$corpus/$name"
	run "$name" report-json "$trace" report --json "$corpus/$name"
	run "$name" rpmsg-top "$top" -b --speed 0 --replay "$corpus/$name"
	run "$name" report-latency "$trace" report --latency "$corpus/$name"
	run "$name" decode-stages "$trace" decode --stages "$corpus/$name"
	run "$name" doctor "$trace" doctor "$corpus/$name"
	run "$name" export "$trace" export -o "$corpus.export.json" "$corpus/$name"
done <"$corpus/cases"

[ "$cases" -ge 17 ] || fail_later "only $cases damaged traces in the corpus"
echo "$cases damaged traces, $failures failures"
end_failures
