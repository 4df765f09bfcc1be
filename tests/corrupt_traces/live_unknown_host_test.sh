#!/bin/sh
# TEST: rpmsg-top --live with a relay host that does not exist fails at once with a line naming
# the URL (issue 9 item 8), instead of exiting 0 with empty tables.
#
#   live_unknown_host_test.sh RPMSG_TOP
set -u
url=net://nohost.invalid/host/nohost/nosession
err=$(mktemp)
timeout 60 "$1" -b -n 2 -i 0.2 --live "$url" >/dev/null 2>"$err"
status=$?
cat "$err"
if [ $status -eq 0 ] || [ $status -eq 124 ]; then
	echo "FAIL: exit status $status"
	rm -f "$err"
	exit 1
fi
if ! grep -qF "$url" "$err"; then
	echo "FAIL: stderr does not name $url"
	rm -f "$err"
	exit 1
fi
rm -f "$err"
