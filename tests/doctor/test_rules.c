// SPDX-License-Identifier: MIT
/*
 * The doctor's rules on synthetic event streams (tracer/doctor): each rule fires on its failure
 * pattern with the exact evidence numbers, and a clean stream of the same size fires nothing.
 * The streams are what our bus emits for one message (internal.h of tracer/doctor: who adds,
 * takes, returns and reclaims on which ring), both sides traced unless a test says otherwise.
 */
#include <rpmsg-scope/doctor.h>
#include <rpmsg-test/events.h>

#define BUS   "doc0"
#define HOSTA 1024u /* the host endpoint */
#define REMA  1030u /* the remote endpoint */
#define MS    1000000ull

/* A collector with a doctor, a clock, and the host's view of its TX ring. */
struct stream {
	struct rpmsg_collector *c;
	struct rpmsg_doctor *d;
	uint64_t t;
	uint32_t tx_avail, tx_used, rx_avail, rx_used;
	uint32_t tx_free;
};

static void open_stream(struct stream *s, const struct rpmsg_doctor_options *opts)
{
	memset(s, 0, sizeof(*s));
	s->c = new_collector();
	CHECK_RC(rpmsg_doctor_create(s->c, opts, &s->d), 0);
	s->t = SEC;
	s->tx_free = 256;
}

static void close_stream(struct stream *s)
{
	rpmsg_doctor_destroy(s->d);
	rpmsg_collector_destroy(s->c);
}

/* The remote creates and announces "echo"; the host hears it and binds an endpoint. */
static void announce(struct stream *s, const char *name, uint32_t raddr, uint32_t haddr)
{
	ADD(s->c, ev_ept(RPMSG_EV_EPT_CREATE, BUS, REMOTE, s->t, name, raddr));
	ADD(s->c,
	    ev_ns(BUS, REMOTE, s->t + 10, name, raddr, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_TX));
	ADD(s->c,
	    ev_ns(BUS, HOST, s->t + 20, name, raddr, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_RX));
	if (haddr)
		ADD(s->c, ev_ept(RPMSG_EV_EPT_CREATE, BUS, HOST, s->t + 30, name, haddr));
	s->t += 100;
}

/*
 * One message host -> remote: the host sends and publishes on vq 1 (and rings if @kick), the
 * remote takes it, delivers it and (if @ret) gives the buffer back, which the host reclaims.
 */
static void host_msg(struct stream *s, uint32_t len, bool kick, bool ret)
{
	uint64_t t = s->t;

	ADD(s->c, ev_send(BUS, HOST, t, HOSTA, REMA, NULL, len));
	ADD(s->c, ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, t + 1, 1, ++s->tx_avail, --s->tx_free));
	if (kick) {
		ADD(s->c, ev_mbox(RPMSG_EV_MBOX_KICK, BUS, HOST, t + 2, 1));
		ADD(s->c, ev_mbox(RPMSG_EV_MBOX_RX, BUS, REMOTE, t + 3, 1));
	}
	ADD(s->c, ev_vring(RPMSG_EV_VRING_GET, BUS, REMOTE, t + 4, 1, s->tx_avail, 0));
	ADD(s->c, ev_recv(BUS, REMOTE, t + 5, HOSTA, REMA, NULL, len));
	if (ret) {
		ADD(s->c, ev_vring(RPMSG_EV_VRING_ADD, BUS, REMOTE, t + 6, 1, ++s->tx_used, 0));
		ADD(s->c,
		    ev_vring(RPMSG_EV_VRING_GET, BUS, HOST, t + 7, 1, s->tx_used, ++s->tx_free));
	}
	s->t += 1000;
}

/*
 * One message remote -> host on vq 0: the remote takes an empty buffer, sends, publishes it
 * (and rings if @kick); the host takes it, delivers it, and @cb_ns later gives it back.
 */
static void remote_msg(struct stream *s, uint32_t len, bool kick, bool delivered, uint64_t cb_ns)
{
	uint64_t t = s->t;

	ADD(s->c, ev_vring(RPMSG_EV_VRING_GET, BUS, REMOTE, t, 0, ++s->rx_avail, 255));
	ADD(s->c, ev_send(BUS, REMOTE, t + 1, REMA, HOSTA, NULL, len));
	ADD(s->c, ev_vring(RPMSG_EV_VRING_ADD, BUS, REMOTE, t + 2, 0, ++s->rx_used, 256));
	if (kick) {
		ADD(s->c, ev_mbox(RPMSG_EV_MBOX_KICK, BUS, REMOTE, t + 3, 0));
		ADD(s->c, ev_mbox(RPMSG_EV_MBOX_RX, BUS, HOST, t + 4, 0));
	}
	if (delivered) {
		ADD(s->c, ev_vring(RPMSG_EV_VRING_GET, BUS, HOST, t + 5, 0, s->rx_used, 255));
		ADD(s->c, ev_recv(BUS, HOST, t + 6, REMA, HOSTA, NULL, len));
		ADD(s->c,
		    ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, t + 6 + cb_ns, 0, s->rx_used, 256));
	}
	s->t += 1000 + cb_ns;
}

/* @n messages each way, a doorbell for each (request/response: never redundant). */
static void clean_traffic(struct stream *s, int n)
{
	for (int i = 0; i < n; i++) {
		host_msg(s, 32, true, true);
		remote_msg(s, 32, true, true, 100);
	}
}

/* The usual start: a stream where "echo" is announced and bound, then @n clean exchanges. */
static void open_echo(struct stream *s, int n)
{
	open_stream(s, NULL);
	announce(s, "echo", REMA, HOSTA);
	clean_traffic(s, n);
}

/* @n messages @src -> @dst that @side_rx receives and drops: no endpoint at @dst. */
static void undeliverable(struct stream *s, int n, enum rpmsg_event_role side_tx,
			  enum rpmsg_event_role side_rx, uint32_t src, uint32_t dst)
{
	for (int i = 0; i < n; i++) {
		ADD(s->c, ev_send(BUS, side_tx, s->t, src, dst, NULL, 8));
		ADD(s->c, ev_recv(BUS, side_rx, s->t + 1, src, dst, NULL, 8));
		ADD(s->c, ev_drop(BUS, side_rx, s->t + 2, src, dst, 8, RPMSG_DROP_NO_RECIPIENT));
		s->t += 1000;
	}
}

/* @n host sends to "echo" that nothing after shows: in flight, or their delivery not seen. */
static void host_sends_only(struct stream *s, int n)
{
	for (int i = 0; i < n; i++) {
		ADD(s->c, ev_send(BUS, HOST, s->t, HOSTA, REMA, NULL, 32));
		s->t += 1000;
	}
}

/* One side traced ("virtio0"): @n sends from SEC on, @step_ns apart, each with a doorbell. */
static void one_side_kicked_sends(struct stream *s, int n, uint64_t step_ns)
{
	for (int i = 0; i < n; i++) {
		ADD(s->c, ev_send("virtio0", KERNEL, SEC + i * step_ns, HOSTA, REMA, NULL, 32));
		ADD(s->c, ev_mbox(RPMSG_EV_MBOX_KICK, "virtio0", KERNEL, SEC + i * step_ns + 1, 1));
	}
}
/* Evaluate at @now; the findings in @out (room for 16). */
static int evaluate(struct stream *s, uint64_t now, struct rpmsg_doctor_finding *out)
{
	int n = rpmsg_doctor_evaluate(s->d, now, out, 16);

	CHECK(n >= 0 && n <= 16, "evaluate returned %d", n);
	return n;
}

/* Exactly one finding, of @rule, with this evidence. */
static struct rpmsg_doctor_finding only(struct stream *s, uint64_t now, enum rpmsg_doctor_rule rule,
					const char *evidence)
{
	struct rpmsg_doctor_finding f[16];
	int n = evaluate(s, now, f);

	CHECK(n == 1, "expected one %s finding, got %d (first: %s %s)", rpmsg_doctor_rule_id(rule),
	      n, n ? rpmsg_doctor_rule_id(f[0].rule) : "-", n ? f[0].evidence : "");
	CHECK_STR_EQ(rpmsg_doctor_rule_id(f[0].rule), rpmsg_doctor_rule_id(rule));
	CHECK_STR_EQ(f[0].evidence, evidence);
	CHECK(f[0].fix[0], "no fix");
	CHECK(!f[0].uncertain);
	return f[0];
}

static void none(struct stream *s, uint64_t now)
{
	struct rpmsg_doctor_finding f[16];
	int n = evaluate(s, now, f);

	CHECK(n == 0, "%d findings, the first %s: %s", n, n ? rpmsg_doctor_rule_id(f[0].rule) : "",
	      n ? f[0].evidence : "");
}

static void test_clean_stream_fires_nothing(void)
{
	struct stream s;

	open_echo(&s, 1000);
	/* long after the end too: nothing is "silent" or "unbound" in a finished clean run */
	none(&s, s.t);
	none(&s, s.t + 10 * SEC);
	for (int r = 0; r < RPMSG_DOCTOR_RULE_COUNT; r++)
		CHECK(rpmsg_doctor_rule_evaluated(s.d, r, NULL, 0), "%s not evaluated",
		      rpmsg_doctor_rule_id(r));
	close_stream(&s);
}

static void test_lost_events_make_findings_uncertain(void)
{
	struct rpmsg_doctor_finding f[16];
	struct stream s;

	open_echo(&s, 100);
	CHECK_RC(rpmsg_collector_add_lost(s.c, "lttng-discarded", 12), 0);
	ADD(s.c, ev_drop(BUS, REMOTE, s.t, HOSTA, 1099, 8, RPMSG_DROP_NO_RECIPIENT));
	CHECK_EQ(evaluate(&s, s.t, f), 2);
	CHECK_STR_EQ(rpmsg_doctor_rule_id(f[0].rule), "lost-events");
	CHECK_STR_EQ(f[0].evidence, "12 events lost (lttng-discarded 12), 0 refused as "
				    "malformed, 0 not tracked for lack of room: every finding is "
				    "uncertain");
	CHECK(!f[0].uncertain);
	CHECK_STR_EQ(rpmsg_doctor_rule_id(f[1].rule), "no-recipient");
	CHECK(f[1].uncertain);
	close_stream(&s);
}

static void test_lost_events_alone_is_a_finding(void)
{
	struct rpmsg_doctor_finding f[16];
	struct stream s;

	open_stream(&s, NULL);
	clean_traffic(&s, 10);
	CHECK_RC(rpmsg_collector_add_lost(s.c, "bpf-ringbuf", 3), 0);
	CHECK_EQ(evaluate(&s, s.t, f), 1);
	CHECK_STR_EQ(rpmsg_doctor_rule_id(f[0].rule), "lost-events");
	CHECK_EQ(f[0].count, 3);
	close_stream(&s);
}

static void test_ns_name_unbound(void)
{
	struct rpmsg_doctor_finding f, fs[16];
	struct stream s;
	uint64_t at;

	open_echo(&s, 0);
	at = s.t;
	announce(&s, "echo-x", 1031, 0); /* no host driver for this name */
	clean_traffic(&s, 100);
	none(&s, at + 400 * MS); /* within the grace time */
	f = only(&s, at + 10 + 2 * SEC, RPMSG_DOCTOR_NS_NAME_UNBOUND,
		 "the remote announced \"echo-x\" at 1031; 2.000 s later no host endpoint of "
		 "that name, no message sent to 1031 and none from it delivered");
	CHECK_STR_EQ(f.name, "echo-x");
	CHECK_EQ(f.remote, 1031);
	CHECK_EQ(f.severity, RPMSG_DOCTOR_WARNING);
	/* its messages to a host address with no endpoint are dropped: no binding either */
	undeliverable(&s, 5, REMOTE, HOST, 1031, 1280);
	CHECK_EQ(evaluate(&s, at + 10 + 2 * SEC, fs), 2);
	close_stream(&s);

	/* a short trace: no grace time after it, but the host bound a name announced later */
	open_stream(&s, NULL);
	at = s.t;
	announce(&s, "echo-x", 1031, 0);
	announce(&s, "echo", REMA, HOSTA);
	clean_traffic(&s, 10);
	f = only(&s, s.t, RPMSG_DOCTOR_NS_NAME_UNBOUND,
		 "the remote announced \"echo-x\" at 1031; 21 us later no host endpoint of "
		 "that name, no message sent to 1031 and none from it delivered; the host bound "
		 "names announced after it");
	close_stream(&s);
}

static void test_no_recipient(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 100);
	undeliverable(&s, 5, HOST, REMOTE, HOSTA, 1099);
	f = only(&s, s.t, RPMSG_DOCTOR_NO_RECIPIENT,
		 "5 messages host 1024 -> remote 1099 dropped: no endpoint at 1099");
	CHECK_EQ(f.count, 5);
	CHECK_EQ(f.local, HOSTA);
	CHECK_EQ(f.remote, 1099);
	CHECK(f.row_id >= 0);
	CHECK_EQ(f.severity, RPMSG_DOCTOR_ERROR);
	close_stream(&s);
}

/* The remote stops returning host TX buffers: the ring runs dry, then the host's waits fail. */
static void test_tx_starvation_remote_keeps_buffers(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;
	uint64_t empty;

	open_echo(&s, 100);
	none(&s, s.t);
	while (s.tx_free)
		host_msg(&s, 32, true, false);
	empty = s.t - 1000 + 1;
	none(&s, empty + RPMSG_DOCTOR_STALL_NS - 1);
	f = only(&s, empty + 3 * SEC, RPMSG_DOCTOR_TX_STARVATION,
		 "no free TX buffer for 3.000 s, none returned since; vq1: host sent 356, remote "
		 "took 356, returned 100, host reclaimed 100; doorbells for returned buffers: 0");
	CHECK_STR_EQ(f.side, "host");
	CHECK(strstr(f.fix, "keeps the buffers"), "fix: %s", f.fix);
	/* the senders give up after their timeout: said with the waits */
	for (int i = 0; i < 2; i++)
		ADD(s.c,
		    ev_wait(BUS, HOST, empty + 15 * SEC + i, HOSTA, REMA, 15 * SEC, -ETIMEDOUT));
	f = only(&s, empty + 16 * SEC, RPMSG_DOCTOR_TX_STARVATION,
		 "host waited for a TX buffer 2 times (2 gave up, 2 of at least 1.000 s; longest "
		 "15.000 s); no free TX buffer for 16.000 s, none returned since; vq1: host sent "
		 "356, remote took 356, returned 100, host reclaimed 100; doorbells for returned "
		 "buffers: 0");
	CHECK_EQ(f.count, 2);
	close_stream(&s);
}

/*
 * Short waits are flow control, not starvation, even those that gave up: a sender closing its
 * bus gives up after 250 ms (rpmsg-sim at the end of a --duration run).
 */
static void test_short_tx_waits_are_not_starvation(void)
{
	struct stream s;

	open_echo(&s, 100);
	for (int i = 0; i < 20; i++)
		ADD(s.c, ev_wait(BUS, HOST, s.t + i, HOSTA, REMA, 150 * MS, 0));
	ADD(s.c, ev_wait(BUS, HOST, s.t + 50, HOSTA, REMA, 250 * MS, -ETIMEDOUT));
	none(&s, s.t + 100);
	close_stream(&s);
}

/* The remote's messages to the host ring no doorbell: the host never takes them. */
static void test_missing_kicks(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 0);
	for (int i = 0; i < 100; i++)
		host_msg(&s, 32, true, true);
	for (int i = 0; i < 20; i++)
		remote_msg(&s, 32, false, false, 0);
	ADD(s.c, ev_wait(BUS, REMOTE, s.t, REMA, HOSTA, 100 * MS, 0));
	f = only(&s, s.t, RPMSG_DOCTOR_MISSING_KICKS,
		 "remote sent 20, host received 0; no doorbell on vq0 rung or received; remote "
		 "waited for TX buffers 1 time");
	CHECK_STR_EQ(f.side, "remote");
	CHECK_EQ(f.count, 20);
	close_stream(&s);

	/* the same, delivered with doorbells: nothing */
	open_echo(&s, 0);
	for (int i = 0; i < 100; i++)
		host_msg(&s, 32, true, true);
	for (int i = 0; i < 20; i++)
		remote_msg(&s, 32, true, true, 100);
	ADD(s.c, ev_wait(BUS, REMOTE, s.t, REMA, HOSTA, 100 * MS, 0));
	none(&s, s.t);
	close_stream(&s);
}

/*
 * A fast sender rings for every message while the remote still has the previous one (event
 * index off): two messages published before the remote takes them, both rung (the first pair
 * is not counted: before the remote took anything, nothing says it was busy).
 */
static void test_kick_storm(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 0);
	for (int i = 0; i < 600; i++) {
		uint64_t t = s.t;

		for (int k = 0; k < 2; k++) {
			ADD(s.c, ev_send(BUS, HOST, t + 10 * k, HOSTA, REMA, NULL, 32));
			ADD(s.c, ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, t + 10 * k + 1, 1,
					  ++s.tx_avail, 200));
			ADD(s.c, ev_mbox(RPMSG_EV_MBOX_KICK, BUS, HOST, t + 10 * k + 2, 1));
		}
		for (int k = 0; k < 2; k++) {
			ADD(s.c, ev_vring(RPMSG_EV_VRING_GET, BUS, REMOTE, t + 100 + k, 1,
					  s.tx_avail, 0));
			ADD(s.c, ev_recv(BUS, REMOTE, t + 110 + k, HOSTA, REMA, NULL, 32));
			ADD(s.c, ev_vring(RPMSG_EV_VRING_ADD, BUS, REMOTE, t + 120 + k, 1,
					  ++s.tx_used, 0));
		}
		s.t += 1000; /* 2 messages per us: 2e6 msg/s */
	}
	f = only(&s, s.t, RPMSG_DOCTOR_KICK_STORM,
		 "1200 doorbells for 1200 messages host -> remote (1.00 per message, 2002968 "
		 "msg/s); "
		 "599 rung while the remote had not yet taken the previous message");
	CHECK_EQ(f.count, 1200);
	close_stream(&s);
}

/*
 * The remote's ring probe attached late (BPF attaches probe sites one by one while traffic
 * flows): its first 600 takes are missing. A doorbell per message of a request/response
 * exchange after that is no storm: the ring indices say the remote had taken everything.
 */
static void test_kick_storm_not_fooled_by_missed_events(void)
{
	struct stream s;

	open_echo(&s, 0);
	for (int i = 0; i < 600; i++) {
		ADD(s.c, ev_send(BUS, HOST, s.t, HOSTA, REMA, NULL, 32));
		ADD(s.c, ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, s.t + 1, 1, ++s.tx_avail, 255));
		ADD(s.c, ev_mbox(RPMSG_EV_MBOX_KICK, BUS, HOST, s.t + 2, 1));
		s.t += 1000;
	}
	for (int i = 0; i < 600; i++)
		host_msg(&s, 32, true, true);
	none(&s, s.t);
	close_stream(&s);
}

/* With one side traced: a doorbell per message at a high rate. */
static void test_kick_storm_one_side(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_stream(&s, NULL);
	one_side_kicked_sends(&s, 1000, 10000);
	f = only(
		&s, SEC + 1000 * 10000ull, RPMSG_DOCTOR_KICK_STORM,
		"1000 doorbells for 1000 messages host -> remote (1.00 per message, 100100 msg/s)");
	CHECK_STR_EQ(f.bus, "virtio0");
	close_stream(&s);

	/* the same messages at 50 per second: a doorbell each is right */
	open_stream(&s, NULL);
	one_side_kicked_sends(&s, 1000, 20 * MS);
	none(&s, SEC + 1000 * 20 * MS);
	close_stream(&s);
}

static void test_oversize_and_not_truncation(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 100);
	/* a capture shorter than the message (64 of 400 bytes) is the tracer's, not a fault */
	host_msg(&s, 400, true, true);
	none(&s, s.t);
	ADD(s.c, ev_drop(BUS, HOST, s.t, REMA, HOSTA, 600, RPMSG_DROP_TOO_BIG));
	ADD(s.c, ev_drop(BUS, HOST, s.t + 1, REMA, HOSTA, 520, RPMSG_DROP_TOO_BIG));
	f = only(&s, s.t + 2, RPMSG_DOCTOR_OVERSIZE,
		 "2 messages remote -> host dropped as too big (largest 600 bytes; a buffer holds "
		 "496 bytes of payload)");
	CHECK_EQ(f.count, 2);
	CHECK_STR_EQ(f.side, "host");
	close_stream(&s);
}

/* A send its sender refused (-EMSGSIZE, traced as drop send-too-big) is oversize on that side. */
static void test_oversize_refused_by_the_sender(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 100);
	none(&s, s.t);
	/* the host's endpoint tried 3 sends of 700 and 1000 bytes to the remote */
	ADD(s.c, ev_drop(BUS, HOST, s.t, HOSTA, REMA, 700, RPMSG_DROP_SEND_TOO_BIG));
	ADD(s.c, ev_drop(BUS, HOST, s.t + 1, HOSTA, REMA, 1000, RPMSG_DROP_SEND_TOO_BIG));
	ADD(s.c, ev_drop(BUS, HOST, s.t + 2, HOSTA, REMA, 700, RPMSG_DROP_SEND_TOO_BIG));
	f = only(&s, s.t + 3, RPMSG_DOCTOR_OVERSIZE,
		 "3 sends host -> remote refused by the sender (-EMSGSIZE; largest 1000 bytes)");
	CHECK_EQ(f.count, 3);
	CHECK_STR_EQ(f.side, "host");
	close_stream(&s);
}

static void test_ept_unannounced(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;
	uint64_t at;

	open_echo(&s, 0);
	at = s.t;
	ADD(s.c, ev_ept(RPMSG_EV_EPT_CREATE, BUS, REMOTE, at, "orphan", 1040));
	clean_traffic(&s, 100);
	none(&s, at + 499 * MS);
	f = only(
		&s, at + 3 * SEC, RPMSG_DOCTOR_EPT_UNANNOUNCED,
		"remote endpoint \"orphan\" at 1040 created; no name-service announcement of it in "
		"the 3.000 s after");
	CHECK_STR_EQ(f.name, "orphan");
	close_stream(&s);
}

static void test_ns_announced_twice(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 100);
	none(&s, s.t);
	ADD(s.c, ev_ns(BUS, REMOTE, s.t, "echo", REMA, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_TX));
	ADD(s.c,
	    ev_ns(BUS, HOST, s.t + 1, "echo", REMA, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_RX));
	f = only(&s, s.t + 2, RPMSG_DOCTOR_NS_ANNOUNCED_TWICE,
		 "the remote announced \"echo\" 2 times with no destroy between (first at 1030, "
		 "last at 1030)");
	CHECK_EQ(f.count, 2);
	close_stream(&s);

	/* destroyed, then announced again (a firmware restart done right): nothing */
	open_echo(&s, 100);
	ADD(s.c, ev_ns(BUS, REMOTE, s.t, "echo", REMA, RPMSG_EVENT_NS_DESTROY, RPMSG_EVENT_DIR_TX));
	ADD(s.c,
	    ev_ns(BUS, REMOTE, s.t + 1, "echo", REMA, RPMSG_EVENT_NS_CREATE, RPMSG_EVENT_DIR_TX));
	none(&s, s.t + 2);
	close_stream(&s);
}

static void test_destroyed_in_flight(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 100);
	host_sends_only(&s, 3);
	ADD(s.c, ev_ept(RPMSG_EV_EPT_DESTROY, BUS, REMOTE, s.t, "echo", REMA));
	f = only(&s, s.t, RPMSG_DOCTOR_DESTROYED_IN_FLIGHT,
		 "the remote destroyed endpoint 1030 with 3 messages to it in flight (sent 103, "
		 "delivered 100)");
	CHECK_EQ(f.count, 3);
	CHECK_STR_EQ(f.name, "echo");
	close_stream(&s);

	/*
	 * the host filled the ring at once, so the channel never drained: 100 sent, 50 delivered,
	 * destroyed, then the 50 queued are taken from the ring: at least 50 were in flight
	 */
	open_echo(&s, 0);
	host_sends_only(&s, 100);
	for (int i = 0; i < 100; i++) {
		if (i == 50)
			ADD(s.c, ev_ept(RPMSG_EV_EPT_DESTROY, BUS, REMOTE, s.t++, "echo", REMA));
		ADD(s.c, ev_recv(BUS, REMOTE, s.t, HOSTA, REMA, NULL, 32));
		s.t += 1000;
	}
	f = only(&s, s.t, RPMSG_DOCTOR_DESTROYED_IN_FLIGHT,
		 "the remote destroyed endpoint 1030 with 50 messages to it in flight (sent 100, "
		 "delivered 50)");
	CHECK_EQ(f.count, 50);
	close_stream(&s);

	/* the remote's receive probe attached late: 50 sends never seen delivered, all drained */
	open_echo(&s, 0);
	host_sends_only(&s, 50);
	clean_traffic(&s, 100);
	ADD(s.c, ev_ept(RPMSG_EV_EPT_DESTROY, BUS, REMOTE, s.t, "echo", REMA));
	none(&s, s.t);
	close_stream(&s);

	/* everything delivered, then destroyed: nothing */
	open_echo(&s, 103);
	ADD(s.c, ev_ept(RPMSG_EV_EPT_DESTROY, BUS, REMOTE, s.t, "echo", REMA));
	ADD(s.c, ev_ept(RPMSG_EV_EPT_DESTROY, BUS, HOST, s.t + 1, "echo", HOSTA));
	none(&s, s.t + 2);
	close_stream(&s);
}

static void test_remote_silent(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;
	uint64_t last;

	open_echo(&s, 100);
	last = s.t - 1100 + 6; /* the host received the remote's last message */
	/* the host goes on sending for 4 s; the remote shows nothing any more */
	for (int i = 1; i <= 20; i++)
		ADD(s.c, ev_send(BUS, HOST, last + i * 200 * MS, HOSTA, REMA, NULL, 32));
	none(&s, last + RPMSG_DOCTOR_SILENT_NS - 1);
	f = only(&s, last + 5 * SEC, RPMSG_DOCTOR_REMOTE_SILENT,
		 "no sign of the remote for 5.000 s (no event of its own, no message, doorbell or "
		 "returned buffer) while the host sent 20 messages");
	CHECK_EQ(f.count, 20);
	close_stream(&s);
}

static void test_slow_callback(void)
{
	struct rpmsg_doctor_finding f;
	struct stream s;

	open_echo(&s, 100);
	for (int i = 0; i < 2; i++)
		remote_msg(&s, 32, true, true, 60 * MS);
	none(&s, s.t); /* two are not a pattern */
	remote_msg(&s, 32, true, true, 80 * MS);
	f = only(&s, s.t, RPMSG_DOCTOR_SLOW_CALLBACK,
		 "3 of 103 receive callbacks on the host took 20.0 ms or more (longest 80.0 ms)");
	CHECK_STR_EQ(f.side, "host");
	CHECK_EQ(f.local, HOSTA);
	CHECK_EQ(f.remote, REMA);
	close_stream(&s);

	/* three slow ones among 1000 (0.3%): the machine, not the callback */
	open_echo(&s, 1000);
	for (int i = 0; i < 3; i++)
		remote_msg(&s, 32, true, true, 60 * MS);
	none(&s, s.t);
	close_stream(&s);
}

/* A callback that replies and waits 60 ms for a TX buffer is held by the other side. */
static void test_callback_waiting_for_a_buffer_is_not_slow(void)
{
	struct stream s;

	open_echo(&s, 100);
	for (int i = 0; i < 5; i++) {
		uint64_t t = s.t;

		ADD(s.c, ev_vring(RPMSG_EV_VRING_GET, BUS, HOST, t, 0, ++s.rx_used, 255));
		ADD(s.c, ev_recv(BUS, HOST, t + 1, REMA, HOSTA, NULL, 32));
		ADD(s.c, ev_wait(BUS, HOST, t + 1 + 60 * MS, HOSTA, REMA, 60 * MS, 0));
		ADD(s.c,
		    ev_vring(RPMSG_EV_VRING_ADD, BUS, HOST, t + 2 + 60 * MS, 0, s.rx_used, 256));
		s.t += 61 * MS;
	}
	none(&s, s.t);
	close_stream(&s);
}

/* rpmsg_char makes an endpoint per open: 10000 opens and closes are no loss of tracking. */
static void test_endpoint_churn_stays_tracked(void)
{
	struct stream s;

	open_echo(&s, 0);
	for (int i = 0; i < 10000; i++) {
		ADD(s.c, ev_ept(RPMSG_EV_EPT_CREATE, BUS, HOST, s.t, "rpmsg-char", 2000 + i % 8));
		ADD(s.c,
		    ev_ept(RPMSG_EV_EPT_DESTROY, BUS, HOST, s.t + 1, "rpmsg-char", 2000 + i % 8));
		s.t += 10;
	}
	clean_traffic(&s, 10);
	none(&s, s.t);
	close_stream(&s);
}

/* A kernel log: messages and drops, no vring, doorbell or endpoint events. */
static void test_rules_a_source_cannot_evaluate(void)
{
	struct rpmsg_doctor_options o = {.input = "kernel log k.log"};
	struct stream s;
	char why[128];

	open_stream(&s, &o);
	for (int i = 0; i < 50; i++) {
		ADD(s.c, ev_send("virtio0", KERNEL, SEC + i * MS, HOSTA, REMA, NULL, 8));
		ADD(s.c, ev_recv("virtio0", KERNEL, SEC + i * MS + 1, REMA, HOSTA, NULL, 8));
	}
	none(&s, 2 * SEC);
	CHECK(!rpmsg_doctor_rule_evaluated(s.d, RPMSG_DOCTOR_KICK_STORM, why, sizeof(why)));
	CHECK_STR_EQ(why, "no doorbell events in kernel log k.log");
	CHECK(!rpmsg_doctor_rule_evaluated(s.d, RPMSG_DOCTOR_SLOW_CALLBACK, why, sizeof(why)));
	CHECK_STR_EQ(why, "no vring events in kernel log k.log");
	CHECK(rpmsg_doctor_rule_evaluated(s.d, RPMSG_DOCTOR_NO_RECIPIENT, NULL, 0));
	CHECK(rpmsg_doctor_rule_evaluated(s.d, RPMSG_DOCTOR_REMOTE_SILENT, NULL, 0));
	close_stream(&s);

	o.blind = RPMSG_DOCTOR_BLIND_DROPS;
	open_stream(&s, &o);
	CHECK(!rpmsg_doctor_rule_evaluated(s.d, RPMSG_DOCTOR_OVERSIZE, why, sizeof(why)));
	CHECK_STR_EQ(why, "no drop events in kernel log k.log");
	close_stream(&s);
}

int main(void)
{
	test_clean_stream_fires_nothing();
	test_lost_events_make_findings_uncertain();
	test_lost_events_alone_is_a_finding();
	test_ns_name_unbound();
	test_no_recipient();
	test_tx_starvation_remote_keeps_buffers();
	test_short_tx_waits_are_not_starvation();
	test_missing_kicks();
	test_kick_storm();
	test_kick_storm_not_fooled_by_missed_events();
	test_kick_storm_one_side();
	test_oversize_and_not_truncation();
	test_oversize_refused_by_the_sender();
	test_ept_unannounced();
	test_ns_announced_twice();
	test_destroyed_in_flight();
	test_remote_silent();
	test_slow_callback();
	test_callback_waiting_for_a_buffer_is_not_slow();
	test_endpoint_churn_stays_tracked();
	test_rules_a_source_cannot_evaluate();
	printf("doctor rules: ok\n");
	return 0;
}
