// SPDX-License-Identifier: MIT
/*
 * A whole trace or kernel log read into a collector through the sources (latency_input.h).
 */
#include <stdint.h>

#include <rpmsg-scope/errors.h>

#include "latency_input.h"
#include "source.h"

int rpmsg_latency_input_read(const char *tool, const char *option, const char *input, bool kmsg,
			     struct rpmsg_collector *c, bool *epoch)
{
	struct rpmsg_source_config config = {.speed = 0}; /* as fast as possible */
	struct rpmsg_collector_totals totals;
	struct rpmsg_source *s = NULL;
	char err[400] = "";
	int ret = 1;

	if (kmsg ? rpmsg_source_kmsg_open(&config, input, &s, err, sizeof(err))
		 : rpmsg_source_trace_open(&config, input, false, &s, err, sizeof(err))) {
		rpmsg_error_line(tool, "%s", err);
		return 1;
	}
	s->ops->advance(s, c, UINT64_MAX); /* a file: everything in it */
	if (s->failure[0]) {
		/* never a partial view shown as the whole trace's */
		rpmsg_error_line(tool, "%s", s->failure);
		goto out;
	}
	rpmsg_collector_get_totals(c, &totals);
	if (!totals.events) {
		/* as report says of an input with nothing to decode: never an empty view of one */
		rpmsg_error_line(tool, "%s: no rpmsg event in %s%s%s", option, input,
				 s->note[0] ? ": " : "", s->note);
		goto out;
	}
	if (epoch)
		*epoch = s->clock != RPMSG_SOURCE_CLOCK_BOOT;
	ret = 0;
out:
	rpmsg_source_close(s);
	return ret;
}

const char *rpmsg_latency_input_operand(const char *tool, const char *option, const char *kmsg,
					int first, int argc, char **argv)
{
	if (first + (kmsg ? 0 : 1) == argc)
		return kmsg ? kmsg : argv[first];
	rpmsg_error_line(tool, "%s: %s (try --help)", option,
			 kmsg		 ? "--kmsg FILE takes no TRACE as well"
			 : first >= argc ? "which trace? give its directory"
					 : "give exactly one trace");
	return NULL;
}
