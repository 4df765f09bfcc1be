# Each example alone says which peer is missing, in one line, and exits 1: the host without a
# remote (no shm; a shm left behind by an earlier run but nobody on the socket), the remote
# without a host (and it removes its shm and socket). Bad arguments exit 2 naming the option.
# Arguments: echo-host ping-remote
. "$(dirname "$0")/lib.sh"

# run_expect STATUS LINE CMD...: CMD exits STATUS and its stderr is exactly LINE.
run_expect() {
	_want=$1
	_line=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	_got=$?
	[ "$_got" = "$_want" ] || fail "$*: exit status $_got, expected $_want ($(cat "$TMP/err"))"
	[ "$(cat "$TMP/err")" = "$_line" ] ||
		fail "$*: stderr '$(cat "$TMP/err")', expected '$_line'"
}

run_expect 1 \
	"openamp-echo-host: no OpenAMP remote: /dev/shm$SHM not found; start rpmsg-echo first" \
	"$ECHO_HOST" --shm "$SHM" --socket "$SOCK" --timeout 300

# OpenAMP's rpmsg-echo leaves its shm behind when it exits: that is not a remote.
: >"/dev/shm$SHM"
line="openamp-echo-host: no OpenAMP remote: cannot connect to the remote's doorbell $SOCK:"
run_expect 1 "$line Connection timed out; start rpmsg-echo first" \
	"$ECHO_HOST" --shm "$SHM" --socket "$SOCK" --timeout 300
rm -f "/dev/shm$SHM"

line="openamp-ping-remote: no host connected to $SOCK within 300 ms;"
run_expect 1 "$line start rpmsg-echo-ping 1 (OpenAMP's host) first" \
	"$PING_REMOTE" --shm "$SHM" --socket "$SOCK" --timeout 300
expect_line "$TMP/out" "waiting for an OpenAMP host on $SOCK (shm /dev/shm$SHM)"
expect_gone

for prog in "$ECHO_HOST" "$PING_REMOTE"; do
	name=$(basename "$prog")
	"$prog" --help >"$TMP/help" 2>&1 || fail "$name --help: exit status $?"
	grep -q "^Usage: $name " "$TMP/help" || fail "$name --help: no usage line"
	for opt in --shm --socket --timeout --bus; do
		grep -q -- "  $opt " "$TMP/help" || fail "$name --help does not describe $opt"
	done
	run_expect 2 "$name: --timeout 'soon': expected a whole number from 1 to 3600000" \
		"$prog" --timeout soon
	line="$name: --shm 'openamp.shm': a shm name is '/' and a file name in /dev/shm"
	run_expect 2 "$line (OpenAMP's openamp.shm is /openamp.shm)" "$prog" --shm openamp.shm
done
run_expect 2 "openamp-echo-host: --messages '0': expected a whole number from 1 to 100000000" \
	"$ECHO_HOST" --messages 0
echo "ok: each example names its missing peer and its bad arguments"
