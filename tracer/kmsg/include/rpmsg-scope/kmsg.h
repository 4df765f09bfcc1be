/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-kmsg: decode rpmsg traffic from the kernel log.
 *
 * On boards whose kernel has no BTF, BPF cannot attach, but dynamic_debug can make
 * virtio_rpmsg_bus print every message it sends and receives (`rpmsg-ddebug on rpmsg`). This
 * module turns those lines - from `dmesg` output, a saved copy of /dev/kmsg, or /dev/kmsg live -
 * into the events of <rpmsg-scope/event.h> (role RPMSG_EVENT_ROLE_KERNEL).
 *
 * Lines understood (format strings of the kernel sources; see tests/kmsg for the citations):
 *   virtio_rpmsg_bus.c  "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d"   -> msg_send
 *                       "From: 0x%x, To: 0x%x, Len: %d, Flags: %d, Reserved: %d" -> msg_recv
 *                       "rpmsg_virtio TX: " / "rpmsg_virtio RX: " hex dumps of header + payload
 *                       "msg received with no recipient"                          -> drop
 *                       "inbound msg too big: (%d, %d)"                           -> drop
 *                       "timeout waiting for a tx buffer"                         -> tx_wait
 *   rpmsg_ns.c          "NS announcement: " hex dump, "%sing channel %s addr 0x%x" -> ns_announce
 *                       "malformed ns msg (%d)"                                   -> drop
 *   remoteproc_virtio.c "kicking vq index: %d" -> mbox_kick, "vq index %d is interrupted" ->
 * mbox_rx. A message's header line and its hex dump make one event; the line alone is enough,
 * a dump row without its line is never decoded (dumps have no offsets: a log read from the
 * middle starts inside one) but counted in orphaned_lines. A sent length over the 512-byte
 * buffer (header included) or a timestamp no uptime can reach makes a line malformed; a received
 * one is only reported as the drop its "inbound msg too big" line names. A
 * received message is reported as msg_recv only once the next rpmsg line (or a flush) shows it was
 * not dropped; otherwise it becomes a drop event. Every other line is skipped and counted.
 *
 * Input lines may be plain text ("msg"), dmesg output ("[   12.345678] msg", optionally with
 * "<7>" from dmesg -r and a "[  T123]" caller id) or /dev/kmsg records ("7,1234,12345678,-;msg").
 * Timestamps become ts_ns (the printk clock, nanoseconds since boot); lines without one get 0.
 *
 * Memory: the parser owns its state; events passed to the callback live only during the call.
 * Threads: a parser or live reader is used by one thread at a time; separate objects are
 * independent. Errors: functions return 0 (or a count) or a negative errno; a callback's
 * negative return stops the feed and is returned to the caller.
 */
#ifndef RPMSG_SCOPE_KMSG_H
#define RPMSG_SCOPE_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/event.h>

struct rpmsg_kmsg_parser;
struct rpmsg_kmsg_live;

/* What the parser knows about the line(s) an event came from. */
struct rpmsg_kmsg_event_info {
	uint64_t line;	/* 1-based number of the line that completed the event */
	bool truncated; /* a hex dump started but ended before all its bytes were seen */
};

/* Counters of everything the parser saw; nothing is dropped silently. */
struct rpmsg_kmsg_stats {
	/* lines == rpmsg_lines + skipped_lines + malformed_lines + orphaned_lines */
	uint64_t lines;		  /* lines fed */
	uint64_t rpmsg_lines;	  /* lines recognised as rpmsg/remoteproc lines */
	uint64_t skipped_lines;	  /* lines from other drivers (or metadata), skipped */
	uint64_t malformed_lines; /* looked like an rpmsg line but did not parse */
	uint64_t events;	  /* events delivered to the callback */
	uint64_t truncated_dumps; /* hex dumps that ended early (event still delivered) */
	uint64_t orphaned_lines;  /* hex dump rows with no header line of theirs: not decoded */
	uint64_t oversized_msgs;  /* received lengths over 496 bytes never dropped: not reported */
	uint64_t lost_records;	  /* /dev/kmsg records overwritten before they were read */
};

/**
 * typedef rpmsg_kmsg_event_cb - receives each decoded event
 * @ev: the event; valid only during the call
 * @info: where it came from
 * @ctx: the pointer given to rpmsg_kmsg_parser_new()
 *
 * Return: 0 to go on, or a negative errno to stop (returned by the feeding function).
 */
typedef int (*rpmsg_kmsg_event_cb)(const struct rpmsg_event *ev,
				   const struct rpmsg_kmsg_event_info *info, void *ctx);

/* Create a parser calling @cb for each event. Return: 0 or -ENOMEM / -EINVAL. */
int rpmsg_kmsg_parser_new(rpmsg_kmsg_event_cb cb, void *ctx, struct rpmsg_kmsg_parser **out);
void rpmsg_kmsg_parser_free(struct rpmsg_kmsg_parser *parser);

/*
 * Feed one line (a trailing "\n" or "\r\n" is ignored; it need not be NUL-terminated). Zero or
 * more events are delivered before it returns. Return: 0, or the callback's negative errno.
 */
int rpmsg_kmsg_parser_feed_line(struct rpmsg_kmsg_parser *parser, const char *line, size_t len);

/*
 * Deliver whatever is still pending (a message waiting for its dump or for proof of delivery).
 * Call at end of input, and in live use when no line came for a while.
 */
int rpmsg_kmsg_parser_flush(struct rpmsg_kmsg_parser *parser);

void rpmsg_kmsg_parser_get_stats(const struct rpmsg_kmsg_parser *parser,
				 struct rpmsg_kmsg_stats *out);

/*
 * Feed the next line of @f. A line longer than a kernel record can be (an endless line of a
 * corrupt file) is skipped to its end in bounded memory and counted as one malformed line; a
 * last line without its newline is fed. Return: 1 when a line was fed, 0 at end of file, -EIO
 * on a read error, or the callback's negative errno.
 */
int rpmsg_kmsg_read_line(struct rpmsg_kmsg_parser *parser, FILE *f);

/*
 * Feed every line of a file ("-" = standard input) - dmesg output or a saved /dev/kmsg - then
 * flush. Return: 0, -errno from open/read, or the callback's error.
 */
int rpmsg_kmsg_read_file(struct rpmsg_kmsg_parser *parser, const char *path);

/*
 * Live reading of /dev/kmsg (or @path, which must behave like it: one record per read()).
 * @from_start: also deliver the records already in the log buffer; otherwise only new ones.
 * The descriptor is non-blocking: poll rpmsg_kmsg_live_fd() for POLLIN, then call
 * rpmsg_kmsg_live_read(), which feeds every record available and returns how many it fed
 * (0 when none). Records the kernel overwrote before we read them are counted in
 * stats.lost_records. Reading /dev/kmsg needs CAP_SYSLOG when dmesg_restrict is set (-EPERM).
 */
int rpmsg_kmsg_live_open(const char *path, bool from_start, struct rpmsg_kmsg_live **out);
int rpmsg_kmsg_live_fd(const struct rpmsg_kmsg_live *live);
int rpmsg_kmsg_live_read(struct rpmsg_kmsg_live *live, struct rpmsg_kmsg_parser *parser);
void rpmsg_kmsg_live_close(struct rpmsg_kmsg_live *live);

#endif /* RPMSG_SCOPE_KMSG_H */
