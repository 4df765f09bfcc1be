# Which BPF target the build's TARGET processor has (never the build host's), or why it has none.
#
# Sets, for bpf/ and the folders that load BPF programs:
#   RPMSG_BPF_ARCH       the arch name of bpf_tracing.h's __TARGET_ARCH_<arch> and of the
#                        CO-RE header bpf/vmlinux/<arch>/vmlinux.h (x86, arm64)
#   RPMSG_BPF_MULTIARCH  Debian's multiarch directory of the target (its <asm/...> headers)
# or, when the target has no BPF support here, turns RPMSG_WITH_BPF off for this configuration
# with one line saying why and what is still built, instead of stopping.
#
# A target gets BPF when libbpf supports it (USDT for the bus probes, fentry/tp_btf for the
# kernel hooks) and a CO-RE header for it exists in bpf/vmlinux/<arch>/ (made from Debian's
# kernel package for that arch: bpf/vmlinux/README.md). armv7 (armhf) has none of the three on
# Debian 12: its kernels are built without CONFIG_DEBUG_INFO_BTF, libbpf 1.1 has no USDT
# support for 32-bit ARM ("libbpf doesn't support USDTs on current architecture"), and the
# ARM32 JIT has no BPF trampolines (fentry/fexit).
set(RPMSG_BPF_ARCH "")
set(RPMSG_BPF_MULTIARCH "")
set(rpmsg_bpf_off_reason "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
	set(RPMSG_BPF_ARCH x86)
	set(RPMSG_BPF_MULTIARCH x86_64-linux-gnu)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
	set(RPMSG_BPF_ARCH arm64)
	set(RPMSG_BPF_MULTIARCH aarch64-linux-gnu)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
	set(rpmsg_bpf_off_reason "Debian 12's armhf kernels have no BTF (CONFIG_DEBUG_INFO_BTF is not \
set), libbpf 1.1 has no USDT support for 32-bit ARM and the ARM32 JIT no fentry trampolines")
else()
	set(rpmsg_bpf_off_reason "no CO-RE header for it in bpf/vmlinux/ (bpf/vmlinux/README.md says \
how to add one)")
endif()

if(RPMSG_WITH_BPF AND NOT rpmsg_bpf_off_reason STREQUAL "")
	string(REGEX REPLACE "^armv?([0-9]+).*" "armv\\1" rpmsg_bpf_target "${CMAKE_SYSTEM_PROCESSOR}")
	message(STATUS "BPF off for ${rpmsg_bpf_target}: ${rpmsg_bpf_off_reason}; the bus, tracer "
		"(LTTng, kernel log) and rpmsg-top without --bpf are built")
	# A normal variable: it hides the cache option for this configuration only, so the folders
	# that test RPMSG_WITH_BPF skip their BPF parts and a later target keeps the user's choice.
	set(RPMSG_WITH_BPF OFF)
endif()
