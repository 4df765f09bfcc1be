/* SPDX-License-Identifier: MIT */
/*
 * Batch output of rpmsg-top (-b, -C, --json): per refresh, a plain-text report with the same
 * columns as the screen (no escape sequences), or one JSON object (the collector's, one line).
 */
#ifndef RPMSG_TOP_BATCH_H
#define RPMSG_TOP_BATCH_H

#include <stdio.h>

struct top_app;

/* Print the current refresh to @f. Return: 0, -EIO when writing fails. */
int batch_print(struct top_app *app, FILE *f);

#endif /* RPMSG_TOP_BATCH_H */
