// SPDX-License-Identifier: MIT
/*
 * Where the shared cache lines are: bench-bus --count prints the carve-out's regions (control
 * block parts, each vring's descriptor table, avail and used ring, buffers), the addresses at
 * which this process mapped the carve-out (once for the host, once for the remote) and the
 * address of the turn marker, as "layout:" lines. bench/bus/lines.sh runs it under
 * valgrind --tool=lackey --trace-mem=yes and counts, per side and per message, the stores and
 * atomic read-modify-writes into each region and the distinct lines they touch. The regions
 * come from the resource table and the control block the way a monitor finds them.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/virtio_ring.h>

#include "bench.h"
#include "carveout.h"

enum region {
	R_CONTROL,
	R_BELL_TO_REMOTE,
	R_BELL_TO_HOST,
	R_DIR_HOST,
	R_DIR_REMOTE,
	R_VQ0_DESC,
	R_VQ0_AVAIL,
	R_VQ0_USED,
	R_VQ1_DESC,
	R_VQ1_AVAIL,
	R_VQ1_USED,
	R_BUFFERS,
	R_COUNT
};

static const char *const region_names[R_COUNT] = {
	"control",
	"doorbell_to_remote",
	"doorbell_to_host",
	"directory_host",
	"directory_remote",
	"vq0_desc",
	"vq0_avail+used_event",
	"vq0_used+avail_event",
	"vq1_desc",
	"vq1_avail+used_event",
	"vq1_used+avail_event",
	"buffers",
};

struct line_watch {
	const uint8_t *shm;
	size_t size;
	size_t start[R_COUNT]; /* first byte of each region; regions are in offset order */
};

static struct line_watch watch;

int line_watch_open(const char *bus_name)
{
	const struct fw_rsc_vdev *vdev = NULL;
	const struct resource_table *table;
	char path[128];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/dev/shm%s%s", RPMSG_SHM_PREFIX, bus_name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		return -1;
	}
	watch.size = (size_t)st.st_size;
	watch.shm = mmap(NULL, watch.size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (watch.shm == MAP_FAILED)
		return -1;

	/* Our own host wrote this layout: one RSC_VDEV, vrings by device address. */
	table = (const struct resource_table *)watch.shm;
	for (uint32_t i = 0; i < table->num && !vdev; i++) {
		const struct fw_rsc_hdr *hdr =
			(const struct fw_rsc_hdr *)(watch.shm + table->offset[i]);

		if (hdr->type == RSC_VDEV)
			vdev = (const struct fw_rsc_vdev *)hdr->data;
	}
	if (!vdev)
		return -1;
	watch.start[R_CONTROL] = RPMSG_CONTROL_OFFSET;
	watch.start[R_BELL_TO_REMOTE] =
		RPMSG_CONTROL_OFFSET + offsetof(struct rpmsg_control, to_remote);
	watch.start[R_BELL_TO_HOST] =
		RPMSG_CONTROL_OFFSET + offsetof(struct rpmsg_control, to_host);
	watch.start[R_DIR_HOST] =
		RPMSG_CONTROL_OFFSET + offsetof(struct rpmsg_control, directory[RPMSG_ROLE_HOST]);
	watch.start[R_DIR_REMOTE] =
		RPMSG_CONTROL_OFFSET + offsetof(struct rpmsg_control, directory[RPMSG_ROLE_REMOTE]);
	for (int v = 0; v < 2; v++) {
		const struct fw_rsc_vdev_vring *r = &vdev->vring[v];
		size_t off = r->da - RPMSG_DEFAULT_PA_BASE;
		struct vring vr;

		vring_init(&vr, r->num, (void *)(uintptr_t)off, r->align);
		watch.start[R_VQ0_DESC + 3 * v] = off;
		watch.start[R_VQ0_AVAIL + 3 * v] = (size_t)(uintptr_t)vr.avail;
		watch.start[R_VQ0_USED + 3 * v] = (size_t)(uintptr_t)vr.used;
		watch.start[R_BUFFERS] = off + vring_size(r->num, r->align);
	}
	return 0;
}

/* The carve-out's mappings in this process, from /proc/self/maps. */
static void print_mappings(const char *bus_name)
{
	char line[512], needle[96];
	FILE *maps = fopen("/proc/self/maps", "r");

	if (!maps)
		return;
	snprintf(needle, sizeof(needle), "%s%s", RPMSG_SHM_PREFIX, bus_name);
	while (fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi;

		if (strstr(line, needle) && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			printf("layout: map 0x%lx 0x%lx\n", lo, hi);
	}
	fclose(maps);
}

void line_watch_print_layout(const char *bus_name, const volatile void *marker)
{
	for (int r = 0; r < R_COUNT; r++)
		printf("layout: region %zu %s\n", watch.start[r], region_names[r]);
	printf("layout: end %zu\n", watch.size);
	print_mappings(bus_name);
	printf("layout: marker %p\n", (const void *)marker);
	fflush(stdout);
}

void line_watch_close(void)
{
	if (watch.shm && watch.shm != MAP_FAILED)
		munmap((void *)watch.shm, watch.size);
	memset(&watch, 0, sizeof(watch));
}
