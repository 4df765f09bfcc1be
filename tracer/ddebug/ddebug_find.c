// SPDX-License-Identifier: MIT
/*
 * Locating the dynamic debug control file (see ddebug_find.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "ddebug_find.h"

#define DEBUGFS_MAGIC_NUMBER 0x64626720 /* include/uapi/linux/magic.h DEBUGFS_MAGIC */

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool debugfs_mounted(void)
{
	struct statfs fs;

	return statfs(DDEBUG_DEBUGFS_DIR, &fs) == 0 && fs.f_type == DEBUGFS_MAGIC_NUMBER;
}

static int pick(char *path, size_t size)
{
	const char *found = exists(DDEBUG_DEBUGFS_CONTROL) ? DDEBUG_DEBUGFS_CONTROL
			    : exists(DDEBUG_PROC_CONTROL)  ? DDEBUG_PROC_CONTROL
							   : NULL;

	if (!found)
		return -ENOENT;
	snprintf(path, size, "%s", found);
	return 0;
}

int ddebug_find_control(bool may_mount, char *path, size_t size, bool *mounted, const char **why)
{
	*mounted = false;
	*why = "";
	if (!pick(path, size))
		return 0;
	if (!debugfs_mounted()) {
		if (!may_mount) {
			*why = "no " DDEBUG_PROC_CONTROL
			       ", and debugfs is not mounted on " DDEBUG_DEBUGFS_DIR
			       " (--no-mount given)";
			return -ENOENT;
		}
		if (geteuid() != 0) {
			*why = "no " DDEBUG_PROC_CONTROL
			       ", and mounting debugfs on " DDEBUG_DEBUGFS_DIR " needs root";
			return -EPERM;
		}
		if (mount("debugfs", DDEBUG_DEBUGFS_DIR, "debugfs", 0, NULL)) {
			int err = -errno;

			*why = "no " DDEBUG_PROC_CONTROL
			       ", and mounting debugfs on " DDEBUG_DEBUGFS_DIR " failed";
			return err;
		}
		*mounted = true;
		if (!pick(path, size))
			return 0;
	}
	*why = "this kernel has no dynamic debug (CONFIG_DYNAMIC_DEBUG is off): "
	       "neither " DDEBUG_DEBUGFS_CONTROL " nor " DDEBUG_PROC_CONTROL " exists";
	return -ENOENT;
}
