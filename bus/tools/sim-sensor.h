/* SPDX-License-Identifier: MIT */
/*
 * The rpmsg-sensor sample: what the simulated firmware's "rpmsg-sensor" service sends, one sample
 * per message. The decoders module parses exactly this layout; do not change it.
 *
 * Little-endian, packed, 32 bytes.
 */
#ifndef RPMSG_SIM_SENSOR_H
#define RPMSG_SIM_SENSOR_H

#include <stdint.h>

#define SIM_SENSOR_CHANNEL "rpmsg-sensor"

/* flags */
#define SIM_SENSOR_F_VALID (1u << 0) /* sample is a real measurement */

/**
 * struct sim_sensor_sample - one IMU + temperature sample
 * @seq: sample number, from 0, +1 per sample (a gap means lost samples)
 * @flags: SIM_SENSOR_F_*
 * @timestamp_ns: CLOCK_MONOTONIC of the firmware process when sampled
 * @accel_mg: acceleration x, y, z in milli-g
 * @gyro_mdps: angular rate x, y, z in milli-degrees per second
 * @temp_mdegc: temperature in milli-degrees Celsius
 */
struct sim_sensor_sample {
	uint32_t seq;
	uint32_t flags;
	uint64_t timestamp_ns;
	int16_t accel_mg[3];
	int16_t gyro_mdps[3];
	int32_t temp_mdegc;
} __attribute__((packed));

_Static_assert(sizeof(struct sim_sensor_sample) == 32, "sensor sample is 32 bytes on the wire");

#endif /* RPMSG_SIM_SENSOR_H */
