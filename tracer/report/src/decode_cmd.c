// SPDX-License-Identifier: MIT
/*
 * rpmsg-trace decode: every rpmsg event of a trace, one per line, with endpoint names and
 * decoded payloads; with --stages, one line per message with the time each stage of its trip
 * took (STAGES in collector.h): the input read through the sources into a collector
 * (latency_input.h) whose stages callback hands over each message's points.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/clock.h>
#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/errors.h>
#include <rpmsg-scope/options.h>
#include <rpmsg-scope/text.h>

#include "latency_input.h"
#include "trace_graph.h"

#define TOOL "rpmsg-trace decode"

int rpmsg_trace_cmd_decode(int argc, char **argv);

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rpmsg-trace decode [OPTIONS] TRACE\n"
		"       rpmsg-trace decode [OPTIONS] --kmsg FILE\n"
		"\n"
		"Print each rpmsg event of TRACE on one line: its time ([HH:MM:SS.nnnnnnnnn],\n"
		"local, as babeltrace2 prints it), bus, role, event, then for messages\n"
		"\"src -> dst\" with endpoint names learned from name-service announcements,\n"
		"the length, the decoder used and the decoded payload. Payloads the tracer cut\n"
		"short are marked [truncated: N of M bytes captured]. Events the\n"
		"tracer discarded are shown where they happened and summed on stderr.\n"
		"\n"
		"TRACE is a trace directory (rpmsg-trace record -o DIR, or any CTF trace with\n"
		"rpmsg:* events) or an LTTng live URL net://HOST/host/HOSTNAME/SESSION.\n"
		"\n"
		"--kmsg FILE reads a kernel log instead (dmesg output or saved /dev/kmsg\n"
		"records; - is standard input): the virtio_rpmsg_bus and remoteproc debug\n"
		"lines that `rpmsg-ddebug on rpmsg` turns on, for boards where BPF cannot\n"
		"attach. Times are seconds since that board's boot. Lines of other drivers are\n"
		"skipped; stderr ends with how many lines were rpmsg, skipped or malformed and\n"
		"how many hex dumps were cut short (their messages are marked [truncated]).\n"
		"\n"
		"--stages prints instead one line per message, in trace order: its time (as\n"
		"above), bus, endpoint name, local->remote address, direction (tx: host to\n"
		"remote, rx: remote to host), length, then how long each stage of its trip took\n"
		"in ns: send>add, add>kick, kick>irq, irq>get, get>recv, recv>return,\n"
		"return>reclaim (as report --latency measures them); \"-\" where a point was not\n"
		"seen (one side traced only, a kernel log has no vring events, a buffer not\n"
		"reclaimed yet), \"skipped\" where the message went without that doorbell (the\n"
		"kick suppressed or the receiver already draining). With --json one object per\n"
		"message, every duration an exact integer of ns (null: not seen, \"skipped\").\n"
		"stderr says which stages the input cannot show and why.\n"
		"Takes --kmsg FILE, --json, --clock-seconds and --clock-gmt.\n"
		"\n"
		"Options:\n"
		"  --stages            each message's stages (see above)\n"
		"  --kmsg FILE         decode a kernel log (see above) instead of a TRACE\n"
		"  --json              one JSON object per line (\"ts_ns\": a string of ns since\n"
		"                      the epoch, exact where a JSON number would be rounded)\n"
		"  --endpoint NAME|ADDR  only events of this endpoint (name or address)\n"
		"  --since TIME        start at TIME; --until TIME: stop after TIME. TIME is what\n"
		"                      decode prints ([HH:MM:SS.NS], brackets optional), a date\n"
		"                      and time YYYY-MM-DD HH:MM:SS[.NS] or SECONDS[.NS] since "
		"the\n"
		"                      clock's origin. Names announced before TIME still apply.\n"
		"  --clock-seconds     times as SECONDS.NS since the clock's origin (the Unix\n"
		"                      epoch) instead of the local HH:MM:SS.NS\n"
		"  --clock-gmt         times (printed and --since/--until) in UTC, not local\n"
		"  --decoders FILE     payload decoders for your own channels "
		"(decoders/README.md)\n"
		"  -v, --verbose       on errors, print every cause babeltrace2 reported\n"
		"  -h, --help          this text\n"
		"\n"
		"The same output from babeltrace2 itself:\n"
		"  babeltrace2 --plugin-path=PLUGIN_DIR TRACE -c filter.rpmsg.decode -c "
		"sink.rpmsg.print\n"
		"\n"
		"Exit status: 0 done, 1 the trace or log could not be read (or --kmsg: nothing in\n"
		"the log decodes, only malformed or orphaned lines), or "
		"--endpoint/--since/--until\n"
		"kept none of its rpmsg events (a warning names the endpoints or the trace's time\n"
		"span), 2 bad usage or decoder file.\n"
		"\n"
		"Examples:\n"
		"  rpmsg-trace decode /tmp/trace\n"
		"  rpmsg-trace decode --endpoint rpmsg-tty /tmp/trace\n"
		"  rpmsg-trace decode --json --decoders my-fw.decoders /tmp/trace > events.ndjson\n"
		"  rpmsg-trace decode --since 12:00:01 --until 12:00:02 /tmp/trace\n"
		"  rpmsg-trace decode --stages /tmp/trace\n"
		"  dmesg > board.log; rpmsg-trace decode --kmsg board.log --endpoint rpmsg-tty\n"
		"  ssh board dmesg | rpmsg-trace decode --json --kmsg -\n");
}

struct stages_options {
	bool stages, json, clock_seconds, clock_gmt;
	const char *kmsg;
};

#define F(FIELD) RPMSG_OPT_FIELD(struct stages_options, FIELD)
static const struct rpmsg_option stages_option_rows[] = {
	{"stages", 0, RPMSG_OPT_FLAG, F(stages)},
	{"json", 'j', RPMSG_OPT_FLAG, F(json)},
	{"kmsg", 'k', RPMSG_OPT_STRING, F(kmsg)},
	{"clock-seconds", 0, RPMSG_OPT_FLAG, F(clock_seconds)},
	{"clock-gmt", 0, RPMSG_OPT_FLAG, F(clock_gmt)},
	RPMSG_OPTION_HELP,
	RPMSG_OPTION_END,
};
#undef F

/*
 * A message event: the trips carry times, not lengths; and a message whose buffer was not
 * followed (a kernel log has no vring events) is still one line, its stages all unseen.
 */
struct msg_len {
	uint64_t ts_ns;
	uint32_t dir, len;
	uint32_t id; /* its row; UINT32_MAX: none */
	bool send;   /* a msg_send (else a msg_recv) */
	bool in_trip;
};

/* One message's trip as the collector reported it, and when it first showed in the trace. */
struct trip {
	uint64_t first_ns, seq;
	uint32_t id;
	bool followed;	     /* its buffer was followed (else a message event alone) */
	struct msg_len *msg; /* its send (else delivery) event; NULL: neither seen */
	struct rpmsg_collector_message_stages m;
};

struct stages_run {
	struct msg_len *lens;
	size_t n_lens, cap_lens;
	struct trip *trips;
	size_t n_trips, cap_trips;
	uint64_t loose; /* message events outside every followed trip */
	bool nomem;
};

/* Grow @*arr (of @size-byte items) to hold one more than @n. Return: false when out of memory. */
static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*arr, (*cap ? *cap * 2 : 1024) * size);
	if (!p)
		return false;
	*arr = p;
	*cap = *cap ? *cap * 2 : 1024;
	return true;
}

/* Event observer: keep each message event's length, found again by its time and direction. */
static void on_event(const struct rpmsg_collector *c, const struct rpmsg_event *ev, void *priv)
{
	struct stages_run *r = priv;
	bool host = ev->role != RPMSG_EVENT_ROLE_REMOTE;
	uint32_t dir;
	int64_t id;

	if (ev->type != RPMSG_EV_MSG_SEND && ev->type != RPMSG_EV_MSG_RECV)
		return;
	if (!grow((void **)&r->lens, &r->cap_lens, r->n_lens, sizeof(*r->lens))) {
		r->nomem = true;
		return;
	}
	/* the host sends tx and receives rx; the remote the other way round */
	dir = (host == (ev->type == RPMSG_EV_MSG_SEND)) ? RPMSG_COLLECTOR_TX : RPMSG_COLLECTOR_RX;
	/* a row's local address is the host's (collector.h): the sender's on tx */
	id = rpmsg_collector_find_endpoint(c, ev->bus,
					   dir == RPMSG_COLLECTOR_TX ? ev->msg.src : ev->msg.dst,
					   dir == RPMSG_COLLECTOR_TX ? ev->msg.dst : ev->msg.src);
	r->lens[r->n_lens++] = (struct msg_len){
		.ts_ns = ev->ts_ns,
		.dir = dir,
		.len = ev->msg.len,
		.id = id >= 0 ? (uint32_t)id : UINT32_MAX,
		.send = ev->type == RPMSG_EV_MSG_SEND,
	};
}

/* Stages callback: keep the trip, timed from its first point seen. */
static void on_trip(const struct rpmsg_collector *c, uint32_t id,
		    const struct rpmsg_collector_message_stages *m, void *priv)
{
	struct stages_run *r = priv;
	struct trip *t;

	(void)c;
	if (!m->seen)
		return;
	if (!grow((void **)&r->trips, &r->cap_trips, r->n_trips, sizeof(*r->trips))) {
		r->nomem = true;
		return;
	}
	t = &r->trips[r->n_trips];
	*t = (struct trip){.seq = r->n_trips, .id = id, .followed = true, .m = *m};
	t->first_ns = m->point_ns[__builtin_ctz(m->seen)];
	r->n_trips++;
}

static int cmp_len(const void *a, const void *b)
{
	const struct msg_len *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	return (int)x->send - (int)y->send;
}

/* Trace order: the trips end in reclaim order, not in the order their messages were sent. */
static int cmp_trip(const void *a, const void *b)
{
	const struct trip *x = a, *y = b;

	if (x->first_ns != y->first_ns)
		return x->first_ns < y->first_ns ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * The message event of @t: its send, else its delivery; NULL when neither was seen. Every
 * message event of a trip is marked so, the others are lines of their own.
 */
static struct msg_len *trip_msg(struct stages_run *r, const struct trip *t)
{
	static const unsigned int points[] = {RPMSG_COLLECTOR_POINT_SEND,
					      RPMSG_COLLECTOR_POINT_RECV};
	struct msg_len *found = NULL;

	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		struct msg_len key = {.ts_ns = t->m.point_ns[points[i]],
				      .dir = t->m.dir,
				      .send = points[i] == RPMSG_COLLECTOR_POINT_SEND};
		struct msg_len *hit;

		if (!(t->m.seen & (1u << points[i])))
			continue;
		hit = bsearch(&key, r->lens, r->n_lens, sizeof(*r->lens), cmp_len);
		if (hit) {
			hit->in_trip = true;
			found = found ? found : hit;
		}
	}
	return found;
}

/**
 * add_unfollowed() - find each trip's message event (@r->lens sorted); in a direction whose
 * buffers were not followed at all (a kernel log: no vring events), make a trip of every
 * message event: one seen point, its send or its delivery
 *
 * Where buffers were followed, a message event outside every trip (a delivery the collector
 * could not tie to its buffer: events lost or reordered) is not a message of its own: its
 * message is the trip's already. They are counted in @r->loose.
 * Return: 0, -ENOMEM.
 */
static int add_unfollowed(struct stages_run *r)
{
	size_t trips = r->n_trips;
	bool followed[RPMSG_COLLECTOR_DIRS] = {false};

	for (size_t i = 0; i < trips; i++) {
		r->trips[i].msg = trip_msg(r, &r->trips[i]);
		followed[r->trips[i].m.dir] = true;
	}
	for (size_t i = 0; i < r->n_lens; i++) {
		struct msg_len *l = &r->lens[i];
		unsigned int point =
			l->send ? RPMSG_COLLECTOR_POINT_SEND : RPMSG_COLLECTOR_POINT_RECV;
		struct trip *t;

		if (l->in_trip)
			continue;
		if (followed[l->dir]) {
			r->loose++;
			continue;
		}
		if (!grow((void **)&r->trips, &r->cap_trips, r->n_trips, sizeof(*r->trips)))
			return -ENOMEM;
		t = &r->trips[r->n_trips];
		*t = (struct trip){.first_ns = l->ts_ns, .seq = r->n_trips, .id = l->id, .msg = l};
		t->m.dir = (enum rpmsg_collector_dir)l->dir;
		t->m.seen = 1u << point;
		t->m.point_ns[point] = l->ts_ns;
		r->n_trips++;
	}
	return 0;
}

/* What stage @k of @t shows. */
enum stage_shown { STAGE_TIMED, STAGE_UNSEEN, STAGE_SKIPPED };

/**
 * stage_of() - stage @k of trip @t: timed (*@ns set), not seen, or skipped
 * @c: the collector, which knows whether the input can show the stage at all
 *
 * A doorbell stage (add>kick, kick>irq, irq>get) whose doorbell point is missing while the
 * receiver took the buffer, on an input that shows that doorbell, went without it (a kick
 * suppressed by event index, the receiver already draining): as the collector counts it.
 */
static enum stage_shown stage_of(const struct rpmsg_collector *c, const struct trip *t,
				 unsigned int k, uint64_t *ns)
{
	uint32_t seen = t->m.seen;
	unsigned int from = k, to = k + 1; /* stage k runs from point k to point k + 1 */

	if ((seen & (1u << from)) && (seen & (1u << to))) {
		uint64_t a = t->m.point_ns[from], b = t->m.point_ns[to];

		*ns = b > a ? b - a : 0;
		return STAGE_TIMED;
	}
	if (k >= RPMSG_COLLECTOR_STAGE_ADD_KICK && k <= RPMSG_COLLECTOR_STAGE_IRQ_GET &&
	    (seen & (1u << RPMSG_COLLECTOR_POINT_ADD)) &&
	    (seen & (1u << RPMSG_COLLECTOR_POINT_GET)) &&
	    !rpmsg_collector_stage_unseen(c, t->m.dir, k)[0])
		return STAGE_SKIPPED;
	return STAGE_UNSEEN;
}

/* The stages of one message point to point, up to return>reclaim (add>reclaim is a span). */
#define MESSAGE_STAGES (RPMSG_COLLECTOR_STAGE_RETURN_RECLAIM + 1)

static void print_trip(const struct rpmsg_collector *c, const struct trip *t,
		       const struct stages_options *o, bool epoch)
{
	enum rpmsg_clock_style style = o->clock_seconds ? RPMSG_CLOCK_SECONDS
				       : o->clock_gmt	? RPMSG_CLOCK_GMT
							: RPMSG_CLOCK_LOCAL;
	struct rpmsg_collector_endpoint_stats e = {.name = "", .bus = ""};
	const char *dir = t->m.dir == RPMSG_COLLECTOR_TX ? "tx" : "rx";
	char when[RPMSG_TIME_TEXT_SIZE];
	int64_t len = t->msg ? (int64_t)t->msg->len : -1;
	bool row = t->id != UINT32_MAX && !rpmsg_collector_endpoint(c, t->id, &e);

	rpmsg_time_format(when, sizeof(when), (int64_t)t->first_ns, epoch, style);
	if (o->json) {
		/* names and buses come from the trace: printed through the JSON escaper */
		printf("{\"ts_ns\":\"%" PRIu64 "\",\"bus\":", t->first_ns);
		rpmsg_json_print(stdout, row ? e.bus : "", sizeof(e.bus));
		printf(",\"name\":");
		rpmsg_json_print(stdout, row ? e.name : "", sizeof(e.name));
		if (row)
			printf(",\"local\":%" PRIu32 ",\"remote\":%" PRIu32, e.local, e.remote);
		else
			printf(",\"local\":null,\"remote\":null");
		printf(",\"dir\":\"%s\",\"head\":", dir);
		if (t->followed)
			printf("%" PRIu32, t->m.head);
		else
			printf("null");
		printf(",\"len\":");
		if (len >= 0)
			printf("%" PRId64, len);
		else
			printf("null");
		printf(",\"stages_ns\":{");
		for (unsigned int k = 0; k < MESSAGE_STAGES; k++) {
			uint64_t ns = 0;
			enum stage_shown s = stage_of(c, t, k, &ns);

			printf("%s\"%s\":", k ? "," : "", rpmsg_collector_stage_key(k));
			if (s == STAGE_TIMED)
				printf("%" PRIu64, ns);
			else
				printf(s == STAGE_SKIPPED ? "\"skipped\"" : "null");
		}
		printf("}}\n");
		return;
	}
	printf("[%s] %s %s ", when, row && e.bus[0] ? e.bus : "-", row && e.name[0] ? e.name : "-");
	if (row)
		printf("%" PRIu32 "->%" PRIu32, e.local, e.remote);
	else
		printf("?->?");
	printf(" %s len ", dir);
	if (len >= 0)
		printf("%" PRId64, len);
	else
		printf("-");
	for (unsigned int k = 0; k < MESSAGE_STAGES; k++) {
		uint64_t ns = 0;
		enum stage_shown s = stage_of(c, t, k, &ns);

		printf(" %s ", rpmsg_collector_stage_name(k));
		if (s == STAGE_TIMED)
			printf("%" PRIu64 "ns", ns);
		else
			printf(s == STAGE_SKIPPED ? "skipped" : "-");
	}
	printf("\n");
}

/*
 * Say on stderr which stages of each direction with messages the input cannot show, and why
 * (STAGES in collector.h): one line per direction and reason, so a "-" is never a mystery.
 */
static void print_unseen(const struct rpmsg_collector *c, const struct stages_run *r)
{
	for (unsigned int d = 0; d < RPMSG_COLLECTOR_DIRS; d++) {
		bool has = false, done[MESSAGE_STAGES] = {false};

		for (size_t i = 0; i < r->n_trips && !has; i++)
			has = r->trips[i].m.dir == d;
		for (unsigned int k = 0; has && k < MESSAGE_STAGES; k++) {
			const char *why = rpmsg_collector_stage_unseen(c, d, k);

			if (!why[0] || done[k])
				continue;
			fprintf(stderr, "%s: --stages: %s", TOOL,
				d == RPMSG_COLLECTOR_TX ? "tx" : "rx");
			for (unsigned int j = k; j < MESSAGE_STAGES; j++)
				if (!done[j] &&
				    !strcmp(rpmsg_collector_stage_unseen(c, d, j), why)) {
					fprintf(stderr, "%s%s", j == k ? " " : ", ",
						rpmsg_collector_stage_name(j));
					done[j] = true;
				}
			fprintf(stderr, " not measured: %s\n", why);
		}
	}
}

/*
 * Read the whole input into a collector, keeping each message's trip (the ones still under way
 * at its end too), and print them in trace order. Return: the exit status.
 */
static int stages_decode(const char *input, const struct stages_options *o)
{
	struct stages_run r = {0};
	struct rpmsg_collector *c = NULL;
	bool epoch = true;
	int ret = 1;

	if (rpmsg_collector_create(NULL, &c)) {
		rpmsg_error_line(TOOL, "out of memory");
		return 1;
	}
	rpmsg_collector_set_event_observer(c, on_event, &r);
	rpmsg_collector_set_stages_callback(c, on_trip, &r);
	if (rpmsg_latency_input_read(TOOL, "--stages", input, o->kmsg != NULL, c, &epoch))
		goto out;
	rpmsg_collector_flush_stages(c);
	if (r.nomem) {
		/* never some messages shown as all of them */
		rpmsg_error_line(TOOL, "--stages: out of memory reading %s", input);
		goto out;
	}
	qsort(r.lens, r.n_lens, sizeof(*r.lens), cmp_len);
	if (add_unfollowed(&r)) {
		rpmsg_error_line(TOOL, "--stages: out of memory reading %s", input);
		goto out;
	}
	qsort(r.trips, r.n_trips, sizeof(*r.trips), cmp_trip);
	for (size_t i = 0; i < r.n_trips; i++)
		print_trip(c, &r.trips[i], o, epoch);
	print_unseen(c, &r);
	if (r.loose)
		fprintf(stderr,
			"%s: --stages: %" PRIu64 " message events not tied to a buffer's trip "
			"(events lost or reordered): not shown\n",
			TOOL, r.loose);
	if (fflush(stdout) || ferror(stdout)) {
		rpmsg_error_line(TOOL, "cannot write the stages: %s", strerror(EIO));
		goto out;
	}
	ret = 0;
out:
	rpmsg_collector_destroy(c);
	free(r.lens);
	free(r.trips);
	return ret;
}

/* decode --stages: its own options (the trips come from a collector, not the graph's sink). */
static int stages_command(int argc, char **argv)
{
	struct stages_options o = {0};
	const struct rpmsg_option_set set = {
		.tool = TOOL,
		.options = stages_option_rows,
		.wording = RPMSG_OPT_WORDING_REASON,
		.usage = usage,
	};
	const char *input;
	int first, err;

	err = rpmsg_options_parse(&set, argc, argv, &o, &first);
	if (err)
		return err > 0 ? 0 : 2;
	input = rpmsg_latency_input_operand(TOOL, "--stages", o.kmsg, first, argc, argv);
	return input ? stages_decode(input, &o) : 2;
}

int rpmsg_trace_cmd_decode(int argc, char **argv)
{
	struct trace_graph_options options = {.command = "decode", .output = TRACE_GRAPH_PRINT};

	if (rpmsg_options_given(argc, argv, "--stages"))
		return stages_command(argc, argv);
	return rpmsg_trace_graph_command(argc, argv, &options, usage);
}
