// SPDX-License-Identifier: MIT
/*
 * The simulated firmware (remote role, what OpenAMP firmware does): attach to the bus, create
 * one endpoint per service, announce each by name service, and serve:
 * - rpmsg-echo: send every message back to its sender (from the receive callback);
 * - rpmsg-tty, rpmsg-sensor: after the host's start message, stream lines / samples;
 * - rpmsg-raw: check the host's blocks, and after the first one stream blocks back.
 * Streams run in one thread each; see sim-protocol.h for the bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "sim-protocol.h"
#include "sim-roles.h"
#include "sim-run.h"

struct firmware;

/**
 * struct fw_service - one service endpoint and its stream thread
 * @started: the host's first message arrived, so the endpoint knows where to send
 * @next_rx_seq: raw: sequence number expected next from the host
 */
struct fw_service {
	enum sim_service svc;
	struct firmware *fw;
	struct rpmsg_endpoint *ept;
	pthread_t thread;
	bool has_thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;
	uint32_t next_rx_seq;
};

struct firmware {
	const struct sim_options *opts;
	struct rpmsg_bus *bus;
	struct sim_stats stats;
	struct fw_service service[SIM_SERVICE_COUNT];
	atomic_bool stop;    /* streams end */
	atomic_bool closing; /* everything ends, echo included */
	size_t payload_max;
	uint64_t boot_ns;
	/* --fault: messages received on every service (the faults' clock), gone silent */
	atomic_uint_fast64_t rx_total;
	atomic_bool silent;
};

static struct sim_channel_stats *svc_stats(struct fw_service *s)
{
	return &s->fw->stats.ch[s->svc];
}

static void count_rx(struct fw_service *s, size_t len, uint32_t src)
{
	struct sim_channel_stats *ch = svc_stats(s);

	atomic_fetch_add(&ch->rx_msgs, 1);
	atomic_fetch_add(&ch->rx_bytes, len);
	atomic_store(&ch->remote_addr, src);
}

/* The host's first message tells the endpoint where to send: let the stream thread go. */
static void mark_started(struct fw_service *s)
{
	pthread_mutex_lock(&s->lock);
	s->started = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/*
 * silent-remote: the firmware hangs in this receive callback, as a firmware stuck in an
 * interrupt handler does: no message, returned buffer or doorbell comes from it any more (its
 * interrupt thread stays here), its streams stop. Only the process's end releases it, so the
 * main loop leaves the bus as a hung firmware leaves it (see firmware_run()).
 */
static void firmware_hang(struct firmware *fw)
{
	atomic_store(&fw->silent, true);
	atomic_store(&fw->stop, true);
	for (;;)
		pause(); /* every signal is blocked in this thread: pause() never returns */
}

/**
 * fault_on_receive() - what --fault does to a receive callback, before it handles a message
 * @s: the service
 * @ept: its endpoint
 * @data: the message (its buffer is kept when the returns have stalled)
 *
 * stall-returns keeps the buffer of every message after the first N (the host's TX buffers stay
 * with us), silent-remote hangs at message N + 1, slow-callback sleeps.
 * Return: true; it does not return once the firmware went silent.
 */
static bool fault_on_receive(struct fw_service *s, struct rpmsg_endpoint *ept, void *data)
{
	const struct sim_faults *f = &s->fw->opts->faults;
	uint64_t n;

	if (!f->mask)
		return true;
	n = atomic_fetch_add(&s->fw->rx_total, 1);
	if (sim_fault_on(f, SIM_FAULT_SILENT_REMOTE) && n >= f->arg[SIM_FAULT_SILENT_REMOTE])
		firmware_hang(s->fw);
	if (sim_fault_on(f, SIM_FAULT_STALL_RETURNS) && n >= f->arg[SIM_FAULT_STALL_RETURNS])
		rpmsg_hold_rx_buffer(ept, data); /* and never released */
	if (sim_fault_on(f, SIM_FAULT_SLOW_CALLBACK)) {
		uint64_t ms = f->arg[SIM_FAULT_SLOW_CALLBACK];
		struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
	}
	return true;
}

/*
 * destroy-in-flight, from rpmsg-echo's receive callback (the endpoint has no other user: echo
 * replies from here): at request N + 1, after 20 ms in which the host goes on sending, destroy
 * the endpoint (a name-service destroy goes out). The requests then in flight, this one
 * included, are not answered; later ones are dropped for want of a recipient.
 * Return: true when the endpoint is gone (the callback must not touch it).
 */
static bool destroy_in_flight(struct fw_service *s, struct rpmsg_endpoint *ept)
{
	const struct sim_faults *f = &s->fw->opts->faults;
	struct timespec pause = {0, 20000000};

	if (!sim_fault_on(f, SIM_FAULT_DESTROY_IN_FLIGHT))
		return false;
	if (s->ept != ept)
		return true;
	if (atomic_load(&svc_stats(s)->rx_msgs) < f->arg[SIM_FAULT_DESTROY_IN_FLIGHT])
		return false;
	while (nanosleep(&pause, &pause) && errno == EINTR)
		;
	s->ept = NULL;
	rpmsg_destroy_ept(ept);
	return true;
}

static bool send_failed(struct fw_service *s, int ret)
{
	if (ret == -ECANCELED || atomic_load(&s->fw->closing))
		return true;
	/* A dead or broken bus is reported once by the main loop; anything else is ours. */
	if (rpmsg_bus_status(s->fw->bus) == 0)
		sim_stats_error(&s->fw->stats, s->svc, "send failed: %s", strerror(-ret));
	return true;
}

static int echo_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct fw_service *s = priv;
	const struct sim_echo_hdr *hdr = data;
	int ret;

	fault_on_receive(s, ept, data);
	if (destroy_in_flight(s, ept))
		return 0;
	count_rx(s, len, src);
	if (len >= sizeof(*hdr)) {
		if (hdr->len != len)
			sim_stats_error(&s->fw->stats, s->svc,
					"request %" PRIu32 ": %zu bytes, header says %u", hdr->seq,
					len, hdr->len);
		else if (hdr->crc32 != sim_crc32(hdr + 1, len - sizeof(*hdr)))
			sim_stats_error(&s->fw->stats, s->svc, "request %" PRIu32 ": bad CRC",
					hdr->seq);
	}
	/* Echo whatever came, even if malformed: the host checks what it gets back. */
	ret = sim_send(ept, data, len, src, svc_stats(s), &s->fw->closing);
	if (ret)
		send_failed(s, ret);
	return 0;
}

static int start_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct fw_service *s = priv;

	fault_on_receive(s, ept, data);
	count_rx(s, len, src);
	if (len != strlen(SIM_START_MSG) || memcmp(data, SIM_START_MSG, len))
		sim_stats_error(&s->fw->stats, s->svc, "unexpected %zu-byte message from %" PRIu32,
				len, src);
	mark_started(s);
	return 0;
}

static int raw_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	struct fw_service *s = priv;
	const struct sim_raw_block *blk = data;

	fault_on_receive(s, ept, data);
	count_rx(s, len, src);
	if (len < sizeof(*blk)) {
		sim_stats_error(&s->fw->stats, s->svc, "%zu-byte block is shorter than its header",
				len);
	} else {
		if (blk->seq != s->next_rx_seq)
			sim_stats_error(&s->fw->stats, s->svc,
					"block %" PRIu32 " where %" PRIu32 " was expected",
					blk->seq, s->next_rx_seq);
		else if (blk->crc32 != sim_crc32(blk->data, len - sizeof(*blk)))
			sim_stats_error(&s->fw->stats, s->svc, "block %" PRIu32 ": bad CRC",
					blk->seq);
		s->next_rx_seq = blk->seq + 1;
	}
	mark_started(s);
	return 0;
}

static bool wait_started(struct fw_service *s)
{
	pthread_mutex_lock(&s->lock);
	while (!s->started && !atomic_load(&s->fw->stop))
		pthread_cond_wait(&s->cond, &s->lock);
	pthread_mutex_unlock(&s->lock);
	return !atomic_load(&s->fw->stop);
}

static bool more_to_send(const struct firmware *fw, uint64_t sent)
{
	return !fw->opts->messages || sent < fw->opts->messages;
}

static void *tty_stream(void *arg)
{
	struct fw_service *s = arg;
	struct firmware *fw = s->fw;
	struct sim_pacer pacer;
	char line[96];
	/*
	 * wrong-ns-name: no host driver binds the name, so no hello ever comes; like firmware
	 * built to send to a fixed host address, stream there anyway.
	 */
	bool unbound = sim_fault_on(&fw->opts->faults, SIM_FAULT_WRONG_NS_NAME);
	uint32_t dst = unbound ? SIM_FAULT_GUESSED_HOST_ADDR : RPMSG_ADDR_ANY;

	if (!unbound && !wait_started(s))
		return NULL;
	sim_pacer_init(&pacer, fw->opts->rate_hz[SIM_TTY]);
	for (uint64_t n = 0; more_to_send(fw, n) && sim_pacer_wait(&pacer, &fw->stop); n++) {
		double uptime = (double)(rpmsg_now_ns() - fw->boot_ns) / 1e9;
		int len = snprintf(line, sizeof(line), "tty: line %" PRIu64 " uptime %.3fs\n", n,
				   uptime);
		size_t size = (size_t)len < fw->payload_max ? (size_t)len : fw->payload_max;
		int ret = sim_send(s->ept, line, size, dst, svc_stats(s), &fw->stop);

		if (ret && send_failed(s, ret))
			break;
	}
	return NULL;
}

/* Smooth, deterministic motion so plots and decoders show something recognisable. */
static void sensor_sample(struct sim_sensor_sample *smp, uint32_t seq, uint64_t now_ns)
{
	int32_t phase = (int32_t)(seq % 200); /* a 200-sample triangle wave */
	int32_t tri = phase < 100 ? phase : 200 - phase;

	memset(smp, 0, sizeof(*smp));
	smp->seq = seq;
	smp->flags = SIM_SENSOR_F_VALID;
	smp->timestamp_ns = now_ns;
	smp->accel_mg[0] = (int16_t)(tri * 10 - 500);
	smp->accel_mg[1] = (int16_t)(500 - tri * 10);
	smp->accel_mg[2] = 1000;
	smp->gyro_mdps[0] = (int16_t)(tri * 100);
	smp->gyro_mdps[1] = (int16_t)(-tri * 100);
	smp->gyro_mdps[2] = (int16_t)(seq % 7);
	smp->temp_mdegc = 36500 + (int32_t)(seq % 1000);
}

static void *sensor_stream(void *arg)
{
	struct fw_service *s = arg;
	struct firmware *fw = s->fw;
	struct sim_pacer pacer;
	struct sim_sensor_sample smp;

	if (!wait_started(s))
		return NULL;
	sim_pacer_init(&pacer, fw->opts->rate_hz[SIM_SENSOR]);
	for (uint32_t seq = 0; more_to_send(fw, seq) && sim_pacer_wait(&pacer, &fw->stop); seq++) {
		int ret;

		sensor_sample(&smp, seq, rpmsg_now_ns());
		ret = sim_send(s->ept, &smp, sizeof(smp), RPMSG_ADDR_ANY, svc_stats(s), &fw->stop);
		if (ret && send_failed(s, ret))
			break;
	}
	return NULL;
}

/*
 * oversize: one message of --fault oversize=BYTES (default one byte more than a buffer holds),
 * sent once after the first block. The library refuses it (-EMSGSIZE) as the kernel's
 * rpmsg_send() does; the firmware says so on stderr and goes on, as firmware that ignores
 * the return code would.
 */
static void send_oversize(struct fw_service *s)
{
	struct firmware *fw = s->fw;
	uint64_t bytes = fw->opts->faults.arg[SIM_FAULT_OVERSIZE];
	size_t len = bytes ? (size_t)bytes : fw->payload_max + 1;
	uint8_t *msg = calloc(1, len);
	int ret;

	if (!msg)
		return;
	ret = rpmsg_trysendto(s->ept, msg, len, rpmsg_ept_dst(s->ept));
	fprintf(stderr, "rpmsg-sim remote: fault oversize: a %zu-byte message on %s: %s\n", len,
		sim_service_name(s->svc), ret ? strerror(-ret) : "sent");
	if (!ret) {
		atomic_fetch_add(&svc_stats(s)->tx_msgs, 1);
		atomic_fetch_add(&svc_stats(s)->tx_bytes, len);
	}
	free(msg);
}

static void *raw_stream(void *arg)
{
	struct fw_service *s = arg;
	struct firmware *fw = s->fw;
	struct sim_pacer pacer;
	size_t len = fw->payload_max < SIM_RAW_BLOCK_SIZE ? fw->payload_max : SIM_RAW_BLOCK_SIZE;
	uint8_t block[SIM_RAW_BLOCK_SIZE];
	struct sim_raw_block *blk = (struct sim_raw_block *)block;

	if (!wait_started(s))
		return NULL;
	sim_pacer_init(&pacer, fw->opts->rate_hz[SIM_RAW]);
	for (uint32_t seq = 0; more_to_send(fw, seq) && sim_pacer_wait(&pacer, &fw->stop); seq++) {
		int ret;

		blk->seq = seq;
		sim_fill_pattern(blk->data, len - sizeof(*blk), seq ^ 0x80000000u);
		blk->crc32 = sim_crc32(blk->data, len - sizeof(*blk));
		ret = sim_send(s->ept, block, len, RPMSG_ADDR_ANY, svc_stats(s), &fw->stop);
		if (ret && send_failed(s, ret))
			break;
		if (seq == 0 && sim_fault_on(&fw->opts->faults, SIM_FAULT_OVERSIZE))
			send_oversize(s);
	}
	return NULL;
}

static const struct {
	rpmsg_rx_cb_t rx;
	void *(*stream)(void *);
} services[SIM_SERVICE_COUNT] = {
	[SIM_ECHO] = {echo_rx, NULL},
	[SIM_TTY] = {start_rx, tty_stream},
	[SIM_SENSOR] = {start_rx, sensor_stream},
	[SIM_RAW] = {raw_rx, raw_stream},
};

/**
 * firmware_start_services() - create, start and announce every service endpoint.
 * Return: 0 or a negative errno after printing what failed.
 */
static int firmware_start_services(struct firmware *fw)
{
	int ret;

	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		struct fw_service *s = &fw->service[i];

		const char *name = sim_service_name(i);

		if (i == SIM_TTY && sim_fault_on(&fw->opts->faults, SIM_FAULT_WRONG_NS_NAME))
			name = fw->opts->faults.ns_name;
		ret = rpmsg_create_ept(fw->bus, name, RPMSG_ADDR_ANY, RPMSG_ADDR_ANY,
				       services[i].rx, s, &s->ept);
		if (ret) {
			fprintf(stderr, "rpmsg-sim remote: cannot create endpoint %s: %s\n", name,
				strerror(-ret));
			return ret;
		}
		atomic_store(&fw->stats.ch[i].local_addr, rpmsg_ept_addr(s->ept));
		if (services[i].stream) {
			ret = -pthread_create(&s->thread, NULL, services[i].stream, s);
			if (ret) {
				fprintf(stderr, "rpmsg-sim remote: cannot start %s: %s\n",
					sim_service_name(i), strerror(-ret));
				return ret;
			}
			s->has_thread = true;
		}
	}
	/* Announce only when every endpoint can answer, as firmware does after init. */
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		ret = rpmsg_announce(fw->service[i].ept);
		if (ret) {
			fprintf(stderr, "rpmsg-sim remote: cannot announce %s: %s\n",
				sim_service_name(i), strerror(-ret));
			return ret;
		}
	}
	/* ns-twice: the same name again with no destroy between (a restarted service). */
	if (sim_fault_on(&fw->opts->faults, SIM_FAULT_NS_TWICE)) {
		ret = rpmsg_announce(fw->service[SIM_ECHO].ept);
		if (ret) {
			fprintf(stderr, "rpmsg-sim remote: cannot announce %s again: %s\n",
				sim_service_name(SIM_ECHO), strerror(-ret));
			return ret;
		}
	}
	return 0;
}

static void firmware_stop_streams(struct firmware *fw)
{
	atomic_store(&fw->stop, true);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		struct fw_service *s = &fw->service[i];

		pthread_mutex_lock(&s->lock);
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		if (s->has_thread)
			pthread_join(s->thread, NULL);
		s->has_thread = false;
	}
}

/*
 * Attach @fw to the bus, waiting for a host until --duration ends or a signal in @sigs comes.
 * Return: -1 when attached, else the exit status (the reason printed; 0 when stopped by a signal).
 */
static int firmware_attach(struct firmware *fw, const sigset_t *sigs, uint64_t deadline_ns)
{
	const struct sim_options *opts = fw->opts;
	struct rpmsg_bus_config cfg;
	int ret, sig;

	sim_bus_config(opts, RPMSG_ROLE_REMOTE, &cfg);
	ret = sim_bus_open_waiting(&cfg, sigs, deadline_ns, &fw->bus, &sig);
	if (ret == -EINTR) {
		/* Asked to stop before any host came: nothing attached, nothing to clean. */
		if (!opts->quiet)
			fprintf(stderr,
				"rpmsg-sim remote: stopped by %s while waiting for a host "
				"on bus %s\n",
				sim_signal_name(sig), opts->bus);
		return 0;
	}
	if (ret == -ETIME) {
		fprintf(stderr,
			"rpmsg-sim remote: --duration %g s ended before a host appeared on "
			"bus %s\n",
			opts->duration_s, opts->bus);
		return 1;
	}
	if (ret) {
		const char *why = rpmsg_last_error();

		fprintf(stderr, "rpmsg-sim remote: cannot attach to bus %s: %s", opts->bus,
			why && *why ? why : strerror(-ret));
		if (ret == -ENOENT || ret == -ETIMEDOUT)
			fprintf(stderr, " (is 'rpmsg-sim host --bus %s' running?)", opts->bus);
		fputc('\n', stderr);
		return 1;
	}
	return -1;
}

/*
 * The attached firmware's main loop: status lines, --duration, signals (with --linger: stop
 * talking and wait for the host to close), the host leaving or breaking the bus.
 * Return: the exit status; how the run ended in @outcome.
 */
static int firmware_run(struct firmware *fw, const sigset_t *sigs, char *outcome, size_t size)
{
	const struct sim_options *opts = fw->opts;
	uint64_t next_status_ns, deadline_ns = 0, linger_deadline_ns = 0;

	/* --duration counts the time attached; waiting for the host is bounded by it too. */
	next_status_ns = rpmsg_now_ns() + (uint64_t)(opts->interval_s * 1e9);
	if (opts->duration_s > 0)
		deadline_ns = rpmsg_now_ns() + (uint64_t)(opts->duration_s * 1e9);
	for (;;) {
		int timeout_ms = linger_deadline_ns ? 100 : sim_ms_until(next_status_ns, 100);
		int sig = sim_wait(opts->poll_mode ? fw->bus : NULL, sigs, timeout_ms);
		int status = rpmsg_bus_status(fw->bus);
		uint64_t now = rpmsg_now_ns();

		/* silent-remote: the hung interrupt thread notices nothing; a signal ends us. */
		if (sig > 0 && atomic_load(&fw->silent)) {
			snprintf(outcome, size, "stopped by %s, silent since message %llu (fault)",
				 sim_signal_name(sig),
				 (unsigned long long)opts->faults.arg[SIM_FAULT_SILENT_REMOTE]);
			return 0;
		}
		if (sig > 0 && opts->linger && !linger_deadline_ns && !status) {
			/* Stop talking, stay attached: the host closes the link. */
			snprintf(outcome, size, "stopped by %s", sim_signal_name(sig));
			firmware_stop_streams(fw);
			linger_deadline_ns = now + 30000000000ull;
			continue;
		}
		if (sig > 0) {
			snprintf(outcome, size, "stopped by %s", sim_signal_name(sig));
			return 0;
		}
		if (status || sig < 0) {
			/* A board's guest powered off (QEMU closed the socket): the normal end. */
			if (status == -EPIPE && opts->vhost_user_path) {
				snprintf(outcome, size, "the guest is gone: %s",
					 rpmsg_bus_error(fw->bus));
				return 0;
			}
			if (status == -EPIPE && linger_deadline_ns) {
				strncat(outcome, "; the host closed the bus",
					size - strlen(outcome) - 1);
				return 0;
			}
			if (status == -EPIPE && opts->messages && sim_stats_complete(&fw->stats)) {
				snprintf(outcome, size, "complete; the host closed the bus");
				return 0;
			}
			snprintf(outcome, size, "%s: %s",
				 status == -EPIPE ? "the host is gone" : "the bus is broken",
				 rpmsg_bus_error(fw->bus));
			fprintf(stderr, "rpmsg-sim remote: %s\n", outcome);
			return 1;
		}
		if (linger_deadline_ns) {
			if (now < linger_deadline_ns)
				continue;
			strncat(outcome, "; the host did not close the bus",
				size - strlen(outcome) - 1);
			return 0;
		}
		sim_status_tick(&fw->stats, opts, now, &next_status_ns);
		if (deadline_ns && now >= deadline_ns) {
			snprintf(outcome, size, "duration reached");
			return 0;
		}
	}
}

int sim_remote_main(const struct sim_options *opts)
{
	struct firmware fw = {.opts = opts};
	struct rpmsg_bus_stats bus_stats;
	char outcome[192] = "stopped";
	uint64_t deadline_ns = 0;
	sigset_t sigs;
	int ret, rc = 0;

	sim_signals_block(&sigs);
	sim_stats_init(&fw.stats, "firmware", opts, false);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		fw.service[i].svc = i;
		fw.service[i].fw = &fw;
		pthread_mutex_init(&fw.service[i].lock, NULL);
		pthread_cond_init(&fw.service[i].cond, NULL);
	}
	atomic_init(&fw.stop, false);
	atomic_init(&fw.closing, false);
	atomic_init(&fw.rx_total, 0);
	atomic_init(&fw.silent, false);
	fw.boot_ns = rpmsg_now_ns();

	if (opts->duration_s > 0)
		deadline_ns = fw.boot_ns + (uint64_t)(opts->duration_s * 1e9);
	ret = firmware_attach(&fw, &sigs, deadline_ns);
	if (ret >= 0)
		return ret;
	fw.payload_max = rpmsg_bus_payload_max(fw.bus);
	rpmsg_bus_test_faults(fw.bus, sim_faults_bus(&opts->faults, RPMSG_ROLE_REMOTE));
	ret = firmware_start_services(&fw);
	if (ret) {
		rc = 1;
		snprintf(outcome, sizeof(outcome), "could not start its services");
		goto stop;
	}
	if (!opts->quiet && !opts->json && opts->vhost_user_path)
		printf("firmware: vhost-user device on %s (bus %s), announcing rpmsg-echo (%u), "
		       "rpmsg-tty (%u), rpmsg-sensor (%u), rpmsg-raw (%u) when the guest's "
		       "driver starts\n",
		       opts->vhost_user_path, opts->bus,
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_ECHO].local_addr),
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_TTY].local_addr),
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_SENSOR].local_addr),
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_RAW].local_addr));
	else if (!opts->quiet && !opts->json)
		printf("firmware: attached to bus %s, announced rpmsg-echo (%u), rpmsg-tty (%u), "
		       "rpmsg-sensor (%u), rpmsg-raw (%u)\n",
		       opts->bus, (unsigned int)atomic_load(&fw.stats.ch[SIM_ECHO].local_addr),
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_TTY].local_addr),
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_SENSOR].local_addr),
		       (unsigned int)atomic_load(&fw.stats.ch[SIM_RAW].local_addr));
	fflush(stdout);
	rc = firmware_run(&fw, &sigs, outcome, sizeof(outcome));

stop:
	atomic_store(&fw.closing, true);
	firmware_stop_streams(&fw);
	rpmsg_bus_get_stats(fw.bus, &bus_stats);
	if (sim_stats_errors(&fw.stats))
		rc = 1;
	sim_stats_print_summary(&fw.stats, &bus_stats, opts->json, outcome);
	/*
	 * A hung firmware is stopped, not shut down: its interrupt thread stays in the callback
	 * and the bus is left as it was (no destroys, no returns); the process's end frees it.
	 */
	if (atomic_load(&fw.silent))
		return rc;
	rpmsg_bus_close(fw.bus);
	for (int i = 0; i < SIM_SERVICE_COUNT; i++) {
		pthread_mutex_destroy(&fw.service[i].lock);
		pthread_cond_destroy(&fw.service[i].cond);
	}
	return rc;
}
