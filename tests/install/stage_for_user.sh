#!/bin/sh
# stage_for_user (tests/include/lib.sh) names why user nobody cannot run a staged program: staged
# into a 0700 directory of the test's own $TMP it works (those directories are opened for
# search) and the copy answers --version as nobody; staged under a 0700 directory outside $TMP
# (as a checkout under /root is) staging fails with one line naming the program, the loader's
# error and the directory nobody cannot pass, instead of a test failing later without a cause.
#
# Usage: stage_for_user.sh PROGRAM VERSION   (PROGRAM answers --version: rpmsg-sim's demo)
. "$(dirname "$0")/../include/lib.sh"
set -u
need_root "running a staged program as user nobody"
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"
prog=$1
version=$2
tmpdir_make stage-user
name=$(basename "$prog")

# 1. inside $TMP (0700, as mktemp makes it): staged, and nobody runs the copy
stage_for_user "$TMP/a/bin" "$prog"
got=$(env LD_LIBRARY_PATH="$TMP/a/bin" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$TMP/a/bin/$name" demo --version 2>"$TMP/run.err") ||
	fail "nobody cannot run the staged copy: $(cat "$TMP/run.err")"
[ "$got" = "$name (rpmsg-scope) $version" ] || fail "the staged copy printed '$got'"

# 2. under a 0700 directory that is not the test's: staging must fail and say why
locked=$(mktemp -d /tmp/rpmsg-test-locked.XXXXXX) || fail "mktemp failed"
on_exit_run "rm -rf '$locked'"
(stage_for_user "$locked/bin" "$prog") >"$TMP/stage.out" 2>"$TMP/stage.err" &&
	fail "staging under a 0700 directory succeeded: nobody could not run it"
expected="FAIL: user nobody cannot run $locked/bin/$name: "
line=$(grep -m 1 '^FAIL: ' "$TMP/stage.err")
case "$line" in
"$expected"*"($locked (mode 700) is not traversable by nobody)") ;;
*) fail "staging under $locked said '$line', not '$expected... ($locked (mode 700) is not traversable by nobody)'" ;;
esac
echo "ok: stage_for_user names the directory nobody cannot pass"
