#!/bin/sh
# BABELTRACE_PLUGIN_PATH as babeltrace2 itself reads it: its directories come first, so a plugin
# named "ctf" there shadows the installed one; a directory that does not exist, or one holding
# only our own rpmsg plugin, changes nothing. Usage: plugin_path.sh reader|cli; the environment
# gives RPMSG_TRACE, RPMSG_TOP (may be empty), PLUGIN_DIR (our rpmsg plugin), FAKE_CTF (the
# fixture plugin file, fake_ctf_plugin.c), TRACE (fixture trace), EXPECT_DIR, WORK.
. "$(dirname "$0")/../include/lib.sh"
. "$(dirname "$0")/normalize.sh"
set -eu

fake_dir=$(dirname "$FAKE_CTF")
mkdir -p "$WORK"
out="$WORK/$1.out"
err="$WORK/$1.err"

# expect_one_line STATUS LINE command...: exit STATUS, and LINE as the whole of stderr.
expect_one_line() {
	want_status=$1 want=$2
	shift 2
	status=0
	"$@" >"$out" 2>"$err" || status=$?
	[ "$status" = "$want_status" ] ||
		fail "$*: exit status $status, expected $want_status (stderr: $(cat "$err"))"
	[ "$(cat "$err")" = "$want" ] || fail "$*: said '$(cat "$err")', expected '$want'"
}

case "$1" in
reader)
	# Honoured: the first "ctf" found is the fixture, and the error names its file.
	expect_one_line 1 \
		"rpmsg-trace decode: babeltrace2's ctf plugin ($FAKE_CTF) has no source.ctf.fs" \
		env BABELTRACE_PLUGIN_PATH="$fake_dir" "$RPMSG_TRACE" decode "$TRACE"
	expect_one_line 1 \
		"rpmsg-trace report: babeltrace2's ctf plugin ($FAKE_CTF) has no source.ctf.fs" \
		env BABELTRACE_PLUGIN_PATH="$WORK/no-such-dir:$fake_dir" "$RPMSG_TRACE" report "$TRACE"
	if [ -n "${RPMSG_TOP:-}" ]; then
		status=0
		env BABELTRACE_PLUGIN_PATH="$fake_dir" "$RPMSG_TOP" -b -n 1 --speed 0 \
			--replay "$TRACE" >"$out" 2>"$err" || status=$?
		[ "$status" != 0 ] || fail "rpmsg-top --replay with a 'ctf' plugin lacking fs: exit 0"
		grep -qF "babeltrace2's ctf plugin ($FAKE_CTF) has no source.ctf.fs" "$err" ||
			fail "rpmsg-top --replay said '$(cat "$err")', expected the fixture plugin named"
	fi
	# No effect: a missing directory, and one holding our own plugin (loaded, never used).
	for path in "$WORK/no-such-dir" "$PLUGIN_DIR"; do
		BABELTRACE_PLUGIN_PATH=$path "$RPMSG_TRACE" decode "$TRACE" 2>"$err" |
			strip_text_time >"$out"
		diff -u "$EXPECT_DIR/decode.expect" "$out" ||
			fail "decode with BABELTRACE_PLUGIN_PATH=$path differs from decode.expect"
		[ ! -s "$err" ] || fail "decode with BABELTRACE_PLUGIN_PATH=$path said: $(cat "$err")"
	done
	;;
cli)
	# What babeltrace2 itself does with the same path: its ctf plugin is the fixture too.
	BABELTRACE_PLUGIN_PATH="$fake_dir" babeltrace2 list-plugins >"$out" 2>"$err" ||
		fail "babeltrace2 list-plugins failed: $(cat "$err")"
	grep -A3 "^ *ctf:" "$out" | grep -qF "$FAKE_CTF" ||
		fail "babeltrace2 did not take ctf from BABELTRACE_PLUGIN_PATH: $(grep -A3 '^ *ctf:' "$out")"
	status=0
	BABELTRACE_PLUGIN_PATH="$fake_dir" babeltrace2 "$TRACE" >"$out" 2>"$err" || status=$?
	[ "$status" != 0 ] || fail "babeltrace2 read the trace without source.ctf.fs"
	;;
*)
	fail "usage: plugin_path.sh reader|cli"
	;;
esac
