// SPDX-License-Identifier: MIT
/*
 * openamp-ping-remote: a remote (the firmware's role) for OpenAMP's ping host, on librpmsgbus's
 * public API.
 *
 * OpenAMP's host side of the echo demo, `rpmsg-echo-ping` (openamp-system-reference,
 * examples/legacy_apps/examples/echo/rpmsg-ping.c, built with WITH_VIRTIO_DRIVER), runs as a
 * Linux process and expects what OpenAMP's own remote provides: /dev/shm/openamp.shm with a
 * resource table at offset 0, a doorbell socket listening on /tmp/openamp.event.0, and the
 * channel rpmsg-openamp-demo-channel announced once the host has started the device. This
 * program provides exactly that (RPMSG_LAYOUT_FIRMWARE_OWNED: librpmsgbus writes the table as
 * firmware does), announces the channel, sends every message back unchanged, and ends when the
 * host goes away or sends OpenAMP's shutdown message. It serves one host, then removes its shm
 * and socket. Exit status 0 when the host ended and every echo was sent.
 *
 * The geometry is in openamp-linux-machine.h; docs/openamp.md says how to build and run OpenAMP.
 */
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "example-args.h"
#include "openamp-linux-machine.h"

#define PROG "openamp-ping-remote"

struct ping_remote {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint64_t echoed, echoed_bytes;
	uint64_t send_errors;
	int first_send_error;
	bool shutdown; /* the host sent OpenAMP's shutdown message */
};

/* The channel's receive callback: send it back to whoever sent it, as rpmsg-echo does. */
static int echo_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct ping_remote *r = priv;
	uint32_t word;
	int err;

	if (len >= sizeof(word)) {
		memcpy(&word, data, sizeof(word));
		if (word == OPENAMP_SHUTDOWN_MSG) {
			pthread_mutex_lock(&r->lock);
			r->shutdown = true;
			pthread_cond_broadcast(&r->cond);
			pthread_mutex_unlock(&r->lock);
			return 0;
		}
	}
	err = rpmsg_sendto(ept, data, len, src);
	pthread_mutex_lock(&r->lock);
	if (err) {
		if (!r->send_errors++)
			r->first_send_error = err;
	} else {
		r->echoed++;
		r->echoed_bytes += len;
	}
	pthread_mutex_unlock(&r->lock);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [OPTION]...\n"
		"A remote for OpenAMP's ping host (rpmsg-echo-ping of openamp-system-reference's\n"
		"legacy Linux apps): create the shm and resource table as OpenAMP's remote does,\n"
		"wait for the host, announce " OPENAMP_ECHO_CHANNEL ", echo every\n"
		"message, and exit when the host goes away or sends the shutdown message.\n"
		"\n"
		"  --shm NAME     the shm object to create (default " OPENAMP_SHM_NAME ", i.e.\n"
		"                 /dev/shm/openamp.shm)\n"
		"  --socket PATH  the doorbell socket to listen on (default " OPENAMP_SOCKET_PATH
		")\n"
		"  --timeout MS   wait this long for the host to connect and start the device\n"
		"                 (default 60000)\n"
		"  --bus NAME     librpmsgbus's name for the bus in probes and traces\n"
		"                 (default openamp)\n"
		"  -h, --help     this text\n"
		"\n"
		"Examples:\n"
		"  " PROG " &\n"
		"  rpmsg-echo-ping 1       # OpenAMP's host; 1 = connect, do not write the table\n"
		"Building and running OpenAMP: docs/openamp.md "
		"(share/doc/rpmsg-scope/openamp.md).\n");
}

struct options {
	struct example_machine m;
};

/* Return: 0 to run, 1 after --help, -EINVAL after printing the problem. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		EXAMPLE_MACHINE_LONGOPTS,
		{NULL, 0, NULL, 0},
	};

	*o = (struct options){.m = EXAMPLE_MACHINE_DEFAULTS(60000)};
	return example_parse_options(PROG, argc, argv, longopts, &o->m, NULL, NULL, usage);
}

/*
 * Echo until the host sends the shutdown message or leaves, or a signal: the callbacks run on the
 * bus's interrupt thread; this one re-checks every 100 ms. Return: the bus's status.
 */
static int serve(struct ping_remote *r, struct rpmsg_bus *bus)
{
	pthread_mutex_lock(&r->lock);
	while (!r->shutdown && !example_interrupted && !rpmsg_bus_status(bus)) {
		struct timespec slice = example_deadline(100);

		pthread_cond_timedwait(&r->cond, &r->lock, &slice);
	}
	pthread_mutex_unlock(&r->lock);
	return rpmsg_bus_status(bus);
}

int main(int argc, char **argv)
{
	struct ping_remote r = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct rpmsg_bus_config cfg;
	struct rpmsg_endpoint *ept;
	struct rpmsg_bus *bus;
	struct options o;
	int err, bus_status, status = 1;

	err = parse_options(argc, argv, &o);
	if (err)
		return err > 0 ? 0 : 2;
	example_start(&r.cond);

	example_machine_config(&cfg, &o.m, RPMSG_ROLE_REMOTE);
	printf("waiting for an OpenAMP host on %s (shm /dev/shm%s)\n", o.m.socket, o.m.shm);
	fflush(stdout);
	err = rpmsg_bus_open(&cfg, &bus);
	if (err == -ETIMEDOUT) {
		fprintf(stderr, PROG ": %s; start rpmsg-echo-ping 1 (OpenAMP's host) first\n",
			rpmsg_last_error());
		return 1;
	} else if (err) {
		fprintf(stderr, PROG ": cannot be an OpenAMP remote: %s\n", rpmsg_last_error());
		return 1;
	}
	err = rpmsg_create_ept(bus, OPENAMP_ECHO_CHANNEL, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, echo_rx,
			       &r, &ept);
	if (!err)
		err = rpmsg_announce(ept);
	if (err) {
		fprintf(stderr, PROG ": cannot announce %s: %s\n", OPENAMP_ECHO_CHANNEL,
			rpmsg_bus_status(bus) ? rpmsg_bus_error(bus) : strerror(-err));
		goto close;
	}
	printf("announced %s at address %u; echoing\n", OPENAMP_ECHO_CHANNEL, rpmsg_ept_addr(ept));
	fflush(stdout);

	bus_status = serve(&r, bus);
	pthread_mutex_lock(&r.lock);
	printf("echoed %llu messages (%llu bytes), %llu send errors\n",
	       (unsigned long long)r.echoed, (unsigned long long)r.echoed_bytes,
	       (unsigned long long)r.send_errors);
	if (r.send_errors)
		printf("first send error: %s\n", strerror(-r.first_send_error));
	if (r.shutdown) {
		printf("the host sent the shutdown message\n");
		status = r.send_errors ? 1 : 0;
	} else if (bus_status == -EPIPE) {
		/* OpenAMP's ping host just closes its doorbell when done: an orderly end */
		printf("the host went away (%s)\n", rpmsg_bus_error(bus));
		status = r.send_errors ? 1 : 0;
	} else if (bus_status) {
		fprintf(stderr, PROG ": the bus broke: %s\n", rpmsg_bus_error(bus));
	} else {
		fprintf(stderr, PROG ": interrupted\n");
	}
	pthread_mutex_unlock(&r.lock);
close:
	rpmsg_bus_close(bus);
	return status;
}
