// SPDX-License-Identifier: MIT
/*
 * Sources of kernel log lines for the parser: a file of dmesg output or saved /dev/kmsg
 * records, and /dev/kmsg itself, read live without blocking.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg-scope/kmsg.h>

#include "kmsg_internal.h"

int rpmsg_kmsg_read_line(struct rpmsg_kmsg_parser *parser, FILE *f)
{
	char line[KMSG_LINE_MAX];
	size_t len = 0;
	bool overlong = false;
	int c, err;

	/* a bounded buffer: an endless line of a corrupt file must not be held whole */
	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (len < sizeof(line))
			line[len++] = (char)c;
		else
			overlong = true;
	}
	if (c == EOF && !len && !overlong)
		return ferror(f) ? -EIO : 0;
	err = overlong ? kmsg_parser_malformed_line(parser)
		       : rpmsg_kmsg_parser_feed_line(parser, line, len);
	return err ? err : 1;
}

int rpmsg_kmsg_read_file(struct rpmsg_kmsg_parser *parser, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	int err;

	if (!f)
		return -errno;
	while ((err = rpmsg_kmsg_read_line(parser, f)) > 0)
		;
	if (!err)
		err = rpmsg_kmsg_parser_flush(parser);
	if (f != stdin)
		fclose(f);
	return err;
}

struct rpmsg_kmsg_live {
	int fd;
	char record[KMSG_LINE_MAX];
};

int rpmsg_kmsg_live_open(const char *path, bool from_start, struct rpmsg_kmsg_live **out)
{
	struct rpmsg_kmsg_live *live = calloc(1, sizeof(*live));
	int err;

	if (!live)
		return -ENOMEM;
	live->fd = open(path ? path : "/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (live->fd < 0) {
		err = -errno;
		free(live);
		return err;
	}
	/* /dev/kmsg starts at the oldest record; SEEK_END skips to the records still to come */
	if (!from_start && lseek(live->fd, 0, SEEK_END) < 0 && errno != ESPIPE) {
		err = -errno;
		close(live->fd);
		free(live);
		return err;
	}
	*out = live;
	return 0;
}

int rpmsg_kmsg_live_fd(const struct rpmsg_kmsg_live *live)
{
	return live->fd;
}

int rpmsg_kmsg_live_read(struct rpmsg_kmsg_live *live, struct rpmsg_kmsg_parser *parser)
{
	int fed = 0;

	for (;;) {
		/* /dev/kmsg returns exactly one record per read() */
		ssize_t n = read(live->fd, live->record, sizeof(live->record) - 1);
		const char *rec = live->record, *nl;
		int err;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return fed;
			if (errno == EPIPE) {
				/* records were overwritten before we read them; the next read goes
				 * on */
				kmsg_parser_count_lost(parser, 1);
				continue;
			}
			return -errno;
		}
		if (n == 0)
			return fed; /* a plain file standing in for /dev/kmsg: nothing more yet */
		live->record[n] = '\0';
		/* a record is "header;text\n" followed by " KEY=value\n" dictionary lines */
		nl = memchr(rec, '\n', (size_t)n);
		err = rpmsg_kmsg_parser_feed_line(parser, rec, nl ? (size_t)(nl - rec) : (size_t)n);
		if (err)
			return err;
		fed++;
	}
}

void rpmsg_kmsg_live_close(struct rpmsg_kmsg_live *live)
{
	if (!live)
		return;
	close(live->fd);
	free(live);
}
