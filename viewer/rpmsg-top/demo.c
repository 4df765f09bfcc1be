// SPDX-License-Identifier: MIT
/* The demo child (see demo.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "options.h"

static bool executable(const char *path)
{
	return access(path, X_OK) == 0;
}

/* rpmsg-sim: --sim, next to our binary, in PATH, then the build tree's (when run from there). */
static int find_sim(const struct top_options *o, char *out, size_t size)
{
	char self[4096], *dir, *path, *p, *save = NULL;
	ssize_t n;

	if (o->sim_path) {
		snprintf(out, size, "%s", o->sim_path);
		return executable(out) ? 0 : -ENOENT;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		dir = dirname(self);
		snprintf(out, size, "%s/rpmsg-sim", dir);
		if (executable(out))
			return 0;
	}
	path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	for (p = path ? strtok_r(path, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save)) {
		snprintf(out, size, "%s/rpmsg-sim", p);
		if (executable(out)) {
			free(path);
			return 0;
		}
	}
	free(path);
#ifdef RPMSG_SIM_BUILD_PATH
	snprintf(out, size, "%s", RPMSG_SIM_BUILD_PATH);
	if (executable(out))
		return 0;
#endif
	return -ENOENT;
}

int top_demo_start(const struct top_options *o, struct top_demo *d, char *err, size_t err_size)
{
	int argc = 0, log_fd, ret;
	char **argv;
	pid_t parent = getpid(), pid;

	memset(d, 0, sizeof(*d));
	if (find_sim(o, d->sim, sizeof(d->sim))) {
		snprintf(err, err_size, "--demo: rpmsg-sim not found (%s; give it with --sim PATH)",
			 o->sim_path ? "not executable" : "not next to rpmsg-top nor in PATH");
		return -ENOENT;
	}
	if (o->bus_count)
		snprintf(d->bus, sizeof(d->bus), "%s", o->buses[0]);
	else
		snprintf(d->bus, sizeof(d->bus), "top%d", (int)parent);
	if (o->demo_log) {
		snprintf(d->log, sizeof(d->log), "%s", o->demo_log);
	} else {
		snprintf(d->log, sizeof(d->log), "/tmp/rpmsg-top-demo.%d.log", (int)parent);
		d->log_is_temporary = true;
	}
	log_fd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		ret = -errno;
		snprintf(err, err_size, "--demo: cannot create the log %s: %s", d->log,
			 strerror(errno));
		return ret;
	}
	argv = calloc((size_t)o->demo_argc + 6, sizeof(*argv));
	if (!argv) {
		close(log_fd);
		return -ENOMEM;
	}
	argv[argc++] = d->sim;
	argv[argc++] = "demo";
	argv[argc++] = "--bus";
	argv[argc++] = d->bus;
	for (int i = 0; i < o->demo_argc; i++)
		argv[argc++] = o->demo_argv[i];
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		snprintf(err, err_size, "--demo: fork: %s", strerror(errno));
		close(log_fd);
		free(argv);
		return ret;
	}
	if (pid == 0) {
		int null_fd = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		dup2(null_fd, 0);
		dup2(log_fd, 1);
		dup2(log_fd, 2);
		execv(d->sim, argv);
		dprintf(2, "rpmsg-top: cannot run %s: %s\n", d->sim, strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(log_fd);
	free(argv);
	d->pid = pid;
	d->running = true;
	return 0;
}

bool top_demo_poll(struct top_demo *d)
{
	if (d->running && waitpid(d->pid, &d->status, WNOHANG) == d->pid)
		d->running = false;
	return d->running;
}

bool top_demo_stop(struct top_demo *d)
{
	if (!d->pid)
		return true;
	if (top_demo_poll(d)) {
		/* the demo stops its host and firmware and removes the bus on SIGTERM */
		kill(d->pid, SIGTERM);
		for (int i = 0; i < 100 && top_demo_poll(d); i++) {
			struct timespec ts = {0, 50000000};

			nanosleep(&ts, NULL);
		}
		if (d->running) {
			kill(-d->pid, SIGKILL);
			waitpid(d->pid, &d->status, 0);
			d->running = false;
		}
	}
	return WIFEXITED(d->status) && WEXITSTATUS(d->status) == 0;
}

const char *top_demo_describe(const struct top_demo *d, char *buf, size_t size)
{
	if (d->running)
		snprintf(buf, size, "running");
	else if (WIFEXITED(d->status))
		snprintf(buf, size, "ended (exit %d)", WEXITSTATUS(d->status));
	else if (WIFSIGNALED(d->status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(d->status));
	else
		snprintf(buf, size, "ended");
	return buf;
}
