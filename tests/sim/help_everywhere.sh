# --help works on every command, exits 0, and its usage ends with examples.
. "$(dirname "$0")/lib.sh"

for cmd in "" host remote demo status list; do
	# shellcheck disable=SC2086
	"$SIM" $cmd --help >"$TMP/help.out" 2>&1 || fail "rpmsg-sim $cmd --help exited non-zero"
	grep -q "^Usage: rpmsg-sim" "$TMP/help.out" || fail "rpmsg-sim $cmd --help: no usage"
	# The last block is the examples.
	last_heading=$(grep '^[A-Z][a-z]*:' "$TMP/help.out" | tail -n 1)
	[ "$last_heading" = "Examples:" ] || fail "rpmsg-sim $cmd --help does not end with examples"
	tail -n 1 "$TMP/help.out" | grep -q "rpmsg-sim" || fail "rpmsg-sim $cmd --help: last line is no example"
done
echo "ok: --help everywhere"
