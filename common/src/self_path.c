// SPDX-License-Identifier: MIT
/* The running program's directory and the libraries beside it. See rpmsg-scope/self-path.h. */
#define _GNU_SOURCE /* dlinfo */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rpmsg-scope/self-path.h"

#ifndef RPMSG_BIN_TO_LIB
#error "RPMSG_BIN_TO_LIB (BINDIR -> LIBDIR, relative) comes from common/CMakeLists.txt"
#endif

static int copy_path(char *out, size_t size, const char *a, const char *b, const char *c)
{
	int n = snprintf(out, size, "%s%s%s", a, b, c);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int rpmsg_self_dir(char *dir, size_t size)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (len <= 0)
		return -ENOENT;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -ENOENT;
	/* "/rpmsg-top" lives in "/", not "" */
	slash[slash == exe ? 1 : 0] = '\0';
	return copy_path(dir, size, exe, "", "");
}

int rpmsg_self_installed_lib(const char *name, char *path, size_t size)
{
	char dir[PATH_MAX];
	int err = rpmsg_self_dir(dir, sizeof(dir));

	if (err)
		return err;
	/* "../lib" usually; "" when BINDIR is LIBDIR ("dir//name" is still the same file) */
	err = copy_path(path, size, dir, "/" RPMSG_BIN_TO_LIB "/", name);
	if (err)
		return err;
	return access(path, R_OK) ? -ENOENT : 0;
}

int rpmsg_loader_lib(const char *name, char *path, size_t size)
{
	struct link_map *map = NULL;
	/* a program linked with it has it already: that copy, without running anything */
	void *handle = dlopen(name, RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
	int err = -ENOENT;

	if (!handle)
		handle = dlopen(name, RTLD_LAZY | RTLD_LOCAL);
	if (!handle)
		return -ENOENT;
	if (!dlinfo(handle, RTLD_DI_LINKMAP, &map) && map && map->l_name && map->l_name[0] == '/')
		err = copy_path(path, size, map->l_name, "", "");
	dlclose(handle);
	return err;
}
