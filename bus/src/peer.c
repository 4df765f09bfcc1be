// SPDX-License-Identifier: MIT
/* Peer liveness through pidfd, with kill(pid, 0) as fallback. See peer.h. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "peer.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int peer_watch_open(struct peer_watch *watch, pid_t pid)
{
	watch->pid = pid;
	watch->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (watch->pidfd < 0 && errno == ESRCH)
		return -ESRCH;
	return 0;
}

bool peer_pid_alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

bool peer_alive(const struct peer_watch *watch)
{
	struct pollfd pfd;

	if (watch->pid <= 0)
		return true;
	if (watch->pidfd < 0)
		return peer_pid_alive(watch->pid);
	pfd.fd = watch->pidfd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, 0) == 0;
}

void peer_watch_close(struct peer_watch *watch)
{
	if (watch->pidfd >= 0)
		close(watch->pidfd);
	watch->pidfd = -1;
	watch->pid = 0;
}
