// SPDX-License-Identifier: MIT
/* The options and hook description shared by the BPF commands (see bpf_options.h). */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include <rpmsg-scope/numbers.h>

#include "bpf_options.h"
#include "bus_seed.h"

void rpmsg_bpf_options_init(struct rpmsg_bpf_options *o, size_t ring_bytes)
{
	*o = (struct rpmsg_bpf_options){
		.endpoint = RPMSG_BPF_ADDR_ANY,
		.device_id = 7,
		.capture = 64,
		.ring_bytes = ring_bytes,
	};
}

int rpmsg_bpf_apply_endpoint(const struct rpmsg_option_set *set, const struct rpmsg_option *opt,
			     const char *label, const char *value, void *dest)
{
	struct rpmsg_bpf_options *o = (void *)((char *)dest + opt->offset);

	switch (rpmsg_parse_endpoint(value, &o->endpoint)) {
	case 1:
		o->endpoint_name = NULL;
		return 0;
	case 0:
		o->endpoint_name = value;
		return 0;
	default:
		return rpmsg_option_refuse(set, label, value,
					   "invalid endpoint (an address or a channel name)");
	}
}

struct endpoint_lookup {
	const char *name;
	uint32_t addr;
};

static void find_endpoint(const struct rpmsg_monitor_snapshot *snap, void *priv)
{
	struct endpoint_lookup *l = priv;

	for (uint32_t i = 0; i < snap->channel_count && l->addr == RPMSG_BPF_ADDR_ANY; i++)
		if (!strncmp(snap->channels[i].name, l->name, sizeof(snap->channels[i].name)))
			l->addr = snap->channels[i].local_addr;
}

int rpmsg_bpf_options_check(struct rpmsg_bpf_options *o, const char *tool)
{
	struct endpoint_lookup l;

	if (o->kernel && (o->pid || o->bus || o->lib)) {
		fprintf(stderr,
			"%s: --pid, --bus and --lib apply to the bus program, not --kernel\n",
			tool);
		return -EINVAL;
	}
	if (!o->endpoint_name)
		return 0;
	/* The programs filter on an address: the first endpoint of that name in the directory. */
	l = (struct endpoint_lookup){.name = o->endpoint_name, .addr = RPMSG_BPF_ADDR_ANY};
	rpmsg_bus_seed_each(o->bus, find_endpoint, &l);
	if (l.addr == RPMSG_BPF_ADDR_ANY) {
		fprintf(stderr, "%s: no endpoint named '%s' on %s%s\n", tool, o->endpoint_name,
			o->bus ? "bus " : "any bus", o->bus ? o->bus : "");
		return -EINVAL;
	}
	o->endpoint = l.addr;
	return 0;
}

void rpmsg_bpf_options_usage(FILE *out, size_t ring_bytes)
{
	fprintf(out,
		"  -k, --kernel          the kernel's virtio rings instead of librpmsgbus\n"
		"      --device-id ID    kernel: virtio device type to watch (default 7, rpmsg)\n"
		"  -p, --pid PID         only this process (bus program)\n"
		"  -e, --endpoint EPT    only messages from or to this endpoint (address or name)\n"
		"      --bus NAME        only this bus\n"
		"  -c, --capture BYTES   payload bytes captured per message (default 64, max %d)\n"
		"      --duration SEC    stop after SEC seconds (default: until Ctrl-C)\n"
		"      --ring-size BYTES ring buffer size, a power of two (default %zu)\n"
		"      --lib PATH        the librpmsgbus whose probes to attach (default: found)\n"
		"  -v, --verbose         show libbpf's messages\n"
		"  -h, --help            this text\n",
		RPMSG_EVENT_PAYLOAD_MAX, ring_bytes);
}

/* Each kernel hook and why it is not active, then which ones the monitor runs on. */
static void print_hooks(struct rpmsg_bpf_monitor *mon, uint32_t device_id, const char *tool)
{
	const struct rpmsg_bpf_hook *hooks;
	unsigned int n = rpmsg_bpf_kernel_hooks(mon, &hooks), active = 0;
	const char *refusal = NULL;
	bool irq_only = true;

	for (unsigned int i = 0; i < n; i++) {
		fprintf(stderr, "%s: %-45s %s%s%s\n", tool, hooks[i].name,
			hooks[i].active ? "active" : "inactive", hooks[i].reason[0] ? ": " : "",
			hooks[i].reason);
		if (hooks[i].active) {
			active++;
			if (strncmp(hooks[i].name, "tp_btf/", 7))
				irq_only = false;
		} else if (!refusal && strstr(hooks[i].reason, "refused")) {
			refusal = hooks[i].reason;
		}
	}
	if (active && irq_only)
		fprintf(stderr, "%s: %s: using vring_interrupt only (virtio device id %u)\n", tool,
			refusal ? refusal : "no trampoline hook available", device_id);
	else
		fprintf(stderr, "%s: %u hooks active (virtio device id %u)\n", tool, active,
			device_id);
}

/*
 * The library attached to, how receives are counted when counting them at the senders was asked
 * for, and each requested probe the library lacks (its events are not seen).
 */
static void print_probes(struct rpmsg_bpf_monitor *mon, const struct rpmsg_bpf_options *o,
			 const char *tool)
{
	static const char *const names[] = RPMSG_EVENT_NAMES;
	uint32_t missing = rpmsg_bpf_bus_missing(mon);
	const char *why_not;

	fprintf(stderr, "%s: attached to %s%s\n", tool, rpmsg_bpf_bus_library(mon),
		o->pid ? " (one process)" : "");
	if (rpmsg_bpf_bus_rx_from_senders(mon, &why_not))
		fprintf(stderr,
			"%s: receives counted from the senders' msg_send: one probe hit per "
			"message\n",
			tool);
	else if (o->rx_from_senders && *why_not)
		fprintf(stderr, "%s: receives counted at the receivers (msg_recv): %s\n", tool,
			why_not);
	for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
		if (missing & RPMSG_BPF_EVENT_BIT(t))
			fprintf(stderr,
				"%s: note: no probe rpmsg:%s in that library: its events are not "
				"seen\n",
				tool, names[t]);
}

int rpmsg_bpf_attach(const struct rpmsg_bpf_options *o, size_t ring_bytes, uint32_t events,
		     rpmsg_bpf_event_fn on_event, void *priv, struct rpmsg_bpf_monitor **out)
{
	rpmsg_bpf_set_verbose(o->verbose);
	if (o->kernel) {
		struct rpmsg_bpf_kernel_opts k = {
			.device_id = o->device_id,
			.capture = o->capture,
			.ring_bytes = ring_bytes,
			.on_event = on_event,
			.priv = priv,
		};

		return rpmsg_bpf_kernel_open(&k, out);
	}
	struct rpmsg_bpf_bus_opts b = {
		.lib_path = o->lib,
		.pid = o->pid,
		.bus = o->bus,
		.endpoint = o->endpoint,
		.capture = o->capture,
		.ring_bytes = ring_bytes,
		.events = events,
		.rx_from_senders = o->rx_from_senders,
		.on_event = on_event,
		.priv = priv,
	};

	return rpmsg_bpf_bus_open(&b, out);
}

int rpmsg_bpf_open(const struct rpmsg_bpf_options *o, size_t ring_bytes, uint32_t events,
		   rpmsg_bpf_event_fn on_event, void *priv, const char *tool,
		   struct rpmsg_bpf_monitor **out)
{
	int err = rpmsg_bpf_attach(o, ring_bytes, events, on_event, priv, out);

	if (err)
		fprintf(stderr, "%s: %s\n", tool, rpmsg_bpf_last_error());
	else if (o->kernel)
		print_hooks(*out, o->device_id, tool);
	else
		print_probes(*out, o, tool);
	return err;
}

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void rpmsg_bpf_stop_on_signals(void)
{
	struct sigaction sa = {.sa_handler = on_stop_signal};

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool rpmsg_bpf_stop_requested(void)
{
	return stop_requested;
}
