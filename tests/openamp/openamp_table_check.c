// SPDX-License-Identifier: MIT
/*
 * openamp_table_check SHM_NAME: read the resource table that openamp-ping-remote wrote into
 * /dev/shm/SHM_NAME and check, field by field, what OpenAMP's host (rpmsg-echo-ping) reads from
 * it: the shm size, a version 1 table at offset 0 with one RSC_VDEV entry (virtio id 7, name
 * service offered, nothing else), and two vrings at the addresses, alignment and size of
 * OpenAMP's rsc_table.c, both clear of the host's buffer pool. Reads with pread(), as a third
 * process that must not disturb the bus. Exit 0 and one "ok" line, or one FAIL line.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpmsg-test/check.h>
#include <rpmsg/wire.h>

#include "openamp-linux-machine.h"

/* table header + one offset + the vdev entry with two vrings: everything a host reads */
#define TABLE_READ 256

int main(int argc, char **argv)
{
	union {
		struct resource_table table;
		uint8_t bytes[TABLE_READ];
	} u;
	const struct fw_rsc_hdr *hdr;
	const struct fw_rsc_vdev *vdev;
	char path[256];
	struct stat st;
	uint32_t entry;
	int fd;

	CHECK(argc == 2, " usage: openamp_table_check SHM_NAME");
	snprintf(path, sizeof(path), "/dev/shm%s", argv[1]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0, " %s: %s", path, strerror(errno));
	CHECK(fstat(fd, &st) == 0, " %s", strerror(errno));
	CHECK_EQ(st.st_size, OPENAMP_SHM_SIZE);
	CHECK_EQ(pread(fd, u.bytes, sizeof(u.bytes), OPENAMP_RSC_OFFSET), sizeof(u.bytes));
	close(fd);

	CHECK_EQ(u.table.ver, 1);
	CHECK_EQ(u.table.num, 1);
	entry = u.table.offset[0];
	CHECK(entry >= sizeof(u.table) + sizeof(uint32_t) &&
		      entry + sizeof(*hdr) + sizeof(*vdev) + 2 * sizeof(struct fw_rsc_vdev_vring) <=
			      sizeof(u.bytes),
	      " entry offset 0x%x", entry);
	hdr = (const struct fw_rsc_hdr *)(u.bytes + entry);
	vdev = (const struct fw_rsc_vdev *)hdr->data;
	CHECK_EQ(hdr->type, RSC_VDEV);
	CHECK_EQ(vdev->id, VIRTIO_ID_RPMSG);
	/* OpenAMP's remote offers name service only (no event index): so must we */
	CHECK_EQ(vdev->dfeatures, 1u << VIRTIO_RPMSG_F_NS);
	CHECK_EQ(vdev->config_len, 0);
	CHECK_EQ(vdev->num_of_vrings, 2);
	CHECK_EQ(vdev->vring[0].da, OPENAMP_PA_BASE + OPENAMP_VRING0_DA);
	CHECK_EQ(vdev->vring[1].da, OPENAMP_PA_BASE + OPENAMP_VRING1_DA);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(vdev->vring[i].align, OPENAMP_VRING_ALIGN);
		CHECK_EQ(vdev->vring[i].num, OPENAMP_VRING_NUM);
		/* a vring of 256 entries takes 0x2806 bytes: it must end before the pool */
		CHECK(vdev->vring[i].da + 0x2806 <= OPENAMP_BUF_POOL_OFFSET,
		      " vring %d at 0x%x runs into the buffer pool at 0x%x", i, vdev->vring[i].da,
		      OPENAMP_BUF_POOL_OFFSET);
	}
	printf("ok: %s holds OpenAMP's table: vdev at 0x%x, vrings at 0x%x and 0x%x, %u entries, "
	       "align 0x%x, features 0x%x\n",
	       path, entry, vdev->vring[0].da, vdev->vring[1].da, vdev->vring[0].num,
	       vdev->vring[0].align, vdev->dfeatures);
	return 0;
}
