// SPDX-License-Identifier: MIT
/*
 * record_workload: a host and a forked remote on one librpmsgbus bus exchanging a known set of
 * messages, for the `rpmsg-trace record` tests.
 *
 * The remote announces two services, "tp-alpha" and "tp-beta", and echoes every message back to
 * its sender. The host binds a driver to each, sends --messages N messages on each, and waits
 * for all N echoes. Message i on endpoint E (0 alpha, 1 beta) is workload_payload(E, i):
 * length 8 + (7 i mod 120) bytes (so some exceed the 64-byte capture), byte 0 = 'a' + E,
 * bytes 1..4 = i little-endian, byte k >= 5 = (i + k) mod 256. The tests recompute this from the
 * trace to check payload bytes.
 *
 * --hold FILE: after the N messages, keep sending one more message on tp-alpha every 20 ms until
 * FILE exists (a live test releases the workload once it has seen events).
 * Prints "tp-alpha sent S echoed R" and the same for tp-beta on stdout; exits 0 when every
 * message came back.
 */
#include <errno.h>
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
#include <rpmsg-scope/options.h>
#include <rpmsg-test/remote.h>

#define ENDPOINTS 2
#define WAIT_MS	  60000 /* generous: a loaded 2-core machine */

static const char *const service_names[ENDPOINTS] = {"tp-alpha", "tp-beta"};

static size_t workload_payload(int endpoint, unsigned int index, unsigned char *buf)
{
	size_t len = 8 + (7u * index) % 120u;

	buf[0] = (unsigned char)('a' + endpoint);
	buf[1] = (unsigned char)index;
	buf[2] = (unsigned char)(index >> 8);
	buf[3] = (unsigned char)(index >> 16);
	buf[4] = (unsigned char)(index >> 24);
	for (size_t k = 5; k < len; k++)
		buf[k] = (unsigned char)(index + k);
	return len;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- remote: echo everything back ---- */

static atomic_uint remote_echoed[ENDPOINTS];
static int remote_echo(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	int endpoint = (int)(intptr_t)priv;
	int ret = rpmsg_sendto(ept, data, len, src);

	if (ret) {
		fprintf(stderr, "record_workload remote: echo on %s failed: %s\n",
			service_names[endpoint], strerror(-ret));
		return ret;
	}
	atomic_fetch_add(&remote_echoed[endpoint], 1);
	return 0;
}

/* One echo endpoint per service name, each announced. */
static int remote_setup(struct rpmsg_bus *bus, void *ctx)
{
	struct rpmsg_endpoint *epts[ENDPOINTS] = {NULL};
	int ret = 0;

	(void)ctx;
	for (int i = 0; i < ENDPOINTS && !ret; i++) {
		ret = rpmsg_create_ept(bus, service_names[i], RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
				       remote_echo, (void *)(intptr_t)i, &epts[i]);
		if (!ret)
			ret = rpmsg_announce(epts[i]);
	}
	return ret;
}

/* ---- host: send, count echoes ---- */

struct host_endpoint {
	atomic_uintptr_t ept; /* struct rpmsg_endpoint *, set by probe */
	atomic_uint echoed;
	unsigned int sent;
};

static struct host_endpoint host_epts[ENDPOINTS];

static int host_probe(struct rpmsg_channel *ch)
{
	int endpoint = (int)(intptr_t)rpmsg_channel_driver_priv(ch);

	atomic_store(&host_epts[endpoint].ept, (uintptr_t)rpmsg_channel_ept(ch));
	return 0;
}

static int host_echo(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	for (int i = 0; i < ENDPOINTS; i++)
		if (atomic_load(&host_epts[i].ept) == (uintptr_t)ept)
			atomic_fetch_add(&host_epts[i].echoed, 1);
	return 0;
}

static struct rpmsg_driver drivers[ENDPOINTS];

static int host_send(int endpoint)
{
	struct rpmsg_endpoint *ept = (struct rpmsg_endpoint *)atomic_load(&host_epts[endpoint].ept);
	unsigned char buf[512];
	size_t len = workload_payload(endpoint, host_epts[endpoint].sent, buf);
	int ret = rpmsg_send(ept, buf, len);

	if (ret) {
		fprintf(stderr, "record_workload host: send on %s failed: %s\n",
			service_names[endpoint], strerror(-ret));
		return ret;
	}
	host_epts[endpoint].sent++;
	return 0;
}

static bool all_echoed(void)
{
	for (int i = 0; i < ENDPOINTS; i++)
		if (atomic_load(&host_epts[i].echoed) < host_epts[i].sent)
			return false;
	return true;
}

static int run_host(const char *bus_name, unsigned int messages, const char *hold_file,
		    pid_t remote, int *remote_status)
{
	struct rpmsg_bus *bus;
	int waited, ret = 0;

	bus = rpmsg_test_create_host("record_workload host", bus_name);
	if (!bus)
		return 1;
	for (int i = 0; i < ENDPOINTS && !ret; i++) {
		drivers[i] = (struct rpmsg_driver){.name = service_names[i],
						   .probe = host_probe,
						   .callback = host_echo,
						   .priv = (void *)(intptr_t)i};
		ret = rpmsg_register_driver(bus, &drivers[i]);
	}
	for (waited = 0; !ret && waited < WAIT_MS; waited += 5) {
		if (atomic_load(&host_epts[0].ept) && atomic_load(&host_epts[1].ept))
			break;
		sleep_ms(5);
	}
	if (ret || waited >= WAIT_MS) {
		fprintf(stderr, "record_workload host: the remote's services never appeared\n");
		goto close;
	}
	for (unsigned int i = 0; i < messages && !ret; i++)
		for (int e = 0; e < ENDPOINTS && !ret; e++)
			ret = host_send(e);
	if (!ret && hold_file) {
		/* a test waits for this line (readiness), not for a guessed time */
		fprintf(stderr, "record_workload: %u messages sent, holding until %s exists\n",
			messages, hold_file);
		fflush(stderr);
	}
	while (!ret && hold_file && access(hold_file, F_OK) != 0) {
		ret = host_send(0);
		sleep_ms(20);
	}
	for (waited = 0; !ret && waited < WAIT_MS && !all_echoed(); waited += 5)
		sleep_ms(5);
close:
	/* The remote's endpoints are destroyed (and announced so) before the host goes away. */
	kill(remote, SIGTERM);
	for (waited = 0; waited < WAIT_MS && waitpid(remote, remote_status, WNOHANG) == 0;
	     waited += 5)
		sleep_ms(5);
	rpmsg_bus_close(bus);
	for (int i = 0; i < ENDPOINTS; i++)
		printf("%s sent %u echoed %u\n", service_names[i], host_epts[i].sent,
		       atomic_load(&host_epts[i].echoed));
	return ret || !all_echoed() ? 1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: record_workload [--bus NAME] [--messages N] [--hold FILE]\n"
		     "Host + forked remote exchanging N known messages per endpoint (tp-alpha,\n"
		     "tp-beta), each echoed back. Test program for rpmsg-trace record.\n\n"
		     "Examples:\n"
		     "  record_workload --bus rec0 --messages 100\n"
		     "  rpmsg-trace record -o /tmp/t -- record_workload --messages 100\n");
}

struct workload_args {
	const char *bus, *hold_file;
	uint32_t messages;
};

#define F(FIELD) RPMSG_OPT_FIELD(struct workload_args, FIELD)
/* --bus and --messages are long only, as in every tool. */
static const struct rpmsg_option workload_option_rows[] = {
	{"bus", 0, RPMSG_OPT_STRING, F(bus)},
	{"messages", 0, RPMSG_OPT_UINT, F(messages), .max = UINT32_MAX, .what = "a count"},
	{"hold", 0, RPMSG_OPT_STRING, F(hold_file)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};

int main(int argc, char **argv)
{
	static const struct rpmsg_option_set set = {
		.tool = "record_workload", .options = workload_option_rows, .usage = usage};
	struct workload_args args = {.bus = "record0", .messages = 100};
	int status = -1;
	int ret;
	pid_t remote;

	ret = rpmsg_options_parse(&set, argc, argv, &args, NULL);
	if (ret)
		return ret > 0 ? 0 : 2;
	remote = rpmsg_test_fork("record_workload");
	if (remote < 0)
		return 1;
	if (remote == 0)
		/* serve until the host has its echoes and says stop (SIGTERM), or the bus fails */
		_exit(rpmsg_test_run_remote("record_workload remote", args.bus, WAIT_MS,
					    remote_setup, NULL, 4 * WAIT_MS));
	ret = run_host(args.bus, args.messages, args.hold_file, remote, &status);
	if (status == -1 && waitpid(remote, &status, 0) != remote)
		status = -1;
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "record_workload: the remote failed\n");
		ret = 1;
	}
	fflush(stdout);
	return ret;
}
