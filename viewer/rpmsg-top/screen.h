/* SPDX-License-Identifier: MIT */
/*
 * The full-screen view of rpmsg-top (ncursesw): header with totals, one bar per vring, the
 * channel table, the detail pane of the selected channel, the help screen and a key bar.
 * The terminal is restored by screen_end() (also on error paths); one thread.
 */
#ifndef RPMSG_TOP_SCREEN_H
#define RPMSG_TOP_SCREEN_H

#include <stdbool.h>

struct top_app;

/* screen_init() - enter curses mode; sets app->utf8 from the locale. Return: 0, -EIO. */
int screen_init(struct top_app *app);
/* screen_draw() - draw everything from @app's current state. */
void screen_draw(struct top_app *app);
/* screen_table_rows() - rows of the table visible now (for paging). */
unsigned int screen_table_rows(const struct top_app *app);
/* screen_getch() - a key, waiting at most @timeout_ms (ERR when none). */
int screen_getch(int timeout_ms);
void screen_end(void);

#endif /* RPMSG_TOP_SCREEN_H */
