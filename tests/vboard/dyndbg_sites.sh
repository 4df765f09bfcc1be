# --dyndbg loads the rpmsg modules with every dynamic_debug site on (in 6.1: virtio_rpmsg_bus
# and rpmsg_ns have some) (flags "=p" in the control
# file, matched by module: out-of-tree modules are listed under their build path); without it
# every site is off.
. "$(dirname "$0")/lib.sh"

# Per module: its name, its number of sites, how many are on (the command holds no double quotes:
# it travels on the kernel command line inside them).
c=/sys/kernel/debug/dynamic_debug/control
count_sites="c=$c; for m in rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl virtio_rpmsg_bus; do"
count_sites="$count_sites echo \$m \$(grep -c \\\\[\$m\\\\] \$c)"
count_sites="$count_sites \$(grep \\\\[\$m\\\\] \$c | grep -c ' =p '); done"
boot on --no-device --dyndbg --cmd "$count_sites"
[ "$status" = 0 ] || fail "the guest command failed with status $status"
boot off --no-device --cmd "$count_sites"
[ "$status" = 0 ] || fail "the guest command failed with status $status"
for m in rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl virtio_rpmsg_bus; do
	set -- $(tr -d '\r' <"$TMP/on.out" | grep "^$m ")
	[ $# = 3 ] || fail "no site count for $m"
	# Only virtio_rpmsg_bus and rpmsg_ns have pr_debug/dev_dbg sites in 6.1.
	case "$m" in
	virtio_rpmsg_bus | rpmsg_ns) [ "$2" -gt 0 ] || fail "$m has no dynamic_debug site" ;;
	esac
	[ "$3" = "$2" ] || fail "with --dyndbg, $3 of $m's $2 sites are on"
	set -- $(tr -d '\r' <"$TMP/off.out" | grep "^$m ")
	[ "$3" = 0 ] || fail "without --dyndbg, $3 of $m's $2 sites are on"
done
console_clean "$TMP/on.console"
console_clean "$TMP/off.console"
sites=$(tr -d '\r' <"$TMP/on.out" | awk '/^[a-z_]+ [0-9]+ [0-9]+$/ { n += $2 } END { print n }')
echo "ok: --dyndbg turns on every dynamic_debug site of the five rpmsg modules ($sites sites)," \
	"none without it"
