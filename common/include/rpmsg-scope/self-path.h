/* SPDX-License-Identifier: MIT */
/*
 * Where the running program is, and the libraries installed beside it.
 *
 * An installed tool must use the files of its own installation, not those of the build tree it
 * was compiled in nor those of the configure-time prefix (cmake --install --prefix and DESTDIR
 * move a tree after it was configured). The install layout is fixed at configure time
 * (BINDIR -> LIBDIR as a relative path), so "the library beside me" is the running program's
 * directory (/proc/self/exe) joined with that relative path.
 *
 * Every function writes into a buffer the caller owns, allocates nothing and is thread-safe.
 * They return 0, or a negative errno: -ENOENT (not found, or not readable), -ENAMETOOLONG (the
 * buffer is too small).
 */
#ifndef RPMSG_SCOPE_SELF_PATH_H
#define RPMSG_SCOPE_SELF_PATH_H

#include <stddef.h>

/**
 * rpmsg_self_dir() - the directory of the running program
 * @dir: receives the absolute directory (no trailing slash)
 * @size: size of @dir
 *
 * Return: 0, -ENOENT (/proc/self/exe unreadable), -ENAMETOOLONG.
 */
int rpmsg_self_dir(char *dir, size_t size);

/**
 * rpmsg_self_installed_lib() - a library installed beside the running program
 * @name: the library's file name ("librpmsgbus.so.0")
 * @path: receives BINDIR/<bin-to-lib>/@name, for the program's own BINDIR
 * @size: size of @path
 *
 * Only the install layout is tried: a program run from a build tree finds nothing here, and
 * falls back to its build tree's path.
 *
 * Return: 0 if that file is readable, -ENOENT if not, -ENAMETOOLONG.
 */
int rpmsg_self_installed_lib(const char *name, char *path, size_t size);

/**
 * rpmsg_loader_lib() - the file the dynamic loader would open for a library
 * @name: the library's soname ("librpmsgbus.so.0")
 * @path: receives the absolute path the loader resolves @name to (LD_LIBRARY_PATH, ld.so.cache,
 *        the default directories)
 * @size: size of @path
 *
 * The library is loaded (RTLD_LAZY | RTLD_LOCAL) to ask the loader, then released: its
 * constructors run, so use this only for libraries whose constructors do no work of consequence.
 *
 * Return: 0, -ENOENT (the loader does not find it), -ENAMETOOLONG.
 */
int rpmsg_loader_lib(const char *name, char *path, size_t size);

#endif /* RPMSG_SCOPE_SELF_PATH_H */
