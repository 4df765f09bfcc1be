// SPDX-License-Identifier: MIT
/*
 * Unix stream socket doorbell, as OpenAMP's Linux machine layer uses: one byte per kick, one
 * side listens and accepts exactly one connection, the receiver drains every byte and scans all
 * vrings. A self-pipe lets mailbox_wake() interrupt a wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "mailbox.h"

static int make_wake_pipe(struct mailbox *mb)
{
	if (pipe2(mb->wake_pipe, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	return 0;
}

static int fill_addr(struct sockaddr_un *addr, const char *path)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	strcpy(addr->sun_path, path);
	return 0;
}

/* Both sides: the address of @path, and the self-pipe that lets mailbox_wake() end a wait. */
static int socket_prepare(struct mailbox *mb, const char *path, struct sockaddr_un *addr)
{
	int err = fill_addr(addr, path);

	if (err)
		return err;
	snprintf(mb->path, sizeof(mb->path), "%s", path);
	return make_wake_pipe(mb);
}

static void close_wake_pipe(struct mailbox *mb)
{
	close(mb->wake_pipe[0]);
	close(mb->wake_pipe[1]);
	mb->wake_pipe[0] = mb->wake_pipe[1] = -1;
}

/* Listening side: bind @path, replacing a stale socket file; the peer is accepted later. */
static int socket_listen(struct mailbox *mb, const char *path)
{
	struct sockaddr_un addr;
	struct stat st;
	int fd, err;

	err = socket_prepare(mb, path, &addr);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		err = -errno;
		goto close_pipe;
	}
	unlink(path); /* a stale socket file from a killed run */
	/*
	 * bind() creates the file with the umask's mode. Nobody can connect before listen()
	 * (ECONNREFUSED), so tightening it in between leaves no window for another user.
	 */
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || chmod(path, 0600) ||
	    listen(fd, 1)) {
		err = -errno;
		close(fd);
		goto close_pipe;
	}
	mb->listen_fd = fd;
	if (!stat(path, &st)) {
		mb->path_dev = st.st_dev;
		mb->path_ino = st.st_ino;
		mb->owns_path = true;
	}
	return 0;
close_pipe:
	close_wake_pipe(mb);
	return err;
}

/*
 * Only our own user or root may ring our doorbell: anyone else could otherwise take the remote's
 * place. Return: 0 if @fd's peer may stay, -EACCES after recording who was refused and why.
 */
static int check_peer_cred(struct mailbox *mb, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	uid_t owner = geteuid();
	char why[sizeof(mb->refused)];

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		snprintf(why, sizeof(why), "doorbell %s: refused a peer: SO_PEERCRED failed: %s",
			 mb->path, strerror(errno));
	else if (cred.uid == owner || cred.uid == 0)
		return 0;
	else
		snprintf(why, sizeof(why),
			 "doorbell %s: refused pid %d uid %u: SO_PEERCRED uid is neither the bus "
			 "owner's (%u) nor root",
			 mb->path, (int)cred.pid, (unsigned int)cred.uid, (unsigned int)owner);
	pthread_mutex_lock(&mb->refused_lock);
	snprintf(mb->refused, sizeof(mb->refused), "%s", why);
	__atomic_fetch_add(&mb->peers_refused, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&mb->refused_lock);
	return -EACCES;
}

/* Accept if a connection is waiting; the listening socket is closed once connected. */
static int try_accept(struct mailbox *mb)
{
	int fd = accept4(mb->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (check_peer_cred(mb, fd)) {
		close(fd); /* keep listening for the legitimate peer */
		return -EAGAIN;
	}
	__atomic_store_n(&mb->conn_fd, fd, __ATOMIC_SEQ_CST);
	close(mb->listen_fd);
	mb->listen_fd = -1;
	/* The peer may have scanned its rings before we rang: ring now, once (it scans all). */
	if (__atomic_exchange_n(&mb->kick_pending, 0, __ATOMIC_SEQ_CST)) {
		uint8_t all = 0xff;

		if (send(fd, &all, 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
			/* a dead peer shows up as EOF in the next wait */
		}
	}
	return 0;
}

static int socket_accept(struct mailbox *mb, int timeout_ms)
{
	struct timespec start, now;
	int left = timeout_ms;

	clock_gettime(CLOCK_MONOTONIC, &start);
	/* A refused stranger must not use up our one chance: wait on until the deadline. */
	while (mb->conn_fd < 0) {
		struct pollfd pfd = {.fd = mb->listen_fd, .events = POLLIN};

		if (poll(&pfd, 1, left) <= 0)
			return -ETIMEDOUT;
		if (try_accept(mb) == 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
					  (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0)
			return -ETIMEDOUT;
	}
	return 0;
}

/* Connecting side: connect to @path, retrying every 10 ms until @timeout_ms passes. */
static int socket_connect(struct mailbox *mb, const char *path, int timeout_ms)
{
	struct sockaddr_un addr;
	int err, waited = 0;

	err = socket_prepare(mb, path, &addr);
	if (err)
		return err;
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0) {
			err = -errno;
			break;
		}
		if (!connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
			fcntl(fd, F_SETFL, O_NONBLOCK);
			mb->conn_fd = fd;
			return 0;
		}
		err = -errno;
		close(fd);
		/* The listener may not be there yet: retry every 10 ms. */
		if ((err != -ENOENT && err != -ECONNREFUSED) || waited >= timeout_ms)
			break;
		usleep(10000);
		waited += 10;
	}
	close_wake_pipe(mb);
	return err == -ENOENT || err == -ECONNREFUSED ? -ETIMEDOUT : err;
}

static int socket_open(struct mailbox *mb, const struct mailbox_setup *setup)
{
	if (!setup->path)
		return -EINVAL;
	return setup->listen ? socket_listen(mb, setup->path)
			     : socket_connect(mb, setup->path, setup->timeout_ms);
}

static int socket_kick(struct mailbox *mb, unsigned int notifyid)
{
	uint8_t byte = (uint8_t)notifyid;
	ssize_t n;

	if (__atomic_load_n(&mb->conn_fd, __ATOMIC_SEQ_CST) < 0) {
		/* Not accepted yet: the accepting side sends this kick once connected. */
		__atomic_store_n(&mb->kick_pending, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&mb->conn_fd, __ATOMIC_SEQ_CST) < 0 ||
		    !__atomic_exchange_n(&mb->kick_pending, 0, __ATOMIC_SEQ_CST))
			return 0;
	}
	do {
		n = send(mb->conn_fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		n = 1; /* socket full of unread kicks: the peer will scan all rings anyway */
	if (n < 0)
		return errno == EPIPE || errno == ECONNRESET ? -EPIPE : -errno;
	__atomic_fetch_add(&mb->kicks_sent, 1, __ATOMIC_RELAXED);
	return 0;
}

/**
 * socket_wait() - wait for kick bytes, the peer's connection or a self-wake.
 * @mb:         the mailbox
 * @timeout_ms: -1 forever, 0 just look
 * @pending:    out: MAILBOX_ALL_NOTIFY when the peer rang or connected (a byte does not say
 *              which ring: scan them all), MAILBOX_SELF_WAKE after mailbox_wake(), else 0
 *
 * The listening side accepts its peer here, on the listening socket's readiness.
 * Return: 0; -EPIPE once the peer closed its end (end of file or a reset), and on every later
 * call.
 */
static int socket_wait(struct mailbox *mb, int timeout_ms, uint32_t *pending)
{
	struct pollfd pfd[2];
	uint8_t buf[256];
	ssize_t n;
	int ret;

	*pending = 0;
	if (mb->peer_closed)
		return -EPIPE;
	pfd[0].fd = mb->conn_fd >= 0 ? mb->conn_fd : mb->listen_fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = mb->wake_pipe[0];
	pfd[1].events = POLLIN;
	do {
		ret = poll(pfd, 2, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	if (ret <= 0)
		return 0;
	if (pfd[1].revents) {
		while (read(mb->wake_pipe[0], buf, sizeof(buf)) > 0)
			;
		*pending |= MAILBOX_SELF_WAKE;
	}
	if (!pfd[0].revents)
		return 0;
	if (mb->conn_fd < 0) {
		if (try_accept(mb) == 0)
			*pending |= MAILBOX_ALL_NOTIFY; /* new peer: look at everything */
		return 0;
	}
	for (;;) {
		n = recv(mb->conn_fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0) {
			*pending |= MAILBOX_ALL_NOTIFY;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			mb->peer_closed = true;
			return *pending ? 0 : -EPIPE;
		}
		if (errno != EINTR)
			break;
	}
	return 0;
}

static void socket_wake(struct mailbox *mb)
{
	uint8_t byte = 0;

	if (mb->wake_pipe[1] >= 0 && write(mb->wake_pipe[1], &byte, 1) < 0) {
		/* A full pipe already holds a wake-up. */
	}
}

static uint64_t socket_kicks_sent(const struct mailbox *mb)
{
	return __atomic_load_n(&mb->kicks_sent, __ATOMIC_RELAXED);
}

static void socket_close(struct mailbox *mb)
{
	struct stat st;

	/*
	 * The listening side made the socket file: remove it, unless a newer listener already
	 * replaced it (its file is not ours to take away: its peer could no longer connect).
	 */
	if (mb->owns_path && !stat(mb->path, &st) && st.st_dev == mb->path_dev &&
	    st.st_ino == mb->path_ino)
		unlink(mb->path);
	if (mb->conn_fd >= 0)
		close(mb->conn_fd);
	if (mb->listen_fd >= 0)
		close(mb->listen_fd);
	mb->conn_fd = mb->listen_fd = -1;
	close_wake_pipe(mb); /* open succeeded: both ends exist */
}

const struct mailbox_ops mailbox_socket_ops = {
	.name = "socket",
	.open = socket_open,
	.accept = socket_accept,
	.kick = socket_kick,
	.wait = socket_wait,
	.wake = socket_wake,
	.kicks_sent = socket_kicks_sent,
	.close = socket_close,
};
