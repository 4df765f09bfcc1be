/* SPDX-License-Identifier: MIT */
/*
 * Byte layouts shared with the other side: the rpmsg header and name-service message of the
 * kernel's drivers/rpmsg/virtio_rpmsg_bus.c and rpmsg_ns.c, and the remoteproc resource table of
 * include/linux/remoteproc.h. They are not in the kernel's uapi, so they are restated here, field
 * for field. The split vring itself comes from <linux/virtio_ring.h> so it cannot drift.
 *
 * Everything is little-endian (legacy virtio over remoteproc); this code runs on little-endian
 * hosts only and checks that at compile time.
 */
#ifndef RPMSG_WIRE_H
#define RPMSG_WIRE_H

#include <stdint.h>

#include <rpmsg-scope/event.h> /* RPMSG_NS_ADDR, defined once in the event model */

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "librpmsgbus assumes a little-endian host (legacy virtio byte order)"
#endif

/* Addresses */
#define RPMSG_ADDR_ANY		 0xFFFFFFFFu
#define RPMSG_RESERVED_ADDRESSES 1024u /* dynamic addresses start here */
#define RPMSG_NAME_SIZE		 32

/* virtio ids and features */
#define VIRTIO_ID_RPMSG	  7
#define VIRTIO_RPMSG_F_NS 0 /* feature bit: the remote supports name service */

/* Kernel defaults (virtio_rpmsg_bus.c: MAX_RPMSG_NUM_BUFS, MAX_RPMSG_BUF_SIZE). */
#define RPMSG_DEFAULT_NUM_BUFS 512
#define RPMSG_DEFAULT_BUF_SIZE 512
#define RPMSG_MAX_NUM_BUFS     512

/**
 * struct rpmsg_hdr - common header for all rpmsg messages
 * @src: source address
 * @dst: destination address
 * @reserved: reserved; OpenAMP and rpmsg-lite store buffer indices here, so never assume 0
 * @len: length of payload (in bytes)
 * @flags: message flags
 */
struct rpmsg_hdr {
	uint32_t src;
	uint32_t dst;
	uint32_t reserved;
	uint16_t len;
	uint16_t flags;
	uint8_t data[];
} __attribute__((packed));

_Static_assert(sizeof(struct rpmsg_hdr) == 16, "rpmsg_hdr is 16 bytes on the wire");

enum rpmsg_ns_flags {
	RPMSG_NS_CREATE = 0,
	RPMSG_NS_DESTROY = 1,
};

/**
 * struct rpmsg_ns_msg - dynamic name service announcement message
 * @name: name of remote service that is being published (may lack a NUL: validate)
 * @addr: address of remote service that is being published
 * @flags: RPMSG_NS_CREATE or RPMSG_NS_DESTROY
 */
struct rpmsg_ns_msg {
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	uint32_t flags;
} __attribute__((packed));

_Static_assert(sizeof(struct rpmsg_ns_msg) == 40, "rpmsg_ns_msg is 40 bytes on the wire");

/* remoteproc resource table (include/linux/remoteproc.h) */
#define RSC_CARVEOUT 0
#define RSC_DEVMEM   1
#define RSC_TRACE    2
#define RSC_VDEV     3

#define FW_RSC_ADDR_ANY 0xFFFFFFFFu

struct resource_table {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
	uint32_t offset[];
} __attribute__((packed));

struct fw_rsc_hdr {
	uint32_t type;
	uint8_t data[];
} __attribute__((packed));

struct fw_rsc_vdev_vring {
	uint32_t da;
	uint32_t align;
	uint32_t num;
	uint32_t notifyid;
	uint32_t pa;
} __attribute__((packed));

struct fw_rsc_vdev {
	uint32_t id;
	uint32_t notifyid;
	uint32_t dfeatures;
	uint32_t gfeatures;
	uint32_t config_len;
	uint8_t status;
	uint8_t num_of_vrings;
	uint8_t reserved[2];
	struct fw_rsc_vdev_vring vring[];
} __attribute__((packed));

_Static_assert(sizeof(struct fw_rsc_vdev_vring) == 20, "fw_rsc_vdev_vring layout");
_Static_assert(sizeof(struct fw_rsc_vdev) == 24, "fw_rsc_vdev layout");

#endif /* RPMSG_WIRE_H */
