// SPDX-License-Identifier: MIT
/*
 * Bus life cycle: create or attach the carve-out, set up both virtqueues for our role, the
 * mailbox and the "interrupt" thread; detect a dead peer; tear down. The roles follow
 * virtio_rpmsg_bus.c's rpmsg_trace() (host) and OpenAMP's rpmsg_init_vdev() (remote).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/virtio_config.h>

#include <rpmsg-scope/errors.h>

#include "bus_internal.h"

/* How often the interrupt thread looks at the peer when nothing happens. */
#define PEER_CHECK_INTERVAL_MS 100
#define STATUS_DRIVER_READY                                                                        \
	(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |      \
	 VIRTIO_CONFIG_S_DRIVER_OK)

static __thread char last_error[256];

/* Say why an open failed (rpmsg_last_error()). Return: @err. */
#define open_fail(err, ...) rpmsg_error_format(last_error, sizeof(last_error), (err), __VA_ARGS__)

const char *rpmsg_last_error(void)
{
	return last_error;
}

int bus_open_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rpmsg_error_vformat(last_error, sizeof(last_error), err, fmt, ap);
	va_end(ap);
	return err;
}

uint64_t bus_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

void rpmsg_bus_config_init(struct rpmsg_bus_config *cfg, const char *name, enum rpmsg_role role)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = name;
	cfg->role = role;
	cfg->mbox = RPMSG_MBOX_FUTEX;
	cfg->layout = RPMSG_LAYOUT_HOST_OWNED;
	cfg->vring_num = RPMSG_DEFAULT_NUM_BUFS / 2;
	cfg->buf_count = RPMSG_DEFAULT_NUM_BUFS;
	cfg->buf_size = RPMSG_DEFAULT_BUF_SIZE;
	cfg->pa_base = RPMSG_DEFAULT_PA_BASE;
	cfg->tx_timeout_ms = 15000;
	cfg->spin_us = 20;
	cfg->threaded = true;
	cfg->attach_timeout_ms = 5000;
}

/**
 * config_normalise() - fill @cfg's zero fields with defaults and reject what cannot work.
 * @cfg: the caller's configuration, copied into the bus
 *
 * The bus name becomes part of file names: letters, digits, '_', '-', '.' only. The geometry is
 * checked by carveout_check_geometry(), the same rule a peer's table is held to.
 * Return: 0, or -EINVAL with rpmsg_last_error() naming the field and value.
 */
static int config_normalise(struct rpmsg_bus_config *cfg)
{
	struct rpmsg_bus_config def;
	size_t len;

	if (!cfg->name)
		return open_fail(-EINVAL, "bus name missing");
	len = strlen(cfg->name);
	if (len == 0 || len >= RPMSG_BUS_NAME_MAX)
		return open_fail(-EINVAL, "bus name '%s' must be 1 to %d characters", cfg->name,
				 RPMSG_BUS_NAME_MAX - 1);
	for (size_t i = 0; i < len; i++) {
		char c = cfg->name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return open_fail(-EINVAL, "bus name '%s': character '%c' not allowed",
					 cfg->name, c);
	}
	rpmsg_bus_config_init(&def, cfg->name, cfg->role);
	if (!cfg->vring_num)
		cfg->vring_num = def.vring_num;
	if (!cfg->buf_count)
		cfg->buf_count =
			2 * cfg->vring_num < def.buf_count ? 2 * cfg->vring_num : def.buf_count;
	if (!cfg->buf_size)
		cfg->buf_size = def.buf_size;
	if (!cfg->tx_timeout_ms)
		cfg->tx_timeout_ms = def.tx_timeout_ms;
	if (!cfg->attach_timeout_ms)
		cfg->attach_timeout_ms = def.attach_timeout_ms;
	if (cfg->role != RPMSG_ROLE_HOST && cfg->role != RPMSG_ROLE_REMOTE)
		return open_fail(-EINVAL, "role %d unknown", cfg->role);
	if (cfg->vhost_user_path) {
		if (cfg->role != RPMSG_ROLE_REMOTE)
			return open_fail(-EINVAL, "vhost_user_path: only the remote role is a "
						  "vhost-user device");
		if (cfg->layout != RPMSG_LAYOUT_HOST_OWNED)
			return open_fail(-EINVAL,
					 "vhost_user_path: the guest owns the rings, there "
					 "is no firmware-owned table");
		cfg->mbox = RPMSG_MBOX_EVENTFD;
	} else if (cfg->mbox == RPMSG_MBOX_EVENTFD) {
		return open_fail(-EINVAL, "the eventfd mailbox is vhost-user's: set "
					  "vhost_user_path");
	}
	if (!mailbox_backend(cfg->mbox))
		return open_fail(-EINVAL, "mailbox kind %d unknown", cfg->mbox);
	if (cfg->layout == RPMSG_LAYOUT_FIRMWARE_OWNED) {
		if (mailbox_backend(cfg->mbox)->in_control_block)
			return open_fail(-EINVAL, "a firmware-owned table has no control block: "
						  "use the socket mailbox");
		if (!cfg->shm_path || !cfg->shm_size || !cfg->buf_pool_size)
			return open_fail(-EINVAL, "firmware-owned layout needs shm_path, shm_size "
						  "and buf_pool_offset/size");
		if (cfg->buf_pool_size / cfg->buf_size < cfg->buf_count)
			cfg->buf_count = (unsigned int)(cfg->buf_pool_size / cfg->buf_size) & ~1u;
	}
	if (carveout_check_geometry(cfg->vring_num, RPMSG_VRING_ALIGN, cfg->buf_count,
				    cfg->buf_size, last_error, sizeof(last_error)))
		return -EINVAL;
	return 0;
}

/*
 * Did the peer shrink the carve-out under our mapping? Either the file is now shorter than what
 * we mapped, or the SIGBUS guard already swapped our mapping for private zero pages.
 * Return: true, with the reason in @why.
 */
static bool carveout_truncated(struct rpmsg_bus *bus, char *why, size_t len)
{
	bool hit = carveout_guard_hit(bus->shm_guard);
	struct stat st;

	if (!bus->shm || bus->shm_fd < 0 || fstat(bus->shm_fd, &st))
		return false;
	if (!hit && (size_t)st.st_size >= bus->shm_size)
		return false;
	snprintf(why, len, "bus %s: carve-out truncated to %lld bytes (%zu mapped)", bus->name,
		 (long long)st.st_size, bus->shm_size);
	return true;
}

/* Copy peer-written @src (at most @srclen bytes) into @dst as printable text: \xNN escapes. */
static void escape_peer_text(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < srclen && src[i] && o + 5 < dstlen; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			dst[o++] = (char)c;
			continue;
		}
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[c >> 4];
		dst[o++] = hex[c & 15];
	}
	dst[o] = 0;
}

/**
 * bus_set_broken() - mark the bus broken (-EIO) or orphaned (-EPIPE), once, and say why.
 * @bus:    the bus
 * @status: -EIO: the other side's data is invalid; -EPIPE: the other side is gone
 * @fmt:    the reason, printf style, for rpmsg_bus_error()
 *
 * The first call wins; later ones change nothing but still wake waiters. After a truncated
 * carve-out, the truncation is the reason whatever the caller saw (it read zero pages). An -EIO
 * found by us is also published in the control block, for the peer and for monitors. Wakes
 * blocked senders and the interrupt thread. Any thread; the caller holds neither error_lock nor
 * tx_lock.
 */
void bus_set_broken(struct rpmsg_bus *bus, int status, const char *fmt, ...)
{
	char why[160];
	bool truncated;
	va_list ap;

	/* Whatever looked wrong after a truncation came from zero pages: name the cause. */
	truncated = carveout_guard_hit(bus->shm_guard) && carveout_truncated(bus, why, sizeof(why));
	if (truncated)
		status = -EIO;
	pthread_mutex_lock(&bus->error_lock);
	/*
	 * Every writer holds error_lock; readers take no lock: the reason is written before the
	 * status is published, so whoever sees the status also sees the whole reason.
	 */
	if (!atomic_load(&bus->status)) {
		if (truncated) {
			snprintf(bus->error, sizeof(bus->error), "%s", why);
		} else {
			va_start(ap, fmt);
			vsnprintf(bus->error, sizeof(bus->error), fmt, ap);
			va_end(ap);
		}
		atomic_store(&bus->status, status);
		/* Tell the other side and monitors why, when we found their data invalid. */
		if (bus->ctrl && status == -EIO && !truncated && !bus->ctrl->broken_by) {
			size_t n = strnlen(bus->error, sizeof(bus->ctrl->broken) - 1);

			memcpy(bus->ctrl->broken, bus->error, n);
			bus->ctrl->broken[n] = 0;
			__atomic_store_n(&bus->ctrl->broken_by, bus->role + 1, __ATOMIC_RELEASE);
		}
	}
	pthread_mutex_unlock(&bus->error_lock);
	/* Wake everyone who waits: blocked senders return the error. */
	pthread_mutex_lock(&bus->tx_lock);
	pthread_cond_broadcast(&bus->tx_cond);
	pthread_mutex_unlock(&bus->tx_lock);
	mailbox_wake(&bus->mbox);
}

void bus_doorbell_closed(struct rpmsg_bus *bus)
{
	bus_set_broken(bus, -EPIPE, "%s closed the doorbell socket (peer died)",
		       bus->role == RPMSG_ROLE_HOST ? "remote" : "host");
}

void bus_kick(struct rpmsg_bus *bus, unsigned int notifyid, bool need)
{
	if (!need)
		return;
	rpmsg_trace(mbox_kick, bus->name, bus->event_role, notifyid);
	if (mailbox_kick(&bus->mbox, notifyid) == -EPIPE)
		bus_doorbell_closed(bus);
}

bool bus_need_kick(struct rpmsg_bus *bus, struct virtqueue *vq)
{
	unsigned int faults = atomic_load_explicit(&bus->test_faults, memory_order_relaxed);
	bool need;

	if (bus->role == RPMSG_ROLE_HOST && !bus->polling) {
		need = vq_kick_prepare(vq);
	} else if (bus->role == RPMSG_ROLE_HOST) {
		vq_publish_avail(vq);
		vq->num_added = 0;
		return false;
	} else if (!bus->polling) {
		need = vq_dev_need_interrupt(vq);
	} else {
		vq_dev_publish_used(vq);
		vq->num_pushed = 0;
		return false;
	}
	/* rpmsg_bus_test_faults(): a side that never rings, or rings whatever the ring says */
	if (faults & RPMSG_BUS_TEST_DROP_KICKS)
		return false;
	return need || (faults & RPMSG_BUS_TEST_NOTIFY_ALWAYS);
}

void rpmsg_bus_test_faults(struct rpmsg_bus *bus, unsigned int faults)
{
	atomic_store(&bus->test_faults, faults);
}

/* The host's "remote detached" message, with the reason the remote stored if it found us bad. */
static void host_remote_detached(struct rpmsg_bus *bus)
{
	char reason[4 * sizeof(bus->ctrl->broken) + 1];

	if (__atomic_load_n(&bus->ctrl->broken_by, __ATOMIC_ACQUIRE) != RPMSG_ROLE_REMOTE + 1) {
		bus_set_broken(bus, -EPIPE, "remote detached from bus %s", bus->name);
		return;
	}
	/* The peer wrote it: escaped, and never read past the field. */
	escape_peer_text(reason, sizeof(reason), bus->ctrl->broken, sizeof(bus->ctrl->broken));
	bus_set_broken(bus, -EPIPE, "remote detached from bus %s: %s", bus->name, reason);
}

/**
 * bus_check_peer() - is the other side still there, and is the carve-out still whole?
 * @bus: the bus; nothing happens once it is broken
 *
 * Looks, in order, at: a truncated carve-out (-EIO); the remote's state in the control block
 * (detached, or attached with a pid we start watching); the device status a closing host resets
 * (remote side); the peer's pidfd. What it finds goes to bus_set_broken(). One or two system
 * calls: callers rate-limit it to PEER_CHECK_INTERVAL_MS.
 */
void bus_check_peer(struct rpmsg_bus *bus)
{
	char why[160];

	if (atomic_load(&bus->status))
		return;
	if (carveout_truncated(bus, why, sizeof(why))) {
		bus_set_broken(bus, -EIO, "%s", why);
		return;
	}
	if (bus->ctrl) {
		uint32_t state = __atomic_load_n(&bus->ctrl->remote_state, __ATOMIC_ACQUIRE);

		if (bus->role == RPMSG_ROLE_HOST) {
			if (state == RPMSG_REMOTE_DETACHED) {
				host_remote_detached(bus);
				return;
			}
			if (state == RPMSG_REMOTE_ATTACHED && !bus->peer.pid) {
				pid_t pid = (pid_t)__atomic_load_n(&bus->ctrl->remote_pid,
								   __ATOMIC_ACQUIRE);

				/* Same words as a death seen later: it is the same event. */
				if (peer_watch_open(&bus->peer, pid) == -ESRCH) {
					bus_set_broken(
						bus, -EPIPE,
						"remote (pid %d) died before the host watched it",
						(int)pid);
					return;
				}
			}
		}
	}
	/* A host that closes resets the device (status 0), as a virtio driver does. */
	if (bus->role == RPMSG_ROLE_REMOTE && bus->vdev &&
	    !(__atomic_load_n(&bus->vdev->status, __ATOMIC_ACQUIRE) & VIRTIO_CONFIG_S_DRIVER_OK)) {
		bus_set_broken(bus, -EPIPE, "host reset the device (closed bus %s)", bus->name);
		return;
	}
	if (bus->peer.pid && !peer_alive(&bus->peer))
		bus_set_broken(bus, -EPIPE, "%s (pid %d) died",
			       bus->role == RPMSG_ROLE_HOST ? "remote" : "host",
			       (int)bus->peer.pid);
}

static int map_shm(struct rpmsg_bus *bus, int fd, size_t size, bool writable)
{
	void *p = mmap(NULL, size, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	bus->shm = p;
	bus->shm_size = size;
	/* The peer can shrink the file under us; without the guard that is SIGBUS, not an error. */
	bus->shm_guard = carveout_guard_add(p, size);
	if (bus->shm_guard < 0) {
		int err = bus->shm_guard;

		munmap(p, size);
		bus->shm = NULL;
		return err;
	}
	return 0;
}

/*
 * Open this side's doorbells with the configured backend. The side that created the carve-out
 * (@listen) is the one a socket peer connects to; @tx/@rx are the control block's doorbells
 * (NULL where there is no control block).
 */
static int open_mailbox(struct rpmsg_bus *bus, bool listen, struct rpmsg_doorbell *tx,
			struct rpmsg_doorbell *rx)
{
	const struct mailbox_setup setup = {
		.kind = bus->cfg.mbox,
		.listen = listen,
		.path = bus->socket_path,
		.timeout_ms = (int)bus->cfg.attach_timeout_ms,
		.tx = tx,
		.rx = rx,
		.spin_us = bus->cfg.spin_us,
	};

	return mailbox_open(&bus->mbox, &setup);
}

/* Host buffers: first half for receiving, second half for sending (virtio_rpmsg_bus.c). */
static void host_setup_buffers(struct rpmsg_bus *bus)
{
	bus->buf_size = bus->layout.buf_size;
	bus->num_rbufs = bus->layout.buf_count / 2;
	bus->num_sbufs = bus->layout.buf_count / 2;
	bus->rbufs = bus->shm + bus->layout.buf_offset;
	bus->sbufs = bus->rbufs + (size_t)bus->num_rbufs * bus->buf_size;
}

/**
 * host_start_device() - the virtio driver's probe: rings, RX buffers, DRIVER_OK.
 * @bus:     the bus, its layout planned or adopted
 * @offered: the device's features (the table's dfeatures)
 *
 * Accepts name service and event index if offered, sets up both rings as the driver, gives
 * every RX buffer to the remote (vq0), suppresses TX-complete interrupts until a sender waits,
 * then publishes the features and DRIVER_OK, after which the remote may start.
 * Return: 0, or a negative errno with rpmsg_last_error() set.
 */
static int host_start_device(struct rpmsg_bus *bus, uint32_t offered)
{
	uint32_t wanted = (1u << VIRTIO_RPMSG_F_NS) | (1u << VIRTIO_RING_F_EVENT_IDX);
	uint32_t features = offered & wanted;
	bool event_idx = features & (1u << VIRTIO_RING_F_EVENT_IDX);
	int err;

	bus->vdev = carveout_vdev(bus->shm, &bus->layout);
	bus->ns_supported = features & (1u << VIRTIO_RPMSG_F_NS);
	err = vq_driver_init(&bus->rvq, 0, bus->layout.vring_num,
			     bus->shm + bus->layout.vring_offset[0], bus->layout.vring_align,
			     event_idx);
	if (!err)
		err = vq_driver_init(&bus->svq, 1, bus->layout.vring_num,
				     bus->shm + bus->layout.vring_offset[1],
				     bus->layout.vring_align, event_idx);
	if (err)
		return open_fail(err, "cannot set up vrings");
	bus->rvq_notify = bus->layout.notifyid[0];
	bus->svq_notify = bus->layout.notifyid[1];
	host_setup_buffers(bus);
	/* One descriptor per buffer, numbered as the buffer (see vq_driver_bind_heads()). */
	if (bus->num_rbufs <= bus->layout.vring_num)
		vq_driver_bind_heads(&bus->rvq);
	if (bus->num_sbufs <= bus->layout.vring_num)
		vq_driver_bind_heads(&bus->svq);
	bus->rbuf_held = calloc(bus->num_rbufs, sizeof(bool));
	if (!bus->rbuf_held)
		return open_fail(-ENOMEM, "out of memory");

	for (unsigned int i = 0; i < bus->num_rbufs; i++) {
		uint8_t *buf = bus->rbufs + (size_t)i * bus->buf_size;
		int head = vq_add_buf(&bus->rvq, bus_da(bus, buf), bus->buf_size, true, i);

		if (head < 0)
			return open_fail(head, "cannot fill the RX ring");
		rpmsg_trace(vring_add, bus->name, bus->event_role, 0, head, bus->buf_size,
			    bus->rvq.avail_idx_shadow, bus->rvq.num_free);
	}
	vq_kick_prepare(&bus->rvq); /* nobody to kick yet: the remote scans on attach */
	/* Suppress "tx-complete" interrupts until a sender has to wait (rpmsg_trace()). */
	vq_disable_cb(&bus->svq);
	if (bus->polling)
		vq_disable_cb(&bus->rvq);

	bus->vdev->gfeatures = features;
	__atomic_store_n(&bus->vdev->status, STATUS_DRIVER_READY, __ATOMIC_RELEASE);
	return 0;
}

/**
 * bus_create_carveout() - create our host-owned carve-out and publish its layout.
 * @bus: the bus being opened (as host, or as a vhost-user device for its control block)
 *
 * Creates /dev/shm/rpmsg-NAME (O_EXCL, mode 0600), publishes the control block (magic last but
 * for the table, whose version is its own completion flag) and writes the resource table.
 * Return: 0, or a negative errno with rpmsg_last_error() set (-EEXIST: a bus of that name).
 */
int bus_create_carveout(struct rpmsg_bus *bus)
{
	const struct rpmsg_bus_config *cfg = &bus->cfg;
	struct rpmsg_control *ctrl;
	int err;

	if (carveout_plan_host(cfg, &bus->layout))
		return open_fail(-EINVAL, "cannot lay out bus %s", bus->name);
	bus->shm_fd = shm_open(bus->shm_name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (bus->shm_fd < 0)
		return open_fail(-errno, "cannot create /dev/shm%s: %s%s", bus->shm_name,
				 strerror(errno),
				 errno == EEXIST ? " (a bus of that name exists; remove a stale "
						   "one with rpmsg_bus_unlink)"
						 : "");
	bus->owns_shm = true;
	if (ftruncate(bus->shm_fd, (off_t)bus->layout.shm_size))
		return open_fail(-errno, "cannot size /dev/shm%s: %s", bus->shm_name,
				 strerror(errno));
	err = map_shm(bus, bus->shm_fd, bus->layout.shm_size, true);
	if (err)
		return open_fail(err, "cannot map /dev/shm%s", bus->shm_name);

	ctrl = carveout_control(bus->shm, &bus->layout);
	ctrl->version = RPMSG_CONTROL_VERSION;
	ctrl->size = sizeof(*ctrl);
	ctrl->mbox = cfg->mbox;
	snprintf(ctrl->bus_name, sizeof(ctrl->bus_name), "%s", bus->name);
	ctrl->pa_base = bus->layout.pa_base;
	ctrl->buf_offset = (uint32_t)bus->layout.buf_offset;
	ctrl->buf_count = bus->layout.buf_count;
	ctrl->buf_size = bus->layout.buf_size;
	ctrl->host_pid = (uint32_t)getpid();
	ctrl->spin_us = cfg->spin_us;
	bus->ctrl = ctrl;
	__atomic_store_n(&ctrl->magic, RPMSG_CONTROL_MAGIC, __ATOMIC_RELEASE);
	carveout_write_table(bus->shm, &bus->layout);
	return 0;
}

/**
 * host_open_own() - host side of a host-owned layout: create the carve-out and start the device.
 * @bus: the bus being opened as host
 *
 * Creates the carve-out (bus_create_carveout()), opens the doorbell (a socket listens before
 * DRIVER_OK, so a remote that saw DRIVER_OK can connect) and starts the device as the driver.
 * Return: 0, or a negative errno with rpmsg_last_error() set (-EEXIST: a bus of that name).
 */
static int host_open_own(struct rpmsg_bus *bus)
{
	const struct rpmsg_bus_config *cfg = &bus->cfg;
	struct rpmsg_control *ctrl;
	int err;

	err = bus_create_carveout(bus);
	if (err)
		return err;
	ctrl = bus->ctrl;
	err = open_mailbox(bus, true, &ctrl->to_remote, &ctrl->to_host);
	if (err)
		return open_fail(err, "cannot set up the %s mailbox: %s",
				 mailbox_backend(cfg->mbox)->name, strerror(-err));
	return host_start_device(bus, bus->layout.vdev_features);
}

/**
 * open_existing_shm() - open and map shm object @name once it exists and holds @min_size bytes.
 * @bus:      the bus; its shm_fd and mapping are set on success
 * @name:     the object's name under /dev/shm
 * @min_size: the size below which the creator has not finished ftruncate() yet
 *
 * Polls every 5 ms: the creator may start after us.
 * Return: 0; -ENOENT after attach_timeout_ms; another negative errno (rpmsg_last_error() set).
 */
static int open_existing_shm(struct rpmsg_bus *bus, const char *name, size_t min_size)
{
	unsigned int waited = 0;
	struct stat st;

	for (;;) {
		bus->shm_fd = shm_open(name, O_RDWR | O_CLOEXEC, 0);
		if (bus->shm_fd >= 0 && !fstat(bus->shm_fd, &st) &&
		    (size_t)st.st_size >= min_size && st.st_size > 0)
			break;
		if (bus->shm_fd >= 0) {
			close(bus->shm_fd);
			bus->shm_fd = -1;
		} else if (errno != ENOENT) {
			return open_fail(-errno, "cannot open /dev/shm%s: %s", name,
					 strerror(errno));
		}
		if (waited >= bus->cfg.attach_timeout_ms)
			return open_fail(-ENOENT, "bus /dev/shm%s did not appear within %u ms",
					 name, bus->cfg.attach_timeout_ms);
		sleep_ms(5);
		waited += 5;
	}
	return map_shm(bus, bus->shm_fd, (size_t)st.st_size, true);
}

/**
 * wait_table() - wait until the resource table at @rsc_offset parses.
 * @bus:        the bus, its carve-out mapped; its layout is filled on success
 * @rsc_offset: where the writer puts the table
 * @pa_base:    the carve-out's device address
 *
 * A version of 0 means "still being written" (carveout_write_table() sets it last): poll every
 * millisecond until attach_timeout_ms.
 * Return: 0; -EIO for an invalid table; -ETIMEDOUT (rpmsg_last_error() says which).
 */
static int wait_table(struct rpmsg_bus *bus, size_t rsc_offset, uint64_t pa_base)
{
	char err[160];
	unsigned int waited = 0;

	for (;;) {
		int ret = carveout_parse_table(bus->shm, bus->shm_size, rsc_offset, pa_base,
					       &bus->layout, err, sizeof(err));

		if (ret == 0)
			return 0;
		if (ret != -EAGAIN)
			return open_fail(-EIO, "bus %s: invalid resource table: %s", bus->name,
					 err);
		if (waited >= bus->cfg.attach_timeout_ms)
			return open_fail(-ETIMEDOUT, "bus %s: no resource table after %u ms",
					 bus->name, waited);
		sleep_ms(1);
		waited++;
	}
}

/**
 * host_adopt_firmware() - host side of a firmware-owned layout: adopt the table the remote wrote.
 * @bus: the bus being opened (firmware-owned layout, socket doorbell)
 *
 * Connects to the remote's doorbell first (the remote accepts only once its table is written),
 * maps the carve-out, waits for the table, checks the configured buffer pool against the
 * carve-out and the rings, and holds the geometry to the same rule as our own
 * (carveout_check_geometry()), then starts the device as the driver.
 * Return: 0, or a negative errno with rpmsg_last_error() set.
 */
static int host_adopt_firmware(struct rpmsg_bus *bus)
{
	const struct rpmsg_bus_config *cfg = &bus->cfg;
	size_t pool_end = cfg->buf_pool_offset + cfg->buf_pool_size;
	char why[160];
	int err;

	/* The remote accepts the doorbell only once its table is written. */
	err = open_mailbox(bus, false, NULL, NULL);
	if (err)
		return open_fail(err, "cannot connect to the remote's doorbell %s: %s",
				 bus->socket_path, strerror(-err));
	err = open_existing_shm(bus, cfg->shm_path, cfg->shm_size);
	if (err)
		return err;
	err = wait_table(bus, cfg->rsc_offset, cfg->pa_base);
	if (err)
		return err;
	if (pool_end > bus->shm_size || pool_end < cfg->buf_pool_offset)
		return open_fail(-EINVAL, "buffer pool [0x%zx, 0x%zx) outside the %zu-byte shm",
				 cfg->buf_pool_offset, pool_end, bus->shm_size);
	for (int v = 0; v < 2; v++) {
		size_t ring_end = bus->layout.vring_offset[v] +
				  vring_size(bus->layout.vring_num, bus->layout.vring_align);

		if (cfg->buf_pool_offset < ring_end && bus->layout.vring_offset[v] < pool_end)
			return open_fail(-EINVAL, "buffer pool overlaps vring %d", v);
	}
	bus->layout.buf_offset = cfg->buf_pool_offset;
	bus->layout.buf_count = cfg->buf_count;
	bus->layout.buf_size = cfg->buf_size;
	/* The firmware's rings may be smaller than ours: each half must fit its ring. */
	if (bus->layout.vring_num < cfg->buf_count / 2)
		bus->layout.buf_count = bus->layout.vring_num * 2;
	if (carveout_check_geometry(bus->layout.vring_num, bus->layout.vring_align,
				    bus->layout.buf_count, bus->layout.buf_size, why, sizeof(why)))
		return open_fail(-EIO, "bus %s: firmware table: %s", bus->name, why);
	return host_start_device(bus, bus->layout.vdev_features);
}

/**
 * remote_start_device() - the virtio device's side: wait for DRIVER_OK, then set up the rings.
 * @bus: the bus being opened as remote, its layout known
 *
 * Polls the status byte every millisecond, as OpenAMP remotes do, until attach_timeout_ms.
 * Refuses features the host accepted but we never offered. The remote receives on vq1 (the
 * host's TX) and sends on vq0 (the host's RX).
 * Return: 0; -ETIMEDOUT; -EIO; another negative errno (rpmsg_last_error() set).
 */
static int remote_start_device(struct rpmsg_bus *bus)
{
	struct vring_dma_window window = {
		.pa_base = bus->layout.pa_base, .base = bus->shm, .size = bus->shm_size};
	unsigned int waited = 0;
	uint32_t features;
	bool event_idx;
	int err;

	bus->vdev = carveout_vdev(bus->shm, &bus->layout);
	/* Poll the status byte as OpenAMP remotes do. */
	while (!(__atomic_load_n(&bus->vdev->status, __ATOMIC_ACQUIRE) &
		 VIRTIO_CONFIG_S_DRIVER_OK)) {
		if (waited >= bus->cfg.attach_timeout_ms)
			return open_fail(-ETIMEDOUT,
					 "bus %s: host did not set DRIVER_OK within %u ms",
					 bus->name, waited);
		sleep_ms(1);
		waited++;
	}
	features = bus->vdev->gfeatures;
	if (features & ~bus->layout.vdev_features)
		return open_fail(-EIO,
				 "bus %s: host accepted features 0x%x we did not offer (0x%x)",
				 bus->name, features, bus->layout.vdev_features);
	event_idx = features & (1u << VIRTIO_RING_F_EVENT_IDX);
	bus->ns_supported = features & (1u << VIRTIO_RPMSG_F_NS);
	/* Remote receives on vq1 (the host's TX) and sends on vq0 (the host's RX). */
	err = vq_device_init(&bus->rvq, 1, bus->layout.vring_num,
			     bus->shm + bus->layout.vring_offset[1], bus->layout.vring_align,
			     event_idx, &window);
	if (!err)
		err = vq_device_init(&bus->svq, 0, bus->layout.vring_num,
				     bus->shm + bus->layout.vring_offset[0],
				     bus->layout.vring_align, event_idx, &window);
	if (err)
		return open_fail(err, "bus %s: cannot set up vrings", bus->name);
	bus->rvq_notify = bus->layout.notifyid[1];
	bus->svq_notify = bus->layout.notifyid[0];
	bus->buf_size = bus->layout.buf_size;
	/* Senders look for buffers themselves; receivers want a kick unless polling. */
	vq_dev_disable_notify(&bus->svq);
	if (bus->polling)
		vq_dev_disable_notify(&bus->rvq);
	else
		vq_dev_enable_notify(&bus->rvq);
	return 0;
}

/**
 * remote_attach_host_owned() - remote side of a host-owned layout: attach to the host's bus.
 * @bus: the bus being opened as remote
 *
 * Waits for the carve-out, the control block (magic) and the table, validates both as foreign
 * data, refuses a bus that already has a live remote, reads the mailbox kind once, starts the
 * device side, opens the doorbell, and publishes our pid and state for the host.
 * Return: 0; -EIO (invalid carve-out); -ETIMEDOUT; -EBUSY; -EPIPE (host gone); -errno.
 */
static int remote_attach_host_owned(struct rpmsg_bus *bus)
{
	char err_text[160];
	unsigned int waited = 0;
	uint32_t kind;
	struct rpmsg_control *ctrl;
	int err;

	err = open_existing_shm(bus, bus->shm_name, RPMSG_CONTROL_OFFSET + sizeof(*ctrl));
	if (err)
		return err;
	ctrl = (struct rpmsg_control *)(bus->shm + RPMSG_CONTROL_OFFSET);
	for (;;) {
		/* pa_base is valid only once the host published the control block (magic). */
		if (__atomic_load_n(&ctrl->magic, __ATOMIC_ACQUIRE) == 0)
			err = -EAGAIN;
		else
			err = carveout_parse_table(bus->shm, bus->shm_size, 0, ctrl->pa_base,
						   &bus->layout, err_text, sizeof(err_text));
		if (!err)
			err = carveout_check_control(ctrl, bus->shm_size, &bus->layout, err_text,
						     sizeof(err_text));
		if (!err)
			break;
		if (err != -EAGAIN)
			return open_fail(-EIO, "bus %s: %s", bus->name, err_text);
		if (waited >= bus->cfg.attach_timeout_ms)
			return open_fail(-ETIMEDOUT, "bus %s: host never finished its layout",
					 bus->name);
		sleep_ms(1);
		waited++;
	}
	bus->layout.ctrl_offset = RPMSG_CONTROL_OFFSET;
	bus->ctrl = ctrl;
	if (__atomic_load_n(&ctrl->remote_state, __ATOMIC_ACQUIRE) == RPMSG_REMOTE_ATTACHED &&
	    peer_pid_alive((pid_t)ctrl->remote_pid))
		return open_fail(-EBUSY, "bus %s already has a remote (pid %u)", bus->name,
				 ctrl->remote_pid);
	/* Read once: carveout_check_control() saw a valid kind, but the host may change it since.
	 */
	kind = __atomic_load_n(&ctrl->mbox, __ATOMIC_RELAXED);
	if (!mailbox_backend(kind))
		return open_fail(-EIO, "bus %s: control block: mailbox kind %u unknown", bus->name,
				 kind);
	bus->cfg.mbox = (enum rpmsg_mbox_kind)kind;
	bus->polling = mailbox_backend(kind)->polling;
	err = remote_start_device(bus);
	if (err)
		return err;
	err = open_mailbox(bus, false, &ctrl->to_host, &ctrl->to_remote);
	if (err)
		return open_fail(err, "bus %s: cannot set up the mailbox: %s", bus->name,
				 strerror(-err));
	if (peer_watch_open(&bus->peer, (pid_t)ctrl->host_pid) == -ESRCH)
		return open_fail(-EPIPE, "bus %s: host (pid %u) is gone", bus->name,
				 ctrl->host_pid);
	__atomic_store_n(&ctrl->remote_pid, (uint32_t)getpid(), __ATOMIC_RELAXED);
	__atomic_store_n(&ctrl->remote_state, RPMSG_REMOTE_ATTACHED, __ATOMIC_RELEASE);
	return 0;
}

/**
 * remote_open_firmware() - remote side of a firmware-owned layout: write our own table.
 * @bus: the bus being opened as remote (socket doorbell)
 *
 * Creates and sizes the carve-out, writes the table as firmware does, then listens on the
 * doorbell and waits up to attach_timeout_ms for the host, which connects only after our table
 * is complete; then waits for DRIVER_OK as the device.
 * Return: 0; -ETIMEDOUT (no host); another negative errno (rpmsg_last_error() set).
 */
static int remote_open_firmware(struct rpmsg_bus *bus)
{
	const struct rpmsg_bus_config *cfg = &bus->cfg;
	int err;

	if (carveout_plan_firmware(cfg, &bus->layout))
		return open_fail(-EINVAL, "bus %s: the rings do not fit in %zu bytes", bus->name,
				 cfg->shm_size);
	bus->shm_fd = shm_open(cfg->shm_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (bus->shm_fd < 0)
		return open_fail(-errno, "cannot open /dev/shm%s: %s", cfg->shm_path,
				 strerror(errno));
	if (ftruncate(bus->shm_fd, (off_t)cfg->shm_size))
		return open_fail(-errno, "cannot size /dev/shm%s: %s", cfg->shm_path,
				 strerror(errno));
	bus->owns_shm = true;
	err = map_shm(bus, bus->shm_fd, cfg->shm_size, true);
	if (err)
		return open_fail(err, "cannot map /dev/shm%s", cfg->shm_path);
	memset(bus->shm + bus->layout.rsc_offset, 0, bus->layout.rsc_size);
	carveout_write_table(bus->shm, &bus->layout);
	err = open_mailbox(bus, true, NULL, NULL);
	if (err)
		return open_fail(err, "cannot listen on %s: %s", bus->socket_path, strerror(-err));
	err = mailbox_accept(&bus->mbox, (int)cfg->attach_timeout_ms);
	if (err)
		return open_fail(err, "no host connected to %s within %u ms", bus->socket_path,
				 cfg->attach_timeout_ms);
	return remote_start_device(bus);
}

static void *irq_thread_main(void *arg);

static int bus_init_locks(struct rpmsg_bus *bus)
{
	pthread_mutexattr_t attr;
	pthread_condattr_t cattr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&bus->rx_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	pthread_mutex_init(&bus->ept_lock, NULL);
	pthread_mutex_init(&bus->tx_lock, NULL);
	pthread_mutex_init(&bus->error_lock, NULL);
	pthread_mutex_init(&bus->announce_lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&bus->tx_cond, &cattr);
	pthread_condattr_destroy(&cattr);
	return 0;
}

int rpmsg_bus_open(const struct rpmsg_bus_config *cfg_in, struct rpmsg_bus **out)
{
	struct rpmsg_bus *bus;
	int err;

	last_error[0] = 0;
	/* Cache-line aligned: the counter blocks must not share lines (bus_internal.h). */
	bus = aligned_alloc(64, (sizeof(*bus) + 63) & ~(size_t)63);
	if (bus)
		memset(bus, 0, sizeof(*bus));
	if (!bus)
		return open_fail(-ENOMEM, "out of memory");
	bus->cfg = *cfg_in;
	bus->shm_fd = -1;
	bus->shm_guard = -1;
	bus->peer.pidfd = -1;
	bus_init_locks(bus);
	err = config_normalise(&bus->cfg);
	if (err)
		goto fail;
	snprintf(bus->name, sizeof(bus->name), "%s", bus->cfg.name);
	bus->cfg.name = bus->name;
	snprintf(bus->shm_name, sizeof(bus->shm_name), RPMSG_SHM_PREFIX "%s", bus->name);
	if (bus->cfg.socket_path)
		snprintf(bus->socket_path, sizeof(bus->socket_path), "%s", bus->cfg.socket_path);
	else
		snprintf(bus->socket_path, sizeof(bus->socket_path), "/tmp/rpmsg-%s.sock",
			 bus->name);
	bus->cfg.socket_path = bus->socket_path;
	bus->role = bus->cfg.role;
	bus->event_role =
		bus->role == RPMSG_ROLE_HOST ? RPMSG_EVENT_ROLE_HOST : RPMSG_EVENT_ROLE_REMOTE;
	bus->polling = mailbox_backend(bus->cfg.mbox)->polling;
	bus->next_dynamic_addr = RPMSG_RESERVED_ADDRESSES;

	if (bus->cfg.vhost_user_path)
		err = vhost_bus_open(bus);
	else if (bus->role == RPMSG_ROLE_HOST)
		err = bus->cfg.layout == RPMSG_LAYOUT_HOST_OWNED ? host_open_own(bus)
								 : host_adopt_firmware(bus);
	else
		err = bus->cfg.layout == RPMSG_LAYOUT_HOST_OWNED ? remote_attach_host_owned(bus)
								 : remote_open_firmware(bus);
	if (err)
		goto fail;

	bus->held_tx_max = bus->layout.vring_num;
	bus->held_tx = calloc(bus->held_tx_max, sizeof(*bus->held_tx));
	bus->held_rx = calloc(bus->held_tx_max, sizeof(*bus->held_rx));
	bus->reclaimed = calloc(bus->held_tx_max, sizeof(*bus->reclaimed));
	if (!bus->held_tx || !bus->held_rx || !bus->reclaimed) {
		err = open_fail(-ENOMEM, "out of memory");
		goto fail;
	}
	if (bus->cfg.threaded) {
		err = -pthread_create(&bus->irq_thread, NULL, irq_thread_main, bus);
		if (err) {
			open_fail(err, "cannot start the interrupt thread");
			goto fail;
		}
		bus->irq_running = true;
	}
	*out = bus;
	return 0;
fail:
	rpmsg_bus_close(bus);
	return err;
}

/*
 * Service doorbells: receive on rvq, wake senders waiting for the svq. @first_look: the scan at
 * start, which no doorbell caused: not counted or traced as an interrupt (a doctor would take it
 * for a doorbell the peer rang).
 */
static int bus_service(struct rpmsg_bus *bus, uint32_t pending, bool first_look)
{
	int delivered = 0;

	/* vhost-user: the socket first (rings may start or stop), then what they hold. */
	if (bus->vu)
		pending = vhost_bus_service(bus, pending);
	if (!first_look &&
	    pending & ~MAILBOX_SELF_WAKE & (1u << bus->rvq_notify | 1u << bus->svq_notify)) {
		atomic_fetch_add_explicit(&bus->stats.interrupts, 1, memory_order_relaxed);
		if (!bus->polling)
			rpmsg_trace(mbox_rx, bus->name, bus->event_role,
				    pending & (1u << bus->rvq_notify) ? bus->rvq_notify
								      : bus->svq_notify);
	}
	if (pending & (1u << bus->rvq_notify))
		delivered = rx_process(bus);
	if (pending & (1u << bus->svq_notify))
		tx_wake_waiters(bus);
	if (bus->vu)
		vhost_bus_publish(bus);
	return delivered;
}

/**
 * irq_thread_main() - the "interrupt" thread: wait for doorbells and service the rings.
 * @arg: the bus
 *
 * Waits on the mailbox in PEER_CHECK_INTERVAL_MS slices (1 ms when polling) so that a dead
 * peer is noticed between doorbells. Once the bus is broken or orphaned it stops touching the
 * rings but keeps running until rpmsg_bus_close() sets stopping. Return: NULL.
 */
static void *irq_thread_main(void *arg)
{
	struct rpmsg_bus *bus = arg;
	uint64_t last_peer_check = bus_now_ns();

	/* A fresh start: look at every ring once (the peer may have queued work already). */
	bus_service(bus, MAILBOX_ALL_NOTIFY, true);
	while (!atomic_load(&bus->stopping)) {
		uint32_t pending = 0;
		uint64_t now;
		int ret;

		ret = mailbox_wait(&bus->mbox, bus->polling ? 1 : PEER_CHECK_INTERVAL_MS, &pending);
		if (ret == -EPIPE) {
			bus_doorbell_closed(bus);
			break;
		}
		if (atomic_load(&bus->stopping))
			break;
		if (pending && !atomic_load(&bus->status))
			bus_service(bus, pending, false);
		now = bus_now_ns();
		if (now - last_peer_check >= PEER_CHECK_INTERVAL_MS * 1000000ull) {
			bus_check_peer(bus);
			/* monitors see a vhost-user device's rings at least this often */
			if (bus->vu)
				vhost_bus_publish(bus);
			last_peer_check = now;
		}
		if (atomic_load(&bus->status) && !atomic_load(&bus->stopping)) {
			/* Broken or orphaned: keep waking waiters but stop touching the rings. */
			mailbox_wait(&bus->mbox, PEER_CHECK_INTERVAL_MS, &pending);
		}
	}
	return NULL;
}

/**
 * rpmsg_bus_poll() - without an interrupt thread: wait for doorbells, then service the rings.
 * @bus:        the bus (opened with threaded = false, or polled in addition)
 * @timeout_ms: -1 forever, 0 just look
 *
 * Waits in PEER_CHECK_INTERVAL_MS slices, checking the peer between them, until a doorbell
 * rings or the timeout passes; then scans every ring once whatever rang.
 * Return: messages delivered (>= 0), or the bus status (-EIO broken, -EPIPE peer gone).
 */
int rpmsg_bus_poll(struct rpmsg_bus *bus, int timeout_ms)
{
	uint64_t start = bus_now_ns(), now = start;
	uint32_t pending = 0;
	int ret;

	for (;;) {
		int slice = PEER_CHECK_INTERVAL_MS;

		ret = atomic_load(&bus->status);
		if (ret)
			return ret;
		/* Sleep in slices so that a dead peer is noticed however long the caller waits. */
		if (timeout_ms >= 0) {
			uint64_t waited_ms = (now - start) / 1000000ull;

			slice = waited_ms >= (uint64_t)timeout_ms ? 0 : timeout_ms - (int)waited_ms;
			if (slice > PEER_CHECK_INTERVAL_MS)
				slice = PEER_CHECK_INTERVAL_MS;
		}
		ret = mailbox_wait(&bus->mbox, slice, &pending);
		if (ret == -EPIPE) {
			bus_doorbell_closed(bus);
			return -EPIPE;
		}
		/*
		 * A look that did not wait (slice 0: a polling loop's rpmsg_bus_poll(bus, 0)) took
		 * no time worth a second clock read per pass.
		 */
		if (slice)
			now = bus_now_ns();
		/* Looking at the peer costs a system call: do it at the interrupt thread's pace. */
		if (now - bus->last_peer_check >= PEER_CHECK_INTERVAL_MS * 1000000ull) {
			bus->last_peer_check = now;
			bus_check_peer(bus);
		}
		if (pending || slice == 0 ||
		    (timeout_ms >= 0 && now - start >= (uint64_t)timeout_ms * 1000000ull))
			break;
	}
	/* Polling users get no interrupt thread: look at the rings every time. */
	ret = bus_service(bus, pending | MAILBOX_ALL_NOTIFY, false);
	if (atomic_load(&bus->status))
		return atomic_load(&bus->status);
	return ret;
}

/**
 * rpmsg_bus_wait_peer() - host: wait until a remote attached (or detached, saying why).
 * @bus:        the bus
 * @timeout_ms: how long to poll the control block, every millisecond
 *
 * Return: 0 once a live remote attached; the bus status if it is broken or the remote already
 * left (rpmsg_bus_error() carries the remote's own reason); -ETIMEDOUT. A remote, or a host of a
 * firmware-owned layout (no control block), gets the bus status at once.
 */
int rpmsg_bus_wait_peer(struct rpmsg_bus *bus, unsigned int timeout_ms)
{
	unsigned int waited = 0;

	if (bus->vu)
		return vhost_bus_wait_live(bus, timeout_ms);
	if (bus->role == RPMSG_ROLE_REMOTE || !bus->ctrl)
		return atomic_load(&bus->status);
	for (;;) {
		uint32_t state = __atomic_load_n(&bus->ctrl->remote_state, __ATOMIC_ACQUIRE);

		if (atomic_load(&bus->status))
			return atomic_load(&bus->status);
		if (state == RPMSG_REMOTE_ATTACHED) {
			bus_check_peer(bus);
			return atomic_load(&bus->status);
		}
		if (state == RPMSG_REMOTE_DETACHED) {
			/* rpmsg_bus_error() then says why, with the remote's own reason */
			host_remote_detached(bus);
			return atomic_load(&bus->status);
		}
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		sleep_ms(1);
		waited++;
	}
}

void rpmsg_bus_close(struct rpmsg_bus *bus)
{
	if (!bus)
		return;
	/*
	 * Stop the interrupt thread first: a name-service DESTROY it handles unbinds a channel and
	 * frees its endpoint, which endpoints_destroy_all() would be walking at the same time.
	 * Senders that announce our endpoints' end then look at the ring themselves (tx.c does
	 * when no interrupt thread runs).
	 */
	atomic_store(&bus->stopping, true);
	mailbox_wake(&bus->mbox);
	if (bus->irq_running) {
		pthread_join(bus->irq_thread, NULL);
		bus->irq_running = false;
	}
	/*
	 * Endpoints and drivers exist only on a bus that opened, so no condition here: a healthy
	 * bus announces each endpoint's end, a broken one destroys silently (rpmsg_destroy_ept()).
	 */
	endpoints_destroy_all(bus);
	rx_ept_forget(bus);
	if (bus->ctrl && bus->role == RPMSG_ROLE_REMOTE)
		__atomic_store_n(&bus->ctrl->remote_state, RPMSG_REMOTE_DETACHED, __ATOMIC_RELEASE);
	if (bus->vdev && bus->role == RPMSG_ROLE_HOST)
		__atomic_store_n(&bus->vdev->status, 0, __ATOMIC_RELEASE);
	mailbox_close(&bus->mbox); /* the listening side removes its socket file */
	vhost_bus_close(bus);	   /* the front end sees end of file; our socket file goes */
	peer_watch_close(&bus->peer);
	vq_free(&bus->rvq);
	vq_free(&bus->svq);
	free(bus->rbuf_held);
	free(bus->held_tx);
	free(bus->held_rx);
	free(bus->reclaimed);
	carveout_guard_remove(bus->shm_guard);
	if (bus->shm)
		munmap(bus->shm, bus->shm_size);
	if (bus->shm_fd >= 0)
		close(bus->shm_fd);
	if (bus->owns_shm)
		shm_unlink(bus->cfg.layout == RPMSG_LAYOUT_HOST_OWNED ? bus->shm_name
								      : bus->cfg.shm_path);
	pthread_mutex_destroy(&bus->rx_lock);
	pthread_mutex_destroy(&bus->ept_lock);
	pthread_mutex_destroy(&bus->tx_lock);
	pthread_mutex_destroy(&bus->error_lock);
	pthread_mutex_destroy(&bus->announce_lock);
	pthread_cond_destroy(&bus->tx_cond);
	free(bus);
}

int rpmsg_bus_unlink(const char *name)
{
	char path[RPMSG_BUS_NAME_MAX + 16];

	snprintf(path, sizeof(path), RPMSG_SHM_PREFIX "%s", name);
	return shm_unlink(path) ? -errno : 0;
}

int rpmsg_bus_status(const struct rpmsg_bus *bus)
{
	return atomic_load(&((struct rpmsg_bus *)bus)->status);
}

const char *rpmsg_bus_error(const struct rpmsg_bus *bus)
{
	return atomic_load(&((struct rpmsg_bus *)bus)->status) ? bus->error : "";
}

const char *rpmsg_bus_name(const struct rpmsg_bus *bus)
{
	return bus->name;
}

enum rpmsg_role rpmsg_bus_role(const struct rpmsg_bus *bus)
{
	return bus->role;
}

size_t rpmsg_bus_payload_max(const struct rpmsg_bus *bus)
{
	return bus->buf_size - sizeof(struct rpmsg_hdr);
}

void rpmsg_bus_get_stats(const struct rpmsg_bus *bus, struct rpmsg_bus_stats *s)
{
	const struct rpmsg_bus_counters *c = &bus->stats;

	s->tx_msgs = counter_read(&c->tx.msgs);
	s->tx_bytes = counter_read(&c->tx.bytes);
	s->rx_msgs = counter_read(&c->rx.msgs);
	s->rx_bytes = counter_read(&c->rx.bytes);
	s->kicks_sent = counter_read(&c->tx.kicks_sent) + counter_read(&c->rx.kicks_sent);
	s->kicks_suppressed =
		counter_read(&c->tx.kicks_suppressed) + counter_read(&c->rx.kicks_suppressed);
	s->interrupts = atomic_load_explicit(&c->interrupts, memory_order_relaxed);
	s->tx_waits = atomic_load_explicit(&c->tx_waits, memory_order_relaxed);
	s->tx_timeouts = atomic_load_explicit(&c->tx_timeouts, memory_order_relaxed);
	s->drops = atomic_load_explicit(&c->drops, memory_order_relaxed);
	s->ns_names_unterminated =
		atomic_load_explicit(&c->ns_names_unterminated, memory_order_relaxed);
	s->peers_refused = mailbox_peers_refused(&bus->mbox);
}

uint64_t rpmsg_bus_last_refusal(struct rpmsg_bus *bus, char *buf, size_t len)
{
	return mailbox_last_refusal(&bus->mbox, buf, len);
}
