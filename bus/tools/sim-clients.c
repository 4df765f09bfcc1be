// SPDX-License-Identifier: MIT
/* Host-side client drivers: see sim-clients.h. */
#include "sim-clients.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim-protocol.h"
#include "sim-run.h"

/* Receive callbacks get no driver pointer of ours, so they find the host here. */
static struct sim_host *the_host;

static struct sim_client *client_of(enum sim_service svc)
{
	return &the_host->client[svc];
}

static struct sim_channel_stats *client_stats(struct sim_client *c)
{
	return &c->host->stats.ch[c->svc];
}

static void count_rx(struct sim_client *c, size_t len)
{
	atomic_fetch_add(&client_stats(c)->rx_msgs, 1);
	atomic_fetch_add(&client_stats(c)->rx_bytes, len);
}

static void client_error(struct sim_client *c, const char *what, uint32_t got)
{
	sim_stats_error(&c->host->stats, c->svc, "%s %" PRIu32 " where %" PRIu32 " was expected",
			what, got, c->next_rx_seq);
}

static int echo_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct sim_client *c = client_of(SIM_ECHO);
	const struct sim_echo_hdr *hdr = data;

	count_rx(c, len);
	if (len < sizeof(*hdr)) {
		sim_stats_error(&c->host->stats, c->svc,
				"%zu-byte reply is shorter than its header", len);
		return 0;
	}
	if (hdr->seq != c->next_rx_seq)
		client_error(c, "reply", hdr->seq);
	else if (hdr->len != len || len != sim_echo_len(hdr->seq, c->host->payload_max))
		sim_stats_error(&c->host->stats, c->svc,
				"reply %" PRIu32 ": %zu bytes, %zu were sent", hdr->seq, len,
				sim_echo_len(hdr->seq, c->host->payload_max));
	else if (hdr->crc32 != sim_crc32(hdr + 1, len - sizeof(*hdr)))
		sim_stats_error(&c->host->stats, c->svc, "reply %" PRIu32 ": bad CRC", hdr->seq);
	c->next_rx_seq = hdr->seq + 1;
	return 0;
}

static int tty_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct sim_client *c = client_of(SIM_TTY);
	char line[128];
	uint32_t n;

	count_rx(c, len);
	/* The payload is not NUL-terminated: copy before parsing. */
	snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) ? len : sizeof(line) - 1),
		 (const char *)data);
	if (sscanf(line, "tty: line %" SCNu32 " ", &n) != 1 || len == 0 || line[len - 1] != '\n') {
		sim_stats_error(&c->host->stats, c->svc, "malformed line \"%.40s\"", line);
		return 0;
	}
	if (n != c->next_rx_seq)
		client_error(c, "line", n);
	c->next_rx_seq = n + 1;
	return 0;
}

static int sensor_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct sim_client *c = client_of(SIM_SENSOR);
	struct sim_sensor_sample smp;

	count_rx(c, len);
	if (len != sizeof(smp)) {
		sim_stats_error(&c->host->stats, c->svc, "%zu-byte sample, expected %zu", len,
				sizeof(smp));
		return 0;
	}
	memcpy(&smp, data, sizeof(smp));
	if (smp.seq != c->next_rx_seq)
		sim_stats_error(&c->host->stats, c->svc,
				"sample %" PRIu32 " where %" PRIu32 " was expected (%" PRId64
				" missing)",
				smp.seq, c->next_rx_seq, (int64_t)smp.seq - c->next_rx_seq);
	c->next_rx_seq = smp.seq + 1;
	return 0;
}

static size_t raw_block_len(const struct sim_host *host)
{
	return host->payload_max < SIM_RAW_BLOCK_SIZE ? host->payload_max : SIM_RAW_BLOCK_SIZE;
}

static int raw_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct sim_client *c = client_of(SIM_RAW);
	const struct sim_raw_block *blk = data;

	count_rx(c, len);
	if (len != raw_block_len(c->host)) {
		sim_stats_error(&c->host->stats, c->svc, "%zu-byte block, expected %zu", len,
				raw_block_len(c->host));
		return 0;
	}
	if (blk->seq != c->next_rx_seq)
		client_error(c, "block", blk->seq);
	else if (blk->crc32 != sim_crc32(blk->data, len - sizeof(*blk)))
		sim_stats_error(&c->host->stats, c->svc, "block %" PRIu32 ": bad CRC", blk->seq);
	c->next_rx_seq = blk->seq + 1;
	return 0;
}

static bool more_to_send(const struct sim_client *c, uint64_t sent)
{
	return !c->host->opts->messages || sent < c->host->opts->messages;
}

/* Send @len bytes to the channel's peer. Return: true, or false after counting the failure. */
static bool client_send(struct sim_client *c, const void *data, size_t len)
{
	int ret = sim_send(c->ept, data, len, RPMSG_ADDR_ANY, client_stats(c), &c->stop);

	/* A dead or broken bus is reported once, by the main loop. */
	if (ret && ret != -ECANCELED && rpmsg_bus_status(c->host->bus) == 0)
		sim_stats_error(&c->host->stats, c->svc, "send failed: %s", strerror(-ret));
	return !ret;
}

static void *echo_sender(void *arg)
{
	struct sim_client *c = arg;
	struct sim_pacer pacer;
	uint8_t msg[RPMSG_DEFAULT_BUF_SIZE * 128];
	size_t max = c->host->payload_max < sizeof(msg) ? c->host->payload_max : sizeof(msg);

	sim_pacer_init(&pacer, c->host->opts->rate_hz[SIM_ECHO]);
	for (uint32_t seq = 0; more_to_send(c, seq) && sim_pacer_wait(&pacer, &c->stop); seq++) {
		if (!client_send(c, msg, sim_echo_fill(msg, seq, max)))
			break;
	}
	return NULL;
}

static void *raw_sender(void *arg)
{
	struct sim_client *c = arg;
	struct sim_pacer pacer;
	uint8_t block[SIM_RAW_BLOCK_SIZE];
	struct sim_raw_block *blk = (struct sim_raw_block *)block;
	size_t len = raw_block_len(c->host);

	sim_pacer_init(&pacer, c->host->opts->rate_hz[SIM_RAW]);
	for (uint32_t seq = 0; more_to_send(c, seq) && sim_pacer_wait(&pacer, &c->stop); seq++) {
		blk->seq = seq;
		sim_fill_pattern(blk->data, len - sizeof(*blk), seq);
		blk->crc32 = sim_crc32(blk->data, len - sizeof(*blk));
		if (!client_send(c, block, len))
			break;
	}
	return NULL;
}

/*
 * tty and sensor: say hello once, like the kernel's rpmsg_client_sample, so the firmware learns
 * our address. From a thread, not from probe: probe runs where received messages are processed,
 * and blocking there for a TX buffer can deadlock with a firmware that is itself blocked
 * sending to us (it waits for RX buffers only our receive path gives back).
 */
static void *start_sender(void *arg)
{
	struct sim_client *c = arg;
	client_send(c, SIM_START_MSG, strlen(SIM_START_MSG));
	return NULL;
}

static void *(*const client_sender[SIM_SERVICE_COUNT])(void *) = {
	[SIM_ECHO] = echo_sender,
	[SIM_TTY] = start_sender,
	[SIM_SENSOR] = start_sender,
	[SIM_RAW] = raw_sender,
};

static int client_probe(struct rpmsg_channel *ch)
{
	struct sim_client *c = rpmsg_channel_driver_priv(ch);
	struct sim_host *host = c->host;
	int ret = 0;

	pthread_mutex_lock(&c->lock);
	if (c->channel) {
		pthread_mutex_unlock(&c->lock);
		fprintf(stderr, "rpmsg-sim host: ignoring a second channel named %s\n",
			rpmsg_channel_name(ch));
		return -EBUSY;
	}
	c->channel = ch;
	c->ept = rpmsg_channel_ept(ch);
	c->next_rx_seq = 0;
	atomic_store(&c->stop, false);
	atomic_store(&client_stats(c)->local_addr, rpmsg_ept_addr(c->ept));
	atomic_store(&client_stats(c)->remote_addr, rpmsg_channel_remote_addr(ch));
	rpmsg_channel_set_drvdata(ch, c);
	if (!host->opts->quiet && !host->opts->json) {
		printf("host: channel %s bound: local address %u, remote address %u\n",
		       rpmsg_channel_name(ch), rpmsg_ept_addr(c->ept),
		       rpmsg_channel_remote_addr(ch));
		fflush(stdout);
	}

	ret = -pthread_create(&c->thread, NULL, client_sender[c->svc], c);
	c->has_thread = !ret;
	if (ret) {
		fprintf(stderr, "rpmsg-sim host: cannot start client %s: %s\n",
			rpmsg_channel_name(ch), strerror(-ret));
		c->channel = NULL;
		c->ept = NULL;
		pthread_mutex_unlock(&c->lock);
		return ret;
	}
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add(&host->bound, 1);
	return 0;
}

static void client_remove(struct rpmsg_channel *ch)
{
	struct sim_client *c = rpmsg_channel_drvdata(ch);
	bool has_thread;
	pthread_t thread;

	if (!c)
		return;
	/*
	 * Claim the unbind under the lock: our own unregister and the firmware's name-service
	 * DESTROY may both call remove() for the same channel at once.
	 */
	pthread_mutex_lock(&c->lock);
	if (c->channel != ch) {
		pthread_mutex_unlock(&c->lock);
		return;
	}
	atomic_store(&c->stop, true);
	has_thread = c->has_thread;
	thread = c->thread;
	c->has_thread = false;
	c->channel = NULL;
	pthread_mutex_unlock(&c->lock);
	/* The sender sees stop within one send slice (250 ms) and ends before the endpoint. */
	if (has_thread)
		pthread_join(thread, NULL);
	pthread_mutex_lock(&c->lock);
	c->ept = NULL;
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_sub(&c->host->bound, 1);
	if (!c->host->opts->quiet && !c->host->opts->json && !atomic_load(&c->host->closing)) {
		printf("host: channel %s removed by the firmware\n", sim_service_name(c->svc));
		fflush(stdout);
	}
}

static const rpmsg_rx_cb_t client_rx[SIM_SERVICE_COUNT] = {
	[SIM_ECHO] = echo_rx,
	[SIM_TTY] = tty_rx,
	[SIM_SENSOR] = sensor_rx,
	[SIM_RAW] = raw_rx,
};

int sim_clients_register(struct sim_host *host)
{
	int ret;

	the_host = host;
	atomic_init(&host->bound, 0);
	atomic_init(&host->closing, false);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		struct sim_client *c = &host->client[i];

		c->host = host;
		c->svc = i;
		pthread_mutex_init(&c->lock, NULL);
		c->channel = NULL;
		c->ept = NULL;
		c->has_thread = false;
		atomic_init(&c->stop, false);
		c->driver = (struct rpmsg_driver){
			.name = sim_service_name(i),
			.probe = client_probe,
			.remove = client_remove,
			.callback = client_rx[i],
			.priv = c,
		};
		ret = rpmsg_register_driver(host->bus, &c->driver);
		if (ret) {
			fprintf(stderr, "rpmsg-sim host: cannot register driver %s: %s\n",
				sim_service_name(i), strerror(-ret));
			while (i--)
				rpmsg_unregister_driver(host->bus, &host->client[i].driver);
			return ret;
		}
	}
	return 0;
}

void sim_clients_unregister(struct sim_host *host)
{
	atomic_store(&host->closing, true);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		struct sim_client *c = &host->client[i];

		/* Stop the sender first, so it is not blocked in a send while we unbind. */
		atomic_store(&c->stop, true);
		rpmsg_unregister_driver(host->bus, &c->driver);
	}
}
