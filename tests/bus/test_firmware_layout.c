// SPDX-License-Identifier: MIT
/*
 * bus_firmware_layout: the remote owns the resource table, as remoteproc firmware does
 * (RPMSG_LAYOUT_FIRMWARE_OWNED): it creates the carve-out, writes the table at rsc_offset and
 * waits; the host adopts the table and brings its own buffer pool (like a device tree's
 * vdev0buffer). An independent reader finds a valid table with both vrings inside the carve-out
 * and clear of the pool; NS and messages work both ways (1,000 echoes, in order); the monitor
 * refuses the bus cleanly (it has no control block); when the remote is SIGKILLed the host's
 * sends fail with -EPIPE (the socket doorbell is the only sign of life).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/virtio_config.h>
#include <rpmsg/monitor.h>
#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"
#include "shm_view.h"

#define PA_BASE	    0x60000000ull
#define SHM_SIZE    0x50000u
#define RSC_OFFSET  0x0u
#define POOL_OFFSET 0x10000u
#define POOL_SIZE   0x40000u
#define ECHOES	    1000

static char bus_name[RPMSG_BUS_NAME_MAX];
static char shm_path[RPMSG_BUS_NAME_MAX + 16];
static char socket_path[108];
static struct test_link ctl;

static void config(struct rpmsg_bus_config *cfg, enum rpmsg_role role)
{
	rpmsg_bus_config_init(cfg, bus_name, role);
	cfg->layout = RPMSG_LAYOUT_FIRMWARE_OWNED;
	cfg->mbox = RPMSG_MBOX_SOCKET;
	cfg->socket_path = socket_path;
	cfg->shm_path = shm_path;
	cfg->shm_size = SHM_SIZE;
	cfg->rsc_offset = RSC_OFFSET;
	cfg->buf_pool_offset = POOL_OFFSET;
	cfg->buf_pool_size = POOL_SIZE;
	cfg->pa_base = PA_BASE;
	cfg->attach_timeout_ms = TEST_WAIT_MS;
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;

	config(&cfg, RPMSG_ROLE_REMOTE);
	bus = test_open_bus(&cfg); /* returns once the host has connected */
	test_announce_ept(bus, "fw-echo", test_echo_cb, NULL);
	test_link_expect(&ctl, 'Q'); /* or SIGKILL */
	rpmsg_bus_close(bus);
	return 0;
}

static struct test_seq_counter echoes;

static int host_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	test_seq_count(&echoes, data, len);
	return 0;
}

static void check_table(void)
{
	struct shm_view v;

	shm_view_open_path(&v, shm_path, RSC_OFFSET, PA_BASE, false);
	CHECK(v.vdev->dfeatures & (1u << VIRTIO_RPMSG_F_NS), "dfeatures 0x%x", v.vdev->dfeatures);
	CHECK(v.vdev->status & VIRTIO_CONFIG_S_DRIVER_OK, "status 0x%x", v.vdev->status);
	for (int i = 0; i < 2; i++) {
		size_t end = v.vring_offset[i] + vring_size(v.num, v.vdev->vring[i].align);

		CHECK(end <= POOL_OFFSET || v.vring_offset[i] >= POOL_OFFSET + POOL_SIZE,
		      "vring %d [0x%zx, 0x%zx) overlaps the host's buffer pool", i,
		      v.vring_offset[i], end);
	}
	/* the host's RX buffers come from the pool it was given */
	for (unsigned int i = 0; i < 16; i++) {
		struct vring_desc *d = &v.vr[0].desc[v.vr[0].avail->ring[i]];

		CHECK(d->addr >= PA_BASE + POOL_OFFSET &&
			      d->addr + d->len <= PA_BASE + POOL_OFFSET + POOL_SIZE,
		      "RX buffer at 0x%llx is outside the pool", (unsigned long long)d->addr);
	}
	test_log("firmware table: vrings at 0x%zx and 0x%zx, num %u, dfeatures 0x%x",
		 v.vring_offset[0], v.vring_offset[1], v.num, v.vdev->dfeatures);
	shm_view_close(&v);
}

int main(void)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_driver drv;
	struct test_channels tc;
	struct rpmsg_endpoint *ept;
	struct rpmsg_monitor *mon = NULL;
	struct rpmsg_bus *bus;
	pid_t remote;
	int rc;

	/* the remote needs both paths before it starts: name the bus first */
	test_bus_name(bus_name, sizeof(bus_name), "fw");
	snprintf(shm_path, sizeof(shm_path), RPMSG_SHM_PREFIX "%s", bus_name);
	snprintf(socket_path, sizeof(socket_path), "/tmp/rpmsg-bustest-%d.sock", (int)getpid());
	channels_init(&tc);
	/* shm_path is the bus's usual name: unlinked at exit too */
	remote = test_pair_start(&ctl, bus_name, sizeof(bus_name), "fw", socket_path, remote_main,
				 NULL);

	config(&cfg, RPMSG_ROLE_HOST);
	bus = test_open_bus(&cfg);
	channels_register(bus, &drv, "fw-echo", host_rx, &tc);
	ept = channels_wait_ept(&tc, "fw-echo", RPMSG_ADDR_ANY);
	check_table();

	for (uint32_t seq = 0; seq < ECHOES; seq++)
		CHECK_RC(rpmsg_send(ept, &seq, sizeof(seq)), 0);
	for (uint64_t end = test_deadline(TEST_WAIT_MS);
	     __atomic_load_n(&echoes.seen, __ATOMIC_ACQUIRE) < ECHOES;) {
		CHECK(!test_expired(end), "%u of %d echoes", echoes.seen, ECHOES);
		test_sleep_ms(1);
	}
	CHECK(!echoes.errors, "%u echoes out of order or damaged", echoes.errors);

	/* no control block: introspection is refused, not guessed */
	rc = rpmsg_monitor_open(bus_name, &mon);
	if (rc == 0) {
		struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));

		rc = rpmsg_monitor_snapshot(mon, snap);
		free(snap);
		rpmsg_monitor_close(mon);
	}
	CHECK(rc == -EIO, "monitor on a firmware-owned bus: %s", test_errname(rc));

	/* the remote dies: the doorbell socket closes and sends fail with -EPIPE */
	CHECK(kill(remote, SIGKILL) == 0);
	test_wait_child(remote, TEST_WAIT_MS, SIGKILL);
	for (uint64_t end = test_deadline(TEST_WAIT_MS);;) {
		rc = rpmsg_trysend(ept, "x", 1);
		if (rc == -EPIPE)
			break;
		CHECK(rc == 0 || rc == -ENOMEM, "send after the remote died: %s", test_errname(rc));
		CHECK(!test_expired(end), "the host never noticed the remote died");
		test_sleep_ms(1);
	}
	CHECK_RC(rpmsg_bus_status(bus), -EPIPE);
	test_log("after SIGKILL: %s", rpmsg_bus_error(bus));
	rpmsg_bus_close(bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
