// SPDX-License-Identifier: MIT
/*
 * The kernel-log decoder's state machine: recognises the rpmsg, name-service and remoteproc
 * lines (see <rpmsg-scope/kmsg.h>), joins a message's header line with its hex dump, and
 * decides whether a received message was delivered or dropped before reporting it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/kmsg.h>

#include "kmsg_internal.h"

#define RPMSG_HDR_LEN	  16		 /* struct rpmsg_hdr */
#define RPMSG_PAYLOAD_MAX 496		 /* virtio_rpmsg_bus's 512-byte buffers less the header */
#define RPMSG_NS_MSG_LEN  40		 /* struct rpmsg_ns_msg */
#define RPROC_MAP_MAX	  16		 /* remoteproc -> virtio device names remembered */
#define TX_TIMEOUT_NS	  15000000000ULL /* virtio_rpmsg_bus gives up after 15 s */

/* Prefixes of the dynamic_hex_dump() calls (virtio_rpmsg_bus.c, rpmsg_ns.c). */
static const char TX_DUMP[] = "rpmsg_virtio TX: ";
static const char RX_DUMP[] = "rpmsg_virtio RX: ";
static const char NS_DUMP[] = "NS announcement: ";

/* A message being assembled from its header line and/or hex dump. */
struct pending_msg {
	bool active;
	bool tx;
	bool header_known; /* src/dst/len/flags known (from the line or the dump's first row) */
	bool have_line;	   /* the "TX From" / "From:" line was seen */
	bool dump_started;
	bool complete;	/* nothing more to wait for (dump done) */
	bool truncated; /* the dump ended early */
	char bus[RPMSG_EVENT_BUS_LEN];
	uint32_t tid;
	uint32_t src, dst, len, flags;
	uint32_t dump_got; /* bytes of header + payload seen in the dump */
	uint8_t hdr[RPMSG_HDR_LEN];
	uint8_t payload[RPMSG_EVENT_PAYLOAD_MAX];
	uint32_t captured;
	uint64_t ts_ns;
};

/* A name-service announcement dump being assembled. */
struct pending_ns {
	bool active;
	uint32_t expected;
	uint32_t got;
	uint8_t data[RPMSG_NS_MSG_LEN];
	char bus[RPMSG_EVENT_BUS_LEN];
	uint64_t ts_ns;
};

struct rproc_map {
	char rproc[RPMSG_EVENT_BUS_LEN];
	char vdev[RPMSG_EVENT_BUS_LEN];
};

struct rpmsg_kmsg_parser {
	rpmsg_kmsg_event_cb cb;
	void *ctx;
	struct rpmsg_kmsg_stats stats;
	struct pending_msg msg;
	struct pending_ns ns;
	/* the last announcement decoded from a dump, so its "creating channel" line is not doubled
	 */
	bool last_ns_valid;
	struct rpmsg_event_ns last_ns;
	char last_bus[RPMSG_EVENT_BUS_LEN];
	uint32_t last_rx_len, last_rx_dst;
	struct rproc_map rprocs[RPROC_MAP_MAX];
	unsigned int nr_rprocs;
	char line[KMSG_LINE_MAX];
};

int rpmsg_kmsg_parser_new(rpmsg_kmsg_event_cb cb, void *ctx, struct rpmsg_kmsg_parser **out)
{
	struct rpmsg_kmsg_parser *p;

	if (!cb || !out)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->cb = cb;
	p->ctx = ctx;
	*out = p;
	return 0;
}

void rpmsg_kmsg_parser_free(struct rpmsg_kmsg_parser *parser)
{
	free(parser);
}

void rpmsg_kmsg_parser_get_stats(const struct rpmsg_kmsg_parser *parser,
				 struct rpmsg_kmsg_stats *out)
{
	*out = parser->stats;
}

void kmsg_parser_count_lost(struct rpmsg_kmsg_parser *parser, uint64_t n)
{
	parser->stats.lost_records += n;
}

static void set_name(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memset(dst, 0, n);
	memcpy(dst, src, len);
}

/* The bus of a device name: "virtio0" of "virtio0" and of "virtio0.rpmsg-tty.-1.1024". */
static void bus_of_device(char *bus, const char *device)
{
	size_t len = strcspn(device, ".:#");

	if (len >= RPMSG_EVENT_BUS_LEN)
		len = RPMSG_EVENT_BUS_LEN - 1;
	memset(bus, 0, RPMSG_EVENT_BUS_LEN);
	memcpy(bus, device, len);
}

static void event_init(struct rpmsg_event *ev, uint32_t type, const char *bus, uint64_t ts_ns,
		       uint32_t tid)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->role = RPMSG_EVENT_ROLE_KERNEL;
	ev->ts_ns = ts_ns;
	ev->pid = tid;
	ev->tid = tid;
	set_name(ev->bus, sizeof(ev->bus), bus);
}

static int deliver(struct rpmsg_kmsg_parser *p, const struct rpmsg_event *ev, bool truncated)
{
	struct rpmsg_kmsg_event_info info = {.line = p->stats.lines, .truncated = truncated};

	p->stats.events++;
	return p->cb(ev, &info, p->ctx);
}

/* Fill an ns event from a struct rpmsg_ns_msg (name[32], addr, flags; little-endian). */
static void ns_from_bytes(struct rpmsg_event_ns *ns, const uint8_t *data, uint32_t direction)
{
	memset(ns, 0, sizeof(*ns));
	memcpy(ns->name, data, RPMSG_EVENT_NAME_LEN - 1); /* the kernel NUL-terminates it too */
	ns->addr = kmsg_le32(data + 32);
	ns->flags = kmsg_le32(data + 36) & 1;
	ns->direction = direction;
}

enum verdict { DELIVERED, NO_RECIPIENT, TOO_BIG };

/* Report the pending message (if any) and forget it. */
static int finish_msg(struct rpmsg_kmsg_parser *p, enum verdict verdict, uint32_t too_big_len)
{
	struct pending_msg *m = &p->msg;
	struct rpmsg_event ev;
	int err;

	if (!m->active)
		return 0;
	m->active = false;
	if (m->dump_started && !m->complete)
		m->truncated = true;
	if (m->truncated)
		p->stats.truncated_dumps++;
	if (!m->header_known)
		return 0; /* a dump cut before its 16-byte header: nothing to report but the count
			   */

	if (verdict == DELIVERED && m->len > RPMSG_PAYLOAD_MAX) {
		/* no buffer holds it, and no "inbound msg too big" line dropped it: corrupt */
		p->stats.oversized_msgs++;
		return 0;
	}
	if (verdict != DELIVERED) {
		event_init(&ev, RPMSG_EV_DROP, m->bus, m->ts_ns, m->tid);
		ev.drop.src = m->src;
		ev.drop.dst = m->dst;
		ev.drop.len = verdict == TOO_BIG ? too_big_len : m->len;
		ev.drop.reason = verdict == TOO_BIG ? RPMSG_DROP_TOO_BIG : RPMSG_DROP_NO_RECIPIENT;
		return deliver(p, &ev, m->truncated);
	}
	event_init(&ev, m->tx ? RPMSG_EV_MSG_SEND : RPMSG_EV_MSG_RECV, m->bus, m->ts_ns, m->tid);
	ev.msg.src = m->src;
	ev.msg.dst = m->dst;
	ev.msg.len = m->len;
	ev.msg.flags = m->flags;
	ev.msg.captured = m->captured;
	memcpy(ev.payload, m->payload, m->captured);
	err = deliver(p, &ev, m->truncated);
	if (err)
		return err;
	/* Our own announcements go out as ordinary messages to address 53. */
	if (m->tx && m->dst == RPMSG_NS_ADDR && m->len == RPMSG_NS_MSG_LEN &&
	    m->captured == RPMSG_NS_MSG_LEN) {
		event_init(&ev, RPMSG_EV_NS_ANNOUNCE, m->bus, m->ts_ns, m->tid);
		ns_from_bytes(&ev.ns, m->payload, RPMSG_EVENT_DIR_TX);
		return deliver(p, &ev, false);
	}
	return 0;
}

/* An NS dump that stopped early: counted; the "%sing channel" line still reports it. */
static void abandon_ns(struct rpmsg_kmsg_parser *p)
{
	if (p->ns.active && p->ns.got < p->ns.expected)
		p->stats.truncated_dumps++;
	p->ns.active = false;
}

/*
 * A recognised line that is not part of a dump: whatever was waiting is now settled. A dump that
 * already started keeps waiting for its rows (another CPU's line may sit between them).
 */
static int settle(struct rpmsg_kmsg_parser *p)
{
	if (p->msg.active && (!p->msg.dump_started || p->msg.complete)) {
		int err = finish_msg(p, DELIVERED, 0);

		if (err)
			return err;
	}
	if (p->ns.active && p->ns.got < p->ns.expected)
		abandon_ns(p);
	return 0;
}

int rpmsg_kmsg_parser_flush(struct rpmsg_kmsg_parser *parser)
{
	abandon_ns(parser);
	return finish_msg(parser, DELIVERED, 0);
}

static void start_msg(struct rpmsg_kmsg_parser *p, bool tx, const char *bus, uint64_t ts_ns,
		      uint32_t tid)
{
	struct pending_msg *m = &p->msg;

	memset(m, 0, sizeof(*m));
	m->active = true;
	m->tx = tx;
	m->ts_ns = ts_ns;
	m->tid = tid;
	set_name(m->bus, sizeof(m->bus), bus);
}

/* "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d" / "From: 0x%x, To: 0x%x, Len: %d, ..." */
static int on_header_line(struct rpmsg_kmsg_parser *p, const char *body, const char *msg, bool tx,
			  uint64_t ts_ns)
{
	struct kmsg_dev_prefix dev;
	unsigned int src, dst;
	int len, flags, reserved, end = 0;
	char bus[RPMSG_EVENT_BUS_LEN];
	int err;

	if (tx)
		sscanf(msg, "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d%n", &src, &dst,
		       &len, &flags, &reserved, &end);
	else
		sscanf(msg, "From: 0x%x, To: 0x%x, Len: %d, Flags: %d, Reserved: %d%n", &src, &dst,
		       &len, &flags, &reserved, &end);
	/*
	 * The kernel refuses to send more than its 512-byte buffer holds, so a TX length over
	 * that is a corrupt line; a received one is printed before the check that drops it.
	 */
	if (!end || msg[end] != '\0' || len < 0 || (tx && len > RPMSG_PAYLOAD_MAX) || flags < 0 ||
	    kmsg_dev_prefix_parse(body, msg, &dev)) {
		p->stats.malformed_lines++;
		return 0;
	}
	err = finish_msg(p, DELIVERED, 0);
	if (!err)
		err = settle(p);
	if (err)
		return err;
	bus_of_device(bus, dev.device);
	set_name(p->last_bus, sizeof(p->last_bus), bus);
	start_msg(p, tx, bus, ts_ns, dev.tid);
	p->msg.have_line = true;
	p->msg.header_known = true;
	p->msg.src = src;
	p->msg.dst = dst;
	p->msg.len = (uint32_t)len;
	p->msg.flags = (uint32_t)flags;
	if (!tx) {
		p->last_rx_len = (uint32_t)len;
		p->last_rx_dst = dst;
	}
	return 0;
}

/* Header + payload bytes of one dump row go into the pending message. */
static void take_dump_bytes(struct pending_msg *m, const uint8_t *bytes, int n)
{
	for (int i = 0; i < n; i++, m->dump_got++) {
		if (m->dump_got < RPMSG_HDR_LEN) {
			m->hdr[m->dump_got] = bytes[i];
			continue;
		}
		if (m->captured < RPMSG_EVENT_PAYLOAD_MAX && m->captured < m->len)
			m->payload[m->captured++] = bytes[i];
	}
}

/* The dump's first row is struct rpmsg_hdr { src, dst, reserved, len, flags } (little-endian). */
static bool header_matches(const struct pending_msg *m, const uint8_t *hdr)
{
	return kmsg_le32(hdr) == m->src && kmsg_le32(hdr + 4) == m->dst &&
	       kmsg_le16(hdr + 12) == m->len;
}

/**
 * on_msg_dump_row() - one row of a "rpmsg_virtio TX: " / "RX: " hex dump
 * @p: parser
 * @row: the row text after the prefix
 * @tx: a TX dump
 * @ts_ns: the row's time (unused: the message keeps its header line's)
 *
 * Kernel dumps carry no offsets, so a row can only be placed by what came before it: a dump
 * belongs to the "TX From" / "From:" line just printed, its first row must repeat that line's
 * src, dst and len, and it ends after 16 + len bytes. Any other row (a log that starts inside a
 * dump, a dump longer than its header says, one whose header disagrees) is counted as orphaned
 * and decodes nothing: guessing would turn payload bytes into addresses and lengths.
 *
 * Return: 0 or the callback's negative errno.
 */
static int on_msg_dump_row(struct rpmsg_kmsg_parser *p, const char *row, bool tx, uint64_t ts_ns)
{
	struct pending_msg *m = &p->msg;
	uint8_t bytes[16];
	int n = kmsg_hexdump_row(row, bytes);
	bool continues;

	(void)ts_ns;
	if (n < 0) {
		p->stats.malformed_lines++;
		/* a garbled row in the middle of a dump ends it */
		if (m->active && m->dump_started && !m->complete)
			return finish_msg(p, DELIVERED, 0);
		return 0;
	}
	continues = m->active && m->have_line && m->tx == tx && !m->complete;
	/* the line's own dump starts with the full header the line printed */
	if (continues && !m->dump_started && (n != 16 || !header_matches(m, bytes)))
		continues = false;
	if (!continues) {
		p->stats.orphaned_lines++;
		if (m->active && m->dump_started && !m->complete)
			return finish_msg(p, DELIVERED, 0);
		return 0;
	}
	take_dump_bytes(m, bytes, n);
	m->dump_started = true;
	if (m->dump_got >= RPMSG_HDR_LEN + m->len) {
		m->complete = true;
		/* a sent message is settled; a received one waits to see if it was dropped */
		if (tx)
			return finish_msg(p, DELIVERED, 0);
		return 0;
	}
	if (n < 16) /* only the last row is short: the rest of this dump is missing */
		return finish_msg(p, DELIVERED, 0);
	return 0;
}

static int emit_ns(struct rpmsg_kmsg_parser *p, const char *bus, uint64_t ts_ns,
		   const struct rpmsg_event_ns *ns)
{
	struct rpmsg_event ev;

	event_init(&ev, RPMSG_EV_NS_ANNOUNCE, bus, ts_ns, 0);
	ev.ns = *ns;
	return deliver(p, &ev, false);
}

/* "NS announcement: " rows: the payload of a message to address 53, a struct rpmsg_ns_msg. */
static int on_ns_dump_row(struct rpmsg_kmsg_parser *p, const char *row, uint64_t ts_ns)
{
	struct pending_ns *ns = &p->ns;
	uint8_t bytes[16];
	int n = kmsg_hexdump_row(row, bytes), err;

	if (n < 0) {
		p->stats.malformed_lines++;
		abandon_ns(p);
		return 0;
	}
	/* the received message to 53 that carried it is delivered (to the name service) */
	err = finish_msg(p, DELIVERED, 0);
	if (err)
		return err;
	if (!ns->active || ns->got >= ns->expected) {
		memset(ns, 0, sizeof(*ns));
		ns->active = true;
		ns->expected = p->last_rx_dst == RPMSG_NS_ADDR ? p->last_rx_len : RPMSG_NS_MSG_LEN;
		ns->ts_ns = ts_ns;
		set_name(ns->bus, sizeof(ns->bus), p->last_bus);
	}
	for (int i = 0; i < n; i++, ns->got++)
		if (ns->got < RPMSG_NS_MSG_LEN)
			ns->data[ns->got] = bytes[i];
	if (ns->got >= ns->expected) {
		ns->active = false;
		/* a wrong-sized one is reported by its "malformed ns msg" line instead */
		if (ns->expected != RPMSG_NS_MSG_LEN)
			return 0;
		ns_from_bytes(&p->last_ns, ns->data, RPMSG_EVENT_DIR_RX);
		p->last_ns_valid = true;
		return emit_ns(p, ns->bus, ns->ts_ns, &p->last_ns);
	}
	if (n < 16)
		abandon_ns(p);
	return 0;
}

/* "%sing channel %s addr 0x%x": creating / destroying, from rpmsg_ns_cb(). */
static int on_channel_line(struct rpmsg_kmsg_parser *p, const char *body, const char *msg,
			   uint64_t ts_ns)
{
	bool destroy = msg[0] == 'd';
	const char *name = strstr(msg, "ing channel ") + strlen("ing channel ");
	const char *addr_at = strstr(name, " addr 0x");
	struct kmsg_dev_prefix dev;
	struct rpmsg_event_ns ns;
	char bus[RPMSG_EVENT_BUS_LEN];
	unsigned int addr;
	int end = 0;

	/* the name may hold spaces; the address is the last thing on the line */
	for (const char *q = addr_at; q; q = strstr(q + 1, " addr 0x"))
		addr_at = q;
	if (!addr_at || sscanf(addr_at, " addr 0x%x%n", &addr, &end) != 1 || addr_at[end] ||
	    kmsg_dev_prefix_parse(body, msg, &dev)) {
		p->stats.malformed_lines++;
		return 0;
	}
	memset(&ns, 0, sizeof(ns));
	memcpy(ns.name, name,
	       (size_t)(addr_at - name) < sizeof(ns.name) - 1 ? (size_t)(addr_at - name)
							      : sizeof(ns.name) - 1);
	ns.addr = addr;
	ns.flags = destroy ? RPMSG_EVENT_NS_DESTROY : RPMSG_EVENT_NS_CREATE;
	ns.direction = RPMSG_EVENT_DIR_RX;
	/* the dump printed just before already reported this announcement */
	if (p->last_ns_valid && !memcmp(&ns, &p->last_ns, sizeof(ns))) {
		p->last_ns_valid = false;
		return 0;
	}
	p->last_ns_valid = false;
	bus_of_device(bus, dev.device);
	return emit_ns(p, bus, ts_ns, &ns);
}

/* Remember "remoteprocN -> virtioM" from "registered virtioM (type 7)" (remoteproc_virtio.c). */
static void on_registered_line(struct rpmsg_kmsg_parser *p, const struct kmsg_dev_prefix *dev,
			       const char *vdev)
{
	char rproc[RPMSG_EVENT_BUS_LEN];
	unsigned int i;

	bus_of_device(rproc, dev->device);
	for (i = 0; i < p->nr_rprocs; i++)
		if (!strcmp(p->rprocs[i].rproc, rproc))
			break;
	if (i == p->nr_rprocs) {
		if (p->nr_rprocs == RPROC_MAP_MAX)
			return;
		p->nr_rprocs++;
	}
	set_name(p->rprocs[i].rproc, sizeof(p->rprocs[i].rproc), rproc);
	set_name(p->rprocs[i].vdev, sizeof(p->rprocs[i].vdev), vdev);
}

/* Kicks name the remoteproc device; report them on its virtio bus when we know it. */
static void bus_of_rproc(const struct rpmsg_kmsg_parser *p, char *bus, const char *device)
{
	bus_of_device(bus, device);
	for (unsigned int i = 0; i < p->nr_rprocs; i++)
		if (!strcmp(p->rprocs[i].rproc, bus)) {
			set_name(bus, RPMSG_EVENT_BUS_LEN, p->rprocs[i].vdev);
			return;
		}
}

static int on_kick_line(struct rpmsg_kmsg_parser *p, const struct kmsg_dev_prefix *dev,
			uint32_t type, int notifyid, uint64_t ts_ns)
{
	struct rpmsg_event ev;
	char bus[RPMSG_EVENT_BUS_LEN];

	bus_of_rproc(p, bus, dev->device);
	event_init(&ev, type, bus, ts_ns, dev->tid);
	ev.mbox.channel = (uint32_t)notifyid;
	return deliver(p, &ev, false);
}

/* "timeout waiting for a tx buffer": the device is the channel, "virtioN.NAME.SRC.DST". */
static int on_tx_timeout(struct rpmsg_kmsg_parser *p, const struct kmsg_dev_prefix *dev,
			 uint64_t ts_ns)
{
	struct rpmsg_event ev;
	char bus[RPMSG_EVENT_BUS_LEN];
	const char *dot_dst = strrchr(dev->device, '.');
	int src = -1, dst = -1;

	if (dot_dst) {
		const char *dot_src = dot_dst - 1;

		while (dot_src > dev->device && *dot_src != '.')
			dot_src--;
		if (*dot_src == '.')
			sscanf(dot_src, ".%d.%d", &src, &dst);
	}
	bus_of_device(bus, dev->device);
	event_init(&ev, RPMSG_EV_TX_WAIT, bus, ts_ns, dev->tid);
	ev.tx_wait.src = (uint32_t)src;
	ev.tx_wait.dst = (uint32_t)dst;
	ev.tx_wait.waited_ns = TX_TIMEOUT_NS;
	ev.tx_wait.outcome = -ETIMEDOUT;
	return deliver(p, &ev, false);
}

/* "malformed ns msg (%d)": the announcement in the last message to 53 was dropped. */
static int on_malformed_ns(struct rpmsg_kmsg_parser *p, int len, uint64_t ts_ns)
{
	struct rpmsg_event ev;

	abandon_ns(p);
	event_init(&ev, RPMSG_EV_DROP, p->last_bus, ts_ns, 0);
	ev.drop.dst = RPMSG_NS_ADDR;
	ev.drop.len = (uint32_t)len;
	ev.drop.reason = RPMSG_DROP_BAD_NS;
	return deliver(p, &ev, false);
}

/* Lines printed with dev_printk() by the rpmsg and remoteproc code, after "DRIVER DEVICE: ". */
static int on_device_line(struct rpmsg_kmsg_parser *p, const char *body, uint64_t ts_ns,
			  bool *recognised)
{
	struct kmsg_dev_prefix dev;
	const char *msg;
	int a, b, end = 0, err;
	char vdev[RPMSG_EVENT_BUS_LEN];

	*recognised = true;
	if ((msg = strstr(body, "TX From 0x")))
		return on_header_line(p, body, msg, true, ts_ns);
	if ((msg = strstr(body, "From: 0x")))
		return on_header_line(p, body, msg, false, ts_ns);
	/* "creating channel" is common wording: only virtio_rpmsg_bus's own device counts */
	if (((msg = strstr(body, "creating channel ")) ||
	     (msg = strstr(body, "destroying channel "))) &&
	    !kmsg_dev_prefix_parse(body, msg, &dev) && !strcmp(dev.driver, "virtio_rpmsg_bus")) {
		err = settle(p);
		return err ? err : on_channel_line(p, body, msg, ts_ns);
	}
	if ((msg = strstr(body, "msg received with no recipient")) && !msg[30] &&
	    !kmsg_dev_prefix_parse(body, msg, &dev)) {
		if (p->msg.active && !p->msg.tx)
			return finish_msg(p, NO_RECIPIENT, 0);
		return settle(p); /* its message was not in the log: nothing more to say */
	}
	if ((msg = strstr(body, "inbound msg too big: (")) &&
	    sscanf(msg, "inbound msg too big: (%d, %d)%n", &a, &b, &end) == 2 && !msg[end] &&
	    !kmsg_dev_prefix_parse(body, msg, &dev)) {
		if (p->msg.active && !p->msg.tx)
			return finish_msg(p, TOO_BIG, (uint32_t)b);
		err = settle(p);
		if (err)
			return err;
		start_msg(p, false, dev.device, ts_ns, dev.tid);
		bus_of_device(p->msg.bus, dev.device);
		p->msg.header_known = true;
		return finish_msg(p, TOO_BIG, (uint32_t)b);
	}
	if ((msg = strstr(body, "timeout waiting for a tx buffer")) && !msg[31] &&
	    !kmsg_dev_prefix_parse(body, msg, &dev)) {
		err = settle(p);
		return err ? err : on_tx_timeout(p, &dev, ts_ns);
	}
	if ((msg = strstr(body, "malformed ns msg (")) &&
	    sscanf(msg, "malformed ns msg (%d)%n", &a, &end) == 1 && !msg[end]) {
		err = settle(p);
		return err ? err : on_malformed_ns(p, a, ts_ns);
	}
	if ((msg = strstr(body, "kicking vq index: ")) &&
	    sscanf(msg, "kicking vq index: %d%n", &a, &end) == 1 && !msg[end] &&
	    !kmsg_dev_prefix_parse(body, msg, &dev)) {
		err = settle(p);
		return err ? err : on_kick_line(p, &dev, RPMSG_EV_MBOX_KICK, a, ts_ns);
	}
	if ((msg = strstr(body, "vq index ")) &&
	    sscanf(msg, "vq index %d is interrupted%n", &a, &end) == 1 && !msg[end] &&
	    !kmsg_dev_prefix_parse(body, msg, &dev)) {
		err = settle(p);
		return err ? err : on_kick_line(p, &dev, RPMSG_EV_MBOX_RX, a, ts_ns);
	}
	if ((msg = strstr(body, "registered virtio")) &&
	    sscanf(msg, "registered %31s (type %d)%n", vdev, &a, &end) == 2 && !msg[end] &&
	    a == 7 /* VIRTIO_ID_RPMSG */ && !kmsg_dev_prefix_parse(body, msg, &dev)) {
		on_registered_line(p, &dev, vdev);
		return 0;
	}
	if ((msg = strstr(body, "Received ")) &&
	    sscanf(msg, "Received %d messages%n", &a, &end) == 1 && !msg[end] &&
	    !kmsg_dev_prefix_parse(body, msg, &dev))
		return settle(p); /* end of an RX drain: its messages were all delivered */
	*recognised = false;
	return 0;
}

static bool looks_like_ours(const char *body)
{
	static const char *const fragments[] = {"TX From",
						"From: 0x",
						"msg received with no recipient",
						"inbound msg too big",
						"kicking vq index",
						"malformed ns msg",
						"timeout waiting for a tx buffer"};

	for (size_t i = 0; i < sizeof(fragments) / sizeof(fragments[0]); i++)
		if (strstr(body, fragments[i]))
			return true;
	return false;
}

/*
 * The kernel escapes control characters in what it logs (printk's "\\x%02x"), and dmesg and
 * /dev/kmsg carry them escaped: a NUL or another control byte means the file is not a kernel log
 * here (binary garbage, a corrupt copy). Bytes >= 0x80 (UTF-8 text) are fine.
 */
static bool is_text(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
	}
	return true;
}

int kmsg_parser_malformed_line(struct rpmsg_kmsg_parser *p)
{
	p->stats.lines++;
	p->stats.malformed_lines++;
	/* the line cannot be placed in a dump: a dump it interrupts is cut short there */
	if (p->msg.active && p->msg.dump_started && !p->msg.complete)
		return finish_msg(p, DELIVERED, 0);
	return 0;
}

int rpmsg_kmsg_parser_feed_line(struct rpmsg_kmsg_parser *parser, const char *line, size_t len)
{
	struct rpmsg_kmsg_parser *p = parser;
	struct kmsg_line kl;
	const char *row;
	uint64_t malformed, orphaned;
	bool recognised;
	int err;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	/* no kernel record is this long (1 KiB of text): a corrupt or foreign file */
	if (len >= sizeof(p->line) || !is_text(line, len))
		return kmsg_parser_malformed_line(p);
	memcpy(p->line, line, len);
	p->line[len] = '\0';
	p->stats.lines++;

	kmsg_line_split(p->line, &kl);
	if (kl.metadata) {
		p->stats.skipped_lines++;
		return 0;
	}
	if (kl.bad_ts) {
		p->stats.lines--; /* counted again by kmsg_parser_malformed_line() */
		return kmsg_parser_malformed_line(p);
	}
	/* hex dumps: the prefix string starts the printk text (print_hex_dump's "%s%s\n") */
	if (!strncmp(kl.body, TX_DUMP, sizeof(TX_DUMP) - 1) ||
	    !strncmp(kl.body, RX_DUMP, sizeof(RX_DUMP) - 1)) {
		malformed = p->stats.malformed_lines;
		row = kl.body + sizeof(TX_DUMP) - 1;
		orphaned = p->stats.orphaned_lines;
		err = on_msg_dump_row(p, row, kl.body[13] == 'T', kl.ts_ns);
		if (p->stats.malformed_lines == malformed && p->stats.orphaned_lines == orphaned)
			p->stats.rpmsg_lines++;
		return err;
	}
	if (!strncmp(kl.body, NS_DUMP, sizeof(NS_DUMP) - 1)) {
		malformed = p->stats.malformed_lines;
		err = on_ns_dump_row(p, kl.body + sizeof(NS_DUMP) - 1, kl.ts_ns);
		if (p->stats.malformed_lines == malformed)
			p->stats.rpmsg_lines++;
		return err;
	}
	malformed = p->stats.malformed_lines;
	err = on_device_line(p, kl.body, kl.ts_ns, &recognised);
	if (p->stats.malformed_lines != malformed)
		return err; /* counted as malformed, not as an rpmsg line */
	if (recognised)
		p->stats.rpmsg_lines++;
	else if (looks_like_ours(kl.body))
		p->stats.malformed_lines++;
	else
		p->stats.skipped_lines++;
	return err;
}
