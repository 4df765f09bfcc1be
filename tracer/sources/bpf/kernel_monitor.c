// SPDX-License-Identifier: MIT
/*
 * Loading the kernel program (bpf/rpmsg_kernel.bpf.c) with every hook this kernel accepts.
 *
 * Trampoline hooks (fentry/fexit) are tried first, each only if its function is in the kernel's
 * BTF: vmlinux's, or a loaded module's (/sys/kernel/btf/<module>: virtio_ring, virtio_pci and the
 * rpmsg drivers are modules on most kernels, and libbpf attaches to a module's function when
 * its BTF has it). A hook the verifier refuses (a type that differs on this kernel) or that
 * cannot be attached is reported inactive with the reason and the others are kept. A kernel
 * in lockdown refuses them all at load time (EPERM, empty verifier log); the object is then
 * opened again without them. The vring_interrupt hook needs the function's address, which
 * /proc/kallsyms hides without CAP_SYSLOG; it is checked here so that a hidden address is
 * reported instead of silently matching nothing.
 *
 * Channels that existed before we attached (late attach) are named from
 * /sys/bus/rpmsg/devices/<dev>/{name,src,dst}: the names map is seeded with them after load.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf_monitor_internal.h"
#include "rpmsg_kernel.skel.h"

#define KERNEL_BTF	"/sys/kernel/btf/vmlinux"
#define MODULE_BTFS	"/sys/kernel/btf"
#define RPMSG_DEVICES	"/sys/bus/rpmsg/devices"
#define IRQ_HOOK	"tp_btf/irq_handler_entry (vring_interrupt)"
#define VIRTIO_ID_RPMSG 7

/* What a hook needs besides its function, checked before load. */
enum hook_family {
	HOOK_RING,   /* virtio ring API: any virtio device */
	HOOK_NOTIFY, /* a transport's notify: any virtio device */
	HOOK_RPMSG,  /* the rpmsg layer: only when watching rpmsg devices */
	HOOK_MBOX,   /* the mailbox core: unproven without a mailbox controller */
};

struct trampoline {
	const char *section; /* "fexit/virtqueue_add_inbuf" */
	const char *function;
	enum hook_family family;
	struct bpf_program *(*program)(struct rpmsg_kernel_bpf *skel);
};

#define PROG_GETTER(name)                                                                          \
	static struct bpf_program *prog_##name(struct rpmsg_kernel_bpf *skel)                      \
	{                                                                                          \
		return skel->progs.name;                                                           \
	}
PROG_GETTER(rpmsg_add_inbuf)
PROG_GETTER(rpmsg_add_outbuf)
PROG_GETTER(rpmsg_add_sgs)
PROG_GETTER(rpmsg_get_buf_ctx)
PROG_GETTER(rpmsg_get_buf_entry)
PROG_GETTER(rpmsg_get_buf)
PROG_GETTER(rpmsg_notify)
PROG_GETTER(rpmsg_vp_notify)
PROG_GETTER(rpmsg_rproc_notify)
PROG_GETTER(rpmsg_vm_notify)
PROG_GETTER(rpmsg_send_raw)
PROG_GETTER(rpmsg_get_tx_buf)
PROG_GETTER(rpmsg_ratelimit)
PROG_GETTER(rpmsg_dev_probe_exit)
PROG_GETTER(rpmsg_eptdev_open_exit)
PROG_GETTER(rpmsg_destroy_ept_entry)
PROG_GETTER(rpmsg_mbox_send)
PROG_GETTER(rpmsg_mbox_received)

/* Indexes below are used by the rules in choose_hooks(): keep them in step with the table. */
enum {
	T_ADD_INBUF,
	T_ADD_OUTBUF,
	T_ADD_SGS,
	T_GET_BUF_CTX,
	T_GET_BUF_ENTRY,
	T_GET_BUF,
	T_NOTIFY,
	T_VP_NOTIFY,
	T_RPROC_NOTIFY,
	T_VM_NOTIFY,
	T_SEND_RAW,
	T_GET_TX_BUF,
	T_RATELIMIT,
	T_DEV_PROBE,
	T_EPTDEV_OPEN,
	T_DESTROY_EPT,
	T_MBOX_SEND,
	T_MBOX_RECEIVED,
	TRAMPOLINE_COUNT
};

static const struct trampoline trampolines[TRAMPOLINE_COUNT] = {
	[T_ADD_INBUF] = {"fexit/virtqueue_add_inbuf", "virtqueue_add_inbuf", HOOK_RING,
			 prog_rpmsg_add_inbuf},
	[T_ADD_OUTBUF] = {"fexit/virtqueue_add_outbuf", "virtqueue_add_outbuf", HOOK_RING,
			  prog_rpmsg_add_outbuf},
	[T_ADD_SGS] = {"fexit/virtqueue_add_sgs", "virtqueue_add_sgs", HOOK_RING,
		       prog_rpmsg_add_sgs},
	[T_GET_BUF_CTX] = {"fexit/virtqueue_get_buf_ctx", "virtqueue_get_buf_ctx", HOOK_RING,
			   prog_rpmsg_get_buf_ctx},
	[T_GET_BUF_ENTRY] = {"fentry/virtqueue_get_buf", "virtqueue_get_buf", HOOK_RING,
			     prog_rpmsg_get_buf_entry},
	[T_GET_BUF] = {"fexit/virtqueue_get_buf", "virtqueue_get_buf", HOOK_RING,
		       prog_rpmsg_get_buf},
	[T_NOTIFY] = {"fentry/virtqueue_notify", "virtqueue_notify", HOOK_NOTIFY,
		      prog_rpmsg_notify},
	[T_VP_NOTIFY] = {"fentry/vp_notify", "vp_notify", HOOK_NOTIFY, prog_rpmsg_vp_notify},
	[T_RPROC_NOTIFY] = {"fentry/rproc_virtio_notify", "rproc_virtio_notify", HOOK_NOTIFY,
			    prog_rpmsg_rproc_notify},
	[T_VM_NOTIFY] = {"fentry/vm_notify", "vm_notify", HOOK_NOTIFY, prog_rpmsg_vm_notify},
	[T_SEND_RAW] = {"fexit/rpmsg_send_offchannel_raw", "rpmsg_send_offchannel_raw", HOOK_RPMSG,
			prog_rpmsg_send_raw},
	[T_GET_TX_BUF] = {"fexit/get_a_tx_buf", "get_a_tx_buf", HOOK_RPMSG, prog_rpmsg_get_tx_buf},
	[T_RATELIMIT] = {"fexit/___ratelimit", "___ratelimit", HOOK_RPMSG, prog_rpmsg_ratelimit},
	[T_DEV_PROBE] = {"fexit/rpmsg_dev_probe", "rpmsg_dev_probe", HOOK_RPMSG,
			 prog_rpmsg_dev_probe_exit},
	[T_EPTDEV_OPEN] = {"fexit/rpmsg_eptdev_open", "rpmsg_eptdev_open", HOOK_RPMSG,
			   prog_rpmsg_eptdev_open_exit},
	[T_DESTROY_EPT] = {"fentry/virtio_rpmsg_destroy_ept", "virtio_rpmsg_destroy_ept",
			   HOOK_RPMSG, prog_rpmsg_destroy_ept_entry},
	[T_MBOX_SEND] = {"fentry/mbox_send_message", "mbox_send_message", HOOK_MBOX,
			 prog_rpmsg_mbox_send},
	[T_MBOX_RECEIVED] = {"fentry/mbox_chan_received_data", "mbox_chan_received_data", HOOK_MBOX,
			     prog_rpmsg_mbox_received},
};

_Static_assert(TRAMPOLINE_COUNT + 1 <= RPMSG_BPF_MAX_HOOKS, "raise RPMSG_BPF_MAX_HOOKS");

/* The kernel's BTF: vmlinux and every loaded module's (split on vmlinux). */
struct kernel_btf {
	struct btf *vmlinux;
	struct btf *modules[256];
	char module_names[256][64];
	unsigned int module_count;
};

static void kernel_btf_free(struct kernel_btf *kb)
{
	for (unsigned int i = 0; i < kb->module_count; i++)
		btf__free(kb->modules[i]);
	btf__free(kb->vmlinux);
}

/* Load every module's BTF that can be read; a module that cannot is simply not searched. */
static void kernel_btf_load_modules(struct kernel_btf *kb)
{
	DIR *dir = opendir(MODULE_BTFS);
	struct dirent *de;

	if (!dir)
		return;
	while ((de = readdir(dir)) &&
	       kb->module_count < sizeof(kb->modules) / sizeof(kb->modules[0])) {
		char path[PATH_MAX];
		struct btf *btf;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", MODULE_BTFS, de->d_name);
		btf = btf__parse_split(path, kb->vmlinux);
		if (!btf)
			continue;
		kb->modules[kb->module_count] = btf;
		snprintf(kb->module_names[kb->module_count], sizeof(kb->module_names[0]), "%.63s",
			 de->d_name);
		kb->module_count++;
	}
	closedir(dir);
}

/*
 * Where @function's BTF is: "vmlinux", a module's name, or NULL when this kernel (with the
 * modules loaded now) has no such function.
 */
static const char *kernel_btf_find(const struct kernel_btf *kb, const char *function)
{
	if (btf__find_by_name_kind(kb->vmlinux, function, BTF_KIND_FUNC) >= 0)
		return "vmlinux";
	for (unsigned int i = 0; i < kb->module_count; i++)
		if (btf__find_by_name_kind(kb->modules[i], function, BTF_KIND_FUNC) >= 0)
			return kb->module_names[i];
	return NULL;
}

/*
 * Address of @symbol in /proc/kallsyms into @addr: 0 when hidden (kptr_restrict, no CAP_SYSLOG).
 * Return: true if the symbol is listed.
 */
static bool kallsyms_address(const char *symbol, unsigned long long *addr)
{
	char line[512], name[256], type;
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "re");

	*addr = 0;
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", addr, &type, name) == 3 &&
		    !strcmp(name, symbol)) {
			found = true;
			break;
		}
	}
	if (!found)
		*addr = 0;
	fclose(f);
	return found;
}

/* "integrity" when the kernel says it is locked down, else NULL. */
static const char *lockdown_mode(char *buf, size_t size)
{
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	char *open, *close;

	if (!f)
		return NULL;
	if (!fgets(buf, (int)size, f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	open = strchr(buf, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!open || !close)
		return NULL;
	*close = 0;
	return strcmp(open + 1, "none") ? open + 1 : NULL;
}

static void hook_set(struct rpmsg_bpf_monitor *mon, unsigned int i, const char *name, bool active,
		     const char *reason)
{
	mon->hooks[i].name = name;
	mon->hooks[i].active = active;
	/* a reason longer than the slot is cut: it is shown, never parsed */
	if (snprintf(mon->hooks[i].reason, sizeof(mon->hooks[i].reason), "%s",
		     reason ? reason : "") >= (int)sizeof(mon->hooks[i].reason))
		mon->hooks[i].reason[sizeof(mon->hooks[i].reason) - 1] = '\0';
	if (i >= mon->hook_count)
		mon->hook_count = i + 1;
}

static void kernel_destroy(struct rpmsg_bpf_monitor *mon)
{
	rpmsg_kernel_bpf__destroy(mon->skel);
}

/* Which trampolines exist and which this kernel refused, gathered over the load attempts. */
struct load_plan {
	const char *where[TRAMPOLINE_COUNT]; /* "vmlinux", a module, NULL: not in this kernel */
	bool refused[TRAMPOLINE_COUNT];
	char refusal[TRAMPOLINE_COUNT][96];
};

/*
 * choose_hooks() - decide which trampolines to load, and why the others are not
 * @load, @why: per trampoline; @why is the reason of an inactive hook or a note on an active one
 *
 * Rules: a hook needs its function and trampolines; rpmsg-layer hooks only for rpmsg devices;
 * fexit/virtqueue_get_buf only with its fentry (which keeps get_buf_ctx's fexit from counting
 * the same buffer again); virtqueue_notify only when no transport's notify is there (it may be
 * inlined into virtqueue_kick, and the transport sees every kick); the TX-wait hook only with
 * the send hook; the no-recipient hook (___ratelimit, a vmlinux function) only when
 * virtio_rpmsg_bus and a get_buf hook are there.
 */
static void choose_hooks(const struct load_plan *plan, const struct rpmsg_bpf_kernel_opts *opts,
			 bool try_trampolines, bool load[TRAMPOLINE_COUNT],
			 char why[TRAMPOLINE_COUNT][128])
{
	bool rpmsg = opts->device_id == VIRTIO_ID_RPMSG;

	for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++) {
		const struct trampoline *t = &trampolines[i];

		load[i] = false;
		why[i][0] = 0;
		if (!plan->where[i])
			snprintf(why[i], sizeof(why[i]),
				 "function not in this kernel (vmlinux or loaded modules' BTF)");
		else if (!try_trampolines)
			snprintf(why[i], sizeof(why[i]), "%s",
				 opts->no_trampolines ? "trampolines not requested"
						      : "fentry/fexit refused by the kernel");
		else if (plan->refused[i])
			snprintf(why[i], sizeof(why[i]), "%s", plan->refusal[i]);
		else if (t->family == HOOK_RPMSG && !rpmsg)
			snprintf(why[i], sizeof(why[i]),
				 "rpmsg layer: watching virtio device %u, not rpmsg (7)",
				 opts->device_id);
		else
			load[i] = true;
	}
	if (load[T_GET_BUF] != load[T_GET_BUF_ENTRY]) {
		unsigned int off = load[T_GET_BUF] ? T_GET_BUF : T_GET_BUF_ENTRY;

		load[off] = false;
		snprintf(why[off], sizeof(why[off]),
			 "fentry and fexit/virtqueue_get_buf go together (one is refused)");
	}
	if (load[T_NOTIFY] && (load[T_VP_NOTIFY] || load[T_RPROC_NOTIFY] || load[T_VM_NOTIFY])) {
		load[T_NOTIFY] = false;
		snprintf(why[T_NOTIFY], sizeof(why[T_NOTIFY]),
			 "covered by the transport's notify (virtqueue_notify may be inlined into "
			 "virtqueue_kick)");
	}
	if (load[T_GET_TX_BUF] && !load[T_SEND_RAW]) {
		load[T_GET_TX_BUF] = false;
		snprintf(why[T_GET_TX_BUF], sizeof(why[T_GET_TX_BUF]),
			 "needs fexit/rpmsg_send_offchannel_raw");
	}
	if (load[T_RATELIMIT] &&
	    (!plan->where[T_SEND_RAW] || !(load[T_GET_BUF] || load[T_GET_BUF_CTX]))) {
		load[T_RATELIMIT] = false;
		snprintf(why[T_RATELIMIT], sizeof(why[T_RATELIMIT]),
			 "needs virtio_rpmsg_bus loaded and fexit/virtqueue_get_buf*");
	}
	for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++) {
		if (!load[i])
			continue;
		if (trampolines[i].family == HOOK_MBOX)
			snprintf(why[i], sizeof(why[i]),
				 "in %s; unproven: no mailbox on the virtual board",
				 plan->where[i]);
		else if (strcmp(plan->where[i], "vmlinux"))
			snprintf(why[i], sizeof(why[i]), "in module %s", plan->where[i]);
	}
}

/* The link slot the skeleton keeps for @prog (destroyed with the skeleton). */
static struct bpf_link **link_slot(struct rpmsg_kernel_bpf *skel, struct bpf_program *prog)
{
	for (int i = 0; i < skel->skeleton->prog_cnt; i++)
		if (*skel->skeleton->progs[i].prog == prog)
			return skel->skeleton->progs[i].link;
	return NULL;
}

/* The trampoline whose program is named @prog_name, or -1. */
static int trampoline_of(struct rpmsg_kernel_bpf *skel, const char *prog_name)
{
	for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++)
		if (!strcmp(bpf_program__name(trampolines[i].program(skel)), prog_name))
			return (int)i;
	return -1;
}

/*
 * kernel_load() - open, load and attach the object with the hooks choose_hooks() picks
 * @try_trampolines: load the fentry/fexit hooks at all
 * @failed: set to the trampoline that the verifier or the attach refused, -1 otherwise
 *
 * Records each hook's state in @mon. Return: 0 or libbpf's error (then *@failed says whether
 * one hook is to blame: the caller marks it refused and tries again without it).
 */
static int kernel_load(struct rpmsg_bpf_monitor *mon, const struct rpmsg_bpf_kernel_opts *opts,
		       const struct load_plan *plan, bool try_trampolines, bool irq_usable,
		       const char *irq_reason, struct rpmsg_kernel_bpf **out, int *failed)
{
	struct rpmsg_kernel_bpf *skel = rpmsg_kernel_bpf__open();
	bool load[TRAMPOLINE_COUNT];
	char why[TRAMPOLINE_COUNT][128];
	int err;

	*failed = -1;
	if (!skel)
		return -errno;
	skel->rodata->target_device_id = opts->device_id;
	skel->rodata->capture_max = opts->capture;
	skel->rodata->use_ringbuf = opts->ring_bytes != 0;
	err = monitor_size_ring(skel->maps.events, opts->ring_bytes);
	if (err)
		goto destroy;
	choose_hooks(plan, opts, try_trampolines, load, why);
	for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++) {
		bpf_program__set_autoload(trampolines[i].program(skel), load[i]);
		hook_set(mon, i, trampolines[i].section, load[i], why[i]);
	}
	bpf_program__set_autoload(skel->progs.rpmsg_vring_interrupt, irq_usable);
	hook_set(mon, TRAMPOLINE_COUNT, IRQ_HOOK, irq_usable, irq_reason);
	/* With fexit on get_buf the used entries are reported there, not twice. */
	skel->rodata->irq_reports_used = !(load[T_GET_BUF] || load[T_GET_BUF_CTX]);
	skel->rodata->rpmsg_sends_hooked = load[T_SEND_RAW];
	skel->rodata->rpmsg_rx_resolved = load[T_RATELIMIT];
	/* without ___ratelimit (refused, as vmlinux trampolines are on the TCG board): the table */
	skel->rodata->rpmsg_rx_by_table = !load[T_RATELIMIT] && load[T_DEV_PROBE] &&
					  load[T_EPTDEV_OPEN] && load[T_DESTROY_EPT] &&
					  (load[T_GET_BUF] || load[T_GET_BUF_CTX]) &&
					  plan->where[T_SEND_RAW];
	mon->rx_by_table = skel->rodata->rpmsg_rx_by_table;
	if (mon->rx_by_table) {
		char *r = mon->hooks[T_RATELIMIT].reason;
		size_t used = strlen(r);

		snprintf(r + used, sizeof(mon->hooks[T_RATELIMIT].reason) - used, "%s%s",
			 used ? "; " : "", "no-recipient drops from the endpoint table instead");
	}
	if (!try_trampolines && !irq_usable) {
		err = -ENOENT;
		goto destroy;
	}
	monitor_libbpf_clear();
	err = rpmsg_kernel_bpf__load(skel);
	if (err) {
		if (try_trampolines && *monitor_libbpf_failed_prog())
			*failed = trampoline_of(skel, monitor_libbpf_failed_prog());
		goto destroy;
	}
	/* One by one: a hook that cannot be attached is named, not the whole object. */
	for (unsigned int i = 0; i <= TRAMPOLINE_COUNT; i++) {
		struct bpf_program *prog = i < TRAMPOLINE_COUNT ? trampolines[i].program(skel)
								: skel->progs.rpmsg_vring_interrupt;
		struct bpf_link **slot;

		if (!bpf_program__autoload(prog))
			continue;
		slot = link_slot(skel, prog);
		*slot = bpf_program__attach(prog);
		if (!*slot) {
			err = -errno;
			*slot = NULL;
			*failed = i < TRAMPOLINE_COUNT ? (int)i : -1;
			monitor_fail(err, "cannot attach %s: %s", mon->hooks[i].name,
				     strerror(-err));
			goto destroy;
		}
	}
	*out = skel;
	return 0;

destroy:
	rpmsg_kernel_bpf__destroy(skel);
	return err;
}

/* The last path component of @path that is a virtio device ("virtio1"), into @bus. */
static bool virtio_bus_of(const char *path, char bus[RPMSG_EVENT_BUS_LEN])
{
	const char *p = path, *found = NULL;

	while ((p = strstr(p, "/virtio"))) {
		const char *d = p + 7;

		while (*d >= '0' && *d <= '9')
			d++;
		if (d > p + 7 && (*d == '/' || !*d))
			found = p + 1;
		p++;
	}
	if (!found)
		return false;
	memset(bus, 0, RPMSG_EVENT_BUS_LEN);
	for (int i = 0; i < RPMSG_EVENT_BUS_LEN - 1 && found[i] && found[i] != '/'; i++)
		bus[i] = found[i];
	return true;
}

/* Read one sysfs attribute of @dir into @buf (newline stripped). Return: true if read. */
static bool read_attr(const char *dir, const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX];
	FILE *f;
	bool ok;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return false; /* a cut path would name another file */
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

/* Each device under @top (a channel, or a /dev/rpmsgN endpoint) with its bus and addresses. */
static void each_dir(const char *top, rpmsg_bpf_channel_fn fn, void *priv)
{
	DIR *dir = opendir(top);
	struct dirent *de;

	if (!dir)
		return;
	while ((de = readdir(dir))) {
		char path[PATH_MAX], real[PATH_MAX], name[64], src[32], dst[32];
		char bus[RPMSG_EVENT_BUS_LEN];
		uint32_t s = RPMSG_BPF_ADDR_ANY, d = RPMSG_BPF_ADDR_ANY;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", top, de->d_name);
		if (!realpath(path, real) || !read_attr(path, "name", name, sizeof(name)) ||
		    !virtio_bus_of(real, bus))
			continue;
		if (read_attr(path, "src", src, sizeof(src)))
			s = (uint32_t)strtoul(src, NULL, 0);
		if (read_attr(path, "dst", dst, sizeof(dst)))
			d = (uint32_t)strtoul(dst, NULL, 0);
		fn(bus, name, s, d, priv);
	}
	closedir(dir);
}

int rpmsg_bpf_kernel_channels(rpmsg_bpf_channel_fn fn, void *priv)
{
	/* channels (their local endpoint once a driver bound), then /dev/rpmsgN endpoints */
	each_dir(RPMSG_DEVICES, fn, priv);
	each_dir("/sys/class/rpmsg", fn, priv);
	return 0;
}

struct seed_events {
	uint64_t ts_ns;
	rpmsg_bpf_event_fn fn;
	void *priv;
};

/*
 * One device as the events that named it: ept_create for its local address (src), ns_announce
 * received for its remote one (dst); RPMSG_ADDR_ANY is skipped.
 */
static void seed_channel_events(const char *bus, const char *name, uint32_t src, uint32_t dst,
				void *priv)
{
	const struct seed_events *se = priv;
	struct rpmsg_event ev;

	memset(&ev, 0, sizeof(ev));
	memcpy(ev.bus, bus, sizeof(ev.bus));
	ev.ts_ns = se->ts_ns;
	ev.role = RPMSG_EVENT_ROLE_KERNEL;
	if (src != RPMSG_BPF_ADDR_ANY) {
		ev.type = RPMSG_EV_EPT_CREATE;
		ev.ept.addr = src;
		snprintf(ev.ept.name, sizeof(ev.ept.name), "%.31s", name);
		se->fn(&ev, se->priv);
	}
	if (dst != RPMSG_BPF_ADDR_ANY) {
		memset(&ev.ept, 0, sizeof(ev.ept));
		ev.type = RPMSG_EV_NS_ANNOUNCE;
		ev.ns.addr = dst;
		ev.ns.flags = RPMSG_EVENT_NS_CREATE;
		ev.ns.direction = RPMSG_EVENT_DIR_RX;
		snprintf(ev.ns.name, sizeof(ev.ns.name), "%.31s", name);
		se->fn(&ev, se->priv);
	}
}

int rpmsg_bpf_kernel_seed_events(uint64_t ts_ns, rpmsg_bpf_event_fn fn, void *priv)
{
	struct seed_events se = {.ts_ns = ts_ns, .fn = fn, .priv = priv};

	return rpmsg_bpf_kernel_channels(seed_channel_events, &se);
}

/* A seeded event into the names map, as the program's name_learn() would have stored it. */
static void seed_name(const struct rpmsg_event *ev, void *priv)
{
	struct rpmsg_bpf_monitor *mon = priv;
	struct rpmsg_bpf_name_key key;
	struct rpmsg_bpf_name val;
	bool ns = ev->type == RPMSG_EV_NS_ANNOUNCE;

	memset(&key, 0, sizeof(key));
	memset(&val, 0, sizeof(val));
	memcpy(key.bus, ev->bus, sizeof(key.bus));
	key.role = ns ? RPMSG_EVENT_ROLE_REMOTE : RPMSG_EVENT_ROLE_KERNEL;
	key.addr = ns ? ev->ns.addr : ev->ept.addr;
	memcpy(val.name, ns ? ev->ns.name : ev->ept.name, sizeof(val.name));
	val.announced = ns;
	/* names the program learned since load are newer: keep them */
	bpf_map__update_elem(mon->names, &key, sizeof(key), &val, sizeof(val), BPF_NOEXIST);
	if (!ns && mon->ept_alive) {
		uint32_t one = 1;

		bpf_map__update_elem(mon->ept_alive, &key, sizeof(key), &one, sizeof(one), BPF_ANY);
	}
}

int rpmsg_bpf_kernel_open(const struct rpmsg_bpf_kernel_opts *opts, struct rpmsg_bpf_monitor **out)
{
	char irq_reason[128] = "", refusal[128] = "", lockdown[64];
	struct rpmsg_kernel_bpf *skel = NULL;
	struct kernel_btf kb = {0};
	struct load_plan plan = {0};
	struct rpmsg_bpf_monitor *mon;
	unsigned long long irq_addr;
	bool irq_usable, tried = false;
	const char *mode;
	int err, failed;

	err = monitor_check_open(opts->capture);
	if (err)
		return err;
	if (access(KERNEL_BTF, R_OK))
		return monitor_fail(-ENOTSUP,
				    "the kernel has no BTF (%s: %s): the kernel program "
				    "needs CONFIG_DEBUG_INFO_BTF",
				    KERNEL_BTF, strerror(errno));
	kb.vmlinux = btf__load_vmlinux_btf();
	if (!kb.vmlinux)
		return monitor_fail(-ENOTSUP, "cannot read the kernel's BTF: %s", strerror(errno));
	kernel_btf_load_modules(&kb);
	for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++)
		plan.where[i] = kernel_btf_find(&kb, trampolines[i].function);
	mon = calloc(1, sizeof(*mon));
	if (!mon) {
		kernel_btf_free(&kb);
		return monitor_fail(-ENOMEM, "out of memory");
	}

	irq_usable = kallsyms_address("vring_interrupt", &irq_addr) && irq_addr;
	if (!kallsyms_address("vring_interrupt", &irq_addr))
		snprintf(irq_reason, sizeof(irq_reason), "vring_interrupt not in this kernel");
	else if (!irq_addr)
		snprintf(irq_reason, sizeof(irq_reason),
			 "vring_interrupt's address is hidden (/proc/kallsyms shows 0 without "
			 "CAP_SYSLOG)");

	if (!opts->no_trampolines) {
		tried = true;
		/* each round names at most one refused hook; then without it */
		for (unsigned int round = 0; round <= TRAMPOLINE_COUNT; round++) {
			err = kernel_load(mon, opts, &plan, true, irq_usable, irq_reason, &skel,
					  &failed);
			if (!err || err == -EPERM || failed < 0 || plan.refused[failed])
				break;
			plan.refused[failed] = true;
			snprintf(plan.refusal[failed], sizeof(plan.refusal[failed]),
				 "refused here (%s): %.60s", strerror(-err),
				 monitor_libbpf_failed_line());
		}
		if (err) {
			mode = lockdown_mode(lockdown, sizeof(lockdown));
			if (err == -EPERM)
				snprintf(refusal, sizeof(refusal),
					 "fentry/fexit refused by the kernel (EPERM, %s)",
					 mode ? mode : "lockdown?");
			else
				snprintf(refusal, sizeof(refusal),
					 "fentry/fexit not loadable: %s (%s)", strerror(-err),
					 monitor_libbpf_warning());
		}
	}
	if (!skel) {
		err = kernel_load(mon, opts, &plan, false, irq_usable, irq_reason, &skel, &failed);
		if (err) {
			if (err == -ENOENT)
				err = monitor_fail(-ENOENT, "no kernel hook usable: %s%s%s",
						   tried ? refusal : "trampolines not requested",
						   irq_reason[0] ? "; " : "", irq_reason);
			else
				err = monitor_fail(
					err, "cannot load the kernel BPF program: %s%s%s",
					strerror(-err), *monitor_libbpf_warning() ? ": " : "",
					monitor_libbpf_warning());
			goto free_mon;
		}
		if (tried) {
			for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++)
				if (!strcmp(mon->hooks[i].reason,
					    "fentry/fexit refused by the kernel"))
					snprintf(mon->hooks[i].reason, sizeof(mon->hooks[i].reason),
						 "%s", refusal);
		}
	}
	mon->skel = skel;
	mon->destroy = kernel_destroy;
	mon->use_ring = opts->ring_bytes != 0;
	mon->on_event = opts->on_event;
	mon->priv = opts->priv;
	mon->ept_counters = skel->maps.ept_counters;
	mon->names = skel->maps.names;
	mon->ept_alive = mon->rx_by_table ? skel->maps.ept_alive : NULL;
	err = monitor_setup_maps(mon, skel->maps.stats, skel->maps.hits, skel->maps.vring_counters,
				 skel->maps.events);
	if (err)
		goto destroy;
	/* Late attach: channels and endpoints that exist already are named from sysfs. */
	rpmsg_bpf_kernel_seed_events(0, seed_name, mon);
	kernel_btf_free(&kb);
	*out = mon;
	return 0;

destroy:
	rpmsg_kernel_bpf__destroy(skel);
free_mon:
	kernel_btf_free(&kb);
	free(mon);
	return err;
}

unsigned int rpmsg_bpf_kernel_hooks(const struct rpmsg_bpf_monitor *mon,
				    const struct rpmsg_bpf_hook **hooks)
{
	*hooks = mon->hooks;
	return mon->hook_count;
}
