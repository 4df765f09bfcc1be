#!/bin/sh
# The whole test command: install dependencies, build a normal tree and an ASan/UBSan tree,
# run every test in both; then cross-build for arm64 and armhf and run their unit tests under
# qemu-user (docs/boards.md). CI (.ci/run) calls exactly this.
#   sh scripts/test.sh                   everything
#   sh scripts/test.sh cross [PREFIX]    only the cross part, in PREFIX-arm64 and PREFIX-armhf
#                                        (default build-arm64, build-armhf)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
status=0
cross_prefix=build
if [ "${1:-}" = cross ]; then
	cross_prefix=${2:-build}
else
	sh scripts/build.sh build
	sh scripts/build.sh build-asan -DRPMSG_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	(cd build && ctest --output-on-failure --timeout 600) || status=1
	# halt_on_error keeps a sanitizer report fatal; leak checks stay on.
	(cd build-asan && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		ctest --output-on-failure --timeout 900 -LE no-asan) || status=1
fi

# cross_test ARCH: the ARCH tree (cmake/toolchain-ARCH.cmake) built as far as its unit tests
# need, and those tests run under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR: ctest runs each
# test program through it). Unit tests that are shell scripts run a cross-built tool directly,
# which needs binfmt_misc: they are named, not run. Times are printed per arch.
cross_test() {
	arch=$1
	dir=$cross_prefix-$arch
	start=$(date +%s)
	RPMSG_BUILD_TARGET=rpmsg-unit-tests sh scripts/build.sh "$dir" \
		-DCMAKE_TOOLCHAIN_FILE="$top/cmake/toolchain-$arch.cmake" || return 1
	built=$(date +%s)
	emu=$(sed -n 's/^RPMSG_CROSS_QEMU:FILEPATH=//p' "$dir/CMakeCache.txt")
	[ -x "$emu" ] || { echo "cross $arch: no qemu-user in $dir (sh scripts/install-deps.sh)" >&2; return 1; }
	(cd "$dir" && ctest --show-only=json-v1 -L unit) >"$dir/unit-tests.json"
	run=$(jq -r --arg emu "$emu" \
		'[.tests[] | select(.command[0] == $emu) | .name] | join("|")' "$dir/unit-tests.json")
	left=$(jq -r --arg emu "$emu" \
		'[.tests[] | select(.command[0] != $emu) | .name] | join(" ")' "$dir/unit-tests.json")
	[ -n "$run" ] || { echo "cross $arch: no unit test runs under $emu" >&2; return 1; }
	[ -z "$left" ] || echo "cross $arch: not run under qemu-user (scripts running a tool): $left"
	rc=0
	(cd "$dir" && ctest -j"$(nproc)" --output-on-failure --timeout 900 -R "^($run)\$") || rc=1
	# host-side checks of what was built (tests/cross: ELF machine and float ABI)
	(cd "$dir" && ctest --output-on-failure -L cross) || rc=1
	end=$(date +%s)
	echo "cross $arch: configure+build $((built - start)) s, unit tests under $(basename "$emu")" \
		"$((end - built)) s, total $((end - start)) s"
	return $rc
}
for arch in arm64 armhf; do
	cross_test "$arch" || status=1
done
exit $status
