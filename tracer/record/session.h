/* SPDX-License-Identifier: MIT */
/*
 * One LTTng recording session for rpmsg events, driven through liblttng-ctl (no `lttng` CLI).
 *
 * Life: record_session_create() (session, channel "rpmsg" sized from the options, vpid / vtid /
 * procname contexts, the events) -> record_session_start() -> record_session_stop() (waits until
 * the data is readable, then reads the discarded-event and lost-packet counts) ->
 * record_session_destroy() (waits for the trace to be complete on disk or at the relayd).
 * record_session_destroy() is safe at any point after record_session_create() was called,
 * even when it failed half-way. Errors are printed as one line on stderr naming the step and
 * LTTng's reason, except those of stop and destroy: they are kept in session->failure for
 * record_session_print_failure(), so that a better reason found by the caller (a full disk,
 * which LTTng calls "Rotation failure on consumer") is the only line. Not thread-safe.
 */
#ifndef RPMSG_RECORD_SESSION_H
#define RPMSG_RECORD_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "record_options.h"

struct lttng_handle;

struct record_session {
	char name[128];
	struct lttng_handle *handle;
	bool created;
	uint64_t subbuf_size; /* chosen from the options */
	uint64_t num_subbuf;
	bool discarded_count_implausible; /* LTTng's count had bit 63 set (see session.c) */
	char failure[256]; /* the first stop/destroy error line, not printed yet ("" if none) */
};

/** record_session_create() - create and configure the session. Return: 0 or -EIO. */
int record_session_create(struct record_session *session, const struct record_options *opts);

/** record_session_start() - start recording. Return: 0 or -EIO. */
int record_session_start(struct record_session *session);

/**
 * record_session_stop() - stop recording and count what the tracer had to drop
 * @discarded: out: events discarded because the ring buffer was full
 * @lost_packets: out: whole packets lost (network streaming)
 * Return: 0 or -EIO.
 */
int record_session_stop(struct record_session *session, uint64_t *discarded,
			uint64_t *lost_packets);

/** record_session_destroy() - destroy the session (if created). Return: 0 or -EIO. */
int record_session_destroy(struct record_session *session);

/** record_session_print_failure() - print the error kept by stop or destroy, if any. */
void record_session_print_failure(const struct record_session *session);

#endif /* RPMSG_RECORD_SESSION_H */
