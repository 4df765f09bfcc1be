# arm64 (i.MX8, AM62x, any Debian arm64 board): Debian's gcc-aarch64-linux-gnu, the :arm64
# multiarch -dev packages and qemu-aarch64 for the tests (sh scripts/install-deps.sh installs all).
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm64.cmake
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(RPMSG_CROSS_TRIPLET aarch64-linux-gnu)
set(RPMSG_CROSS_QEMU_NAME qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/cross-debian.cmake)
