# rpmsg-sim tests: the common library (../include/lib.sh) plus what only these tests read.
# Source after the test's arguments are set: $1 is path/to/rpmsg-sim. Each test gets a private
# temp dir ($TMP) and bus name ($BUS); what it started is stopped by pid (on_exit_kill) and the
# bus's shared memory and socket are removed on exit.
. "$(dirname "$0")/../include/lib.sh"
set -u
SIM=$1
# At most 8 + 14 + 1 + 7 = 30 characters: bus names are limited to 31.
BUS=simtest-$(basename "$0" .sh | tr -c 'a-z0-9\n' '-' | cut -c1-14)-$$
tmpdir_make rpmsg-sim
on_exit_run 'rm -f "/dev/shm/rpmsg-$BUS" "/tmp/rpmsg-sim-$BUS.sock"'

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
