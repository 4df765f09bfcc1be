/* SPDX-License-Identifier: MIT */
/*
 * Named groups of dynamic debug call sites: rpmsg, virtio, remoteproc, mailbox, all.
 * Each preset is a list of match specifications (queries without flags). Static data only.
 */
#ifndef RPMSG_DDEBUG_PRESETS_H
#define RPMSG_DDEBUG_PRESETS_H

#include <stddef.h>

struct ddebug_preset {
	const char *name;
	const char *summary;
	const char *const *specs; /* NULL-terminated */
};

/* The presets, "all" last; NULL-terminated by name. */
extern const struct ddebug_preset ddebug_presets[];

/* The preset named @name, or NULL. */
const struct ddebug_preset *ddebug_preset_find(const char *name);

/* "rpmsg, virtio, remoteproc, mailbox, all" for messages. */
const char *ddebug_preset_names(void);

#endif /* RPMSG_DDEBUG_PRESETS_H */
