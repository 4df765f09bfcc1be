# Virtual board tests: the common library (../include/lib.sh) plus booting the board.
# Source after the arguments are set: $1 is board/kit/vboard-boot.sh, $2 the build tree's kit
# folder. Each test gets a private temp dir ($TMP); every boot is bounded (--timeout) and QEMU is
# stopped by pid on exit if a test ends early.
. "$(dirname "$0")/../include/lib.sh"
set -u
BOOT=$1
KIT=$2
tmpdir_make vboard
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86 is not installed"
[ -f "$KIT/vmlinuz" ] && [ -f "$KIT/initramfs.cpio.gz" ] || fail "no kit in $KIT (build vboard-kit)"

# boot NAME ARGS...: boot the board with its console in $TMP/NAME.console and the command's
# output in $TMP/NAME.out; $status is vboard-boot.sh's exit status (the command's), $wall the
# seconds the whole boot took.
boot() {
	_vb_name=$1
	shift
	_vb_start=$(date +%s.%N)
	sh "$BOOT" --kit "$KIT" --console "$TMP/$_vb_name.console" --output "$TMP/$_vb_name.out" \
		--pidfile "$TMP/$_vb_name.pid" --timeout 300 "$@" >"$TMP/$_vb_name.log" 2>&1 &
	_vb_pid=$!
	on_exit_kill $_vb_pid
	status=0
	wait $_vb_pid || status=$?
	wall=$(echo "$(date +%s.%N) $_vb_start" | awk '{ printf "%.1f", $1 - $2 }')
}

# console_clean FILE: the kernel said nothing alarming.
console_clean() {
	if grep -a -n -E 'BUG:|WARNING:|Oops|Call Trace' "$1" >"$TMP/alarms.txt"; then
		fail "the kernel log has BUG/WARNING/Oops/Call Trace lines: $(head -n 3 "$TMP/alarms.txt")"
	fi
}

# expect_line FILE LINE: FILE has exactly LINE as one of its lines (carriage returns dropped).
expect_line() {
	tr -d '\r' <"$1" | grep -q -x -F -- "$2" || fail "$(basename "$1") has no line '$2'"
}

# guest_uptime FILE: the guest's uptime when /init was ready ("vboard: ready, uptime S s").
guest_uptime() {
	tr -d '\r' <"$1" | sed -n 's/^vboard: ready, uptime \([0-9.]*\) s$/\1/p' | head -n 1
}

# A guest command printing, per rpmsg module, its name, its number of dynamic_debug sites and
# how many are on (matched by module: out-of-tree modules are listed under their build path). It
# holds no double quotes: guest commands travel inside them on the kernel command line.
DYNDBG_MODULES="rpmsg_core rpmsg_ns rpmsg_char rpmsg_ctrl virtio_rpmsg_bus"
_vb_c=/sys/kernel/debug/dynamic_debug/control
DYNDBG_SITES_CMD="c=$_vb_c; for m in $DYNDBG_MODULES; do echo \$m \$(grep -c \\\\[\$m\\\\] \$c)"
DYNDBG_SITES_CMD="$DYNDBG_SITES_CMD \$(grep \\\\[\$m\\\\] \$c | grep -c ' =p '); done"

# dyndbg_sites FILE MODULE: "SITES ON" for MODULE from DYNDBG_SITES_CMD's output in FILE.
dyndbg_sites() {
	tr -d '\r' <"$1" | sed -n "s/^$2 \([0-9]*\) \([0-9]*\)$/\1 \2/p" | head -n 1
}
