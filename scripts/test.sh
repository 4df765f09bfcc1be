#!/bin/sh
# The whole test command: install dependencies, build a normal tree and an ASan/UBSan tree,
# run every test in both. CI (.ci/run) calls exactly this.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
sh scripts/build.sh build
sh scripts/build.sh build-asan -DRPMSG_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
status=0
(cd build && ctest --output-on-failure --timeout 600) || status=1
# halt_on_error keeps a sanitizer report fatal; leak checks stay on.
(cd build-asan && ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	ctest --output-on-failure --timeout 900 -LE no-asan) || status=1
exit $status
