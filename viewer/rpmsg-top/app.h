/* SPDX-License-Identifier: MIT */
/*
 * The state rpmsg-top's parts share: options, the collector and its source, the table model,
 * and what the user toggled. Owned by main.c; the screen, key bindings and batch printer read
 * and change it from the one thread.
 */
#ifndef RPMSG_TOP_APP_H
#define RPMSG_TOP_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <rpmsg-scope/collector.h>
#include <rpmsg-scope/doctor.h>

#include "demo.h"
#include "options.h"
#include "source.h"
#include "table.h"
#include "units.h"

enum top_edit {
	TOP_EDIT_NONE = 0,
	TOP_EDIT_FILTER, /* "/" typed: editing the name filter */
	TOP_EDIT_DELAY,	 /* "d" typed: editing the refresh interval */
};

struct top_app {
	const struct top_options *opts;
	struct rpmsg_collector *collector;
	struct rpmsg_source *source;
	struct top_demo *demo; /* NULL without --demo */
	struct top_table table;
	/* the collector's event observer (findings.h): its findings as of the last refresh */
	struct rpmsg_doctor *doctor;
	struct rpmsg_doctor_finding *findings;
	size_t findings_count, findings_cap;
	struct rpmsg_collector_totals totals; /* as of the last refresh */
	uint64_t tx_waits_total;	      /* senders that waited, since start */
	uint64_t tx_waits_interval;	      /* ... during the last interval */
	double interval_s;
	uint64_t started_ns;		    /* monotonic, for the uptime */
	enum rpmsg_source_clock clock;	    /* the source's events' clock */
	enum rpmsg_clock_style clock_style; /* --clock-seconds, --clock-gmt */
	uint64_t refreshes;
	bool paused, detail, help, quit;
	bool detail_stages; /* t: the detail pane's stage breakdown before its last messages */
	unsigned int help_scroll; /* first help line shown */
	bool utf8;
	bool resized;
	enum top_edit edit;
	char edit_buf[64];
	char message[256]; /* one-line remark under the table ("no row matches ...") */
	/* why the table is empty when the source cannot tell (a --bus that does not exist, no
	 * kernel device of the watched type): main.c's explain_empty() */
	bool bus_seen[TOP_MAX_BUSES]; /* each --bus existed at some refresh */
	bool empty_said;	      /* the reason is on stderr (batch) or in @message */
	char empty_reason[256];	      /* the last reason, "" when there is none */
};

/* app_refresh() - close an interval: sync the source, tick the collector, copy the table. */
void app_refresh(struct top_app *app);
/* app_take_totals() - read the collector's totals after a tick (and the interval's TX waits). */
void app_take_totals(struct top_app *app);

#endif /* RPMSG_TOP_APP_H */
