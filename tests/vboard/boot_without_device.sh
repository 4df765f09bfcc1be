# Without a device the board still boots Debian's kernel: /init loads the four rpmsg modules,
# the virtio bus and our shim (every dynamic_debug site off), the kernel is not locked down and
# has BTF for our modules, the command runs with its output (stdout and stderr) on the output
# port and its exit status returned by vboard-boot.sh, the guest powers off and QEMU exits; the
# kernel log has no BUG/WARNING/Oops/Call Trace.
. "$(dirname "$0")/lib.sh"

btf=/sys/kernel/btf
cmd="cat /sys/kernel/security/lockdown; ls -1 $btf/virtio_rpmsg_bus $btf/rpmsg_vboard"
cmd="$cmd $btf/rpmsg_core; ls -1 /sys/bus/virtio/drivers; ls -1 /sys/bus/virtio/devices | wc -l"
cmd="$cmd; $DYNDBG_SITES_CMD; echo 'to  stderr' >&2; exit 3"
boot nodev --no-device --cmd "$cmd"
[ "$status" = 3 ] || fail "vboard-boot.sh exited with $status, the guest command with 3"
loaded="rpmsg_char rpmsg_core rpmsg_ctrl rpmsg_ns rpmsg_vboard virtio virtio_ring virtio_rpmsg_bus"
expect_line "$TMP/nodev.console" "vboard: modules loaded: $loaded "
expect_line "$TMP/nodev.out" "[none] integrity confidentiality"
expect_line "$TMP/nodev.out" "/sys/kernel/btf/rpmsg_vboard"
expect_line "$TMP/nodev.out" "/sys/kernel/btf/virtio_rpmsg_bus"
expect_line "$TMP/nodev.out" "rpmsg_vboard"
expect_line "$TMP/nodev.out" "virtio_rpmsg_bus"
expect_line "$TMP/nodev.out" "to  stderr"
# No device, so no virtio device at all.
tr -d '\r' <"$TMP/nodev.out" | grep -q -x '0' ||
	fail "a virtio device exists without the vhost-user device"
for m in $DYNDBG_MODULES; do
	set -- $(dyndbg_sites "$TMP/nodev.out" $m)
	[ $# = 2 ] || fail "no dynamic_debug site count for $m"
	[ "$2" = 0 ] || fail "without --dyndbg, $2 of $m's $1 dynamic_debug sites are on"
done
[ "$(tr -d '\r' <"$TMP/nodev.out" | tail -n 1)" = "vboard: exit 3" ] ||
	fail "the output does not end with 'vboard: exit 3'"
expect_line "$TMP/nodev.console" "vboard: exit 3"
grep -q 'reboot: Power down' "$TMP/nodev.console" || fail "the guest did not power off"
[ ! -e "$TMP/nodev.pid" ] || fail "QEMU's pid file is left behind"
console_clean "$TMP/nodev.console"
echo "ok: board boots without a device: /init ready at $(guest_uptime "$TMP/nodev.console") s" \
	"guest uptime, $wall s wall for boot + command + poweroff; the command's status 3 came back"
