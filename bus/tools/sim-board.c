// SPDX-License-Identifier: MIT
/*
 * rpmsg-sim board: the simulated firmware as the virtio rpmsg device of a Linux guest.
 *
 * A child runs the firmware (sim_remote_main() with --vhost-user: the same services as on the
 * shm bus, on librpmsgbus's vhost-user transport); once its socket listens, the board kit's
 * boot script starts QEMU, which connects to it, boots the guest and runs --cmd (or a shell on
 * the console). When the guest powers off, QEMU ends and closes the socket: the firmware sees
 * its peer gone, prints its summary and exits. Everything started is stopped by pid (the boot
 * script, QEMU through its pidfile, the firmware), and the socket and the bus's control block
 * are removed whatever happened.
 *
 * A firmware that dies while the guest runs (killed, crashed) is handled as remoteproc handles a
 * crashed remote processor: its virtio device goes away. QEMU's vhost-user device tells the guest
 * nothing when its back end dies, so the board unplugs the device through QEMU's QMP socket
 * (device_del): the guest's kernel removes the rpmsg device and its channels.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/bus.h>

#include "sim-roles.h"
#include "sim-run.h"

#ifndef RPMSG_VBOARD_KIT_DIR
#define RPMSG_VBOARD_KIT_DIR ""
#endif
#ifndef RPMSG_VBOARD_BOOT_SCRIPT
#define RPMSG_VBOARD_BOOT_SCRIPT ""
#endif

/* How long the firmware may take to listen, and to finish after the guest is gone. */
#define FIRMWARE_START_MS 10000
#define FIRMWARE_END_MS	  15000
/* After the firmware saw the guest go, how long QEMU may take to exit before that counts as a
 * crash. */
#define GUEST_END_MS 3000

static void pause_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Fork a child that dies with us. Return: 0 in the child, its pid or -errno in the parent. */
static pid_t spawn_child(const sigset_t *parent_mask)
{
	pid_t parent = getpid();
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid != 0)
		return pid < 0 ? -errno : pid;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	sigprocmask(SIG_SETMASK, parent_mask, NULL);
	return 0;
}

/* Wait up to @ms for @pid to end. Return: its wait status, or -1 if it still runs. */
static int wait_for(pid_t pid, unsigned int ms)
{
	int status;

	for (unsigned int waited = 0;; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 || waited >= ms)
			return r < 0 ? 0 : -1;
		pause_ms(10);
	}
}

/* Stop @pid: TERM, then KILL after @ms. Return: its wait status. */
static int stop_child(pid_t pid, unsigned int ms)
{
	int status = wait_for(pid, 0);

	if (status >= 0)
		return status;
	kill(pid, SIGTERM);
	status = wait_for(pid, ms);
	if (status >= 0)
		return status;
	kill(pid, SIGKILL);
	return wait_for(pid, 5000);
}

static bool is_socket(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISSOCK(st.st_mode);
}

/* QEMU's pid from the boot script's pidfile, or 0. */
static pid_t read_pidfile(const char *path)
{
	FILE *f = fopen(path, "r");
	long pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 1 ? (pid_t)pid : 0;
}

/* Read QMP lines until one holds @want (a reply, not an event). Return: 0, -EPROTO, -ETIMEDOUT. */
static int qmp_expect(int fd, const char *want)
{
	char buf[4096];
	size_t len = 0;

	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		char *line;
		ssize_t n;

		if (poll(&pfd, 1, 5000) != 1)
			return -ETIMEDOUT;
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			return -EPROTO;
		len += (size_t)n;
		buf[len] = 0;
		while ((line = strchr(buf, '\n'))) {
			*line = 0;
			if (strstr(buf, "\"error\""))
				return -EPROTO;
			if (strstr(buf, want))
				return 0;
			len -= (size_t)(line + 1 - buf);
			memmove(buf, line + 1, len + 1);
		}
		if (len == sizeof(buf) - 1)
			len = 0; /* a line longer than any reply: not one we wait for */
	}
}

/**
 * unplug_device() - take the board's virtio device away from the guest (QMP device_del).
 * @qmp: QEMU's QMP socket
 * Return: 0 once QEMU accepted the request; -errno.
 */
static int unplug_device(const char *qmp)
{
	static const char caps[] = "{\"execute\":\"qmp_capabilities\"}\n";
	static const char del[] =
		"{\"execute\":\"device_del\",\"arguments\":{\"id\":\"vboard-dev\"}}\n";
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd, err;

	if (strlen(qmp) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	memcpy(addr.sun_path, qmp, strlen(qmp) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		err = -errno;
		close(fd);
		return err;
	}
	err = qmp_expect(fd, "\"QMP\"");
	if (!err)
		err = write(fd, caps, strlen(caps)) == (ssize_t)strlen(caps) ? 0 : -EIO;
	if (!err)
		err = qmp_expect(fd, "\"return\"");
	if (!err)
		err = write(fd, del, strlen(del)) == (ssize_t)strlen(del) ? 0 : -EIO;
	if (!err)
		err = qmp_expect(fd, "\"return\"");
	close(fd);
	return err;
}

/* exec the boot script with the board's options (in the child). */
static void exec_boot(const struct sim_options *opts, const char *script, const char *kit,
		      const char *pidfile, const char *qmp)
{
	char timeout[32];
	const char *argv[24];
	int n = 0;

	argv[n++] = "sh";
	argv[n++] = script;
	argv[n++] = "--kit";
	argv[n++] = kit;
	argv[n++] = "--socket";
	argv[n++] = opts->vhost_user_path;
	argv[n++] = "--pidfile";
	argv[n++] = pidfile;
	argv[n++] = "--qmp";
	argv[n++] = qmp;
	if (opts->guest_cmd) {
		argv[n++] = "--cmd";
		argv[n++] = opts->guest_cmd;
	}
	if (opts->console_path) {
		argv[n++] = "--console";
		argv[n++] = opts->console_path;
	}
	if (opts->output_path) {
		argv[n++] = "--output";
		argv[n++] = opts->output_path;
	}
	if (opts->dyndbg)
		argv[n++] = "--dyndbg";
	if (opts->timeout_s > 0) {
		snprintf(timeout, sizeof(timeout), "%.0f", opts->timeout_s);
		argv[n++] = "--timeout";
		argv[n++] = timeout;
	}
	argv[n] = NULL;
	execvp("sh", (char *const *)argv);
	fprintf(stderr, "rpmsg-sim board: cannot run %s: %s\n", script, strerror(errno));
	_exit(127);
}

/**
 * sim_board_main() - run the firmware on a vhost-user socket and boot the board against it.
 * @opts: parsed options (board command)
 *
 * Return: the guest command's exit status if it failed, else the firmware's (0: clean, 1: its
 * data was wrong or it could not run); 1 when the board could not be started.
 */
int sim_board_main(const struct sim_options *opts)
{
	const char *kit = opts->kit_dir ? opts->kit_dir : RPMSG_VBOARD_KIT_DIR;
	const char *script = opts->boot_script ? opts->boot_script : RPMSG_VBOARD_BOOT_SCRIPT;
	struct sim_options fw_opts = *opts;
	char pidfile[128], qmp[128], path[512];
	bool fw_died = false;
	sigset_t sigs, old;
	pid_t fw, boot, qemu;
	int fw_status, boot_status = -1, rc;
	uint64_t waited = 0;

	snprintf(path, sizeof(path), "%s/vmlinuz", kit);
	if (!*kit || access(path, R_OK) || !*script || access(script, R_OK)) {
		fprintf(stderr,
			"rpmsg-sim board: no board kit (%s%s, boot script %s): build it with "
			"-DRPMSG_VBOARD=ON or give --kit and --boot-script\n",
			*kit ? kit : "none", *kit ? "/vmlinuz" : "", *script ? script : "none");
		return 1;
	}
	/* A socket of a previous run that died: the firmware replaces it, the bus we clear. */
	rpmsg_bus_unlink(opts->bus);
	snprintf(pidfile, sizeof(pidfile), "/tmp/rpmsg-sim-%s.qemu.pid", opts->bus);
	unlink(pidfile);
	snprintf(qmp, sizeof(qmp), "/tmp/rpmsg-sim-%s.qmp", opts->bus);
	unlink(qmp);
	fw_opts.command = SIM_CMD_REMOTE;
	if (!fw_opts.guest_cmd)
		fw_opts.quiet = true; /* status lines would mix with an interactive console */

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, &old);
	fw = spawn_child(&old);
	if (fw == 0)
		_exit(sim_remote_main(&fw_opts));
	if (fw < 0) {
		fprintf(stderr, "rpmsg-sim board: cannot start the firmware: %s\n", strerror(-fw));
		return 1;
	}
	/* QEMU connects once, at start: the firmware must listen first. */
	while (!is_socket(opts->vhost_user_path)) {
		if (wait_for(fw, 0) >= 0 || waited >= FIRMWARE_START_MS) {
			fprintf(stderr, "rpmsg-sim board: the firmware did not listen on %s\n",
				opts->vhost_user_path);
			stop_child(fw, 1000);
			rpmsg_bus_unlink(opts->bus);
			return 1;
		}
		pause_ms(10);
		waited += 10;
	}
	boot = spawn_child(&old);
	if (boot == 0) {
		/* Ctrl-C on an interactive console belongs to the guest's shell. */
		if (!opts->guest_cmd)
			signal(SIGINT, SIG_IGN);
		exec_boot(opts, script, kit, pidfile, qmp);
	}
	if (boot > 0) {
		for (;;) {
			struct timespec slice = {.tv_nsec = 100000000L};
			int sig = sigtimedwait(&sigs, NULL, &slice);

			boot_status = wait_for(boot, 0);
			if (boot_status >= 0)
				break;
			if (!fw_died && (fw_status = wait_for(fw, 0)) >= 0) {
				int err;
				char how[64];

				fw_died = true;
				/*
				 * The firmware's normal end is the guest's poweroff: it sees the
				 * socket close a moment before QEMU exits. Give QEMU that moment
				 * before calling it a crash.
				 */
				if (WIFEXITED(fw_status) && !WEXITSTATUS(fw_status) &&
				    (boot_status = wait_for(boot, GUEST_END_MS)) >= 0)
					break;
				/* The remote processor crashed: its device goes, as with
				 * remoteproc. */
				err = unplug_device(qmp);
				if (WIFSIGNALED(fw_status))
					snprintf(how, sizeof(how), "killed by signal %d (%s)",
						 WTERMSIG(fw_status),
						 strsignal(WTERMSIG(fw_status)));
				else
					snprintf(how, sizeof(how), "exited with status %d",
						 WEXITSTATUS(fw_status));
				fprintf(stderr,
					"rpmsg-sim board: the firmware %s while the guest ran; "
					"%s%s\n",
					how,
					err ? "could not unplug its device: "
					    : "unplugged its device from the guest",
					err ? strerror(-err) : "");
			}
			if (sig == SIGTERM || (sig == SIGINT && opts->guest_cmd)) {
				fprintf(stderr, "rpmsg-sim board: stopped by %s\n",
					sim_signal_name(sig));
				boot_status = stop_child(boot, 5000);
				break;
			}
		}
	} else {
		fprintf(stderr, "rpmsg-sim board: cannot start the boot script: %s\n",
			strerror(-boot));
	}
	/* QEMU ends with the guest; if the script was stopped, stop QEMU by its pid too. */
	qemu = read_pidfile(pidfile);
	if (qemu && !kill(qemu, 0)) {
		kill(qemu, SIGTERM);
		for (int i = 0; i < 500 && !kill(qemu, 0); i++)
			pause_ms(10);
	}
	unlink(pidfile);
	unlink(qmp);
	/* The firmware sees the socket close, prints its summary and exits. */
	if (!fw_died)
		fw_status = wait_for(fw, FIRMWARE_END_MS);
	if (fw_status < 0) {
		fprintf(stderr, "rpmsg-sim board: the firmware did not end after the guest: "
				"stopping it\n");
		fw_status = stop_child(fw, 2000);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	unlink(opts->vhost_user_path);
	rpmsg_bus_unlink(opts->bus);
	if (boot_status >= 0 && WIFEXITED(boot_status) && WEXITSTATUS(boot_status)) {
		rc = WEXITSTATUS(boot_status);
		fprintf(stderr, "rpmsg-sim board: the guest %s (status %d)\n",
			rc == 124   ? "timed out"
			: rc == 125 ? "ended without a status"
				    : "command failed",
			rc);
		return rc;
	}
	if (boot_status < 0 || !WIFEXITED(boot_status))
		return 1;
	if (!WIFEXITED(fw_status))
		return 1;
	return WEXITSTATUS(fw_status);
}
