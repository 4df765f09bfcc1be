// SPDX-License-Identifier: MIT
/*
 * The rules: each reads the doctor's state (internal.h) and the collector's snapshots at @now
 * and appends findings. The thresholds are the header's RPMSG_DOCTOR_* constants, each used in
 * one rule; the evidence line prints the numbers the rule compared, so a user can check it.
 */
#define _GNU_SOURCE /* qsort_r() */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * @same_next: per name entry, the next entry (by index) of the same bus, origin and name, or
 * SIZE_MAX; @first: whether an entry is the first of its name. Made once per evaluation by
 * name_groups() (NULL without memory: the rules then compare entries pairwise).
 */
struct eval {
	struct rpmsg_doctor *d;
	uint64_t now;
	struct rpmsg_doctor_finding *out;
	size_t max, count;
	size_t *same_next;
	bool *first;
};

/* "2.500 s", "212.3 ms", "15 us": a duration as a user reads it. */
static const char *duration(char *buf, size_t size, uint64_t ns)
{
	if (ns >= 1000000000ull)
		snprintf(buf, size, "%.3f s", (double)ns / 1e9);
	else if (ns >= 1000000ull)
		snprintf(buf, size, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, size, "%" PRIu64 " us", ns / 1000);
	return buf;
}

/* A new finding at the end of the list (counted even without room), or NULL. */
/* "" or "s": "1 message", "2 messages" */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static struct rpmsg_doctor_finding *add(struct eval *e, enum rpmsg_doctor_rule rule,
					enum rpmsg_doctor_severity severity, const char *bus,
					uint64_t count)
{
	struct rpmsg_doctor_finding *f;

	if (e->count++ >= e->max)
		return NULL;
	f = &e->out[e->count - 1];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = severity;
	snprintf(f->bus, sizeof(f->bus), "%s", bus);
	f->side = "";
	f->local = f->remote = RPMSG_DOCTOR_NO_ADDR;
	f->row_id = -1;
	f->count = count;
	return f;
}

/* Place @f on collector row @id: its addresses and name. */
static void on_row(struct eval *e, struct rpmsg_doctor_finding *f, uint32_t id)
{
	struct rpmsg_collector_endpoint_stats st;

	if (!f || rpmsg_collector_endpoint(e->d->collector, id, &st))
		return;
	f->row_id = id;
	f->local = st.local;
	f->remote = st.remote;
	snprintf(f->name, sizeof(f->name), "%s", st.name);
}

/*
 * Place @f on an endpoint known by its name and address only (no collector row): @addr is its
 * address on @side (SIDE_HOST or SIDE_REMOTE), the side that created it.
 */
static void on_endpoint(struct rpmsg_doctor_finding *f, unsigned int side, uint32_t addr,
			const char *name)
{
	if (!f)
		return;
	f->side = doctor_side_name(side);
	if (side == SIDE_REMOTE)
		f->remote = addr;
	else
		f->local = addr;
	snprintf(f->name, sizeof(f->name), "%s", name);
}

static void __attribute__((format(printf, 2, 3)))
evidence(struct rpmsg_doctor_finding *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vsnprintf(f->evidence, sizeof(f->evidence), fmt, ap);
	va_end(ap);
}

static void fix(struct rpmsg_doctor_finding *f, const char *text)
{
	if (f)
		snprintf(f->fix, sizeof(f->fix), "%s", text);
}

static bool same_bus(const char *a, const char *b)
{
	return !strncmp(a, b, RPMSG_EVENT_BUS_LEN);
}

/* ---------------------------------------------------------------------------------------- */

static void rule_lost_events(struct eval *e)
{
	struct rpmsg_collector_totals t;
	struct rpmsg_doctor_finding *f;
	char sources[160] = "";
	size_t used = 0;

	rpmsg_collector_get_totals(e->d->collector, &t);
	if (!t.lost_events && !t.rejected_events && !e->d->untracked)
		return;
	for (unsigned int i = 0; i < t.lost_source_count && used < sizeof(sources); i++)
		used += (size_t)snprintf(sources + used, sizeof(sources) - used, "%s%s %" PRIu64,
					 i ? ", " : " (", t.lost[i].name, t.lost[i].count);
	if (used && used < sizeof(sources))
		snprintf(sources + used, sizeof(sources) - used, ")");
	f = add(e, RPMSG_DOCTOR_LOST_EVENTS, RPMSG_DOCTOR_WARNING, "",
		t.lost_events + t.rejected_events + e->d->untracked);
	evidence(f,
		 "%" PRIu64 " events lost%s, %" PRIu64 " refused as malformed, %" PRIu64
		 " not tracked for lack of room: every finding is uncertain",
		 t.lost_events, sources, t.rejected_events, e->d->untracked);
	fix(f, "record again without losses (record --blocking, a larger --buffer-size, or fewer "
	       "events) before acting on a finding");
}

/* A remote address the host had traffic with: (bus index, address), sorted for bsearch. */
struct bound_addr {
	unsigned int bus;
	uint32_t addr;
};

static int bound_addr_cmp(const void *a, const void *b)
{
	const struct bound_addr *x = a, *y = b;

	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Whether row @st counts as the host bound to its remote address (bus index in @bus). */
static bool row_binds(const struct rpmsg_doctor *d, const struct rpmsg_collector_endpoint_stats *st,
		      unsigned int *bus)
{
	if (st->local == RPMSG_NS_ADDR)
		return false;
	/* the host sent to it, or took delivery of its messages (drops are no binding) */
	if (!st->dir[RPMSG_COLLECTOR_TX].msgs &&
	    st->dir[RPMSG_COLLECTOR_RX].msgs <= st->dir[RPMSG_COLLECTOR_RX].drops)
		return false;
	for (size_t b = 0; b < d->bus_count; b++)
		if (same_bus(st->bus, d->buses[b].name)) {
			*bus = (unsigned int)b;
			return true;
		}
	return false;
}

/*
 * Every (bus, remote address) the host had traffic with, sorted, in *@out (NULL when there is
 * none or no memory: *@count 0, and name_bound() then reads the rows itself). One pass over the
 * rows per evaluation: asked per announced name, the rows made the rule quadratic (rpmsg-top
 * with 1000 endpoints spent half its refresh here).
 */
static void bound_index(const struct rpmsg_doctor *d, struct bound_addr **out, size_t *count,
			bool *built)
{
	uint32_t rows = rpmsg_collector_endpoint_count(d->collector);
	struct bound_addr *idx = rows ? malloc(rows * sizeof(*idx)) : NULL;
	size_t n = 0;

	*built = !rows || idx;
	for (uint32_t id = 0; idx && id < rows; id++) {
		struct rpmsg_collector_endpoint_stats st;
		unsigned int bus;

		if (!rpmsg_collector_endpoint(d->collector, id, &st) && row_binds(d, &st, &bus))
			idx[n++] = (struct bound_addr){.bus = bus, .addr = st.remote};
	}
	if (n)
		qsort(idx, n, sizeof(*idx), bound_addr_cmp);
	*out = idx;
	*count = n;
}

/*
 * A host endpoint of @name on @bus, or traffic the host had with the remote address @addr (in
 * @idx when @built, else read from the rows).
 */
static bool name_bound(const struct rpmsg_doctor *d, const struct bound_addr *idx, size_t count,
		       bool built, unsigned int bus, const char *name, uint32_t addr)
{
	struct bound_addr key = {.bus = bus, .addr = addr};
	uint32_t rows = rpmsg_collector_endpoint_count(d->collector);

	for (size_t i = 0; i < d->ept_count; i++)
		if (d->epts[i].bus == bus && d->epts[i].side == SIDE_HOST &&
		    !strncmp(d->epts[i].name, name, RPMSG_EVENT_NAME_LEN))
			return true;
	if (built)
		return count && bsearch(&key, idx, count, sizeof(*idx), bound_addr_cmp);
	for (uint32_t id = 0; id < rows; id++) {
		struct rpmsg_collector_endpoint_stats st;
		unsigned int row_bus;

		if (!rpmsg_collector_endpoint(d->collector, id, &st) && st.remote == addr &&
		    row_binds(d, &st, &row_bus) && row_bus == bus)
			return true;
	}
	return false;
}

/* The first entry of (bus, origin, name) among the observers: report each name once. */
static bool same_name(const struct doc_name *a, const struct doc_name *b)
{
	return a->bus == b->bus && a->origin == b->origin &&
	       !strncmp(a->name, b->name, RPMSG_EVENT_NAME_LEN);
}

/* Entries by bus, origin, name, then index. */
static int name_order(const void *a, const void *b, void *arg)
{
	const struct rpmsg_doctor *d = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct doc_name *x = &d->names[i], *y = &d->names[j];
	int c;

	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	c = strncmp(x->name, y->name, RPMSG_EVENT_NAME_LEN);
	if (c)
		return c;
	return i < j ? -1 : i > j;
}

/*
 * e->first and e->same_next from one sort of the name entries: asked per entry, comparing
 * every pair made two rules quadratic in the names (rpmsg-top with 1000 endpoints).
 */
static void name_groups(struct eval *e)
{
	size_t n = e->d->name_count;
	size_t *order = malloc(n * sizeof(*order) + 1);

	e->same_next = malloc(n * sizeof(*e->same_next) + 1);
	e->first = malloc(n * sizeof(*e->first) + 1);
	if (!order || !e->same_next || !e->first) {
		free(e->same_next);
		free(e->first);
		e->same_next = NULL;
		e->first = NULL;
		free(order);
		return;
	}
	for (size_t k = 0; k < n; k++)
		order[k] = k;
	qsort_r(order, n, sizeof(*order), name_order, e->d);
	for (size_t k = 0; k < n; k++) {
		bool next =
			k + 1 < n && same_name(&e->d->names[order[k]], &e->d->names[order[k + 1]]);

		e->first[order[k]] =
			!k || !same_name(&e->d->names[order[k - 1]], &e->d->names[order[k]]);
		e->same_next[order[k]] = next ? order[k + 1] : SIZE_MAX;
	}
	free(order);
}

/* The next entry after @index of the same name, or SIZE_MAX. */
static size_t next_of_name(const struct eval *e, size_t index)
{
	if (e->same_next)
		return e->same_next[index];
	for (size_t j = index + 1; j < e->d->name_count; j++)
		if (same_name(&e->d->names[j], &e->d->names[index]))
			return j;
	return SIZE_MAX;
}

/* The first entry of (bus, origin, name) among the observers: report each name once. */
static bool first_of_name(const struct eval *e, size_t index)
{
	if (e->first)
		return e->first[index];
	for (size_t j = 0; j < index; j++)
		if (same_name(&e->d->names[j], &e->d->names[index]))
			return false;
	return true;
}

/*
 * The host made an endpoint for another name the remote announced after @n: it has handled
 * @n's announcement too (the kernel binds in the announcement's own callback), no need to wait
 * for the grace time (a short trace ends before it).
 */
static bool bound_later(const struct rpmsg_doctor *d, const struct doc_name *n)
{
	for (size_t i = 0; i < d->ept_count; i++) {
		const struct doc_ept *x = &d->epts[i];

		if (x->bus == n->bus && x->side == SIDE_HOST && x->created_ns > n->created_ns &&
		    strncmp(x->name, n->name, RPMSG_EVENT_NAME_LEN))
			for (size_t j = 0; j < d->name_count; j++)
				if (d->names[j].bus == n->bus &&
				    d->names[j].origin == SIDE_REMOTE &&
				    d->names[j].created_ns > n->created_ns &&
				    !strncmp(d->names[j].name, x->name, RPMSG_EVENT_NAME_LEN))
					return true;
	}
	return false;
}

static void rule_ns_name_unbound(struct eval *e)
{
	const struct rpmsg_doctor *d = e->d;
	struct bound_addr *idx = NULL;
	size_t idx_count = 0;
	bool indexed = false, built = false;
	char t[32];

	for (size_t i = 0; i < d->name_count; i++) {
		const struct doc_name *n = &d->names[i];
		const struct doc_bus *b = &d->buses[n->bus];
		struct rpmsg_doctor_finding *f;
		bool epts = d->seen[SIDE_HOST][RPMSG_EV_EPT_CREATE] > 0;
		bool later;

		if (n->origin != SIDE_REMOTE || n->destroyed || !n->creates)
			continue;
		later = bound_later(d, n);
		if ((e->now < n->created_ns + RPMSG_DOCTOR_BIND_GRACE_NS && !later) ||
		    !first_of_name(e, i))
			continue;
		if (!indexed) {
			bound_index(d, &idx, &idx_count, &built);
			indexed = true;
		}
		if (name_bound(d, idx, idx_count, built, n->bus, n->name, n->addr))
			continue;
		f = add(e, RPMSG_DOCTOR_NS_NAME_UNBOUND, RPMSG_DOCTOR_WARNING, b->name, 1);
		on_endpoint(f, SIDE_REMOTE, n->addr, n->name);
		evidence(f,
			 "the remote announced \"%s\" at %" PRIu32
			 "; %s later no host endpoint of that name%s, no message sent to %" PRIu32
			 " and none from it delivered%s%s",
			 n->name, n->addr, duration(t, sizeof(t), e->now - n->created_ns),
			 epts ? "" : " (no endpoint events in the input)", n->addr,
			 epts ? "" : ": judged by traffic only",
			 later ? "; the host bound names announced after it" : "");
		fix(f, "name the firmware's endpoint as the host driver's id_table / rpmsg_driver "
		       "name (exact match, at most 31 bytes), or load the driver for this name");
	}
	free(idx);
}

/* One finding per row and direction whose drops of @reason are not zero. */
static void rule_drops(struct eval *e, enum rpmsg_doctor_rule rule, unsigned int reason)
{
	uint32_t rows = rpmsg_collector_endpoint_count(e->d->collector);

	for (uint32_t id = 0; id < rows; id++) {
		struct rpmsg_collector_endpoint_stats st;

		if (rpmsg_collector_endpoint(e->d->collector, id, &st))
			continue;
		for (unsigned int dir = 0; dir < RPMSG_COLLECTOR_DIRS; dir++) {
			const struct rpmsg_collector_traffic *t = &st.dir[dir];
			uint64_t n = t->drops_by_reason[reason];
			bool tx = dir == RPMSG_COLLECTOR_TX;
			struct rpmsg_doctor_finding *f;

			if (!n)
				continue;
			f = add(e, rule, RPMSG_DOCTOR_ERROR, st.bus, n);
			on_row(e, f, id);
			/* where it was dropped: the receiver, or the sender that refused it */
			if (f && reason == RPMSG_DROP_SEND_TOO_BIG)
				f->side = tx ? "host" : "remote";
			else if (f)
				f->side = tx ? "remote" : "host";
			if (rule == RPMSG_DOCTOR_NO_RECIPIENT) {
				evidence(f,
					 "%" PRIu64 " message%s %s %" PRIu32 " -> %s %" PRIu32
					 " dropped: no endpoint at %" PRIu32,
					 n, plural(n), tx ? "host" : "remote",
					 tx ? st.local : st.remote, tx ? "remote" : "host",
					 tx ? st.remote : st.local, tx ? st.remote : st.local);
				fix(f, "create the endpoint before the other side sends to it, or "
				       "send "
				       "to the address the name service announced (an old address "
				       "after a restart is a common cause)");
			} else if (reason == RPMSG_DROP_SEND_TOO_BIG) {
				uint32_t largest = 0;

				for (size_t i = 0; i < e->d->bus_count; i++)
					if (same_bus(e->d->buses[i].name, st.bus))
						largest = e->d->buses[i].too_big_max;
				evidence(f,
					 "%" PRIu64 " send%s %s refused by the sender (-EMSGSIZE; "
					 "largest %" PRIu32 " bytes)",
					 n, plural(n), tx ? "host -> remote" : "remote -> host",
					 largest);
				fix(f, "split messages to rpmsg_get_mtu() bytes (496 with 512-byte "
				       "buffers), or give the bus larger buffers on both sides");
			} else {
				uint32_t largest = 0;

				for (size_t i = 0; i < e->d->bus_count; i++)
					if (same_bus(e->d->buses[i].name, st.bus))
						largest = e->d->buses[i].too_big_max;
				evidence(f,
					 "%" PRIu64
					 " message%s %s dropped as too big (largest %" PRIu32
					 " bytes; a buffer holds %u bytes of payload)",
					 n, plural(n), tx ? "host -> remote" : "remote -> host",
					 largest, RPMSG_EVENT_PAYLOAD_MAX);
				fix(f, "split messages to rpmsg_get_mtu() bytes (496 with 512-byte "
				       "buffers), or give the receiver buffers as large as the "
				       "sender's");
			}
		}
	}
}

/* Why a sender starves, as far as the ring's counts tell, and what to change. */
enum starvation_cause {
	STARVED_KEPT,	       /* the receiver returned nothing since the ring ran dry */
	STARVED_NO_DOORBELL,   /* returned, without the doorbell a waiting sender needs */
	STARVED_NOT_RECLAIMED, /* returned and signalled, never taken back */
	STARVED_UNKNOWN,       /* one side traced */
};

static const char *const starvation_fix[] = {
	[STARVED_KEPT] = "the receiver keeps the buffers: give each back (push it to the used "
			 "ring) when its callback returns; a held buffer or a blocked receive "
			 "loop starves the sender",
	[STARVED_NO_DOORBELL] = "the receiver returns buffers without the doorbell the waiting "
				"sender asked for (used_event, NO_INTERRUPT clear): kick after "
				"pushing used buffers",
	[STARVED_NOT_RECLAIMED] = "the sender does not take returned buffers back from the used "
				  "ring: reclaim them (virtqueue_get_buf) before waiting",
	[STARVED_UNKNOWN] = "the other side returns buffers late (a slow or blocked receive "
			    "callback or thread, doorbells that do not reach it): trace both sides "
			    "to tell which",
};

static void rule_tx_starvation(struct eval *e)
{
	for (size_t i = 0; i < e->d->bus_count; i++) {
		const struct doc_bus *b = &e->d->buses[i];

		for (unsigned int s = 0; s < DOCTOR_SIDES; s++) {
			const struct doc_waits *w = &b->waits[s];
			const char *me = doctor_side_name(s), *peer = doctor_side_name(!s);
			bool both = b->sides_seen == 3u;
			bool stall = both && b->sender_free[s] == 0 && b->empty_since_ns[s] &&
				     b->returned[s] == b->returned_at_empty[s] &&
				     e->now >= b->empty_since_ns[s] + RPMSG_DOCTOR_STALL_NS;
			uint64_t doorbells = b->returns_rung[s] > b->returns_received[s]
						     ? b->returns_rung[s]
						     : b->returns_received[s];
			/* buffers came back after the sender ran dry: it is not the receiver */
			bool returned_since =
				b->empty_since_ns[s] && b->returned[s] > b->returned_at_empty[s];
			struct rpmsg_doctor_finding *f;
			char text[RPMSG_DOCTOR_TEXT_LEN], t1[32], t2[32];
			size_t used = 0;

			if (!w->long_waits && !stall)
				continue;
			f = add(e, RPMSG_DOCTOR_TX_STARVATION,
				w->long_failures || stall ? RPMSG_DOCTOR_ERROR
							  : RPMSG_DOCTOR_WARNING,
				b->name, w->count ? w->count : 1);
			if (f)
				f->side = me;
			if (w->count)
				used += (size_t)snprintf(
					text + used, sizeof(text) - used,
					"%s waited for a TX buffer %" PRIu64 " time%s (%" PRIu64
					" gave up, %" PRIu64 " of at least %s; longest %s); ",
					me, w->count, plural(w->count), w->failures, w->long_waits,
					duration(t1, sizeof(t1), RPMSG_DOCTOR_TX_WAIT_LONG_NS),
					duration(t2, sizeof(t2), w->max_ns));
			if (stall && used < sizeof(text))
				used += (size_t)snprintf(
					text + used, sizeof(text) - used,
					"no free TX buffer for %s, none returned since; ",
					duration(t1, sizeof(t1), e->now - b->empty_since_ns[s]));
			if (both && used < sizeof(text))
				used += (size_t)snprintf(
					text + used, sizeof(text) - used,
					"vq%" PRIu32 ": %s sent %" PRIu64 ", %s took %" PRIu64
					", returned %" PRIu64 ", %s reclaimed %" PRIu64 "; ",
					doctor_ring(s), me, b->published[s], peer, b->taken[s],
					b->returned[s], me, b->reclaimed[s]);
			if (b->doorbells_seen && used < sizeof(text))
				used += (size_t)snprintf(
					text + used, sizeof(text) - used,
					"doorbells for returned buffers: %" PRIu64 "; ", doorbells);
			if (used >= 2 && used < sizeof(text))
				text[used - 2] = 0; /* the last "; " */
			evidence(f, "%s", text);
			/* still dry though buffers came back: unheard of, or not taken back */
			if (both && returned_since && b->doorbells_seen && !doorbells)
				fix(f, starvation_fix[STARVED_NO_DOORBELL]);
			else if (both && returned_since)
				fix(f, starvation_fix[STARVED_NOT_RECLAIMED]);
			else
				fix(f, starvation_fix[both ? STARVED_KEPT : STARVED_UNKNOWN]);
		}
	}
}

static void rule_missing_kicks(struct eval *e)
{
	for (size_t i = 0; i < e->d->bus_count; i++) {
		const struct doc_bus *b = &e->d->buses[i];

		for (unsigned int s = 0; s < DOCTOR_SIDES; s++) {
			uint64_t msgs = b->sent[s] > b->delivered[s] ? b->sent[s] : b->delivered[s];
			bool both = b->sides_seen == 3u;
			bool undelivered = both && b->delivered[s] < b->sent[s];
			struct rpmsg_doctor_finding *f;
			char seen[96];

			if (!b->doorbells_seen || msgs < RPMSG_DOCTOR_MISSING_KICKS_MIN ||
			    b->kicks_rung[s] || b->kicks_received[s] ||
			    (!undelivered && !b->waits[s].count))
				continue;
			f = add(e, RPMSG_DOCTOR_MISSING_KICKS, RPMSG_DOCTOR_ERROR, b->name, msgs);
			if (f)
				f->side = doctor_side_name(s);
			if (both)
				snprintf(seen, sizeof(seen),
					 "%s sent %" PRIu64 ", %s received %" PRIu64,
					 doctor_side_name(s), b->sent[s], doctor_side_name(!s),
					 b->delivered[s]);
			else
				snprintf(seen, sizeof(seen), "%" PRIu64 " messages %s -> %s", msgs,
					 doctor_side_name(s), doctor_side_name(!s));
			evidence(f,
				 "%s; no doorbell on vq%" PRIu32 " rung or received; %s waited "
				 "for TX buffers %" PRIu64 " time%s",
				 seen, doctor_ring(s), doctor_side_name(s), b->waits[s].count,
				 plural(b->waits[s].count));
			fix(f, "ring the doorbell (virtqueue_kick, the mailbox) after adding "
			       "messages when the receiver asks; check the mailbox channel and "
			       "that its notify id is the vring's");
		}
	}
}

static void rule_kick_storm(struct eval *e)
{
	for (size_t i = 0; i < e->d->bus_count; i++) {
		const struct doc_bus *b = &e->d->buses[i];

		for (unsigned int s = 0; s < DOCTOR_SIDES; s++) {
			uint64_t msgs = b->sent[s] > b->delivered[s] ? b->sent[s] : b->delivered[s];
			uint64_t kicks = b->kicks_rung[s] > b->kicks_received[s]
						 ? b->kicks_rung[s]
						 : b->kicks_received[s];
			uint64_t span = b->last_msg_ns[s] - b->first_msg_ns[s];
			double rate = span ? (double)msgs * 1e9 / (double)span : 0;
			bool rings = b->published[s] && b->taken[s] && b->kicks_rung[s];
			struct rpmsg_doctor_finding *f;
			double per;

			if (!msgs || !kicks)
				continue;
			per = (double)kicks / (double)msgs;
			if (per < RPMSG_DOCTOR_KICK_STORM_RATIO)
				continue;
			if (rings ? b->redundant_kicks[s] < RPMSG_DOCTOR_KICK_STORM_MIN
				  : msgs < RPMSG_DOCTOR_KICK_STORM_MIN ||
					    rate < RPMSG_DOCTOR_KICK_STORM_RATE)
				continue;
			f = add(e, RPMSG_DOCTOR_KICK_STORM, RPMSG_DOCTOR_WARNING, b->name, kicks);
			if (f)
				f->side = doctor_side_name(s);
			if (rings)
				evidence(
					f,
					"%" PRIu64 " doorbells for %" PRIu64
					" messages %s -> %s (%.2f per message, %.0f msg/s); "
					"%" PRIu64
					" rung while the %s had not yet taken the previous message",
					kicks, msgs, doctor_side_name(s), doctor_side_name(!s), per,
					rate, b->redundant_kicks[s], doctor_side_name(!s));
			else
				evidence(f,
					 "%" PRIu64 " doorbells for %" PRIu64
					 " messages %s -> %s (%.2f per message, %.0f msg/s)",
					 kicks, msgs, doctor_side_name(s), doctor_side_name(!s),
					 per, rate);
			fix(f, "suppress notifications: negotiate VIRTIO_RING_F_EVENT_IDX (or "
			       "honour VRING_USED_F_NO_NOTIFY) so the receiver asks for a "
			       "doorbell only when it has run dry");
		}
	}
}

static void rule_ept_unannounced(struct eval *e)
{
	const struct rpmsg_doctor *d = e->d;
	char t[32];

	for (size_t i = 0; i < d->ept_count; i++) {
		const struct doc_ept *x = &d->epts[i];
		uint64_t until = x->destroyed ? x->destroyed_ns : e->now;
		struct rpmsg_doctor_finding *f;
		bool announced = false;

		if (x->side != SIDE_REMOTE || !x->name[0] || x->addr == RPMSG_NS_ADDR ||
		    until < x->created_ns + RPMSG_DOCTOR_BIND_GRACE_NS)
			continue;
		for (size_t j = 0; j < d->name_count && !announced; j++)
			announced = d->names[j].bus == x->bus &&
				    d->names[j].origin == SIDE_REMOTE && d->names[j].creates &&
				    !strncmp(d->names[j].name, x->name, RPMSG_EVENT_NAME_LEN);
		if (announced)
			continue;
		f = add(e, RPMSG_DOCTOR_EPT_UNANNOUNCED, RPMSG_DOCTOR_WARNING,
			d->buses[x->bus].name, 1);
		on_endpoint(f, SIDE_REMOTE, x->addr, x->name);
		evidence(f,
			 "remote endpoint \"%s\" at %" PRIu32
			 " created; no name-service announcement of it in the %s after",
			 x->name, x->addr, duration(t, sizeof(t), until - x->created_ns));
		fix(f, "announce it (rpmsg_create_ept() with a name on a device with "
		       "VIRTIO_RPMSG_F_NS announces it in OpenAMP): the host binds a driver only "
		       "to announced names");
	}
}

static void rule_ns_announced_twice(struct eval *e)
{
	const struct rpmsg_doctor *d = e->d;

	for (size_t i = 0; i < d->name_count; i++) {
		const struct doc_name *n = &d->names[i];
		uint64_t most = n->live_max;
		struct rpmsg_doctor_finding *f;

		if (!first_of_name(e, i))
			continue;
		/* the largest count any observer of this name saw */
		for (size_t j = next_of_name(e, i); j != SIZE_MAX; j = next_of_name(e, j))
			if (d->names[j].live_max > most)
				most = d->names[j].live_max;
		if (most < 2)
			continue;
		f = add(e, RPMSG_DOCTOR_NS_ANNOUNCED_TWICE, RPMSG_DOCTOR_WARNING,
			d->buses[n->bus].name, most);
		on_endpoint(f, n->origin, n->addr, n->name);
		evidence(f,
			 "the %s announced \"%s\" %" PRIu64 " times with no destroy between "
			 "(first at %" PRIu32 ", last at %" PRIu32 ")",
			 doctor_side_name(n->origin), n->name, most, n->addr_first, n->addr);
		fix(f, "announce an endpoint once; send the name-service destroy before announcing "
		       "it again (e.g. when the firmware restarts its services)");
	}
}

static void rule_destroyed_in_flight(struct eval *e)
{
	for (size_t i = 0; i < e->d->destroyed_count; i++) {
		const struct doc_destroyed *x = &e->d->destroyed[i];
		enum rpmsg_collector_dir dir =
			x->side == SIDE_HOST ? RPMSG_COLLECTOR_RX : RPMSG_COLLECTOR_TX;
		int64_t after = e->d->rows[x->row_id].since_gone_max[dir];
		uint64_t in_flight =
			x->in_flight > (uint64_t)after ? x->in_flight : (uint64_t)after;
		struct rpmsg_collector_endpoint_stats st;
		struct rpmsg_doctor_finding *f;

		if (!in_flight || rpmsg_collector_endpoint(e->d->collector, x->row_id, &st))
			continue;
		f = add(e, RPMSG_DOCTOR_DESTROYED_IN_FLIGHT, RPMSG_DOCTOR_WARNING, st.bus,
			in_flight);
		on_row(e, f, x->row_id);
		if (f)
			f->side = doctor_side_name(x->side);
		evidence(f,
			 "the %s destroyed endpoint %" PRIu32 " with %" PRIu64
			 " message%s to it in flight (sent %" PRIu64 ", delivered %" PRIu64 ")",
			 doctor_side_name(x->side), x->side == SIDE_HOST ? st.local : st.remote,
			 in_flight, plural(in_flight), x->sent, x->delivered);
		fix(f, "stop the senders and let in-flight messages drain (or wait for the other "
		       "side's destroy) before destroying an endpoint: later ones are dropped");
	}
}

static void rule_remote_silent(struct eval *e)
{
	for (size_t i = 0; i < e->d->bus_count; i++) {
		const struct doc_bus *b = &e->d->buses[i];
		struct rpmsg_doctor_finding *f;
		char t[32];

		if (!b->remote_alive || b->sends_since_life < RPMSG_DOCTOR_SILENT_MIN_SENDS ||
		    e->now < b->last_life_ns + RPMSG_DOCTOR_SILENT_NS ||
		    b->last_send_ns < b->last_life_ns + RPMSG_DOCTOR_SILENT_NS)
			continue;
		f = add(e, RPMSG_DOCTOR_REMOTE_SILENT, RPMSG_DOCTOR_ERROR, b->name,
			b->sends_since_life);
		if (f)
			f->side = "remote";
		evidence(f,
			 "no sign of the remote for %s (no event of its own, no message, doorbell "
			 "or "
			 "returned buffer) while the host sent %" PRIu64 " messages",
			 duration(t, sizeof(t), e->now - b->last_life_ns), b->sends_since_life);
		fix(f, "the remote stopped (crashed, hung, or stuck in a callback): check its "
		       "console or trace buffer, its watchdog and /sys/class/remoteproc/*/state");
	}
}

static void rule_slow_callback(struct eval *e)
{
	for (size_t id = 0; id < e->d->row_cap; id++) {
		const struct doc_row *cb = &e->d->rows[id];

		for (unsigned int s = 0; s < DOCTOR_SIDES; s++) {
			struct rpmsg_doctor_finding *f;
			char t1[32], t2[32];

			if (cb->slow[s] < RPMSG_DOCTOR_SLOW_CALLBACK_MIN ||
			    (double)cb->slow[s] <
				    RPMSG_DOCTOR_SLOW_CALLBACK_SHARE * (double)cb->measured[s])
				continue;
			f = add(e, RPMSG_DOCTOR_SLOW_CALLBACK, RPMSG_DOCTOR_WARNING, "",
				cb->slow[s]);
			on_row(e, f, (uint32_t)id);
			if (f) {
				struct rpmsg_collector_endpoint_stats st;

				if (!rpmsg_collector_endpoint(e->d->collector, (uint32_t)id, &st))
					snprintf(f->bus, sizeof(f->bus), "%s", st.bus);
				f->side = doctor_side_name(s);
			}
			evidence(f,
				 "%" PRIu64 " of %" PRIu64
				 " receive callbacks on the %s took %s or "
				 "more (longest %s)",
				 cb->slow[s], cb->measured[s], doctor_side_name(s),
				 duration(t1, sizeof(t1), RPMSG_DOCTOR_SLOW_CALLBACK_NS),
				 duration(t2, sizeof(t2), cb->max_ns[s]));
			fix(f, "return from the receive callback quickly: it holds the buffer and "
			       "every channel behind it; queue the work to a thread");
		}
	}
}

int rpmsg_doctor_evaluate(struct rpmsg_doctor *d, uint64_t now_ns, struct rpmsg_doctor_finding *out,
			  size_t max)
{
	struct eval e = {.d = d, .now = now_ns, .out = out, .max = out ? max : 0};
	size_t first;

	if (!d)
		return -EINVAL;
	name_groups(&e);
	rule_lost_events(&e);
	first = e.count;
	rule_ns_name_unbound(&e);
	rule_drops(&e, RPMSG_DOCTOR_NO_RECIPIENT, RPMSG_DROP_NO_RECIPIENT);
	rule_tx_starvation(&e);
	rule_missing_kicks(&e);
	rule_kick_storm(&e);
	rule_drops(&e, RPMSG_DOCTOR_OVERSIZE, RPMSG_DROP_TOO_BIG);
	rule_drops(&e, RPMSG_DOCTOR_OVERSIZE, RPMSG_DROP_SEND_TOO_BIG);
	rule_ept_unannounced(&e);
	rule_ns_announced_twice(&e);
	rule_destroyed_in_flight(&e);
	rule_remote_silent(&e);
	rule_slow_callback(&e);
	/* lost events can fake any absence or imbalance: never a certainty after them */
	if (first)
		for (size_t i = first; i < e.count && i < e.max; i++)
			e.out[i].uncertain = true;
	free(e.same_next);
	free(e.first);
	return e.count > INT32_MAX ? INT32_MAX : (int)e.count;
}
