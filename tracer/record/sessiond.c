// SPDX-License-Identifier: MIT
/*
 * Start lttng-sessiond when none runs (see sessiond.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lttng/lttng.h>

#include "sessiond.h"

/* Where the daemon we would talk to writes its pid (lttng-sessiond(8), FILES). */
static void sessiond_pid_path(char *buf, size_t size)
{
	const char *home = getenv("LTTNG_HOME");

	if (geteuid() == 0) {
		snprintf(buf, size, "/var/run/lttng/lttng-sessiond.pid");
		return;
	}
	if (!home || !*home)
		home = getenv("HOME");
	snprintf(buf, size, "%s/.lttng/lttng-sessiond.pid", home ? home : "/tmp");
}

static pid_t read_pid_file(const char *path)
{
	FILE *file = fopen(path, "r");
	long pid = -1;

	if (!file)
		return -1;
	if (fscanf(file, "%ld", &pid) != 1)
		pid = -1;
	fclose(file);
	return (pid_t)pid;
}

int sessiond_ensure(const char *log_path)
{
	char default_log[PATH_MAX];
	char pid_path[PATH_MAX];
	int status;
	pid_t child;
	int log_fd;

	if (lttng_session_daemon_alive() == 1)
		return 0;

	if (!log_path) {
		const char *tmp = getenv("TMPDIR");

		snprintf(default_log, sizeof(default_log), "%s/rpmsg-trace-sessiond.log",
			 tmp && *tmp ? tmp : "/tmp");
		log_path = default_log;
	}
	log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		int err = errno;

		fprintf(stderr, "rpmsg-trace record: cannot open lttng-sessiond log '%s': %s\n",
			log_path, strerror(err));
		return -err;
	}

	child = fork();
	if (child < 0) {
		int err = errno;

		close(log_fd);
		return -err;
	}
	if (child == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		/* --background: daemonizes but keeps our descriptors, so its output is logged. */
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(log_fd, STDOUT_FILENO);
		dup2(log_fd, STDERR_FILENO);
		execlp("lttng-sessiond", "lttng-sessiond", "--background", (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(log_fd);
	/* With --background the first process exits once the daemon accepts commands. */
	if (waitpid(child, &status, 0) < 0)
		return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		fprintf(stderr,
			"rpmsg-trace record: no LTTng session daemon runs and lttng-sessiond "
			"is not installed (package lttng-tools)\n");
		return -ENOENT;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || lttng_session_daemon_alive() != 1) {
		fprintf(stderr, "rpmsg-trace record: lttng-sessiond failed to start; see %s\n",
			log_path);
		return -EIO;
	}
	sessiond_pid_path(pid_path, sizeof(pid_path));
	fprintf(stderr,
		"rpmsg-trace record: no LTTng session daemon was running; started lttng-sessiond "
		"(pid %ld, log %s). It keeps running; stop it with: kill %ld\n",
		(long)read_pid_file(pid_path), log_path, (long)read_pid_file(pid_path));
	return 1;
}
