# OpenAMP example tests: the common library (../include/lib.sh) plus what only these tests share.
# Arguments: $1 openamp-echo-host, $2 openamp-ping-remote. Each test gets a private temp dir
# ($TMP), its own shm name ($SHM) and doorbell socket ($SOCK), so tests run in parallel and never
# touch OpenAMP's own /dev/shm/openamp.shm or /tmp/openamp.event.0.
. "$(dirname "$0")/../include/lib.sh"
set -u
ECHO_HOST=$1
PING_REMOTE=$2
tmpdir_make openamp
SHM=/rpmsg-oatest-$(basename "$0" .sh | cut -c1-12)-$$
SOCK=$TMP/doorbell.sock
on_exit_run 'rm -f "/dev/shm$SHM"'

# expected_bytes N: payload bytes of openamp-echo-host's first N messages (496-byte payloads:
# message i is 4 + (i * 37) % 493 bytes).
expected_bytes() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) s += 4 + (i * 37) % 493; printf "%d", s }'
}

# start_remote [OPTION...]: openamp-ping-remote on $SHM/$SOCK in the background ($REMOTE), its
# output in $TMP/remote.out and .err; returns once its table is written and its socket listens.
start_remote() {
	"$PING_REMOTE" --shm "$SHM" --socket "$SOCK" "$@" >"$TMP/remote.out" 2>"$TMP/remote.err" &
	REMOTE=$!
	on_exit_kill "$REMOTE"
	wait_while_alive "$REMOTE" "the remote's doorbell socket" 60 test -S "$SOCK"
}

# expect_line FILE LINE: FILE has exactly this line.
expect_line() {
	grep -qxF "$2" "$1" || fail "$1: expected the line '$2'; got: $(cat "$1")"
}

# expect_gone: the remote removed its shm and socket.
expect_gone() {
	[ ! -e "/dev/shm$SHM" ] || fail "/dev/shm$SHM left behind"
	[ ! -e "$SOCK" ] || fail "$SOCK left behind"
}
