// SPDX-License-Identifier: MIT
/*
 * Sequence-numbered, checksummed test messages. See stream.h.
 */
#include "stream.h"

#include <stdio.h>

#include "harness.h"

size_t stream_msg_len(uint32_t seq, size_t payload_max)
{
	size_t span = payload_max - sizeof(struct stream_msg) + 1;

	/* spread lengths over the whole range, including both ends */
	return sizeof(struct stream_msg) + (size_t)((seq * 2654435761u) >> 8) % span;
}

size_t stream_msg_build(void *buf, uint32_t stream, uint32_t seq, size_t payload_max)
{
	struct stream_msg *m = buf;
	size_t len = stream_msg_len(seq, payload_max);
	size_t data_len = len - sizeof(*m);

	m->magic = STREAM_MAGIC;
	m->stream = (uint16_t)stream;
	m->len = (uint16_t)len;
	m->seq = seq;
	test_fill_pattern(m->data, data_len, stream, seq);
	m->checksum = test_fnv1a(m->data, data_len);
	return len;
}

static int reject(struct stream_rx *rx, const char *fmt, uint64_t a, uint64_t b)
{
	if (__atomic_fetch_add(&rx->errors, 1, __ATOMIC_RELAXED) == 0)
		snprintf(rx->first_error, sizeof(rx->first_error), fmt, (unsigned long long)a,
			 (unsigned long long)b);
	return -1;
}

int stream_rx_check(struct stream_rx *rx, const void *data, size_t len, uint32_t src,
		    size_t payload_max)
{
	const struct stream_msg *m = data;
	size_t data_len;

	if (len < sizeof(*m) || len > payload_max)
		return reject(rx, "message of %llu bytes (max %llu)", len, payload_max);
	if (m->magic != STREAM_MAGIC)
		return reject(rx, "bad magic 0x%llx after %llu messages", m->magic, rx->received);
	if (m->stream != rx->stream)
		return reject(rx, "message of stream %llu on stream %llu", m->stream, rx->stream);
	if (m->seq != rx->next_seq)
		return reject(rx,
			      "sequence %llu where %llu was expected (lost, duplicated or "
			      "reordered)",
			      m->seq, rx->next_seq);
	if (m->len != len || len != stream_msg_len(m->seq, payload_max))
		return reject(rx, "length %llu for sequence %llu is wrong", len, m->seq);
	data_len = len - sizeof(*m);
	if (test_fnv1a(m->data, data_len) != m->checksum)
		return reject(rx, "checksum mismatch at sequence %llu (len %llu)", m->seq, len);
	if (!test_pattern_matches(m->data, data_len, rx->stream, m->seq))
		return reject(rx, "content of sequence %llu is not what was sent (len %llu)",
			      m->seq, len);
	rx->next_seq++;
	__atomic_store_n(&rx->last_src, src, __ATOMIC_RELEASE);
	__atomic_fetch_add(&rx->received, 1, __ATOMIC_RELEASE);
	return 0;
}

void stream_announce_epts(struct rpmsg_bus *bus, const char *prefix, int n, rpmsg_rx_cb_t cb,
			  struct rpmsg_endpoint **epts)
{
	for (int i = 0; i < n; i++) {
		char name[RPMSG_NAME_SIZE];

		snprintf(name, sizeof(name), "%s-%d", prefix, i);
		CHECK_RC(rpmsg_create_ept(bus, name, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, cb, NULL,
					  &epts[i]),
			 0);
		CHECK_RC(rpmsg_announce(epts[i]), 0);
	}
}
