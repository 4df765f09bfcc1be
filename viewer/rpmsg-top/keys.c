// SPDX-License-Identifier: MIT
/*
 * Key bindings (see keys.h). Two modes: normal keys, and a one-line editor for the filter ("/")
 * and the refresh interval ("d"), where Enter applies and Esc cancels.
 */
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "keys.h"

const struct top_binding top_bindings[] = {
	{"Up/Down, k/j", "select the previous / next row"},
	{"PgUp/PgDn", "one page up / down"},
	{"Home/End, g/G", "first / last row"},
	{"Enter", "show or hide the detail pane of the selected channel"},
	{"t", "detail pane: the stage breakdown first, or the last messages first"},
	{"s", "sort by the next column"},
	{"< >", "sort by the column to the left / right"},
	{"r", "reverse the sort order"},
	{"/", "filter rows by name (substring, Enter to apply, empty to clear)"},
	{"\\", "clear the filter"},
	{"p, space", "pause / resume the display (live sources keep counting)"},
	{"d", "set the refresh interval in seconds"},
	{"+ -", "refresh less / more often"},
	{"h, ?", "this help (any key closes it)"},
	{"Esc", "close the detail pane / help / prompt"},
	{"q", "quit"},
};
const unsigned int top_binding_count = sizeof(top_bindings) / sizeof(top_bindings[0]);

static const double intervals[] = {0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 30, 60};

static void step_interval(struct top_app *app, int dir)
{
	int n = (int)(sizeof(intervals) / sizeof(intervals[0])), i;

	if (dir > 0) {
		for (i = 0; i < n && intervals[i] <= app->interval_s + 1e-9; i++)
			;
		if (i < n)
			app->interval_s = intervals[i];
	} else {
		for (i = n - 1; i >= 0 && intervals[i] >= app->interval_s - 1e-9; i--)
			;
		if (i >= 0)
			app->interval_s = intervals[i];
	}
	snprintf(app->message, sizeof(app->message), "refresh every %gs", app->interval_s);
}

static void apply_edit(struct top_app *app)
{
	if (app->edit == TOP_EDIT_FILTER) {
		snprintf(app->table.filter, sizeof(app->table.filter), "%s", app->edit_buf);
		top_table_resort(&app->table);
		app->table.first = 0;
		if (app->table.filter[0])
			snprintf(app->message, sizeof(app->message),
				 "filter: \"%s\" (%zu of %zu rows)", app->table.filter,
				 app->table.count, app->table.total);
		else
			app->message[0] = '\0';
	} else if (app->edit == TOP_EDIT_DELAY) {
		char *end;
		double v = strtod(app->edit_buf, &end);

		if (end != app->edit_buf && !*end && v >= 0.05 && v <= 3600) {
			app->interval_s = v;
			snprintf(app->message, sizeof(app->message), "refresh every %gs", v);
		} else {
			snprintf(app->message, sizeof(app->message),
				 "'%s' is not an interval from 0.05 to 3600 seconds",
				 app->edit_buf);
		}
	}
	app->edit = TOP_EDIT_NONE;
}

static bool handle_edit(struct top_app *app, int ch)
{
	size_t len = strlen(app->edit_buf);

	switch (ch) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		apply_edit(app);
		return true;
	case 27: /* Esc */
		app->edit = TOP_EDIT_NONE;
		return true;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len)
			app->edit_buf[len - 1] = '\0';
		return true;
	default:
		if (ch >= 0x20 && ch < 0x7f && len + 1 < sizeof(app->edit_buf)) {
			app->edit_buf[len] = (char)ch;
			app->edit_buf[len + 1] = '\0';
		}
		return true;
	}
}

static void start_edit(struct top_app *app, enum top_edit what)
{
	app->edit = what;
	if (what == TOP_EDIT_FILTER)
		snprintf(app->edit_buf, sizeof(app->edit_buf), "%s", app->table.filter);
	else
		app->edit_buf[0] = '\0';
}

static void sort_by(struct top_app *app, int col)
{
	col = (col + TOP_COL_COUNT) % TOP_COL_COUNT;
	top_table_set_sort(&app->table, (enum top_column)col);
	snprintf(app->message, sizeof(app->message), "sorted by %s (%s)", top_columns[col].title,
		 top_columns[col].help);
}

bool top_keys_handle(struct top_app *app, int ch, unsigned int page)
{
	struct top_table *t = &app->table;

	if (ch == ERR)
		return false;
	if (ch == KEY_RESIZE) {
		app->resized = true;
		return true;
	}
	if (app->edit)
		return handle_edit(app, ch);
	if (app->help) {
		/* arrows scroll a help taller than the terminal; any other key closes it */
		switch (ch) {
		case KEY_UP:
		case 'k':
			if (app->help_scroll)
				app->help_scroll--;
			return true;
		case KEY_DOWN:
		case 'j':
			app->help_scroll++;
			return true;
		case KEY_PPAGE:
			app->help_scroll = app->help_scroll > page ? app->help_scroll - page : 0;
			return true;
		case KEY_NPAGE:
			app->help_scroll += page ? page : 1;
			return true;
		case 'q':
			app->quit = true;
			break;
		}
		app->help = false;
		return true;
	}
	switch (ch) {
	case KEY_UP:
	case 'k':
		top_table_move(t, -1, page);
		break;
	case KEY_DOWN:
	case 'j':
		top_table_move(t, 1, page);
		break;
	case KEY_PPAGE:
		top_table_move(t, -(long)(page ? page : 1), page);
		break;
	case KEY_NPAGE:
		top_table_move(t, (long)(page ? page : 1), page);
		break;
	case KEY_HOME:
	case 'g':
		top_table_move(t, -(long)t->count, page);
		break;
	case KEY_END:
	case 'G':
		top_table_move(t, (long)t->count, page);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		app->detail = !app->detail;
		break;
	case 't':
		/* where the pane's room goes when both do not fit */
		app->detail_stages = !app->detail_stages;
		app->detail = true;
		snprintf(app->message, sizeof(app->message), "detail pane: %s first",
			 app->detail_stages ? "stages" : "last messages");
		break;
	case 27:
		app->detail = false;
		app->message[0] = '\0';
		break;
	case 's':
	case '>':
	case '.':
		sort_by(app, (int)t->sort + 1);
		break;
	case '<':
	case ',':
		sort_by(app, (int)t->sort - 1);
		break;
	case 'r':
	case 'R':
		t->descending = !t->descending;
		top_table_resort(t);
		snprintf(app->message, sizeof(app->message), "sorted by %s, %s first",
			 top_columns[t->sort].title, t->descending ? "largest" : "smallest");
		break;
	case '/':
		start_edit(app, TOP_EDIT_FILTER);
		break;
	case '\\':
		t->filter[0] = '\0';
		top_table_resort(t);
		app->message[0] = '\0';
		break;
	case 'p':
	case ' ':
		app->paused = !app->paused;
		if (app->source->ops->set_paused)
			app->source->ops->set_paused(app->source, app->paused);
		snprintf(app->message, sizeof(app->message), "%s",
			 app->paused ? "paused (p resumes)" : "");
		break;
	case 'd':
		start_edit(app, TOP_EDIT_DELAY);
		break;
	case '+':
	case '=':
		step_interval(app, 1);
		break;
	case '-':
	case '_':
		step_interval(app, -1);
		break;
	case 'h':
	case '?':
	case KEY_F(1):
		app->help = true;
		app->help_scroll = 0;
		break;
	case 'q':
	case 'Q':
		app->quit = true;
		break;
	case 12: /* Ctrl-L */
		clearok(curscr, TRUE);
		break;
	default:
		return false;
	}
	return true;
}
