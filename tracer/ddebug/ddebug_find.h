/* SPDX-License-Identifier: MIT */
/*
 * Finding the dynamic debug control file: /sys/kernel/debug/dynamic_debug/control, else
 * /proc/dynamic_debug/control (Linux >= 5.x creates both), mounting debugfs first when neither
 * exists and debugfs is not mounted. No shared state; errors are -errno with a message.
 */
#ifndef RPMSG_DDEBUG_FIND_H
#define RPMSG_DDEBUG_FIND_H

#include <stdbool.h>
#include <stddef.h>

#define DDEBUG_DEBUGFS_DIR     "/sys/kernel/debug"
#define DDEBUG_DEBUGFS_CONTROL DDEBUG_DEBUGFS_DIR "/dynamic_debug/control"
#define DDEBUG_PROC_CONTROL    "/proc/dynamic_debug/control"

/**
 * ddebug_find_control() - locate the control file
 * @may_mount: mount debugfs on /sys/kernel/debug if that is what it takes
 * @path: receives the path (@size bytes)
 * @mounted: set when this call mounted debugfs (the caller says so to the user)
 * @why: on error, one line saying what is missing
 *
 * Return: 0; -ENOENT when the kernel has no dynamic debug; -EPERM when only root could mount
 * debugfs; other -errno from mount(2).
 */
int ddebug_find_control(bool may_mount, char *path, size_t size, bool *mounted, const char **why);

#endif /* RPMSG_DDEBUG_FIND_H */
