#!/bin/sh
# configure_check.sh ARCH SOURCE_DIR CMAKE: configure SOURCE_DIR for ARCH with
# cmake/toolchain-ARCH.cmake (as docs/boards.md says) and check what a user is told:
# - arm64: BPF is built with the checked-in arm64 CO-RE header, never the build host's BTF
#   (/sys/kernel/btf/vmlinux is the x86 kernel's here), and the tests run under qemu-aarch64;
# - armhf: configuring succeeds and says "BPF off for armv7: <why>; the bus, tracer (LTTng,
#   kernel log) and rpmsg-top without --bpf are built" (it stopped with "no BPF target arch for
#   armv7l" before).
. "$TESTS_LIB"
arch=$1
src=$2
cmake=$3
case $arch in
arm64) cc=aarch64-linux-gnu-gcc qemu=qemu-aarch64 ;;
armhf) cc=arm-linux-gnueabihf-gcc qemu=qemu-arm ;;
*) fail "unknown arch $arch" ;;
esac
command -v "$cc" >/dev/null || skip "$cc missing (sh scripts/install-deps.sh)"
tmpdir_make cross
"$cmake" -S "$src" -B "$TMP/b" -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchain-$arch.cmake" \
	>"$TMP/configure.log" 2>&1 || fail "configuring for $arch failed"
log=$TMP/configure.log
cache=$TMP/b/CMakeCache.txt
grep -q "^set(CMAKE_C_COMPILER \"[^\"]*/$cc\")" "$TMP"/b/CMakeFiles/*/CMakeCCompiler.cmake ||
	fail "the compiler is not $cc"
grep -q "^RPMSG_CROSS_QEMU:FILEPATH=.*/$qemu$" "$cache" || fail "no $qemu to run the tests"
case $arch in
arm64)
	grep -q "bpf/: vmlinux.h for arm64: the checked-in .*/bpf/vmlinux/arm64/vmlinux.h" "$log" ||
		fail "vmlinux.h for arm64 is not the checked-in arm64 header"
	! grep -q "/sys/kernel/btf" "$log" || fail "the build host's BTF is used for arm64"
	grep -q "^RPMSG_BPF_BTF:FILEPATH=$" "$cache" || fail "RPMSG_BPF_BTF is not empty by default"
	! grep -q "BPF off" "$log" || fail "BPF is off for arm64"
	"$cmake" -DHEADER="$src/bpf/vmlinux/arm64/vmlinux.h" -DARCH=arm64 \
		-P "$src/bpf/vmlinux/check-arch.cmake" || fail "bpf/vmlinux/arm64/vmlinux.h is not arm64's"
	;;
armhf)
	grep -q "BPF off for armv7: .*CONFIG_DEBUG_INFO_BTF.*; the bus, tracer (LTTng, kernel log) and rpmsg-top without --bpf are built" "$log" ||
		fail "no 'BPF off for armv7: <why>' line"
	! grep -q "bpf/: vmlinux.h" "$log" || fail "BPF programs configured for armv7"
	;;
esac
grep -m1 -E "BPF off|bpf/: vmlinux.h" "$log"
echo "configure for $arch: ok"
