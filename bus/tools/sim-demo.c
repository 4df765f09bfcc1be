// SPDX-License-Identifier: MIT
/*
 * rpmsg-sim demo: fork a host and a simulated firmware on one bus and supervise them.
 *
 * Stopping (Ctrl-C, SIGTERM, --duration) goes the way a real link is shut down: the firmware is
 * told first and stops its streams but stays attached (--linger), then the host stops, prints
 * its summary and closes the bus; the firmware sees the host leave after its own stop request,
 * so neither side mistakes the other's exit for a crash. Only the host prints status lines;
 * each side prints its own summary. The children form one process group, so a demo that
 * dies takes them along (PR_SET_PDEATHSIG) and stragglers get killpg(). At the end the bus's
 * shared memory (and socket) are removed even if a child crashed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/monitor.h>

#include "sim-roles.h"
#include "sim-run.h"
#include "sim-stats.h"

struct demo_child {
	const char *what;
	pid_t pid;
	bool running;
	int status;
};

/**
 * spawn() - fork a child running @run with @opts in process group @pgid (0: a new group).
 * Return: the pid, or -errno.
 */
static pid_t spawn(int (*run)(const struct sim_options *), const struct sim_options *opts,
		   pid_t pgid, const sigset_t *parent_mask)
{
	pid_t parent = getpid();
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		setpgid(pid, pgid ? pgid : pid); /* also here: no race with the child's own call */
		return pid;
	}
	setpgid(0, pgid);
	/* If the demo itself is killed, take the children down too. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	sigprocmask(SIG_SETMASK, parent_mask, NULL);
	_exit(run(opts));
}

static void describe_exit(char *buf, size_t size, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "was killed by %s", strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "ended (status 0x%x)", status);
}

static void reap(struct demo_child *children, int count)
{
	for (int i = 0; i < count; i++) {
		int status;

		if (!children[i].running)
			continue;
		if (waitpid(children[i].pid, &status, WNOHANG) == children[i].pid) {
			children[i].running = false;
			children[i].status = status;
		}
	}
}

static int running_count(const struct demo_child *children, int count)
{
	int n = 0;

	for (int i = 0; i < count; i++)
		n += children[i].running;
	return n;
}

static void signal_children(struct demo_child *children, int count, pid_t pgid, int sig)
{
	if (pgid > 0)
		killpg(pgid, sig);
	for (int i = 0; i < count; i++)
		if (children[i].running)
			kill(children[i].pid, sig);
}

/* Firmware first (it stops streaming and lingers), then the host (it closes the link). */
static void stop_children(struct demo_child *children, int sig)
{
	if (children[1].running)
		kill(children[1].pid, sig);
	if (children[0].running)
		kill(children[0].pid, sig);
}

/*
 * The firmware must attach to the bus our host child created, not to one of the same name
 * that a stale or foreign host holds: wait until the bus names our child as its host.
 */
static bool wait_bus_created(const char *bus, struct demo_child *host)
{
	struct rpmsg_monitor_snapshot *snap = calloc(1, sizeof(*snap));
	uint64_t deadline = rpmsg_now_ns() + 10000000000ull;
	bool ok = false;

	while (snap && !ok && host->running && rpmsg_now_ns() < deadline) {
		struct rpmsg_monitor *mon;
		struct timespec pause = {0, 10000000};

		if (rpmsg_monitor_open(bus, &mon) == 0) {
			ok = rpmsg_monitor_snapshot(mon, snap) == 0 && snap->host_pid == host->pid;
			rpmsg_monitor_close(mon);
		}
		if (!ok) {
			nanosleep(&pause, NULL);
			reap(host, 1);
		}
	}
	free(snap);
	return ok;
}

/*
 * Watch the two children until both ended: stop them together at the end of @duration_s or on a
 * signal in @sigs; when one side ends on its own, the other should follow within seconds; if not,
 * ask it to stop, then insist.
 */
static void supervise(struct demo_child children[2], pid_t pgid, const sigset_t *sigs,
		      double duration_s)
{
	uint64_t deadline = 0, grace_deadline = 0, kill_deadline = 0;
	bool stopping = false;

	if (duration_s > 0)
		deadline = rpmsg_now_ns() + (uint64_t)(duration_s * 1e9);
	while (running_count(children, 2)) {
		struct timespec tick = {0, 200000000};
		int sig = sigtimedwait(sigs, NULL, &tick);
		uint64_t now = rpmsg_now_ns();

		reap(children, 2);
		if (!running_count(children, 2))
			break;
		if (!stopping && ((sig > 0 && sig != SIGCHLD) || (deadline && now >= deadline))) {
			stopping = true;
			stop_children(children, sig > 0 && sig != SIGCHLD ? sig : SIGTERM);
		} else if (stopping && sig > 0 && sig != SIGCHLD) {
			/* Asked again: no more lingering. */
			signal_children(children, 2, pgid, SIGTERM);
		}
		/*
		 * One side ended on its own (done, or failed): the other should follow within
		 * seconds; if not, ask it to stop, then insist.
		 */
		if (running_count(children, 2) == 1 && !grace_deadline)
			grace_deadline = now + 20000000000ull;
		if (stopping && !kill_deadline)
			kill_deadline = now + 30000000000ull;
		if (grace_deadline && now >= grace_deadline && !stopping) {
			stopping = true;
			kill_deadline = now + 10000000000ull;
			signal_children(children, 2, pgid, SIGTERM);
		}
		if (kill_deadline && now >= kill_deadline)
			signal_children(children, 2, pgid, SIGKILL);
	}
}

int sim_demo_main(const struct sim_options *opts)
{
	struct sim_options host_opts = *opts, fw_opts = *opts;
	struct demo_child children[2] = {{.what = "host"}, {.what = "firmware"}};
	sigset_t sigs, old_mask;
	pid_t pgid;
	int rc = 0;

	/* The duration is the demo's to enforce, so both sides stop together. */
	host_opts.duration_s = 0;
	host_opts.socket_path = host_opts.socket_buf;
	fw_opts.duration_s = 0;
	fw_opts.socket_path = fw_opts.socket_buf;
	fw_opts.quiet = true; /* the host prints the status lines */
	fw_opts.linger = true;
	if (opts->socket_path != opts->socket_buf) {
		host_opts.socket_path = opts->socket_path;
		fw_opts.socket_path = opts->socket_path;
	}

	sim_signals_restore_defaults();
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sigs, &old_mask);

	if (!opts->quiet && !opts->json)
		printf("demo: bus %s, mbox %s%s; Ctrl-C stops\n", opts->bus,
		       sim_mbox_name(opts->mbox), opts->poll_mode ? ", poll mode" : "");
	if (opts->faults.mask && !opts->json) {
		char faults[256];

		sim_faults_describe(&opts->faults, faults, sizeof(faults));
		printf("demo: injecting faults: %s\n", faults);
	}

	children[0].pid = spawn(sim_host_main, &host_opts, 0, &old_mask);
	if (children[0].pid < 0) {
		fprintf(stderr, "rpmsg-sim demo: cannot fork the host: %s\n",
			strerror(-children[0].pid));
		return 1;
	}
	children[0].running = true;
	pgid = children[0].pid;
	if (!wait_bus_created(opts->bus, &children[0])) {
		if (children[0].running)
			fprintf(stderr, "rpmsg-sim demo: the host did not create bus %s\n",
				opts->bus);
		signal_children(children, 1, pgid, SIGTERM);
		waitpid(children[0].pid, NULL, 0);
		return 1;
	}
	children[1].pid = spawn(sim_remote_main, &fw_opts, pgid, &old_mask);
	if (children[1].pid < 0) {
		fprintf(stderr, "rpmsg-sim demo: cannot fork the firmware: %s\n",
			strerror(-children[1].pid));
		signal_children(children, 1, pgid, SIGTERM);
	} else {
		children[1].running = true;
	}

	supervise(children, pgid, &sigs, opts->duration_s);

	/* Whatever happened to the children, leave no bus behind. */
	rpmsg_bus_unlink(opts->bus);
	if (opts->mbox == RPMSG_MBOX_SOCKET)
		unlink(host_opts.socket_path);

	for (int i = 0; i < 2; i++) {
		char how[64];

		if (children[i].pid <= 0) {
			rc = 1;
			continue;
		}
		if (WIFEXITED(children[i].status) && WEXITSTATUS(children[i].status) == 0)
			continue;
		describe_exit(how, sizeof(how), children[i].status);
		fprintf(stderr, "rpmsg-sim demo: the %s %s\n", children[i].what, how);
		rc = 1;
	}
	if (!rc && !opts->quiet && !opts->json)
		printf("demo: host and firmware ended cleanly; bus %s removed\n", opts->bus);
	return rc;
}
