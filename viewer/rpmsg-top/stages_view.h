/* SPDX-License-Identifier: MIT */
/*
 * The stage breakdown of one channel as text lines, written once for the detail pane (screen.c)
 * and the batch output (batch.c): a line per stage with, per direction, its sample count, p50,
 * p99 (since start; the collector's STAGES) and the doorbells skipped, then the channel's TX
 * buffers (unreclaimed, with the remote), its TX waits per side with their times, and the stages
 * that could not be measured and why. No curses here.
 *
 * Contract: plain functions over a collector the caller holds (the collector's thread rules);
 * lines are written into the caller's buffer, NUL-terminated, at most TOP_STAGE_LINE_SIZE - 1
 * characters each.
 */
#ifndef RPMSG_TOP_STAGES_VIEW_H
#define RPMSG_TOP_STAGES_VIEW_H

#include <stdint.h>

#include <rpmsg-scope/collector.h>

#define TOP_STAGE_LINE_SIZE 200
/* Lines top_stage_lines() writes at most: header, one per stage, buffers, waits, unmeasured. */
#define TOP_STAGE_LINES_MAX (RPMSG_COLLECTOR_STAGES + 4)

/**
 * top_stage_lines() - the stage breakdown of row @id
 * @c: collector
 * @id: row id
 * @lines: out: room for TOP_STAGE_LINES_MAX lines
 * Return: lines written (0 when the row does not exist).
 */
int top_stage_lines(const struct rpmsg_collector *c, uint32_t id,
		    char lines[][TOP_STAGE_LINE_SIZE]);

#endif /* RPMSG_TOP_STAGES_VIEW_H */
