// SPDX-License-Identifier: MIT
/*
 * firmware_vhost_protocol: librpmsgbus's vhost-user device transport against a front end played
 * by this test (no QEMU): it connects to the firmware's socket as QEMU does, negotiates, hands
 * over a memfd as guest memory in two regions, sets up both rings the way a guest's
 * virtio_rpmsg_bus would, and checks what a user of the bus would notice:
 *  - features: VERSION_1, PROTOCOL_FEATURES and EVENT_IDX offered, protocol features MQ and
 *    REPLY_ACK only, two queues, replies with flags 0x5, REPLY_ACK answered;
 *  - the name announced before any driver existed arrives once the driver posted RX buffers;
 *  - 50 messages to rpmsg-echo come back complete and in order, buffers from both regions;
 *  - a monitor (rpmsg_monitor_*) sees the channel with exact counts and DRIVER_OK, on our side
 *    and on the guest's (derived: a guest kernel publishes no directory);
 *  - GET_VRING_BASE stops a ring and replies the avail index reached; the rings set up again
 *    (a driver reload) get the name announced again;
 *  - closing the socket is a dead peer: -EPIPE;
 *  - every bad message refused with an error naming the request and the field, the bus
 *    broken (-EIO), the firmware alive; a descriptor outside guest memory breaks the ring.
 * usage: firmware-vhost-protocol [CASE]   (no CASE: all of them)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include <rpmsg-test/check.h>
#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

#define WAIT_MS	 20000
#define MEM_SIZE (4u << 20)
#define RING_NUM 64
#define BUF_SIZE 512
/* Region A: guest-physical 0 (file offset 0, 1 MiB); region B: 1 GiB (file offset 1 MiB). */
#define REGION_A_GPA 0x0ull
#define REGION_A_UVA 0x7f0000000000ull
#define REGION_A_LEN (1u << 20)
#define REGION_B_GPA 0x40000000ull
#define REGION_B_UVA 0x7f1000000000ull
#define REGION_B_OFF (1u << 20)
#define REGION_B_LEN (3u << 20)
/* Where things lie in region B (offsets in the file are REGION_B_OFF + these). */
#define RING_OFF(q) (0x10000u * (q))
#define TXBUF_OFF   0x100000u
/* RX buffers (vq0) in region A at 0x1000: descriptors point into both regions. */
#define RXBUF_GPA 0x1000ull

#define GET_FEATURES	      1
#define SET_FEATURES	      2
#define SET_OWNER	      3
#define SET_MEM_TABLE	      5
#define SET_VRING_NUM	      8
#define SET_VRING_ADDR	      9
#define SET_VRING_BASE	      10
#define GET_VRING_BASE	      11
#define SET_VRING_KICK	      12
#define SET_VRING_CALL	      13
#define GET_PROTOCOL_FEATURES 15
#define SET_PROTOCOL_FEATURES 16
#define GET_QUEUE_NUM	      17
#define SET_VRING_ENABLE      18
#define NEED_REPLY	      0x8u

struct hdr {
	uint32_t request, flags, size;
} __attribute__((packed));

struct front_end {
	int sock;
	int memfd;
	uint8_t *mem; /* the whole memfd */
	struct vring vr[2];
	int kick[2], call[2];
	uint16_t avail_idx[2], used_seen[2];
	char path[108];
	char name[32];
	struct rpmsg_bus *bus;
	struct rpmsg_endpoint *echo;
	unsigned long echoed;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void pause_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static int echo_cb(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct front_end *fe = priv;

	fe->echoed++;
	return rpmsg_sendto(ept, data, len, src);
}

/* The buses and sockets made so far: a failed check exits, and these must not stay behind. */
static char made_names[16][32], made_paths[16][108];
static unsigned int made;

static void remove_made(void)
{
	for (unsigned int i = 0; i < made; i++) {
		rpmsg_bus_unlink(made_names[i]);
		unlink(made_paths[i]);
	}
}

/* The firmware: a remote bus on a vhost-user socket with rpmsg-echo announced up front. */
static void firmware_open(struct front_end *fe, const char *tag)
{
	struct rpmsg_bus_config cfg;

	memset(fe, 0, sizeof(*fe));
	snprintf(fe->name, sizeof(fe->name), "vu%s-%d", tag, (int)getpid());
	snprintf(fe->path, sizeof(fe->path), "/tmp/rpmsg-vu-%s-%d.sock", tag, (int)getpid());
	CHECK(made < sizeof(made_names) / sizeof(made_names[0]));
	memcpy(made_names[made], fe->name, sizeof(made_names[0]));
	memcpy(made_paths[made], fe->path, sizeof(made_paths[0]));
	made++;
	rpmsg_bus_config_init(&cfg, fe->name, RPMSG_ROLE_REMOTE);
	cfg.vhost_user_path = fe->path;
	CHECK(rpmsg_bus_open(&cfg, &fe->bus) == 0, "open: %s", rpmsg_last_error());
	CHECK_RC(rpmsg_create_ept(fe->bus, "rpmsg-echo", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, echo_cb,
				  fe, &fe->echo),
		 0);
	/* No driver yet: the announcement waits for it, the call does not. */
	CHECK_RC(rpmsg_announce(fe->echo), 0);
	fe->sock = -1;
	fe->memfd = -1;
	for (int q = 0; q < 2; q++)
		fe->kick[q] = fe->call[q] = -1;
}

static void firmware_close(struct front_end *fe)
{
	struct stat st;

	rpmsg_bus_close(fe->bus);
	CHECK(lstat(fe->path, &st) != 0, "socket %s left behind", fe->path);
	if (fe->sock >= 0)
		close(fe->sock);
	for (int q = 0; q < 2; q++) {
		if (fe->kick[q] >= 0)
			close(fe->kick[q]);
		if (fe->call[q] >= 0)
			close(fe->call[q]);
	}
	if (fe->mem)
		munmap(fe->mem, MEM_SIZE);
	if (fe->memfd >= 0)
		close(fe->memfd);
}

static void fe_connect(struct front_end *fe)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};

	fe->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(fe->sock >= 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", fe->path);
	CHECK(connect(fe->sock, (struct sockaddr *)&addr, sizeof(addr)) == 0, "connect %s: %s",
	      fe->path, strerror(errno));
	fe->memfd = memfd_create("guest-ram", MFD_CLOEXEC);
	CHECK(fe->memfd >= 0 && ftruncate(fe->memfd, MEM_SIZE) == 0);
	fe->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fe->memfd, 0);
	CHECK(fe->mem != MAP_FAILED);
}

/* Send one request with @fds (may be 0). */
static void fe_send(struct front_end *fe, uint32_t request, uint32_t flags, const void *payload,
		    uint32_t size, const int *fds, unsigned int num_fds)
{
	uint8_t buf[512];
	struct hdr h = {.request = request, .flags = 0x1 | flags, .size = size};
	char control[CMSG_SPACE(8 * sizeof(int))];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(h) + size};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};

	CHECK(sizeof(h) + size <= sizeof(buf));
	memcpy(buf, &h, sizeof(h));
	if (size)
		memcpy(buf + sizeof(h), payload, size);
	if (num_fds) {
		struct cmsghdr *c;

		memset(control, 0, sizeof(control));
		mh.msg_control = control;
		mh.msg_controllen = CMSG_SPACE(num_fds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(num_fds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, num_fds * sizeof(int));
	}
	CHECK(sendmsg(fe->sock, &mh, MSG_NOSIGNAL) == (ssize_t)iov.iov_len, "sendmsg: %s",
	      strerror(errno));
}

/* Read a reply to @request: header flags 0x5, @size bytes of payload. */
static void fe_reply(struct front_end *fe, uint32_t request, void *payload, uint32_t size)
{
	struct pollfd pfd = {.fd = fe->sock, .events = POLLIN};
	struct hdr h;

	CHECK(poll(&pfd, 1, WAIT_MS) == 1, "no reply to request %u", request);
	CHECK_EQ(recv(fe->sock, &h, sizeof(h), MSG_WAITALL), sizeof(h));
	CHECK_EQ(h.request, request);
	CHECK_EQ(h.flags, 0x5);
	CHECK_EQ(h.size, size);
	CHECK_EQ(recv(fe->sock, payload, size, MSG_WAITALL), size);
}

static uint64_t fe_get_u64(struct front_end *fe, uint32_t request)
{
	uint64_t v;

	fe_send(fe, request, 0, NULL, 0, NULL, 0);
	fe_reply(fe, request, &v, sizeof(v));
	return v;
}

/* A SET with REPLY_ACK: the ack must be 0. */
static void fe_set_acked(struct front_end *fe, uint32_t request, const void *payload, uint32_t size,
			 const int *fds, unsigned int num_fds)
{
	uint64_t ack = 99;

	fe_send(fe, request, NEED_REPLY, payload, size, fds, num_fds);
	fe_reply(fe, request, &ack, sizeof(ack));
	CHECK_EQ(ack, 0);
}

static void fe_set_u64(struct front_end *fe, uint32_t request, uint64_t v)
{
	fe_send(fe, request, 0, &v, sizeof(v), NULL, 0);
}

static void fe_set_state(struct front_end *fe, uint32_t request, uint32_t index, uint32_t num)
{
	uint32_t st[2] = {index, num};

	fe_send(fe, request, 0, st, sizeof(st), NULL, 0);
}

static void fe_negotiate(struct front_end *fe)
{
	uint64_t features = fe_get_u64(fe, GET_FEATURES);
	uint64_t want = 1ull << VIRTIO_F_VERSION_1 | 1ull << 30 | 1ull << VIRTIO_RING_F_EVENT_IDX;

	CHECK((features & want) == want, "features 0x%" PRIx64, features);
	CHECK(!(features & 1ull << VIRTIO_RING_F_INDIRECT_DESC), "indirect offered");
	CHECK_EQ(fe_get_u64(fe, GET_PROTOCOL_FEATURES), 0x9); /* MQ | REPLY_ACK */
	fe_set_u64(fe, SET_PROTOCOL_FEATURES, 0x9);
	CHECK_EQ(fe_get_u64(fe, GET_QUEUE_NUM), 2);
	fe_send(fe, SET_OWNER, 0, NULL, 0, NULL, 0);
	fe_set_acked(fe, SET_FEATURES, &want, sizeof(want), NULL, 0);
}

static void fe_mem_table(struct front_end *fe)
{
	uint64_t mem[2 * 4 + 1] = {
		2, /* nregions, padding */
		REGION_A_GPA,
		REGION_A_LEN,
		REGION_A_UVA,
		0,
		REGION_B_GPA,
		REGION_B_LEN,
		REGION_B_UVA,
		REGION_B_OFF,
	};
	int fds[2] = {fe->memfd, fe->memfd};

	fe_set_acked(fe, SET_MEM_TABLE, mem, sizeof(mem), fds, 2);
}

/* Set up ring @q as a driver does: cleared, addresses, base 0, kick, call, enabled. */
static void fe_ring(struct front_end *fe, int q)
{
	uint8_t *ring = fe->mem + REGION_B_OFF + RING_OFF(q);
	uint64_t uva = REGION_B_UVA + RING_OFF(q);
	struct {
		uint32_t index, flags;
		uint64_t desc, used, avail, log;
	} addr;

	memset(ring, 0, vring_size(RING_NUM, 4096));
	vring_init(&fe->vr[q], RING_NUM, ring, 4096);
	fe->avail_idx[q] = fe->used_seen[q] = 0;
	addr.index = (uint32_t)q;
	addr.flags = 0;
	addr.desc = uva;
	addr.avail = uva + ((uint8_t *)fe->vr[q].avail - ring);
	addr.used = uva + ((uint8_t *)fe->vr[q].used - ring);
	addr.log = 0;
	fe_set_state(fe, SET_VRING_NUM, (uint32_t)q, RING_NUM);
	fe_set_state(fe, SET_VRING_BASE, (uint32_t)q, 0);
	fe_send(fe, SET_VRING_ADDR, 0, &addr, sizeof(addr), NULL, 0);
	if (fe->kick[q] < 0)
		fe->kick[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fe->call[q] < 0)
		fe->call[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	{
		uint64_t v = (uint64_t)q;

		fe_send(fe, SET_VRING_KICK, 0, &v, sizeof(v), &fe->kick[q], 1);
		fe_send(fe, SET_VRING_CALL, 0, &v, sizeof(v), &fe->call[q], 1);
	}
	fe_set_state(fe, SET_VRING_ENABLE, (uint32_t)q, 1);
}

static void fe_kick(struct front_end *fe, int q)
{
	uint64_t one = 1;

	CHECK(write(fe->kick[q], &one, sizeof(one)) == sizeof(one));
}

/* Post one buffer on ring @q at guest-physical @gpa. */
static void fe_post(struct front_end *fe, int q, uint16_t desc, uint64_t gpa, uint32_t len,
		    bool device_writes)
{
	struct vring *vr = &fe->vr[q];

	vr->desc[desc].addr = gpa;
	vr->desc[desc].len = len;
	vr->desc[desc].flags = device_writes ? VRING_DESC_F_WRITE : 0;
	vr->desc[desc].next = 0;
	vr->avail->ring[fe->avail_idx[q] % RING_NUM] = desc;
	fe->avail_idx[q]++;
	__atomic_store_n(&vr->avail->idx, fe->avail_idx[q], __ATOMIC_RELEASE);
}

static uint8_t *gpa_ptr(struct front_end *fe, uint64_t gpa)
{
	if (gpa >= REGION_B_GPA)
		return fe->mem + REGION_B_OFF + (gpa - REGION_B_GPA);
	return fe->mem + gpa;
}

/* All RX buffers on vq0 (they live in region A). */
static void fe_post_rx(struct front_end *fe)
{
	for (uint16_t i = 0; i < RING_NUM; i++)
		fe_post(fe, 0, i, RXBUF_GPA + (uint64_t)i * BUF_SIZE, BUF_SIZE, true);
	fe_kick(fe, 0);
}

/* Wait until ring @q's used index reaches @want. */
static void fe_wait_used(struct front_end *fe, int q, uint16_t want)
{
	uint64_t deadline = now_ms() + WAIT_MS;

	while (__atomic_load_n(&fe->vr[q].used->idx, __ATOMIC_ACQUIRE) != want) {
		CHECK(now_ms() < deadline, "vq%d used idx %u, want %u (bus: %s)", q,
		      __atomic_load_n(&fe->vr[q].used->idx, __ATOMIC_ACQUIRE), want,
		      rpmsg_bus_error(fe->bus));
		pause_ms(1);
	}
}

/* The next message the device wrote into vq0: its header and payload. */
static void fe_take_rx(struct front_end *fe, struct rpmsg_hdr *hdr, uint8_t *payload)
{
	struct vring_used_elem *e = &fe->vr[0].used->ring[fe->used_seen[0] % RING_NUM];
	uint64_t gpa;

	fe->used_seen[0]++;
	CHECK(e->id < RING_NUM, "used id %u", e->id);
	gpa = fe->vr[0].desc[e->id].addr;
	CHECK(e->len >= sizeof(*hdr) && e->len <= BUF_SIZE, "used len %u", e->len);
	memcpy(hdr, gpa_ptr(fe, gpa), sizeof(*hdr));
	CHECK(hdr->len <= e->len - sizeof(*hdr));
	memcpy(payload, gpa_ptr(fe, gpa) + sizeof(*hdr), hdr->len);
	/* Give the buffer back, as the kernel does after each message. */
	fe_post(fe, 0, (uint16_t)e->id, gpa, BUF_SIZE, true);
}

static bool fd_readable(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};

	return poll(&pfd, 1, 0) == 1;
}

/* The device's name-service announcement of rpmsg-echo: Return: its address. */
static uint32_t fe_expect_announcement(struct front_end *fe)
{
	struct rpmsg_hdr hdr;
	struct rpmsg_ns_msg ns;
	uint8_t payload[BUF_SIZE];

	fe_wait_used(fe, 0, (uint16_t)(fe->used_seen[0] + 1));
	fe_take_rx(fe, &hdr, payload);
	CHECK_EQ(hdr.dst, RPMSG_NS_ADDR);
	CHECK_EQ(hdr.len, sizeof(ns));
	memcpy(&ns, payload, sizeof(ns));
	CHECK_STR_EQ(ns.name, "rpmsg-echo");
	CHECK_EQ(ns.flags, RPMSG_NS_CREATE);
	CHECK_EQ(ns.addr, rpmsg_ept_addr(fe->echo));
	return ns.addr;
}

/* A device that has been set up and has announced rpmsg-echo. */
static uint32_t fe_bring_up(struct front_end *fe)
{
	fe_connect(fe);
	fe_negotiate(fe);
	fe_mem_table(fe);
	fe_ring(fe, 0);
	fe_ring(fe, 1);
	fe_post_rx(fe);
	return fe_expect_announcement(fe);
}

static void wait_status(struct front_end *fe, int want)
{
	uint64_t deadline = now_ms() + WAIT_MS;

	while (rpmsg_bus_status(fe->bus) != want) {
		CHECK(now_ms() < deadline, "bus status %d, want %d", rpmsg_bus_status(fe->bus),
		      want);
		pause_ms(1);
	}
}

static void case_lifecycle(void)
{
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	struct rpmsg_monitor *mon;
	struct front_end fe;
	uint32_t echo_addr, st[2];
	unsigned int found = 0;

	CHECK(snap);
	firmware_open(&fe, "life");
	CHECK_RC(rpmsg_bus_wait_peer(fe.bus, 10), -ETIMEDOUT); /* no driver yet */
	echo_addr = fe_bring_up(&fe);
	CHECK_RC(rpmsg_bus_wait_peer(fe.bus, WAIT_MS), 0);
	CHECK(fd_readable(fe.call[0]), "no interrupt for the announcement");

	/* 50 messages into vq1 (buffers in region B), 50 echoes back on vq0, in order. */
	for (uint16_t i = 0; i < 50; i++) {
		uint64_t gpa = REGION_B_GPA + TXBUF_OFF + (uint64_t)i * BUF_SIZE;
		struct rpmsg_hdr h = {.src = 0x400, .dst = echo_addr, .len = 0};
		char text[32];

		h.len = (uint16_t)snprintf(text, sizeof(text), "message %u", i);
		memcpy(gpa_ptr(&fe, gpa), &h, sizeof(h));
		memcpy(gpa_ptr(&fe, gpa) + sizeof(h), text, h.len);
		fe_post(&fe, 1, i, gpa, (uint32_t)sizeof(h) + h.len, false);
	}
	fe_kick(&fe, 1);
	fe_wait_used(&fe, 1, 50);
	fe_wait_used(&fe, 0, 51);
	for (unsigned int i = 0; i < 50; i++) {
		struct rpmsg_hdr h;
		uint8_t payload[BUF_SIZE];
		char text[32];

		fe_take_rx(&fe, &h, payload);
		snprintf(text, sizeof(text), "message %u", i);
		CHECK_EQ(h.src, echo_addr);
		CHECK_EQ(h.dst, 0x400);
		CHECK_EQ(h.len, strlen(text));
		CHECK(memcmp(payload, text, h.len) == 0, "echo %u differs", i);
	}
	CHECK_EQ(fe.echoed, 50);

	/* A monitor sees the device as any bus: live, the channel and its exact counts. */
	CHECK_RC(rpmsg_monitor_open(fe.name, &mon), 0);
	CHECK_RC(rpmsg_monitor_snapshot(mon, snap), 0);
	CHECK_EQ(snap->status & VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_DRIVER_OK);
	CHECK_EQ(snap->remote_pid, getpid());
	CHECK_EQ(snap->host_pid, getpid()); /* the "front end" is this process */
	for (unsigned int i = 0; i < snap->channel_count; i++) {
		const struct rpmsg_monitor_channel *c = &snap->channels[i];

		if (strcmp(c->name, "rpmsg-echo"))
			continue;
		found++;
		if (c->side == RPMSG_ROLE_REMOTE) {
			CHECK_EQ(c->rx_msgs, 50);
			CHECK_EQ(c->tx_msgs, 51); /* 50 echoes + the announcement, as on any bus */
			CHECK_EQ(c->origin, RPMSG_ORIGIN_ANNOUNCED);
			CHECK_EQ(c->remote_addr, 0x400);
		} else {
			/* The guest's half, derived from ours: what monitors count traffic on. */
			CHECK_EQ(c->side, RPMSG_ROLE_HOST);
			CHECK_EQ(c->local_addr, 0x400);
			CHECK_EQ(c->remote_addr, echo_addr);
			CHECK_EQ(c->tx_msgs, 50);
			CHECK_EQ(c->rx_msgs, 51);
			CHECK_EQ(c->origin, RPMSG_ORIGIN_PEER);
		}
	}
	CHECK_EQ(found, 2);
	rpmsg_monitor_close(mon);

	/* GET_VRING_BASE stops a ring and says where it stopped: 50 taken on vq1, 51 on vq0. */
	fe_set_state(&fe, GET_VRING_BASE, 1, 0);
	fe_reply(&fe, GET_VRING_BASE, st, sizeof(st));
	CHECK_EQ(st[0], 1);
	CHECK_EQ(st[1], 50);
	fe_set_state(&fe, GET_VRING_BASE, 0, 0);
	fe_reply(&fe, GET_VRING_BASE, st, sizeof(st));
	CHECK_EQ(st[0], 0);
	CHECK_EQ(st[1], 51);
	CHECK_RC(rpmsg_bus_status(fe.bus), 0); /* a stopped device is not a dead one */

	/* A driver reload: fresh rings, and the name is announced again. */
	fe_mem_table(&fe);
	fe_ring(&fe, 0);
	fe_ring(&fe, 1);
	fe_post_rx(&fe);
	CHECK_EQ(fe_expect_announcement(&fe), echo_addr);
	CHECK_RC(rpmsg_bus_wait_peer(fe.bus, WAIT_MS), 0);

	/* The front end goes away: a dead peer. */
	close(fe.sock);
	fe.sock = -1;
	wait_status(&fe, -EPIPE);
	CHECK(strstr(rpmsg_bus_error(fe.bus), "closed the connection"), "error: %s",
	      rpmsg_bus_error(fe.bus));
	firmware_close(&fe);
	CHECK_RC(rpmsg_monitor_open(fe.name, &mon), -ENOENT); /* the control shm is gone */
	free(snap);
	printf("lifecycle: announce, 50 echoes, monitor, GET_VRING_BASE 50/51, re-announce, "
	       "-EPIPE: ok\n");
}

/* A bad message breaks the bus with an error naming the request and @field. */
static void expect_refusal(struct front_end *fe, const char *request, const char *field)
{
	wait_status(fe, -EIO);
	CHECK(strstr(rpmsg_bus_error(fe->bus), request), "error \"%s\" does not name %s",
	      rpmsg_bus_error(fe->bus), request);
	CHECK(strstr(rpmsg_bus_error(fe->bus), field), "error \"%s\" does not name \"%s\"",
	      rpmsg_bus_error(fe->bus), field);
	printf("refused: %s\n", rpmsg_bus_error(fe->bus));
	firmware_close(fe);
}

static void case_oversized(void)
{
	struct front_end fe;
	struct hdr h = {.request = GET_FEATURES, .flags = 1, .size = 4096};

	firmware_open(&fe, "big");
	fe_connect(&fe);
	CHECK(send(fe.sock, &h, sizeof(h), MSG_NOSIGNAL) == sizeof(h));
	expect_refusal(&fe, "GET_FEATURES", "size 4096");
}

static void case_too_many_regions(void)
{
	struct front_end fe;
	uint64_t mem[1 + 4 * 8] = {9};

	firmware_open(&fe, "nreg");
	fe_connect(&fe);
	fe_negotiate(&fe);
	fe_send(&fe, SET_MEM_TABLE, 0, mem, 8, NULL, 0);
	expect_refusal(&fe, "SET_MEM_TABLE", "nregions 9");
}

static void case_missing_fd(void)
{
	struct front_end fe;
	uint64_t mem[9] = {
		2, 0, 0x1000, 0x7f0000000000ull, 0, 0x100000, 0x1000, 0x7f0000100000ull, 0x1000};

	firmware_open(&fe, "fd");
	fe_connect(&fe);
	fe_negotiate(&fe);
	fe_send(&fe, SET_MEM_TABLE, 0, mem, sizeof(mem), &fe.memfd, 1);
	expect_refusal(&fe, "SET_MEM_TABLE", "1 fds for 2 regions");
}

static void case_bad_ring_index(void)
{
	struct front_end fe;

	firmware_open(&fe, "idx");
	fe_connect(&fe);
	fe_negotiate(&fe);
	fe_set_state(&fe, SET_VRING_NUM, 5, 64);
	expect_refusal(&fe, "SET_VRING_NUM", "ring index 5");
}

static void case_bad_ring_num(void)
{
	struct front_end fe;

	firmware_open(&fe, "num");
	fe_connect(&fe);
	fe_negotiate(&fe);
	fe_set_state(&fe, SET_VRING_NUM, 0, 100);
	expect_refusal(&fe, "SET_VRING_NUM", "num 100");
}

static void case_ring_outside_memory(void)
{
	struct front_end fe;
	struct {
		uint32_t index, flags;
		uint64_t desc, used, avail, log;
	} addr = {0, 0, 0x1000, REGION_B_UVA, REGION_B_UVA + 0x2000, 0};

	firmware_open(&fe, "addr");
	fe_connect(&fe);
	fe_negotiate(&fe);
	fe_mem_table(&fe);
	fe_set_state(&fe, SET_VRING_NUM, 0, RING_NUM);
	fe_send(&fe, SET_VRING_ADDR, 0, &addr, sizeof(addr), NULL, 0);
	expect_refusal(&fe, "SET_VRING_ADDR", "desc 0x1000");
}

static void case_unoffered_feature(void)
{
	struct front_end fe;
	uint64_t features = 1ull << VIRTIO_RING_F_INDIRECT_DESC;

	firmware_open(&fe, "feat");
	fe_connect(&fe);
	fe_send(&fe, SET_FEATURES, 0, &features, sizeof(features), NULL, 0);
	expect_refusal(&fe, "SET_FEATURES", "never offered");
}

static void case_unknown_request(void)
{
	struct front_end fe;

	firmware_open(&fe, "unk");
	fe_connect(&fe);
	fe_send(&fe, 99, 0, NULL, 0, NULL, 0);
	expect_refusal(&fe, "request 99", "not supported");
}

static void case_fd_with_nofd_flag(void)
{
	struct front_end fe;
	uint64_t v = 1u << 8; /* ring 0, "no fd" */
	int efd = eventfd(0, EFD_CLOEXEC);

	firmware_open(&fe, "nofd");
	fe_connect(&fe);
	fe_negotiate(&fe);
	fe_send(&fe, SET_VRING_CALL, 0, &v, sizeof(v), &efd, 1);
	close(efd);
	expect_refusal(&fe, "SET_VRING_CALL", "1 fds with the no-fd flag set");
}

/* A descriptor pointing outside guest memory breaks the ring, and so the bus. */
static void case_descriptor_outside_memory(void)
{
	struct front_end fe;

	firmware_open(&fe, "desc");
	fe_bring_up(&fe);
	fe_post(&fe, 1, 0, 0x80000000ull, 64, false);
	fe_kick(&fe, 1);
	expect_refusal(&fe, "vq1", "addr 0x80000000 len 64 outside guest memory");
}

static const struct {
	const char *name;
	void (*run)(void);
} cases[] = {
	{"lifecycle", case_lifecycle},
	{"oversized", case_oversized},
	{"too_many_regions", case_too_many_regions},
	{"missing_fd", case_missing_fd},
	{"bad_ring_index", case_bad_ring_index},
	{"bad_ring_num", case_bad_ring_num},
	{"ring_outside_memory", case_ring_outside_memory},
	{"unoffered_feature", case_unoffered_feature},
	{"unknown_request", case_unknown_request},
	{"fd_with_nofd_flag", case_fd_with_nofd_flag},
	{"descriptor_outside_memory", case_descriptor_outside_memory},
};

int main(int argc, char **argv)
{
	unsigned int ran = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	atexit(remove_made);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name))
			continue;
		cases[i].run();
		ran++;
	}
	CHECK(ran > 0, "no case named %s", argc > 1 ? argv[1] : "");
	printf("firmware_vhost_protocol: %u cases passed\n", ran);
	return 0;
}
