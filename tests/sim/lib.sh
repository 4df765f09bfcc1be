# Shared helpers for the rpmsg-sim tests (POSIX sh). Source after setting SIM=path/to/rpmsg-sim.
# Each test gets a private temp dir and bus name; everything it started is stopped by pid and
# its shared memory removed on exit.
set -u
SIM=$1
# At most 8 + 14 + 1 + 7 = 30 characters: bus names are limited to 31.
BUS=simtest-$(basename "$0" .sh | tr -c 'a-z0-9\n' '-' | cut -c1-14)-$$
TMP=$(mktemp -d /tmp/rpmsg-sim-test.XXXXXX)
PIDS=""

cleanup() {
	for pid in $PIDS; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in $PIDS; do
		wait "$pid" 2>/dev/null
	done
	rm -f "/dev/shm/rpmsg-$BUS" "/tmp/rpmsg-sim-$BUS.sock"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*" >&2
	for f in "$TMP"/*.out "$TMP"/*.err; do
		[ -s "$f" ] || continue
		echo "--- $f" >&2
		tail -n 40 "$f" >&2
	done
	exit 1
}

# wait_until SECONDS COMMAND...: poll until COMMAND succeeds (no timing asserted, only a bound).
wait_until() {
	limit=$(($1 * 10))
	shift
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge $limit ] && return 1
		sleep 0.1
	done
	return 0
}

# summary_field FILE SIDE CHANNEL COLUMN: a number from a summary table row.
# Columns: 1 channel, 2 local, 3 remote, 4 tx msgs, 5 tx bytes, 6 rx msgs, 7 rx bytes,
# 8 tx waits, 9 errors.
summary_field() {
	awk -v side="$2" -v ch="$3" -v col="$4" '
		$1 == side && $2 == "summary:" { insum = 1; next }
		/summary:/ { insum = 0 }
		insum && $1 == ch { print $col; exit }' "$1"
}

# expect_counts FILE SIDE CHANNEL TX RX: exact message counts and no errors.
expect_counts() {
	tx=$(summary_field "$1" "$2" "$3" 4)
	rx=$(summary_field "$1" "$2" "$3" 6)
	errors=$(summary_field "$1" "$2" "$3" 9)
	[ "$tx" = "$4" ] || fail "$2 $3: sent $tx messages, expected $4"
	[ "$rx" = "$5" ] || fail "$2 $3: received $rx messages, expected $5"
	[ "$errors" = "0" ] || fail "$2 $3: $errors verification errors"
}
