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
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <rpmsg-scope/self-path.h>
#include <rpmsg-scope/text.h>

#include "bpf_monitor_internal.h"
#include "bus_seed.h"
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

/* Whether process @pid maps the library file @lib: its probes fire for us. */
static bool pid_maps_library(pid_t pid, const struct stat *lib)
{
	char path[PATH_MAX];
	struct stat st;

	return !library_of_pid(pid, path, sizeof(path)) && !stat(path, &st) &&
	       st.st_dev == lib->st_dev && st.st_ino == lib->st_ino;
}

struct sides_check {
	struct rpmsg_bpf_monitor *mon;
	struct stat lib;
};

/*
 * A bus with one side in a process that maps the traced library and the other side alive in one
 * that does not (the other side's sends are never seen): receives must be counted at the
 * receiver. A bus that no traced process uses does not matter.
 */
static void check_bus_sides(const struct rpmsg_monitor_snapshot *snap, void *priv)
{
	struct sides_check *check = priv;
	const pid_t pid[2] = {snap->host_pid, snap->remote_pid};
	const bool alive[2] = {snap->host_alive, snap->remote_alive};
	bool traced[2];

	if (check->mon->rx_why_not[0])
		return;
	for (int side = 0; side < 2; side++)
		traced[side] =
			alive[side] && pid[side] > 0 && pid_maps_library(pid[side], &check->lib);
	for (int side = 0; side < 2; side++) {
		/* the name is read from the bus's shared memory: never raw to a terminal */
		char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(snap->bus))];

		if (!alive[side] || pid[side] <= 0 || traced[side] || !traced[!side])
			continue;
		rpmsg_text_escape(bus, sizeof(bus), snap->bus, sizeof(snap->bus));
		snprintf(check->mon->rx_why_not, sizeof(check->mon->rx_why_not),
			 "bus %s: its %s (pid %d) does not map %s", bus, side ? "remote" : "host",
			 (int)pid[side], check->mon->lib_path);
		return;
	}
}

/*
 * Whether receives can be counted from the senders' msg_send (opts->rx_from_senders): only when
 * every process is traced and no bus there now has a side the library does not trace.
 * Return: true to leave msg_recv out; otherwise mon->rx_why_not says why.
 */
static bool rx_from_senders_possible(const struct rpmsg_bpf_bus_opts *opts,
				     struct rpmsg_bpf_monitor *mon)
{
	struct sides_check check = {.mon = mon};

	if (opts->pid > 0) {
		snprintf(mon->rx_why_not, sizeof(mon->rx_why_not),
			 "one process (--pid): the other sides' sends are not seen");
		return false;
	}
	if (stat(mon->lib_path, &check.lib)) {
		snprintf(mon->rx_why_not, sizeof(mon->rx_why_not), "%s: %s", mon->lib_path,
			 strerror(errno));
		return false;
	}
	/* best effort: a bus that cannot be read now is not checked */
	rpmsg_bus_seed_each(opts->bus, check_bus_sides, &check);
	return !mon->rx_why_not[0];
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
	if (opts->rx_from_senders && (events & RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_SEND)) &&
	    (events & RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_RECV)) &&
	    rx_from_senders_possible(opts, mon)) {
		/* one probe hit per message: the receive side is the peer's send */
		mon->rx_from_senders = true;
		events &= ~RPMSG_BPF_EVENT_BIT(RPMSG_EV_MSG_RECV);
	}
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

bool rpmsg_bpf_bus_rx_from_senders(const struct rpmsg_bpf_monitor *mon, const char **why_not)
{
	if (why_not)
		*why_not = mon->rx_why_not;
	return mon->rx_from_senders;
}
