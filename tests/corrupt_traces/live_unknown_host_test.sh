#!/bin/sh
# TEST: rpmsg-top --live with a relay host that does not exist fails at once with a line naming
# the URL (issue 9 item 8), instead of exiting 0 with empty tables.
#
#   live_unknown_host_test.sh RPMSG_TOP
. "$(dirname "$0")/../include/lib.sh"
set -u
url=net://nohost.invalid/host/nohost/nosession
tmpdir_make live-unknown-host
timeout 60 "$1" -b -n 2 -i 0.2 --live "$url" >/dev/null 2>"$TMP/err"
status=$?
cat "$TMP/err"
[ $status -ne 0 ] && [ $status -ne 124 ] || fail "exit status $status"
grep -qF "$url" "$TMP/err" || fail "stderr does not name $url"
