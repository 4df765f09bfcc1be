// SPDX-License-Identifier: MIT
/*
 * Receiving: drain the receive ring, check each message, deliver it to its endpoint, give the
 * buffer back, and notify the other side once per drain. Host side follows virtio_rpmsg_bus.c's
 * rpmsg_recv_done() / rpmsg_recv_single(); remote side OpenAMP's rpmsg_virtio_rx_callback().
 */
#include <errno.h>
#include <string.h>

#include "bus_internal.h"

/* The buffer currently in a callback, so rpmsg_hold_rx_buffer() knows what to keep. */
struct rx_context {
	void *payload;
	bool held;
	struct rpmsg_bus *bus;	  /* whose receive pass (its rx_lock is held) */
	struct rx_context *outer; /* the delivery this one runs inside (a callback polled) */
};

/* initial-exec: a plain %fs-relative access, not a __tls_get_addr() call per message */
static __thread struct rx_context *current_rx __attribute__((tls_model("initial-exec")));

void bus_count_drop(struct rpmsg_bus *bus, uint32_t src, uint32_t dst, uint32_t len,
		    enum rpmsg_drop_reason reason)
{
	atomic_fetch_add_explicit(&bus->stats.drops, 1, memory_order_relaxed);
	rpmsg_trace(drop, bus->name, bus->event_role, src, dst, len, reason);
}

void rx_publish_returns(struct rpmsg_bus *bus)
{
	for (struct rx_context *ctx = current_rx; ctx; ctx = ctx->outer) {
		if (ctx->bus != bus)
			continue;
		if (bus->role == RPMSG_ROLE_HOST)
			vq_publish_avail(&bus->rvq);
		else
			vq_dev_publish_used(&bus->rvq);
		return;
	}
}

void rx_ept_forget(struct rpmsg_bus *bus)
{
	pthread_mutex_lock(&bus->rx_lock);
	if (bus->rx_ept)
		ept_put(bus->rx_ept);
	bus->rx_ept = NULL;
	pthread_mutex_unlock(&bus->rx_lock);
}

/*
 * The endpoint for @addr, for the outermost delivery (rx_lock held): the cached one while no
 * endpoint was unlinked since it was looked up (then it is still in the table under @addr),
 * else looked up again under ept_lock. The reference belongs to the cache: no ept_put().
 * Unlinks are read before the lookup, so one racing with it only causes another lookup.
 */
static struct rpmsg_endpoint *rx_ept_lookup(struct rpmsg_bus *bus, uint32_t addr)
{
	unsigned int unlinks = atomic_load_explicit(&bus->ept_unlinks, memory_order_acquire);

	if (bus->rx_ept && bus->rx_ept->addr == addr && bus->rx_ept_unlinks == unlinks)
		return bus->rx_ept;
	if (bus->rx_ept)
		ept_put(bus->rx_ept);
	bus->rx_ept = ept_get(bus, addr);
	bus->rx_ept_unlinks = unlinks;
	return bus->rx_ept;
}

/*
 * Check one message and hand it to its endpoint. @buf/@len come from the ring: @len is what the
 * other side says it wrote. Return: true if the callback held the buffer.
 */
static bool recv_single(struct rpmsg_bus *bus, uint8_t *buf, uint32_t len)
{
	struct rx_context *outer = current_rx;
	struct rx_context ctx = {.payload = buf + sizeof(struct rpmsg_hdr),
				 .held = false,
				 .bus = bus,
				 .outer = outer};
	struct rpmsg_endpoint *ept;
	struct rpmsg_hdr hdr;
	bool nested = outer != NULL; /* a callback polled: the outer delivery uses the cache */
	int ret;

	if (len < sizeof(hdr)) {
		bus_count_drop(bus, 0, 0, len, RPMSG_DROP_TOO_BIG);
		return false;
	}
	/* One copy of the header: the other side cannot change it under us. */
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.len > len - sizeof(hdr)) {
		/* "inbound msg too big": drop it, as the kernel does */
		bus_count_drop(bus, hdr.src, hdr.dst, hdr.len, RPMSG_DROP_TOO_BIG);
		return false;
	}
	rpmsg_trace(msg_recv, bus->name, bus->event_role, hdr.src, hdr.dst, hdr.len, hdr.flags,
		    ctx.payload);
	counter_add(&bus->stats.rx.msgs, 1);
	counter_add(&bus->stats.rx.bytes, hdr.len);

	if (hdr.dst == RPMSG_NS_ADDR && bus->ns_supported) {
		ns_handle_message(bus, ctx.payload, hdr.len, hdr.src);
		return false;
	}
	ept = nested ? ept_get(bus, hdr.dst) : rx_ept_lookup(bus, hdr.dst);
	if (!ept || !ept->cb) {
		bus_count_drop(bus, hdr.src, hdr.dst, hdr.len, RPMSG_DROP_NO_RECIPIENT);
		if (ept && nested)
			ept_put(ept);
		return false;
	}
	/* An endpoint with no destination learns it from its first message (OpenAMP). */
	if (ept->dst == RPMSG_ADDR_ANY) {
		ept->dst = hdr.src;
		directory_update(bus, ept->dir_slot, hdr.src, RPMSG_ORIGIN_ANNOUNCED);
	}
	directory_count_rx(bus, ept->dir_slot, hdr.len);
	current_rx = &ctx;
	ret = ept->cb(ept, ctx.payload, hdr.len, hdr.src, ept->priv);
	current_rx = outer;
	if (ret)
		bus_count_drop(bus, hdr.src, hdr.dst, hdr.len, RPMSG_DROP_CALLBACK_ERROR);
	if (nested)
		ept_put(ept);
	return ctx.held;
}

/* Re-post RX buffer @index; the avail idx is published by the caller (vq_publish_avail()). */
static void host_return_rx_buffer(struct rpmsg_bus *bus, uint32_t index)
{
	uint8_t *buf = bus->rbufs + (size_t)index * bus->buf_size;
	int head = vq_queue_buf(&bus->rvq, bus_da(bus, buf), bus->buf_size, true, index);

	if (head >= 0)
		rpmsg_trace(vring_add, bus->name, bus->event_role, 0, head, bus->buf_size,
			    bus->rvq.avail_idx_shadow, bus->rvq.num_free);
}

/* Buffers went back to the other side: kick it if its ring asks for it (rx_lock held). */
static void notify_rx_done(struct rpmsg_bus *bus, bool need)
{
	bus_count_kick(&bus->stats.rx, need);
	bus_kick(bus, bus->rvq_notify, need);
}

/*
 * Host: deliver every used RX buffer; each goes back to the ring unless its callback holds it.
 * The re-posted buffers are published with one avail idx write at the end of the pass, and
 * used_event is left to rx_drain()'s re-arm (a polling host asks for no interrupts at all).
 */
static int host_rx_take_used(struct rpmsg_bus *bus, int *delivered)
{
	uint32_t len, token;
	uint16_t head;
	int ret;

	while ((ret = vq_get_buf_deferred(&bus->rvq, &len, &token, &head)) == 1) {
		uint8_t *buf = bus->rbufs + (size_t)token * bus->buf_size;

		rpmsg_trace(vring_get, bus->name, bus->event_role, 0, head, len,
			    bus->rvq.last_used_idx, bus->rvq.num_free);
		if (recv_single(bus, buf, len))
			bus->rbuf_held[token] = true;
		else
			host_return_rx_buffer(bus, token);
		(*delivered)++;
	}
	vq_publish_avail(&bus->rvq);
	return ret;
}

/*
 * Remote: deliver every available buffer; each is pushed used unless its callback holds it.
 * The used idx is written once at the end of the pass, for all of them.
 */
static int remote_rx_take_avail(struct rpmsg_bus *bus, int *delivered)
{
	uint16_t head;
	uint32_t len;
	void *buf;
	int ret;

	while ((ret = vq_dev_get_avail(&bus->rvq, &head, &buf, &len)) == 1) {
		rpmsg_trace(vring_get, bus->name, bus->event_role, 1, head, len,
			    bus->rvq.last_avail_idx, vq_dev_avail_count(&bus->rvq));
		(*delivered)++;
		/* Cannot fail: the table has a slot for every ring entry. */
		if (recv_single(bus, buf, len) &&
		    held_insert(bus->held_rx, bus->held_tx_max,
				(uint8_t *)buf + sizeof(struct rpmsg_hdr), head, len) == 0)
			continue;
		vq_dev_queue_used(&bus->rvq, head, len);
		rpmsg_trace(vring_add, bus->name, bus->event_role, 1, head, len,
			    bus->rvq.used_idx_shadow, vq_dev_avail_count(&bus->rvq));
	}
	vq_dev_publish_used(&bus->rvq);
	return ret;
}

/**
 * rx_drain() - deliver what the other side sent, for either role
 * @bus: the bus (rx_lock held)
 * @take: delivers every buffer ready now, counting them; 0, or < 0 on a ring error (described
 *        in bus->rvq.error)
 * @rearm: asks for a notification of the next buffer; true when one came in meanwhile
 *
 * Polling receivers never ask for notifications; others re-arm and re-check, so that a buffer
 * arriving between the last check and the re-arm is not left waiting. A ring error breaks the
 * bus. The buffers that went back get one kick for the whole batch.
 *
 * Return: the number of messages delivered, or -EIO.
 */
static int rx_drain(struct rpmsg_bus *bus, int (*take)(struct rpmsg_bus *bus, int *delivered),
		    bool (*rearm)(struct virtqueue *vq))
{
	int delivered = 0, ret;

	for (;;) {
		ret = take(bus, &delivered);
		if (ret < 0)
			break;
		if (bus->polling || rearm(&bus->rvq))
			break;
	}
	if (ret < 0) {
		bus_set_broken(bus, -EIO, "bus %s: %s", bus->name, bus->rvq.error);
		return -EIO;
	}
	if (delivered)
		notify_rx_done(bus, bus_need_kick(bus, &bus->rvq));
	return delivered;
}

/**
 * rx_process() - drain the receive ring: deliver every message, give the buffers back.
 * @bus: the bus
 *
 * Host: take used buffers, re-add them to the avail ring (unless a callback holds one) and
 * kick once per drain (rpmsg_recv_done()). Remote: take avail buffers and push them to the used
 * ring (OpenAMP's rpmsg_virtio_rx_callback()). Both re-arm notifications and look again before
 * they stop, so no message is left behind a missed kick. Takes rx_lock (recursive: a callback
 * may poll).
 * Return: messages taken (>= 0), or the bus status (-EIO broken, -EPIPE peer gone).
 */
int rx_process(struct rpmsg_bus *bus)
{
	int ret;

	pthread_mutex_lock(&bus->rx_lock);
	if (atomic_load(&bus->status))
		ret = atomic_load(&bus->status);
	else
		ret = bus->role == RPMSG_ROLE_HOST
			      ? rx_drain(bus, host_rx_take_used, vq_enable_cb)
			      : rx_drain(bus, remote_rx_take_avail, vq_dev_enable_notify);
	pthread_mutex_unlock(&bus->rx_lock);
	return ret;
}

void rpmsg_hold_rx_buffer(struct rpmsg_endpoint *ept, void *data)
{
	(void)ept;
	if (current_rx && current_rx->payload == data)
		current_rx->held = true;
}

void rpmsg_release_rx_buffer(struct rpmsg_endpoint *ept, void *data)
{
	struct rpmsg_bus *bus = ept->bus;
	uint32_t len;
	uint16_t head;

	pthread_mutex_lock(&bus->rx_lock);
	if (atomic_load(&bus->status))
		goto out;
	if (bus->role == RPMSG_ROLE_HOST) {
		uint8_t *buf = (uint8_t *)data - sizeof(struct rpmsg_hdr);
		size_t off = (size_t)(buf - bus->rbufs);
		uint32_t index = (uint32_t)(off / bus->buf_size);

		if (buf < bus->rbufs || off % bus->buf_size || index >= bus->num_rbufs ||
		    !bus->rbuf_held[index])
			goto out;
		bus->rbuf_held[index] = false;
		host_return_rx_buffer(bus, index);
		notify_rx_done(bus, bus_need_kick(bus, &bus->rvq));
	} else {
		if (held_take(bus->held_rx, bus->held_tx_max, data, &head, &len))
			goto out;
		vq_dev_push_used(&bus->rvq, head, len);
		rpmsg_trace(vring_add, bus->name, bus->event_role, 1, head, len,
			    bus->rvq.used_idx_shadow, vq_dev_avail_count(&bus->rvq));
		notify_rx_done(bus, bus_need_kick(bus, &bus->rvq));
	}
out:
	pthread_mutex_unlock(&bus->rx_lock);
}
