# Install RPATH for rpmsg-scope's binaries.
#
# The build tree's binaries keep CMake's build RPATH (absolute paths into the build tree). At
# `cmake --install`, CMake rewrites it to CMAKE_INSTALL_RPATH: without one it is cleared, and an
# installed rpmsg-sim fails with "librpmsgbus.so.0: cannot open shared object file". Our libraries
# go to ${CMAKE_INSTALL_LIBDIR}, the tools to ${CMAKE_INSTALL_BINDIR}: a path relative to
# $ORIGIN (the directory of the binary being loaded) finds them in any prefix, under DESTDIR, and
# in a package unpacked elsewhere, and never points into the build tree.

# The install directory @dir (relative to the prefix, or absolute) as a path from the prefix.
function(rpmsg_relative_install_dir out dir)
	if(IS_ABSOLUTE "${dir}")
		file(RELATIVE_PATH dir "${CMAKE_INSTALL_PREFIX}" "${dir}")
	endif()
	set(${out} "${dir}" PARENT_SCOPE)
endfunction()

# $ORIGIN-relative path from the install directory @from to the library directory.
function(rpmsg_origin_rpath out from)
	rpmsg_relative_install_dir(from "${from}")
	rpmsg_relative_install_dir(libdir "${CMAKE_INSTALL_LIBDIR}")
	file(RELATIVE_PATH rel "/prefix/${from}" "/prefix/${libdir}")
	string(REGEX REPLACE "/+$" "" rel "${rel}") # "../../" from lib/babeltrace2/plugins
	if(rel STREQUAL "")
		set(${out} "$ORIGIN" PARENT_SCOPE)
	else()
		set(${out} "$ORIGIN/${rel}" PARENT_SCOPE)
	endif()
endfunction()

# Every target's default: a tool in bin/ ($ORIGIN/../lib...), a library beside the others.
rpmsg_origin_rpath(RPMSG_BINDIR_RPATH "${CMAKE_INSTALL_BINDIR}")
set(CMAKE_INSTALL_RPATH "${RPMSG_BINDIR_RPATH}")

# rpmsg_install_rpath_from(TARGET DIR): TARGET installs to DIR (not bin/): its RPATH from there.
# Does nothing when TARGET was not built (e.g. no babeltrace2).
function(rpmsg_install_rpath_from target dir)
	if(TARGET ${target})
		rpmsg_origin_rpath(rpath "${dir}")
		set_target_properties(${target} PROPERTIES INSTALL_RPATH "${rpath}")
	endif()
endfunction()
