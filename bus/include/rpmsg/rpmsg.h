/* SPDX-License-Identifier: MIT */
/*
 * librpmsgbus endpoints, channels, client drivers and the send API, with the kernel's semantics
 * (include/linux/rpmsg.h) and OpenAMP's zero-copy extensions.
 *
 * Contract:
 * - An endpoint is a local address with a receive callback. Created with RPMSG_ADDR_ANY it gets
 *   a dynamic address from 1024 up. Its destination (dst) is where rpmsg_send() goes; an endpoint
 *   created with dst RPMSG_ADDR_ANY learns it from the first message it receives (as OpenAMP).
 * - A channel is a named service the other side announced (host: like the kernel's rpmsg
 *   device). The host matches channels to registered drivers by name; a matching driver gets an
 *   endpoint bound to the channel (dynamic local address, dst = the announced address).
 * - Send family: rpmsg_send* block up to the bus's tx_timeout_ms for a free TX buffer;
 *   rpmsg_trysend* return -ENOMEM at once; both return -EMSGSIZE when len > payload max.
 *   A streaming sender uses rpmsg_send_batch(): the same messages, checks and probes as that
 *   many rpmsg_send() calls, with one lock, one index write and one kick decision per batch.
 * - Callbacks get the payload in the shared buffer; it stays valid until the callback returns,
 *   or until rpmsg_release_rx_buffer() if the callback held it. A callback's return value other
 *   than 0 is counted as a drop (reason "callback error") and otherwise ignored.
 */
#ifndef RPMSG_RPMSG_H
#define RPMSG_RPMSG_H

#include <rpmsg/bus.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*rpmsg_rx_cb_t)(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			     void *priv);

/**
 * rpmsg_create_ept() - create a local endpoint
 * @bus: the bus
 * @name: endpoint/service name (at most 31 characters), used in name-service announcements
 * @src: local address, or RPMSG_ADDR_ANY for a dynamic one
 * @dst: default destination, or RPMSG_ADDR_ANY to learn it from the first received message
 * @cb: receive callback (may be NULL: messages are then counted as drops "no recipient")
 * @priv: passed to @cb
 * @out: the endpoint
 *
 * Return: 0, -EINVAL (name too long, reserved address), -EBUSY (address in use), -ENOSPC.
 */
int rpmsg_create_ept(struct rpmsg_bus *bus, const char *name, uint32_t src, uint32_t dst,
		     rpmsg_rx_cb_t cb, void *priv, struct rpmsg_endpoint **out);

/**
 * rpmsg_announce() - publish the endpoint's name to the other side (name service CREATE).
 * The remote uses this for its services; the host for services it offers to the remote.
 * Return: 0, -ENOTSUP (the peer did not negotiate VIRTIO_RPMSG_F_NS), or a send error.
 */
int rpmsg_announce(struct rpmsg_endpoint *ept);

/** rpmsg_destroy_ept() - announce DESTROY if announced, then free. Safe from its own callback. */
void rpmsg_destroy_ept(struct rpmsg_endpoint *ept);

uint32_t rpmsg_ept_addr(const struct rpmsg_endpoint *ept);
uint32_t rpmsg_ept_dst(const struct rpmsg_endpoint *ept);
const char *rpmsg_ept_name(const struct rpmsg_endpoint *ept);
struct rpmsg_bus *rpmsg_ept_bus(const struct rpmsg_endpoint *ept);
void *rpmsg_ept_priv(const struct rpmsg_endpoint *ept);

int rpmsg_send(struct rpmsg_endpoint *ept, const void *data, size_t len);
int rpmsg_sendto(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst);
int rpmsg_send_offchannel(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst, const void *data,
			  size_t len);
int rpmsg_trysend(struct rpmsg_endpoint *ept, const void *data, size_t len);
int rpmsg_trysendto(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst);
int rpmsg_trysend_offchannel(struct rpmsg_endpoint *ept, uint32_t src, uint32_t dst,
			     const void *data, size_t len);
/** rpmsg_send_timeout() - like rpmsg_sendto() with its own timeout (0 = trysend). */
int rpmsg_send_timeout(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst,
		       unsigned int timeout_ms);

/**
 * struct rpmsg_msg - one message of a batch: @len bytes at @data (copied when sent)
 */
struct rpmsg_msg {
	const void *data;
	size_t len;
};

/**
 * rpmsg_send_batch() - send @n messages to the endpoint's destination, in order, together.
 * @ept:  the sending endpoint
 * @msgs: the messages (the array and the payloads are only read, and only during the call)
 * @n:    how many; 0 sends nothing
 *
 * What a streaming sender should use: each message is checked, copied, traced (msg_send,
 * vring_add; vring_get for each TX buffer reclaimed) and counted exactly as rpmsg_send() would,
 * and arrives as that many rpmsg_send() calls would deliver it; the batch takes the bus's TX
 * lock once, publishes its buffers to the other side with one index write and decides on one
 * doorbell. When no TX buffer is free it publishes what it queued so far (the peer must see it to
 * give buffers back), then waits like rpmsg_send(), up to the bus's tx_timeout_ms per buffer.
 * Messages may be sent from several threads at once; a batch is not interleaved with another
 * thread's messages unless it has to wait for a buffer.
 *
 * Return: the number of messages sent, from the first on: @n, or fewer when a message could not
 * be sent (the first one not sent is msgs[return value]; sending it again alone gives its
 * error). When not even the first was sent, rpmsg_send()'s error for it: -EINVAL (no
 * destination; or @msgs NULL with @n > 0, or @n > INT_MAX), -EMSGSIZE, -ETIMEDOUT, -EIO, -EPIPE.
 */
int rpmsg_send_batch(struct rpmsg_endpoint *ept, const struct rpmsg_msg *msgs, unsigned int n);

/**
 * rpmsg_trysend_batch() - as rpmsg_send_batch() without waiting: stops at the first message for
 * which no TX buffer is free (-ENOMEM when that is the first).
 */
int rpmsg_trysend_batch(struct rpmsg_endpoint *ept, const struct rpmsg_msg *msgs, unsigned int n);

/*
 * Zero copy (OpenAMP's rpmsg_get_tx_payload_buffer / rpmsg_send_nocopy / rpmsg_hold_rx_buffer).
 * A TX buffer obtained with rpmsg_get_tx_buffer() must be passed to exactly one of
 * rpmsg_send_nocopy(), rpmsg_sendto_nocopy() or rpmsg_release_tx_buffer(). The buffer is
 * consumed even when a nocopy send fails (-EMSGSIZE, -EINVAL): it returns to the free pool
 * unsent. Up to the whole TX window may be reserved at once. A pointer that was not reserved
 * gives -EINVAL.
 */
/**
 * rpmsg_get_tx_buffer() - reserve a TX buffer and return its payload area
 * @ept: endpoint that will send it
 * @size: out: payload capacity in bytes
 * @wait: block up to tx_timeout_ms (true) or fail at once (false)
 * Return: the payload pointer, or NULL with errno set (ENOMEM, ETIMEDOUT, EPIPE, EIO).
 */
void *rpmsg_get_tx_buffer(struct rpmsg_endpoint *ept, uint32_t *size, bool wait);
int rpmsg_send_nocopy(struct rpmsg_endpoint *ept, void *buf, size_t len);
int rpmsg_sendto_nocopy(struct rpmsg_endpoint *ept, void *buf, size_t len, uint32_t dst);
int rpmsg_release_tx_buffer(struct rpmsg_endpoint *ept, void *buf);
/** rpmsg_hold_rx_buffer() - from a callback: keep @data valid after the callback returns. */
void rpmsg_hold_rx_buffer(struct rpmsg_endpoint *ept, void *data);
/** rpmsg_release_rx_buffer() - give a held RX buffer back to the bus. */
void rpmsg_release_rx_buffer(struct rpmsg_endpoint *ept, void *data);

/**
 * struct rpmsg_driver - host-side client driver, bound to channels by name (like Linux's
 * struct rpmsg_driver with one id_table entry).
 * @name: channel name to match exactly
 * @probe: a matching channel appeared; its endpoint exists. Non-zero return unbinds.
 * @remove: the channel is going away (name service DESTROY, or bus close)
 * @callback: receive callback of the channel's endpoint; its @priv argument is the channel
 *            (struct rpmsg_channel *), so rpmsg_channel_drvdata(priv) finds per-channel state
 * @priv: driver data, readable with rpmsg_channel_driver_priv()
 */
struct rpmsg_driver {
	const char *name;
	int (*probe)(struct rpmsg_channel *ch);
	void (*remove)(struct rpmsg_channel *ch);
	rpmsg_rx_cb_t callback;
	void *priv;
};

/**
 * rpmsg_register_driver() - bind @drv to existing and future channels named drv->name.
 * @drv must stay valid until rpmsg_unregister_driver() or rpmsg_bus_close().
 */
int rpmsg_register_driver(struct rpmsg_bus *bus, const struct rpmsg_driver *drv);
void rpmsg_unregister_driver(struct rpmsg_bus *bus, const struct rpmsg_driver *drv);

const char *rpmsg_channel_name(const struct rpmsg_channel *ch);
/** rpmsg_channel_ept() - the endpoint the driver got for this channel. */
struct rpmsg_endpoint *rpmsg_channel_ept(const struct rpmsg_channel *ch);
uint32_t rpmsg_channel_remote_addr(const struct rpmsg_channel *ch);
void *rpmsg_channel_driver_priv(const struct rpmsg_channel *ch);
/** rpmsg_channel_set_drvdata() / _drvdata(): per-channel state owned by the driver. */
void rpmsg_channel_set_drvdata(struct rpmsg_channel *ch, void *data);
void *rpmsg_channel_drvdata(const struct rpmsg_channel *ch);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_RPMSG_H */
