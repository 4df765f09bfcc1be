# Our guest module's life cycle with the firmware on the device (rpmsg-sim board): the rpmsg
# device comes up at boot, and again after rmmod/insmod of rpmsg_vboard and after an unbind/bind
# of the id 26 device; each time the kernel says "rpmsg host is online", creates the four
# announced channels, and echo traffic through /dev/rpmsgN is complete and in order.
. "$(dirname "$0")/lib.sh"
SIM=$3
BUS=vbshim$$
on_exit_run 'rm -f "/dev/shm/rpmsg-$BUS" "$TMP/fw.vhost"'

N=300
W="rpmsg-board-workload -n $N --services echo"
drv=/sys/bus/virtio/drivers/rpmsg_vboard
cmd="$W; rmmod rpmsg_vboard; insmod /lib/modules/vboard/rpmsg_vboard.ko; $W;"
cmd="$cmd echo virtio0 >$drv/unbind; ls /sys/bus/virtio/devices | wc -l;"
cmd="$cmd echo virtio0 >$drv/bind; $W"
"$SIM" board --bus "$BUS" --vhost-user "$TMP/fw.vhost" --kit "$KIT" --boot-script "$BOOT" \
	--console "$TMP/shim.console" --output "$TMP/shim.out" --timeout 300 --cmd "$cmd" \
	>"$TMP/sim.log" 2>&1 &
sim=$!
on_exit_kill $sim
status=0
wait $sim || status=$?
[ "$status" = 0 ] || fail "rpmsg-sim board exited with status $status"

line="echo: sent $N received $N in order, 0 checksum errors"
runs=$(tr -d '\r' <"$TMP/shim.out" | grep -c "^$line ")
[ "$runs" = 3 ] || fail "$runs of 3 echo runs were complete and in order"
# While unbound, the id 26 device is alone.
tr -d '\r' <"$TMP/shim.out" | grep -q -x 1 || fail "virtio1 outlived the unbind of virtio0"
online=$(grep -c 'virtio_rpmsg_bus virtio1: rpmsg host is online' "$TMP/shim.console")
[ "$online" = 3 ] || fail "the rpmsg device came up $online times, expected 3 (boot, reload, bind)"
for ch in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	n=$(grep -c "virtio_rpmsg_bus virtio1: creating channel $ch addr" "$TMP/shim.console")
	[ "$n" = 3 ] || fail "channel $ch was created $n times, expected 3"
done
console_clean "$TMP/shim.console"
echo "ok: rpmsg_vboard reload and unbind/bind: 3 times online, 4 channels each time, 3 x $N echoes"
