// SPDX-License-Identifier: MIT
/* Signals, the main loop's wait, pacing and counted sends shared by the rpmsg-sim roles. */
#include "sim-run.h"
#include "sim-options.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

/*
 * Blocking sends wait in slices so that a stop request (or a remove() joining the sender) is
 * honoured quickly. A wait longer than one slice shows in the library's counters and trace as
 * one tx_wait per slice (the first ones with outcome -ETIMEDOUT), and in ours as one TX wait.
 */
#define SIM_SEND_SLICE_MS 250

void sim_signals_restore_defaults(void)
{
	struct sigaction old;

	/*
	 * A shell starts background jobs with SIGINT ignored, and an ignored signal is discarded
	 * even while blocked: take SIGINT and SIGTERM back so sigtimedwait() sees them. A SIGHUP
	 * ignored on purpose (nohup) stays ignored.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		signal(SIGHUP, SIG_DFL);
}

void sim_signals_block(sigset_t *set)
{
	sim_signals_restore_defaults();
	/* A peer that vanished must surface as -EPIPE from a send, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

const char *sim_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "a signal";
	}
}

int sim_signal_pending(const sigset_t *set)
{
	struct timespec zero = {0, 0};
	int sig = sigtimedwait(set, NULL, &zero);

	return sig > 0 ? sig : 0;
}

int sim_wait(struct rpmsg_bus *bus, const sigset_t *set, int timeout_ms)
{
	uint64_t deadline = rpmsg_now_ns() + (uint64_t)timeout_ms * 1000000u;

	if (!bus) {
		struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
		int sig = sigtimedwait(set, NULL, &ts);

		return sig > 0 ? sig : 0;
	}
	/* Polling mode: this thread is the bus's "interrupt"; look for signals between polls. */
	for (;;) {
		uint64_t now = rpmsg_now_ns();
		int sig = sim_signal_pending(set);
		int ret;

		if (sig)
			return sig;
		if (now >= deadline)
			return 0;
		ret = rpmsg_bus_poll(
			bus,
			(int)((deadline - now) / 1000000u < 20 ? (deadline - now) / 1000000u : 20));
		if (ret < 0)
			return ret;
	}
}

/*
 * The library waits for its peer inside rpmsg_bus_open() with our stop signals blocked; a wait
 * of minutes (or "forever") must still end at Ctrl-C. Try in short slices and look between them.
 */
#define SIM_ATTACH_SLICE_MS 100

int sim_bus_open_waiting(const struct rpmsg_bus_config *cfg, const sigset_t *set,
			 uint64_t deadline_ns, struct rpmsg_bus **out, int *sig)
{
	struct rpmsg_bus_config slice = *cfg;
	uint64_t give_up_ns = rpmsg_now_ns() + (uint64_t)cfg->attach_timeout_ms * 1000000u;

	*sig = 0;
	if (deadline_ns && deadline_ns < give_up_ns)
		give_up_ns = deadline_ns;
	slice.attach_timeout_ms = SIM_ATTACH_SLICE_MS;
	for (;;) {
		int ret = rpmsg_bus_open(&slice, out);

		/* Only "no peer yet" is worth another slice; a bad table or a busy bus is final. */
		if (ret != -ENOENT && ret != -ETIMEDOUT)
			return ret;
		*sig = sim_signal_pending(set);
		if (*sig)
			return -EINTR;
		if (rpmsg_now_ns() >= give_up_ns)
			return deadline_ns && give_up_ns == deadline_ns ? -ETIME : ret;
	}
}

int sim_ms_until(uint64_t when_ns, int max_ms)
{
	uint64_t now = rpmsg_now_ns();
	uint64_t ms = when_ns > now ? (when_ns - now + 999999u) / 1000000u : 1;

	if (ms < 1)
		ms = 1;
	return ms > (uint64_t)max_ms ? max_ms : (int)ms;
}

uint64_t sim_next_tick(uint64_t tick_ns, double interval_s)
{
	uint64_t interval_ns = (uint64_t)(interval_s * 1e9);
	uint64_t now = rpmsg_now_ns();

	tick_ns += interval_ns;
	/* Fell behind (a stall, or a tiny interval): skip ahead instead of printing a burst. */
	return tick_ns > now ? tick_ns : now + interval_ns;
}

void sim_status_tick(const struct sim_stats *st, const struct sim_options *opts, uint64_t now,
		     uint64_t *next_status_ns)
{
	if (now < *next_status_ns)
		return;
	if (!opts->quiet)
		sim_stats_print_status(st, opts->json);
	*next_status_ns = sim_next_tick(*next_status_ns, opts->interval_s);
}

void sim_pacer_init(struct sim_pacer *p, double rate_hz)
{
	p->rate_hz = rate_hz;
	p->next_ns = rpmsg_now_ns();
}

bool sim_pacer_wait(struct sim_pacer *p, const atomic_bool *stop)
{
	if (atomic_load(stop))
		return false;
	if (p->rate_hz <= 0)
		return true;

	for (;;) {
		uint64_t now = rpmsg_now_ns();
		uint64_t slice;
		struct timespec ts;

		if (atomic_load(stop))
			return false;
		if (now >= p->next_ns)
			break;
		/* Sleep in slices of at most 100 ms so a stop request is seen quickly. */
		slice = p->next_ns - now < 100000000u ? p->next_ns - now : 100000000u;
		ts.tv_sec = (time_t)(slice / 1000000000u);
		ts.tv_nsec = (long)(slice % 1000000000u);
		nanosleep(&ts, NULL);
	}
	p->next_ns += (uint64_t)(1e9 / p->rate_hz);
	/* After a long stall, do not burst to catch up more than one second's worth. */
	if (rpmsg_now_ns() > p->next_ns + 1000000000u)
		p->next_ns = rpmsg_now_ns();
	return true;
}

int sim_send(struct rpmsg_endpoint *ept, const void *data, size_t len, uint32_t dst,
	     struct sim_channel_stats *ch, const atomic_bool *stop)
{
	int ret;

	if (dst == RPMSG_ADDR_ANY)
		dst = rpmsg_ept_dst(ept);
	ret = rpmsg_trysendto(ept, data, len, dst);
	if (ret == -ENOMEM) {
		/* No free TX buffer: wait for one, like the kernel's rpmsg_send() would. */
		atomic_fetch_add(&ch->tx_waits, 1);
		do {
			if (stop && atomic_load(stop))
				return -ECANCELED;
			ret = rpmsg_send_timeout(ept, data, len, dst, SIM_SEND_SLICE_MS);
		} while (ret == -ETIMEDOUT);
	}
	if (ret)
		return ret;
	atomic_fetch_add(&ch->tx_msgs, 1);
	atomic_fetch_add(&ch->tx_bytes, len);
	return 0;
}
