// SPDX-License-Identifier: MIT
/*
 * Loading the kernel program (bpf/rpmsg_kernel.bpf.c) with every hook this kernel accepts.
 *
 * Trampoline hooks (fentry/fexit) are tried first, each only if its function is in the kernel's
 * BTF. A kernel in lockdown refuses them all at load time (EPERM, empty verifier log); the object
 * is then opened again without them. The vring_interrupt hook needs the function's address,
 * which /proc/kallsyms hides without CAP_SYSLOG; it is checked here so that a hidden address is
 * reported instead of silently matching nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf_monitor_internal.h"
#include "rpmsg_kernel.skel.h"

#define KERNEL_BTF "/sys/kernel/btf/vmlinux"
#define IRQ_HOOK   "tp_btf/irq_handler_entry (vring_interrupt)"

struct trampoline {
	const char *section; /* "fexit/virtqueue_add_inbuf" */
	const char *function;
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
PROG_GETTER(rpmsg_get_buf)
PROG_GETTER(rpmsg_notify)
PROG_GETTER(rpmsg_mbox_send)
PROG_GETTER(rpmsg_mbox_received)

static const struct trampoline trampolines[] = {
	{"fexit/virtqueue_add_inbuf", "virtqueue_add_inbuf", prog_rpmsg_add_inbuf},
	{"fexit/virtqueue_add_outbuf", "virtqueue_add_outbuf", prog_rpmsg_add_outbuf},
	{"fexit/virtqueue_add_sgs", "virtqueue_add_sgs", prog_rpmsg_add_sgs},
	{"fexit/virtqueue_get_buf_ctx", "virtqueue_get_buf_ctx", prog_rpmsg_get_buf_ctx},
	{"fexit/virtqueue_get_buf", "virtqueue_get_buf", prog_rpmsg_get_buf},
	{"fentry/virtqueue_notify", "virtqueue_notify", prog_rpmsg_notify},
	{"fentry/mbox_send_message", "mbox_send_message", prog_rpmsg_mbox_send},
	{"fentry/mbox_chan_received_data", "mbox_chan_received_data", prog_rpmsg_mbox_received},
};
#define TRAMPOLINE_COUNT (sizeof(trampolines) / sizeof(trampolines[0]))
#define GET_BUF_CTX	 3
#define GET_BUF		 4

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
	snprintf(mon->hooks[i].reason, sizeof(mon->hooks[i].reason), "%s", reason ? reason : "");
	if (i >= mon->hook_count)
		mon->hook_count = i + 1;
}

static void kernel_destroy(struct rpmsg_bpf_monitor *mon)
{
	rpmsg_kernel_bpf__destroy(mon->skel);
}

/*
 * Open and load the object; @try_trampolines selects the fentry/fexit hooks (those whose
 * function exists). Records each hook's state in @mon. Return: 0 or libbpf's error.
 */
static int kernel_load(struct rpmsg_bpf_monitor *mon, const struct rpmsg_bpf_kernel_opts *opts,
		       const struct btf *vmlinux, bool try_trampolines, bool irq_usable,
		       const char *irq_reason, struct rpmsg_kernel_bpf **out)
{
	struct rpmsg_kernel_bpf *skel = rpmsg_kernel_bpf__open();
	bool has_fn[TRAMPOLINE_COUNT], gets_loaded = false;
	int err;

	if (!skel)
		return -errno;
	skel->rodata->target_device_id = opts->device_id;
	skel->rodata->capture_max = opts->capture;
	skel->rodata->use_ringbuf = opts->ring_bytes != 0;
	err = monitor_size_ring(skel->maps.events, opts->ring_bytes);
	if (err)
		goto destroy;
	for (unsigned int i = 0; i < TRAMPOLINE_COUNT; i++) {
		const struct trampoline *t = &trampolines[i];
		bool load;
		const char *why = NULL;

		has_fn[i] = btf__find_by_name_kind(vmlinux, t->function, BTF_KIND_FUNC) >= 0;
		load = try_trampolines && has_fn[i];
		if (!has_fn[i])
			why = "function not in this kernel";
		else if (!try_trampolines)
			why = opts->no_trampolines ? "trampolines not requested"
						   : "fentry/fexit refused by the kernel";
		/* get_buf() calls get_buf_ctx(): hook it only when get_buf_ctx is missing. */
		if (i == GET_BUF && load && has_fn[GET_BUF_CTX]) {
			load = false;
			why = "covered by fexit/virtqueue_get_buf_ctx (get_buf calls it)";
		}
		if (load && (i == GET_BUF || i == GET_BUF_CTX))
			gets_loaded = true;
		bpf_program__set_autoload(t->program(skel), load);
		hook_set(mon, i, t->section, load, why);
	}
	bpf_program__set_autoload(skel->progs.rpmsg_vring_interrupt, irq_usable);
	hook_set(mon, TRAMPOLINE_COUNT, IRQ_HOOK, irq_usable, irq_reason);
	/* With fexit on get_buf the used entries are reported there, not twice. */
	skel->rodata->irq_reports_used = !gets_loaded;
	if (!try_trampolines && !irq_usable) {
		err = -ENOENT;
		goto destroy;
	}
	err = rpmsg_kernel_bpf__load(skel);
	if (err)
		goto destroy;
	*out = skel;
	return 0;

destroy:
	rpmsg_kernel_bpf__destroy(skel);
	return err;
}

int rpmsg_bpf_kernel_open(const struct rpmsg_bpf_kernel_opts *opts, struct rpmsg_bpf_monitor **out)
{
	char irq_reason[128] = "", refusal[128] = "", lockdown[64];
	struct rpmsg_kernel_bpf *skel = NULL;
	struct rpmsg_bpf_monitor *mon;
	unsigned long long irq_addr;
	bool irq_usable, tried = false;
	struct btf *vmlinux;
	const char *mode;
	int err;

	err = monitor_check_open(opts->capture);
	if (err)
		return err;
	if (access(KERNEL_BTF, R_OK))
		return monitor_fail(-ENOTSUP,
				    "the kernel has no BTF (%s: %s): the kernel program "
				    "needs CONFIG_DEBUG_INFO_BTF",
				    KERNEL_BTF, strerror(errno));
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux)
		return monitor_fail(-ENOTSUP, "cannot read the kernel's BTF: %s", strerror(errno));
	mon = calloc(1, sizeof(*mon));
	if (!mon) {
		btf__free(vmlinux);
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
		err = kernel_load(mon, opts, vmlinux, true, irq_usable, irq_reason, &skel);
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
		err = kernel_load(mon, opts, vmlinux, false, irq_usable, irq_reason, &skel);
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
	err = rpmsg_kernel_bpf__attach(skel);
	if (err) {
		err = monitor_fail(err, "cannot attach the kernel BPF program: %s", strerror(-err));
		goto destroy;
	}
	mon->use_ring = opts->ring_bytes != 0;
	mon->on_event = opts->on_event;
	mon->priv = opts->priv;
	err = monitor_setup_maps(mon, skel->maps.stats, skel->maps.hits, skel->maps.vring_counters,
				 skel->maps.events);
	if (err)
		goto destroy;
	btf__free(vmlinux);
	*out = mon;
	return 0;

destroy:
	rpmsg_kernel_bpf__destroy(skel);
free_mon:
	btf__free(vmlinux);
	free(mon);
	return err;
}

unsigned int rpmsg_bpf_kernel_hooks(const struct rpmsg_bpf_monitor *mon,
				    const struct rpmsg_bpf_hook **hooks)
{
	*hooks = mon->hooks;
	return mon->hook_count;
}
