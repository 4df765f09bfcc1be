// SPDX-License-Identifier: MIT
/* The statistics table of rpmsg-trace live (see live_report.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/event-fields.h>
#include <rpmsg-scope/text.h>

#include "event_print.h"
#include "live_report.h"

void live_report_init(struct live_report *r, struct rpmsg_bpf_monitor *mon, bool kernel, bool json)
{
	memset(r, 0, sizeof(*r));
	r->mon = mon;
	r->kernel = kernel;
	r->json = json;
	r->prev_time = rpmsg_now_s();
}

void live_report_free(struct live_report *r)
{
	free(r->prev_epts);
	free(r->prev_vrings);
	r->prev_epts = NULL;
	r->prev_vrings = NULL;
}

const char *live_endpoint_name(const struct rpmsg_bpf_name_entry *names, size_t count,
			       const char *bus, uint32_t role, uint32_t local, uint32_t remote)
{
	const char *name;

	/* The name service endpoint carries other channels' names, not its own. */
	if (local == RPMSG_NS_ADDR || remote == RPMSG_NS_ADDR)
		return "name-service";
	name = rpmsg_bpf_name_of(names, count, bus, role, local);
	if (!name && role <= RPMSG_EVENT_ROLE_KERNEL) {
		/* the kernel program keeps the other side's announced names under the remote role
		 */
		uint32_t other = role == RPMSG_EVENT_ROLE_KERNEL ? RPMSG_EVENT_ROLE_REMOTE : !role;

		name = rpmsg_bpf_name_of(names, count, bus, other, remote);
	}
	return name;
}

/*
 * The previous report's entry with @key (the first member of each of the @count entries of
 * @size bytes at @prev: rpmsg_bpf_ept_entry and rpmsg_bpf_vring_entry alike), NULL when the
 * channel is new since then.
 */
static const void *prev_entry(const void *prev, size_t count, size_t size, const void *key,
			      size_t key_size)
{
	for (size_t i = 0; i < count; i++) {
		const void *entry = (const char *)prev + i * size;

		if (!memcmp(entry, key, key_size))
			return entry;
	}
	return NULL;
}

static int u32_cmp(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

/* Both tables are ordered by bus, then side, then their own fields. */
static int bus_side_cmp(const char *bus_a, uint32_t role_a, const char *bus_b, uint32_t role_b,
			size_t bus_len)
{
	int c = strncmp(bus_a, bus_b, bus_len);

	return c ? c : u32_cmp(role_a, role_b);
}

/* Stable order: bus, side, local, remote. */
static int ept_cmp(const void *a, const void *b)
{
	const struct rpmsg_bpf_ept_key *x = &((const struct rpmsg_bpf_ept_entry *)a)->key;
	const struct rpmsg_bpf_ept_key *y = &((const struct rpmsg_bpf_ept_entry *)b)->key;
	int c = bus_side_cmp(x->bus, x->role, y->bus, y->role, sizeof(x->bus));

	if (!c)
		c = u32_cmp(x->local, y->local);
	return c ? c : u32_cmp(x->remote, y->remote);
}

/* Stable order: bus, side, virtqueue. */
static int vring_cmp(const void *a, const void *b)
{
	const struct rpmsg_bpf_vring_key *x = &((const struct rpmsg_bpf_vring_entry *)a)->key;
	const struct rpmsg_bpf_vring_key *y = &((const struct rpmsg_bpf_vring_entry *)b)->key;
	int c = bus_side_cmp(x->bus, x->role, y->bus, y->role, sizeof(x->bus));

	return c ? c : u32_cmp(x->vq, y->vq);
}

static double rate(uint64_t now, uint64_t before, double dt)
{
	return dt > 0 && now >= before ? (double)(now - before) / dt : 0;
}

static void print_endpoints(struct live_report *r, FILE *out, struct rpmsg_bpf_ept_entry *e,
			    size_t n, const struct rpmsg_bpf_name_entry *names, size_t name_count,
			    double dt)
{
	if (!r->json)
		fprintf(out, "%-12s %-6s %6s %6s %-24s %9s %10s %9s %10s %8s %8s %6s %6s\n", "BUS",
			"SIDE", "LOCAL", "REMOTE", "NAME", "TX_MSGS", "TX_BYTES", "RX_MSGS",
			"RX_BYTES", "TX/S", "RX/S", "DROPS", "WAITS");
	else
		fputs(",\"endpoints\":[", out);
	for (size_t i = 0; i < n; i++) {
		const struct rpmsg_bpf_ept_key *k = &e[i].key;
		const struct rpmsg_bpf_ept_entry *was =
			prev_entry(r->prev_epts, r->prev_ept_count, sizeof(*was), k, sizeof(*k));
		const struct rpmsg_bpf_ept_counters *c = &e[i].c, *p = was ? &was->c : NULL;
		const char *name =
			live_endpoint_name(names, name_count, k->bus, k->role, k->local, k->remote);
		double tx_rate = rate(c->tx_msgs, p ? p->tx_msgs : 0, dt);
		double rx_rate = rate(c->rx_msgs, p ? p->rx_msgs : 0, dt);

		if (!r->json) {
			/* the name is the other side's bytes: never raw to a terminal */
			char shown[RPMSG_TEXT_ESCAPED_SIZE(RPMSG_EVENT_NAME_LEN)];

			rpmsg_text_escape(shown, sizeof(shown), name ? name : "-",
					  RPMSG_EVENT_NAME_LEN);
			fprintf(out,
				"%-12.*s %-6s %6u %6u %-24s %9llu %10llu %9llu %10llu %8.0f "
				"%8.0f "
				"%6llu %6llu\n",
				RPMSG_EVENT_BUS_LEN, k->bus, rpmsg_event_role_name(k->role),
				k->local, k->remote, shown, (unsigned long long)c->tx_msgs,
				(unsigned long long)c->tx_bytes, (unsigned long long)c->rx_msgs,
				(unsigned long long)c->rx_bytes, tx_rate, rx_rate,
				(unsigned long long)c->drops, (unsigned long long)c->tx_waits);
			continue;
		}
		fputs(i ? ",{\"bus\":" : "{\"bus\":", out);
		rpmsg_json_print(out, k->bus, RPMSG_EVENT_BUS_LEN);
		fprintf(out, ",\"side\":\"%s\",\"local\":%u,\"remote\":%u,\"name\":",
			rpmsg_event_role_name(k->role), k->local, k->remote);
		if (name)
			rpmsg_json_print(out, name, RPMSG_EVENT_NAME_LEN);
		else
			fputs("null", out);
		fprintf(out,
			",\"tx_msgs\":%llu,\"tx_bytes\":%llu,\"rx_msgs\":%llu,\"rx_bytes\":%llu,"
			"\"tx_per_s\":%.1f,\"rx_per_s\":%.1f,\"drops\":%llu,\"tx_waits\":%llu,"
			"\"tx_wait_ns\":%llu,\"tx_wait_failures\":%llu}",
			(unsigned long long)c->tx_msgs, (unsigned long long)c->tx_bytes,
			(unsigned long long)c->rx_msgs, (unsigned long long)c->rx_bytes, tx_rate,
			rx_rate, (unsigned long long)c->drops, (unsigned long long)c->tx_waits,
			(unsigned long long)c->tx_wait_ns, (unsigned long long)c->tx_wait_failures);
	}
	if (r->json)
		fputc(']', out);
}

static void print_vrings(struct live_report *r, FILE *out, struct rpmsg_bpf_vring_entry *v,
			 size_t n, double dt)
{
	if (!r->json)
		fprintf(out, "%-12s %-6s %4s %9s %9s %9s %8s %9s %9s %8s\n",
			r->kernel ? "DEVICE" : "BUS", "SIDE", "VQ", "ADDS", "GETS", "KICKS", "IRQS",
			"IRQ/S", "USED", "NUM_FREE");
	else
		fputs(",\"vrings\":[", out);
	for (size_t i = 0; i < n; i++) {
		const struct rpmsg_bpf_vring_key *k = &v[i].key;
		const struct rpmsg_bpf_vring_entry *was = prev_entry(
			r->prev_vrings, r->prev_vring_count, sizeof(*was), k, sizeof(*k));
		const struct rpmsg_bpf_vring_counters *c = &v[i].c, *p = was ? &was->c : NULL;
		double irq_rate = rate(c->interrupts, p ? p->interrupts : 0, dt);

		if (!r->json) {
			fprintf(out, "%-12.*s %-6s %4u %9llu %9llu %9llu %8llu %9.0f %9llu ",
				RPMSG_EVENT_BUS_LEN, k->bus, rpmsg_event_role_name(k->role), k->vq,
				(unsigned long long)c->adds, (unsigned long long)c->gets,
				(unsigned long long)c->kicks, (unsigned long long)c->interrupts,
				irq_rate, (unsigned long long)c->used_seen);
			if (c->last_ts_ns)
				fprintf(out, "%8u\n", c->last_num_free);
			else
				fprintf(out, "%8s\n", "-");
			continue;
		}
		fputs(i ? ",{\"bus\":" : "{\"bus\":", out);
		rpmsg_json_print(out, k->bus, RPMSG_EVENT_BUS_LEN);
		fprintf(out,
			",\"side\":\"%s\",\"vq\":%u,\"adds\":%llu,\"add_bytes\":%llu,\"gets\":%llu,"
			"\"get_bytes\":%llu,\"kicks\":%llu,\"interrupts\":%llu,\"interrupts_per_"
			"s\":"
			"%.1f,\"used_seen\":%llu,\"num_free\":",
			rpmsg_event_role_name(k->role), k->vq, (unsigned long long)c->adds,
			(unsigned long long)c->add_bytes, (unsigned long long)c->gets,
			(unsigned long long)c->get_bytes, (unsigned long long)c->kicks,
			(unsigned long long)c->interrupts, irq_rate,
			(unsigned long long)c->used_seen);
		if (c->last_ts_ns)
			fprintf(out, "%u}", c->last_num_free);
		else
			fputs("null}", out);
	}
	if (r->json)
		fputc(']', out);
}

/*
 * JSON: how receives are counted (bus program) and the probe hits per event type so far: what
 * the monitoring cost the traced processes (each hit is a uprobe trap).
 */
static void print_probe_hits(const struct live_report *r, FILE *out,
			     const struct rpmsg_bpf_stats *stats)
{
	static const char *const names[] = RPMSG_EVENT_NAMES;

	if (!r->kernel)
		fprintf(out, ",\"rx_from_senders\":%s",
			rpmsg_bpf_bus_rx_from_senders(r->mon, NULL) ? "true" : "false");
	fputs(",\"probe_hits\":{", out);
	for (unsigned int t = 1; t < RPMSG_EV_TYPE_COUNT; t++)
		fprintf(out, "%s\"%s\":%llu", t > 1 ? "," : "", names[t],
			(unsigned long long)stats->hits[t]);
	fputc('}', out);
}

/* After the program's own names (newer: they win), those of the bus's directory. */
static int append_seeded(const struct live_report *r, struct rpmsg_bpf_name_entry **names,
			 size_t *count)
{
	struct rpmsg_bpf_name_entry *all =
		realloc(*names, (*count + r->seeded_count) * sizeof(*all));

	if (!all)
		return -ENOMEM;
	memcpy(all + *count, r->seeded, r->seeded_count * sizeof(*all));
	*names = all;
	*count += r->seeded_count;
	return 0;
}

int live_report_print(struct live_report *r, FILE *out, bool final)
{
	struct rpmsg_bpf_ept_entry *epts = NULL;
	struct rpmsg_bpf_vring_entry *vrings = NULL;
	struct rpmsg_bpf_name_entry *names = NULL;
	size_t ept_count = 0, vring_count = 0, name_count = 0;
	struct rpmsg_bpf_stats stats;
	double t = rpmsg_now_s(), dt = t - r->prev_time;
	int64_t wall_ns;
	int err;

	err = rpmsg_bpf_endpoint_counters(r->mon, &epts, &ept_count);
	if (!err)
		err = rpmsg_bpf_vring_counters(r->mon, &vrings, &vring_count);
	if (!err)
		err = rpmsg_bpf_names(r->mon, &names, &name_count);
	if (!err && r->seeded_count)
		err = append_seeded(r, &names, &name_count);
	if (!err)
		err = rpmsg_bpf_stats(r->mon, &stats);
	if (err) {
		fprintf(stderr, "rpmsg-trace live: reading the BPF maps: %s\n", strerror(-err));
		goto out;
	}
	/* qsort() wants a valid pointer even for no entries. */
	if (ept_count)
		qsort(epts, ept_count, sizeof(*epts), ept_cmp);
	if (vring_count)
		qsort(vrings, vring_count, sizeof(*vrings), vring_cmp);

	/* the same clock as the events' times: --messages lines and traces of them */
	wall_ns = rpmsg_wall_ns(rpmsg_now_ns());
	if (r->json) {
		/* "time" in seconds (ms) as before; "ts_ns" exact, a string as everywhere */
		fprintf(out,
			"{\"type\":\"%s\",\"program\":\"%s\",\"time\":%" PRId64 ".%03" PRId64
			",\"ts_ns\":\"%" PRId64 "\",\"lost_events\":%llu,\"map_full\":%llu,"
			"\"filtered\":%llu",
			final ? "total" : "interval", r->kernel ? "kernel" : "bus",
			wall_ns / 1000000000, wall_ns % 1000000000 / 1000000, wall_ns,
			(unsigned long long)stats.lost, (unsigned long long)stats.map_full,
			(unsigned long long)stats.filtered);
		print_probe_hits(r, out, &stats);
	} else {
		char when[RPMSG_TIME_TEXT_SIZE];

		fprintf(out, "--- [%s] %s%s: lost events %llu%s\n",
			rpmsg_time_format(when, sizeof(when), wall_ns, true, r->clock),
			r->kernel ? "kernel program" : "bus program", final ? " (totals)" : "",
			(unsigned long long)stats.lost,
			stats.map_full ? " (counter maps full: some counts missing)" : "");
	}
	if (!r->kernel || ept_count)
		print_endpoints(r, out, epts, ept_count, names, name_count, dt);
	if (r->kernel || vring_count)
		print_vrings(r, out, vrings, vring_count, dt);
	fputs(r->json ? "}\n" : "\n", out);

	free(r->prev_epts);
	free(r->prev_vrings);
	r->prev_epts = epts;
	r->prev_ept_count = ept_count;
	r->prev_vrings = vrings;
	r->prev_vring_count = vring_count;
	r->prev_time = t;
	epts = NULL;
	vrings = NULL;
out:
	free(epts);
	free(vrings);
	free(names);
	return err;
}
