#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Boots the virtual board: Debian's kernel under QEMU 7.2 (TCG), the kit's initramfs, and a
# vhost-user-fs-pci device (tag "rpmsg") whose device side is the process listening on SOCKET
# (librpmsgbus' firmware). The guest's /init loads the rpmsg modules and the shim, runs
# COMMAND (or a shell on the console) and powers off, which ends QEMU.
#
# usage: vboard-boot.sh --kit DIR [--socket SOCKET | --no-device] [--cmd COMMAND]
#                       [--console FILE] [--output FILE] [--dyndbg] [--append ARGS]
#                       [--pidfile FILE] [--timeout SECONDS] [--memory MB] [--qmp SOCKET]
#
#   --kit DIR        the build tree's board/kit directory (vmlinuz, initramfs.cpio.gz)
#   --socket SOCKET  vhost-user socket of the firmware; it must be listening before the boot
#   --no-device      boot without the device (modules and shim load, nothing binds)
#   --cmd COMMAND    run in the guest by /bin/sh -c (no double quotes); default: a shell on the
#                    console (stdio)
#   --console FILE   the serial console (kernel log and /init's "vboard: " lines) goes to FILE;
#                    default: stdio
#   --output FILE    COMMAND's stdout and stderr go to FILE (a second serial port), ending with
#                    "vboard: exit N"; default: the console
#   --dyndbg         load the rpmsg modules with their dynamic_debug sites on
#   --append ARGS    more kernel command line
#   --pidfile FILE   QEMU writes its pid there (kill it, or this script, to stop the board)
#   --timeout SEC    QEMU is killed after SEC seconds (exit status 124); default 600
#   --memory MB      guest RAM (default 512)
#   --qmp SOCKET     QMP server socket; the device is "vboard-dev" on PCIe root port "vboard-rp", so
#                    {"execute":"device_del","arguments":{"id":"vboard-dev"}} unplugs it (the guest
#                    then removes the rpmsg device and its channels, as when a firmware dies)
#
# Exit status: the command's exit status (read from "vboard: exit N"), 124 on timeout, 125 if
# QEMU ended without the command's status (it failed to start, or the guest crashed or was
# killed), 2 for a usage error.
set -eu

# usage STATUS: the usage text above, on stdout for --help (0), on stderr for a mistake (2).
usage() {
	if [ "$1" = 0 ]; then
		sed -n 's/^# \{0,1\}//; /^usage:/,/^Exit status/p' "$0" | sed '$d'
	else
		sed -n 's/^# \{0,1\}//; /^usage:/,/^Exit status/p' "$0" | sed '$d' >&2
	fi
	exit "$1"
}

kit= socket= nodev=0 cmd= console= output= dyndbg=0 append= pidfile= timeout=600 memory=512 qmp=
while [ $# -gt 0 ]; do
	case "$1" in
	--kit) kit=$2; shift ;;
	--socket) socket=$2; shift ;;
	--no-device) nodev=1 ;;
	--cmd) cmd=$2; shift ;;
	--console) console=$2; shift ;;
	--output) output=$2; shift ;;
	--dyndbg) dyndbg=1 ;;
	--append) append=$2; shift ;;
	--pidfile) pidfile=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--memory) memory=$2; shift ;;
	--qmp) qmp=$2; shift ;;
	-h | --help) usage 0 ;;
	*) echo "vboard-boot: unknown option $1" >&2; usage 2 ;;
	esac
	shift
done
[ -n "$kit" ] || usage 2
[ -n "$socket" ] || [ "$nodev" = 1 ] || { echo "vboard-boot: --socket or --no-device" >&2; exit 2; }
# The command travels on the kernel command line, inside double quotes, on one line.
case "$cmd" in *\"* | *"
"*) echo "vboard-boot: --cmd cannot hold double quotes or newlines" >&2; exit 2 ;; esac
for f in "$kit/vmlinuz" "$kit/initramfs.cpio.gz"; do
	[ -f "$f" ] || { echo "vboard-boot: $f missing (build the kit: -DRPMSG_VBOARD=ON)" >&2; exit 2; }
done

# A command's exit status is read back from the console ("vboard: exit N"): without --console or
# --output, keep the console in a file and show it live on our standard output.
shown_console=
if [ -n "$cmd" ] && [ -z "$console" ] && [ -z "$output" ]; then
	shown_console=$(mktemp "${TMPDIR:-/tmp}/vboard-console.XXXXXX")
	console=$shown_console
fi

# panic=-1: a panic reboots, and -no-reboot turns that into QEMU's exit.
kargs="console=ttyS0 panic=-1 quiet loglevel=6"
[ "$dyndbg" = 1 ] && kargs="$kargs rpmsg.debug=1"
[ "$nodev" = 1 ] && kargs="$kargs rpmsg.nodev=1"
[ -n "$cmd" ] && kargs="$kargs rpmsg.cmd=\"$cmd\""
[ -n "$output" ] && kargs="$kargs rpmsg.out=ttyS1"
[ -n "$append" ] && kargs="$kargs $append"

set -- -machine q35,accel=tcg,memory-backend=mem \
	-object "memory-backend-memfd,id=mem,size=${memory}M,share=on" -m "$memory" -smp 1 \
	-nodefaults -no-user-config -display none -no-reboot \
	-kernel "$kit/vmlinuz" -initrd "$kit/initramfs.cpio.gz" -append "$kargs"
if [ -n "$console" ]; then
	set -- "$@" -chardev "file,id=con,path=$console" -serial chardev:con
else
	set -- "$@" -serial mon:stdio
fi
if [ -n "$output" ]; then
	: >"$output"
	set -- "$@" -chardev "file,id=out,path=$output" -serial chardev:out
fi
# A hot-pluggable root port, so that QMP's device_del can take the device away.
device=vhost-user-fs-pci,id=vboard-dev,bus=vboard-rp,chardev=vu0,tag=rpmsg
device=$device,num-request-queues=1,queue-size=256
if [ "$nodev" = 0 ]; then
	set -- "$@" -chardev "socket,id=vu0,path=$socket" \
		-device pcie-root-port,id=vboard-rp,chassis=1,slot=1 \
		-device "$device"
fi
[ -n "$qmp" ] && set -- "$@" -qmp "unix:$qmp,server=on,wait=off"

[ -n "$pidfile" ] && set -- "$@" -pidfile "$pidfile"
# timeout(1) stops QEMU after --timeout seconds (status 124) and passes our signals on to it.
if [ -n "$console" ]; then
	timeout "$timeout" qemu-system-x86_64 "$@" </dev/null &
else
	# The console is our standard input and output (Ctrl-A X quits QEMU). A background job's
	# standard input is /dev/null unless redirected: hand it ours through fd 3.
	exec 3<&0
	timeout --foreground "$timeout" qemu-system-x86_64 "$@" <&3 &
fi
runner=$!
follower=
if [ -n "$shown_console" ]; then
	tail -n +1 -f --pid="$runner" "$shown_console" &
	follower=$!
fi
trap 'kill "$runner" 2>/dev/null || true' TERM INT HUP
status=0
wait "$runner" || status=$?
# After a signal, wait returned early: collect QEMU for real.
while kill -0 "$runner" 2>/dev/null; do wait "$runner" || status=$?; done
# tail prints what is left and ends once QEMU is gone (--pid).
[ -n "$follower" ] && wait "$follower" 2>/dev/null
[ -n "$pidfile" ] && rm -f "$pidfile"

# The command's exit status, from the output port if any, else from the console.
log=${output:-$console}
if [ -n "$log" ] && [ -f "$log" ]; then
	exit_line=$(grep -a 'vboard: exit [0-9]*' "$log" | tail -n 1 |
		sed 's/.*vboard: exit \([0-9]*\).*/\1/')
	[ -n "$shown_console" ] && rm -f "$shown_console"
	[ -n "$exit_line" ] && exit "$exit_line"
fi
[ "$status" = 124 ] && { echo "vboard-boot: QEMU killed after $timeout s" >&2; exit 124; }
[ -z "$log" ] && [ -z "$cmd" ] && exit "$status"
echo "vboard-boot: QEMU ended (status $status) without the command's exit status" >&2
exit 125
