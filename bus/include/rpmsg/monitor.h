/* SPDX-License-Identifier: MIT */
/*
 * Read-only introspection of a running bus (host-owned layout), from a third process.
 *
 * The monitor maps the bus's shared memory PROT_READ (needs only read access to the shm file)
 * and never writes it, so it cannot disturb the bus. Everything it reads was written by the bus
 * sides and is validated like any other untrusted input: a snapshot that does not make sense
 * returns -EIO with the reason in rpmsg_monitor_error(). Snapshots of the channel directory are
 * consistent (sequence lock); ring indices are read individually and may be a few updates apart.
 *
 * Not thread-safe per monitor; use one monitor per thread.
 */
#ifndef RPMSG_MONITOR_H
#define RPMSG_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <rpmsg/bus.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rpmsg_monitor;

/* Channels each side can publish in the directory. */
#define RPMSG_MONITOR_MAX_CHANNELS 64

/* Who announced a channel (its "direction"). */
enum rpmsg_channel_origin {
	RPMSG_ORIGIN_LOCAL = 0,	    /* endpoint not announced */
	RPMSG_ORIGIN_ANNOUNCED = 1, /* this side announced it to the other side */
	RPMSG_ORIGIN_PEER = 2,	    /* the other side announced it (a channel, on the host) */
};

struct rpmsg_monitor_channel {
	char name[RPMSG_NAME_SIZE];
	uint32_t local_addr;  /* address on the publishing side */
	uint32_t remote_addr; /* its destination on the other side (RPMSG_ADDR_ANY if unknown) */
	enum rpmsg_role side; /* which side published this entry */
	enum rpmsg_channel_origin origin;
	/* Traffic of this endpoint as counted by its side (messages and payload bytes). */
	uint64_t tx_msgs, tx_bytes, rx_msgs, rx_bytes;
};

struct rpmsg_monitor_vring {
	unsigned int index; /* 0 = host RX, 1 = host TX */
	unsigned int num;
	uint16_t avail_idx;
	uint16_t used_idx;
	unsigned int in_flight; /* buffers made available and not yet used: avail_idx - used_idx */
	bool notify_suppressed; /* device asked not to be kicked (NO_NOTIFY) */
	bool interrupt_suppressed; /* driver asked not to be interrupted (NO_INTERRUPT) */
};

struct rpmsg_monitor_snapshot {
	char bus[RPMSG_BUS_NAME_MAX];
	pid_t host_pid, remote_pid;
	bool host_alive, remote_alive;
	bool remote_attached;
	uint8_t status;	   /* virtio status byte from the resource table */
	uint32_t features; /* negotiated (gfeatures) */
	enum rpmsg_mbox_kind mbox;
	unsigned int buf_size;
	unsigned int tx_bufs_total; /* host TX buffers */
	unsigned int tx_bufs_free;  /* host TX buffers not in flight */
	unsigned int rx_bufs_total; /* host RX buffers */
	struct rpmsg_monitor_vring vring[2];
	uint64_t kicks_to_remote, kicks_to_host;
	char broken[128]; /* reason a side marked the bus broken, or "" */
	unsigned int channel_count;
	struct rpmsg_monitor_channel channels[2 * RPMSG_MONITOR_MAX_CHANNELS];
};

/** rpmsg_monitor_open() - open bus @name read-only (never mapped: a truncated file cannot crash
 * us; each snapshot copies it with pread). Return: 0, -ENOENT, -EACCES, -EIO (not a bus).
 */
int rpmsg_monitor_open(const char *name, struct rpmsg_monitor **out);
void rpmsg_monitor_close(struct rpmsg_monitor *mon);
/** rpmsg_monitor_snapshot() - read the bus's current state. Return: 0, -EIO, -EAGAIN (busy). */
int rpmsg_monitor_snapshot(struct rpmsg_monitor *mon, struct rpmsg_monitor_snapshot *snap);
const char *rpmsg_monitor_error(const struct rpmsg_monitor *mon);

/**
 * rpmsg_monitor_list() - names of the buses found in /dev/shm.
 * @names: array of @max name buffers; Return: number found (may exceed @max), or -errno.
 */
int rpmsg_monitor_list(char (*names)[RPMSG_BUS_NAME_MAX], int max);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_MONITOR_H */
