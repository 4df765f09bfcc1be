// SPDX-License-Identifier: MIT
/*
 * bus_wire_layout: the rpmsg header, name-service message, resource table and split vring are
 * laid out byte for byte as the kernel lays them out (drivers/rpmsg/virtio_rpmsg_bus.c,
 * rpmsg_ns.c, include/linux/remoteproc.h, include/uapi/linux/virtio_ring.h). Each structure is
 * compared against a hand-built little-endian byte array, in both directions (bytes -> struct
 * fields, struct -> bytes).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/virtio_ring.h>
#include <rpmsg/wire.h>

#include "harness.h"

/* A field's offset as compiled and as the kernel lays it out, named for the failure message. */
struct field_at {
	const char *name;
	size_t offset, kernel;
};

/* one line: clang-format would spread the initialiser over four */
/* clang-format off */
#define FIELD_AT(type, field, at) {#type "." #field, offsetof(type, field), at}
/* clang-format on */

static void check_fields(const struct field_at *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		CHECK(f[i].offset == f[i].kernel, "%s at %zu, the kernel's at %zu", f[i].name,
		      f[i].offset, f[i].kernel);
}

/* @what, filled field by field, is byte for byte the kernel's @bytes. */
static void check_serialises(const void *what, const uint8_t *bytes, size_t size, const char *name)
{
	CHECK(!memcmp(what, bytes, size), "%s does not serialise as the kernel's", name);
}

static void test_rpmsg_hdr_matches_kernel_bytes(void)
{
	/* src 1024, dst 53, reserved 0xdeadbeef (OpenAMP buffer index), len 40, flags 0x0102 */
	static const uint8_t bytes[16] = {
		0x00, 0x04, 0x00, 0x00, 0x35, 0x00, 0x00, 0x00,
		0xef, 0xbe, 0xad, 0xde, 0x28, 0x00, 0x02, 0x01,
	};
	static const struct field_at fields[] = {
		FIELD_AT(struct rpmsg_hdr, src, 0),	 FIELD_AT(struct rpmsg_hdr, dst, 4),
		FIELD_AT(struct rpmsg_hdr, reserved, 8), FIELD_AT(struct rpmsg_hdr, len, 12),
		FIELD_AT(struct rpmsg_hdr, flags, 14),	 FIELD_AT(struct rpmsg_hdr, data, 16)};
	struct rpmsg_hdr hdr;

	CHECK(sizeof(struct rpmsg_hdr) == 16);
	check_fields(fields, sizeof(fields) / sizeof(fields[0]));

	memcpy(&hdr, bytes, sizeof(hdr));
	CHECK(hdr.src == 1024, "src %u", hdr.src);
	CHECK(hdr.dst == RPMSG_NS_ADDR, "dst %u", hdr.dst);
	CHECK(hdr.reserved == 0xdeadbeef, "reserved 0x%x", hdr.reserved);
	CHECK(hdr.len == 40, "len %u", hdr.len);
	CHECK(hdr.flags == 0x0102, "flags 0x%x", hdr.flags);

	memset(&hdr, 0, sizeof(hdr));
	hdr.src = 1024;
	hdr.dst = 53;
	hdr.reserved = 0xdeadbeef;
	hdr.len = 40;
	hdr.flags = 0x0102;
	check_serialises(&hdr, bytes, sizeof(bytes), "struct rpmsg_hdr");
}

static void test_ns_msg_matches_kernel_bytes(void)
{
	uint8_t bytes[40] = {0};
	static const struct field_at fields[] = {FIELD_AT(struct rpmsg_ns_msg, name, 0),
						 FIELD_AT(struct rpmsg_ns_msg, addr, 32),
						 FIELD_AT(struct rpmsg_ns_msg, flags, 36)};
	struct rpmsg_ns_msg ns;

	CHECK(sizeof(struct rpmsg_ns_msg) == 40);
	check_fields(fields, sizeof(fields) / sizeof(fields[0]));
	CHECK(RPMSG_NS_CREATE == 0 && RPMSG_NS_DESTROY == 1);
	CHECK(RPMSG_NS_ADDR == 53 && RPMSG_RESERVED_ADDRESSES == 1024 &&
	      RPMSG_ADDR_ANY == 0xffffffffu);

	/* "rpmsg-client-sample" at 0x401, DESTROY */
	memcpy(bytes, "rpmsg-client-sample", 19);
	bytes[32] = 0x01;
	bytes[33] = 0x04;
	bytes[36] = 0x01;

	memcpy(&ns, bytes, sizeof(ns));
	CHECK(!strcmp(ns.name, "rpmsg-client-sample"));
	CHECK(ns.addr == 0x401, "addr 0x%x", ns.addr);
	CHECK(ns.flags == RPMSG_NS_DESTROY, "flags %u", ns.flags);

	memset(&ns, 0, sizeof(ns));
	strcpy(ns.name, "rpmsg-client-sample");
	ns.addr = 0x401;
	ns.flags = RPMSG_NS_DESTROY;
	check_serialises(&ns, bytes, sizeof(bytes), "struct rpmsg_ns_msg");
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void test_resource_table_matches_remoteproc_bytes(void)
{
	/*
	 * A table as OpenAMP's Linux machine writes it: ver 1, one entry at 0x14, an RSC_VDEV
	 * (id 7, notifyid 2, dfeatures 1 = VIRTIO_RPMSG_F_NS, status 0, 2 vrings), vring 0 at
	 * 0x4000 and vring 1 at 0x8000, align 16, num 256, notify ids 0 and 1.
	 */
	uint8_t bytes[0x14 + 4 + 24 + 2 * 20] = {0};
	uint8_t *v = bytes + 0x14;
	struct resource_table *table = (struct resource_table *)bytes;
	static const struct field_at fields[] = {FIELD_AT(struct resource_table, offset, 16),
						 FIELD_AT(struct fw_rsc_vdev, dfeatures, 8),
						 FIELD_AT(struct fw_rsc_vdev, config_len, 16),
						 FIELD_AT(struct fw_rsc_vdev, status, 20),
						 FIELD_AT(struct fw_rsc_vdev, num_of_vrings, 21),
						 FIELD_AT(struct fw_rsc_vdev, vring, 24),
						 FIELD_AT(struct fw_rsc_vdev_vring, notifyid, 12)};
	struct fw_rsc_hdr *hdr;
	struct fw_rsc_vdev *vdev;

	put32(bytes + 0, 1);
	put32(bytes + 4, 1);
	put32(bytes + 16, 0x14);
	put32(v + 0, RSC_VDEV);
	put32(v + 4, VIRTIO_ID_RPMSG);
	put32(v + 8, 2);
	put32(v + 12, 1u << VIRTIO_RPMSG_F_NS);
	put32(v + 16, 0);
	put32(v + 20, 0);
	v[24] = 0;		      /* status */
	v[25] = 2;		      /* num_of_vrings */
	for (int i = 0; i < 2; i++) { /* vrings at +28 */
		uint8_t *r = v + 28 + 20 * i;

		put32(r + 0, 0x4000 * (i + 1));
		put32(r + 4, 16);
		put32(r + 8, 256);
		put32(r + 12, (uint32_t)i);
		put32(r + 16, 0);
	}

	check_fields(fields, sizeof(fields) / sizeof(fields[0]));
	CHECK(RSC_CARVEOUT == 0 && RSC_DEVMEM == 1 && RSC_TRACE == 2 && RSC_VDEV == 3);

	CHECK(table->ver == 1 && table->num == 1 && table->offset[0] == 0x14);
	hdr = (struct fw_rsc_hdr *)(bytes + table->offset[0]);
	CHECK(hdr->type == RSC_VDEV);
	vdev = (struct fw_rsc_vdev *)hdr->data;
	CHECK(vdev->id == 7 && vdev->notifyid == 2 && vdev->dfeatures == 1 && vdev->gfeatures == 0);
	CHECK(vdev->config_len == 0 && vdev->status == 0 && vdev->num_of_vrings == 2);
	for (int i = 0; i < 2; i++) {
		CHECK(vdev->vring[i].da == 0x4000u * (i + 1), "vring %d da 0x%x", i,
		      vdev->vring[i].da);
		CHECK(vdev->vring[i].align == 16 && vdev->vring[i].num == 256);
		CHECK(vdev->vring[i].notifyid == (uint32_t)i && vdev->vring[i].pa == 0);
	}
}

static void test_split_vring_layout(void)
{
	/* num 256, align 4096: desc 4096 B, avail 4 + 512 + 2 (used_event), pad, used 4 + 2048 + 2
	 */
	static uint8_t ring[3 * 4096] __attribute__((aligned(4096)));
	static const struct field_at fields[] = {
		FIELD_AT(struct vring_desc, addr, 0), FIELD_AT(struct vring_desc, len, 8),
		FIELD_AT(struct vring_desc, flags, 12), FIELD_AT(struct vring_desc, next, 14)};
	struct vring vr;

	CHECK(sizeof(struct vring_desc) == 16 && sizeof(struct vring_used_elem) == 8);
	check_fields(fields, sizeof(fields) / sizeof(fields[0]));
	CHECK(vring_size(256, 4096) == 8192 + 4 + 8 * 256 + 2, "vring_size %u",
	      vring_size(256, 4096));
	CHECK(vring_size(16, 16) == 256 + 48 + 4 + 128 + 2, "vring_size %u", vring_size(16, 16));
	vring_init(&vr, 256, ring, 4096);
	CHECK((uint8_t *)vr.desc == ring);
	CHECK((uint8_t *)vr.avail == ring + 4096);
	CHECK((uint8_t *)vr.used == ring + 8192);
	CHECK((uint8_t *)&vring_used_event(&vr) == ring + 4096 + 4 + 512);
	CHECK((uint8_t *)&vring_avail_event(&vr) == ring + 8192 + 4 + 8 * 256);
	/* event index: notify when the other side's event index lies in (old, new] */
	CHECK(vring_need_event(5, 6, 5));
	CHECK(!vring_need_event(5, 7, 6));
	CHECK(vring_need_event(0xffff, 0x0001, 0xfffe)); /* across the 16-bit wrap */
}

int main(void)
{
	test_set_side("wire");
	test_rpmsg_hdr_matches_kernel_bytes();
	test_ns_msg_matches_kernel_bytes();
	test_resource_table_matches_remoteproc_bytes();
	test_split_vring_layout();
	test_log("PASS");
	return 0;
}
