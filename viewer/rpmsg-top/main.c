// SPDX-License-Identifier: MIT
/*
 * rpmsg-top: live monitor of rpmsg channels and vrings.
 *
 * main() wires the parts together: options -> source (-> collector) -> table model -> screen
 * or batch printer; with --demo it also runs the simulated workload. The loop is driven by
 * getch() timeouts (htop style), never by signals: keys are handled as they come, the source
 * is polled between them, and every interval the collector closes an interval (tick) and the
 * screen is redrawn.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/decoders.h>

#include "app.h"
#include "batch.h"
#include "decode_hook.h"
#include "findings.h"
#include "keys.h"
#include "screen.h"

/* Longest wait between two source polls: keeps BPF's ring buffer drained and keys snappy. */
#define POLL_MS 100

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	stop_requested = sig;
}

void app_take_totals(struct top_app *app)
{
	uint64_t waits;

	rpmsg_collector_get_totals(app->collector, &app->totals);
	waits = app->totals.dir[RPMSG_COLLECTOR_TX].tx_waits +
		app->totals.dir[RPMSG_COLLECTOR_RX].tx_waits;
	app->tx_waits_interval = waits - app->tx_waits_total;
	app->tx_waits_total = waits;
}

/*
 * explain_empty() - say why the table is (still) empty when no event could say it: a --bus that
 * does not exist, or, with --kernel, no device of the watched virtio type. The reason is the
 * status (app->empty_reason): drawn in place of the empty table (screen), printed as "status:"
 * in every batch frame while the table is empty, and once to stderr (batch); a bus asked for
 * that never appears ends batch mode with status 1 (run_batch()).
 */
static void explain_empty(struct top_app *app)
{
	const struct top_options *o = app->opts;
	char why[sizeof(app->empty_reason)] = "";

	/* a recording says itself what it holds; the demo's bus appears when it starts */
	if (o->replay || o->live_url || app->demo)
		return;
	if (o->kmsg) {
		/* the kernel-log source's note is set only while it has seen no rpmsg line */
		snprintf(why, sizeof(why), "%s", app->source->note);
	} else if (o->kernel) {
		if (!rpmsg_source_kernel_devices(o->virtio_device, why, sizeof(why)))
			snprintf(why + strlen(why), sizeof(why) - strlen(why), "; %s",
				 app->source->note);
	} else {
		for (int i = 0; i < o->bus_count; i++) {
			if (!rpmsg_source_bus_absent(o->buses[i], why, sizeof(why)))
				app->bus_seen[i] = true;
			else
				break;
		}
	}
	if (!why[0]) {
		app->empty_reason[0] = '\0'; /* it appeared */
		return;
	}
	snprintf(app->empty_reason, sizeof(app->empty_reason), "%s", why);
	if (o->batch && !app->empty_said)
		fprintf(stderr, "rpmsg-top: %s\n", why);
	app->empty_said = true;
}

/* A --bus never existed while we ran (batch: the command could not do its job). */
static bool bus_never_seen(const struct top_app *app)
{
	const struct top_options *o = app->opts;

	if (o->replay || o->live_url || o->kmsg || o->kernel || app->demo)
		return false;
	for (int i = 0; i < o->bus_count; i++)
		if (!app->bus_seen[i])
			return true;
	return false;
}

void app_refresh(struct top_app *app)
{
	struct rpmsg_source *s = app->source;
	uint64_t now;

	if (s->ops->sync)
		s->ops->sync(s, app->collector);
	now = s->ops->now_ns(s);
	/* -EINVAL: no time passed on the source's clock (a replay not started): nothing to close */
	rpmsg_collector_tick(app->collector, now);
	app_take_totals(app);
	explain_empty(app);
	if (top_table_refresh(&app->table, app->collector))
		snprintf(app->message, sizeof(app->message), "out of memory: table not refreshed");
	top_findings_refresh(app);
	app->refreshes++;
}

static uint64_t interval_ns(const struct top_app *app)
{
	return (uint64_t)(app->interval_s * 1e9);
}

/* What the sources take from rpmsg-top's command line (they know nothing of its options). */
static struct rpmsg_source_config source_config(const struct top_options *o)
{
	return (struct rpmsg_source_config){
		.buses = o->buses,
		.bus_count = o->bus_count,
		.verbose = o->verbose,
		.virtio_device = o->virtio_device,
		.capture = o->capture,
		.speed = o->speed,
	};
}

static int open_source(struct top_options *o, struct rpmsg_source **out, char *note, size_t size)
{
	struct rpmsg_source_config sc = source_config(o);
	char err[256] = "";
	int ret;

	if (o->replay)
		ret = rpmsg_source_trace_open(&sc, o->replay, false, out, err, sizeof(err));
	else if (o->live_url)
		ret = rpmsg_source_trace_open(&sc, o->live_url, true, out, err, sizeof(err));
	else if (o->kmsg)
		ret = rpmsg_source_kmsg_open(&sc, o->kmsg, out, err, sizeof(err));
	else if (o->kernel)
		ret = rpmsg_source_bpf_open(&sc, true, out, err, sizeof(err));
	else if (o->introspect)
		ret = rpmsg_source_introspect_open(&sc, out, err, sizeof(err));
	else {
		ret = -ENOTSUP;
#ifdef RPMSG_TOP_WITH_BPF
		if (geteuid() == 0) {
			/* attaching every probe site takes seconds: say why the screen is not there
			 * yet */
			if (!o->batch)
				fprintf(stderr, "rpmsg-top: attaching to the bus's probes...\n");
			ret = rpmsg_source_bpf_open(&sc, false, out, err, sizeof(err));
		} else
			snprintf(err, sizeof(err), "not root");
#else
		snprintf(err, sizeof(err), "built without BPF");
#endif
		if (ret) {
			/* BPF is the default only where it works: say why, and carry on without it
			 */
			snprintf(note, size, "BPF unavailable (%.120s)", err);
			ret = rpmsg_source_introspect_open(&sc, out, err, sizeof(err));
		}
	}
	if (ret)
		fprintf(stderr, "rpmsg-top: %s\n", err);
	return ret;
}

/*
 * A source that stopped after it opened (a trace found corrupt half way): its reason on stderr,
 * after what was printed so far. Never a partial result shown as a whole: the caller exits 1.
 */
static bool source_failed(const struct rpmsg_source *s)
{
	if (!s->failure[0])
		return false;
	fflush(stdout);
	fprintf(stderr, "rpmsg-top: %s\n", s->failure);
	return true;
}

/* Batch mode: print every interval; stop after -n refreshes, at the end of a recording, or
 * when the demo ends (after draining what it left in the source). */
static int run_batch(struct top_app *app)
{
	const struct top_options *o = app->opts;
	struct rpmsg_source *s = app->source;
	uint64_t deadline = rpmsg_now_ns() + interval_ns(app);
	uint64_t virtual_next = 0;
	int ret = 0;

	while (!stop_requested) {
		bool last = false;

		if (s->fast) {
			/* replay as fast as possible: each interval is one interval of trace time
			 */
			if (!virtual_next)
				virtual_next = s->ops->now_ns(s) + interval_ns(app);
			s->ops->advance(s, app->collector, virtual_next);
			if (source_failed(s))
				return 1;
			rpmsg_collector_tick(app->collector, virtual_next);
			app_take_totals(app);
			top_table_refresh(&app->table, app->collector);
			top_findings_refresh(app);
			app->refreshes++;
			virtual_next += interval_ns(app);
			last = s->ended;
		} else {
			uint64_t now = rpmsg_now_ns();

			if (now < deadline) {
				uint64_t wait_ms = (deadline - now) / 1000000 + 1;

				s->ops->poll(s, app->collector,
					     (int)(wait_ms < POLL_MS ? wait_ms : POLL_MS));
				if (source_failed(s))
					return 1;
				if (app->demo && !top_demo_poll(app->demo)) {
					/* the demo is over: collect what is still in flight, then
					 * report */
					for (int i = 0; i < 5; i++)
						s->ops->poll(s, app->collector, POLL_MS);
					last = true;
				} else if (!s->ended) {
					continue;
				}
			}
			app_refresh(app);
			deadline += interval_ns(app);
			if (s->ended)
				last = true;
		}
		if (batch_print(app, stdout)) {
			fprintf(stderr, "rpmsg-top: cannot write the output\n");
			return 1;
		}
		if (last || (o->iterations && (long)app->refreshes >= o->iterations))
			break;
	}
	/* its reason is on stderr already (explain_empty()): only the status says it again */
	if (bus_never_seen(app))
		ret = 1;
	if (app->demo && !app->demo->running && !WIFEXITED(app->demo->status)) {
		fprintf(stderr, "rpmsg-top: the demo did not end cleanly; its log: %s\n",
			app->demo->log);
		ret = 1;
	}
	return ret;
}

static int run_screen(struct top_app *app)
{
	struct rpmsg_source *s = app->source;
	uint64_t next = rpmsg_now_ns();
	bool demo_was_running = app->demo != NULL;

	if (screen_init(app)) {
		fprintf(stderr, "rpmsg-top: cannot initialise the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "unset");
		return 1;
	}
	if (s->fast) {
		/* a whole recording at once: the screen shows its final numbers */
		s->ops->advance(s, app->collector, UINT64_MAX);
		if (s->failure[0]) {
			screen_end();
			return source_failed(s);
		}
		next = UINT64_MAX;
		/* one interval spanning the recording: its rates are the recording's averages */
		rpmsg_collector_get_totals(app->collector, &app->totals);
		rpmsg_collector_tick(app->collector, app->totals.last_ns + 1);
		app_take_totals(app);
		top_table_refresh(&app->table, app->collector);
		top_findings_refresh(app);
		app->refreshes++;
	} else {
		app_refresh(app);
	}
	screen_draw(app);
	while (!app->quit && !stop_requested) {
		uint64_t now = rpmsg_now_ns();
		int wait_ms = next > now ? (int)((next - now) / 1000000) + 1 : 0;
		int ch = screen_getch(wait_ms < POLL_MS ? wait_ms : POLL_MS);
		bool redraw = top_keys_handle(app, ch, screen_table_rows(app));

		if (app->quit)
			break;
		/* everything that is due goes into the collector, paused or not */
		s->ops->poll(s, app->collector, 0);
		if (s->failure[0]) {
			screen_end();
			return source_failed(s);
		}
		if (demo_was_running && !top_demo_poll(app->demo)) {
			demo_was_running = false;
			redraw = true;
		}
		now = rpmsg_now_ns();
		if (now >= next && !app->paused) {
			app_refresh(app);
			next = now + interval_ns(app);
			redraw = true;
		} else if (now >= next) {
			next = now + interval_ns(app);
		}
		if (redraw)
			screen_draw(app);
	}
	screen_end();
	return 0;
}

int main(int argc, char **argv)
{
	struct top_options opts;
	struct top_app app;
	struct top_demo demo;
	struct rpmsg_collector_options co;
	struct rpmsg_decoder_registry *registry = NULL;
	struct decode_hook *hook = NULL;
	char note[200] = "", err[512];
	char demo_bus[32];
	int ret = 1;

	setlocale(LC_ALL, "");
	if (top_options_parse(argc, argv, &opts))
		return 2;
	if (opts.help) /* the parser printed the usage */
		return 0;
	if (!opts.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "rpmsg-top: not a terminal; use -b for batch output\n");
		return 2;
	}
	memset(&app, 0, sizeof(app));
	app.opts = &opts;
	app.interval_s = opts.interval_s;
	/* the selected channel's pane (rates, sizes, messages) is open from the start; Enter hides
	 * it */
	app.detail = true;
	app.started_ns = rpmsg_now_ns();
	app.clock_style = opts.clock_seconds ? RPMSG_CLOCK_SECONDS
			  : opts.clock_gmt   ? RPMSG_CLOCK_GMT
					     : RPMSG_CLOCK_LOCAL;
	top_table_init(&app.table, opts.sort, opts.descending);

	signal(SIGINT, on_stop_signal);
	signal(SIGTERM, on_stop_signal);
	signal(SIGHUP, on_stop_signal);
	signal(SIGPIPE, SIG_IGN);

	if (opts.demo && !opts.bus_count) {
		/* the demo's bus is named before it exists, so the source watches exactly that one
		 */
		snprintf(demo_bus, sizeof(demo_bus), "top%d", (int)getpid());
		opts.buses[0] = demo_bus;
		opts.bus_count = 1;
	}

	rpmsg_collector_options_init(&co);
	co.history_len = 60;
	registry = rpmsg_decoders_create();
	if (!registry || rpmsg_collector_create(&co, &app.collector)) {
		fprintf(stderr, "rpmsg-top: out of memory\n");
		goto out;
	}
	if (opts.decoders_file &&
	    rpmsg_decoders_load_file(registry, opts.decoders_file, err, sizeof(err))) {
		fprintf(stderr, "rpmsg-top: %s\n", err);
		goto out;
	}
	hook = decode_hook_create(registry);
	if (!hook) {
		fprintf(stderr, "rpmsg-top: out of memory\n");
		goto out;
	}
	decode_hook_install(hook, app.collector);

	/* the source first, so that BPF is attached before the demo sends its first message */
	if (open_source(&opts, &app.source, note, sizeof(note)))
		goto out;
	if (note[0])
		snprintf(app.source->fallback, sizeof(app.source->fallback), "%s", note);
	app.clock = app.source->clock;
	/* the rules watch every event from the first one */
	if (top_findings_attach(&app)) {
		fprintf(stderr, "rpmsg-top: out of memory\n");
		goto out;
	}
	if (opts.demo) {
		if (top_demo_start(&opts, &demo, err, sizeof(err))) {
			fprintf(stderr, "rpmsg-top: %s\n", err);
			goto out;
		}
		app.demo = &demo;
	}
	ret = opts.batch ? run_batch(&app) : run_screen(&app);
out:
	if (app.source && app.source->slow_close && !opts.batch)
		fprintf(stderr, "rpmsg-top: detaching from the probes...\n");
	if (app.demo) {
		bool clean = top_demo_stop(app.demo);

		if (clean && app.demo->log_is_temporary)
			unlink(app.demo->log);
		else if (!clean)
			fprintf(stderr, "rpmsg-top: the demo %s; its log is %s\n",
				top_demo_describe(app.demo, err, sizeof(err)), app.demo->log);
	}
	top_findings_detach(&app);
	rpmsg_source_close(app.source);
	top_table_free(&app.table);
	rpmsg_collector_destroy(app.collector);
	decode_hook_destroy(hook);
	rpmsg_decoders_destroy(registry);
	if (stop_requested && ret == 0 && opts.batch)
		ret = 0;
	return ret;
}
