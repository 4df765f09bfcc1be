/* SPDX-License-Identifier: MIT */
/*
 * Sequence-numbered, checksummed test messages, shared by the traffic tests.
 *
 * A message on stream S with sequence number N has a length and content derived from (S, N)
 * alone, so the receiver can tell a lost, duplicated, reordered, truncated or corrupted message
 * from the right one. Payload: struct stream_msg, then a pattern of (len - 16) bytes.
 * Thread safety: stream_rx_check() updates one struct stream_rx; call it from one thread at a
 * time per stream (the bus delivers callbacks one at a time). Counters are atomics.
 */
#ifndef RPMSG_TESTS_BUS_STREAM_H
#define RPMSG_TESTS_BUS_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include <rpmsg/rpmsg.h>

#define STREAM_MAGIC 0x5354524du

struct stream_msg {
	uint32_t magic;
	uint16_t stream;
	uint16_t len;
	uint32_t seq;
	uint32_t checksum; /* FNV-1a of data[] */
	uint8_t data[];
};

struct stream_rx {
	uint32_t stream;
	uint32_t next_seq; /* the next sequence number expected */
	uint64_t received; /* atomic: messages accepted */
	uint64_t errors;   /* atomic: messages rejected */
	uint32_t last_src; /* atomic: sender's address (0 until the first message) */
	char first_error[160];
};

/** stream_msg_len() - total payload length of message @seq (16 .. @payload_max). */
size_t stream_msg_len(uint32_t seq, size_t payload_max);
/** stream_msg_build() - write message (@stream, @seq) into @buf; return its length. */
size_t stream_msg_build(void *buf, uint32_t stream, uint32_t seq, size_t payload_max);
/**
 * stream_rx_check() - verify one received message against what stream @rx expects next.
 * Return: 0 if it is exactly the next message; -1 (and rx->errors++, first_error set) if not.
 */
int stream_rx_check(struct stream_rx *rx, const void *data, size_t len, uint32_t src,
		    size_t payload_max);

/**
 * stream_announce_epts() - the remote side of a traffic test: create @n endpoints named
 * "<prefix>-<i>" with receive callback @cb, announce each, and store them in @epts.
 * Fails the test if one cannot be created or announced.
 */
void stream_announce_epts(struct rpmsg_bus *bus, const char *prefix, int n, rpmsg_rx_cb_t cb,
			  struct rpmsg_endpoint **epts);

#endif /* RPMSG_TESTS_BUS_STREAM_H */
