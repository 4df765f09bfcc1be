// SPDX-License-Identifier: MIT
/* Helpers for the byte layouts of sim-protocol.h. */
#include "sim-protocol.h"

#include <pthread.h>

static uint32_t crc32_table[256];
static pthread_once_t crc32_once = PTHREAD_ONCE_INIT;

static void crc32_init_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc32_table[i] = c;
	}
}

uint32_t sim_crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffu;

	pthread_once(&crc32_once, crc32_init_table);
	while (len--)
		crc = crc32_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc ^ 0xffffffffu;
}

void sim_fill_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	/* xorshift32: cheap, and a receiver regenerates it from the sequence number. */
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
}

size_t sim_echo_len(uint32_t seq, size_t max)
{
	size_t min = sizeof(struct sim_echo_hdr);

	if (max <= min)
		return max;
	/* Walk through all sizes from the header alone up to a full buffer. */
	return min + (seq * 53u) % (max - min + 1);
}

size_t sim_echo_fill(uint8_t *buf, uint32_t seq, size_t max)
{
	struct sim_echo_hdr *hdr = (struct sim_echo_hdr *)buf;
	size_t len = sim_echo_len(seq, max);

	hdr->seq = seq;
	hdr->len = (uint16_t)len;
	hdr->reserved = 0;
	sim_fill_pattern(buf + sizeof(*hdr), len - sizeof(*hdr), seq);
	hdr->crc32 = sim_crc32(buf + sizeof(*hdr), len - sizeof(*hdr));
	return len;
}
