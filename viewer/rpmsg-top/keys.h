/* SPDX-License-Identifier: MIT */
/*
 * Key bindings of rpmsg-top, in the style of htop and top. The table of bindings is what the
 * help screen lists, so a key cannot exist without being documented.
 */
#ifndef RPMSG_TOP_KEYS_H
#define RPMSG_TOP_KEYS_H

#include <stdbool.h>

struct top_app;

struct top_binding {
	const char *keys; /* as shown on the help screen */
	const char *help;
};

extern const struct top_binding top_bindings[];
extern const unsigned int top_binding_count;

/**
 * top_keys_handle() - apply key @ch (a getch() value) to @app
 * @page: rows of the table on screen (for PgUp/PgDn)
 * Return: true when the screen must be redrawn.
 */
bool top_keys_handle(struct top_app *app, int ch, unsigned int page);

#endif /* RPMSG_TOP_KEYS_H */
