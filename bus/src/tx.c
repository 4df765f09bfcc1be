// SPDX-License-Identifier: MIT
/*
 * Sending: find a TX buffer (waiting for one if asked), fill the rpmsg header and payload, hand
 * it to the other side and kick if it wants a kick. Host side follows virtio_rpmsg_bus.c's
 * get_a_tx_buf() / rpmsg_send_offchannel_raw(); remote side follows OpenAMP's
 * rpmsg_virtio_get_tx_buffer() / rpmsg_virtio_send_offchannel_nocopy().
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "bus_internal.h"

/*
 * Host: a never-used buffer first (get_a_tx_buf()), else everything the remote has given back
 * so far, taken from the used ring in one go. Unlike the kernel, which reclaims one buffer per
 * send, draining the ring keeps the host's view of free TX buffers (num_free, and what monitors
 * see in vring_get events) equal to what the remote has really returned. The used idx is read
 * once per batch and used_event (only while a waiter wants interrupts) written once after it.
 */
static int host_take_tx_buffer(struct rpmsg_bus *bus, struct tx_buffer *tb)
{
	unsigned int first = bus->num_reclaimed;
	uint32_t len, token;
	uint16_t head;
	int ret;

	if (bus->last_sbuf < bus->num_sbufs) {
		tb->index = bus->last_sbuf++;
		tb->buf = bus->sbufs + (size_t)tb->index * bus->buf_size;
		tb->size = bus->buf_size;
		return 1;
	}
	/* reclaimed[] has room for a whole ring, and at most num_sbufs buffers are in flight. */
	while (bus->num_reclaimed < bus->held_tx_max &&
	       (ret = vq_get_buf_deferred(&bus->svq, &len, &token, &head)) == 1) {
		struct tx_buffer *slot = &bus->reclaimed[bus->num_reclaimed++];

		rpmsg_trace(vring_get, bus->name, bus->event_role, 1, head, len,
			    bus->svq.last_used_idx, bus->svq.num_free);
		slot->index = token;
		slot->buf = bus->sbufs + (size_t)token * bus->buf_size;
		slot->size = bus->buf_size;
		slot->head = head;
	}
	vq_publish_used_event(&bus->svq);
	if (bus->svq.broken)
		return -EIO;
	/*
	 * reclaimed[] is taken from the top: turn this batch over so that the buffers go out again
	 * in the order they came back, which is the ring's order. Each avail entry then gets the
	 * head it had a lap ago and is not rewritten (vq_driver_bind_heads()).
	 */
	for (unsigned int lo = first, hi = bus->num_reclaimed; lo + 1 < hi; lo++, hi--) {
		struct tx_buffer swap = bus->reclaimed[lo];

		bus->reclaimed[lo] = bus->reclaimed[hi - 1];
		bus->reclaimed[hi - 1] = swap;
	}
	if (!bus->num_reclaimed)
		return 0;
	*tb = bus->reclaimed[--bus->num_reclaimed];
	return 1;
}

/* Remote: the next buffer the host made available on vq0. */
static int remote_take_tx_buffer(struct rpmsg_bus *bus, struct tx_buffer *tb)
{
	void *buf;
	uint32_t len;
	int ret = vq_dev_get_avail(&bus->svq, &tb->head, &buf, &len);

	if (ret <= 0)
		return ret;
	if (len < sizeof(struct rpmsg_hdr)) {
		vq_mark_broken(&bus->svq, "descriptor %u: len %u smaller than an rpmsg header",
			       tb->head, len);
		return -EIO;
	}
	rpmsg_trace(vring_get, bus->name, bus->event_role, 0, tb->head, len,
		    bus->svq.last_avail_idx, vq_dev_avail_count(&bus->svq));
	tb->buf = buf;
	tb->size = len;
	return 1;
}

/* take_tx_buffer()'s ring part: the ring's next buffer; a broken ring breaks the bus. */
static int take_tx_buffer_from_ring(struct rpmsg_bus *bus, struct tx_buffer *tb)
{
	int ret = bus->role == RPMSG_ROLE_HOST ? host_take_tx_buffer(bus, tb)
					       : remote_take_tx_buffer(bus, tb);

	if (ret < 0) {
		/* bus_set_broken() takes tx_lock to wake waiters: not while we hold it. */
		pthread_mutex_unlock(&bus->tx_lock);
		bus_set_broken(bus, -EIO, "bus %s: %s", bus->name, bus->svq.error);
		pthread_mutex_lock(&bus->tx_lock);
	}
	return ret;
}

/*
 * A free TX buffer, without waiting (tx_lock held): one reclaimed earlier (the host reclaims in
 * bulk, so most sends find one here: inline), else the ring's next.
 * Return: 1 with a buffer, 0 if none is free, < 0 if the ring is broken (the bus then is too).
 */
static inline int take_tx_buffer(struct rpmsg_bus *bus, struct tx_buffer *tb)
{
	if (bus->num_reclaimed) {
		*tb = bus->reclaimed[--bus->num_reclaimed];
		return 1;
	}
	return take_tx_buffer_from_ring(bus, tb);
}

/* Ask the other side to tell us when buffers come back (rpmsg_upref_sleepers()). */
static bool arm_tx_notification(struct rpmsg_bus *bus)
{
	if (bus->role == RPMSG_ROLE_HOST)
		return vq_enable_cb(&bus->svq);
	return vq_dev_enable_notify(&bus->svq);
}

static void disarm_tx_notification(struct rpmsg_bus *bus)
{
	if (bus->role == RPMSG_ROLE_HOST)
		vq_disable_cb(&bus->svq);
	else
		vq_dev_disable_notify(&bus->svq);
}

/* Longest sleep of a waiting sender between two looks at the ring. */
#define TX_WAIT_SLICE_MS 100
/* Pause instructions between two looks of a sender spinning for a buffer (polling bus). */
#define TX_SPIN_RELAX 16

static void deadline_after(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/**
 * get_tx_buffer_locked() - take a TX buffer, waiting for one up to @timeout_ms.
 * @bus:        the bus; tx_lock held (dropped and retaken while waiting)
 * @tb:         out: the buffer
 * @timeout_ms: 0 not at all
 * @src, @dst:  for the tx_wait probe
 *
 * "No free buffer? Wait for one, but give up after the timeout." A waiter with an interrupt
 * thread to wake it arms a TX-complete notification and sleeps on tx_cond in
 * TX_WAIT_SLICE_MS slices; one without (no thread, polling, or the thread itself in a callback)
 * looks at the ring itself every 20 us and checks the peer; on a polling bus it first spins for
 * the bus's spin_us, looking at the ring between pause instructions. Every wait is counted and
 * traced.
 * Return: 0; -ENOMEM (none free, no wait); -ETIMEDOUT; the bus status (-EIO, -EPIPE).
 */
static int get_tx_buffer_locked(struct rpmsg_bus *bus, struct tx_buffer *tb, int timeout_ms,
				uint32_t src, uint32_t dst)
{
	struct timespec deadline, slice;
	uint64_t start, spin_end;
	bool self_poll;
	int ret, status;

	ret = take_tx_buffer(bus, tb);
	if (ret)
		return ret < 0 ? -EIO : 0;
	if (timeout_ms == 0)
		return -ENOMEM;
	rx_publish_returns(bus);

	/*
	 * Nobody will wake us if there is no interrupt thread, if the peer never kicks (polling),
	 * or if we are the interrupt thread (a callback that sends): then look at the ring
	 * ourselves, as OpenAMP's rpmsg_virtio_get_tx_buffer() does.
	 */
	self_poll =
		!bus->irq_running || bus->polling || pthread_equal(pthread_self(), bus->irq_thread);
	start = bus_now_ns();
	spin_end = start + (uint64_t)bus->cfg.spin_us * 1000u;
	atomic_fetch_add_explicit(&bus->stats.tx_waits, 1, memory_order_relaxed);
	deadline_after(&deadline, (unsigned int)timeout_ms);
	__atomic_store_n(&bus->tx_waiters, bus->tx_waiters + 1, __ATOMIC_RELAXED);
	for (;;) {
		ret = take_tx_buffer(bus, tb);
		if (ret)
			break;
		status = atomic_load(&bus->status);
		if (status) {
			ret = status;
			break;
		}
		if (self_poll && bus->polling && bus_now_ns() < spin_end) {
			/*
			 * A polling peer gives buffers back without being asked, usually within
			 * microseconds (the end of its current pass): look again at once rather
			 * than sleep. A sleep costs 20 us plus the timer slack (60-80 us here),
			 * during which a polling remote has drained the ring and sits idle.
			 */
			pthread_mutex_unlock(&bus->tx_lock);
			for (int i = 0; i < TX_SPIN_RELAX; i++)
				cpu_relax();
			pthread_mutex_lock(&bus->tx_lock);
			continue;
		}
		if (self_poll) {
			struct timespec pause = {.tv_nsec = 20000};
			struct timespec now;

			pthread_mutex_unlock(&bus->tx_lock);
			nanosleep(&pause, NULL);
			bus_check_peer(bus);
			pthread_mutex_lock(&bus->tx_lock);
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > deadline.tv_sec ||
			    (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
				ret = take_tx_buffer(bus, tb);
				if (!ret)
					ret = -ETIMEDOUT;
				break;
			}
			continue;
		}
		/*
		 * Ask for a notification at the ring's current position before every sleep: with
		 * event index a request made for an older position is already used up.
		 */
		if (!arm_tx_notification(bus))
			continue; /* buffers came back meanwhile */
		/*
		 * Sleep in slices, so that a notification the other side never sends (a peer
		 * that suppresses interrupts wrongly, or one that died) costs at most one slice,
		 * not the whole timeout.
		 */
		deadline_after(&slice, TX_WAIT_SLICE_MS);
		if (slice.tv_sec > deadline.tv_sec ||
		    (slice.tv_sec == deadline.tv_sec && slice.tv_nsec > deadline.tv_nsec))
			slice = deadline;
		if (pthread_cond_timedwait(&bus->tx_cond, &bus->tx_lock, &slice) == ETIMEDOUT &&
		    slice.tv_sec == deadline.tv_sec && slice.tv_nsec == deadline.tv_nsec) {
			ret = take_tx_buffer(bus, tb);
			if (!ret)
				ret = -ETIMEDOUT;
			break;
		}
	}
	__atomic_store_n(&bus->tx_waiters, bus->tx_waiters - 1, __ATOMIC_RELAXED);
	if (bus->tx_waiters == 0 && !self_poll)
		disarm_tx_notification(bus);
	if (ret == -ETIMEDOUT)
		atomic_fetch_add_explicit(&bus->stats.tx_timeouts, 1, memory_order_relaxed);
	rpmsg_trace(tx_wait, bus->name, bus->event_role, src, dst, bus_now_ns() - start,
		    ret > 0 ? 0 : ret);
	if (ret > 0)
		return 0;
	return ret < 0 ? ret : -EIO;
}

void tx_wake_waiters(struct rpmsg_bus *bus)
{
	/* Hot in polling loops: no lock when nobody waits (a waiter re-checks before sleeping). */
	if (!__atomic_load_n(&bus->tx_waiters, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&bus->tx_lock);
	if (bus->tx_waiters)
		pthread_cond_broadcast(&bus->tx_cond);
	pthread_mutex_unlock(&bus->tx_lock);
}

/*
 * Queue a filled buffer for the other side, not yet visible to it: the driver adds it to the
 * avail ring, the device pushes it to the used ring (tx_lock held). publish_unlock() makes
 * everything queued visible at once. Return: 0; -EIO (the ring is broken); -ENOSPC (no free
 * descriptor; cannot happen: every buffer has one); -ENODEV (a stopped vhost-user ring).
 */
static int queue_locked(struct rpmsg_bus *bus, struct tx_buffer *tb, size_t total)
{
	int ret;

	if (bus->role == RPMSG_ROLE_HOST) {
		ret = vq_queue_buf(&bus->svq, bus_da(bus, tb->buf), (uint32_t)total, false,
				   tb->index);
		if (ret < 0)
			return ret;
		rpmsg_trace(vring_add, bus->name, bus->event_role, 1, ret, total,
			    bus->svq.avail_idx_shadow, bus->svq.num_free);
		return 0;
	}
	ret = vq_dev_queue_used(&bus->svq, tb->head, (uint32_t)total);
	if (ret < 0)
		return ret;
	rpmsg_trace(vring_add, bus->name, bus->event_role, 0, tb->head, total,
		    bus->svq.used_idx_shadow, vq_dev_avail_count(&bus->svq));
	return 0;
}

/*
 * Make what queue_locked() queued visible to the other side with one index write, and kick it
 * if its ring asks (one decision, at most one doorbell, per batch). Drops tx_lock: the doorbell
 * is rung without it.
 */
static void publish_unlock(struct rpmsg_bus *bus)
{
	bool need_kick = bus_need_kick(bus, &bus->svq);

	bus_count_kick(&bus->stats.tx, need_kick);
	pthread_mutex_unlock(&bus->tx_lock);
	bus_kick(bus, bus->svq_notify, need_kick);
}

/* Hand one filled buffer to the other side and kick if asked. tx_lock held; dropped. */
static int submit_locked(struct rpmsg_bus *bus, struct tx_buffer *tb, size_t total)
{
	int ret = queue_locked(bus, tb, total);

	if (ret) {
		pthread_mutex_unlock(&bus->tx_lock);
		return ret;
	}
	publish_unlock(bus);
	return 0;
}

static void fill_header(uint8_t *buf, uint32_t src, uint32_t dst, size_t len)
{
	struct rpmsg_hdr hdr = {
		.src = src, .dst = dst, .reserved = 0, .len = (uint16_t)len, .flags = 0};

	memcpy(buf, &hdr, sizeof(hdr));
}

/*
 * Count @msgs messages of @bytes payload bytes sent from @ept, in the bus's statistics and its
 * directory slot (tx_lock held: the send path's counters have one writer at a time). A batch
 * is counted once, before it is published; each message's msg_send probe fires on its own.
 */
static void account_tx(struct rpmsg_endpoint *ept, unsigned int msgs, size_t bytes)
{
	struct rpmsg_bus *bus = ept->bus;

	counter_add(&bus->stats.tx.msgs, msgs);
	counter_add(&bus->stats.tx.bytes, bytes);
	directory_count_tx(bus, ept->dir_slot, msgs, bytes);
}

static int check_send(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst, size_t len)
{
	struct rpmsg_bus *bus = ept->bus;
	int status = atomic_load(&bus->status);

	if (status)
		return status;
	if (src == RPMSG_ADDR_ANY || dst == RPMSG_ADDR_ANY)
		return -EINVAL; /* as the kernel: both addresses must be known */
	if (len > bus->buf_size - sizeof(struct rpmsg_hdr)) {
		/* a send refused is a message lost to its user: traced, so tools can say why */
		bus_count_drop(bus, src, dst, len, RPMSG_DROP_SEND_TOO_BIG);
		return -EMSGSIZE;
	}
	return 0;
}

/**
 * tx_send_msgs() - copy messages into TX buffers and hand them to the other side together.
 * @ept:        the sending endpoint (its directory slot counts the messages)
 * @src, @dst:  the headers' addresses; both must be known
 * @msgs, @n:   the messages, in order; each payload at most the buffer size minus the header
 * @timeout_ms: how long to wait for each free buffer (0: not at all)
 *
 * What every rpmsg_send*() variant ends in, as the kernel's rpmsg_send_offchannel_raw(), and
 * rpmsg_send_batch(). Each message gets the checks, the probes (msg_send, vring_get when a
 * buffer is reclaimed, vring_add) and the header of a single send; what a batch shares is
 * tx_lock (taken once), the index write that publishes the buffers and the kick decision (once
 * per batch, and before every wait for a buffer, so the peer sees what it is to drain), and the
 * counters' update. A foreign host's buffer smaller than the payload is given back empty and
 * the send refused. The first message that cannot be sent ends the batch.
 * Return: the number of messages sent (> 0), or, when none was: -EINVAL (an address unknown);
 * -EMSGSIZE; -ENOMEM (no wait, none free); -ETIMEDOUT; -EIO or -EPIPE (the bus status).
 */
static int tx_send_msgs(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst,
			const struct rpmsg_msg *msgs, unsigned int n, int timeout_ms)
{
	struct rpmsg_bus *bus = ept->bus;
	unsigned int sent = 0, queued = 0, counted = 0;
	size_t bytes = 0;
	struct tx_buffer tb;
	int ret = 0;

	pthread_mutex_lock(&bus->tx_lock);
	for (; sent < n; sent++) {
		const void *data = msgs[sent].data;
		size_t len = msgs[sent].len;

		ret = check_send(ept, src, dst, len);
		if (ret)
			break;
		ret = take_tx_buffer(bus, &tb);
		if (ret < 0) {
			ret = -EIO;
			break;
		}
		if (ret == 0 && !timeout_ms) {
			ret = -ENOMEM;
			break;
		}
		if (ret == 0) {
			/* Ring full: the peer must see what we queued before we wait for it. */
			if (queued) {
				account_tx(ept, counted, bytes);
				publish_unlock(bus);
				pthread_mutex_lock(&bus->tx_lock);
				queued = counted = 0;
				bytes = 0;
			}
			ret = get_tx_buffer_locked(bus, &tb, timeout_ms, src, dst);
			if (ret)
				break;
		}
		if (len > tb.size - sizeof(struct rpmsg_hdr)) {
			/* A foreign host's buffer smaller than ours: give it back unused. */
			fill_header(tb.buf, src, dst, 0);
			if (!queue_locked(bus, &tb, sizeof(struct rpmsg_hdr)))
				queued++;
			bus_count_drop(bus, src, dst, len, RPMSG_DROP_SEND_TOO_BIG);
			ret = -EMSGSIZE;
			break;
		}
		fill_header(tb.buf, src, dst, len);
		memcpy(tb.buf + sizeof(struct rpmsg_hdr), data, len);
		rpmsg_trace(msg_send, bus->name, bus->event_role, src, dst, len, 0, data);
		ret = queue_locked(bus, &tb, sizeof(struct rpmsg_hdr) + len);
		if (ret)
			break;
		queued++;
		counted++;
		bytes += len;
	}
	if (counted)
		account_tx(ept, counted, bytes);
	if (queued)
		publish_unlock(bus);
	else
		pthread_mutex_unlock(&bus->tx_lock);
	return sent ? (int)sent : ret;
}

int tx_send_raw(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst, const void *data,
		size_t len, int timeout_ms)
{
	const struct rpmsg_msg msg = {.data = data, .len = len};
	int ret = tx_send_msgs(ept, src, dst, &msg, 1, timeout_ms);

	return ret == 1 ? 0 : ret;
}

int rpmsg_send_batch(struct rpmsg_endpoint *ept, const struct rpmsg_msg *msgs, unsigned int n)
{
	if (n == 0)
		return 0;
	if (!msgs || n > INT_MAX)
		return -EINVAL;
	return tx_send_msgs(ept, ept->addr, ept->dst, msgs, n, (int)ept->bus->cfg.tx_timeout_ms);
}

int rpmsg_trysend_batch(struct rpmsg_endpoint *ept, const struct rpmsg_msg *msgs, unsigned int n)
{
	if (n == 0)
		return 0;
	if (!msgs || n > INT_MAX)
		return -EINVAL;
	return tx_send_msgs(ept, ept->addr, ept->dst, msgs, n, 0);
}

/* --- the public send family --- */

int rpmsg_send(struct rpmsg_endpoint *ept, const void *data, size_t len)
{
	return tx_send_raw(ept, ept->addr, ept->dst, data, len, (int)ept->bus->cfg.tx_timeout_ms);
}

int rpmsg_sendto(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst)
{
	return tx_send_raw(ept, ept->addr, dst, data, len, (int)ept->bus->cfg.tx_timeout_ms);
}

int rpmsg_send_offchannel(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst, const void *data,
			  size_t len)
{
	return tx_send_raw(ept, src, dst, data, len, (int)ept->bus->cfg.tx_timeout_ms);
}

int rpmsg_trysend(struct rpmsg_endpoint *ept, const void *data, size_t len)
{
	return tx_send_raw(ept, ept->addr, ept->dst, data, len, 0);
}

int rpmsg_trysendto(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst)
{
	return tx_send_raw(ept, ept->addr, dst, data, len, 0);
}

int rpmsg_trysend_offchannel(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst,
			     const void *data, size_t len)
{
	return tx_send_raw(ept, src, dst, data, len, 0);
}

int rpmsg_send_timeout(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst,
		       unsigned int timeout_ms)
{
	return tx_send_raw(ept, ept->addr, dst, data, len, (int)timeout_ms);
}

/* --- zero copy --- */

int held_insert(struct held_buffer *table, unsigned int max, void *data, uint16_t head,
		uint32_t size)
{
	for (unsigned int i = 0; i < max; i++) {
		if (!table[i].in_use) {
			table[i].data = data;
			table[i].head = head;
			table[i].size = size;
			table[i].in_use = true;
			return 0;
		}
	}
	return -ENOSPC;
}

int held_take(struct held_buffer *table, unsigned int max, void *data, uint16_t *head,
	      uint32_t *size)
{
	for (unsigned int i = 0; i < max; i++) {
		if (table[i].in_use && table[i].data == data) {
			*head = table[i].head;
			if (size)
				*size = table[i].size;
			table[i].in_use = false;
			return 0;
		}
	}
	return -ENOENT;
}

void *rpmsg_get_tx_buffer(struct rpmsg_endpoint *ept, uint32_t *size, bool wait)
{
	struct rpmsg_bus *bus = ept->bus;
	struct tx_buffer tb;
	int ret;

	ret = atomic_load(&bus->status);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	pthread_mutex_lock(&bus->tx_lock);
	ret = get_tx_buffer_locked(bus, &tb, wait ? (int)bus->cfg.tx_timeout_ms : 0, ept->addr,
				   ept->dst);
	if (!ret && held_insert(bus->held_tx, bus->held_tx_max, tb.buf + sizeof(struct rpmsg_hdr),
				tb.head, tb.size)) {
		/* Cannot happen (the table covers the whole window); keep the buffer anyway. */
		bus->reclaimed[bus->num_reclaimed++] = tb;
		ret = -ENOMEM;
	}
	pthread_mutex_unlock(&bus->tx_lock);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	*size = tb.size - sizeof(struct rpmsg_hdr);
	return tb.buf + sizeof(struct rpmsg_hdr);
}

/* Find a reserved TX buffer by its payload pointer; tx_lock held. */
static int reserved_lookup(struct rpmsg_bus *bus, void *payload, struct tx_buffer *tb)
{
	if (held_take(bus->held_tx, bus->held_tx_max, payload, &tb->head, &tb->size))
		return -EINVAL;
	tb->buf = (uint8_t *)payload - sizeof(struct rpmsg_hdr);
	if (bus->role == RPMSG_ROLE_HOST)
		tb->index = (uint32_t)((tb->buf - bus->sbufs) / bus->buf_size);
	return 0;
}

int rpmsg_sendto_nocopy(struct rpmsg_endpoint *ept, void *buf, size_t len, uint32_t dst)
{
	struct rpmsg_bus *bus = ept->bus;
	struct tx_buffer tb;
	int ret;

	pthread_mutex_lock(&bus->tx_lock);
	ret = reserved_lookup(bus, buf, &tb);
	if (ret) {
		pthread_mutex_unlock(&bus->tx_lock);
		return ret;
	}
	ret = check_send(ept, ept->addr, dst, len);
	if (!ret && len > tb.size - sizeof(struct rpmsg_hdr)) {
		bus_count_drop(bus, ept->addr, dst, len, RPMSG_DROP_SEND_TOO_BIG);
		ret = -EMSGSIZE;
	}
	if (ret) {
		/* The buffer is consumed either way: it goes back to the free pool, unsent. */
		bus->reclaimed[bus->num_reclaimed++] = tb;
		pthread_cond_broadcast(&bus->tx_cond);
		pthread_mutex_unlock(&bus->tx_lock);
		return ret;
	}
	fill_header(tb.buf, ept->addr, dst, len);
	account_tx(ept, 1, len);
	rpmsg_trace(msg_send, bus->name, bus->event_role, ept->addr, dst, len, 0, buf);
	return submit_locked(bus, &tb, sizeof(struct rpmsg_hdr) + len);
}

int rpmsg_send_nocopy(struct rpmsg_endpoint *ept, void *buf, size_t len)
{
	return rpmsg_sendto_nocopy(ept, buf, len, ept->dst);
}

int rpmsg_release_tx_buffer(struct rpmsg_endpoint *ept, void *buf)
{
	struct rpmsg_bus *bus = ept->bus;
	struct tx_buffer tb;
	int ret;

	pthread_mutex_lock(&bus->tx_lock);
	ret = reserved_lookup(bus, buf, &tb);
	if (!ret) {
		/* Keep it for the next sender; reclaimed has room for the whole window. */
		bus->reclaimed[bus->num_reclaimed++] = tb;
		pthread_cond_broadcast(&bus->tx_cond);
	}
	pthread_mutex_unlock(&bus->tx_lock);
	return ret;
}
