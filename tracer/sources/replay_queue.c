// SPDX-License-Identifier: MIT
/* Read-ahead queue and replay clock (see replay_queue.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rpmsg-scope/clock.h>

#include "replay_queue.h"
#include "source.h"

void replay_queue_init(struct replay_queue *q, double speed)
{
	memset(q, 0, sizeof(*q));
	q->speed = speed;
}

void replay_queue_free(struct replay_queue *q)
{
	free(q->events);
	q->events = NULL;
}

int replay_queue_push(struct replay_queue *q, const struct rpmsg_event *ev)
{
	if (q->tail == q->capacity) {
		if (q->head > q->capacity / 2) {
			/* most of the array is consumed: slide instead of growing */
			memmove(q->events, q->events + q->head,
				(q->tail - q->head) * sizeof(q->events[0]));
			q->tail -= q->head;
			q->head = 0;
		} else {
			size_t cap = q->capacity ? 2 * q->capacity : 1024;
			void *events = realloc(q->events, cap * sizeof(q->events[0]));

			if (!events)
				return -ENOMEM;
			q->events = events;
			q->capacity = cap;
		}
	}
	q->events[q->tail++] = *ev;
	if (!q->clock_started) {
		q->clock_started = true;
		q->first_ts = ev->ts_ns;
		q->wall_start = rpmsg_now_ns();
	}
	if (ev->ts_ns > q->last_ts)
		q->last_ts = ev->ts_ns;
	return 0;
}

uint64_t replay_queue_now(struct replay_queue *q)
{
	uint64_t wall;

	if (!q->clock_started)
		return 0;
	if (q->speed <= 0)
		return q->first_ts;
	wall = (q->paused ? q->paused_at : rpmsg_now_ns()) - q->wall_start - q->paused_total;
	return q->first_ts + (uint64_t)((double)wall * q->speed);
}

size_t replay_queue_deliver(struct replay_queue *q, struct rpmsg_collector *c, uint64_t until)
{
	size_t n = 0;

	while (q->head < q->tail && q->events[q->head].ts_ns <= until) {
		rpmsg_collector_add_event(c, &q->events[q->head++]);
		n++;
	}
	if (q->head == q->tail)
		q->head = q->tail = 0;
	return n;
}

void replay_queue_set_paused(struct replay_queue *q, bool paused)
{
	if (paused == q->paused)
		return;
	if (paused)
		q->paused_at = rpmsg_now_ns();
	else
		q->paused_total += rpmsg_now_ns() - q->paused_at;
	q->paused = paused;
}

void replay_queue_idle(int delivered, int timeout_ms, bool ended)
{
	struct timespec ts = {0, (long)(timeout_ms < 50 ? timeout_ms : 50) * 1000000L};

	if (delivered == 0 && timeout_ms > 0 && !ended)
		nanosleep(&ts, NULL);
}
