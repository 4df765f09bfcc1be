# Without a device the board still boots Debian's kernel: /init loads the four rpmsg modules,
# the virtio bus and our shim, the kernel is not locked down and has BTF for our modules, the
# command runs, the guest powers off and QEMU exits; the kernel log has no BUG/WARNING/Oops.
. "$(dirname "$0")/lib.sh"

btf=/sys/kernel/btf
cmd="cat /sys/kernel/security/lockdown; ls -1 $btf/virtio_rpmsg_bus $btf/rpmsg_vboard"
cmd="$cmd $btf/rpmsg_core; ls -1 /sys/bus/virtio/drivers; ls -1 /sys/bus/virtio/devices | wc -l"
boot nodev --no-device --cmd "$cmd"
[ "$status" = 0 ] || fail "the guest command failed with status $status"
loaded="rpmsg_char rpmsg_core rpmsg_ctrl rpmsg_ns rpmsg_vboard virtio virtio_ring virtio_rpmsg_bus"
expect_line "$TMP/nodev.console" "vboard: modules loaded: $loaded "
expect_line "$TMP/nodev.out" "[none] integrity confidentiality"
expect_line "$TMP/nodev.out" "/sys/kernel/btf/rpmsg_vboard"
expect_line "$TMP/nodev.out" "/sys/kernel/btf/virtio_rpmsg_bus"
expect_line "$TMP/nodev.out" "rpmsg_vboard"
expect_line "$TMP/nodev.out" "virtio_rpmsg_bus"
# No device, so no virtio device at all.
[ "$(tr -d '\r' <"$TMP/nodev.out" | sed -n '$p' | tail -n 1)" = "vboard: exit 0" ] ||
	fail "the output does not end with 'vboard: exit 0'"
tr -d '\r' <"$TMP/nodev.out" | grep -q -x '0' ||
	fail "a virtio device exists without the vhost-user device"
expect_line "$TMP/nodev.console" "vboard: exit 0"
grep -q 'reboot: Power down' "$TMP/nodev.console" || fail "the guest did not power off"
[ ! -e "$TMP/nodev.pid" ] || fail "QEMU's pid file is left behind"
console_clean "$TMP/nodev.console"
echo "ok: board boots without a device: /init ready at $(guest_uptime "$TMP/nodev.console") s" \
	"guest uptime, $wall s wall for boot + command + poweroff"
