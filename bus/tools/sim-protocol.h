/* SPDX-License-Identifier: MIT */
/*
 * What rpmsg-sim's services send on the wire (all little-endian, packed), so that tracers and
 * decoders can check what they see. The sensor sample lives in sim-sensor.h.
 *
 * Channels (announced by the firmware with name service, bound by name on the host):
 * - "rpmsg-echo": the host sends struct sim_echo_hdr + pattern bytes; the firmware sends each
 *   message back unchanged to its sender.
 * - "rpmsg-tty": the host sends SIM_START_MSG once; the firmware then sends text lines
 *   "tty: line N uptime S.SSSs\n" (no NUL).
 * - "rpmsg-sensor": the host sends SIM_START_MSG once; the firmware then streams
 *   struct sim_sensor_sample.
 * - "rpmsg-raw": both sides send struct sim_raw_block (SIM_RAW_BLOCK_SIZE bytes, or the bus's
 *   payload maximum if smaller); the firmware starts sending after the host's first block.
 *
 * A start message is needed because a firmware endpoint learns the host's address from the
 * first message it receives, as OpenAMP endpoints do.
 */
#ifndef RPMSG_SIM_PROTOCOL_H
#define RPMSG_SIM_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "sim-sensor.h"

#define SIM_ECHO_CHANNEL "rpmsg-echo"
#define SIM_TTY_CHANNEL	 "rpmsg-tty"
#define SIM_RAW_CHANNEL	 "rpmsg-raw"

#define SIM_START_MSG "start"

/**
 * struct sim_echo_hdr - head of an echo message
 * @seq: message number from 0
 * @len: whole message length, header included
 * @reserved: 0
 * @crc32: CRC-32 (IEEE, as zlib's crc32()) of the bytes after this header
 */
struct sim_echo_hdr {
	uint32_t seq;
	uint16_t len;
	uint16_t reserved;
	uint32_t crc32;
} __attribute__((packed));

_Static_assert(sizeof(struct sim_echo_hdr) == 12, "echo header is 12 bytes");

#define SIM_RAW_BLOCK_SIZE 496

/**
 * struct sim_raw_block - head of a bulk block; data fills the rest of the message
 * @seq: block number from 0, per direction
 * @crc32: CRC-32 (IEEE) of data[0 .. len - 8)
 */
struct sim_raw_block {
	uint32_t seq;
	uint32_t crc32;
	uint8_t data[];
} __attribute__((packed));

_Static_assert(sizeof(struct sim_raw_block) == 8, "raw block header is 8 bytes");

/** sim_crc32() - CRC-32 (IEEE 802.3, reflected, as zlib's crc32(0, data, len)). */
uint32_t sim_crc32(const void *data, size_t len);

/** sim_fill_pattern() - deterministic bytes derived from @seed, so a receiver can recompute them.
 */
void sim_fill_pattern(uint8_t *buf, size_t len, uint32_t seed);

/** sim_echo_len() - length of echo message @seq on a bus whose payload maximum is @max. */
size_t sim_echo_len(uint32_t seq, size_t max);

/**
 * sim_echo_fill() - write echo message @seq into @buf: header, pattern bytes and their CRC-32
 * @buf: at least sim_echo_len(@seq, @max) bytes
 * @seq: the message number
 * @max: the bus's payload maximum (the length follows from it, as sim_echo_len() says)
 *
 * The one writer of an echo request, so that every sender's messages pass every checker's test.
 *
 * Return: the message's length.
 */
size_t sim_echo_fill(uint8_t *buf, uint32_t seq, size_t max);

#endif /* RPMSG_SIM_PROTOCOL_H */
