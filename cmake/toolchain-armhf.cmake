# armhf (STM32MP15, any ARMv7 board with Debian armhf): Debian's gcc-arm-linux-gnueabihf, the
# :armhf multiarch -dev packages and qemu-arm for the tests (sh scripts/install-deps.sh).
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-armhf.cmake
# BPF is turned off for this target, with the reason printed (cmake/BpfTarget.cmake).
set(CMAKE_SYSTEM_PROCESSOR armv7l)
set(RPMSG_CROSS_TRIPLET arm-linux-gnueabihf)
set(RPMSG_CROSS_QEMU_NAME qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/cross-debian.cmake)
