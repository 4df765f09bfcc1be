// SPDX-License-Identifier: MIT
/* rpmsg-top's flagged rows: the doctor's findings at each refresh (see findings.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rpmsg-scope/text.h>

#include "findings.h"

int top_findings_attach(struct top_app *app)
{
	struct rpmsg_doctor_options o = {.input = app->source->label};

	/* rules that read drops or waits are "not evaluated" where the source cannot see them,
	 * rather than finding their absence */
	if (!(app->source->provides & RPMSG_SOURCE_DROPS))
		o.blind |= RPMSG_DOCTOR_BLIND_DROPS;
	if (!(app->source->provides & RPMSG_SOURCE_WAITS))
		o.blind |= RPMSG_DOCTOR_BLIND_WAITS;
	return rpmsg_doctor_create(app->collector, &o, &app->doctor);
}

void top_findings_detach(struct top_app *app)
{
	rpmsg_doctor_destroy(app->doctor);
	app->doctor = NULL;
	free(app->findings);
	app->findings = NULL;
	app->findings_count = app->findings_cap = 0;
}

/**
 * top_findings_refresh() - run every rule now
 * @app: the app, its collector just ticked
 *
 * Now is the source's clock, but never before the last event, and for a recording that ended its
 * last event: a rule about an absence (no bind, a silent remote) measures it up to there, as
 * `rpmsg-trace doctor` does on the same file.
 * Return: 0, -ENOMEM (no findings are then kept).
 */
int top_findings_refresh(struct top_app *app)
{
	struct rpmsg_source *s = app->source;
	uint64_t now = s->ops->now_ns(s);
	int n;

	app->findings_count = 0;
	if (!app->doctor)
		return 0;
	if (s->ended || now < app->totals.last_ns || now == UINT64_MAX)
		now = app->totals.last_ns;
	for (;;) {
		n = rpmsg_doctor_evaluate(app->doctor, now, app->findings, app->findings_cap);
		if (n < 0)
			break;
		if ((size_t)n <= app->findings_cap) {
			app->findings_count = (size_t)n;
			return 0;
		}
		free(app->findings);
		app->findings_cap = 0;
		app->findings = calloc((size_t)n, sizeof(*app->findings));
		if (!app->findings) {
			n = -ENOMEM;
			break;
		}
		app->findings_cap = (size_t)n;
	}
	snprintf(app->message, sizeof(app->message), "out of memory: findings not evaluated");
	return n;
}

const struct rpmsg_doctor_finding *top_findings_of_row(const struct top_app *app, int64_t row_id,
						       unsigned int *count)
{
	const struct rpmsg_doctor_finding *worst = NULL;
	unsigned int n = 0;

	for (size_t i = 0; i < app->findings_count; i++) {
		const struct rpmsg_doctor_finding *f = &app->findings[i];

		if (f->row_id < 0 || f->row_id != row_id)
			continue;
		n++;
		if (!worst || f->severity > worst->severity)
			worst = f;
	}
	if (count)
		*count = n;
	return worst;
}

char *top_findings_flag(const struct top_app *app, int64_t row_id, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < app->findings_count && used < size; i++) {
		const struct rpmsg_doctor_finding *f = &app->findings[i];
		int w;

		if (f->row_id < 0 || f->row_id != row_id)
			continue;
		w = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
			     rpmsg_doctor_rule_id(f->rule));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

char *top_findings_where(const struct rpmsg_doctor_finding *f, char *buf, size_t size)
{
	char name[RPMSG_TEXT_ESCAPED_SIZE(sizeof(f->name))];
	char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(f->bus))];

	/* names and buses came from the peer or a file: escaped before a terminal sees them */
	rpmsg_text_escape(name, sizeof(name), f->name, sizeof(f->name));
	rpmsg_text_escape(bus, sizeof(bus), f->bus, sizeof(f->bus));
	if (f->row_id >= 0)
		snprintf(buf, size, "%s (host %u <-> remote %u)", name[0] ? name : "?", f->local,
			 f->remote);
	else if (name[0])
		snprintf(buf, size, "%s%s%s", name, bus[0] ? " on bus " : "", bus);
	else if (bus[0])
		snprintf(buf, size, "bus %s", bus);
	else
		snprintf(buf, size, "the input");
	return buf;
}

char *top_findings_summary(const struct top_app *app, char *buf, size_t size)
{
	size_t used;

	buf[0] = '\0';
	if (!app->findings_count)
		return buf;
	used = (size_t)snprintf(buf, size, "%zu finding%s:", app->findings_count,
				app->findings_count == 1 ? "" : "s");
	for (size_t i = 0; i < app->findings_count && used < size; i++) {
		const struct rpmsg_doctor_finding *f = &app->findings[i];
		char name[RPMSG_TEXT_ESCAPED_SIZE(sizeof(f->name))];
		char bus[RPMSG_TEXT_ESCAPED_SIZE(sizeof(f->bus))];
		const char *on;
		int w;

		rpmsg_text_escape(name, sizeof(name), f->name, sizeof(f->name));
		rpmsg_text_escape(bus, sizeof(bus), f->bus, sizeof(f->bus));
		on = name[0] ? name : bus[0] ? bus : "";
		w = snprintf(buf + used, size - used, "%s %s%s%s", i ? "," : "",
			     rpmsg_doctor_rule_id(f->rule), on[0] ? " on " : "", on);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	/* with the pane open, the selected row's findings are already in it */
	if (used < size && !app->detail)
		snprintf(buf + used, size - used, "; Enter for details");
	return buf;
}

/**
 * top_findings_print_text() - batch: each finding on one line after the table
 * @app: the app, findings refreshed
 * @f: the output
 *
 * "finding: RULE (SEVERITY[, uncertain]) on WHERE: EVIDENCE; fix: FIX", WHERE as
 * top_findings_where() says it; evidence and fix escaped for a terminal.
 * Return: 0, -EIO.
 */
int top_findings_print_text(const struct top_app *app, FILE *f)
{
	for (size_t i = 0; i < app->findings_count; i++) {
		const struct rpmsg_doctor_finding *d = &app->findings[i];
		char where[2 * RPMSG_TEXT_ESCAPED_SIZE(RPMSG_EVENT_NAME_LEN) + 64];
		char evidence[RPMSG_TEXT_ESCAPED_SIZE(sizeof(d->evidence))];
		char fix[RPMSG_TEXT_ESCAPED_SIZE(sizeof(d->fix))];

		rpmsg_text_escape(evidence, sizeof(evidence), d->evidence, sizeof(d->evidence));
		rpmsg_text_escape(fix, sizeof(fix), d->fix, sizeof(d->fix));
		fprintf(f, "finding: %s (%s%s) on %s: %s; fix: %s\n", rpmsg_doctor_rule_id(d->rule),
			rpmsg_doctor_severity_name(d->severity), d->uncertain ? ", uncertain" : "",
			top_findings_where(d, where, sizeof(where)), evidence, fix);
	}
	return ferror(f) ? -EIO : 0;
}

/**
 * top_findings_print_json() - the findings as one JSON array, no newline
 * @app: the app, findings refreshed
 * @f: the output
 *
 * Each element is the doctor's own object (rpmsg_doctor_print_json(): one per line), so the
 * array and `rpmsg-trace doctor --json` share one schema: its lines are joined with commas.
 * Return: 0, -EIO, -ENOMEM.
 */
int top_findings_print_json(const struct top_app *app, FILE *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m;
	int ret;

	m = open_memstream(&text, &len);
	if (!m)
		return -ENOMEM;
	ret = rpmsg_doctor_print_json(m, app->findings, app->findings_count);
	if (fclose(m) && !ret)
		ret = -ENOMEM;
	if (!ret) {
		/* strings are escaped: a newline only ends an object */
		while (len && text[len - 1] == '\n')
			text[--len] = '\0';
		for (size_t i = 0; i < len; i++)
			if (text[i] == '\n')
				text[i] = ',';
		fprintf(f, "[%s]", text);
	}
	free(text);
	return ret ? ret : ferror(f) ? -EIO : 0;
}
