// SPDX-License-Identifier: MIT
/*
 * Read-only introspection of a running bus: copy its shm with pread() into private memory,
 * validate the table and the control block like any untrusted input, and copy out channels and
 * ring state. See monitor.h.
 *
 * Never a mapping: a peer (or anyone) that truncates the file would turn every read through a
 * mapping into SIGBUS. pread() of a shrunk file just returns fewer bytes, which we report.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
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
	int fd;
	uint8_t *shm; /* private copy, refreshed by each snapshot */
	size_t size;  /* the size the bus had when we opened it */
	char error[192];
};

/* Larger files are not buses of ours (the private copy is this size, touched only in part). */
#define MONITOR_MAX_SHM (1ull << 30)
/* Directory sequence locks are retried this often before "kept changing". */
#define DIRECTORY_ATTEMPTS 1000

#define load(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)

int rpmsg_monitor_open(const char *name, struct rpmsg_monitor **out)
{
	char path[RPMSG_BUS_NAME_MAX + 16];
	struct rpmsg_monitor *mon;
	struct stat st;
	int fd;

	if (!name || strlen(name) >= RPMSG_BUS_NAME_MAX)
		return -EINVAL;
	snprintf(path, sizeof(path), RPMSG_SHM_PREFIX "%s", name);
	fd = shm_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Anything smaller cannot hold a control block; anything huge is not one of our buses. */
	if (fstat(fd, &st) ||
	    (size_t)st.st_size < RPMSG_CONTROL_OFFSET + sizeof(struct rpmsg_control) ||
	    (uint64_t)st.st_size > MONITOR_MAX_SHM) {
		close(fd);
		return -EIO;
	}
	mon = calloc(1, sizeof(*mon));
	/*
	 * Page-aligned, as the bus's own mapping is: vring_init() aligns the used ring on the
	 * address, not on the offset, so a malloc'ed copy would put it in the wrong place.
	 * Pages appear when read into.
	 */
	if (mon)
		mon->shm = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mon && mon->shm == MAP_FAILED)
		mon->shm = NULL;
	if (!mon || !mon->shm) {
		free(mon);
		close(fd);
		return -ENOMEM;
	}
	snprintf(mon->name, sizeof(mon->name), "%s", name);
	mon->fd = fd;
	mon->size = (size_t)st.st_size;
	*out = mon;
	return 0;
}

void rpmsg_monitor_close(struct rpmsg_monitor *mon)
{
	if (!mon)
		return;
	close(mon->fd);
	munmap(mon->shm, mon->size);
	free(mon);
}

/*
 * Refresh bytes [@off, @off + @len) of the private copy (the caller keeps them inside mon->size).
 * Return: 0, or -EIO with the reason in mon->error when the file shrank (a truncating peer) or
 * cannot be read.
 */
static int copy_range(struct rpmsg_monitor *mon, size_t off, size_t len)
{
	size_t done = 0;
	struct stat st;

	while (done < len) {
		ssize_t n = pread(mon->fd, mon->shm + off + done, len - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(mon->error, sizeof(mon->error), "bus %s: cannot read: %s",
				 mon->name, strerror(errno));
			return -EIO;
		}
		if (n == 0) {
			snprintf(mon->error, sizeof(mon->error),
				 "bus %s: carve-out truncated to %lld bytes (was %zu)", mon->name,
				 fstat(mon->fd, &st) ? (long long)(off + done)
						     : (long long)st.st_size,
				 mon->size);
			return -EIO;
		}
		done += (size_t)n;
	}
	return 0;
}

/* The table and the control block: everything a snapshot needs but the rings. */
#define HEAD_SIZE (RPMSG_CONTROL_OFFSET + sizeof(struct rpmsg_control))

/* Both directories' sequence words as they are now in the file (not in our copy). */
static int read_dir_seqs(struct rpmsg_monitor *mon, uint32_t seq[2])
{
	for (int side = 0; side < 2; side++) {
		off_t off = RPMSG_CONTROL_OFFSET + offsetof(struct rpmsg_control, directory) +
			    (off_t)side * sizeof(struct rpmsg_directory) +
			    offsetof(struct rpmsg_directory, seq);

		if (pread(mon->fd, &seq[side], sizeof(seq[side]), off) != sizeof(seq[side]))
			return -EIO;
	}
	return 0;
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

/* One side's directory from our copy (taken while its sequence lock was even and unchanged). */
static void read_directory(const struct rpmsg_directory *dir, enum rpmsg_role side,
			   struct rpmsg_monitor_snapshot *snap)
{
	const struct rpmsg_dir_entry *copy = dir->entries;
	uint32_t count = dir->count;

	/* The writer is the peer of whoever looks: never walk past the table. */
	if (count > RPMSG_MONITOR_MAX_CHANNELS)
		count = RPMSG_MONITOR_MAX_CHANNELS;
	{
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
	}
}

int rpmsg_monitor_snapshot(struct rpmsg_monitor *mon, struct rpmsg_monitor_snapshot *snap)
{
	const struct rpmsg_control *ctrl =
		(const struct rpmsg_control *)(mon->shm + RPMSG_CONTROL_OFFSET);
	const struct fw_rsc_vdev *vdev;
	struct carveout_layout layout;
	uint32_t before[2], after[2];
	int ret, attempt;

	memset(snap, 0, sizeof(*snap));
	memset(&layout, 0, sizeof(layout));
	/*
	 * A copy whose two directories were not being written while we read them. Validate it
	 * first: a file that is no bus fails at once instead of "kept changing".
	 */
	for (attempt = 0; attempt < DIRECTORY_ATTEMPTS; attempt++) {
		if (read_dir_seqs(mon, before) || copy_range(mon, 0, HEAD_SIZE) ||
		    read_dir_seqs(mon, after)) {
			if (!copy_range(mon, 0, HEAD_SIZE)) /* only a seq read failed */
				snprintf(mon->error, sizeof(mon->error),
					 "bus %s: carve-out truncated while reading", mon->name);
			return -EIO;
		}
		memset(&layout, 0, sizeof(layout));
		ret = carveout_parse_table(mon->shm, mon->size, 0, load(&ctrl->pa_base), &layout,
					   mon->error, sizeof(mon->error));
		if (!ret)
			ret = carveout_check_control(ctrl, mon->size, &layout, mon->error,
						     sizeof(mon->error));
		if (ret == -EAGAIN) {
			snprintf(mon->error, sizeof(mon->error), "bus %s is still being set up",
				 mon->name);
			return -EAGAIN;
		}
		if (ret)
			return -EIO;
		if (!(before[0] & 1) && !(before[1] & 1) && before[0] == after[0] &&
		    before[1] == after[1])
			break;
	}
	if (attempt == DIRECTORY_ATTEMPTS) {
		snprintf(mon->error, sizeof(mon->error), "bus %s: channel directory kept changing",
			 mon->name);
		return -EAGAIN;
	}
	/* The rings lie inside mon->size (validated above): copy just them, not the buffers. */
	for (int v = 0; v < 2; v++)
		if (copy_range(mon, layout.vring_offset[v],
			       vring_size(layout.vring_num, layout.vring_align)))
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
	read_directory(&ctrl->directory[RPMSG_ROLE_HOST], RPMSG_ROLE_HOST, snap);
	read_directory(&ctrl->directory[RPMSG_ROLE_REMOTE], RPMSG_ROLE_REMOTE, snap);
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
