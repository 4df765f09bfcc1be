# cmake -DHEADER=vmlinux.h -DARCH=<x86|arm64> -P check-arch.cmake
#
# Fails unless HEADER is a CO-RE header of ARCH's kernel: BTF carries no architecture, so a type
# only that architecture's kernel has stands for it. Keeps a build from compiling BPF programs
# against another arch's kernel types (the build host's x86 BTF in an arm64 build, say), which
# would compile cleanly and relocate wrongly on the board.
set(marker_x86 "struct fregs_state {") # the x87 FPU save area
set(marker_arm64 "struct user_fpsimd_state {") # the AArch64 FP/SIMD registers
if(NOT DEFINED marker_${ARCH})
	message(FATAL_ERROR "check-arch.cmake: no marker type for arch '${ARCH}'")
endif()
file(STRINGS "${HEADER}" hits LIMIT_COUNT 1 REGEX "^${marker_${ARCH}}")
if(NOT hits)
	message(FATAL_ERROR "${HEADER} is not the vmlinux.h of a ${ARCH} kernel (no '${marker_${ARCH}}'): "
		"give RPMSG_BPF_BTF the target's BTF (/sys/kernel/btf/vmlinux copied from the board)")
endif()
