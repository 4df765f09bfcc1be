#!/bin/sh
# elf_check.sh MACHINE FLAGS FILE...: every FILE is an ELF object for MACHINE (readelf -h's
# "Machine:" text, e.g. AArch64, ARM) whose "Flags:" contain FLAGS (e.g. "hard-float ABI": an
# armel build would not run on armhf boards). A cross tree that silently built for the build
# host would produce x86-64 objects here.
. "$TESTS_LIB"
machine=$1
flags=$2
shift 2
command -v readelf >/dev/null || skip "readelf (binutils) missing"
for file in "$@"; do
	[ -f "$file" ] || fail "$file was not built"
	header=$(readelf -h "$file") || fail "$file is not an ELF object"
	got=$(echo "$header" | sed -n 's/^ *Machine: *//p')
	case $got in
	*"$machine"*) ;;
	*) fail "$file is built for '$got', not $machine" ;;
	esac
	if [ -n "$flags" ]; then
		echo "$header" | grep -q "Flags:.*$flags" || fail "$file lacks '$flags' in its ELF flags"
	fi
	echo "$file: $got${flags:+, $flags}"
done
