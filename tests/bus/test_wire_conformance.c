// SPDX-License-Identifier: MIT
/*
 * bus_wire_conformance: what the library puts into shared memory is what the kernel's
 * virtio_rpmsg_bus and remoteproc would put there, checked byte for byte by an independent
 * reader (shm_view: resource table at offset 0, vrings from <linux/virtio_ring.h>):
 * - the resource table: one RSC_VDEV, id 7, VIRTIO_RPMSG_F_NS offered and negotiated, DRIVER_OK,
 *   two vrings of 256 entries inside the carve-out;
 * - the host pre-fills vq0 with its 256 RX buffers (512 bytes, device-writable), RX buffers are
 *   the first half of the pool and TX buffers the second half;
 * - a name-service announcement, a message from the remote and one from the host, compared
 *   against hand-built little-endian byte arrays (rpmsg_hdr + payload, rpmsg_ns_msg);
 * - send_offchannel puts the given source address on the wire; a message to an address nobody
 *   listens on is counted as a drop, not lost silently.
 * Both sides run in polling mode so the rings can be read before anybody consumes them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/virtio_config.h>
#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"
#include "shm_view.h"

#define PA_BASE	       0x40000000ull
#define SVC_ADDR       1234u
#define OFFCHANNEL_SRC 4321u

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	struct test_cmd cmd;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	cfg.threaded = false;
	bus = test_open_bus(&cfg);
	CHECK_RC(rpmsg_create_ept(bus, "conform", SVC_ADDR, RPMSG_ADDR_ANY, NULL, NULL, &ept), 0);
	for (;;) {
		CHECK(test_link_recv(&ctl, &cmd, TEST_WAIT_MS), "no command from the host");
		switch (cmd.op) {
		case 'A':
			CHECK_RC(rpmsg_announce(ept), 0);
			break;
		case 'S':
			CHECK_RC(rpmsg_sendto(ept, "abc", 3, (uint32_t)cmd.value), 0);
			break;
		case 'O':
			CHECK_RC(rpmsg_send_offchannel(ept, OFFCHANNEL_SRC, (uint32_t)cmd.value,
						       "off", 3),
				 0);
			break;
		case 'Q':
			rpmsg_bus_close(bus);
			return 0;
		}
		test_link_send(&ctl, 'k', 0);
	}
}

static void command(char op, int64_t value)
{
	test_link_send(&ctl, op, value);
	test_link_expect(&ctl, 'k');
}

static void check_header_bytes(const uint8_t *buf, uint32_t src, uint32_t dst, const void *payload,
			       uint16_t len)
{
	uint8_t want[16 + 64] = {0};

	want[0] = (uint8_t)src;
	want[1] = (uint8_t)(src >> 8);
	want[2] = (uint8_t)(src >> 16);
	want[3] = (uint8_t)(src >> 24);
	want[4] = (uint8_t)dst;
	want[5] = (uint8_t)(dst >> 8);
	want[6] = (uint8_t)(dst >> 16);
	want[7] = (uint8_t)(dst >> 24);
	/* bytes 8..11: reserved, free for the sender's use (OpenAMP stores indices): skipped */
	want[12] = (uint8_t)len;
	want[13] = (uint8_t)(len >> 8);
	want[14] = 0; /* flags */
	want[15] = 0;
	memcpy(want + 16, payload, len);
	CHECK(!memcmp(buf, want, 8) && !memcmp(buf + 12, want + 12, 4u + len),
	      "message bytes differ: got src %02x%02x%02x%02x dst %02x%02x%02x%02x len %02x%02x "
	      "flags %02x%02x",
	      buf[3], buf[2], buf[1], buf[0], buf[7], buf[6], buf[5], buf[4], buf[13], buf[12],
	      buf[15], buf[14]);
}

int main(void)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus_stats st0, st1;
	struct rpmsg_driver drv;
	struct test_channels tc;
	struct test_channel_rec r;
	struct rpmsg_bus *bus;
	struct shm_view v;
	uint16_t head;
	pid_t remote;
	uint8_t *buf;

	remote = channels_host_start(&tc, &ctl, bus_name, sizeof(bus_name), "conform", remote_main,
				     &cfg);
	cfg.threaded = false;
	cfg.pa_base = PA_BASE;
	bus = test_open_bus(&cfg);
	channels_register(bus, &drv, "conform", NULL, &tc);
	CHECK_RC(rpmsg_bus_wait_peer(bus, TEST_WAIT_MS), 0);

	/* the resource table, as remoteproc reads it */
	shm_view_open(&v, bus_name, PA_BASE, false);
	CHECK(v.vdev->id == VIRTIO_ID_RPMSG);
	CHECK(v.vdev->dfeatures & (1u << VIRTIO_RPMSG_F_NS), "dfeatures 0x%x", v.vdev->dfeatures);
	CHECK(v.vdev->gfeatures & (1u << VIRTIO_RPMSG_F_NS), "gfeatures 0x%x", v.vdev->gfeatures);
	CHECK(v.vdev->status & VIRTIO_CONFIG_S_DRIVER_OK, "status 0x%x", v.vdev->status);
	CHECK(v.num == 256 && v.vdev->vring[0].num == 256 && v.vdev->vring[1].num == 256);
	CHECK(v.vdev->vring[0].notifyid != v.vdev->vring[1].notifyid);

	/* vq0: the host's 256 RX buffers, 512 bytes each, device-writable, first half of the pool
	 */
	uint64_t rx_max = 0, tx_min = UINT64_MAX;

	CHECK(shm_view_avail_idx(&v, 0) == 256, "vq0 avail idx %u", shm_view_avail_idx(&v, 0));
	for (unsigned int i = 0; i < 256; i++) {
		struct vring_desc *d = &v.vr[0].desc[v.vr[0].avail->ring[i]];

		CHECK(d->len == 512 && d->flags == VRING_DESC_F_WRITE,
		      "RX desc %u: len %u flags %u", i, d->len, d->flags);
		CHECK(shm_view_translate(&v, d->addr, d->len), "RX desc %u outside", i);
		rx_max = d->addr > rx_max ? d->addr : rx_max;
	}

	/* the name-service announcement */
	command('A', 0);
	buf = shm_view_last_used_buf(&v, 0, &head);
	CHECK(v.vr[0].used->ring[(uint16_t)(shm_view_used_idx(&v, 0) - 1) % 256].len == 16 + 40);
	uint8_t ns[40] = {'c', 'o', 'n', 'f', 'o', 'r', 'm'};

	ns[32] = SVC_ADDR & 0xff;
	ns[33] = SVC_ADDR >> 8;
	check_header_bytes(buf, SVC_ADDR, RPMSG_NS_ADDR, ns, sizeof(ns));

	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     !test_expired(end) && !channels_find(&tc, "conform", SVC_ADDR, &r);)
		CHECK(rpmsg_bus_poll(bus, 10) >= 0, "poll: %s", rpmsg_bus_error(bus));
	CHECK(channels_find(&tc, "conform", SVC_ADDR, &r), "channel not probed");

	/* remote -> host */
	command('S', r.local_addr);
	buf = shm_view_last_used_buf(&v, 0, &head);
	check_header_bytes(buf, SVC_ADDR, r.local_addr, "abc", 3);
	command('O', r.local_addr);
	buf = shm_view_last_used_buf(&v, 0, &head);
	check_header_bytes(buf, OFFCHANNEL_SRC, r.local_addr, "off", 3);
	CHECK(rpmsg_bus_poll(bus, 0) >= 0);

	/* host -> remote: a TX buffer from the second half of the pool */
	CHECK_RC(rpmsg_send(r.ept, "xyz", 3), 0);
	buf = shm_view_last_avail_buf(&v, 1, &head);
	CHECK(v.vr[1].desc[head].flags == 0 && v.vr[1].desc[head].len == 16 + 3,
	      "TX desc flags %u len %u", v.vr[1].desc[head].flags, v.vr[1].desc[head].len);
	tx_min = v.vr[1].desc[head].addr;
	check_header_bytes(buf, r.local_addr, SVC_ADDR, "xyz", 3);
	CHECK_RC(rpmsg_trysend_offchannel(r.ept, 777, SVC_ADDR, "pqr", 3), 0);
	buf = shm_view_last_avail_buf(&v, 1, &head);
	check_header_bytes(buf, 777, SVC_ADDR, "pqr", 3);
	CHECK(tx_min > rx_max, "TX buffer at 0x%llx is not above the RX buffers (up to 0x%llx)",
	      (unsigned long long)tx_min, (unsigned long long)rx_max);

	/* a message for nobody is a counted drop */
	rpmsg_bus_get_stats(bus, &st0);
	command('S', 9999);
	for (uint64_t end = test_deadline(TEST_WAIT_MS); !test_expired(end);) {
		CHECK(rpmsg_bus_poll(bus, 10) >= 0);
		rpmsg_bus_get_stats(bus, &st1);
		if (st1.drops > st0.drops)
			break;
	}
	rpmsg_bus_get_stats(bus, &st1);
	CHECK(st1.drops == st0.drops + 1, "drops %llu -> %llu after a message to address 9999",
	      (unsigned long long)st0.drops, (unsigned long long)st1.drops);

	shm_view_close(&v);
	test_pair_finish(&ctl, remote, bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
