# --dyndbg loads the rpmsg modules with every dynamic_debug site on (flags "=p" in the control
# file; in 6.1 virtio_rpmsg_bus and rpmsg_ns have sites). boot_without_device.sh checks that
# they are all off without it.
. "$(dirname "$0")/lib.sh"

boot on --no-device --dyndbg --cmd "$DYNDBG_SITES_CMD"
[ "$status" = 0 ] || fail "the guest command failed with status $status"
total=0
for m in $DYNDBG_MODULES; do
	set -- $(dyndbg_sites "$TMP/on.out" $m)
	[ $# = 2 ] || fail "no dynamic_debug site count for $m"
	case "$m" in
	virtio_rpmsg_bus | rpmsg_ns) [ "$1" -gt 0 ] || fail "$m has no dynamic_debug site" ;;
	esac
	[ "$2" = "$1" ] || fail "with --dyndbg, $2 of $m's $1 sites are on"
	total=$((total + $1))
done
console_clean "$TMP/on.console"
echo "ok: --dyndbg turns on every dynamic_debug site of the five rpmsg modules ($total sites)"
