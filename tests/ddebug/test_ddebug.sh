#!/bin/sh
# rpmsg-ddebug against a control file in the kernel's exact format (see fake_control.c, which
# cites lib/dynamic_debug.c ddebug_proc_show()). Our kernel has no CONFIG_DYNAMIC_DEBUG, so the
# tool is pointed at the fake with --control; after each command that writes queries,
# `fake-ddebug-control apply` does what the kernel would have done with them.
#
# usage: test_ddebug.sh RPMSG_DDEBUG FAKE_CONTROL TEST_NAME
. "$(dirname "$0")/../include/lib.sh"
set -u
tool=$1
fake=$2
name=$3
tmpdir_make ddebug
dir=$TMP
ctl=$dir/control
out=$dir/out # (fail shows both)
err=$dir/err

# run EXPECTED_STATUS ARGS...: run the tool on the fake control file
run() {
	expected=$1
	shift
	"$tool" --control "$ctl" "$@" >"$out" 2>"$err"
	status=$?
	[ "$status" -eq "$expected" ] || fail "rpmsg-ddebug $* exited $status, expected $expected"
}

apply() {
	"$fake" apply "$ctl" 2>"$err" || fail "the fake kernel rejected a query the tool wrote"
}

expect_out() { grep -q -- "$1" "$out" || fail "stdout lacks '$1'"; }
expect_err() { grep -q -- "$1" "$err" || fail "stderr lacks '$1'"; }
# the flags the listing shows for the first site matching a pattern
flags_of() { grep -- "$1" "$ctl" | head -1 | sed 's/^[^ ]* [^ ]* =\([^ ]*\) .*/\1/'; }

# on/off record what they change in the default state file; keep it in our directory
export RPMSG_DDEBUG_STATE="$dir/state"

"$fake" generate "$ctl" || fail "cannot generate the fake control file"
cp "$ctl" "$dir/original"

case $name in
status)
	run 0 status rpmsg
	# exactly the five rpmsg files' sites: 6 in virtio_rpmsg_bus.c + rpmsg_ns, core, char, ctrl
	[ "$(grep -c '^=' "$out")" -eq 10 ] || fail "status rpmsg should list 10 call sites"
	expect_out 'rpmsg: 10 call sites, 2 printing (p)'
	expect_out '^=_ *drivers/rpmsg/virtio_rpmsg_bus.c:652 \[virtio_rpmsg_bus\]rpmsg_send_offchannel_raw "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d"'
	expect_out '^=pmflt *drivers/rpmsg/virtio_rpmsg_bus.c:790'
	grep -q usbcore "$out" && fail "status rpmsg listed another driver's site"
	run 0 status
	expect_out 'all: 20 call sites'
	run 0 status remoteproc
	expect_out 'stm32_rproc.c'
	expect_out 'ti_k3_r5_remoteproc.c'
	expect_out 'remoteproc: 5 call sites'
	run 0 status mailbox
	expect_out 'mailbox: 3 call sites'
	run 0 status virtio
	expect_out 'virtio: 2 call sites'
	grep -q virtio_net "$out" && fail "virtio preset must not cover virtio_net.c"
	run 0 status --enabled all
	[ "$(grep -c '^=' "$out")" -eq 3 ] || fail "--enabled should list the 3 sites with flags"
	# an older kernel's octal escapes read the same
	"$fake" generate "$ctl" --octal
	run 0 status rpmsg
	expect_out 'Reserved %d"$'
	expect_out 'probing "%s" with tab\\there"'
	;;
roundtrip_save_restore)
	run 0 save "$dir/saved" all
	expect_out 'all: saved the state of 20 call sites'
	run 0 on all --flags +pflmt
	apply
	[ "$(flags_of 'rpmsg_ns.c:40')" = pmflt ] || fail "on all +pflmt did not reach rpmsg_ns.c"
	[ "$(flags_of 'usb/core/hub.c')" = p ] || fail "on all touched another driver"
	run 0 off virtio
	apply
	run 0 restore "$dir/saved"
	expect_out 'restored 20 call sites'
	apply
	cmp "$dir/original" "$ctl" || fail "restore did not put every call site back exactly"
	;;
on_save_records_only_changes)
	run 0 on rpmsg --flags +pflmt --save "$dir/saved"
	expect_out 'rpmsg: +pflmt on 10 call sites (9 changed)'
	# the one site that already had pmflt is not recorded: the tool did not change it
	[ "$(grep -vc '^#' "$dir/saved")" -eq 9 ] || fail "--save should record the 9 changed sites"
	grep -q 'line 790 ' "$dir/saved" && fail "--save recorded a site it did not change"
	grep -q '^module virtio_rpmsg_bus file drivers/rpmsg/virtio_rpmsg_bus.c line 727 func rpmsg_recv_single =p$' "$dir/saved" ||
		fail "--save lost the previous flags of a site"
	apply
	[ "$(flags_of 'virtio_rpmsg_bus.c:652')" = pmflt ] || fail "on rpmsg +pflmt not applied"
	# a second change adds to the same file; the first state of each site wins
	run 0 on virtio --save "$dir/saved"
	apply
	run 0 off rpmsg --flags =_ --save "$dir/saved"
	apply
	# 9 from the first on, 2 from virtio, and the site only this off changed (line 790)
	[ "$(grep -vc '^#' "$dir/saved")" -eq 12 ] || fail "saved file should hold 9 + 2 + 1 sites"
	grep -q 'line 790 func rpmsg_recv_done =pmflt$' "$dir/saved" || fail "off did not record line 790"
	run 0 restore "$dir/saved"
	apply
	cmp "$dir/original" "$ctl" || fail "restore after on/on/off is not the original state"
	;;
default_state)
	# what the issue promises: on ..., on ..., then a bare restore puts everything back
	run 0 on rpmsg --flags +pflmt
	expect_out "previous state in $dir/state"
	apply
	run 0 on virtio
	apply
	run 0 off rpmsg
	apply
	[ "$(flags_of 'virtio_rpmsg_bus.c:652')" = mflt ] || fail "off rpmsg should only drop p"
	run 0 restore
	expect_out "restored 12 call sites from $dir/state"
	apply
	cmp "$dir/original" "$ctl" || fail "bare restore did not put every call site back"
	[ -e "$dir/state" ] && fail "the used-up default state file should be removed"
	run 1 restore
	expect_err "nothing to restore: no saved state in $dir/state"
	# --no-save records nothing
	run 0 on virtio --no-save
	[ -e "$dir/state" ] && fail "--no-save wrote a state file"
	;;
raw_query)
	run 0 on 'file virtio_rpmsg_bus.c func rpmsg_recv_single' --save "$dir/saved"
	expect_out '2 call sites (1 changed)'
	apply
	[ "$(flags_of 'virtio_rpmsg_bus.c:721')" = p ] || fail "raw query not applied"
	[ "$(flags_of 'virtio_rpmsg_bus.c:652')" = _ ] || fail "raw query changed another function"
	# words may be separate arguments, flags may end the query
	run 0 on file rpmsg_ns.c +pt
	apply
	[ "$(flags_of 'rpmsg_ns.c:40')" = pt ] || fail "query with trailing flags not applied"
	# a preset followed by flags
	run 0 on mailbox =pt
	apply
	[ "$(flags_of 'stm32-ipcc.c')" = pt ] || fail "preset with trailing flags not applied"
	run 0 on 'module remoteproc line 1-50'
	apply
	[ "$(flags_of 'remoteproc_virtio.c:40')" = p ] || fail "line range query not applied"
	[ "$(flags_of 'remoteproc_virtio.c:60')" = _ ] || fail "line range matched too much"
	;;
errors)
	run 2 on foo
	expect_err "unknown preset 'foo'"
	expect_err 'rpmsg, virtio, remoteproc, mailbox, all'
	run 2 on rpmsg --flags +px
	expect_err "bad flags '+px'"
	run 2 on rpmsg --flags +
	expect_err "bad flags '+'"
	run 1 on 'file no_such_driver.c'
	expect_err 'matches no call site'
	run 1 status 'func no_such_function'
	expect_err 'matches no call site'
	run 2 on 'file'
	expect_err 'bad query'
	run 2 status 'bogus virtio_ring.c'
	expect_err 'bad query'
	run 2 on
	expect_err 'needs a preset'
	# a saved state that cannot be written: nothing is changed
	run 1 on rpmsg --save "$dir/no/such/dir/saved"
	expect_err "cannot write $dir/no/such/dir/saved"
	expect_err 'nothing changed'
	cmp "$dir/original" "$ctl" || fail "the control file changed although --save failed"
	printf 'this is not a saved state\n' >"$dir/garbage"
	run 1 restore "$dir/garbage"
	expect_err 'garbage:1: not a saved call-site state'
	run 1 restore "$dir/missing"
	expect_err 'cannot read'
	"$tool" --control "$dir/missing-control" status >"$out" 2>"$err" && fail "a missing control file must fail"
	expect_err "cannot read $dir/missing-control"
	run 2 frobnicate
	expect_err "unknown command 'frobnicate'"
	;;
unwritable_control)
	need_root "running the tool as another user"
	# not root: the control file (0644, root's) cannot be written
	chmod 0755 "$dir"
	chmod 0644 "$ctl"
	# nobody may not reach the build tree (a checkout under /root): run a copy
	stage_for_user "$dir/bin" "$tool"
	tool=$dir/bin/$(basename "$tool")
	setpriv --reuid=65534 --regid=65534 --clear-groups "$tool" --control "$ctl" on rpmsg >"$out" 2>"$err"
	[ $? -eq 1 ] || fail "writing as nobody should fail with status 1"
	expect_err "cannot write $ctl: Permission denied (writing the control file needs root)"
	# status only reads, which works
	setpriv --reuid=65534 --regid=65534 --clear-groups "$tool" --control "$ctl" status rpmsg >"$out" 2>"$err" ||
		fail "status should work without root on a readable control file"
	# a read-only file, even for root: a directory cannot be opened for writing
	mkdir "$dir/ctl-dir"
	"$tool" --control "$dir/ctl-dir" on rpmsg >"$out" 2>"$err" && fail "a directory is not a control file"
	expect_err "cannot read $dir/ctl-dir"
	;;
no_dynamic_debug)
	# the real machine: our kernel has no dynamic debug; the tool must say so, without mounting
	if [ -e /proc/dynamic_debug/control ] || [ -e /sys/kernel/debug/dynamic_debug/control ]; then
		echo "this kernel has dynamic debug; nothing to check"
		exit 0
	fi
	"$tool" --no-mount status >"$out" 2>"$err"
	[ $? -eq 1 ] || fail "status without dynamic debug should exit 1"
	expect_err '/proc/dynamic_debug/control'
	if grep -q ' /sys/kernel/debug debugfs ' /proc/mounts; then
		expect_err 'this kernel has no dynamic debug'
	else
		expect_err 'debugfs is not mounted'
		need_root "mounting debugfs"
		# let it mount debugfs, then undo that
		"$tool" status >"$out" 2>"$err"
		[ $? -eq 1 ] || fail "status without dynamic debug should exit 1"
		expect_err 'mounted debugfs on /sys/kernel/debug'
		expect_err 'this kernel has no dynamic debug'
		umount /sys/kernel/debug || fail "cannot unmount the debugfs the tool mounted"
	fi
	;;
help)
	"$tool" --help >"$out" 2>"$err" || fail "--help should exit 0"
	expect_out 'EXAMPLES'
	expect_out 'rpmsg-ddebug restore'
	tail -n 1 "$out" | grep -q 'rpmsg-ddebug' || fail "usage should end with examples"
	"$tool" decode-log --help >"$out" 2>"$err" || fail "decode-log --help should exit 0"
	expect_out 'Examples:'
	"$tool" >"$out" 2>"$err"
	[ $? -eq 2 ] || fail "no command should be a usage error"
	run 0 presets
	expect_out 'stm32_rproc.c'
	;;
*)
	echo "unknown test $name"
	exit 2
	;;
esac
echo "PASS ($name)"
