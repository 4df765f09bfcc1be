// SPDX-License-Identifier: MIT
/*
 * Building and running the decode/report graph in-process. See trace_graph.h.
 */
#define _GNU_SOURCE /* strsignal */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <babeltrace2/babeltrace.h>

#include <rpmsg-scope/bt2-components.h>
#include <rpmsg-scope/bt2-sink-input.h>
#include <rpmsg-scope/decoders.h>

#include "trace_graph.h"
#include "trace_graph_builder.h"
#include "trace_input.h"

/* Live sessions have no data yet now and then: poll at this period. */
#define LIVE_POLL_NS 100000000L
/* The reader's watchdog looks this often (the stall limit: rpmsg_trace_stall_ms()). */
#define WATCH_PERIOD_NS 20000000L

/*
 * What the reading child tells its parent, in a MAP_SHARED page: @beats grows whenever the
 * child gets anywhere (a stage done, a batch of messages read), @events counts the events
 * read.
 */
struct read_progress {
	volatile uint64_t beats;
	volatile uint64_t events;
};

struct graph_build {
	const struct trace_graph_options *options;
	bt_graph *graph;
	/* after the muxer: [progress] sink (trace_graph_builder.h) */
	struct rpmsg_trace_component components[2];
	size_t component_count;
	bt_component_class_sink *sink_class;
	bt_component_class_filter *progress_class;
	bt_value *sink_params;
	struct read_progress *read_progress;   /* NULL: not watched (live) */
	struct rpmsg_bt2_sink_outcome outcome; /* what the sink told the user */
	const char *stage;		       /* what was being done, for the error message */
};

static void beat(struct graph_build *b)
{
	if (b->read_progress)
		b->read_progress->beats++;
}

/*
 * babeltrace2 reports an error as a chain of causes; index 0 is the innermost, the one that says
 * what was wrong with the trace. Print it, and the whole chain with -v.
 */
/* What babeltrace2's terse messages about damaged traces mean for the user. */
static const char *hint(const char *message)
{
	if (strstr(message, "Failed to index CTF stream file") ||
	    strstr(message, "Cannot add stream file"))
		return " (the stream file is truncated or corrupt)";
	if (strstr(message, "Cannot create trace for"))
		return " (its metadata is missing, corrupt or truncated, or a stream file is)";
	return "";
}

static const char *label(const struct trace_graph_options *o)
{
	return o->label ? o->label : o->trace;
}

static void print_error(const struct graph_build *b, const char *what)
{
	const bt_error *error = bt_current_thread_take_error();
	const struct trace_graph_options *o = b->options;
	uint64_t count = error ? bt_error_get_cause_count(error) : 0;

	if (!count) {
		fprintf(stderr, "rpmsg-trace %s: %s '%s' failed while %s\n", o->command, what,
			label(o), b->stage);
	} else {
		const bt_error_cause *root = bt_error_borrow_cause_by_index(error, 0);
		const char *message = bt_error_cause_get_message(root);
		size_t len = strcspn(message, "\n");

		fprintf(stderr, "rpmsg-trace %s: %s '%s': %.*s%s%s\n", o->command, what, label(o),
			(int)len, message, hint(message),
			count > 1 && !o->verbose ? " (-v shows every cause)" : "");
		if (o->verbose) {
			for (uint64_t i = 0; i < count; i++) {
				const bt_error_cause *cause =
					bt_error_borrow_cause_by_index(error, i);

				fprintf(stderr, "  cause %u: [%s] %s\n", (unsigned int)(i + 1),
					bt_error_cause_get_module_name(cause),
					bt_error_cause_get_message(cause));
			}
		}
	}
	if (error)
		bt_error_release(error);
}

/* ---- filter "progress": passes every message on, beating and counting events ---------- */

struct progress_filter {
	struct read_progress *progress;
	bt_self_component_port_input *in;
};

static bt_component_class_initialize_method_status
progress_initialize(bt_self_component_filter *self, bt_self_component_filter_configuration *config,
		    const bt_value *params, void *data)
{
	struct progress_filter *filter = calloc(1, sizeof(*filter));

	if (!filter)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	filter->progress = data;
	if (bt_self_component_filter_add_input_port(self, "in", NULL, &filter->in) ||
	    bt_self_component_filter_add_output_port(self, "out", NULL, NULL)) {
		free(filter);
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	}
	bt_self_component_set_data(bt_self_component_filter_as_self_component(self), filter);
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static void progress_finalize(bt_self_component_filter *self)
{
	free(bt_self_component_get_data(bt_self_component_filter_as_self_component(self)));
}

static bt_message_iterator_class_initialize_method_status
progress_iterator_initialize(bt_self_message_iterator *self,
			     bt_self_message_iterator_configuration *config,
			     bt_self_component_port_output *port)
{
	struct progress_filter *filter =
		bt_self_component_get_data(bt_self_message_iterator_borrow_component(self));
	bt_message_iterator *upstream;

	if (bt_message_iterator_create_from_message_iterator(self, filter->in, &upstream) !=
	    BT_MESSAGE_ITERATOR_CREATE_FROM_MESSAGE_ITERATOR_STATUS_OK)
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	bt_self_message_iterator_set_data(self, upstream);
	return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static void progress_iterator_finalize(bt_self_message_iterator *self)
{
	bt_message_iterator_put_ref(bt_self_message_iterator_get_data(self));
}

/*
 * Hands the upstream batch on as it is (every iterator of a graph has the same batch capacity),
 * so the cost is one pointer copy per message.
 */
static bt_message_iterator_class_next_method_status
progress_iterator_next(bt_self_message_iterator *self, bt_message_array_const messages,
		       uint64_t capacity, uint64_t *count)
{
	struct progress_filter *filter =
		bt_self_component_get_data(bt_self_message_iterator_borrow_component(self));
	bt_message_array_const upstream_messages;
	uint64_t upstream_count, events = 0;
	bt_message_iterator_next_status status;

	status = bt_message_iterator_next(bt_self_message_iterator_get_data(self),
					  &upstream_messages, &upstream_count);
	if (status != BT_MESSAGE_ITERATOR_NEXT_STATUS_OK)
		return rpmsg_bt2_upstream_status(status);
	if (upstream_count > capacity) {
		for (uint64_t i = 0; i < upstream_count; i++)
			bt_message_put_ref(upstream_messages[i]);
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < upstream_count; i++) {
		messages[i] = upstream_messages[i];
		events += bt_message_get_type(messages[i]) == BT_MESSAGE_TYPE_EVENT;
	}
	*count = upstream_count;
	filter->progress->events += events;
	filter->progress->beats++;
	return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
}

static bt_component_class_filter *progress_class_create(void)
{
	bt_message_iterator_class *iterator_class =
		bt_message_iterator_class_create(progress_iterator_next);
	bt_component_class_filter *cls = NULL;

	if (!iterator_class ||
	    bt_message_iterator_class_set_initialize_method(iterator_class,
							    progress_iterator_initialize) ||
	    bt_message_iterator_class_set_finalize_method(iterator_class,
							  progress_iterator_finalize))
		goto out;
	cls = bt_component_class_filter_create("progress", iterator_class);
	if (cls && (bt_component_class_filter_set_initialize_method(cls, progress_initialize) ||
		    bt_component_class_filter_set_finalize_method(cls, progress_finalize))) {
		bt_component_class_filter_put_ref(cls);
		cls = NULL;
	}
out:
	bt_message_iterator_class_put_ref(iterator_class);
	return cls;
}

/*
 * The trace broke while being read: say so in the words rpmsg_trace_graph_run() uses for a
 * reader that died, with babeltrace2's reason (which names the stream file) in parentheses.
 */
static void print_read_error(const struct graph_build *b)
{
	const bt_error *error = bt_current_thread_take_error();
	const char *message =
		error && bt_error_get_cause_count(error)
			? bt_error_cause_get_message(bt_error_borrow_cause_by_index(error, 0))
			: "babeltrace2 gave no reason";

	fprintf(stderr,
		"rpmsg-trace %s: %s: corrupt or truncated (%.*s), %llu events read before it\n",
		b->options->command, label(b->options), (int)strcspn(message, "\n"), message,
		(unsigned long long)b->read_progress->events);
	if (error)
		bt_error_release(error);
}

/* The caller's parameters, as the components take them; NULL values are left out. */
static int insert_strings(bt_value *params, const char *const *pairs, size_t count)
{
	for (size_t i = 0; i + 1 < count; i += 2)
		if (pairs[i + 1] &&
		    bt_value_map_insert_string_entry(params, pairs[i], pairs[i + 1]))
			return -ENOMEM;
	return 0;
}

/*
 * The components after the muxer: [progress] -> the sink. decode's sink decodes itself
 * (sink.rpmsg.print with "decode": the lines filter.rpmsg.decode -> sink.rpmsg.print gives,
 * without a new event per message) and filters endpoints and the time window; so does report's
 * stats table.
 */
static int make_components(struct graph_build *b)
{
	const struct trace_graph_options *o = b->options;
	const char *const window[] = {"endpoint", o->endpoint, "since",
				      o->since,	  "until",     o->until};
	const char *const decoders[] = {"decoders", o->decoders};
	struct rpmsg_trace_component *c = b->components;

	if (b->read_progress) {
		b->progress_class = progress_class_create();
		if (!b->progress_class)
			return -ENOMEM;
		*c++ = (struct rpmsg_trace_component){
			.name = "progress", .filter = b->progress_class, .data = b->read_progress};
	}
	b->sink_class = o->output == TRACE_GRAPH_PRINT ? rpmsg_bt2_print_sink_class_create()
						       : rpmsg_bt2_stats_sink_class_create();
	b->sink_params = bt_value_map_create();
	if (!b->sink_class || !b->sink_params ||
	    bt_value_map_insert_bool_entry(b->sink_params, "json", o->json) ||
	    bt_value_map_insert_bool_entry(b->sink_params, "clock-seconds", o->clock_seconds) ||
	    bt_value_map_insert_bool_entry(b->sink_params, "clock-gmt", o->clock_gmt) ||
	    insert_strings(b->sink_params, window, 6))
		return -ENOMEM;
	if (o->output == TRACE_GRAPH_PRINT &&
	    (bt_value_map_insert_bool_entry(b->sink_params, "decode", true) ||
	     insert_strings(b->sink_params, decoders, 2)))
		return -ENOMEM;
	*c++ = (struct rpmsg_trace_component){.name = "sink",
					      .sink = b->sink_class,
					      .params = b->sink_params,
					      .data = &b->outcome};
	b->component_count = (size_t)(c - b->components);
	return 0;
}

static void beat_cb(void *data)
{
	beat(data);
}

/* The builder's failure in decode's and report's words. Return: the exit status. */
static int report_build_error(struct graph_build *b, const struct rpmsg_trace_graph_build *built,
			      int err)
{
	const struct trace_graph_options *o = b->options;

	b->stage = built->stage;
	switch (err) {
	case -ENOPKG:
		fprintf(stderr, "rpmsg-trace %s: %s\n", o->command, built->detail);
		return 1;
	case -E2BIG:
		fprintf(stderr,
			"rpmsg-trace %s: %s: more than %d traces below it; give a narrower "
			"directory\n",
			o->command, o->trace, RPMSG_TRACE_DIRS_MAX);
		return 1;
	case -ENODATA:
		/* the directory of a recording no program registered with is empty too */
		fprintf(stderr,
			"rpmsg-trace %s: %s: no CTF trace here (no 'metadata' file in it or "
			"below): not a trace directory, or a recording in which no traced program "
			"ever registered (record said '0 events captured')\n",
			o->command, o->trace);
		return 1;
	case -EBADMSG: /* a stream whose data was lost would read as a quiet stream */
		fprintf(stderr,
			"rpmsg-trace %s: %s: corrupt or truncated (stream %s is empty but its "
			"index lists packets), 0 events read before it\n",
			o->command, label(o), built->detail);
		return 1;
	case -ENOMSG:
		fprintf(stderr, "rpmsg-trace %s: '%s' holds no trace streams\n", o->command,
			label(o));
		return 1;
	case -EIO:
	case -EPROTO:
		print_error(b, "cannot read trace");
		return 1;
	case -EINVAL: /* a bad option value the rpmsg components refused */
		print_error(b, "cannot set up the graph for");
		return 2;
	default:
		fprintf(stderr, "rpmsg-trace %s: %s: %s\n", o->command, o->trace, strerror(-err));
		return 1;
	}
}

static int run(struct graph_build *b)
{
	b->stage = "reading the trace";
	for (;;) {
		struct timespec pause = {0, LIVE_POLL_NS};

		switch (bt_graph_run(b->graph)) {
		case BT_GRAPH_RUN_STATUS_OK:
			return 0;
		case BT_GRAPH_RUN_STATUS_AGAIN:
			if (b->options->interrupter &&
			    bt_interrupter_is_set(b->options->interrupter))
				return -EINTR;
			nanosleep(&pause, NULL); /* live: nothing new yet */
			continue;
		default:
			return -EIO;
		}
	}
}

/* Problems we can name better than babeltrace2 can, found before building anything. */
static int check_inputs(const struct trace_graph_options *o)
{
	struct stat st;

	if (o->decoders) {
		struct rpmsg_decoder_registry *registry = rpmsg_decoders_create();
		char error[512];
		int err = registry ? rpmsg_decoders_load_file(registry, o->decoders, error,
							      sizeof(error))
				   : -ENOMEM;

		rpmsg_decoders_destroy(registry);
		if (err) {
			fprintf(stderr, "rpmsg-trace %s: %s\n", o->command,
				err == -ENOMEM ? "out of memory" : error);
			return 2;
		}
	}
	if (rpmsg_trace_is_live_url(o->trace))
		return 0;
	if (stat(o->trace, &st)) {
		fprintf(stderr, "rpmsg-trace %s: %s: %s\n", o->command, o->trace, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr,
			"rpmsg-trace %s: %s: not a directory (a CTF trace is a directory holding "
			"a 'metadata' file and stream files)\n",
			o->command, o->trace);
		return 1;
	}
	return 0;
}

/*
 * Build the graph and run it to its end, in this process. @progress: where to beat and count
 * events (the watched child), or NULL (live). Return: as rpmsg_trace_graph_run().
 */
static int read_trace(const struct trace_graph_options *options, struct read_progress *progress)
{
	struct graph_build b = {.options = options, .stage = "starting", .read_progress = progress};
	struct rpmsg_trace_graph_build built = {0};
	struct rpmsg_trace_graph_spec spec = {
		.trace = options->trace,
		/* a session that does not exist (yet) ends the graph: say so rather than hang */
		.session_not_found_action = "end",
		/* -v: let the reader log its detailed reasons (a metadata syntax error, say) */
		.source_log_level =
			options->verbose ? BT_LOGGING_LEVEL_WARNING : BT_LOGGING_LEVEL_NONE,
		.components = b.components,
		.interrupter = options->interrupter,
		.stage_done = beat_cb,
		.stage_data = &b,
	};
	int status, err;

	if (make_components(&b)) {
		fprintf(stderr, "rpmsg-trace %s: out of memory\n", options->command);
		status = 1;
		goto out;
	}
	spec.component_count = b.component_count;
	err = rpmsg_trace_graph_build(&spec, &built);
	b.graph = built.graph;
	if (err) {
		status = report_build_error(&b, &built, err);
		goto out;
	}
	status = run(&b);
	if (status == -EINTR) {
		bt_current_thread_clear_error();
		status = 130; /* the caller's signal handler asked to stop: it reports */
		goto out;
	}
	if (status) {
		fflush(stdout);
		if (progress)
			print_read_error(&b);
		else
			print_error(&b, "cannot read trace");
		status = 1;
		goto out;
	}
	/* --endpoint or --since/--until kept nothing of a trace with rpmsg events: the sink said so
	 */
	status = b.outcome.nothing_kept ? 1 : 0;
out:
	bt_graph_put_ref(b.graph);
	bt_value_put_ref(b.sink_params);
	bt_component_class_sink_put_ref(b.sink_class);
	bt_component_class_filter_put_ref(b.progress_class);
	return status;
}

/* How the child died, for the message: "babeltrace2 aborted", "no progress for 10 s"... */
static void print_reader_death(const struct trace_graph_options *o, int wait_status, long stalled,
			       uint64_t events)
{
	char how[64];

	if (stalled)
		snprintf(how, sizeof(how), "reading stopped making progress for %ld ms", stalled);
	else if (WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGABRT)
		snprintf(how, sizeof(how), "babeltrace2 aborted reading it");
	else if (WIFSIGNALED(wait_status))
		snprintf(how, sizeof(how), "the reader died of signal %d (%s)",
			 WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)));
	else
		snprintf(how, sizeof(how), "the reader exited with status %d",
			 WEXITSTATUS(wait_status));
	fflush(stdout);
	fprintf(stderr,
		"rpmsg-trace %s: %s: corrupt or truncated (%s; the stream file is not known), "
		"%llu events read before it\n",
		o->command, label(o), how, (unsigned long long)events);
}

/* Signals that end a reader on purpose (^C, a closed output pipe), not because of the trace. */
static bool stopped_by_user(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGPIPE;
}

/* A descriptor that becomes readable when @child exits (a pidfd), or -1 on an older kernel. */
static int child_exit_fd(pid_t child)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, child, 0);
#else
	(void)child;
	return -1;
#endif
}

/*
 * One watch period, cut short when the child exits: a plain sleep would add up to a period to
 * every read (20 ms of a 0.5 s report).
 */
static void watch_wait(int exit_fd)
{
	struct timespec period = {0, WATCH_PERIOD_NS};
	struct pollfd child_exit = {.fd = exit_fd, .events = POLLIN};

	if (exit_fd < 0 || poll(&child_exit, 1, (int)(WATCH_PERIOD_NS / 1000000)) < 0)
		nanosleep(&period, NULL);
}

/*
 * Run read_trace() in a child (which inherits stdout and writes the normal output) and watch it:
 * babeltrace2 2.0's ctf plugin spins forever on some damaged metadata and asserts on some damaged
 * stream files, and neither may take this process down or hang it. No progress for
 * rpmsg_trace_stall_ms(), an abort or any signal becomes one line naming the trace and the events
 * read before it.
 */
static int read_trace_watched(const struct trace_graph_options *options)
{
	struct read_progress *progress = mmap(NULL, sizeof(*progress), PROT_READ | PROT_WRITE,
					      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long limit_ms = rpmsg_trace_stall_ms(), still_ms = 0;
	uint64_t last_beats = 0;
	int wait_status, status, exit_fd;
	pid_t child;

	if (progress == MAP_FAILED)
		return read_trace(options, NULL);
	memset(progress, 0, sizeof(*progress));
	fflush(NULL); /* nothing buffered may be written twice */
	child = fork();
	if (child < 0) {
		munmap(progress, sizeof(*progress));
		return read_trace(options, NULL);
	}
	if (child == 0) {
		status = read_trace(options, progress);
		fflush(NULL);
		exit(status); /* exit(), not _exit(): stdio flushed, sanitizers report */
	}
	exit_fd = child_exit_fd(child);
	for (;;) {
		pid_t done = waitpid(child, &wait_status, WNOHANG);

		if (done == child)
			break;
		if (done < 0 && errno != EINTR) {
			wait_status = 0;
			status = 1;
			goto out;
		}
		/* Our caller was asked to stop: the reader is told the same. */
		if (options->interrupter && bt_interrupter_is_set(options->interrupter))
			kill(child, SIGTERM);
		watch_wait(exit_fd);
		if (progress->beats != last_beats) {
			last_beats = progress->beats;
			still_ms = 0;
		} else if (rpmsg_trace_reader_running(child) &&
			   (still_ms += WATCH_PERIOD_NS / 1000000) >= limit_ms) {
			kill(child, SIGKILL);
			waitpid(child, &wait_status, 0);
			print_reader_death(options, wait_status, still_ms, progress->events);
			status = 1;
			goto out;
		}
	}
	if (WIFEXITED(wait_status)) {
		status = WEXITSTATUS(wait_status); /* the child said what went wrong */
		if (options->events_read && !status)
			*options->events_read = progress->events;
	} else if (stopped_by_user(WTERMSIG(wait_status))) {
		status = 128 + WTERMSIG(wait_status); /* as a shell reports it; nothing to add */
	} else {
		print_reader_death(options, wait_status, 0, progress->events);
		status = 1;
	}
out:
	if (exit_fd >= 0)
		close(exit_fd);
	munmap(progress, sizeof(*progress));
	return status;
}

int rpmsg_trace_graph_run(const struct trace_graph_options *options)
{
	int status = check_inputs(options);

	if (status)
		return status;
	/* Silence is normal in a live session: no watchdog there. */
	if (rpmsg_trace_is_live_url(options->trace))
		return read_trace(options, NULL);
	return read_trace_watched(options);
}
