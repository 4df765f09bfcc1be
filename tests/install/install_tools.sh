#!/bin/sh
# An installed rpmsg-scope works from its prefix, like a Debian tool: `cmake --install` of this
# build tree into a scratch prefix, and once more with DESTDIR into a prefix that does not exist,
# puts every file inside the prefix (install_manifest.txt lists nothing else); every ELF file's
# RUNPATH is $ORIGIN-relative (never the build tree); every tool answers --version with the exact
# line and runs one real command with LD_LIBRARY_PATH unset and only the system in PATH; every
# tool has a man page that `man --warnings` renders without a warning, and the pages they cite
# are installed; the babeltrace2 plugin loads from the installed plugin directory.
#
# Environment (set by CMakeLists.txt): BUILD (the build tree), VERSION (project's), SANITIZED
# (1 in the ASan tree), KMSG_LOG (a dmesg log with 5 rpmsg events), BUILD_TRACE (the build tree's
# rpmsg-trace), BUILD_PLUGIN_DIR (its plugin directory), FIXTURE_TRACE (tests/bt2's recorded
# trace; absent when LTTng could not record it), WITH_BPF (1 when the tools have BPF).
. "$(dirname "$0")/../include/lib.sh"
set -u
tmpdir_make install-tools
TOOLS="rpmsg-sim rpmsg-top rpmsg-trace rpmsg-ddebug"
KMSG_EVENTS=5 # events in $KMSG_LOG (tests/kmsg/corpus/dmesg_session.log)
N=20          # messages per stream of the demos

# install_into DESTDIR PREFIX: cmake --install, then every manifest line inside PREFIX (the
# manifest names files without DESTDIR) and found under DESTDIR, and every file under
# DESTDIR/PREFIX in the manifest: nothing was written elsewhere, and nothing is unaccounted for.
install_into() {
	root=$1$2
	DESTDIR=$1 cmake --install "$BUILD" --prefix "$2" >"$TMP/install.log" 2>&1 ||
		fail "cmake --install --prefix $2 (DESTDIR '$1') failed"
	manifest=$BUILD/install_manifest.txt
	[ -s "$manifest" ] || fail "cmake --install wrote no $manifest"
	outside=$(grep -v "^$2/" "$manifest" | head -n 3)
	[ -z "$outside" ] || fail "installed outside $2: $outside"
	while read -r f || [ -n "$f" ]; do
		[ -e "$1$f" ] || [ -L "$1$f" ] || fail "the manifest lists $f, not found under '$1'"
	done <"$manifest"
	listed=$(grep -c "" "$manifest") # its last line has no newline
	found=$(find "$root" -type f -o -type l | wc -l)
	[ "$listed" -eq "$found" ] || fail "$root holds $found files, the manifest lists $listed"
}

# check_tree ROOT: the checks on one installed tree.
check_tree() {
	root=$1
	# a RUNPATH into the build tree would make the tools below pass only while it exists
	find "$root" -type f \( -perm -u+x -o -name '*.so*' \) >"$TMP/elf.txt"
	while read -r f; do
		file_rpath=$(readelf -d "$f" 2>/dev/null | sed -n 's/.*R.*PATH.*\[\(.*\)\]/\1/p')
		# shellcheck disable=SC2016 # the literal $ORIGIN
		case "$file_rpath" in
		'' | '$ORIGIN'*) ;;
		*) fail "$f: RUNPATH '$file_rpath' is not \$ORIGIN-relative" ;;
		esac
	done <"$TMP/elf.txt"
	for tool in $TOOLS; do
		[ -x "$root/bin/$tool" ] || fail "$tool not installed in $root/bin"
		lib=$(ldd "$root/bin/$tool" | awk '$1 ~ /^librpmsgbus/ { print $3 }')
		case "$lib" in
		'' | "$root"/*) ;;
		not) fail "installed $tool cannot load librpmsgbus (ldd: not found; RUNPATH?)" ;;
		*) fail "installed $tool loads librpmsgbus from $lib, not from $root" ;;
		esac
	done
	# the exact line, from the table (subcommands) and from the front ends that read argv
	for cmd in "rpmsg-top --version" "rpmsg-trace --version" "rpmsg-trace decode --version" \
		"rpmsg-ddebug --version" "rpmsg-sim --version" "rpmsg-sim demo --version" "rpmsg-sim status --version"; do
		# shellcheck disable=SC2086 # split into the tool and its arguments
		set -- $cmd
		tool=$1
		shift
		got=$(env -u LD_LIBRARY_PATH "$root/bin/$tool" "$@" 2>"$TMP/version.err") ||
			fail "installed '$cmd' exited with status $? ($(cat "$TMP/version.err"))"
		[ "$got" = "$tool (rpmsg-scope) $VERSION" ] ||
			fail "installed '$cmd' printed '$got', not '$tool (rpmsg-scope) $VERSION'"
	done
}

# the system's directories only: rpmsg-top --demo must find the installed rpmsg-sim beside it
run() {
	env -u LD_LIBRARY_PATH PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 120 "$@"
}

# 1. a prefix, then DESTDIR with a prefix that must stay untouched
prefix=$TMP/prefix
install_into "" "$prefix"
check_tree "$prefix"
staged_prefix=/opt/rpmsg-scope-install-test-$$
[ ! -e "$staged_prefix" ] || fail "$staged_prefix exists before the test"
install_into "$TMP/destdir" "$staged_prefix"
[ ! -e "$staged_prefix" ] || { rm -rf "$staged_prefix"; fail "DESTDIR install wrote $staged_prefix"; }
check_tree "$TMP/destdir$staged_prefix"
note "ok: installed into $prefix and under DESTDIR; --version and RUNPATH checked in both"

# 2. one real command per tool, from the prefix
bin=$prefix/bin
bus=inst$$
run "$bin/rpmsg-sim" demo --bus "$bus" --messages $N --rate 0 --json --quiet >"$TMP/sim.out" \
	2>"$TMP/sim.err" || fail "installed rpmsg-sim demo exited with status $?"
for ch in rpmsg-echo rpmsg-raw; do
	[ "$(sim_count host $ch tx_msgs) $(sim_count host $ch rx_msgs)" = "$N $N" ] ||
		fail "installed rpmsg-sim demo: $ch did not send and receive $N messages"
done
# tty and sensor: one start message from the host, N back
for ch in rpmsg-tty rpmsg-sensor; do
	[ "$(sim_count host $ch tx_msgs) $(sim_count host $ch rx_msgs)" = "1 $N" ] ||
		fail "installed rpmsg-sim demo: $ch counts are not 1 and $N"
done

# introspection: what any user sees, without root
run "$bin/rpmsg-top" --introspect -b -n 1 -i 600 --demo --demo-log "$TMP/demo.log" \
	-- --bus "${bus}t" --messages $N --rate 0 >"$TMP/top.out" 2>"$TMP/top.err" ||
	fail "installed rpmsg-top --demo exited with status $?"
awk '/^NAME/ { t = 1; next } t && (!NF || $1 == "detail") { exit } t { print $1 }' "$TMP/top.out" | tr '\n' ' ' \
	>"$TMP/rows.txt"
[ "$(cat "$TMP/rows.txt")" = "rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw " ] ||
	fail "installed rpmsg-top --demo rows: '$(cat "$TMP/rows.txt")'"
[ ! -e "/dev/shm/rpmsg-${bus}t" ] || fail "installed rpmsg-top left the demo's bus behind"

# BPF, as root: the installed rpmsg-top attaches to the probes of the library it loads itself
# (beside it in the prefix), not the build tree's, so the installed demo's messages are counted:
# each channel's TXMSGS and RXMSGS, exactly (echo and raw N each way; tty and sensor 1 and N).
if [ "${WITH_BPF:-0}" = 1 ] && [ "$(id -u)" -eq 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
	run "$bin/rpmsg-top" -b -n 1 -i 600 --demo --demo-log "$TMP/demo-bpf.log" \
		-- --bus "${bus}b" --messages $N --rate 0 >"$TMP/top-bpf.out" 2>"$TMP/top-bpf.err" ||
		fail "installed rpmsg-top --demo (BPF) exited with status $?: $(head -n 2 "$TMP/top-bpf.err")"
	lib=$(sed -n 's/.*source: BPF on USDT probes (\(.*\)).*/\1/p' "$TMP/top-bpf.out")
	case $lib in
	"$prefix"/*) ;;
	*) fail "installed rpmsg-top attached to '$lib', not to the library in $prefix" ;;
	esac
	# the table's rows end at a blank line or the first per-row detail block
	awk '/^NAME/ { t = 1; next } t && (!NF || $1 == "detail") { exit } t && $1 != "name-service" { print $1, $(NF-1), $NF }' \
		"$TMP/top-bpf.out" >"$TMP/counts-bpf.txt"
	printf '%s\n' "rpmsg-echo $N $N" "rpmsg-tty 1 $N" "rpmsg-sensor 1 $N" "rpmsg-raw $N $N" \
		>"$TMP/counts-want.txt"
	cmp -s "$TMP/counts-bpf.txt" "$TMP/counts-want.txt" ||
		fail "installed rpmsg-top --demo (BPF on $lib) counted: $(tr '\n' ';' <"$TMP/counts-bpf.txt")"
	[ ! -e "/dev/shm/rpmsg-${bus}b" ] || fail "installed rpmsg-top left the demo's bus behind"
	note "ok: installed rpmsg-top (BPF on $lib) counted the installed demo's messages exactly"
else
	note "installed rpmsg-top with BPF not checked (needs root, BTF and a BPF build)"
fi

run "$bin/rpmsg-ddebug" --help >"$TMP/ddebug-help.out" || fail "installed rpmsg-ddebug --help"
grep -q 'decode-log' "$TMP/ddebug-help.out" || fail "rpmsg-ddebug --help does not list decode-log"
run "$bin/rpmsg-ddebug" decode-log "$KMSG_LOG" >"$TMP/ddebug.out" 2>"$TMP/ddebug.err" ||
	fail "installed rpmsg-ddebug decode-log exited with status $?"
[ "$(wc -l <"$TMP/ddebug.out")" -eq $KMSG_EVENTS ] ||
	fail "installed rpmsg-ddebug decode-log printed $(wc -l <"$TMP/ddebug.out") events, not $KMSG_EVENTS"

run "$bin/rpmsg-trace" decode --kmsg "$KMSG_LOG" >"$TMP/kmsg.out" 2>"$TMP/kmsg.err" ||
	fail "installed rpmsg-trace decode --kmsg exited with status $?"
[ "$(wc -l <"$TMP/kmsg.out")" -eq $KMSG_EVENTS ] ||
	fail "installed rpmsg-trace decode --kmsg printed $(wc -l <"$TMP/kmsg.out") lines, not $KMSG_EVENTS"

plugin=$(find "$prefix" -name 'babeltrace-plugin-rpmsg.so')
if [ -d "${FIXTURE_TRACE:-/nonexistent}" ]; then
	# the installed decode prints what the build tree's prints, line for line
	run "$bin/rpmsg-trace" decode "$FIXTURE_TRACE" >"$TMP/decode.out" 2>"$TMP/decode.err" ||
		fail "installed rpmsg-trace decode exited with status $?"
	"$BUILD_TRACE" decode "$FIXTURE_TRACE" >"$TMP/decode-build.txt" 2>/dev/null ||
		fail "the build tree's rpmsg-trace decode failed"
	[ -s "$TMP/decode.out" ] || fail "installed rpmsg-trace decode printed nothing"
	cmp -s "$TMP/decode.out" "$TMP/decode-build.txt" ||
		fail "installed rpmsg-trace decode differs from the build tree's"
else
	note "no fixture trace (tests/bt2 could not record one): trace decode not checked"
fi
if [ -n "$plugin" ] && [ "${SANITIZED:-0}" != 1 ] && command -v babeltrace2 >/dev/null; then
	plugin_dir=$(dirname "$plugin")
	BABELTRACE_PLUGIN_PATH=$plugin_dir run babeltrace2 list-plugins >"$TMP/plugins.txt" 2>&1 ||
		fail "babeltrace2 list-plugins with BABELTRACE_PLUGIN_PATH=$plugin_dir"
	grep -q 'filter.rpmsg.decode' "$TMP/plugins.txt" ||
		fail "babeltrace2 does not find filter.rpmsg.decode in $plugin_dir"
	if [ -d "${FIXTURE_TRACE:-/nonexistent}" ]; then
		for which in installed build; do
			dir=$plugin_dir
			[ $which = installed ] || dir=$BUILD_PLUGIN_DIR
			run babeltrace2 --plugin-path="$dir" "$FIXTURE_TRACE" -c filter.rpmsg.decode \
				-c sink.rpmsg.print >"$TMP/bt2-$which.txt" 2>"$TMP/bt2.err" ||
				fail "babeltrace2 with the $which plugin ($dir) failed"
		done
		[ -s "$TMP/bt2-installed.txt" ] || fail "babeltrace2 printed nothing with the installed plugin"
		cmp -s "$TMP/bt2-installed.txt" "$TMP/bt2-build.txt" ||
			fail "the installed plugin prints differently from the build tree's"
	fi
else
	# the babeltrace2 CLI cannot dlopen an ASan-built plugin (the runtime must load first)
	note "babeltrace2 CLI with the installed plugin not checked (ASan tree or no babeltrace2)"
fi
note "ok: every installed tool ran a real command"

# 3. a man page per tool, rendered without warnings, and every page they cite installed
for tool in "$prefix"/bin/*; do
	tool=$(basename "$tool")
	ls "$prefix"/share/man/man[18]/"$tool".[18] >/dev/null 2>&1 || fail "no man page for $tool"
done
for page in "$prefix"/share/man/man*/*; do
	for cited in $(sed -n 's/^\.BR \(rpmsg-[a-z]*\) (\([0-9]\)).*/\1.\2/p' "$page"); do
		[ -e "$prefix/share/man/man${cited##*.}/$cited" ] ||
			fail "$(basename "$page") cites $cited, which is not installed"
	done
	if command -v man >/dev/null; then
		MANWIDTH=80 man --warnings -l "$page" >/dev/null 2>"$TMP/man.err" ||
			fail "man -l $(basename "$page") failed"
		[ ! -s "$TMP/man.err" ] || fail "man warns on $(basename "$page"): $(head -n 3 "$TMP/man.err")"
	fi
done
command -v man >/dev/null || note "man-db not installed: pages not rendered"
[ -s "$prefix/share/doc/rpmsg-scope/LICENSE" ] || fail "LICENSE not installed"
echo "ok: installed tree works from $prefix and under DESTDIR; man pages for every tool"
