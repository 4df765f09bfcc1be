// SPDX-License-Identifier: MIT
/*
 * openamp-echo-host: the Linux host for OpenAMP's echo demo, on librpmsgbus's public API.
 *
 * OpenAMP's remote `rpmsg-echo` (openamp-system-reference, examples/legacy_apps/examples/echo)
 * runs as a Linux process: it creates /dev/shm/openamp.shm, writes its resource table there,
 * listens on /tmp/openamp.event.0 and, once a host has started the device, announces the channel
 * rpmsg-openamp-demo-channel and sends every message back. This program is that host: it adopts
 * the remote's table (RPMSG_LAYOUT_FIRMWARE_OWNED), binds the channel by name as a Linux client
 * driver would, sends N messages of varied sizes, checks that each echo comes back byte for byte
 * and in order, then sends OpenAMP's shutdown message so the remote exits. Exit status 0 only if
 * every echo came back intact.
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

#define PROG "openamp-echo-host"
/* Message numbers stay below OpenAMP's shutdown word, which shares the first 32 bits. */
#define MESSAGES_MAX 100000000ul
#define WINDOW_MAX   128ul /* well inside the 256 buffers each direction has */
#define MIN_SIZE     4	   /* the message number */

struct echo_host {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct rpmsg_channel *channel; /* set by the driver's probe */
	bool channel_gone;
	unsigned int received; /* echoes seen (good or bad), in arrival order */
	unsigned int errors;
	uint64_t rx_bytes;
	char first_error[160];
	size_t payload_max;
	uint8_t *expect; /* scratch for the expected echo (interrupt thread only) */
};

/* Message @seq: its number, then a pattern that differs per message and per byte. */
static size_t message_size(unsigned int seq, size_t payload_max)
{
	return MIN_SIZE + ((size_t)seq * 37) % (payload_max - MIN_SIZE + 1);
}

static void message_fill(uint8_t *buf, unsigned int seq, size_t len)
{
	uint32_t le = seq; /* librpmsgbus runs on little-endian hosts only, as virtio here */

	memcpy(buf, &le, sizeof(le));
	for (size_t k = MIN_SIZE; k < len; k++)
		buf[k] = (uint8_t)(seq * 31 + k * 7 + 1);
}

/* Record an error (the first one's text is kept for the summary). Called with the lock held. */
static void echo_error(struct echo_host *h, const char *fmt, unsigned int a, size_t b, size_t c)
{
	if (!h->errors++)
		snprintf(h->first_error, sizeof(h->first_error), fmt, a, b, c);
}

/* The channel's receive callback: echo number h->received must be message h->received. */
static int echo_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct echo_host *h = rpmsg_channel_driver_priv(priv);
	size_t want;

	(void)ept;
	(void)src;
	pthread_mutex_lock(&h->lock);
	want = message_size(h->received, h->payload_max);
	message_fill(h->expect, h->received, want);
	if (len != want) {
		echo_error(h, "echo %u: %zu bytes, sent %zu", h->received, len, want);
	} else if (memcmp(data, h->expect, len)) {
		size_t k = 0;

		while (((const uint8_t *)data)[k] == h->expect[k])
			k++;
		echo_error(h, "echo %u: byte %zu differs (0x%02zx)", h->received, k,
			   ((const uint8_t *)data)[k]);
	}
	h->received++;
	h->rx_bytes += len;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return 0;
}

/* The echo channel came (@gone false) or went: wake the main thread, which waits for either. */
static void channel_changed(struct rpmsg_channel *ch, bool gone)
{
	struct echo_host *h = rpmsg_channel_driver_priv(ch);

	pthread_mutex_lock(&h->lock);
	if (gone)
		h->channel_gone = true;
	else
		h->channel = ch;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

static int echo_probe(struct rpmsg_channel *ch)
{
	channel_changed(ch, false);
	return 0;
}

static void echo_remove(struct rpmsg_channel *ch)
{
	channel_changed(ch, true);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [OPTION]...\n"
		"The Linux host for OpenAMP's echo demo: attach to a running OpenAMP remote\n"
		"(rpmsg-echo of openamp-system-reference's legacy Linux apps), send messages of\n"
		"varied sizes on " OPENAMP_ECHO_CHANNEL ", check every echo byte for byte and\n"
		"in order, then send OpenAMP's shutdown message. Exit 0 only if all came back.\n"
		"\n"
		"  --messages N   messages to send (default 1000)\n"
		"  --window W     messages in flight at once, 1 to %lu (default 1: send, wait for\n"
		"                 the echo, as OpenAMP's own ping does)\n"
		"  --shm NAME     the remote's shm object (default " OPENAMP_SHM_NAME ", i.e.\n"
		"                 /dev/shm/openamp.shm)\n"
		"  --socket PATH  the remote's doorbell socket (default " OPENAMP_SOCKET_PATH ")\n"
		"  --timeout MS   wait this long for the remote, its channel and each echo\n"
		"                 (default 5000)\n"
		"  --keep-remote  do not send the shutdown message (the remote keeps running)\n"
		"  --bus NAME     librpmsgbus's name for the bus in probes and traces\n"
		"                 (default openamp)\n"
		"  -h, --help     this text\n"
		"\n"
		"Examples:\n"
		"  rpmsg-echo &            # OpenAMP's remote, from openamp-system-reference\n"
		"  " PROG " --messages 100000\n"
		"Building and running OpenAMP: docs/openamp.md "
		"(share/doc/rpmsg-scope/openamp.md).\n",
		WINDOW_MAX);
}

enum { OPT_MESSAGES = EXAMPLE_OPT_OWN, OPT_WINDOW, OPT_KEEP };

struct options {
	struct example_machine m;
	unsigned int messages, window;
	bool keep_remote;
};

/* This program's own options (example_parse_options() takes the shared ones). */
static int parse_own_option(int c, const char *arg, void *ctx)
{
	struct options *o = ctx;

	switch (c) {
	case OPT_MESSAGES:
		return example_parse_uint(PROG, "--messages", arg, 1, MESSAGES_MAX, &o->messages);
	case OPT_WINDOW:
		return example_parse_uint(PROG, "--window", arg, 1, WINDOW_MAX, &o->window);
	case OPT_KEEP:
		o->keep_remote = true;
		return 0;
	}
	return -EINVAL; /* not in the table */
}

/* Return: 0 to run, 1 after --help, -EINVAL after printing the problem. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"messages", required_argument, NULL, OPT_MESSAGES},
		{"window", required_argument, NULL, OPT_WINDOW},
		EXAMPLE_MACHINE_LONGOPTS,
		{"keep-remote", no_argument, NULL, OPT_KEEP},
		{NULL, 0, NULL, 0},
	};

	*o = (struct options){.m = EXAMPLE_MACHINE_DEFAULTS(5000), .messages = 1000, .window = 1};
	return example_parse_options(PROG, argc, argv, longopts, &o->m, parse_own_option, o, usage);
}

/*
 * rpmsg_bus_open() failed with @err: say what is missing, in the user's terms. OpenAMP's remote
 * leaves its shm and socket file behind when it exits, so an existing shm does not mean a remote
 * is there: the doorbell connection (the library's first step) is what says so.
 */
static void report_no_remote(const struct options *o, int err)
{
	char dev_path[256];

	snprintf(dev_path, sizeof(dev_path), "/dev/shm%s", o->m.shm);
	if (access(dev_path, F_OK))
		fprintf(stderr, PROG ": no OpenAMP remote: %s not found; start rpmsg-echo first\n",
			dev_path);
	else if (err == -ETIMEDOUT || err == -ENOENT || err == -ECONNREFUSED)
		fprintf(stderr, PROG ": no OpenAMP remote: %s; start rpmsg-echo first\n",
			rpmsg_last_error());
	else
		fprintf(stderr, PROG ": cannot attach to the OpenAMP remote: %s\n",
			rpmsg_last_error());
}

/* Wait until @done(h) holds, the bus fails, a signal arrives or @ms pass. Lock held. */
static int wait_until(struct echo_host *h, struct rpmsg_bus *bus, unsigned int ms,
		      bool (*done)(const struct echo_host *h, unsigned int arg), unsigned int arg)
{
	struct timespec deadline = example_deadline(ms);

	while (!done(h, arg)) {
		if (example_interrupted)
			return -EINTR;
		if (rpmsg_bus_status(bus))
			return rpmsg_bus_status(bus);
		if (h->channel_gone)
			return -ENOLINK;
		if (example_deadline_passed(&deadline))
			return -ETIMEDOUT;
		example_cond_wait_slice(&h->cond, &h->lock, &deadline);
	}
	return 0;
}

static bool have_channel(const struct echo_host *h, unsigned int arg)
{
	(void)arg;
	return h->channel;
}

/* At least @arg echoes are in. */
static bool echoes_at_least(const struct echo_host *h, unsigned int arg)
{
	return h->received >= arg;
}

/* Say why a wait or a send ended early: one line naming what was being waited for. */
static void report_stop(struct rpmsg_bus *bus, int err, const char *what, unsigned int ms)
{
	if (err == -ETIMEDOUT)
		fprintf(stderr, PROG ": %s: nothing within %u ms\n", what, ms);
	else if (err == -EINTR)
		fprintf(stderr, PROG ": %s: interrupted\n", what);
	else if (err == -ENOLINK)
		fprintf(stderr, PROG ": %s: the remote destroyed " OPENAMP_ECHO_CHANNEL "\n", what);
	else if (rpmsg_bus_status(bus))
		fprintf(stderr, PROG ": %s: %s\n", what, rpmsg_bus_error(bus));
	else
		fprintf(stderr, PROG ": %s: %s\n", what, strerror(-err));
}

/* Send every message, at most o->window unanswered; then wait for the last echoes. */
static int run_echoes(struct echo_host *h, struct rpmsg_bus *bus, const struct options *o,
		      unsigned int *sent, uint64_t *tx_bytes)
{
	struct rpmsg_endpoint *ept = rpmsg_channel_ept(h->channel);
	uint8_t *buf = malloc(h->payload_max);
	char what[64];
	int err = 0;

	if (!buf) {
		fprintf(stderr, PROG ": out of memory\n");
		return -ENOMEM;
	}
	for (unsigned int seq = 0; seq < o->messages && !err; seq++) {
		size_t len = message_size(seq, h->payload_max);

		if (seq >= o->window) {
			snprintf(what, sizeof(what), "waiting for echo %u", seq - o->window);
			pthread_mutex_lock(&h->lock);
			err = wait_until(h, bus, o->m.timeout_ms, echoes_at_least,
					 seq - o->window + 1);
			pthread_mutex_unlock(&h->lock);
			if (err)
				break;
		}
		message_fill(buf, seq, len);
		snprintf(what, sizeof(what), "sending message %u", seq);
		err = rpmsg_send(ept, buf, len);
		if (!err) {
			(*sent)++;
			*tx_bytes += len;
		}
	}
	if (!err) {
		snprintf(what, sizeof(what), "waiting for echo %u", o->messages - 1);
		pthread_mutex_lock(&h->lock);
		err = wait_until(h, bus, o->m.timeout_ms, echoes_at_least, o->messages);
		pthread_mutex_unlock(&h->lock);
	}
	if (err)
		report_stop(bus, err, what, o->m.timeout_ms);
	free(buf);
	return err;
}

int main(int argc, char **argv)
{
	struct echo_host h = {.lock = PTHREAD_MUTEX_INITIALIZER};
	struct rpmsg_driver drv = {
		.name = OPENAMP_ECHO_CHANNEL,
		.probe = echo_probe,
		.remove = echo_remove,
		.callback = echo_rx,
		.priv = &h,
	};
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	struct options o;
	uint64_t tx_bytes = 0;
	unsigned int sent = 0, received;
	int err, status = 1;

	err = parse_options(argc, argv, &o);
	if (err)
		return err > 0 ? 0 : 2;
	example_start(&h.cond);

	example_machine_config(&cfg, &o.m, RPMSG_ROLE_HOST);
	err = rpmsg_bus_open(&cfg, &bus);
	if (err) {
		report_no_remote(&o, err);
		return 1;
	}
	h.payload_max = rpmsg_bus_payload_max(bus);
	h.expect = malloc(h.payload_max);
	if (!h.expect || rpmsg_register_driver(bus, &drv)) {
		fprintf(stderr, PROG ": out of memory\n");
		goto close;
	}

	pthread_mutex_lock(&h.lock);
	err = wait_until(&h, bus, o.m.timeout_ms, have_channel, 0);
	pthread_mutex_unlock(&h.lock);
	if (err) {
		report_stop(bus, err, "waiting for the remote to announce " OPENAMP_ECHO_CHANNEL,
			    o.m.timeout_ms);
		goto unregister;
	}
	printf("channel %s: local address %u, remote address %u\n", OPENAMP_ECHO_CHANNEL,
	       rpmsg_ept_addr(rpmsg_channel_ept(h.channel)), rpmsg_channel_remote_addr(h.channel));
	fflush(stdout); /* a script may wait for this line while we run */

	err = run_echoes(&h, bus, &o, &sent, &tx_bytes);
	if (!err && !o.keep_remote) {
		uint32_t shutdown = OPENAMP_SHUTDOWN_MSG;

		/* the remote exits on it; a remote already gone changes nothing we measured */
		rpmsg_send(rpmsg_channel_ept(h.channel), &shutdown, sizeof(shutdown));
	}

	pthread_mutex_lock(&h.lock);
	received = h.received; /* the interrupt thread may still be delivering: read under lock */
	printf("sent %u messages (%llu bytes), received %u echoes (%llu bytes), %u errors\n", sent,
	       (unsigned long long)tx_bytes, received, (unsigned long long)h.rx_bytes, h.errors);
	if (h.errors)
		printf("first error: %s\n", h.first_error);
	status = !err && received == o.messages && !h.errors ? 0 : 1;
	pthread_mutex_unlock(&h.lock);
unregister:
	rpmsg_unregister_driver(bus, &drv);
close:
	rpmsg_bus_close(bus);
	free(h.expect);
	return status;
}
