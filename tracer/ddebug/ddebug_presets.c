// SPDX-License-Identifier: MIT
/*
 * The presets. File patterns use the kernel's wildcards and match the listed path or its
 * basename, so the pattern for every file under drivers/remoteproc also covers SoC drivers added
 * after this list was written.
 */
#include <string.h>

#include "ddebug_presets.h"

static const char *const rpmsg_specs[] = {
	"file virtio_rpmsg_bus.c", "file rpmsg_core.c", "file rpmsg_ns.c",
	"file rpmsg_char.c",	   "file rpmsg_ctrl.c", NULL,
};

static const char *const virtio_specs[] = {"file virtio_ring.c", NULL};

/* remoteproc core (remoteproc_*.c) and SoC drivers (stm32_rproc.c, imx_rproc.c, ti_k3_*, ...) */
static const char *const remoteproc_specs[] = {
	"file drivers/remoteproc/*", "file remoteproc_*.c", "file *_rproc.c", "file ti_k3_*", NULL,
};

/* the mailbox core (mailbox.c) and SoC mailbox drivers (stm32-ipcc.c, imx-mailbox.c, ...) */
static const char *const mailbox_specs[] = {
	"file drivers/mailbox/*", "file *-mailbox.c", "file *_mailbox.c", "file *-ipcc.c", NULL,
};

static const char *const all_specs[] = {
	"file virtio_rpmsg_bus.c",
	"file rpmsg_core.c",
	"file rpmsg_ns.c",
	"file rpmsg_char.c",
	"file rpmsg_ctrl.c",
	"file virtio_ring.c",
	"file drivers/remoteproc/*",
	"file remoteproc_*.c",
	"file *_rproc.c",
	"file ti_k3_*",
	"file drivers/mailbox/*",
	"file *-mailbox.c",
	"file *_mailbox.c",
	"file *-ipcc.c",
	NULL,
};

const struct ddebug_preset ddebug_presets[] = {
	{"rpmsg", "virtio_rpmsg_bus.c, rpmsg_core.c, rpmsg_ns.c, rpmsg_char.c, rpmsg_ctrl.c",
	 rpmsg_specs},
	{"virtio", "virtio_ring.c", virtio_specs},
	{"remoteproc", "remoteproc core and SoC drivers (stm32_rproc.c, imx_rproc.c, ti_k3_*, ...)",
	 remoteproc_specs},
	{"mailbox", "mailbox.c and SoC mailbox drivers (stm32-ipcc.c, imx-mailbox.c, ...)",
	 mailbox_specs},
	{"all", "all of the above", all_specs},
	{NULL, NULL, NULL},
};

const struct ddebug_preset *ddebug_preset_find(const char *name)
{
	for (const struct ddebug_preset *p = ddebug_presets; p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

const char *ddebug_preset_names(void)
{
	return "rpmsg, virtio, remoteproc, mailbox, all";
}
