# The firmware side of the board (included by this folder's CMakeLists.txt): librpmsgbus's
# vhost-user transport against a front end played by a C test (no QEMU, label bus), and
# `rpmsg-sim board` booting the kit against the simulated firmware (label vboard).
add_executable(firmware-vhost-protocol ${CMAKE_CURRENT_LIST_DIR}/firmware_vhost_protocol.c)
target_link_libraries(firmware-vhost-protocol PRIVATE rpmsgbus rpmsg-test-check)
target_compile_definitions(firmware-vhost-protocol PRIVATE _GNU_SOURCE)
add_test(NAME vboard_firmware_vhost_protocol COMMAND firmware-vhost-protocol)
set_tests_properties(vboard_firmware_vhost_protocol PROPERTIES LABELS bus TIMEOUT 300)

if(NOT RPMSG_VBOARD_ENABLED)
	return()
endif()
foreach(test board workload stop killed)
	add_test(NAME vboard_firmware_${test}
		COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/firmware_${test}.sh $<TARGET_FILE:rpmsg-sim>
			${RPMSG_VBOARD_KIT_DIR} ${RPMSG_VBOARD_BOOT})
	set_tests_properties(vboard_firmware_${test} PROPERTIES LABELS vboard TIMEOUT 600
		SKIP_RETURN_CODE 77 ENVIRONMENT TESTS_LIB=${TESTS_LIB})
endforeach()
# The README's command as a user types it: console and status on standard output.
add_test(NAME vboard_readme_command
	COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/readme_command.sh $<TARGET_FILE:rpmsg-sim>
		${RPMSG_VBOARD_KIT_DIR} ${RPMSG_VBOARD_BOOT})
set_tests_properties(vboard_readme_command PROPERTIES LABELS vboard TIMEOUT 600
	SKIP_RETURN_CODE 77 ENVIRONMENT TESTS_LIB=${TESTS_LIB})
