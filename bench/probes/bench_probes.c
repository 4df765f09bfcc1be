// SPDX-License-Identifier: MIT
/*
 * bench-probes: one-way librpmsgbus throughput, the program that bench/probes/run.sh runs
 * against librpmsgbus with probes, without probes, and under an LTTng session.
 *
 * A host (this process) and a remote (forked) share bus NAME with the default futex doorbell;
 * the remote announces "bench-probes" and counts what it receives; the host sends --messages N
 * messages of --size bytes with rpmsg_send() as fast as buffers allow and stops the clock when
 * the remote reports (through a pipe) that the last one arrived. Prints one line:
 *	messages N size B seconds S rate R
 * Exit status 0 when every message arrived.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/bus.h>
#include <rpmsg/rpmsg.h>
#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/options.h>
#include <rpmsg-test/remote.h>

#define SERVICE "bench-probes"
#define WAIT_MS 60000

static uint32_t messages = 200000;
static uint32_t size = 64;
static int report_fd = -1;
static unsigned int received;
static atomic_uintptr_t host_ept;

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static int remote_count(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src,
			void *priv)
{
	if (++received == messages && write(report_fd, "K", 1) != 1)
		return -EIO;
	return 0;
}

static int remote_setup(struct rpmsg_bus *bus, void *ctx)
{
	struct rpmsg_endpoint *ept;
	int ret;

	(void)ctx;
	ret = rpmsg_create_ept(bus, SERVICE, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remote_count, NULL,
			       &ept);
	return ret ? ret : rpmsg_announce(ept);
}

static int host_probe(struct rpmsg_channel *ch)
{
	atomic_store(&host_ept, (uintptr_t)rpmsg_channel_ept(ch));
	return 0;
}

static int run_host(const char *name, int report_read_fd)
{
	static const struct rpmsg_driver driver = {.name = SERVICE, .probe = host_probe};
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	unsigned char buf[512];
	struct rpmsg_bus *bus;
	double start, end;
	char verdict = 0;
	int ret;

	memset(buf, 0x5a, sizeof(buf));
	rpmsg_bus_unlink(name);
	rpmsg_bus_config_init(&cfg, name, RPMSG_ROLE_HOST);
	ret = rpmsg_bus_open(&cfg, &bus);
	if (ret) {
		fprintf(stderr, "bench-probes host: %s (%s)\n", strerror(-ret), rpmsg_last_error());
		return 1;
	}
	ret = rpmsg_register_driver(bus, &driver);
	for (int waited = 0; !ret && !atomic_load(&host_ept) && waited < WAIT_MS; waited++)
		sleep_ms(1);
	ept = (struct rpmsg_endpoint *)atomic_load(&host_ept);
	if (ret || !ept) {
		fprintf(stderr, "bench-probes host: the remote never announced %s\n", SERVICE);
		rpmsg_bus_close(bus);
		return 1;
	}
	start = rpmsg_now_s();
	for (unsigned int i = 0; i < messages && !ret; i++) {
		memcpy(buf, &i, sizeof(i));
		ret = rpmsg_send(ept, buf, size);
	}
	if (!ret && read(report_read_fd, &verdict, 1) != 1)
		ret = -EIO;
	end = rpmsg_now_s();
	rpmsg_bus_close(bus);
	if (ret || verdict != 'K') {
		fprintf(stderr, "bench-probes host: run failed: %s\n", strerror(ret ? -ret : EIO));
		return 1;
	}
	printf("messages %u size %u seconds %.6f rate %.0f\n", messages, size, end - start,
	       messages / (end - start));
	return 0;
}

static void usage(FILE *out)
{
	fputs("Usage: bench-probes [--messages N] [--size BYTES] [--bus NAME]\n"
	      "One-way librpmsgbus throughput (host -> forked remote).\n\n"
	      "Examples:\n  bench-probes --messages 200000\n"
	      "  sh bench/probes/run.sh BUILD_DIR\n",
	      out);
}

struct bench_args {
	uint32_t messages, size;
	const char *bus;
};

#define F(FIELD) RPMSG_OPT_FIELD(struct bench_args, FIELD)
/* long only: -n/-s/-b mean iterations/sort/batch elsewhere; a typo is no silent 0 */
static const struct rpmsg_option bench_option_rows[] = {
	{"messages", 0, RPMSG_OPT_COUNT, F(messages), .max = UINT32_MAX,
	 .what = "a count from 1 to 4294967295"},
	{"size", 0, RPMSG_OPT_UINT, F(size), .min = sizeof(unsigned int), .max = 496,
	 .what = "a message size from 4 to 496 bytes"},
	{"bus", 0, RPMSG_OPT_STRING, F(bus)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

int main(int argc, char **argv)
{
	static const struct rpmsg_option_set set = {
		.tool = "bench-probes", .options = bench_option_rows, .usage = usage};
	struct bench_args args = {.messages = messages, .size = size};
	char name[RPMSG_BUS_NAME_MAX];
	int fds[2], status, ret;
	pid_t remote;

	ret = rpmsg_options_parse(&set, argc, argv, &args, NULL);
	if (ret)
		return ret > 0 ? 0 : 2;
	messages = args.messages;
	size = args.size;
	if (args.bus)
		snprintf(name, sizeof(name), "%s", args.bus);
	else
		snprintf(name, sizeof(name), "bench-probes-%d", (int)getpid());
	if (pipe(fds)) {
		perror("bench-probes: pipe");
		return 1;
	}
	remote = rpmsg_test_fork("bench-probes");
	if (remote < 0)
		return 1;
	if (remote == 0) {
		close(fds[0]);
		report_fd = fds[1];
		/* no time limit: the host stops it (SIGTERM) after the last message */
		_exit(rpmsg_test_run_remote("bench-probes remote", name, WAIT_MS, remote_setup,
					    NULL, UINT_MAX));
	}
	close(fds[1]);
	ret = run_host(name, fds[0]);
	kill(remote, SIGTERM);
	if (waitpid(remote, &status, 0) != remote || !WIFEXITED(status) || WEXITSTATUS(status))
		ret = 1;
	return ret;
}
