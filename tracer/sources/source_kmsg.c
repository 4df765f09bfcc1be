// SPDX-License-Identifier: MIT
/*
 * Kernel-log source (--kmsg FILE): rpmsg dynamic-debug lines decoded by tracer/kmsg into events.
 * A file (dmesg output, a saved /dev/kmsg) is replayed like a trace, read ahead only as far as
 * the replay clock needs (memory stays small for long logs); a character device (/dev/kmsg
 * itself) is followed live. Lines that looked like rpmsg lines but
 * did not parse, dump rows without their header line (a log read from the middle) and log
 * records overwritten before we read them count as lost events. A file with nothing decodable
 * but such lines is refused when opened.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <rpmsg-scope/kmsg.h>

#include <rpmsg-scope/clock.h>
#include "replay_queue.h"
#include "source.h"

struct kmsg_source {
	struct rpmsg_source base;
	struct rpmsg_kmsg_parser *parser;
	struct rpmsg_kmsg_live *live;
	struct replay_queue queue;
	struct rpmsg_kmsg_stats reported;
	FILE *file; /* replayed file, read ahead lazily */
	bool at_end;
	char path[128]; /* for the note while no rpmsg line was seen */
};

/* Feed lines until an event later than @until is queued, or the file ends. */
static void read_ahead(struct kmsg_source *s, uint64_t until)
{
	while (!s->at_end && (!replay_queue_length(&s->queue) || s->queue.last_ts <= until)) {
		/* bounded: an endless line in a corrupt file is skipped, not held */
		if (rpmsg_kmsg_read_line(s->parser, s->file) <= 0) {
			rpmsg_kmsg_parser_flush(s->parser);
			s->at_end = true;
			break;
		}
	}
}

static int on_event(const struct rpmsg_event *ev, const struct rpmsg_kmsg_event_info *info,
		    void *ctx)
{
	struct kmsg_source *s = ctx;

	return replay_queue_push(&s->queue, ev);
}

static void report_lost(struct kmsg_source *s, struct rpmsg_collector *c)
{
	struct rpmsg_kmsg_stats now;

	rpmsg_kmsg_parser_get_stats(s->parser, &now);
	if (now.malformed_lines > s->reported.malformed_lines)
		rpmsg_collector_add_lost(c, "kmsg-malformed",
					 now.malformed_lines - s->reported.malformed_lines);
	/* dump rows whose header line was not in the log (read from the middle): shown, not
	 * decoded */
	if (now.orphaned_lines > s->reported.orphaned_lines)
		rpmsg_collector_add_lost(c, "kmsg-orphaned-dump",
					 now.orphaned_lines - s->reported.orphaned_lines);
	if (now.lost_records > s->reported.lost_records)
		rpmsg_collector_add_lost(c, "kmsg-overwritten",
					 now.lost_records - s->reported.lost_records);
	s->reported = now;
}

/* The command that turns the kernel's rpmsg debug lines on (tracer/ddebug's preset). */
#define DDEBUG_ON "rpmsg-ddebug on rpmsg"

/*
 * describe_silence() - the note while no rpmsg line was seen: an empty table from a kernel log
 * means dynamic_debug is off for rpmsg far more often than a quiet link. Return: true if silent.
 */
static bool describe_silence(struct kmsg_source *s, const char *path)
{
	struct rpmsg_kmsg_stats st;

	rpmsg_kmsg_parser_get_stats(s->parser, &st);
	if (st.rpmsg_lines) {
		s->base.note[0] = '\0';
		return false;
	}
	snprintf(s->base.note, sizeof(s->base.note),
		 "no rpmsg debug lines %s %.60s (%llu lines read): turn them on with: " DDEBUG_ON,
		 s->live ? "seen yet in" : "in", path, (unsigned long long)st.lines);
	return true;
}

static int kmsg_advance(struct rpmsg_source *base, struct rpmsg_collector *c, uint64_t until)
{
	struct kmsg_source *s = (struct kmsg_source *)base;
	size_t n;

	if (s->file)
		read_ahead(s, until);
	n = replay_queue_deliver(&s->queue, c, until);
	report_lost(s, c);
	if (s->live && s->base.note[0])
		describe_silence(s, s->path);
	if (!s->live && s->at_end && !replay_queue_length(&s->queue))
		base->ended = true;
	return (int)n;
}

static int kmsg_poll(struct rpmsg_source *base, struct rpmsg_collector *c, int timeout_ms)
{
	struct kmsg_source *s = (struct kmsg_source *)base;
	int n;

	if (s->live) {
		struct pollfd pfd = {.fd = rpmsg_kmsg_live_fd(s->live), .events = POLLIN};

		if (poll(&pfd, 1, timeout_ms) > 0)
			rpmsg_kmsg_live_read(s->live, s->parser);
		else
			rpmsg_kmsg_parser_flush(s->parser);
		return kmsg_advance(base, c, UINT64_MAX);
	}
	n = s->queue.paused ? 0 : kmsg_advance(base, c, replay_queue_now(&s->queue));
	replay_queue_idle(n, timeout_ms, base->ended);
	return n;
}

static int kmsg_sync(struct rpmsg_source *base, struct rpmsg_collector *c)
{
	return kmsg_poll(base, c, 0) < 0 ? -EIO : 0;
}

static uint64_t kmsg_now(struct rpmsg_source *base)
{
	struct kmsg_source *s = (struct kmsg_source *)base;

	if (s->live) {
		/* printk time is the monotonic clock since boot */
		uint64_t now = rpmsg_now_ns();

		return now > s->queue.last_ts ? now : s->queue.last_ts + 1;
	}
	return replay_queue_now(&s->queue);
}

static void kmsg_set_paused(struct rpmsg_source *base, bool paused)
{
	struct kmsg_source *s = (struct kmsg_source *)base;

	if (!s->live)
		replay_queue_set_paused(&s->queue, paused);
}

static void kmsg_close(struct rpmsg_source *base)
{
	struct kmsg_source *s = (struct kmsg_source *)base;

	rpmsg_kmsg_live_close(s->live);
	if (s->file)
		fclose(s->file);
	rpmsg_kmsg_parser_free(s->parser);
	replay_queue_free(&s->queue);
	free(s);
}

static const struct rpmsg_source_ops kmsg_ops = {
	.poll = kmsg_poll,
	.sync = kmsg_sync,
	.now_ns = kmsg_now,
	.advance = kmsg_advance,
	.set_paused = kmsg_set_paused,
	.close = kmsg_close,
};

int rpmsg_source_kmsg_open(const struct rpmsg_source_config *o, const char *path,
			   struct rpmsg_source **out, char *err, size_t err_size)
{
	struct kmsg_source *s = calloc(1, sizeof(*s));
	struct rpmsg_kmsg_stats st_kmsg;
	struct stat st;
	int ret;

	if (!s) {
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	s->base.ops = &kmsg_ops;
	s->base.clock = RPMSG_SOURCE_CLOCK_BOOT; /* the log's [seconds since boot] */
	s->base.provides = RPMSG_SOURCE_WAITS | RPMSG_SOURCE_DROPS;
	s->base.payloads = true;
	ret = rpmsg_kmsg_parser_new(on_event, s, &s->parser);
	if (ret) {
		snprintf(err, err_size, "cannot create the kernel log parser: %s", strerror(-ret));
		goto fail;
	}
	if (stat(path, &st) == 0 && S_ISCHR(st.st_mode)) {
		replay_queue_init(&s->queue, 1);
		ret = rpmsg_kmsg_live_open(path, false, &s->live);
		if (ret) {
			snprintf(err, err_size, "cannot read %s: %s", path, strerror(-ret));
			goto fail;
		}
		snprintf(s->base.label, sizeof(s->base.label), "kernel log %.60s (live)", path);
		snprintf(s->path, sizeof(s->path), "%s", path);
		describe_silence(s, path);
	} else {
		replay_queue_init(&s->queue, o->speed);
		s->base.fast = o->speed <= 0;
		s->file = strcmp(path, "-") ? fopen(path, "re") : stdin;
		if (!s->file) {
			ret = -errno;
			snprintf(err, err_size, "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		/* the first event starts the replay clock */
		read_ahead(s, 0);
		snprintf(s->base.label, sizeof(s->base.label), "kernel log %.70s", path);
		rpmsg_kmsg_parser_get_stats(s->parser, &st_kmsg);
		if (!st_kmsg.events &&
		    (st_kmsg.malformed_lines || st_kmsg.orphaned_lines || st_kmsg.oversized_msgs)) {
			/* an empty table would read as "no traffic": a corrupt log is an error */
			snprintf(
				err, err_size,
				"%.200s: nothing decodable, only malformed or orphaned lines (%llu "
				"malformed, %llu orphaned dump lines): a corrupt log, or not a "
				"kernel log",
				path, (unsigned long long)st_kmsg.malformed_lines,
				(unsigned long long)st_kmsg.orphaned_lines);
			ret = -EINVAL;
			goto fail;
		}
		if (describe_silence(s, path)) {
			/* nothing to show, ever: an empty table would read as a quiet link */
			snprintf(err, err_size, "%s", s->base.note);
			ret = -ENODATA;
			goto fail;
		}
		if (!replay_queue_length(&s->queue))
			s->base.ended = true;
	}
	*out = &s->base;
	return 0;
fail:
	kmsg_close(&s->base);
	return ret;
}
