/* SPDX-License-Identifier: MIT */
/*
 * Writes kernel log lines exactly as the kernel would, for the kmsg decoder's tests: the
 * format strings are copied from the kernel sources, and the framing reproduces the printk
 * paths that emit them.
 *
 * Format strings (torvalds/linux):
 *   drivers/rpmsg/virtio_rpmsg_bus.c, rpmsg_send_offchannel_raw():
 *	dev_dbg(dev, "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d\n", ...);
 *	dynamic_hex_dump("rpmsg_virtio TX: ", DUMP_PREFIX_NONE, 16, 1, msg, sizeof(*msg) + len,
 *true); dev_err(dev, "timeout waiting for a tx buffer\n");     (dev = &rpdev->dev)
 *   drivers/rpmsg/virtio_rpmsg_bus.c, rpmsg_recv_single():
 *	dev_dbg(dev, "From: 0x%x, To: 0x%x, Len: %d, Flags: %d, Reserved: %d\n", ...);
 *	dynamic_hex_dump("rpmsg_virtio RX: ", DUMP_PREFIX_NONE, 16, 1, msg, sizeof(*msg) + msg_len,
 *true); dev_warn(dev, "inbound msg too big: (%d, %d)\n", len, msg_len); dev_warn(dev, "msg received
 *with no recipient\n");     (dev = &vdev->dev) drivers/rpmsg/virtio_rpmsg_bus.c, rpmsg_recv_done():
 *	dev_dbg(dev, "Received %u messages\n", msgs_received);
 *   drivers/rpmsg/rpmsg_ns.c, rpmsg_ns_cb():
 *	dynamic_hex_dump("NS announcement: ", DUMP_PREFIX_NONE, 16, 1, data, len, true);
 *	dev_err(dev, "malformed ns msg (%d)\n", len);
 *	dev_info(dev, "%sing channel %s addr 0x%x\n", ... ? "destroy" : "creat", msg->name,
 *chinfo.dst); drivers/remoteproc/remoteproc_virtio.c: dev_dbg(&rproc->dev, "kicking vq index:
 *%d\n", notifyid);          rproc_virtio_notify() dev_dbg(&rproc->dev, "vq index %d is
 *interrupted\n", notifyid);    rproc_vq_interrupt() dev_info(dev, "registered %s (type %d)\n",
 *dev_name(&vdev->dev), id);  rproc_add_virtio_dev() Framing: dev_printk_emit(level, dev, "%s %s:
 *%pV", dev_driver_string(dev), dev_name(dev), &vaf), and for dynamic debug (lib/dynamic_debug.c
 *__dynamic_dev_dbg) "%s%s %s: %pV" with the prefix of dynamic_emit_prefix(): "[%d] " (t), "%s:"
 *module (m), "%s:" function (f), "%d:" line (l), then " ". print_hex_dump() (lib/hexdump.c):
 *printk("%s%s%s\n", level, prefix_str, linebuf) per row of 16 bytes; hex_dump_to_buffer(groupsize
 *1, ascii) writes "%02x" bytes joined by one space, pads with spaces to column 3 * 16 + 2 - 1 = 49,
 *then one character per byte (isascii && isprint ? c : '.'). dmesg prints "[%5lu.%06lu] " before
 *each record; /dev/kmsg reads "prio,seq,usec,flags;text".
 */
#ifndef KMSG_LOG_WRITER_H
#define KMSG_LOG_WRITER_H

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TX_FMT		 "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d\n"
#define RX_FMT		 "From: 0x%x, To: 0x%x, Len: %d, Flags: %d, Reserved: %d\n"
#define NO_RECIPIENT_FMT "msg received with no recipient\n"
#define TOO_BIG_FMT	 "inbound msg too big: (%d, %d)\n"
#define TX_TIMEOUT_FMT	 "timeout waiting for a tx buffer\n"
#define RECEIVED_FMT	 "Received %u messages\n"
#define MALFORMED_NS_FMT "malformed ns msg (%d)\n"
#define CHANNEL_FMT	 "%sing channel %s addr 0x%x\n"
#define KICK_FMT	 "kicking vq index: %d\n"
#define VQ_INTERRUPT_FMT "vq index %d is interrupted\n"
#define REGISTERED_FMT	 "registered %s (type %d)\n"
#define TX_DUMP_PREFIX	 "rpmsg_virtio TX: "
#define RX_DUMP_PREFIX	 "rpmsg_virtio RX: "
#define NS_DUMP_PREFIX	 "NS announcement: "

/* A log being built: lines separated by '\n', as `dmesg` prints them. */
struct log_writer {
	char text[1 << 16];
	size_t len;
	uint64_t ts_us;		/* advances by 1 us per line */
	const char *dyn_prefix; /* dynamic debug prefix for dev_dbg lines, "" for none */
	int kmsg_records;	/* write /dev/kmsg records instead of dmesg lines */
	unsigned int seq;
};

static inline void lw_begin(struct log_writer *w)
{
	w->ts_us++;
	if (w->kmsg_records)
		w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len,
					   "7,%u,%llu,-;", w->seq++, (unsigned long long)w->ts_us);
	else
		w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len,
					   "[%5llu.%06llu] ",
					   (unsigned long long)(w->ts_us / 1000000),
					   (unsigned long long)(w->ts_us % 1000000));
}

/* dev_printk(): "DRIVER DEVICE: " + the message (its own "\n" ends the line). */
static inline void __attribute__((format(printf, 5, 6)))
lw_dev(struct log_writer *w, int dynamic, const char *driver, const char *device, const char *fmt,
       ...)
{
	va_list ap;

	lw_begin(w);
	w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len,
				   "%s%s %s: ", dynamic && w->dyn_prefix ? w->dyn_prefix : "",
				   driver, device);
	va_start(ap, fmt);
	w->len += (size_t)vsnprintf(w->text + w->len, sizeof(w->text) - w->len, fmt, ap);
	va_end(ap);
	if (w->kmsg_records) /* a /dev/kmsg record is followed by its dictionary */
		w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len,
					   " SUBSYSTEM=virtio\n DEVICE=+virtio:%s\n", device);
}

/* print_hex_dump(KERN_DEBUG, prefix, DUMP_PREFIX_NONE, 16, 1, buf, len, true) */
static inline void lw_hexdump(struct log_writer *w, const char *prefix, const uint8_t *buf,
			      size_t len)
{
	for (size_t i = 0; i < len; i += 16) {
		size_t row = len - i < 16 ? len - i : 16, lx = 0;
		char line[100];

		for (size_t j = 0; j < row; j++)
			lx += (size_t)sprintf(line + lx, j ? " %02x" : "%02x", buf[i + j]);
		while (lx < 3 * 16 + 2 - 1)
			line[lx++] = ' ';
		for (size_t j = 0; j < row; j++)
			line[lx++] =
				isascii(buf[i + j]) && isprint(buf[i + j]) ? (char)buf[i + j] : '.';
		line[lx] = '\0';
		lw_begin(w);
		w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "%s%s\n",
					   prefix, line);
	}
}

/* A line of another driver. */
static inline void lw_other(struct log_writer *w, const char *text)
{
	lw_begin(w);
	w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "%s\n", text);
}

/* struct rpmsg_hdr (little-endian) followed by the payload. */
static inline size_t rpmsg_frame(uint8_t *out, uint32_t src, uint32_t dst, uint16_t len,
				 uint16_t flags, const void *payload)
{
	const uint32_t words[3] = {src, dst, 0};

	for (int i = 0; i < 3; i++)
		for (int b = 0; b < 4; b++)
			out[i * 4 + b] = (uint8_t)(words[i] >> (8 * b));
	out[12] = (uint8_t)len;
	out[13] = (uint8_t)(len >> 8);
	out[14] = (uint8_t)flags;
	out[15] = (uint8_t)(flags >> 8);
	if (payload)
		memcpy(out + 16, payload, len);
	return 16u + len;
}

/* struct rpmsg_ns_msg { char name[32]; __rpmsg32 addr; __rpmsg32 flags; } */
static inline void rpmsg_ns_msg(uint8_t *out, const char *name, uint32_t addr, uint32_t flags)
{
	memset(out, 0, 40);
	strncpy((char *)out, name, 32);
	for (int b = 0; b < 4; b++) {
		out[32 + b] = (uint8_t)(addr >> (8 * b));
		out[36 + b] = (uint8_t)(flags >> (8 * b));
	}
}

#endif /* KMSG_LOG_WRITER_H */
