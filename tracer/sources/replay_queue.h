/* SPDX-License-Identifier: MIT */
/*
 * Events read ahead from a recording (CTF trace, kernel log) and the replay clock that decides
 * when each one is due: trace time = first event + (wall time since start - paused time) x speed.
 * Speed 0 means "as fast as possible": nothing is due until advance() says so.
 * Memory: the queue owns copies of the events. One thread.
 */
#ifndef RPMSG_SOURCES_REPLAY_QUEUE_H
#define RPMSG_SOURCES_REPLAY_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/event.h>

struct replay_queue {
	struct rpmsg_event *events;
	size_t head, tail, capacity;
	double speed;
	bool clock_started;
	uint64_t first_ts;   /* trace time of the first event */
	uint64_t wall_start; /* monotonic time the clock started */
	uint64_t paused_at, paused_total;
	bool paused;
	uint64_t last_ts; /* largest timestamp seen */
};

void replay_queue_init(struct replay_queue *q, double speed);
void replay_queue_free(struct replay_queue *q);
/* Append a copy of @ev. Return: 0, -ENOMEM. */
int replay_queue_push(struct replay_queue *q, const struct rpmsg_event *ev);
static inline size_t replay_queue_length(const struct replay_queue *q)
{
	return q->tail - q->head;
}
/* The replay clock now (trace time); 0 before the first event. */
uint64_t replay_queue_now(struct replay_queue *q);
/* Deliver queued events with ts <= @until to @c. Return: count. */
size_t replay_queue_deliver(struct replay_queue *q, struct rpmsg_collector *c, uint64_t until);
void replay_queue_set_paused(struct replay_queue *q, bool paused);
/*
 * After a poll that delivered @delivered events: when none was due yet, the replay has not
 * @ended and the caller may wait (@timeout_ms > 0), sleep a little (at most 50 ms) rather
 * than spin; a replay needs no finer steps.
 */
void replay_queue_idle(int delivered, int timeout_ms, bool ended);

#endif /* RPMSG_SOURCES_REPLAY_QUEUE_H */
