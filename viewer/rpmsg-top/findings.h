/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-top's flagged rows: a doctor (tracer/doctor) attached to the app's collector, its rules
 * run at every refresh, and the views of what they found.
 *
 * CONTRACT
 * - The doctor is the collector's event observer: nothing else in rpmsg-top may set one.
 * - top_findings_refresh() runs after each refresh, on the events' clock (a finished recording:
 *   its last event), so a replay and a live run of the same traffic flag the same rows.
 * - The findings live in struct top_app until the next refresh; the rest only read them.
 * - Errors: 0 or -errno; a failed evaluation keeps no findings and says so in app->message.
 */
#ifndef RPMSG_TOP_FINDINGS_H
#define RPMSG_TOP_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app.h"

/* A row's flag in the batch table: "! rule[,rule]" after its last column. */
#define TOP_FLAG_MARK "!"

/* top_findings_attach() - create the doctor on app->collector (app->source must be open). */
int top_findings_attach(struct top_app *app);
/* top_findings_detach() - destroy the doctor and the findings. */
void top_findings_detach(struct top_app *app);
/* top_findings_refresh() - run the rules at the source's now (after the table's refresh). */
int top_findings_refresh(struct top_app *app);

/* top_findings_of_row() - the worst finding on row @row_id, NULL if none; @count: how many. */
const struct rpmsg_doctor_finding *top_findings_of_row(const struct top_app *app, int64_t row_id,
						       unsigned int *count);
/* top_findings_flag() - "rule[,rule]" of row @row_id into @buf ("" when none). */
char *top_findings_flag(const struct top_app *app, int64_t row_id, char *buf, size_t size);
/* top_findings_where() - "rpmsg-raw (host 1024 <-> remote 1)", "bus sim0", or "the input". */
char *top_findings_where(const struct rpmsg_doctor_finding *f, char *buf, size_t size);
/* top_findings_summary() - "2 findings: tx-starvation on rpmsg-raw, ...", then "; Enter for
 * details" while the detail pane is closed; "" when nothing was found. */
char *top_findings_summary(const struct top_app *app, char *buf, size_t size);

/* top_findings_print_text() - batch: one "finding:" line per finding. Return: 0, -EIO. */
int top_findings_print_text(const struct top_app *app, FILE *f);
/* top_findings_print_json() - the findings as a JSON array (doctor's objects). 0, -EIO. */
int top_findings_print_json(const struct top_app *app, FILE *f);

#endif /* RPMSG_TOP_FINDINGS_H */
