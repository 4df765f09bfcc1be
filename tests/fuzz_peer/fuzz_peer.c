// SPDX-License-Identifier: MIT
/*
 * fuzz-peer: a seeded hostile-peer campaign against librpmsgbus (issue 9, "Keep finding them").
 *
 * Each round forks a real host and a real remote (each its own process, each with its own bus
 * object, threaded, futex or socket doorbell) that exchange sequence-numbered, checksummed
 * messages, and a third process, the adversary, that maps /dev/shm/rpmsg-<name> the way a
 * foreign peer would (tests/bus/shm_view) and writes adversarial values into the vrings
 * (descriptors, avail/used indices and entries), rpmsg headers, injected name-service messages,
 * the control block and the channel directories, or truncates the file, while traffic flows.
 * The campaign process itself holds no bus and no thread, so forking it is safe.
 *
 * Every write is either STRUCTURAL (a value no honest peer can write: an index beyond the ring,
 * an address outside the carve-out, a length beyond the buffer, a name without NUL...) or
 * PLAUSIBLE (an in-range value an honest peer could have written: virtio cannot tell a lie of
 * that kind from the truth). A round is "plausible" if any of its writes was.
 *
 * Checked per round, on both real sides:
 * - crash: the side died of a signal or exited with an unexpected code;
 * - hang: it did not exit within the round's deadline (then it is killed);
 * - sanitizer: its stderr holds an ASan/UBSan/LSan report (halt_on_error makes it exit too);
 * - garbage: a callback received bytes that are not one of the messages sent (magic, length,
 *   FNV-1a checksum and the (stream, seq) pattern tell) in a round with only structural writes;
 *   garbage after plausible writes is counted apart ("lies"), it is not a bus bug;
 * - silent: the side's bus says -EIO with an empty reason (a corrupted bus must say why).
 * A side whose bus reports -EIO with a reason counts as "broken with reason".
 *
 * Usage: fuzz-peer [--seed S] [--rounds N | --minutes M] [--replay ROUNDSEED]...
 *                  [--no CLASS]... [--keep DIR]
 * Prints one line per bad round (with the round seed that replays it) and a summary; exits 1
 * if any round crashed, hung, tripped a sanitizer, delivered garbage or broke silently.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "carveout.h"
#include "harness.h"
#include "shm_view.h"

#define MSG_MAGIC     0x4d505a46u /* "FZPM" */
#define WORKLOAD_MS   1500	  /* each side sends and receives for at most this long */
#define SETTLE_MS     50	  /* traffic after the adversary's last write */
#define ROUND_WAIT_MS 60000	  /* a side still running after this has hung (ASan is slow) */

/* The adversary's kinds of writes; --no CLASS leaves one out. */
enum mut_class {
	MUT_AVAIL,
	MUT_USED,
	MUT_DESC,
	MUT_HDR,
	MUT_NS,
	MUT_CTRL,
	MUT_DIR,
	MUT_TRUNCATE,
	MUT_NCLASSES
};

static const char *const class_names[MUT_NCLASSES] = {
	"avail", "used", "desc", "hdr", "ns", "ctrl", "dir", "truncate",
};

/* One side's outcome, written by that side into memory shared with the campaign. */
struct side_result {
	atomic_uint rx_valid;
	atomic_uint rx_garbage;
	int status;	  /* rpmsg_bus_status() before close */
	char error[160];  /* rpmsg_bus_error() before close */
	char garbage[96]; /* what the first garbage looked like */
	int done;
	uint32_t sent;
};

struct round_shared {
	atomic_uint addr[2]; /* each side's endpoint address, 0 until it exists */
	struct side_result side[2];
	unsigned int mut_count[MUT_NCLASSES];
	bool plausible;
	atomic_int adversary_done; /* the adversary wrote its last value (or died) */
};

struct round {
	uint64_t seed;
	char bus[RPMSG_BUS_NAME_MAX];
	char socket_path[108];
	enum rpmsg_mbox_kind mbox;
	unsigned int class_mask;
};

static struct round_shared *rs;
static struct round cur;
static unsigned int round_wait_ms = ROUND_WAIT_MS;

/*
 * --plant KIND: the remote side misbehaves on purpose, so a test can show that each detector
 * sees what it is meant to see (a checker that never fires proves nothing).
 */
static enum { PLANT_NONE, PLANT_GARBAGE, PLANT_CRASH, PLANT_HANG, PLANT_SANITIZER } plant;

/* splitmix64: small, seedable, good enough to pick mutations. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(rng_next(s) % n) : 0;
}

/* --- messages: header (magic, stream, seq, len, fnv) then the (stream, seq) pattern --- */

struct msg_head {
	uint32_t magic, stream, seq, len, fnv;
};

static size_t make_msg(uint8_t *buf, size_t max, uint32_t stream, uint32_t seq, uint64_t *rng)
{
	struct msg_head h = {.magic = MSG_MAGIC, .stream = stream, .seq = seq};
	size_t len = sizeof(h) + rng_below(rng, (uint32_t)(max - sizeof(h)) + 1);

	test_fill_pattern(buf + sizeof(h), len - sizeof(h), stream, seq);
	h.len = (uint32_t)len;
	h.fnv = test_fnv1a(buf + sizeof(h), len - sizeof(h));
	memcpy(buf, &h, sizeof(h));
	return len;
}

static bool msg_valid(const void *data, size_t len, uint32_t stream)
{
	struct msg_head h;

	if (len < sizeof(h))
		return false;
	memcpy(&h, data, sizeof(h));
	return h.magic == MSG_MAGIC && h.stream == stream && h.len == len &&
	       h.fnv == test_fnv1a((const uint8_t *)data + sizeof(h), len - sizeof(h)) &&
	       test_pattern_matches((const uint8_t *)data + sizeof(h), len - sizeof(h), stream,
				    h.seq);
}

/* Stream 0: remote to host; stream 1: host to remote. The receiver checks its stream. */
static int on_rx(struct side_result *r, uint32_t stream, const void *data, size_t len)
{
	if (msg_valid(data, len, stream)) {
		atomic_fetch_add(&r->rx_valid, 1);
		return 0;
	}
	if (atomic_fetch_add(&r->rx_garbage, 1) == 0) {
		const uint8_t *b = data;
		int n = snprintf(r->garbage, sizeof(r->garbage), "len %zu:", len);

		for (size_t i = 0; i < len && i < 24 && n < (int)sizeof(r->garbage) - 3; i++)
			n += snprintf(r->garbage + n, sizeof(r->garbage) - n, " %02x", b[i]);
	}
	return 0;
}

static int host_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	return on_rx(&rs->side[RPMSG_ROLE_HOST], 0, data, len);
}

static int remote_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	return on_rx(&rs->side[RPMSG_ROLE_REMOTE], 1, data, len);
}

/* The remote's "fz" announcement binds this driver: channel code runs, the workload does not
 * depend on the channel (an injected DESTROY may take it away at any time). */
static int host_probe(struct rpmsg_channel *ch)
{
	return 0;
}

/*
 * Send sequence-numbered messages (a burst, then a millisecond's pause, while the ring has room)
 * and count what arrives, from before the adversary's first write until SETTLE_MS after its
 * last, or until the bus breaks or WORKLOAD_MS pass. The other side's address comes through rs.
 */
static void run_workload(struct rpmsg_bus *bus, struct rpmsg_endpoint *ept, enum rpmsg_role role)
{
	uint64_t rng = cur.seed ^ (role + 1);
	uint8_t buf[RPMSG_DEFAULT_BUF_SIZE - sizeof(struct rpmsg_hdr)];
	uint64_t end = test_deadline(WORKLOAD_MS + 5000), settle = 0;
	uint32_t seq = 0, dst;

	atomic_store(&rs->addr[role], rpmsg_ept_addr(ept));
	while (!(dst = atomic_load(&rs->addr[!role])) && !test_expired(end) &&
	       rpmsg_bus_status(bus) == 0)
		test_sleep_ms(1);
	end = test_deadline(WORKLOAD_MS);
	while (dst && !test_expired(end) && rpmsg_bus_status(bus) == 0 &&
	       !(settle && test_expired(settle))) {
		for (int burst = 0; burst < 8; burst++) {
			uint64_t mrng = rng ^ seq;
			size_t len =
				make_msg(buf, sizeof(buf), role == RPMSG_ROLE_HOST, seq, &mrng);
			int rc;

			if (plant == PLANT_GARBAGE && role == RPMSG_ROLE_REMOTE && seq == 5)
				buf[len - 1] ^= 0x20; /* a valid header, a wrong byte */
			rc = rpmsg_trysendto(ept, buf, len, dst);

			if (rc)
				break;
			seq++;
		}
		if (!settle && atomic_load(&rs->adversary_done))
			settle = test_deadline(SETTLE_MS);
		test_sleep_ms(1);
	}
	rs->side[role].sent = seq;
}

static void record_and_close(struct rpmsg_bus *bus, enum rpmsg_role role)
{
	struct side_result *r = &rs->side[role];

	r->status = rpmsg_bus_status(bus);
	snprintf(r->error, sizeof(r->error), "%s", rpmsg_bus_error(bus));
	rpmsg_bus_close(bus);
	r->done = 1;
}

static void config(struct rpmsg_bus_config *cfg, enum rpmsg_role role)
{
	rpmsg_bus_config_init(cfg, cur.bus, role);
	cfg->mbox = cur.mbox;
	cfg->socket_path = cur.mbox == RPMSG_MBOX_SOCKET ? cur.socket_path : NULL;
	cfg->tx_timeout_ms = 500;
	cfg->attach_timeout_ms = 10000;
}

/* One real side: open, (host) bind the driver, exchange messages, record the verdict, close. */
static int side_main(enum rpmsg_role role)
{
	struct rpmsg_driver drv = {.name = "fz", .probe = host_probe, .callback = host_cb};
	struct rpmsg_endpoint *ept = NULL;
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	int rc;

	config(&cfg, role);
	rc = rpmsg_bus_open(&cfg, &bus);
	if (rc) {
		/* the adversary may have broken the carve-out before we attached: a clear error */
		fprintf(stderr, "%s: open: %s\n", role ? "remote" : "host", rpmsg_last_error());
		rs->side[role].status = rc;
		snprintf(rs->side[role].error, sizeof(rs->side[role].error), "open: %s",
			 rpmsg_last_error());
		rs->side[role].done = 1;
		return 0;
	}
	if (role == RPMSG_ROLE_HOST) {
		rc = rpmsg_register_driver(bus, &drv);
		if (!rc)
			rc = rpmsg_create_ept(bus, "fzh", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, host_cb,
					      NULL, &ept);
	} else {
		rc = rpmsg_create_ept(bus, "fz", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remote_cb, NULL,
				      &ept);
		if (!rc)
			rc = rpmsg_announce(ept);
	}
	if (!rc)
		run_workload(bus, ept, role);
	if (role == RPMSG_ROLE_REMOTE && plant == PLANT_CRASH)
		raise(SIGSEGV);
	while (role == RPMSG_ROLE_REMOTE && plant == PLANT_HANG)
		pause();
	if (role == RPMSG_ROLE_REMOTE && plant == PLANT_SANITIZER) {
		/* a heap read one past the end: only the sanitizer tree's test plants this */
		int *volatile p = malloc(4 * sizeof(int));
		volatile int x = p[4];

		(void)x;
		free(p);
	}
	record_and_close(bus, role);
	return 0;
}

/* --- the adversary: a third process writing what a hostile peer could write --- */

struct adversary {
	struct shm_view v;
	struct rpmsg_control *ctrl; /* NULL if the carve-out is too small for one */
	uint64_t rng;
	size_t buf_offset;
	unsigned int buf_count, buf_size;
};

static void count(enum mut_class c, bool plausible)
{
	rs->mut_count[c]++;
	if (plausible)
		rs->plausible = true;
}

/* A 16-bit ring index at least num + 1 away from @now in both directions: no honest value. */
static uint16_t far_index(struct adversary *a, uint16_t now)
{
	return (uint16_t)(now + a->v.num + 1 + rng_below(&a->rng, 65536 - 2 * a->v.num - 1));
}

static void mut_avail(struct adversary *a)
{
	struct vring *vr = &a->v.vr[a->rng & 1];
	bool plausible = rng_below(&a->rng, 2);

	if (rng_below(&a->rng, 2)) {
		uint16_t now = __atomic_load_n(&vr->avail->idx, __ATOMIC_ACQUIRE);
		uint16_t bad =
			plausible ? (uint16_t)(now + 1 + rng_below(&a->rng, 2)) : far_index(a, now);

		__atomic_store_n(&vr->avail->idx, bad, __ATOMIC_RELEASE);
	} else {
		uint16_t *e = &vr->avail->ring[rng_below(&a->rng, a->v.num)];

		*e = plausible ? rng_below(&a->rng, a->v.num)
			       : a->v.num + rng_below(&a->rng, 65536 - a->v.num);
	}
	count(MUT_AVAIL, plausible);
}

static void mut_used(struct adversary *a)
{
	struct vring *vr = &a->v.vr[a->rng & 1];
	bool plausible = rng_below(&a->rng, 2);
	struct vring_used_elem *e = &vr->used->ring[rng_below(&a->rng, a->v.num)];

	switch (rng_below(&a->rng, 3)) {
	case 0: {
		uint16_t now = __atomic_load_n(&vr->used->idx, __ATOMIC_ACQUIRE);
		uint16_t bad = plausible ? (uint16_t)(now + 1) : far_index(a, now);

		__atomic_store_n(&vr->used->idx, bad, __ATOMIC_RELEASE);
		break;
	}
	case 1:
		e->id = plausible ? rng_below(&a->rng, a->v.num)
				  : a->v.num +
					    (uint32_t)(rng_next(&a->rng) % (UINT32_MAX - a->v.num));
		break;
	default:
		e->len = plausible ? rng_below(&a->rng, a->buf_size + 1)
				   : a->buf_size + 1 +
					     (uint32_t)(rng_next(&a->rng) %
							(UINT32_MAX - a->buf_size));
		break;
	}
	count(MUT_USED, plausible);
}

static void mut_desc(struct adversary *a)
{
	struct vring_desc *d = &a->v.vr[a->rng & 1].desc[rng_below(&a->rng, a->v.num)];
	bool plausible = false;

	switch (rng_below(&a->rng, 5)) {
	case 0: /* outside the carve-out, or crossing its end */
		switch (rng_below(&a->rng, 4)) {
		case 0:
			d->addr = a->v.pa_base - 1 - rng_below(&a->rng, 1u << 20);
			break;
		case 1:
			d->addr = a->v.pa_base + a->v.size + rng_below(&a->rng, 1u << 20);
			break;
		case 2:
			d->addr =
				a->v.pa_base + a->v.size - 1 - rng_below(&a->rng, a->buf_size / 2);
			break;
		default:
			d->addr = rng_next(&a->rng);
			break;
		}
		break;
	case 1: /* somewhere inside: a lie the device cannot see through */
		d->addr = a->v.pa_base + rng_below(&a->rng, (uint32_t)(a->v.size - a->buf_size));
		plausible = true;
		break;
	case 2:
		d->len = rng_below(&a->rng, 2) ? UINT32_MAX : (uint32_t)a->v.size + 1;
		break;
	case 3:
		d->flags = (uint16_t)rng_next(&a->rng);
		break;
	default:
		d->flags |= VRING_DESC_F_NEXT;
		d->next = (uint16_t)rng_next(&a->rng);
		break;
	}
	count(MUT_DESC, plausible);
}

static struct rpmsg_hdr *buffer_hdr(struct adversary *a, unsigned int b)
{
	return (struct rpmsg_hdr *)(a->v.base + a->buf_offset + (size_t)b * a->buf_size);
}

static void mut_hdr(struct adversary *a)
{
	struct rpmsg_hdr *h = buffer_hdr(a, rng_below(&a->rng, a->buf_count));

	switch (rng_below(&a->rng, 4)) {
	case 0: /* longer than any buffer: must be dropped */
		h->len = (uint16_t)(a->buf_size - sizeof(*h) + 1 +
				    rng_below(&a->rng, 65536 - (a->buf_size - sizeof(*h)) - 1));
		break;
	case 1:
		h->dst = rng_below(&a->rng, 2) ? RPMSG_NS_ADDR : (uint32_t)rng_next(&a->rng);
		break;
	case 2:
		h->src = (uint32_t)rng_next(&a->rng);
		break;
	default:
		h->flags = (uint16_t)rng_next(&a->rng);
		h->reserved = (uint32_t)rng_next(&a->rng);
		break;
	}
	/* src/dst/flags leave the payload intact: a misrouted valid message is not garbage */
	count(MUT_HDR, false);
}

/* A name-service message as the peer would send it, published like the peer would. */
static void mut_ns(struct adversary *a)
{
	static const char *const names[] = {"fz", "fzh", "rpmsg-tty", "\x1b[2J\x1b]0;pwned\a"};
	int vq = a->rng & 1; /* 0: a fake remote sends to the host; 1: a fake host to the remote */
	struct vring *vr = &a->v.vr[vq];
	struct rpmsg_ns_msg ns;
	struct rpmsg_hdr hdr = {
		.src = (uint32_t)rng_next(&a->rng), .dst = RPMSG_NS_ADDR, .len = sizeof(ns)};
	uint16_t idx, head;
	void *buf;

	memset(&ns, 0, sizeof(ns));
	switch (rng_below(&a->rng, 4)) {
	case 0:
		snprintf(ns.name, sizeof(ns.name), "%s",
			 names[rng_below(&a->rng, sizeof(names) / sizeof(names[0]))]);
		break;
	case 3: /* the live channel itself: a DESTROY (or a second CREATE) of "fz" */
		snprintf(ns.name, sizeof(ns.name), "fz");
		break;
	case 1:
		memset(ns.name, 'A' + rng_below(&a->rng, 26), sizeof(ns.name)); /* no NUL */
		break;
	default:
		for (size_t i = 0; i < sizeof(ns.name); i++)
			ns.name[i] = (char)rng_next(&a->rng);
		break;
	}
	switch (rng_below(&a->rng, 4)) {
	case 0:
		ns.addr = atomic_load(&rs->addr[!strcmp(ns.name, "fz") || rng_below(&a->rng, 2)]);
		break;
	case 1:
		ns.addr = RPMSG_NS_ADDR;
		break;
	case 2:
		ns.addr = RPMSG_ADDR_ANY;
		break;
	default:
		ns.addr = (uint32_t)rng_next(&a->rng);
		break;
	}
	ns.flags = rng_below(&a->rng, 4) ? rng_below(&a->rng, 2) : (uint32_t)rng_next(&a->rng);

	if (vq == 0) { /* take the next RX buffer the host offered, fill it, mark it used */
		idx = __atomic_load_n(&vr->used->idx, __ATOMIC_ACQUIRE);
		head = vr->avail->ring[idx % a->v.num];
	} else { /* put one of the host's TX buffers in the remote's avail ring */
		idx = __atomic_load_n(&vr->avail->idx, __ATOMIC_ACQUIRE);
		head = (uint16_t)rng_below(&a->rng, a->v.num);
	}
	if (head >= a->v.num)
		return;
	buf = shm_view_translate(&a->v, vr->desc[head].addr, sizeof(hdr) + sizeof(ns));
	if (!buf)
		return;
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy((uint8_t *)buf + sizeof(hdr), &ns, sizeof(ns));
	if (vq == 0) {
		vr->used->ring[idx % a->v.num].id = head;
		vr->used->ring[idx % a->v.num].len = sizeof(hdr) + sizeof(ns);
		__atomic_store_n(&vr->used->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
	} else {
		vr->desc[head].len = sizeof(hdr) + sizeof(ns);
		vr->avail->ring[idx % a->v.num] = head;
		__atomic_store_n(&vr->avail->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
	}
	count(MUT_NS, true);
}

static void fill_unterminated(char *s, size_t n, uint64_t *rng)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (char)(rng_below(rng, 4) ? 'a' + rng_below(rng, 26) : rng_below(rng, 32));
}

static void mut_ctrl(struct adversary *a)
{
	/* the plain 32-bit fields, in the order of their mutation numbers 0..6 (seeds replay) */
	static const size_t fields[] = {
		offsetof(struct rpmsg_control, magic),	   offsetof(struct rpmsg_control, version),
		offsetof(struct rpmsg_control, size),	   offsetof(struct rpmsg_control, mbox),
		offsetof(struct rpmsg_control, buf_count), offsetof(struct rpmsg_control, buf_size),
		offsetof(struct rpmsg_control, buf_offset)};
	struct rpmsg_control *c = a->ctrl;
	uint32_t r = (uint32_t)rng_next(&a->rng);
	uint32_t which = rng_below(&a->rng, 12);

	if (which < sizeof(fields) / sizeof(fields[0])) {
		memcpy((char *)c + fields[which], &r, sizeof(r));
		count(MUT_CTRL, false);
		return;
	}
	switch (which) {
	case 7:
		c->remote_state = rng_below(&a->rng, 2) ? RPMSG_REMOTE_DETACHED : r;
		break;
	case 8:
		c->broken_by = r;
		fill_unterminated(c->broken, sizeof(c->broken), &a->rng);
		break;
	case 9:
		fill_unterminated(c->bus_name, sizeof(c->bus_name), &a->rng);
		break;
	case 10:
		__atomic_store_n(&c->to_host.pending, r, __ATOMIC_RELEASE);
		__atomic_fetch_add(&c->to_host.seq, 1, __ATOMIC_RELEASE);
		break;
	default:
		__atomic_store_n(&c->to_remote.pending, r, __ATOMIC_RELEASE);
		__atomic_store_n(&c->to_remote.sleeping, r, __ATOMIC_RELEASE);
		break;
	}
	count(MUT_CTRL, false);
}

static void mut_dir(struct adversary *a)
{
	struct rpmsg_directory *d = &a->ctrl->directory[a->rng & 1];
	struct rpmsg_dir_entry *e = &d->entries[rng_below(&a->rng, RPMSG_MONITOR_MAX_CHANNELS)];

	switch (rng_below(&a->rng, 5)) {
	case 0:
		d->count = rng_below(&a->rng, 2) ? 0x40000000u : (uint32_t)rng_next(&a->rng);
		break;
	case 1:
		d->seq = (uint32_t)rng_next(&a->rng);
		break;
	case 2:
		fill_unterminated(e->name, sizeof(e->name), &a->rng);
		break;
	case 3:
		e->local_addr = (uint32_t)rng_next(&a->rng);
		e->remote_addr = (uint32_t)rng_next(&a->rng);
		break;
	default:
		e->in_use = (uint32_t)rng_next(&a->rng);
		e->origin = (uint32_t)rng_next(&a->rng);
		break;
	}
	count(MUT_DIR, false);
}

/* Shrink the file under both sides; the mapping is not touched again afterwards. */
static void mut_truncate(struct adversary *a)
{
	char path[160];
	uint32_t size;
	int fd;

	snprintf(path, sizeof(path), "/dev/shm%s%s", RPMSG_SHM_PREFIX, cur.bus);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return;
	size = rng_below(&a->rng, 2) ? 8192 : rng_below(&a->rng, (uint32_t)a->v.size);
	if (ftruncate(fd, (off_t)size))
		fprintf(stderr, "adversary: ftruncate %s: %s\n", path, strerror(errno));
	close(fd);
	/*
	 * Pages past the new end are gone (SIGBUS: the bus must say "truncated"), but the rest of
	 * the last page stays mapped and reads as zeros: to a reader that is the peer zeroing the
	 * tail of a buffer it owns, a lie no check can see (seed c4b7b5451138affc, plain tree).
	 */
	count(MUT_TRUNCATE, size % (uint32_t)sysconf(_SC_PAGESIZE) != 0);
}

static bool sides_done(void)
{
	return rs->side[0].done || rs->side[1].done;
}

static int adversary_writes(void)
{
	struct adversary a = {.rng = cur.seed ^ 0xadu};
	unsigned int writes = 1 + rng_below(&a.rng, 6);
	bool late = rng_below(&a.rng, 4) == 0;
	uint64_t end = test_deadline(WORKLOAD_MS + 5000);
	unsigned int enabled[MUT_NCLASSES], n = 0;

	for (int c = 0; c < MUT_NCLASSES; c++)
		if (cur.class_mask & (1u << c))
			enabled[n++] = c;
	if (!n)
		return 0;
	/* start once both sides have endpoints, or early (during the handshake) now and then */
	if (rng_below(&a.rng, 4))
		while (!(atomic_load(&rs->addr[0]) && atomic_load(&rs->addr[1])) && !sides_done() &&
		       !test_expired(end))
			test_sleep_ms(1);
	else
		while (!(atomic_load(&rs->addr[0]) || atomic_load(&rs->addr[1])) && !sides_done() &&
		       !test_expired(end))
			test_sleep_ms(1);
	if (sides_done() || test_expired(end))
		return 0;
	shm_view_open(&a.v, cur.bus, RPMSG_DEFAULT_PA_BASE, true);
	if (a.v.size >= RPMSG_CONTROL_OFFSET + sizeof(*a.ctrl)) {
		a.ctrl = (struct rpmsg_control *)(a.v.base + RPMSG_CONTROL_OFFSET);
		a.buf_offset = a.ctrl->buf_offset;
		a.buf_count = a.ctrl->buf_count;
		a.buf_size = a.ctrl->buf_size;
	}
	if (!a.ctrl || a.buf_size < 64 || !a.buf_count ||
	    a.buf_offset + (uint64_t)a.buf_count * a.buf_size > a.v.size)
		return 0;
	for (unsigned int i = 0; i < writes && !(rs->side[0].done && rs->side[1].done); i++) {
		enum mut_class c = enabled[rng_below(&a.rng, n)];

		/* now and then the last writes land while the sides wind down and close */
		if (late && i + 2 == writes)
			atomic_store(&rs->adversary_done, 1);

		test_sleep_ms(rng_below(&a.rng, 20));
		if (c == MUT_TRUNCATE && i + 1 < writes)
			c = enabled[0] == MUT_TRUNCATE ? c : enabled[0];
		switch (c) {
		case MUT_AVAIL:
			mut_avail(&a);
			break;
		case MUT_USED:
			mut_used(&a);
			break;
		case MUT_DESC:
			mut_desc(&a);
			break;
		case MUT_HDR:
			mut_hdr(&a);
			break;
		case MUT_NS:
			mut_ns(&a);
			break;
		case MUT_CTRL:
			mut_ctrl(&a);
			break;
		case MUT_DIR:
			mut_dir(&a);
			break;
		default:
			mut_truncate(&a);
			return 0;
		}
	}
	return 0;
}

static int adversary_main(void)
{
	int rc = adversary_writes();

	atomic_store(&rs->adversary_done, 1);
	return rc;
}

/* --- the campaign --- */

struct totals {
	unsigned long rounds, crashes, hangs, sanitizer, garbage, lies, silent, broken, plausible;
	unsigned long mut[MUT_NCLASSES];
};

static const char *keep_dir;
static bool verbose;

/* A child of the campaign must not outlive it (a killed ctest leaves no orphans). */
static void prctl_pdeathsig(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
}

/* Fork a child that runs @fn with stderr in @err_path and dies with the campaign. */
static pid_t spawn(int (*fn)(void), const char *err_path)
{
	pid_t pid;

	fflush(NULL); /* or the child flushes the campaign's buffered lines again */
	pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		prctl_pdeathsig();
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		exit(fn());
	}
	return pid;
}

static int host_entry(void)
{
	return side_main(RPMSG_ROLE_HOST);
}

static int remote_entry(void)
{
	return side_main(RPMSG_ROLE_REMOTE);
}

/*
 * What @path (a side's stderr) says: 0 nothing, 1 a sanitizer report, 2 a crash the sanitizer
 * caught (ASan turns SIGSEGV/SIGBUS into "AddressSanitizer:DEADLYSIGNAL" and exit 1).
 */
static int sanitizer_report(const char *path)
{
	static const char *const marks[] = {"AddressSanitizer", "LeakSanitizer",
					    "UndefinedBehaviorSanitizer", "runtime error:"};
	char line[512];
	int found = 0;
	FILE *f = fopen(path, "r");

	while (f && found < 2 && fgets(line, sizeof(line), f)) {
		if (strstr(line, "DEADLYSIGNAL"))
			found = 2;
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]) && !found; i++)
			found = strstr(line, marks[i]) != NULL;
	}
	if (f)
		fclose(f);
	return found;
}

/* Run one round with seed @seed; add its outcome to @t; print a line if it went wrong. */
static void run_round(uint64_t seed, unsigned int class_mask, struct totals *t)
{
	static const char *const side_names[2] = {"host", "remote"};
	char err[3][256];
	pid_t pid[3];
	int wstatus[3];
	bool reaped[3] = {false, false, false}, bad = false;
	uint64_t rng = seed, end;
	char why[512] = "";
	size_t wl = 0;

	memset(rs, 0, sizeof(*rs));
	cur.seed = seed;
	cur.class_mask = class_mask;
	/* truncation ends a round early for both sides: one round in eight */
	if (rng_below(&rng, 8))
		cur.class_mask &= ~(1u << MUT_TRUNCATE);
	cur.mbox = rng_below(&rng, 3) ? RPMSG_MBOX_FUTEX : RPMSG_MBOX_SOCKET;
	snprintf(cur.bus, sizeof(cur.bus), "fz%d-%lu", (int)getpid() % 100000, t->rounds % 100000);
	snprintf(cur.socket_path, sizeof(cur.socket_path), "/tmp/%s.sock", cur.bus);
	for (int i = 0; i < 3; i++)
		snprintf(err[i], sizeof(err[i]), "%s/%016" PRIx64 "-%s.err", keep_dir, seed,
			 i < 2 ? side_names[i] : "adversary");
	pid[0] = spawn(host_entry, err[0]);
	pid[1] = spawn(remote_entry, err[1]);
	pid[2] = spawn(adversary_main, err[2]);

	/* the hang guard: poll for exits until the deadline, then kill what is left */
	end = test_deadline(round_wait_ms);
	while (!(reaped[0] && reaped[1]) && !test_expired(end)) {
		for (int i = 0; i < 3; i++)
			if (!reaped[i] && waitpid(pid[i], &wstatus[i], WNOHANG) == pid[i]) {
				reaped[i] = true;
				if (i == 2) /* however it ended, the sides stop waiting for it */
					atomic_store(&rs->adversary_done, 1);
			}
		if (!(reaped[0] && reaped[1]))
			test_sleep_ms(2);
	}
	for (int i = 0; i < 3; i++) {
		if (reaped[i])
			continue;
		kill(pid[i], SIGKILL);
		waitpid(pid[i], &wstatus[i], 0);
		if (i < 2) {
			t->hangs++;
			wl += snprintf(why + wl, sizeof(why) - wl, " %s hung;", side_names[i]);
		}
	}
	for (int i = 0; i < 2; i++) {
		struct side_result *r = &rs->side[i];
		int san = sanitizer_report(err[i]);

		if (san == 2) {
			t->crashes++;
			wl += snprintf(why + wl, sizeof(why) - wl, " %s: crashed (sanitizer: %s);",
				       side_names[i], "DEADLYSIGNAL");
		} else if (san) {
			t->sanitizer++;
			wl += snprintf(why + wl, sizeof(why) - wl, " %s: sanitizer report;",
				       side_names[i]);
		} else if (reaped[i] && WIFSIGNALED(wstatus[i])) {
			t->crashes++;
			wl += snprintf(why + wl, sizeof(why) - wl, " %s: killed by %s;",
				       side_names[i], strsignal(WTERMSIG(wstatus[i])));
		} else if (reaped[i] && WEXITSTATUS(wstatus[i]) != 0) {
			t->crashes++;
			wl += snprintf(why + wl, sizeof(why) - wl, " %s: exit %d;", side_names[i],
				       WEXITSTATUS(wstatus[i]));
		}
		if (atomic_load(&r->rx_garbage)) {
			if (rs->plausible) {
				t->lies++;
			} else {
				t->garbage++;
				wl += snprintf(why + wl, sizeof(why) - wl,
					       " %s: %u garbage deliveries (%s);", side_names[i],
					       atomic_load(&r->rx_garbage), r->garbage);
			}
		}
		if (r->done && r->status == -EIO) {
			if (r->error[0]) {
				t->broken++;
			} else {
				t->silent++;
				wl += snprintf(why + wl, sizeof(why) - wl,
					       " %s: broken without a reason;", side_names[i]);
			}
		}
		if (wl >= sizeof(why))
			wl = sizeof(why) - 1;
	}
	bad = wl > 0;
	if (verbose)
		printf("round %lu seed %016" PRIx64
		       ": host sent %u rx %u status %d \"%s\"; remote sent %u rx %u status %d "
		       "\"%s\"\n",
		       t->rounds, seed, rs->side[0].sent, atomic_load(&rs->side[0].rx_valid),
		       rs->side[0].status, rs->side[0].error, rs->side[1].sent,
		       atomic_load(&rs->side[1].rx_valid), rs->side[1].status, rs->side[1].error);
	t->rounds++;
	t->plausible += rs->plausible;
	for (int c = 0; c < MUT_NCLASSES; c++)
		t->mut[c] += rs->mut_count[c];
	if (bad) {
		printf("round %lu seed %016" PRIx64 " (%s doorbell, writes:", t->rounds - 1, seed,
		       cur.mbox == RPMSG_MBOX_SOCKET ? "socket" : "futex");
		for (int c = 0; c < MUT_NCLASSES; c++)
			if (rs->mut_count[c])
				printf(" %s %u", class_names[c], rs->mut_count[c]);
		printf("%s):%s stderr in %s\n", rs->plausible ? ", plausible" : "", why, keep_dir);
		fflush(stdout);
	} else {
		for (int i = 0; i < 3; i++)
			unlink(err[i]);
	}
	rpmsg_bus_unlink(cur.bus); /* a crashed host leaves its carve-out behind */
	unlink(cur.socket_path);
}

static _Noreturn void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-v] [--seed S] [--rounds N | --minutes M] [--replay ROUNDSEED]... "
		"[--no CLASS]... [--keep DIR] [--round-timeout-ms MS] [--plant "
		"garbage|crash|hang]\n"
		"  CLASS: avail used desc hdr ns ctrl dir truncate\n",
		argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = 1, replay[64];
	unsigned long rounds = 20, minutes = 0, nreplay = 0;
	unsigned int mask = (1u << MUT_NCLASSES) - 1;
	char dir_template[] = "/tmp/fuzz-peer-XXXXXX";
	struct totals t = {0};
	uint64_t end = 0;
	int rc;

	test_set_side("campaign");
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *tail;

		if (!strcmp(arg, "-v")) {
			verbose = true;
			continue;
		}
		if (!val)
			usage(argv[0]);
		i++;
		errno = 0;
		if (!strcmp(arg, "--seed")) {
			seed = strtoull(val, &tail, 0);
		} else if (!strcmp(arg, "--rounds")) {
			rounds = strtoul(val, &tail, 10);
		} else if (!strcmp(arg, "--minutes")) {
			minutes = strtoul(val, &tail, 10);
		} else if (!strcmp(arg, "--replay") && nreplay < 64) {
			replay[nreplay++] = strtoull(val, &tail, 16);
		} else if (!strcmp(arg, "--round-timeout-ms")) {
			round_wait_ms = (unsigned int)strtoul(val, &tail, 10);
		} else if (!strcmp(arg, "--plant")) {
			static const char *const kinds[] = {"none", "garbage", "crash", "hang",
							    "sanitizer"};

			for (plant = PLANT_NONE;
			     plant <= PLANT_SANITIZER && strcmp(val, kinds[plant]);)
				plant++;
			if (plant > PLANT_SANITIZER) {
				fprintf(stderr,
					"fuzz-peer: --plant %s: not garbage, crash, hang or "
					"sanitizer\n",
					val);
				return 2;
			}
			tail = "";
		} else if (!strcmp(arg, "--keep")) {
			keep_dir = val;
			tail = "";
		} else if (!strcmp(arg, "--no")) {
			int c = 0;

			while (c < MUT_NCLASSES && strcmp(val, class_names[c]))
				c++;
			if (c == MUT_NCLASSES) {
				fprintf(stderr, "fuzz-peer: --no %s: not a class\n", val);
				return 2;
			}
			mask &= ~(1u << c);
			tail = "";
		} else {
			usage(argv[0]);
		}
		if (errno || *tail) {
			fprintf(stderr, "fuzz-peer: %s %s: not a number\n", arg, val);
			return 2;
		}
	}
	if (keep_dir && mkdir(keep_dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "fuzz-peer: --keep %s: %s\n", keep_dir, strerror(errno));
		return 2;
	}
	if (!keep_dir) {
		keep_dir = mkdtemp(dir_template);
		CHECK(keep_dir, "mkdtemp: %s", strerror(errno));
	}
	rs = mmap(NULL, sizeof(*rs), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(rs != MAP_FAILED, "mmap: %s", strerror(errno));
	if (minutes)
		end = test_deadline(minutes * 60000);

	for (unsigned long i = 0; i < nreplay; i++)
		run_round(replay[i], mask, &t);
	for (uint64_t r = 0, s = seed; minutes ? !test_expired(end) : r < rounds; r++)
		run_round(rng_next(&s), mask, &t);

	printf("fuzz-peer: seed %llu: %lu rounds (%lu with plausible lies), %lu crashes, %lu "
	       "hangs, "
	       "%lu sanitizer findings, %lu garbage deliveries, %lu broken silently, "
	       "%lu broken with a reason, %lu lies delivered\n  writes:",
	       (unsigned long long)seed, t.rounds, t.plausible, t.crashes, t.hangs, t.sanitizer,
	       t.garbage, t.silent, t.broken, t.lies);
	for (int c = 0; c < MUT_NCLASSES; c++)
		printf(" %s %lu", class_names[c], t.mut[c]);
	printf("\n");
	rc = t.crashes || t.hangs || t.sanitizer || t.garbage || t.silent;
	if (keep_dir == dir_template)
		rmdir(dir_template); /* fails, and keeps the files, if a round went wrong */
	return rc;
}
