// SPDX-License-Identifier: MIT
/*
 * Loading the bus program (bpf/rpmsg_bus.bpf.c) and attaching it to librpmsgbus's USDT probes:
 * by library path for every process, or for one process. Only the probes the caller asked for
 * are loaded and attached: every probe hit costs a uprobe trap in the traced process.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <rpmsg-scope/self-path.h>

#include "bpf_monitor_internal.h"
#include "rpmsg_bus.skel.h"

#define BUS_LIBRARY_NAME   "librpmsgbus.so"
#define BUS_LIBRARY_SONAME BUS_LIBRARY_NAME ".0"

/* Find librpmsgbus in the mappings of @pid. Return: 0, -ENOENT (no such process / not mapped). */
static int library_of_pid(pid_t pid, char *path, size_t size)
{
	char maps[64], line[PATH_MAX + 128];
	int err = -ENOENT;
	FILE *f;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", (int)pid);
	f = fopen(maps, "re");
	if (!f)
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		char *file = strchr(line, '/');
		char *base;

		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		base = strrchr(file, '/') + 1;
		if (strncmp(base, BUS_LIBRARY_NAME, strlen(BUS_LIBRARY_NAME)) ||
		    strstr(file, " (deleted)"))
			continue;
		snprintf(path, size, "%s", file);
		err = 0;
		break;
	}
	fclose(f);
	return err;
}

/* The first running process that maps librpmsgbus gives its path. */
static int library_of_any_process(char *path, size_t size)
{
	struct dirent *de;
	DIR *proc = opendir("/proc");
	int err = -ENOENT;

	if (!proc)
		return -ENOENT;
	while (err && (de = readdir(proc))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		err = library_of_pid((pid_t)pid, path, size);
	}
	closedir(proc);
	return err;
}

/*
 * The library whose probes to attach: --lib, else the one --pid maps, else the one this very
 * program would load: beside it when installed (whatever --prefix or DESTDIR moved it to), the
 * build tree's when run from there, the loader's otherwise; last, whatever a running process maps.
 * An installed tool that attached to the build tree's copy would count nothing.
 */
static int find_library(const struct rpmsg_bpf_bus_opts *opts, char *path, size_t size)
{
	static const char *const configured[] = {
#ifdef RPMSG_BUS_LIBRARY_BUILD
		RPMSG_BUS_LIBRARY_BUILD,
#endif
		NULL,
	};

	if (opts->lib_path && opts->lib_path[0]) {
		if (access(opts->lib_path, R_OK))
			return monitor_fail(-ENOENT, "bus library %s: %s", opts->lib_path,
					    strerror(errno));
		snprintf(path, size, "%s", opts->lib_path);
		return 0;
	}
	if (opts->pid > 0) {
		char proc[32];

		snprintf(proc, sizeof(proc), "/proc/%d", (int)opts->pid);
		if (access(proc, F_OK))
			return monitor_fail(-ENOENT, "no process with pid %d", (int)opts->pid);
		if (library_of_pid(opts->pid, path, size))
			return monitor_fail(-ENOENT,
					    "process %d does not use %s: no rpmsg bus found in it",
					    (int)opts->pid, BUS_LIBRARY_NAME);
		return 0;
	}
	if (!rpmsg_self_installed_lib(BUS_LIBRARY_SONAME, path, size))
		return 0;
	for (size_t i = 0; configured[i]; i++) {
		if (!access(configured[i], R_OK)) {
			snprintf(path, size, "%s", configured[i]);
			return 0;
		}
	}
	if (!rpmsg_loader_lib(BUS_LIBRARY_SONAME, path, size))
		return 0;
	if (!library_of_any_process(path, size))
		return 0;
	return monitor_fail(-ENOENT,
			    "no rpmsg bus found: %s is not installed and no running "
			    "process uses it (give its path with --lib)",
			    BUS_LIBRARY_NAME);
}

static struct bpf_program *program_of(struct rpmsg_bus_bpf *skel, unsigned int type)
{
	switch (type) {
	case RPMSG_EV_VRING_ADD:
		return skel->progs.rpmsg_vring_add;
	case RPMSG_EV_VRING_GET:
		return skel->progs.rpmsg_vring_get;
	case RPMSG_EV_MBOX_KICK:
		return skel->progs.rpmsg_mbox_kick;
	case RPMSG_EV_MBOX_RX:
		return skel->progs.rpmsg_mbox_rx;
	case RPMSG_EV_MSG_SEND:
		return skel->progs.rpmsg_msg_send;
	case RPMSG_EV_MSG_RECV:
		return skel->progs.rpmsg_msg_recv;
	case RPMSG_EV_NS_ANNOUNCE:
		return skel->progs.rpmsg_ns_announce;
	case RPMSG_EV_EPT_CREATE:
		return skel->progs.rpmsg_ept_create;
	case RPMSG_EV_EPT_DESTROY:
		return skel->progs.rpmsg_ept_destroy;
	case RPMSG_EV_TX_WAIT:
		return skel->progs.rpmsg_tx_wait;
	case RPMSG_EV_DROP:
		return skel->progs.rpmsg_drop;
	}
	return NULL;
}

static void bus_destroy(struct rpmsg_bpf_monitor *mon)
{
	for (unsigned int t = 0; t < RPMSG_EV_TYPE_COUNT; t++)
		bpf_link__destroy(mon->links[t]);
	rpmsg_bus_bpf__destroy(mon->skel);
}

int rpmsg_bpf_bus_open(const struct rpmsg_bpf_bus_opts *opts, struct rpmsg_bpf_monitor **out)
{
	static const char *const names[] = RPMSG_EVENT_NAMES;
	uint32_t events = opts->events ? opts->events : RPMSG_BPF_EVENTS_ALL;
	struct rpmsg_bpf_monitor *mon;
	struct rpmsg_bus_bpf *skel;
	unsigned int attached = 0;
	int err;

	err = monitor_check_open(opts->capture);
	if (err)
		return err;
	if (opts->bus && strlen(opts->bus) >= RPMSG_EVENT_BUS_LEN)
		return monitor_fail(-EINVAL, "bus name '%s' is longer than %d characters",
				    opts->bus, RPMSG_EVENT_BUS_LEN - 1);
	mon = calloc(1, sizeof(*mon));
	if (!mon)
		return monitor_fail(-ENOMEM, "out of memory");
	err = find_library(opts, mon->lib_path, sizeof(mon->lib_path));
	if (err)
		goto free_mon;

	skel = rpmsg_bus_bpf__open();
	if (!skel) {
		err = monitor_fail(-errno, "cannot open the bus BPF program: %s", strerror(errno));
		goto free_mon;
	}
	mon->skel = skel;
	mon->destroy = bus_destroy;
	mon->use_ring = opts->ring_bytes != 0;
	mon->on_event = opts->on_event;
	mon->priv = opts->priv;
	skel->rodata->capture_max = opts->capture;
	skel->rodata->use_ringbuf = mon->use_ring;
	skel->rodata->addr_filter = opts->endpoint;
	if (opts->bus)
		snprintf(skel->rodata->bus_filter, sizeof(skel->rodata->bus_filter), "%s",
			 opts->bus);
	err = monitor_size_ring(skel->maps.events, opts->ring_bytes);
	if (err)
		goto destroy;
	for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
		bpf_program__set_autoload(program_of(skel, t), !!(events & RPMSG_BPF_EVENT_BIT(t)));

	err = rpmsg_bus_bpf__load(skel);
	if (err) {
		err = monitor_fail(err, "cannot load the bus BPF program: %s%s%s", strerror(-err),
				   *monitor_libbpf_warning() ? ": " : "", monitor_libbpf_warning());
		goto destroy;
	}
	for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++) {
		struct bpf_program *prog = program_of(skel, t);
		struct bpf_link *l;

		if (!(events & RPMSG_BPF_EVENT_BIT(t)))
			continue;
		l = bpf_program__attach_usdt(prog, opts->pid > 0 ? opts->pid : -1, mon->lib_path,
					     "rpmsg", names[t], NULL);
		if (!l && errno == ENOENT) {
			/* An older or partial build: watch what is there, say what is not. */
			mon->missing |= RPMSG_BPF_EVENT_BIT(t);
			continue;
		}
		if (!l) {
			err = monitor_fail(-errno, "cannot attach to rpmsg:%s in %s: %s", names[t],
					   mon->lib_path, strerror(errno));
			goto destroy;
		}
		mon->links[t] = l;
		attached++;
	}
	if (!attached) {
		err = monitor_fail(-ENODATA, "%s has no rpmsg USDT probes (built without probes?)",
				   mon->lib_path);
		goto destroy;
	}
	mon->ept_counters = skel->maps.ept_counters;
	mon->names = skel->maps.names;
	err = monitor_setup_maps(mon, skel->maps.stats, skel->maps.hits, skel->maps.vring_counters,
				 skel->maps.events);
	if (err)
		goto destroy;
	*out = mon;
	return 0;

destroy:
	bus_destroy(mon);
free_mon:
	free(mon);
	return err;
}

const char *rpmsg_bpf_bus_library(const struct rpmsg_bpf_monitor *mon)
{
	return mon->lib_path;
}

uint32_t rpmsg_bpf_bus_missing(const struct rpmsg_bpf_monitor *mon)
{
	return mon->missing;
}
