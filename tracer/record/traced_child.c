// SPDX-License-Identifier: MIT
/*
 * Run the traced command (see traced_child.h).
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/self-path.h>

#include "traced_child.h"

#define POLL_INTERVAL_NS 20000000L /* 20 ms: how often the wait loop looks at the stop flag */

const char *provider_library_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("RPMSG_TP_LIBRARY");

	if (env && *env)
		return access(env, R_OK) == 0 ? env : NULL;
	/* the installed rpmsg-trace's own, wherever its prefix was moved; then this build's */
	if (!rpmsg_self_installed_lib("librpmsg-tp.so", path, sizeof(path)))
		return path;
	if (access(RPMSG_TP_BUILD_PATH, R_OK) == 0)
		return RPMSG_TP_BUILD_PATH;
	if (access(RPMSG_TP_INSTALL_PATH, R_OK) == 0)
		return RPMSG_TP_INSTALL_PATH;
	return NULL;
}

/* Build "tp.so:fork.so[:previous]" for the child's LD_PRELOAD. */
static int set_preload(const char *provider)
{
	const char *previous = getenv("LD_PRELOAD");
	const char *fork_wrapper = RPMSG_LTTNG_UST_FORK_PATH;
	char *value;
	int ret;

	if (access(fork_wrapper, R_OK) != 0)
		fork_wrapper = NULL;
	if (asprintf(&value, "%s%s%s%s%s", provider, fork_wrapper ? ":" : "",
		     fork_wrapper ? fork_wrapper : "", previous && *previous ? ":" : "",
		     previous && *previous ? previous : "") < 0)
		return -ENOMEM;
	ret = setenv("LD_PRELOAD", value, 1);
	free(value);
	return ret ? -errno : 0;
}

int traced_child_run(char **argv, bool blocking, double duration_s, volatile sig_atomic_t *stop,
		     volatile sig_atomic_t *stop_from_terminal)
{
	const struct timespec poll_interval = {0, POLL_INTERVAL_NS};
	const char *provider = provider_library_path();
	double deadline = duration_s > 0 ? rpmsg_now_s() + duration_s : 0;
	bool forwarded = false;
	int status;
	pid_t child;

	if (!provider) {
		fprintf(stderr, "rpmsg-trace record: cannot find librpmsg-tp.so (the rpmsg LTTng "
				"provider); set RPMSG_TP_LIBRARY to its path\n");
		return -ENOENT;
	}
	child = fork();
	if (child < 0)
		return -errno;
	if (child == 0) {
		int err = set_preload(provider);

		if (!err && blocking && setenv("LTTNG_UST_ALLOW_BLOCKING", "1", 1))
			err = -errno;
		if (err) {
			fprintf(stderr, "rpmsg-trace record: cannot set up the environment: %s\n",
				strerror(-err));
			_exit(126);
		}
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL); /* ignored by record itself; not by what it runs */
		execvp(argv[0], argv);
		err = errno;
		fprintf(stderr, "rpmsg-trace record: cannot run '%s': %s\n", argv[0],
			strerror(err));
		_exit(err == ENOENT ? 127 : 126);
	}
	for (;;) {
		pid_t done = waitpid(child, &status, WNOHANG);

		if (done == child)
			break;
		if (done < 0 && errno != EINTR)
			return -errno;
		if (*stop && !forwarded) {
			/* Ctrl-C reaches the child's process group by itself; kill(1) did not. */
			if (!*stop_from_terminal)
				kill(child, *stop);
			forwarded = true;
		}
		if (deadline && !forwarded && rpmsg_now_s() >= deadline) {
			kill(child, SIGTERM);
			forwarded = true;
		}
		nanosleep(&poll_interval, NULL);
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
