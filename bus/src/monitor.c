// SPDX-License-Identifier: MIT
/*
 * Read-only introspection of a running bus: map its shm PROT_READ, validate the table and the
 * control block like any untrusted input, and copy out channels and ring state. See monitor.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/virtio_ring.h>

#include "carveout.h"
#include "peer.h"

struct rpmsg_monitor {
	char name[RPMSG_BUS_NAME_MAX];
	const uint8_t *shm;
	size_t size;
	char error[192];
};

#define load(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)

int rpmsg_monitor_open(const char *name, struct rpmsg_monitor **out)
{
	char path[RPMSG_BUS_NAME_MAX + 16];
	struct rpmsg_monitor *mon;
	struct stat st;
	void *p;
	int fd, err;

	if (!name || strlen(name) >= RPMSG_BUS_NAME_MAX)
		return -EINVAL;
	snprintf(path, sizeof(path), RPMSG_SHM_PREFIX "%s", name);
	fd = shm_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) ||
	    (size_t)st.st_size < RPMSG_CONTROL_OFFSET + sizeof(struct rpmsg_control)) {
		close(fd);
		return -EIO;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	err = p == MAP_FAILED ? -errno : 0;
	close(fd);
	if (err)
		return err;
	mon = calloc(1, sizeof(*mon));
	if (!mon) {
		munmap(p, (size_t)st.st_size);
		return -ENOMEM;
	}
	snprintf(mon->name, sizeof(mon->name), "%s", name);
	mon->shm = p;
	mon->size = (size_t)st.st_size;
	*out = mon;
	return 0;
}

void rpmsg_monitor_close(struct rpmsg_monitor *mon)
{
	if (!mon)
		return;
	munmap((void *)mon->shm, mon->size);
	free(mon);
}

const char *rpmsg_monitor_error(const struct rpmsg_monitor *mon)
{
	return mon->error;
}

static void read_vring(const struct rpmsg_monitor *mon, const struct carveout_layout *layout,
		       int index, struct rpmsg_monitor_vring *out)
{
	struct vring vr;

	vring_init(&vr, layout->vring_num, (void *)(mon->shm + layout->vring_offset[index]),
		   layout->vring_align);
	out->index = index;
	out->num = layout->vring_num;
	out->avail_idx = load(&vr.avail->idx);
	out->used_idx = load(&vr.used->idx);
	out->in_flight = (uint16_t)(out->avail_idx - out->used_idx);
	if (out->in_flight > out->num)
		out->in_flight = out->num; /* mid-update or corrupt: clamp, never overrun */
	out->notify_suppressed = load(&vr.used->flags) & VRING_USED_F_NO_NOTIFY;
	out->interrupt_suppressed = load(&vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT;
}

/* Copy one side's directory under its sequence lock. */
static int read_directory(const struct rpmsg_directory *dir, enum rpmsg_role side,
			  struct rpmsg_monitor_snapshot *snap)
{
	struct rpmsg_dir_entry copy[RPMSG_MONITOR_MAX_CHANNELS];

	for (int attempt = 0; attempt < 1000; attempt++) {
		uint32_t seq = load(&dir->seq), count;

		if (seq & 1)
			continue;
		count = load(&dir->count);
		if (count > RPMSG_MONITOR_MAX_CHANNELS)
			count = RPMSG_MONITOR_MAX_CHANNELS;
		memcpy(copy, dir->entries, sizeof(copy[0]) * count);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (load(&dir->seq) != seq)
			continue;
		for (uint32_t i = 0; i < count; i++) {
			struct rpmsg_monitor_channel *ch;

			if (!copy[i].in_use)
				continue;
			ch = &snap->channels[snap->channel_count++];
			memcpy(ch->name, copy[i].name, sizeof(ch->name));
			ch->name[sizeof(ch->name) - 1] = 0; /* never trust the terminator */
			ch->local_addr = copy[i].local_addr;
			ch->remote_addr = copy[i].remote_addr;
			ch->side = side;
			ch->origin = copy[i].origin <= RPMSG_ORIGIN_PEER
					     ? (enum rpmsg_channel_origin)copy[i].origin
					     : RPMSG_ORIGIN_LOCAL;
			ch->tx_msgs = copy[i].tx_msgs;
			ch->tx_bytes = copy[i].tx_bytes;
			ch->rx_msgs = copy[i].rx_msgs;
			ch->rx_bytes = copy[i].rx_bytes;
		}
		return 0;
	}
	return -EAGAIN;
}

int rpmsg_monitor_snapshot(struct rpmsg_monitor *mon, struct rpmsg_monitor_snapshot *snap)
{
	const struct rpmsg_control *ctrl =
		(const struct rpmsg_control *)(mon->shm + RPMSG_CONTROL_OFFSET);
	const struct fw_rsc_vdev *vdev;
	struct carveout_layout layout;
	int ret;

	memset(snap, 0, sizeof(*snap));
	memset(&layout, 0, sizeof(layout));
	ret = carveout_parse_table(mon->shm, mon->size, 0, load(&ctrl->pa_base), &layout,
				   mon->error, sizeof(mon->error));
	if (!ret)
		ret = carveout_check_control(ctrl, mon->size, &layout, mon->error,
					     sizeof(mon->error));
	if (ret == -EAGAIN) {
		snprintf(mon->error, sizeof(mon->error), "bus %s is still being set up", mon->name);
		return -EAGAIN;
	}
	if (ret)
		return -EIO;

	vdev = (const struct fw_rsc_vdev *)(mon->shm + layout.vdev_offset);
	memcpy(snap->bus, ctrl->bus_name, sizeof(snap->bus));
	snap->bus[sizeof(snap->bus) - 1] = 0;
	snap->host_pid = (pid_t)load(&ctrl->host_pid);
	snap->remote_pid = (pid_t)load(&ctrl->remote_pid);
	snap->remote_attached = load(&ctrl->remote_state) == RPMSG_REMOTE_ATTACHED;
	snap->host_alive = peer_pid_alive(snap->host_pid) && load(&vdev->status) != 0;
	snap->remote_alive = snap->remote_attached && peer_pid_alive(snap->remote_pid);
	snap->status = load(&vdev->status);
	snap->features = load(&vdev->gfeatures);
	snap->mbox = (enum rpmsg_mbox_kind)ctrl->mbox;
	snap->buf_size = layout.buf_size;
	snap->rx_bufs_total = layout.buf_count / 2;
	snap->tx_bufs_total = layout.buf_count / 2;
	read_vring(mon, &layout, 0, &snap->vring[0]);
	read_vring(mon, &layout, 1, &snap->vring[1]);
	snap->tx_bufs_free = snap->vring[1].in_flight > snap->tx_bufs_total
				     ? 0
				     : snap->tx_bufs_total - snap->vring[1].in_flight;
	snap->kicks_to_remote = load(&ctrl->to_remote.kicks);
	snap->kicks_to_host = load(&ctrl->to_host.kicks);
	if (load(&ctrl->broken_by)) {
		memcpy(snap->broken, ctrl->broken, sizeof(snap->broken));
		snap->broken[sizeof(snap->broken) - 1] = 0;
	}
	if (read_directory(&ctrl->directory[RPMSG_ROLE_HOST], RPMSG_ROLE_HOST, snap) ||
	    read_directory(&ctrl->directory[RPMSG_ROLE_REMOTE], RPMSG_ROLE_REMOTE, snap)) {
		snprintf(mon->error, sizeof(mon->error), "bus %s: channel directory kept changing",
			 mon->name);
		return -EAGAIN;
	}
	return 0;
}

int rpmsg_monitor_list(char (*names)[RPMSG_BUS_NAME_MAX], int max)
{
	const size_t prefix_len = strlen(RPMSG_SHM_PREFIX) - 1; /* without the leading '/' */
	struct dirent *de;
	DIR *dir = opendir("/dev/shm");
	int found = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, RPMSG_SHM_PREFIX + 1, prefix_len) ||
		    strlen(de->d_name + prefix_len) >= RPMSG_BUS_NAME_MAX ||
		    !de->d_name[prefix_len])
			continue;
		if (found < max)
			snprintf(names[found], RPMSG_BUS_NAME_MAX, "%s", de->d_name + prefix_len);
		found++;
	}
	closedir(dir);
	return found;
}
