// SPDX-License-Identifier: MIT
/*
 * vhost-user back end for one two-queue virtio device: socket, message framing and validation,
 * the memory table and the ring set-up. See vhost_user.h for the contract and QEMU's
 * docs/interop/vhost-user.rst for the protocol.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include "carveout.h"
#include "vhost_user.h"

enum vhost_user_request {
	VHOST_USER_GET_FEATURES = 1,
	VHOST_USER_SET_FEATURES = 2,
	VHOST_USER_SET_OWNER = 3,
	VHOST_USER_RESET_OWNER = 4,
	VHOST_USER_SET_MEM_TABLE = 5,
	VHOST_USER_SET_LOG_BASE = 6,
	VHOST_USER_SET_LOG_FD = 7,
	VHOST_USER_SET_VRING_NUM = 8,
	VHOST_USER_SET_VRING_ADDR = 9,
	VHOST_USER_SET_VRING_BASE = 10,
	VHOST_USER_GET_VRING_BASE = 11,
	VHOST_USER_SET_VRING_KICK = 12,
	VHOST_USER_SET_VRING_CALL = 13,
	VHOST_USER_SET_VRING_ERR = 14,
	VHOST_USER_GET_PROTOCOL_FEATURES = 15,
	VHOST_USER_SET_PROTOCOL_FEATURES = 16,
	VHOST_USER_GET_QUEUE_NUM = 17,
	VHOST_USER_SET_VRING_ENABLE = 18,
	VHOST_USER_GET_CONFIG = 24,
	VHOST_USER_SET_CONFIG = 25,
};

static const char *const request_names[] = {
	[VHOST_USER_GET_FEATURES] = "GET_FEATURES",
	[VHOST_USER_SET_FEATURES] = "SET_FEATURES",
	[VHOST_USER_SET_OWNER] = "SET_OWNER",
	[VHOST_USER_RESET_OWNER] = "RESET_OWNER",
	[VHOST_USER_SET_MEM_TABLE] = "SET_MEM_TABLE",
	[VHOST_USER_SET_LOG_BASE] = "SET_LOG_BASE",
	[VHOST_USER_SET_LOG_FD] = "SET_LOG_FD",
	[VHOST_USER_SET_VRING_NUM] = "SET_VRING_NUM",
	[VHOST_USER_SET_VRING_ADDR] = "SET_VRING_ADDR",
	[VHOST_USER_SET_VRING_BASE] = "SET_VRING_BASE",
	[VHOST_USER_GET_VRING_BASE] = "GET_VRING_BASE",
	[VHOST_USER_SET_VRING_KICK] = "SET_VRING_KICK",
	[VHOST_USER_SET_VRING_CALL] = "SET_VRING_CALL",
	[VHOST_USER_SET_VRING_ERR] = "SET_VRING_ERR",
	[VHOST_USER_GET_PROTOCOL_FEATURES] = "GET_PROTOCOL_FEATURES",
	[VHOST_USER_SET_PROTOCOL_FEATURES] = "SET_PROTOCOL_FEATURES",
	[VHOST_USER_GET_QUEUE_NUM] = "GET_QUEUE_NUM",
	[VHOST_USER_SET_VRING_ENABLE] = "SET_VRING_ENABLE",
	[VHOST_USER_GET_CONFIG] = "GET_CONFIG",
	[VHOST_USER_SET_CONFIG] = "SET_CONFIG",
};

/* Header flags: version 1 in bits 0-1, bit 2 a reply, bit 3 "reply with an ack". */
#define VHOST_USER_VERSION	   0x1u
#define VHOST_USER_VERSION_MASK	   0x3u
#define VHOST_USER_REPLY	   0x4u
#define VHOST_USER_NEED_REPLY	   0x8u
#define VHOST_USER_VRING_IDX_MASK  0xffull
#define VHOST_USER_VRING_NOFD_MASK (1ull << 8)
/* The largest payload we accept: GET_CONFIG with 256 bytes of config space. */
#define VHOST_USER_CONFIG_MAX  256
#define VHOST_USER_PAYLOAD_MAX (12 + VHOST_USER_CONFIG_MAX)
/* A message begun must arrive whole within this long. */
#define VHOST_USER_MSG_TIMEOUT_MS 1000

struct vhost_user_header {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
} __attribute__((packed));

struct vhost_vring_state_msg {
	uint32_t index;
	uint32_t num;
};

struct vhost_vring_addr_msg {
	uint32_t index;
	uint32_t flags;
	uint64_t desc_user_addr;
	uint64_t used_user_addr;
	uint64_t avail_user_addr;
	uint64_t log_guest_addr;
};

struct vhost_memory_region_msg {
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t mmap_offset;
};

struct vhost_memory_msg {
	uint32_t nregions;
	uint32_t padding;
	struct vhost_memory_region_msg regions[VHOST_USER_MAX_REGIONS];
};

struct vhost_config_msg {
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	uint8_t region[VHOST_USER_CONFIG_MAX];
};

struct vhost_user_msg {
	struct vhost_user_header hdr;
	union {
		uint64_t u64;
		struct vhost_vring_state_msg state;
		struct vhost_vring_addr_msg addr;
		struct vhost_memory_msg memory;
		struct vhost_config_msg config;
		uint8_t bytes[VHOST_USER_PAYLOAD_MAX];
	} payload;
	int fds[VHOST_USER_MAX_REGIONS];
	unsigned int num_fds;
};

_Static_assert(sizeof(struct vhost_memory_msg) <= VHOST_USER_PAYLOAD_MAX, "payload too small");

const char *vhost_user_request_name(uint32_t request, char *buf, size_t len)
{
	if (request < sizeof(request_names) / sizeof(request_names[0]) && request_names[request])
		return request_names[request];
	snprintf(buf, len, "request %u", request);
	return buf;
}

/* Record why a request is refused. Return: -EPROTO. */
static int __attribute__((format(printf, 3, 4)))
refuse(struct vhost_user *vu, const struct vhost_user_msg *msg, const char *fmt, ...)
{
	char name[32];
	va_list ap;
	int n;

	n = snprintf(vu->error, sizeof(vu->error), "vhost-user %s: ",
		     vhost_user_request_name(msg->hdr.request, name, sizeof(name)));
	if (n < 0 || (size_t)n >= sizeof(vu->error))
		return -EPROTO;
	va_start(ap, fmt);
	vsnprintf(vu->error + n, sizeof(vu->error) - n, fmt, ap);
	va_end(ap);
	return -EPROTO;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void vhost_user_init(struct vhost_user *vu, uint64_t features, const struct vhost_user_ops *ops,
		     void *priv)
{
	memset(vu, 0, sizeof(*vu));
	vu->ops = ops;
	vu->priv = priv;
	vu->listen_fd = -1;
	vu->conn_fd = -1;
	vu->features_offered =
		features | 1ull << VIRTIO_F_VERSION_1 | 1ull << VHOST_USER_F_PROTOCOL_FEATURES;
	vu->protocol_features_offered =
		1ull << VHOST_USER_PROTOCOL_F_MQ | 1ull << VHOST_USER_PROTOCOL_F_REPLY_ACK;
	for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++) {
		vu->vring[i].kick_fd = -1;
		vu->vring[i].call_fd = -1;
		vu->vring[i].err_fd = -1;
		vu->vring[i].enabled = true;
	}
	for (unsigned int i = 0; i < VHOST_USER_MAX_REGIONS; i++)
		vu->region[i].guard = -1;
	pthread_mutex_init(&vu->call_lock, NULL);
}

int vhost_user_listen(struct vhost_user *vu, const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct stat st;
	mode_t old_mask;
	int fd, err;

	if (strlen(path) >= sizeof(addr.sun_path) || strlen(path) >= sizeof(vu->path))
		return -ENAMETOOLONG;
	/* Replace a stale socket a crashed back end left behind, never any other file. */
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode))
			return -EEXIST;
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	/* 0600 whatever the caller's umask: the front end gets all of the guest's memory. */
	old_mask = umask(077);
	err = bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ? -errno : 0;
	umask(old_mask);
	if (!err && (chmod(path, 0600) || listen(fd, 1) || stat(path, &st)))
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	snprintf(vu->path, sizeof(vu->path), "%s", path);
	vu->listen_fd = fd;
	vu->owns_path = true;
	vu->path_dev = st.st_dev;
	vu->path_ino = st.st_ino;
	return 0;
}

int vhost_user_accept(struct vhost_user *vu, int timeout_ms)
{
	struct pollfd pfd = {.fd = vu->listen_fd, .events = POLLIN};
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd;

	if (vu->listen_fd < 0)
		return vu->conn_fd >= 0 ? 1 : -ENOTCONN;
	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	fd = accept4(vu->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ||
	    (cred.uid != geteuid() && cred.uid != 0) || vu->conn_fd >= 0) {
		/* Not our user (or a second front end): it gets nothing, we keep waiting. */
		vu->refused++;
		close(fd);
		return 0;
	}
	vu->conn_fd = fd;
	vu->ever_connected = true;
	vu->peer_pid = cred.pid;
	vu->peer_uid = cred.uid;
	/* One front end per device: nobody else may connect now. */
	close_fd(&vu->listen_fd);
	return 1;
}

/* --- the memory table --- */

void *vhost_user_translate(const struct vhost_user *vu, uint64_t gpa, uint64_t len)
{
	for (unsigned int i = 0; i < vu->num_regions; i++) {
		const struct vhost_user_region *r = &vu->region[i];

		if (gpa >= r->guest_phys_addr && gpa - r->guest_phys_addr < r->size &&
		    len <= r->size - (gpa - r->guest_phys_addr))
			return r->base + (gpa - r->guest_phys_addr);
	}
	return NULL;
}

/* Our pointer to the front end's virtual range [@uva, @uva + @len), inside one region. */
static void *translate_user(const struct vhost_user *vu, uint64_t uva, uint64_t len)
{
	for (unsigned int i = 0; i < vu->num_regions; i++) {
		const struct vhost_user_region *r = &vu->region[i];

		if (uva >= r->user_addr && uva - r->user_addr < r->size &&
		    len <= r->size - (uva - r->user_addr))
			return r->base + (uva - r->user_addr);
	}
	return NULL;
}

/* Bytes of each part of a split ring of @num entries, event index fields included. */
static uint64_t desc_bytes(unsigned int num)
{
	return 16ull * num;
}

static uint64_t avail_bytes(unsigned int num)
{
	return 6ull + 2ull * num;
}

static uint64_t used_bytes(unsigned int num)
{
	return 6ull + 8ull * num;
}

int vhost_user_ring_ptrs(const struct vhost_user *vu, unsigned int index, void **desc, void **avail,
			 void **used)
{
	const struct vhost_user_vring *vr;

	if (index >= VHOST_USER_NUM_QUEUES)
		return -EINVAL;
	vr = &vu->vring[index];
	if (!vr->num || !vr->addr_set)
		return -EINVAL;
	*desc = translate_user(vu, vr->desc_addr, desc_bytes(vr->num));
	*avail = translate_user(vu, vr->avail_addr, avail_bytes(vr->num));
	*used = translate_user(vu, vr->used_addr, used_bytes(vr->num));
	return *desc && *avail && *used ? 0 : -EINVAL;
}

/*
 * Take a mapping out of use: map private zero pages over it, so a late access (a buffer a
 * user still held) lands in memory nobody else sees instead of faulting, and unmap it for good
 * once VHOST_USER_MAX_RETIRED newer ones have piled up (or at close).
 */
static void retire_mapping(struct vhost_user *vu, struct vhost_user_region *r)
{
	carveout_guard_remove(r->guard);
	r->guard = -1;
	if (!r->map)
		return;
	if (mmap(r->map, r->map_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED) {
		munmap(r->map, r->map_len);
	} else {
		if (vu->num_retired == VHOST_USER_MAX_RETIRED) {
			munmap(vu->retired[0].map, vu->retired[0].len);
			memmove(&vu->retired[0], &vu->retired[1],
				sizeof(vu->retired[0]) * (VHOST_USER_MAX_RETIRED - 1));
			vu->num_retired--;
		}
		vu->retired[vu->num_retired].map = r->map;
		vu->retired[vu->num_retired].len = r->map_len;
		vu->num_retired++;
	}
	r->map = NULL;
}

static void stop_ring(struct vhost_user *vu, unsigned int index)
{
	struct vhost_user_vring *vr = &vu->vring[index];

	if (!vr->running)
		return;
	vr->base = vu->ops->ring_stop(vu->priv, index);
	vr->running = false;
}

/* Start ring @index if everything it needs is there. Return: 0 or what ring_start refused. */
static int maybe_start(struct vhost_user *vu, unsigned int index)
{
	struct vhost_user_vring *vr = &vu->vring[index];
	void *desc, *avail, *used;
	int err;

	if (vr->running || !vr->kick_given || !vr->enabled || !vr->num || !vr->addr_set)
		return 0;
	if (vhost_user_ring_ptrs(vu, index, &desc, &avail, &used))
		return 0; /* checked at SET_VRING_ADDR; a later table may still bring it in */
	err = vu->ops->ring_start(vu->priv, index, vr->base);
	if (err)
		return err;
	vr->running = true;
	return 0;
}

/* Map one region the front end described; reuse a mapping of the same file range. */
static int map_region(struct vhost_user *vu, const struct vhost_user_msg *msg,
		      struct vhost_user_region *old, unsigned int num_old,
		      const struct vhost_memory_region_msg *m, int fd, struct vhost_user_region *r,
		      int *reused_from)
{
	struct stat st;
	uint64_t end;
	void *map;

	if (fstat(fd, &st))
		return refuse(vu, msg, "region fd: %s", strerror(errno));
	if (__builtin_add_overflow(m->mmap_offset, m->memory_size, &end) || end > SIZE_MAX)
		return refuse(vu, msg, "region mmap_offset 0x%llx + size 0x%llx overflows",
			      (unsigned long long)m->mmap_offset,
			      (unsigned long long)m->memory_size);
	/* A file shorter than the region would fault on access. */
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size < end)
		return refuse(vu, msg,
			      "region [0x%llx, +0x%llx) beyond the end of its %lld-byte file",
			      (unsigned long long)m->mmap_offset,
			      (unsigned long long)m->memory_size, (long long)st.st_size);
	r->guest_phys_addr = m->guest_phys_addr;
	r->size = m->memory_size;
	r->user_addr = m->userspace_addr;
	r->mmap_offset = m->mmap_offset;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->guard = -1;
	*reused_from = -1;
	for (unsigned int i = 0; i < num_old; i++) {
		if (old[i].map && old[i].dev == st.st_dev && old[i].ino == st.st_ino &&
		    old[i].mmap_offset == m->mmap_offset && old[i].size == m->memory_size) {
			/* The same memory again (QEMU resends the table often): keep our mapping.
			 */
			r->map = old[i].map;
			r->map_len = old[i].map_len;
			r->base = old[i].base;
			r->guard = old[i].guard;
			old[i].map = NULL;
			old[i].guard = -1;
			*reused_from = (int)i;
			return 0;
		}
	}
	/* mmap_offset need not be page aligned: map from the file's start, as libvhost-user does.
	 */
	map = mmap(NULL, (size_t)end, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
	if (map == MAP_FAILED)
		return refuse(vu, msg, "cannot map a region of 0x%llx bytes: %s",
			      (unsigned long long)end, strerror(errno));
	r->map = map;
	r->map_len = (size_t)end;
	r->base = (uint8_t *)map + m->mmap_offset;
	/* The front end can shrink the file under us: absorb SIGBUS like a truncated carve-out. */
	r->guard = carveout_guard_add(map, (size_t)end);
	return 0;
}

/**
 * set_mem_table() - replace the memory table.
 * @vu:  the device
 * @msg: SET_MEM_TABLE, its fds received (one per region)
 *
 * Checks the count, each region's size and overflow, that guest-physical ranges do not
 * overlap, and each fd; maps the regions (reusing mappings of the same file range), retires
 * the old ones, and tells running rings to re-translate their addresses.
 * Return: 0 or -EPROTO (the new table is not applied: the old one stays).
 */
static int set_mem_table(struct vhost_user *vu, const struct vhost_user_msg *msg)
{
	const struct vhost_memory_msg *mem = &msg->payload.memory;
	struct vhost_user_region old[VHOST_USER_MAX_REGIONS];
	int reused_from[VHOST_USER_MAX_REGIONS];
	unsigned int num_old = vu->num_regions, n;
	int err = 0;

	if (msg->hdr.size < 8)
		return refuse(vu, msg, "size %u shorter than the region count", msg->hdr.size);
	n = mem->nregions;
	if (n == 0 || n > VHOST_USER_MAX_REGIONS)
		return refuse(vu, msg, "nregions %u not in 1..%d", n, VHOST_USER_MAX_REGIONS);
	if (msg->hdr.size != 8 + n * sizeof(mem->regions[0]))
		return refuse(vu, msg, "size %u does not match nregions %u (%zu)", msg->hdr.size, n,
			      8 + n * sizeof(mem->regions[0]));
	if (msg->num_fds != n)
		return refuse(vu, msg, "%u fds for %u regions", msg->num_fds, n);
	for (unsigned int i = 0; i < n; i++) {
		const struct vhost_memory_region_msg *a = &mem->regions[i];
		uint64_t end;

		if (a->memory_size == 0 ||
		    __builtin_add_overflow(a->guest_phys_addr, a->memory_size, &end) ||
		    __builtin_add_overflow(a->userspace_addr, a->memory_size, &end))
			return refuse(vu, msg, "region %u: size 0x%llx at 0x%llx is empty or wraps",
				      i, (unsigned long long)a->memory_size,
				      (unsigned long long)a->guest_phys_addr);
		for (unsigned int j = 0; j < i; j++) {
			const struct vhost_memory_region_msg *b = &mem->regions[j];

			if (a->guest_phys_addr < b->guest_phys_addr + b->memory_size &&
			    b->guest_phys_addr < a->guest_phys_addr + a->memory_size)
				return refuse(vu, msg, "regions %u and %u overlap at 0x%llx", j, i,
					      (unsigned long long)a->guest_phys_addr);
		}
	}
	memcpy(old, vu->region, sizeof(old));
	for (n = 0; n < mem->nregions; n++) {
		err = map_region(vu, msg, old, num_old, &mem->regions[n], msg->fds[n],
				 &vu->region[n], &reused_from[n]);
		if (err)
			break;
	}
	if (err) {
		/* Undo: reused mappings go back to the old table, new ones are unmapped. */
		for (unsigned int i = 0; i < n; i++) {
			struct vhost_user_region *r = &vu->region[i];

			if (reused_from[i] >= 0) {
				old[reused_from[i]].map = r->map;
				old[reused_from[i]].guard = r->guard;
			} else {
				carveout_guard_remove(r->guard);
				munmap(r->map, r->map_len);
			}
		}
		memcpy(vu->region, old, sizeof(old));
		return err;
	}
	for (unsigned int i = 0; i < num_old; i++)
		retire_mapping(vu, &old[i]);
	vu->num_regions = mem->nregions;
	vu->mem_tables++;
	for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++) {
		void *desc, *avail, *used;

		if (!vu->vring[i].running)
			continue;
		if (vhost_user_ring_ptrs(vu, i, &desc, &avail, &used)) {
			stop_ring(vu, i);
			return refuse(vu, msg, "ring %u's addresses are outside the new table", i);
		}
		err = vu->ops->mem_changed(vu->priv, i);
		if (err)
			return refuse(vu, msg, "ring %u cannot follow the new table", i);
	}
	for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++) {
		err = maybe_start(vu, i);
		if (err)
			return refuse(vu, msg, "ring %u refused to start", i);
	}
	return 0;
}

/* --- framing --- */

/* Wait up to the message deadline for @fd to become readable. */
static int wait_readable(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	int ret = poll(&pfd, 1, VHOST_USER_MSG_TIMEOUT_MS);

	return ret > 0 ? 0 : ret == 0 ? -ETIMEDOUT : -errno;
}

/*
 * Read the rest of a message: @len bytes into @buf. Return: 0, -EPIPE (end of file), -ETIMEDOUT.
 */
static int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, (uint8_t *)buf + got, len - got, MSG_DONTWAIT);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n == 0)
			return -EPIPE;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		n = wait_readable(fd);
		if (n)
			return (int)n;
	}
	return 0;
}

static void close_msg_fds(struct vhost_user_msg *msg)
{
	for (unsigned int i = 0; i < msg->num_fds; i++)
		close_fd(&msg->fds[i]);
	msg->num_fds = 0;
}

/*
 * Read one message if one has begun. Return: 1 with a message, 0 when none is there, -EPIPE at
 * end of file, -EPROTO for a framing error (vu->error says which).
 */
static int read_msg(struct vhost_user *vu, struct vhost_user_msg *msg)
{
	char control[CMSG_SPACE(VHOST_USER_MAX_REGIONS * sizeof(int))];
	struct iovec iov = {.iov_base = &msg->hdr, .iov_len = sizeof(msg->hdr)};
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	ssize_t n;
	int err;

	msg->num_fds = 0;
	n = recvmsg(vu->conn_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -EPIPE;
	if (n == 0)
		return -EPIPE;
	for (cmsg = CMSG_FIRSTHDR(&mh); cmsg; cmsg = CMSG_NXTHDR(&mh, cmsg)) {
		if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		unsigned int count = (unsigned int)((cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		for (unsigned int i = 0; i < count; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
			if (msg->num_fds < VHOST_USER_MAX_REGIONS)
				msg->fds[msg->num_fds++] = fd;
			else
				close(fd);
		}
	}
	if (mh.msg_flags & MSG_CTRUNC) {
		close_msg_fds(msg);
		snprintf(vu->error, sizeof(vu->error),
			 "vhost-user: more than %d fds with one message", VHOST_USER_MAX_REGIONS);
		return -EPROTO;
	}
	if ((size_t)n < sizeof(msg->hdr)) {
		err = read_full(vu->conn_fd, (uint8_t *)&msg->hdr + n,
				sizeof(msg->hdr) - (size_t)n);
		if (err) {
			close_msg_fds(msg);
			snprintf(vu->error, sizeof(vu->error), "vhost-user: header truncated (%s)",
				 strerror(-err));
			return err == -EPIPE ? -EPIPE : -EPROTO;
		}
	}
	if ((msg->hdr.flags & VHOST_USER_VERSION_MASK) != VHOST_USER_VERSION) {
		close_msg_fds(msg);
		return refuse(vu, msg, "protocol version %u (flags 0x%x), only 1 is spoken",
			      msg->hdr.flags & VHOST_USER_VERSION_MASK, msg->hdr.flags);
	}
	if (msg->hdr.size > VHOST_USER_PAYLOAD_MAX) {
		close_msg_fds(msg);
		return refuse(vu, msg, "size %u larger than any request's payload (%u)",
			      msg->hdr.size, VHOST_USER_PAYLOAD_MAX);
	}
	err = read_full(vu->conn_fd, &msg->payload, msg->hdr.size);
	if (err) {
		close_msg_fds(msg);
		return refuse(vu, msg, "payload of %u bytes truncated (%s)", msg->hdr.size,
			      strerror(-err));
	}
	return 1;
}

static int send_reply(struct vhost_user *vu, const struct vhost_user_msg *msg, const void *payload,
		      uint32_t size)
{
	struct {
		struct vhost_user_header hdr;
		uint8_t payload[VHOST_USER_PAYLOAD_MAX];
	} __attribute__((packed)) reply;
	size_t len = sizeof(reply.hdr) + size;
	size_t sent = 0;

	reply.hdr.request = msg->hdr.request;
	reply.hdr.flags = VHOST_USER_VERSION | VHOST_USER_REPLY;
	reply.hdr.size = size;
	memcpy(reply.payload, payload, size);
	while (sent < len) {
		ssize_t n = send(vu->conn_fd, (uint8_t *)&reply + sent, len - sent, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		sent += (size_t)n;
	}
	return 0;
}

static int reply_u64(struct vhost_user *vu, const struct vhost_user_msg *msg, uint64_t value)
{
	return send_reply(vu, msg, &value, sizeof(value));
}

/* --- requests --- */

static int want_size(struct vhost_user *vu, const struct vhost_user_msg *msg, uint32_t size)
{
	if (msg->hdr.size != size)
		return refuse(vu, msg, "size %u, expected %u", msg->hdr.size, size);
	return 0;
}

/* The ring index of a ring-state or fd message; refuses one we do not have. */
static int ring_index(struct vhost_user *vu, const struct vhost_user_msg *msg, uint64_t index)
{
	if (index >= VHOST_USER_NUM_QUEUES)
		return refuse(vu, msg, "ring index %llu, the device has %d",
			      (unsigned long long)index, VHOST_USER_NUM_QUEUES);
	return (int)index;
}

static int not_running(struct vhost_user *vu, const struct vhost_user_msg *msg, int index)
{
	if (vu->vring[index].running)
		return refuse(vu, msg, "ring %d is running (stop it with GET_VRING_BASE first)",
			      index);
	return 0;
}

/**
 * state_ring() - the ring a ring-state request (SET_VRING_NUM/BASE/ENABLE, GET_VRING_BASE) names.
 * @vu:      the device
 * @msg:     the request; its payload must be one struct vhost_vring_state_msg
 * @stopped: the request may only change a ring that is not running
 *
 * Return: the ring index, or -EPROTO (refused: vu->error).
 */
static int state_ring(struct vhost_user *vu, const struct vhost_user_msg *msg, bool stopped)
{
	int index, err;

	err = want_size(vu, msg, sizeof(msg->payload.state));
	if (err)
		return err;
	index = ring_index(vu, msg, msg->payload.state.index);
	if (index < 0 || !stopped)
		return index;
	err = not_running(vu, msg, index);
	return err ? err : index;
}

static int set_vring_addr(struct vhost_user *vu, const struct vhost_user_msg *msg)
{
	const struct vhost_vring_addr_msg *a = &msg->payload.addr;
	struct vhost_user_vring *vr;
	int index, err;

	err = want_size(vu, msg, sizeof(*a));
	if (err)
		return err;
	index = ring_index(vu, msg, a->index);
	if (index < 0)
		return index;
	err = not_running(vu, msg, index);
	if (err)
		return err;
	vr = &vu->vring[index];
	if (!vr->num)
		return refuse(vu, msg, "ring %d: addresses before SET_VRING_NUM", index);
	if (a->desc_user_addr % 16 || a->avail_user_addr % 2 || a->used_user_addr % 4)
		return refuse(vu, msg,
			      "ring %d: desc 0x%llx / avail 0x%llx / used 0x%llx misaligned", index,
			      (unsigned long long)a->desc_user_addr,
			      (unsigned long long)a->avail_user_addr,
			      (unsigned long long)a->used_user_addr);
	if (!translate_user(vu, a->desc_user_addr, desc_bytes(vr->num)))
		return refuse(vu, msg, "ring %d: desc 0x%llx (+%llu) outside guest memory", index,
			      (unsigned long long)a->desc_user_addr,
			      (unsigned long long)desc_bytes(vr->num));
	if (!translate_user(vu, a->avail_user_addr, avail_bytes(vr->num)))
		return refuse(vu, msg, "ring %d: avail 0x%llx (+%llu) outside guest memory", index,
			      (unsigned long long)a->avail_user_addr,
			      (unsigned long long)avail_bytes(vr->num));
	if (!translate_user(vu, a->used_user_addr, used_bytes(vr->num)))
		return refuse(vu, msg, "ring %d: used 0x%llx (+%llu) outside guest memory", index,
			      (unsigned long long)a->used_user_addr,
			      (unsigned long long)used_bytes(vr->num));
	vr->desc_addr = a->desc_user_addr;
	vr->avail_addr = a->avail_user_addr;
	vr->used_addr = a->used_user_addr;
	vr->addr_set = true;
	return maybe_start(vu, index) ? refuse(vu, msg, "ring %d refused to start", index) : 0;
}

/* SET_VRING_KICK / CALL / ERR: a ring index, maybe an fd. */
static int set_vring_fd(struct vhost_user *vu, struct vhost_user_msg *msg)
{
	uint64_t value = msg->payload.u64;
	bool nofd = value & VHOST_USER_VRING_NOFD_MASK;
	struct vhost_user_vring *vr;
	int index, err, fd;

	err = want_size(vu, msg, sizeof(uint64_t));
	if (err)
		return err;
	if (value & ~(VHOST_USER_VRING_IDX_MASK | VHOST_USER_VRING_NOFD_MASK))
		return refuse(vu, msg, "unknown bits in 0x%llx", (unsigned long long)value);
	index = ring_index(vu, msg, value & VHOST_USER_VRING_IDX_MASK);
	if (index < 0)
		return index;
	if (msg->num_fds != (nofd ? 0u : 1u))
		return refuse(vu, msg, "ring %d: %u fds with the no-fd flag %s", index,
			      msg->num_fds, nofd ? "set" : "clear");
	vr = &vu->vring[index];
	fd = nofd ? -1 : msg->fds[0];
	msg->num_fds = 0; /* the fd is ours now */
	switch (msg->hdr.request) {
	case VHOST_USER_SET_VRING_KICK:
		if (nofd) {
			/* Polling the ring instead of a kick fd is not implemented. */
			return refuse(vu, msg, "ring %d: no kick fd (polling mode) not supported",
				      index);
		}
		close_fd(&vr->kick_fd);
		vr->kick_fd = fd;
		vr->kick_given = true;
		/* A kick may have been rung before we listened: look at the ring once. */
		return maybe_start(vu, index) ? refuse(vu, msg, "ring %d refused to start", index)
					      : 0;
	case VHOST_USER_SET_VRING_CALL:
		pthread_mutex_lock(&vu->call_lock);
		close_fd(&vr->call_fd);
		vr->call_fd = fd;
		pthread_mutex_unlock(&vu->call_lock);
		return 0;
	default:
		close_fd(&vr->err_fd);
		vr->err_fd = fd;
		return 0;
	}
}

/**
 * handle_msg() - apply one request and send its reply.
 * @vu:  the device
 * @msg: the request, framed; its fds are closed here unless a handler kept them
 *
 * Return: 0, -EPROTO (refused: vu->error), -EPIPE (the reply could not be sent).
 */
static int handle_msg(struct vhost_user *vu, struct vhost_user_msg *msg)
{
	const struct vhost_vring_state_msg *st = &msg->payload.state;
	bool replied = false;
	int err = 0, index;

	vu->messages++;
	/* Only the fd-carrying requests may carry fds. */
	if (msg->num_fds && msg->hdr.request != VHOST_USER_SET_MEM_TABLE &&
	    msg->hdr.request != VHOST_USER_SET_VRING_KICK &&
	    msg->hdr.request != VHOST_USER_SET_VRING_CALL &&
	    msg->hdr.request != VHOST_USER_SET_VRING_ERR) {
		err = refuse(vu, msg, "%u unexpected fds", msg->num_fds);
		goto out;
	}
	switch (msg->hdr.request) {
	case VHOST_USER_GET_FEATURES:
		err = reply_u64(vu, msg, vu->features_offered);
		replied = true;
		break;
	case VHOST_USER_SET_FEATURES:
		err = want_size(vu, msg, sizeof(uint64_t));
		if (!err && msg->payload.u64 & ~vu->features_offered)
			err = refuse(
				vu, msg, "features 0x%llx include 0x%llx we never offered",
				(unsigned long long)msg->payload.u64,
				(unsigned long long)(msg->payload.u64 & ~vu->features_offered));
		if (!err) {
			vu->features = msg->payload.u64;
			/* With protocol features a ring waits for SET_VRING_ENABLE (the spec). */
			if (vu->features & 1ull << VHOST_USER_F_PROTOCOL_FEATURES)
				for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++)
					if (!vu->vring[i].running)
						vu->vring[i].enabled = false;
		}
		break;
	case VHOST_USER_GET_PROTOCOL_FEATURES:
		err = reply_u64(vu, msg, vu->protocol_features_offered);
		replied = true;
		break;
	case VHOST_USER_SET_PROTOCOL_FEATURES:
		err = want_size(vu, msg, sizeof(uint64_t));
		if (!err && msg->payload.u64 & ~vu->protocol_features_offered)
			err = refuse(vu, msg,
				     "protocol features 0x%llx include 0x%llx we never offered",
				     (unsigned long long)msg->payload.u64,
				     (unsigned long long)(msg->payload.u64 &
							  ~vu->protocol_features_offered));
		if (!err)
			vu->protocol_features = msg->payload.u64;
		break;
	case VHOST_USER_GET_QUEUE_NUM:
		err = reply_u64(vu, msg, VHOST_USER_NUM_QUEUES);
		replied = true;
		break;
	case VHOST_USER_SET_OWNER:
		err = want_size(vu, msg, 0);
		if (!err)
			vu->owner = true;
		break;
	case VHOST_USER_RESET_OWNER:
		for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++) {
			stop_ring(vu, i);
			vu->vring[i].kick_given = false;
		}
		vu->owner = false;
		vu->features = 0;
		break;
	case VHOST_USER_SET_MEM_TABLE:
		err = set_mem_table(vu, msg);
		break;
	case VHOST_USER_SET_VRING_NUM:
		index = state_ring(vu, msg, true);
		if (index < 0) {
			err = index;
			break;
		}
		if (st->num == 0 || st->num > 32768 || (st->num & (st->num - 1))) {
			err = refuse(vu, msg, "ring %d: num %u is not a power of two up to 32768",
				     index, st->num);
			break;
		}
		vu->vring[index].num = st->num;
		vu->vring[index].addr_set = false; /* addresses were checked for the old size */
		break;
	case VHOST_USER_SET_VRING_ADDR:
		err = set_vring_addr(vu, msg);
		break;
	case VHOST_USER_SET_VRING_BASE:
		index = state_ring(vu, msg, true);
		if (index < 0) {
			err = index;
			break;
		}
		if (st->num > 0xffff) {
			err = refuse(vu, msg, "ring %d: base %u beyond a 16-bit index", index,
				     st->num);
			break;
		}
		vu->vring[index].base = (uint16_t)st->num;
		break;
	case VHOST_USER_GET_VRING_BASE: {
		struct vhost_vring_state_msg reply;

		index = state_ring(vu, msg, false);
		if (index < 0) {
			err = index;
			break;
		}
		/* The ring stops here and needs a new kick fd to run again. */
		stop_ring(vu, index);
		vu->vring[index].kick_given = false;
		close_fd(&vu->vring[index].kick_fd);
		reply.index = (uint32_t)index;
		reply.num = vu->vring[index].base;
		err = send_reply(vu, msg, &reply, sizeof(reply));
		replied = true;
		break;
	}
	case VHOST_USER_SET_VRING_KICK:
	case VHOST_USER_SET_VRING_CALL:
	case VHOST_USER_SET_VRING_ERR:
		err = set_vring_fd(vu, msg);
		break;
	case VHOST_USER_SET_VRING_ENABLE:
		index = state_ring(vu, msg, false);
		if (index < 0) {
			err = index;
			break;
		}
		if (st->num > 1) {
			err = refuse(vu, msg, "ring %d: enable %u is neither 0 nor 1", index,
				     st->num);
			break;
		}
		vu->vring[index].enabled = st->num;
		if (st->num)
			err = maybe_start(vu, index)
				      ? refuse(vu, msg, "ring %d refused to start", index)
				      : 0;
		else
			stop_ring(vu, index);
		break;
	case VHOST_USER_GET_CONFIG: {
		struct vhost_config_msg reply;

		if (msg->hdr.size < 12 || msg->payload.config.size > VHOST_USER_CONFIG_MAX ||
		    msg->hdr.size != 12 + msg->payload.config.size) {
			err = refuse(vu, msg, "size %u does not match a config of %u bytes",
				     msg->hdr.size, msg->payload.config.size);
			break;
		}
		/* virtio rpmsg has no config space: whatever is asked reads as zeros. */
		memset(&reply, 0, sizeof(reply));
		reply.offset = msg->payload.config.offset;
		reply.size = msg->payload.config.size;
		err = send_reply(vu, msg, &reply, 12 + reply.size);
		replied = true;
		break;
	}
	default:
		err = refuse(vu, msg, "not supported by this back end");
		break;
	}
out:
	close_msg_fds(msg);
	/* REPLY_ACK: the front end waits for 0 (done) or non-zero (refused). */
	if (!replied && (msg->hdr.flags & VHOST_USER_NEED_REPLY) &&
	    (vu->protocol_features & 1ull << VHOST_USER_PROTOCOL_F_REPLY_ACK)) {
		if (reply_u64(vu, msg, err ? 1 : 0) && !err)
			err = -EPIPE;
	}
	return err;
}

/* The front end is gone or misbehaved: stop everything, close the connection for good. */
static void disconnect(struct vhost_user *vu)
{
	for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++)
		stop_ring(vu, i);
	close_fd(&vu->conn_fd);
	vu->closed = true;
}

int vhost_user_service(struct vhost_user *vu)
{
	struct vhost_user_msg msg;
	int handled = 0;

	if (vu->conn_fd < 0)
		return vu->closed ? -EPIPE : 0;
	for (;;) {
		int ret = read_msg(vu, &msg);

		if (ret == 0)
			return handled;
		if (ret > 0) {
			ret = handle_msg(vu, &msg);
			if (!ret) {
				handled++;
				continue;
			}
		}
		if (ret == -EPIPE && !vu->error[0])
			snprintf(vu->error, sizeof(vu->error),
				 "vhost-user front end (pid %d) closed the connection",
				 (int)vu->peer_pid);
		disconnect(vu);
		return ret == -EPIPE ? -EPIPE : -EPROTO;
	}
}

int vhost_user_call(struct vhost_user *vu, unsigned int index)
{
	uint64_t one = 1;
	int fd;

	if (index >= VHOST_USER_NUM_QUEUES)
		return -EINVAL;
	pthread_mutex_lock(&vu->call_lock);
	fd = vu->vring[index].call_fd;
	if (fd >= 0 && write(fd, &one, sizeof(one)) == sizeof(one))
		vu->vring[index].calls++;
	pthread_mutex_unlock(&vu->call_lock);
	return 0;
}

bool vhost_user_take_kick(struct vhost_user *vu, unsigned int index)
{
	struct pollfd pfd;
	uint64_t count;

	if (index >= VHOST_USER_NUM_QUEUES || vu->vring[index].kick_fd < 0)
		return false;
	pfd.fd = vu->vring[index].kick_fd;
	pfd.events = POLLIN;
	/* The eventfd is the front end's: look before reading, never block on it. */
	if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN))
		return false;
	if (read(pfd.fd, &count, sizeof(count)) != sizeof(count))
		return false;
	vu->vring[index].kicks++;
	return true;
}

const char *vhost_user_error(const struct vhost_user *vu)
{
	return vu->error;
}

void vhost_user_close(struct vhost_user *vu)
{
	struct stat st;

	if (vu->conn_fd >= 0)
		disconnect(vu);
	close_fd(&vu->listen_fd);
	/* Remove our socket file only if it is still ours (not a newer back end's). */
	if (vu->owns_path && !lstat(vu->path, &st) && st.st_dev == vu->path_dev &&
	    st.st_ino == vu->path_ino)
		unlink(vu->path);
	vu->owns_path = false;
	for (unsigned int i = 0; i < VHOST_USER_NUM_QUEUES; i++) {
		close_fd(&vu->vring[i].kick_fd);
		close_fd(&vu->vring[i].err_fd);
		pthread_mutex_lock(&vu->call_lock);
		close_fd(&vu->vring[i].call_fd);
		pthread_mutex_unlock(&vu->call_lock);
	}
	for (unsigned int i = 0; i < vu->num_regions; i++) {
		carveout_guard_remove(vu->region[i].guard);
		vu->region[i].guard = -1;
		if (vu->region[i].map)
			munmap(vu->region[i].map, vu->region[i].map_len);
		vu->region[i].map = NULL;
	}
	vu->num_regions = 0;
	for (unsigned int i = 0; i < vu->num_retired; i++)
		munmap(vu->retired[i].map, vu->retired[i].len);
	vu->num_retired = 0;
	pthread_mutex_destroy(&vu->call_lock);
}
