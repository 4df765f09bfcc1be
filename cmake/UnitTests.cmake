# The unit tests: the tests of the bus, decoders, collector, kernel-log and common plumbing
# folders, nearly all C programs that need no daemon and no other program, so they also run on a
# cross build under qemu-user (scripts/test.sh runs them in the arm64 and armhf trees). The few
# that need more keep their own labels too (bpf) or skip themselves (77) without root.
#
# rpmsg_unit_test_folders(DIR...) (after tests/ was added) gives every test in tests/DIR the
# label "unit" and makes the target rpmsg-unit-tests build the programs in those folders (but
# those that load BPF), so a cross tree builds only what its unit tests need:
#	cmake --build B --target rpmsg-unit-tests
# Tests of those folders that are shell scripts (they run a tool or a pipeline directly, which
# needs binfmt_misc on a cross build) keep the label; scripts/test.sh runs, in a cross tree, the
# unit tests whose command is the emulator and names the others it leaves out.
function(rpmsg_unit_test_folders)
	add_custom_target(rpmsg-unit-tests)
	foreach(folder ${ARGN})
		set(dir ${PROJECT_SOURCE_DIR}/tests/${folder})
		if(NOT EXISTS ${dir}/CMakeLists.txt)
			continue()
		endif()
		set_property(DIRECTORY ${dir} APPEND PROPERTY LABELS unit)
		get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
		foreach(target ${targets})
			get_target_property(type ${target} TYPE)
			get_target_property(libs ${target} LINK_LIBRARIES)
			# a program that loads BPF runs as root beside a workload (label bpf), not here
			if(type STREQUAL "EXECUTABLE" AND NOT "rpmsg-bpf-monitor" IN_LIST libs)
				add_dependencies(rpmsg-unit-tests ${target})
			endif()
		endforeach()
	endforeach()
endfunction()
