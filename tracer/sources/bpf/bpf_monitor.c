// SPDX-License-Identifier: MIT
/*
 * What both BPF monitors share: the error line, libbpf's log, the ring buffer and reading the
 * counter maps (summing per-CPU values). The program-specific loading is in bus_monitor.c and
 * kernel_monitor.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <rpmsg-scope/errors.h>

#include "bpf_monitor_internal.h"

static __thread char last_error[512];
static bool verbose_libbpf;
/* The last warning libbpf printed, kept to explain a failure when not verbose. */
static __thread char last_libbpf_warning[256];
/* The program the last "prog 'NAME': ..." warning named: the kernel monitor retries without it. */
static __thread char last_failed_prog[64];
static __thread char last_failed_line[256];

const char *rpmsg_bpf_last_error(void)
{
	return last_error;
}

int monitor_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err = rpmsg_error_vformat(last_error, sizeof(last_error), err, fmt, ap);
	va_end(ap);
	return err;
}

const char *monitor_libbpf_warning(void)
{
	return last_libbpf_warning;
}

const char *monitor_libbpf_failed_prog(void)
{
	return last_failed_prog;
}

const char *monitor_libbpf_failed_line(void)
{
	return last_failed_line;
}

void monitor_libbpf_clear(void)
{
	last_libbpf_warning[0] = 0;
	last_failed_prog[0] = 0;
	last_failed_line[0] = 0;
}

/* Keep the last warning, and the first program a warning names since the last clear. */
static void keep_warning(const char *fmt, va_list ap)
{
	const char *prog;
	size_t n;

	vsnprintf(last_libbpf_warning, sizeof(last_libbpf_warning), fmt, ap);
	n = strlen(last_libbpf_warning);
	if (n && last_libbpf_warning[n - 1] == '\n')
		last_libbpf_warning[n - 1] = 0;
	prog = strstr(last_libbpf_warning, "prog '");
	if (prog && !last_failed_prog[0]) {
		prog += 6;
		n = strcspn(prog, "'");
		if (n < sizeof(last_failed_prog)) {
			memcpy(last_failed_prog, prog, n);
			last_failed_prog[n] = 0;
			/* what libbpf says after "prog 'NAME': " */
			prog += n;
			prog += strspn(prog, "': ");
			snprintf(last_failed_line, sizeof(last_failed_line), "%s", prog);
		}
	}
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN) {
		va_list copy;

		va_copy(copy, ap);
		keep_warning(fmt, copy);
		va_end(copy);
	}
	if (verbose_libbpf)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void rpmsg_bpf_set_verbose(bool verbose)
{
	verbose_libbpf = verbose;
	libbpf_set_print(libbpf_print);
}

int monitor_check_open(unsigned int capture)
{
	libbpf_set_print(libbpf_print);
	if (geteuid() != 0)
		return monitor_fail(-EPERM, "BPF monitoring needs root (CAP_BPF, CAP_PERFMON and "
					    "CAP_SYS_ADMIN for uprobes): run it with sudo");
	if (capture > RPMSG_EVENT_PAYLOAD_MAX)
		return monitor_fail(-EINVAL, "capture size %u is larger than %d bytes", capture,
				    RPMSG_EVENT_PAYLOAD_MAX);
	return 0;
}

static int on_ring_record(void *priv, void *data, size_t size)
{
	struct rpmsg_bpf_monitor *mon = priv;
	struct rpmsg_event ev;

	/* Records stop after their captured payload: widen to a full, zeroed event. */
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, data, size < sizeof(ev) ? size : sizeof(ev));
	mon->delivered++;
	if (mon->on_event)
		mon->on_event(&ev, mon->priv);
	return 0;
}

int monitor_setup_maps(struct rpmsg_bpf_monitor *mon, struct bpf_map *stats, struct bpf_map *hits,
		       struct bpf_map *vring_counters, struct bpf_map *events)
{
	mon->stats = stats;
	mon->hits = hits;
	mon->vring_counters = vring_counters;
	if (!mon->use_ring)
		return 0;
	mon->rb = ring_buffer__new(bpf_map__fd(events), on_ring_record, mon, NULL);
	if (!mon->rb)
		return monitor_fail(-errno, "cannot open the BPF ring buffer: %s", strerror(errno));
	return 0;
}

int monitor_size_ring(struct bpf_map *events, size_t ring_bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = ring_bytes ? ring_bytes : page;

	if (size < page || (size & (size - 1)))
		return monitor_fail(-EINVAL, "ring buffer size %zu is not a power of two >= %zu",
				    ring_bytes, page);
	return bpf_map__set_max_entries(events, size);
}

int rpmsg_bpf_monitor_poll(struct rpmsg_bpf_monitor *mon, int timeout_ms)
{
	unsigned long long before = mon->delivered;
	int err;

	if (!mon->rb) {
		/* Counters only: nothing to consume; just wait like poll() would. */
		struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};

		if (timeout_ms > 0 && nanosleep(&ts, NULL))
			return -errno;
		return 0;
	}
	err = ring_buffer__poll(mon->rb, timeout_ms);
	if (err < 0 && err != -EINTR)
		return err;
	/*
	 * The programs do not wake the reader for every record (see event_submit()): a poll that
	 * timed out may still have records waiting.
	 */
	if (ring_buffer__consume(mon->rb) < 0 && err >= 0)
		err = -errno;
	if (err < 0)
		return err;
	return (int)(mon->delivered - before);
}

void rpmsg_bpf_monitor_close(struct rpmsg_bpf_monitor *mon)
{
	if (!mon)
		return;
	ring_buffer__free(mon->rb);
	if (mon->destroy)
		mon->destroy(mon);
	free(mon);
}

/*
 * Read every entry of a map, per-CPU values summed by @sum into one value of @value_size.
 * Entries go to a malloc'd array of {key, value} records of @key_size + @value_size bytes.
 */
static int read_map(struct bpf_map *map, size_t key_size, size_t value_size, bool percpu,
		    void (*sum)(void *total, const void *cpu_value), void **out, size_t *count)
{
	int ncpu = percpu ? libbpf_num_possible_cpus() : 1;
	size_t stride = percpu ? (value_size + 7) / 8 * 8 : value_size;
	size_t entry = key_size + value_size, n = 0, cap = 16;
	char key[256], next[256];
	char *values, *arr;
	int fd = bpf_map__fd(map);
	void *prev = NULL;

	if (ncpu < 0)
		return ncpu;
	values = malloc(stride * (size_t)ncpu);
	arr = malloc(entry * cap);
	if (!values || !arr) {
		free(values);
		free(arr);
		return -ENOMEM;
	}
	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, values))
			continue; /* deleted meanwhile */
		if (n == cap) {
			char *grown = realloc(arr, entry * cap * 2);

			if (!grown) {
				free(values);
				free(arr);
				return -ENOMEM;
			}
			arr = grown;
			cap *= 2;
		}
		memcpy(arr + n * entry, key, key_size);
		if (percpu) {
			memset(arr + n * entry + key_size, 0, value_size);
			for (int cpu = 0; cpu < ncpu; cpu++)
				sum(arr + n * entry + key_size, values + (size_t)cpu * stride);
		} else {
			memcpy(arr + n * entry + key_size, values, value_size);
		}
		n++;
	}
	free(values);
	*out = arr;
	*count = n;
	return 0;
}

static void sum_ept(void *total, const void *cpu_value)
{
	struct rpmsg_bpf_ept_counters *t = total;
	const struct rpmsg_bpf_ept_counters *c = cpu_value;

	t->tx_msgs += c->tx_msgs;
	t->tx_bytes += c->tx_bytes;
	t->rx_msgs += c->rx_msgs;
	t->rx_bytes += c->rx_bytes;
	t->drops += c->drops;
	t->tx_waits += c->tx_waits;
	t->tx_wait_ns += c->tx_wait_ns;
	t->tx_wait_failures += c->tx_wait_failures;
}

static void sum_vring(void *total, const void *cpu_value)
{
	struct rpmsg_bpf_vring_counters *t = total;
	const struct rpmsg_bpf_vring_counters *c = cpu_value;

	t->adds += c->adds;
	t->add_bytes += c->add_bytes;
	t->gets += c->gets;
	t->get_bytes += c->get_bytes;
	t->kicks += c->kicks;
	t->interrupts += c->interrupts;
	t->used_seen += c->used_seen;
	/* The newest CPU's view of the free count is the current one. */
	if (c->last_ts_ns >= t->last_ts_ns && c->last_ts_ns) {
		t->last_ts_ns = c->last_ts_ns;
		t->last_num_free = c->last_num_free;
	}
}

static int ept_key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct rpmsg_bpf_ept_key));
}

/*
 * The entry that receives what @sender sends: same bus, the other side, addresses swapped.
 * Return: false for an entry with no other side (the kernel program's).
 */
static bool receiver_key(const struct rpmsg_bpf_ept_key *sender, struct rpmsg_bpf_ept_key *out)
{
	if (sender->role != RPMSG_EVENT_ROLE_HOST && sender->role != RPMSG_EVENT_ROLE_REMOTE)
		return false;
	*out = *sender;
	out->role = !sender->role;
	out->local = sender->remote;
	out->remote = sender->local;
	return true;
}

/*
 * Receives counted at the senders (msg_recv not attached): each endpoint receives what its peer
 * entry sent, and one that only received gets an entry. The mapping sender -> receiver is one to
 * one, so an added entry is added once. @entries is sorted by key for the lookups.
 */
static int add_receives_from_senders(struct rpmsg_bpf_ept_entry **entries, size_t *count)
{
	struct rpmsg_bpf_ept_entry *e = *entries;
	size_t n = *count, added = 0;
	struct rpmsg_bpf_ept_key rx;

	if (!n)
		return 0;
	qsort(e, n, sizeof(*e), ept_key_cmp);
	for (size_t i = 0; i < n; i++)
		if (e[i].c.tx_msgs && receiver_key(&e[i].key, &rx) &&
		    !bsearch(&rx, e, n, sizeof(*e), ept_key_cmp))
			added++;
	if (added) {
		e = realloc(e, (n + added) * sizeof(*e));
		if (!e)
			return -ENOMEM;
		memset(e + n, 0, added * sizeof(*e));
		*entries = e;
	}
	added = 0;
	for (size_t i = 0; i < n; i++) {
		struct rpmsg_bpf_ept_entry *to;

		if (!e[i].c.tx_msgs || !receiver_key(&e[i].key, &rx))
			continue;
		to = bsearch(&rx, e, n, sizeof(*e), ept_key_cmp);
		if (!to) {
			to = &e[n + added++];
			to->key = rx;
		}
		to->c.rx_msgs += e[i].c.tx_msgs;
		to->c.rx_bytes += e[i].c.tx_bytes;
	}
	*count = n + added;
	return 0;
}

int rpmsg_bpf_endpoint_counters(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_ept_entry **out,
				size_t *count)
{
	int err;

	*out = NULL;
	*count = 0;
	if (!mon->ept_counters)
		return 0;
	err = read_map(mon->ept_counters, sizeof(struct rpmsg_bpf_ept_key),
		       sizeof(struct rpmsg_bpf_ept_counters), true, sum_ept, (void **)out, count);
	if (!err && mon->rx_from_senders)
		err = add_receives_from_senders(out, count);
	if (err) {
		free(*out);
		*out = NULL;
		*count = 0;
	}
	return err;
}

int rpmsg_bpf_vring_counters(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_vring_entry **out,
			     size_t *count)
{
	return read_map(mon->vring_counters, sizeof(struct rpmsg_bpf_vring_key),
			sizeof(struct rpmsg_bpf_vring_counters), true, sum_vring, (void **)out,
			count);
}

int rpmsg_bpf_names(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_name_entry **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!mon->names)
		return 0;
	return read_map(mon->names, sizeof(struct rpmsg_bpf_name_key),
			sizeof(struct rpmsg_bpf_name), false, NULL, (void **)out, count);
}

/* Sum entry @index of a per-CPU array of __u64. */
static int percpu_u64(struct bpf_map *map, __u32 index, uint64_t *total)
{
	int ncpu = libbpf_num_possible_cpus();
	__u64 *values;

	*total = 0;
	if (ncpu < 0)
		return ncpu;
	values = calloc((size_t)ncpu, sizeof(*values));
	if (!values)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(map), &index, values)) {
		free(values);
		return -errno;
	}
	for (int cpu = 0; cpu < ncpu; cpu++)
		*total += values[cpu];
	free(values);
	return 0;
}

int rpmsg_bpf_stats(struct rpmsg_bpf_monitor *mon, struct rpmsg_bpf_stats *stats)
{
	int err;

	memset(stats, 0, sizeof(*stats));
	err = percpu_u64(mon->stats, RPMSG_BPF_STAT_RB_FAILED, &stats->lost);
	if (!err)
		err = percpu_u64(mon->stats, RPMSG_BPF_STAT_MAP_FULL, &stats->map_full);
	if (!err)
		err = percpu_u64(mon->stats, RPMSG_BPF_STAT_FILTERED, &stats->filtered);
	for (__u32 t = 1; !err && t < RPMSG_EV_TYPE_COUNT; t++)
		err = percpu_u64(mon->hits, t, &stats->hits[t]);
	return err;
}

const char *rpmsg_bpf_name_of(const struct rpmsg_bpf_name_entry *names, size_t count,
			      const char *bus, uint32_t role, uint32_t addr)
{
	for (size_t i = 0; i < count; i++) {
		const struct rpmsg_bpf_name_entry *n = &names[i];

		if (n->key.role == role && n->key.addr == addr &&
		    !strncmp(n->key.bus, bus, sizeof(n->key.bus)))
			return n->v.name;
	}
	return NULL;
}
