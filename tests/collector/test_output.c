// SPDX-License-Identifier: MIT
/*
 * The print helpers: the table names every row and shows its numbers; the JSON is one line
 * (checked for validity by the collector_output_json test with python3 when present).
 * `collector_test_output --json` writes the JSON to stdout for that check.
 */
#include <rpmsg-test/events.h>

static struct rpmsg_collector *sample(void)
{
	struct rpmsg_collector *c = new_collector();
	int i;

	ADD(c, ev_ns("demo", REMOTE, 1, "rpmsg-tty", 0x400, RPMSG_EVENT_NS_CREATE, 1));
	ADD(c, ev_ns("demo", REMOTE, 1, "we\"ird\\name", 0x401, RPMSG_EVENT_NS_CREATE, 1));
	for (i = 0; i < 30; i++) {
		ADD(c, ev_send("demo", HOST, SEC + i * 1000, 1024, 0x400, "hello", 5));
		ADD(c, ev_recv("demo", REMOTE, SEC + i * 1000 + 400, 1024, 0x400, "hello", 5));
	}
	ADD(c, ev_send("demo", REMOTE, SEC + 50000, 0x401, 1025, "\x01\x02\"", 3));
	ADD(c, ev_drop("demo", HOST, SEC + 60000, 0x402, 1099, 4, RPMSG_DROP_NO_RECIPIENT));
	ADD(c, ev_vring(RPMSG_EV_VRING_ADD, "demo", HOST, SEC, 1, 5, 251));
	ADD(c, ev_mbox(RPMSG_EV_MBOX_KICK, "demo", HOST, SEC, 1));
	rpmsg_collector_add_lost(c, "bpf-ringbuf", 3);
	CHECK(rpmsg_collector_tick(c, 2 * SEC) == 0);
	return c;
}

/* What the table (or JSON) printer writes for @c with @o, as a string to free(). */
static char *printed(struct rpmsg_collector *c, const struct rpmsg_collector_print_opts *o,
		     bool json)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	CHECK(f);
	CHECK((json ? rpmsg_collector_print_json(c, f, o) : rpmsg_collector_print_table(c, f, o)) ==
	      0);
	fclose(f);
	return buf;
}

/* @buf holds each string of @want (NULL-terminated); a miss names the string. */
static void check_holds(const char *buf, const char *const *want)
{
	for (; *want; want++)
		CHECK(strstr(buf, *want), "missing \"%s\"", *want);
}

/* The default print options, with each row's kept messages shown. */
static struct rpmsg_collector_print_opts with_messages(void)
{
	struct rpmsg_collector_print_opts o;

	rpmsg_collector_print_opts_init(&o);
	o.flags |= RPMSG_COLLECTOR_PRINT_MESSAGES;
	return o;
}

static void test_table_shows_rows_totals_and_vrings(void)
{
	static const char *const table_holds[] = {
		"rpmsg-tty",
		"lost 3 (bpf-ringbuf 3)",
		"tx (host->remote)  msgs 30  bytes 150",
		"|hello|",
		/* the vring table says what it counts: not reclaimed, and with the remote */
		" UNRECL MAXUNRECL  REMOTE ",
		"latency since start p50 400ns",
		NULL,
	};
	struct rpmsg_collector *c = sample();
	struct rpmsg_collector_print_opts o = with_messages();
	char *buf;

	o.messages = 2;
	buf = printed(c, &o, false);
	fputs(buf, stdout);
	check_holds(buf, table_holds);
	CHECK(!strchr(buf, '\033'));
	/* sorted by rate, most active first */
	CHECK(strstr(buf, "rpmsg-tty") < strstr(buf, "we\"ird"));
	free(buf);

	/* without idle rows, max_rows */
	o.flags = 0;
	o.max_rows = 1;
	buf = printed(c, &o, false);
	CHECK(strstr(buf, "rpmsg-tty"));
	CHECK(!strstr(buf, "ird"));
	CHECK(!strstr(buf, "events"));
	free(buf);
	rpmsg_collector_destroy(c);
}

static bool only_remote_0x401(const struct rpmsg_collector_endpoint_stats *row, void *priv)
{
	return row->remote == *(const uint32_t *)priv;
}

static void test_row_filter(void)
{
	struct rpmsg_collector *c = sample();
	struct rpmsg_collector_print_opts o;
	uint32_t addr = 0x401;
	char *buf;

	rpmsg_collector_print_opts_init(&o);
	o.row_filter = only_remote_0x401;
	o.filter_priv = &addr;
	buf = printed(c, &o, true);
	CHECK(strstr(buf, "ird"));
	CHECK(!strstr(buf, "\"name\":\"rpmsg-tty\""));
	free(buf);
	rpmsg_collector_destroy(c);
}

static void test_json_is_one_line_with_escaped_names(void)
{
	static const char *const json_holds[] = {
		"\"name\":\"rpmsg-tty\"",
		"\"name\":\"we\\\"ird\\\\name\"",
		"\"lost\":{\"bpf-ringbuf\":3}",
		"\"no-recipient\":1",
		/* the percentiles' window, and what a vring holds, by name */
		"\"latency_window\":\"since start\"",
		"\"unreclaimed\":5,\"unreclaimed_max\":5,\"with_remote\":-1,",
		"\"kicks\":1,\"interrupts\":0,\"kicks_per_s\":0.500,"
		"\"interrupts_per_s\":0.000,\"kicks_other\":0,",
		NULL,
	};
	struct rpmsg_collector *c = sample();
	struct rpmsg_collector_print_opts o = with_messages();
	char *buf;

	buf = printed(c, &o, true);
	CHECK(strchr(buf, '\n') == buf + strlen(buf) - 1);
	check_holds(buf, json_holds);
	free(buf);
	rpmsg_collector_destroy(c);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--json")) {
		struct rpmsg_collector *c = sample();
		struct rpmsg_collector_print_opts o = with_messages();

		CHECK(rpmsg_collector_print_json(c, stdout, &o) == 0);
		CHECK(rpmsg_collector_print_json(c, stdout, &o) == 0);
		rpmsg_collector_destroy(c);
		return 0;
	}
	test_table_shows_rows_totals_and_vrings();
	test_json_is_one_line_with_escaped_names();
	test_row_filter();
	printf("collector output: all tests passed\n");
	return 0;
}
