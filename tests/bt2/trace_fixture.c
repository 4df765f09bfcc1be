// SPDX-License-Identifier: MIT
/*
 * TEST FIXTURE, not product code: emits a known sequence of rpmsg:* LTTng-UST events so that
 * decode/report/babeltrace2 tests have a real LTTng trace with exactly known content, without
 * depending on the bus's timing. Run it under an LTTng session (tests/bt2/record_fixture.sh).
 *
 * Bus "fixture0". Addresses: host tty 1024, sensor 1025, echo 1026; remote tty 1024 (the same
 * number on the other side, to prove names are kept per side), sensor 1027, echo 1028,
 * motor 1031. Sequence (each message traced on the sending and the receiving side):
 *   remote announces rpmsg-tty, rpmsg-sensor, rpmsg-echo, rpmsg-motor (ns message to 53)
 *   remote -> host rpmsg-tty: 3 lines "hello N\n"
 *   remote -> host rpmsg-sensor: 4 samples of 32 bytes
 *   host -> remote rpmsg-echo: 2 x "ping N", each echoed back
 *   host -> remote rpmsg-tty: one 100-byte line (captured 64: truncated)
 *   remote -> host rpmsg-motor: 2 x 8 bytes (decoded only with tests/bt2/motor.decoders)
 *   host tx_wait on rpmsg-echo, one drop (no recipient) for address 1099
 *   remote destroys rpmsg-echo
 *
 * "trace_fixture burst N": N back-to-back 64-byte messages instead, to overflow small buffers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg/wire.h>
#include <rpmsg-scope/event.h>

#include "rpmsg_tp.h"

#define BUS    "fixture0"
#define HOST   RPMSG_EVENT_ROLE_HOST
#define REMOTE RPMSG_EVENT_ROLE_REMOTE

/* One message seen on both sides: msg_send by the sender, msg_recv by the receiver. */
static void message(uint8_t sender, uint32_t src, uint32_t dst, const void *payload, uint32_t len)
{
	uint8_t receiver = sender == HOST ? REMOTE : HOST;

	lttng_ust_tracepoint(rpmsg, msg_send, BUS, sender, src, dst, len, 0, payload);
	lttng_ust_tracepoint(rpmsg, msg_recv, BUS, receiver, src, dst, len, 0, payload);
}

static void announce(const char *name, uint32_t addr, uint32_t flags)
{
	struct rpmsg_ns_msg ns;

	memset(&ns, 0, sizeof(ns));
	strncpy(ns.name, name, sizeof(ns.name) - 1);
	ns.addr = addr;
	ns.flags = flags;
	/* The remote sends the announcement; the host receives and handles it. */
	message(REMOTE, addr, RPMSG_NS_ADDR, &ns, sizeof(ns));
	lttng_ust_tracepoint(rpmsg, ns_announce, BUS, REMOTE, name, addr, flags, 1);
	lttng_ust_tracepoint(rpmsg, ns_announce, BUS, HOST, name, addr, flags, 0);
}

static void sensor_sample(uint32_t seq)
{
	uint8_t s[32];
	uint32_t flags = seq & 1;
	uint64_t ts = 1000000000ull * (seq + 1);
	int16_t accel[3] = {(int16_t)(10 * seq), (int16_t)(-20 - (int)seq), 1000};
	int16_t gyro[3] = {1, 2, (int16_t)-3};
	int32_t temp = 25000 + (int32_t)seq;

	/* Little-endian packed, as the simulator sends it (the host is little-endian). */
	memcpy(s, &seq, 4);
	memcpy(s + 4, &flags, 4);
	memcpy(s + 8, &ts, 8);
	memcpy(s + 16, accel, 6);
	memcpy(s + 22, gyro, 6);
	memcpy(s + 28, &temp, 4);
	message(REMOTE, 1027, 1025, s, sizeof(s));
}

static int burst(long count)
{
	uint8_t payload[64];

	memset(payload, 0x5a, sizeof(payload));
	for (long i = 0; i < count; i++)
		lttng_ust_tracepoint(rpmsg, msg_send, BUS, HOST, 1024, 1024, sizeof(payload), 0,
				     payload);
	return 0;
}

int main(int argc, char **argv)
{
	char line[128];

	if (argc == 3 && !strcmp(argv[1], "burst"))
		return burst(strtol(argv[2], NULL, 10));

	lttng_ust_tracepoint(rpmsg, ept_create, BUS, HOST, "rpmsg-tty", 1024);
	lttng_ust_tracepoint(rpmsg, ept_create, BUS, HOST, "rpmsg-sensor", 1025);
	lttng_ust_tracepoint(rpmsg, ept_create, BUS, HOST, "rpmsg-echo", 1026);
	announce("rpmsg-tty", 1024, RPMSG_NS_CREATE);
	announce("rpmsg-sensor", 1027, RPMSG_NS_CREATE);
	announce("rpmsg-echo", 1028, RPMSG_NS_CREATE);
	announce("rpmsg-motor", 1031, RPMSG_NS_CREATE);
	for (int i = 0; i < 3; i++) {
		int n = snprintf(line, sizeof(line), "hello %d\n", i);

		message(REMOTE, 1024, 1024, line, (uint32_t)n);
	}
	for (uint32_t seq = 0; seq < 4; seq++)
		sensor_sample(seq);
	for (int i = 0; i < 2; i++) {
		int n = snprintf(line, sizeof(line), "ping %d", i);

		message(HOST, 1026, 1028, line, (uint32_t)n);
		message(REMOTE, 1028, 1026, line, (uint32_t)n);
	}
	memset(line, 'x', 100);
	message(HOST, 1024, 1024, line, 100);
	for (int i = 0; i < 2; i++) {
		/* motor-status: u16be speed, s16le current, u8 state, 3 bytes raw */
		uint8_t motor[8] = {0x05, 0xdc, 0x18, 0xfc, (uint8_t)(1 + i), 0xaa, 0xbb, 0xcc};

		message(REMOTE, 1031, 1024 + 8, motor, sizeof(motor));
	}
	lttng_ust_tracepoint(rpmsg, tx_wait, BUS, HOST, 1026, 1028, 1500, 0);
	lttng_ust_tracepoint(rpmsg, drop, BUS, HOST, 1099, 1024, 5, RPMSG_DROP_NO_RECIPIENT);
	announce("rpmsg-echo", 1028, RPMSG_NS_DESTROY);
	return 0;
}
