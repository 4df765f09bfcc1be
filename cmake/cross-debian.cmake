# Cross-compiling with Debian's cross toolchains and multiarch -dev packages (docs/boards.md).
#
# Included by toolchain-<arch>.cmake after it set RPMSG_CROSS_TRIPLET (the GNU triplet, which is
# also Debian's multiarch directory name: aarch64-linux-gnu, arm-linux-gnueabihf) and
# CMAKE_SYSTEM_PROCESSOR. Debian's multiarch layout is its own sysroot: the target's libraries
# are in /usr/lib/<triplet>, its headers in /usr/include/<triplet> and /usr/include, and the
# cross compiler searches them by itself, so no CMAKE_SYSROOT is set.
#
# What runs where: the C compiler produces target code; clang -target bpf, bpftool (vmlinux.h,
# skeletons) and every add_custom_command tool are the build host's programs (found in the
# host's PATH, never in the target's directories); test programs run under qemu-user
# (CMAKE_CROSSCOMPILING_EMULATOR), which loads the target's dynamic loader and libraries from
# their multiarch paths under / (libc6:<arch> puts /lib/ld-linux-*.so.* there).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${RPMSG_CROSS_TRIPLET}-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE ${RPMSG_CROSS_TRIPLET})

# Programs (clang, bpftool, sh) come from the host; libraries, headers and CMake packages only
# from the target's multiarch directories. The host's x86_64 directories are never searched.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu
	/usr/include/x86_64-linux-gnu)

# pkg-config answers for the target: its .pc files only (PKG_CONFIG_LIBDIR replaces the
# default search path; PKG_CONFIG_PATH would only add to it).
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${RPMSG_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# add_test() of a C test target runs under qemu-user by itself.
find_program(RPMSG_CROSS_QEMU NAMES ${RPMSG_CROSS_QEMU_NAME})
if(RPMSG_CROSS_QEMU)
	set(CMAKE_CROSSCOMPILING_EMULATOR ${RPMSG_CROSS_QEMU})
endif()
