// SPDX-License-Identifier: MIT
/*
 * The Chrome Trace Event Format writer (see chrome_trace.h): the collector says which row and
 * direction each message belongs to (its message and delivery callbacks), this file keeps only
 * what the collector does not: the messages still waiting for their other side, so that one that
 * never gets it is written as an instant instead of being lost from the timeline.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/text.h>

#include "chrome_trace.h"

/* "NAME local->remote": a 31-byte name, two 10-digit addresses, the arrow. */
#define LABEL_SIZE 64

/* One message waiting for its other side (the collector's matching FIFO, mirrored). */
struct pending {
	uint64_t ts_ns;
	uint32_t len, src, dst;
};

struct pending_fifo {
	struct pending *queue;
	uint32_t head, count, cap;
	bool receives; /* the kind of every entry: receives, else sends */
};

struct row {
	bool used;	    /* something of it is in the file: its track is named at the end */
	uint32_t pid;	    /* its bus's process */
	uint64_t label_gen; /* t->names_gen the label was made in; 0: not yet */
	char label[LABEL_SIZE];
	struct pending_fifo fifo[RPMSG_COLLECTOR_DIRS];
};

struct vring_track {
	char bus[RPMSG_EVENT_BUS_LEN + 1];
	uint32_t pid, vq;
	int64_t with_remote, unreclaimed, num_free; /* last written; INT64_MIN: nothing yet */
};

/* The row a message event was queued on, from the message callback, for the observer. */
struct kept {
	bool valid;
	uint32_t id;
	enum rpmsg_collector_dir dir;
};

struct chrome_trace {
	FILE *f;
	struct rpmsg_collector *c;
	uint64_t origin_ns;
	struct row *rows;
	uint32_t row_count;
	struct vring_track *vrings;
	uint32_t vring_count;
	char (*buses)[RPMSG_EVENT_BUS_LEN + 1];
	uint32_t bus_count;
	uint64_t names_gen; /* bumped by every event that may rename a row */
	uint64_t next_id;   /* async slice ids */
	struct kept kept;
	bool written; /* the current event stands for something in the file */
	int error;    /* -ENOMEM met in a callback (they cannot return it) */
	bool attached;
	struct chrome_trace_counts counts;
};

static const char *const dir_names[RPMSG_COLLECTOR_DIRS] = {"tx", "rx"};

/* ---- output ------------------------------------------------------------------------------ */

/* @ns as microseconds since the origin, with the nanoseconds as three decimals. */
static void put_ts(struct chrome_trace *t, uint64_t ns)
{
	uint64_t d = ns >= t->origin_ns ? ns - t->origin_ns : t->origin_ns - ns;

	fprintf(t->f, "%s%" PRIu64 ".%03u", ns >= t->origin_ns ? "" : "-", d / 1000,
		(unsigned int)(d % 1000));
}

/* Open one JSON event: the fields every phase has. The caller adds its own and closes it. */
static void event_head(struct chrome_trace *t, const char *ph, uint32_t pid, uint32_t tid,
		       uint64_t ns, const char *name)
{
	fprintf(t->f, "%s{\"ph\":\"%s\",\"pid\":%u,\"tid\":%u,\"ts\":",
		t->counts.json_events ? ",\n" : "", ph, pid, tid);
	put_ts(t, ns);
	fputs(",\"name\":", t->f);
	rpmsg_json_print(t->f, name, SIZE_MAX);
	t->counts.json_events++;
}

/* A metadata event (they carry no time: ts 0, as Chrome writes them). */
static void metadata_event(struct chrome_trace *t, uint32_t pid, uint32_t tid, const char *what,
			   const char *key, const char *text, uint64_t number)
{
	fprintf(t->f,
		"%s{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"ts\":0,\"name\":\"%s\",\"args\":{\"%s\":",
		t->counts.json_events ? ",\n" : "", pid, tid, what, key);
	if (text)
		rpmsg_json_print(t->f, text, SIZE_MAX);
	else
		fprintf(t->f, "%" PRIu64, number);
	fputs("}}", t->f);
	t->counts.json_events++;
}

/* ---- buses, rows, vrings ------------------------------------------------------------------ */

/* The process of bus @name (1, 2, ... in order of appearance). Return: the pid, 0 on -ENOMEM. */
static uint32_t bus_pid(struct chrome_trace *t, const char *name)
{
	void *grown;

	for (uint32_t i = 0; i < t->bus_count; i++)
		if (!strncmp(t->buses[i], name, RPMSG_EVENT_BUS_LEN))
			return i + 1;
	grown = realloc(t->buses, (t->bus_count + 1) * sizeof(t->buses[0]));
	if (!grown) {
		t->error = -ENOMEM;
		return 0;
	}
	t->buses = grown;
	snprintf(t->buses[t->bus_count], sizeof(t->buses[0]), "%.*s", RPMSG_EVENT_BUS_LEN, name);
	return ++t->bus_count;
}

/* Row @id with its label up to date with the names learned so far. Return: NULL on -ENOMEM. */
static struct row *row_get(struct chrome_trace *t, uint32_t id)
{
	struct rpmsg_collector_endpoint_stats st;
	struct row *r;

	if (id >= t->row_count) {
		uint32_t n = id + 1 > 2 * t->row_count ? id + 1 : 2 * t->row_count;
		struct row *grown = realloc(t->rows, n * sizeof(*grown));

		if (!grown) {
			t->error = -ENOMEM;
			return NULL;
		}
		memset(grown + t->row_count, 0, (n - t->row_count) * sizeof(*grown));
		t->rows = grown;
		t->row_count = n;
	}
	r = &t->rows[id];
	if (r->label_gen == t->names_gen)
		return r;
	if (rpmsg_collector_endpoint(t->c, id, &st))
		return NULL;
	/* the collector's row name, as its tables print it ("?" when none is known yet) */
	snprintf(r->label, sizeof(r->label), "%.*s %u->%u", RPMSG_EVENT_NAME_LEN,
		 st.name[0] ? st.name : "?", st.local, st.remote);
	r->pid = bus_pid(t, st.bus);
	r->label_gen = t->names_gen;
	return r->pid ? r : NULL;
}

static struct pending *fifo_at(struct pending_fifo *q, uint32_t i)
{
	return &q->queue[(q->head + i) % q->cap];
}

static void fifo_pop(struct pending_fifo *q, struct pending *out)
{
	*out = *fifo_at(q, 0);
	q->head = (q->head + 1) % q->cap;
	q->count--;
}

/* ---- what the timeline shows ------------------------------------------------------------ */

/* A message seen on one side only (the collector gave up matching it). */
static void one_sided(struct chrome_trace *t, uint32_t id, enum rpmsg_collector_dir dir,
		      bool receive, const struct pending *m, const char *why)
{
	struct row *r = row_get(t, id);

	if (!r)
		return;
	r->used = true;
	event_head(t, "i", r->pid, id + 1, m->ts_ns,
		   receive ? "delivered (send not seen)" : "sent (delivery not seen)");
	fprintf(t->f,
		",\"s\":\"t\",\"cat\":\"rpmsg\",\"args\":{\"dir\":\"%s\",\"len\":%u,\"src\":%u,"
		"\"dst\":%u%s%s%s}}",
		dir_names[dir], m->len, m->src, m->dst, why ? ",\"why\":\"" : "", why ? why : "",
		why ? "\"" : "");
	t->counts.one_sided++;
}

/* Every waiting message of @q as one-sided (the collector discarded them). */
static void fifo_flush(struct chrome_trace *t, uint32_t id, enum rpmsg_collector_dir dir,
		       struct pending_fifo *q, const char *why)
{
	struct pending m;

	while (q->count) {
		fifo_pop(q, &m);
		one_sided(t, id, dir, q->receives, &m, why);
	}
}

/* Queue a message that waits for its other side, as the collector does (pending_push()). */
static void fifo_push(struct chrome_trace *t, uint32_t id, enum rpmsg_collector_dir dir,
		      bool receive, const struct rpmsg_event *ev)
{
	struct row *r = row_get(t, id);
	struct pending_fifo *q;
	struct pending m;

	if (!r)
		return;
	q = &r->fifo[dir];
	/* the collector found no partner among the other kind: it discarded them all */
	if (q->count && q->receives != receive)
		fifo_flush(t, id, dir, q, NULL);
	if (q->count == q->cap) {
		if (q->cap >= RPMSG_COLLECTOR_LATENCY_PENDING_MAX) {
			/* full: the collector discards the oldest, so does the timeline */
			fifo_pop(q, &m);
			one_sided(t, id, dir, q->receives, &m, NULL);
		} else {
			uint32_t cap = q->cap ? 2 * q->cap : 16;
			struct pending *grown = malloc(cap * sizeof(*grown));

			if (!grown) {
				t->error = -ENOMEM;
				return;
			}
			for (uint32_t i = 0; i < q->count; i++)
				grown[i] = *fifo_at(q, i);
			free(q->queue);
			q->queue = grown;
			q->head = 0;
			q->cap = cap;
		}
	}
	q->receives = receive;
	*fifo_at(q, q->count) = (struct pending){
		.ts_ns = ev->ts_ns, .len = ev->msg.len, .src = ev->msg.src, .dst = ev->msg.dst};
	q->count++;
}

static void on_message(const struct rpmsg_collector *c, uint32_t id,
		       const struct rpmsg_collector_message *msg, void *priv)
{
	struct chrome_trace *t = priv;

	(void)c;
	/* the observer, called next for the same event, knows whether it is a send */
	t->kept = (struct kept){.valid = true, .id = id, .dir = msg->dir};
}

static void on_delivery(const struct rpmsg_collector *c, uint32_t id, enum rpmsg_collector_dir dir,
			uint64_t send_ns, uint64_t recv_ns, uint32_t len, void *priv)
{
	struct chrome_trace *t = priv;
	struct row *r = row_get(t, id);
	uint64_t end = recv_ns > send_ns ? recv_ns : send_ns;
	uint64_t slice = ++t->next_id, lat = end - send_ns;
	struct pending m;

	(void)c;
	t->kept.valid = false; /* a matched event is not queued (nor one the collector refused) */
	if (!r)
		return;
	/* the partner is the oldest waiting message of this length; older ones were discarded */
	while (r->fifo[dir].count) {
		fifo_pop(&r->fifo[dir], &m);
		if (m.len == len)
			break;
		one_sided(t, id, dir, r->fifo[dir].receives, &m, NULL);
	}
	r->used = true;
	event_head(t, "b", r->pid, id + 1, send_ns, r->label);
	fprintf(t->f,
		",\"cat\":\"rpmsg\",\"id\":\"0x%" PRIx64 "\",\"args\":{\"dir\":\"%s\",\"len\":%u,"
		"\"latency_us\":%" PRIu64 ".%03u}}",
		slice, dir_names[dir], len, lat / 1000, (unsigned int)(lat % 1000));
	event_head(t, "e", r->pid, id + 1, end, r->label);
	fprintf(t->f, ",\"cat\":\"rpmsg\",\"id\":\"0x%" PRIx64 "\"}", slice);
	t->counts.slices++;
	t->written = true;
}

/*
 * The row and direction of a drop or a TX wait, by collector.h's KEY AND DIRECTION RULE (a drop
 * is seen by the receiver, a wait by the sender). Return: the row id, or -1 if it has none.
 */
static int64_t event_row(const struct chrome_trace *t, const struct rpmsg_event *ev,
			 bool sender_view, uint32_t src, uint32_t dst,
			 enum rpmsg_collector_dir *dir)
{
	bool host = ev->role != RPMSG_EVENT_ROLE_REMOTE;
	char bus[RPMSG_EVENT_BUS_LEN + 1];
	int64_t id;

	snprintf(bus, sizeof(bus), "%.*s", RPMSG_EVENT_BUS_LEN, ev->bus);
	*dir = host == sender_view ? RPMSG_COLLECTOR_TX : RPMSG_COLLECTOR_RX;
	if (*dir == RPMSG_COLLECTOR_TX)
		id = rpmsg_collector_find_endpoint(t->c, bus, src, dst);
	else
		id = rpmsg_collector_find_endpoint(t->c, bus, dst, src);
	return id < 0 ? -1 : id;
}

static void drop_event(struct chrome_trace *t, const struct rpmsg_event *ev)
{
	const char *reason = rpmsg_collector_drop_reason_name(ev->drop.reason);
	enum rpmsg_collector_dir dir;
	int64_t id = event_row(t, ev, false, ev->drop.src, ev->drop.dst, &dir);
	char name[64];
	struct pending m;
	struct row *r;

	if (id < 0 || !(r = row_get(t, (uint32_t)id)))
		return;
	/* the collector lets the dropped message's send go unmatched (traffic_drop()) */
	if (r->fifo[dir].count && !r->fifo[dir].receives &&
	    fifo_at(&r->fifo[dir], 0)->len == ev->drop.len) {
		fifo_pop(&r->fifo[dir], &m);
		one_sided(t, (uint32_t)id, dir, false, &m, "dropped");
	}
	snprintf(name, sizeof(name), "drop: %s", reason ? reason : "other");
	r->used = true;
	event_head(t, "i", r->pid, (uint32_t)id + 1, ev->ts_ns, name);
	fprintf(t->f,
		",\"s\":\"t\",\"cat\":\"rpmsg\",\"args\":{\"dir\":\"%s\",\"len\":%u,\"src\":%u,"
		"\"dst\":%u,\"reason\":%u}}",
		dir_names[dir], ev->drop.len, ev->drop.src, ev->drop.dst, ev->drop.reason);
	t->counts.drops++;
	t->written = true;
}

static void tx_wait_event(struct chrome_trace *t, const struct rpmsg_event *ev)
{
	enum rpmsg_collector_dir dir;
	int64_t id = event_row(t, ev, true, ev->tx_wait.src, ev->tx_wait.dst, &dir);
	uint64_t waited = ev->tx_wait.waited_ns;
	struct row *r;

	if (id < 0 || !(r = row_get(t, (uint32_t)id)))
		return;
	r->used = true;
	event_head(t, "i", r->pid, (uint32_t)id + 1, ev->ts_ns, "tx wait");
	fprintf(t->f,
		",\"s\":\"t\",\"cat\":\"rpmsg\",\"args\":{\"dir\":\"%s\",\"src\":%u,\"dst\":%u,"
		"\"waited_us\":%" PRIu64 ".%03u,\"outcome\":%d}}",
		dir_names[dir], ev->tx_wait.src, ev->tx_wait.dst, waited / 1000,
		(unsigned int)(waited % 1000), ev->tx_wait.outcome);
	t->counts.tx_waits++;
	t->written = true;
}

/* The vring track of (@ev's bus, @vq), learning new vrings from the collector. NULL: none. */
static struct vring_track *vring_get(struct chrome_trace *t, const struct rpmsg_event *ev,
				     uint32_t *id)
{
	uint32_t n = rpmsg_collector_vring_count(t->c);

	if (n > t->vring_count) {
		struct vring_track *grown = realloc(t->vrings, n * sizeof(*grown));

		if (!grown) {
			t->error = -ENOMEM;
			return NULL;
		}
		t->vrings = grown;
		for (uint32_t i = t->vring_count; i < n; i++) {
			struct rpmsg_collector_vring_stats st;
			struct vring_track *v = &t->vrings[i];

			rpmsg_collector_vring(t->c, i, &st);
			snprintf(v->bus, sizeof(v->bus), "%.*s", RPMSG_EVENT_BUS_LEN, st.bus);
			v->vq = st.vq;
			v->pid = bus_pid(t, st.bus);
			v->with_remote = v->unreclaimed = v->num_free = INT64_MIN;
		}
		t->vring_count = n;
	}
	for (uint32_t i = 0; i < t->vring_count; i++) {
		if (t->vrings[i].vq == ev->vring.vq &&
		    !strncmp(t->vrings[i].bus, ev->bus, RPMSG_EVENT_BUS_LEN)) {
			*id = i;
			return &t->vrings[i];
		}
	}
	return NULL;
}

/*
 * A counter sample when what the ring holds changed: the buffers with the remote (-1 until both
 * sides were seen: then not written), those the host has not reclaimed, the driver's free ones
 * (collector.h, VRINGS).
 */
static void vring_event(struct chrome_trace *t, const struct rpmsg_event *ev)
{
	static const char *const roles[] = {" (host RX)", " (host TX)"};
	struct rpmsg_collector_vring_stats st;
	struct vring_track *v;
	char name[48];
	uint32_t id;

	v = vring_get(t, ev, &id);
	if (!v || rpmsg_collector_vring(t->c, id, &st))
		return;
	if (v->with_remote == st.with_remote && v->unreclaimed == st.unreclaimed &&
	    v->num_free == st.num_free)
		return;
	v->with_remote = st.with_remote;
	v->unreclaimed = st.unreclaimed;
	v->num_free = st.num_free;
	snprintf(name, sizeof(name), "vq%u%s", v->vq, v->vq < 2 ? roles[v->vq] : "");
	event_head(t, "C", v->pid, 0, ev->ts_ns, name);
	fprintf(t->f, ",\"args\":{\"unreclaimed\":%u", st.unreclaimed);
	if (st.with_remote >= 0)
		fprintf(t->f, ",\"with_remote\":%" PRId64, st.with_remote);
	if (st.num_free >= 0)
		fprintf(t->f, ",\"num_free\":%" PRId64, st.num_free);
	fputs("}}", t->f);
	t->counts.counter_samples++;
	t->written = true;
}

/* The stream's first failure with its errno, read while it is still the failed write's. */
static void note_write_error(struct chrome_trace *t)
{
	if (!t->error && ferror(t->f))
		t->error = errno ? -errno : -EIO;
}

static void on_event(const struct rpmsg_collector *c, const struct rpmsg_event *ev, void *priv)
{
	struct chrome_trace *t = priv;

	(void)c;
	t->counts.events_read++;
	switch (ev->type) {
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		/* kept: it waits for its other side; else the delivery callback drew it */
		if (t->kept.valid) {
			fifo_push(t, t->kept.id, t->kept.dir, ev->type == RPMSG_EV_MSG_RECV, ev);
			t->written = true;
		}
		break;
	case RPMSG_EV_DROP:
		drop_event(t, ev);
		break;
	case RPMSG_EV_TX_WAIT:
		tx_wait_event(t, ev);
		break;
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		vring_event(t, ev);
		break;
	case RPMSG_EV_NS_ANNOUNCE:
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		t->names_gen++; /* rows are relabelled when next used */
		break;
	default: /* doorbells */
		break;
	}
	if (!t->written)
		t->counts.events_skipped++;
	t->written = false;
	t->kept.valid = false;
	note_write_error(t);
}

/* ---- the document ------------------------------------------------------------------------ */

static void detach(struct chrome_trace *t)
{
	if (!t->attached)
		return;
	rpmsg_collector_set_event_observer(t->c, NULL, NULL);
	rpmsg_collector_set_delivery_callback(t->c, NULL, NULL);
	rpmsg_collector_set_message_callback(t->c, NULL, NULL);
	t->attached = false;
}

int chrome_trace_start(FILE *out, struct rpmsg_collector *c, uint64_t origin_ns,
		       struct chrome_trace **out_trace)
{
	struct chrome_trace *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->f = out;
	t->c = c;
	t->origin_ns = origin_ns;
	t->names_gen = 1;
	errno = 0;
	fputs("{\"traceEvents\":[\n", out);
	rpmsg_collector_set_event_observer(c, on_event, t);
	rpmsg_collector_set_delivery_callback(c, on_delivery, t);
	rpmsg_collector_set_message_callback(c, on_message, t);
	t->attached = true;
	*out_trace = t;
	return ferror(out) ? -EIO : 0;
}

int chrome_trace_finish(struct chrome_trace *t, const char *trace, const char *clock_note)
{
	struct rpmsg_collector_totals totals;
	const struct chrome_trace_counts *n = &t->counts;

	detach(t);
	for (uint32_t id = 0; id < t->row_count; id++)
		for (int dir = 0; dir < RPMSG_COLLECTOR_DIRS; dir++)
			fifo_flush(t, id, (enum rpmsg_collector_dir)dir, &t->rows[id].fifo[dir],
				   NULL);
	/* names last: the rows' final names (metadata applies to the whole file) */
	for (uint32_t i = 0; i < t->bus_count; i++) {
		char name[RPMSG_EVENT_BUS_LEN + 16];

		snprintf(name, sizeof(name), "rpmsg bus %s", t->buses[i]);
		metadata_event(t, i + 1, 0, "process_name", "name", name, 0);
	}
	t->names_gen++;
	for (uint32_t id = 0; id < t->row_count; id++) {
		struct row *r;

		if (!t->rows[id].used || !(r = row_get(t, id)))
			continue;
		metadata_event(t, r->pid, id + 1, "thread_name", "name", r->label, 0);
		metadata_event(t, r->pid, id + 1, "thread_sort_index", "sort_index", NULL, id);
	}
	rpmsg_collector_get_totals(t->c, &totals);
	fputs("\n],\n\"displayTimeUnit\":\"ns\",\n\"metadata\":{\"generator\":\"rpmsg-trace "
	      "export\","
	      "\"trace\":",
	      t->f);
	rpmsg_json_print(t->f, trace, SIZE_MAX);
	fputs(",\"clock\":", t->f);
	rpmsg_json_print(t->f, clock_note, SIZE_MAX);
	/* a string: exact where a JSON number read as a double is not */
	fprintf(t->f,
		",\"origin_ns\":\"%" PRIu64 "\",\"events_read\":%" PRIu64
		",\"events_skipped\":%" PRIu64 ",\"events_rejected\":%" PRIu64
		",\"events_lost\":%" PRIu64 ",\"message_slices\":%" PRIu64
		",\"one_sided_messages\":%" PRIu64 ",\"drops\":%" PRIu64 ",\"tx_waits\":%" PRIu64
		",\"counter_samples\":%" PRIu64 ",\"json_events\":%" PRIu64 "}}\n",
		t->origin_ns, n->events_read, n->events_skipped, totals.rejected_events,
		totals.lost_events, n->slices, n->one_sided, n->drops, n->tx_waits,
		n->counter_samples, n->json_events);
	if (fflush(t->f))
		note_write_error(t);
	note_write_error(t);
	return t->error;
}

int chrome_trace_error(const struct chrome_trace *t)
{
	return t->error;
}

const struct chrome_trace_counts *chrome_trace_counts(const struct chrome_trace *t)
{
	return &t->counts;
}

void chrome_trace_free(struct chrome_trace *t)
{
	if (!t)
		return;
	detach(t);
	for (uint32_t id = 0; id < t->row_count; id++)
		for (int dir = 0; dir < RPMSG_COLLECTOR_DIRS; dir++)
			free(t->rows[id].fifo[dir].queue);
	free(t->rows);
	free(t->vrings);
	free(t->buses);
	free(t);
}
