/* SPDX-License-Identifier: MIT */
/*
 * Peer liveness: is the process on the other side of the bus still there? A pidfd (Linux 5.3+)
 * becomes readable when the process exits, however it died; where pidfd_open is unavailable or
 * refused, kill(pid, 0) answers the same question less precisely (pid reuse).
 *
 * Thread safety: peer_alive() may be called from any thread; open/close from one.
 */
#ifndef RPMSG_BUS_PEER_H
#define RPMSG_BUS_PEER_H

#include <stdbool.h>
#include <sys/types.h>

struct peer_watch {
	pid_t pid; /* 0: nothing watched */
	int pidfd; /* -1: fall back to kill(pid, 0) */
};

/** peer_watch_open() - start watching @pid. Return: 0, or -ESRCH if it is already gone. */
int peer_watch_open(struct peer_watch *watch, pid_t pid);
/** peer_alive() - true while the watched process exists (true when nothing is watched). */
bool peer_alive(const struct peer_watch *watch);
/** peer_pid_alive() - one-shot check of @pid, for monitors (no pidfd kept). */
bool peer_pid_alive(pid_t pid);
void peer_watch_close(struct peer_watch *watch);

#endif /* RPMSG_BUS_PEER_H */
