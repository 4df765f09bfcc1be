// SPDX-License-Identifier: MIT
/*
 * A stand-in for the kernel's dynamic debug control file, for tests on kernels without
 * CONFIG_DYNAMIC_DEBUG (ours).
 *
 *   fake-ddebug-control generate FILE [--octal]   write a listing
 *   fake-ddebug-control apply FILE                apply the queries appended to FILE
 *
 * The listing is printed exactly as lib/dynamic_debug.c ddebug_proc_show() does (Linux 6.1+):
 *	seq_puts(m, "# filename:lineno [module]function flags format\n");
 *	seq_printf(m, "%s:%u [%s]%s =%s \"", trim_prefix(dp->filename), dp->lineno,
 *		   iter->table->mod_name, dp->function, ddebug_describe_flags(dp->flags, &flags));
 *	seq_escape_str(m, dp->format, ESCAPE_SPACE, "\t\r\n\"");
 *	seq_puts(m, "\"");
 *	if (dp->class_id != _DPRINTK_CLASS_DFLT) ... seq_printf(m, " class:%s", class);
 *	seq_puts(m, "\n");
 * with ddebug_describe_flags() writing the letters of opt_array (p m f s l t) in that order, or
 * "_" for none. --octal escapes like kernels before 5.13 (seq_escape(): "\012").
 *
 * rpmsg-ddebug writes queries with O_APPEND, so on a plain file they land after the listing.
 * `apply` plays the kernel's part, ddebug_exec_queries() / ddebug_change(), on its own code (not
 * rpmsg-ddebug's matcher, so a matcher bug in the tool cannot hide itself): each query line
 * changes the sites it matches; a query the kernel would reject (-EINVAL) is reported and
 * makes apply exit 1. The file is then rewritten as the new listing.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct site {
	char file[128];
	unsigned int line;
	char module[64];
	char func[64];
	char flags[8]; /* letters, "" = none */
	char format[128];
	char class_name[32];
};

#define MAX_SITES 256

/* Call sites of the drivers the presets cover, and of others the presets must not touch. */
static const struct site initial_sites[] = {
	{"drivers/rpmsg/virtio_rpmsg_bus.c", 652, "virtio_rpmsg_bus", "rpmsg_send_offchannel_raw",
	 "", "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d\n", ""},
	{"drivers/rpmsg/virtio_rpmsg_bus.c", 655, "virtio_rpmsg_bus", "rpmsg_send_offchannel_raw",
	 "", "rpmsg_virtio TX: ", ""},
	{"drivers/rpmsg/virtio_rpmsg_bus.c", 721, "virtio_rpmsg_bus", "rpmsg_recv_single", "",
	 "From: 0x%x, To: 0x%x, Len: %d, Flags: %d, Reserved: %d\n", ""},
	{"drivers/rpmsg/virtio_rpmsg_bus.c", 727, "virtio_rpmsg_bus", "rpmsg_recv_single", "p",
	 "rpmsg_virtio RX: ", ""},
	{"drivers/rpmsg/virtio_rpmsg_bus.c", 790, "virtio_rpmsg_bus", "rpmsg_recv_done", "pmflt",
	 "Received %u messages\n", ""},
	{"drivers/rpmsg/virtio_rpmsg_bus.c", 807, "virtio_rpmsg_bus", "rpmsg_xmit_done", "", "%s\n",
	 ""},
	{"drivers/rpmsg/rpmsg_ns.c", 40, "rpmsg_ns", "rpmsg_ns_cb", "", "NS announcement: ", ""},
	{"drivers/rpmsg/rpmsg_core.c", 480, "rpmsg_core", "rpmsg_dev_probe", "m",
	 "probing \"%s\" with tab\there\n", ""},
	{"drivers/rpmsg/rpmsg_char.c", 120, "rpmsg_char", "rpmsg_ept_cb", "", "%s: %d\n", ""},
	{"drivers/rpmsg/rpmsg_ctrl.c", 70, "rpmsg_ctrl", "rpmsg_ctrldev_ioctl", "", "cmd %u\n", ""},
	{"drivers/virtio/virtio_ring.c", 2200, "virtio_ring", "vring_interrupt", "",
	 "virtqueue interrupt with no work for %p\n", ""},
	{"drivers/virtio/virtio_ring.c", 1080, "virtio_ring", "virtqueue_add_split", "",
	 "Added buffer head %i to %p\n", ""},
	{"drivers/remoteproc/remoteproc_virtio.c", 40, "remoteproc", "rproc_virtio_notify", "",
	 "kicking vq index: %d\n", ""},
	{"drivers/remoteproc/remoteproc_virtio.c", 60, "remoteproc", "rproc_vq_interrupt", "",
	 "vq index %d is interrupted\n", ""},
	{"drivers/remoteproc/remoteproc_core.c", 1400, "remoteproc", "rproc_start", "",
	 "remote processor %s is now up\n", ""},
	{"drivers/remoteproc/stm32_rproc.c", 300, "stm32_rproc", "stm32_rproc_kick", "",
	 "kick vq %d\n", ""},
	{"drivers/remoteproc/ti_k3_r5_remoteproc.c", 210, "ti_k3_r5_remoteproc", "k3_r5_rproc_kick",
	 "", "kicking vqid %d\n", ""},
	{"drivers/mailbox/mailbox.c", 90, "mailbox", "msg_submit", "", "Failed to send msg\n", ""},
	{"drivers/mailbox/stm32-ipcc.c", 110, "stm32_ipcc", "stm32_ipcc_rx_irq", "",
	 "%s: chan:%d rx\n", ""},
	{"drivers/mailbox/imx-mailbox.c", 250, "imx_mailbox", "imx_mu_generic_tx", "",
	 "Send data on wrong channel type: %d\n", ""},
	{"drivers/usb/core/hub.c", 5700, "usbcore", "hub_event", "p",
	 "state %d ports %d chg %04x evt %04x\n", ""},
	{"drivers/net/virtio_net.c", 400, "virtio_net", "receive_buf", "", "%s: short packet %i\n",
	 ""},
	{"drivers/gpu/drm/drm_vblank.c", 1500, "drm", "drm_vblank_enable", "",
	 "enabling vblank on crtc %u\n", "DRM_UT_VBL"},
};

static void escape_format(FILE *f, const char *s, bool octal)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\t' || *s == '\r' || *s == '"') {
			if (octal)
				fprintf(f, "\\%03o", (unsigned char)*s);
			else if (*s == '"')
				fputc('"', f); /* ESCAPE_SPACE only escapes white space */
			else
				fprintf(f, "\\%c", *s == '\n' ? 'n' : *s == '\t' ? 't' : 'r');
			continue;
		}
		fputc(*s, f);
	}
}

static int write_listing(const char *path, const struct site *sites, size_t n, bool octal)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return 1;
	}
	fputs("# filename:lineno [module]function flags format\n", f);
	for (size_t i = 0; i < n; i++) {
		const struct site *s = &sites[i];

		fprintf(f, "%s:%u [%s]%s =%s \"", s->file, s->line, s->module, s->func,
			s->flags[0] ? s->flags : "_");
		escape_format(f, s->format, octal);
		fputc('"', f);
		if (s->class_name[0])
			fprintf(f, " class:%s", s->class_name);
		fputc('\n', f);
	}
	return fclose(f) ? 1 : 0;
}

/* ---- apply: the kernel's side, written independently of rpmsg-ddebug ---- */

static const char letters[] = "pmfslt";

static bool wildcard(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '*')
		return wildcard(pat + 1, s) || (*s && wildcard(pat, s + 1));
	return *s && (*pat == '?' || *pat == *s) && wildcard(pat + 1, s + 1);
}

static void unescape_octal_and_c(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*o++ = '\n';
			s++;
		} else if (s[0] == '\\' && s[1] == 't') {
			*o++ = '\t';
			s++;
		} else if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
			   isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3])) {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static bool parse_listing_line(char *line, struct site *s, bool *octal)
{
	char *colon, *sp, *rb, *fsp, *q1, *q2;

	memset(s, 0, sizeof(*s));
	sp = strchr(line, ' ');
	if (!sp)
		return false;
	*sp = '\0';
	colon = strrchr(line, ':');
	if (!colon || sp[1] != '[')
		return false;
	*colon = '\0';
	snprintf(s->file, sizeof(s->file), "%s", line);
	s->line = (unsigned int)atoi(colon + 1);
	rb = strchr(sp + 2, ']');
	if (!rb)
		return false;
	*rb = '\0';
	snprintf(s->module, sizeof(s->module), "%s", sp + 2);
	fsp = strchr(rb + 1, ' ');
	if (!fsp || fsp[1] != '=')
		return false;
	*fsp = '\0';
	snprintf(s->func, sizeof(s->func), "%s", rb + 1);
	q1 = strchr(fsp + 2, ' ');
	if (!q1 || q1[1] != '"')
		return false;
	*q1 = '\0';
	snprintf(s->flags, sizeof(s->flags), "%s", strcmp(fsp + 2, "_") ? fsp + 2 : "");
	q2 = strrchr(q1 + 2, '"');
	if (!q2)
		return false;
	*q2 = '\0';
	if (!strncmp(q2 + 1, " class:", 7))
		snprintf(s->class_name, sizeof(s->class_name), "%s", q2 + 8);
	if (strstr(q1 + 2, "\\0"))
		*octal = true;
	unescape_octal_and_c(q1 + 2);
	snprintf(s->format, sizeof(s->format), "%s", q1 + 2);
	return true;
}

static unsigned int flag_bits(const char *f)
{
	unsigned int bits = 0;

	for (; *f; f++)
		if (strchr(letters, *f))
			bits |= 1u << (strchr(letters, *f) - letters);
	return bits;
}

/* One query; returns the number of sites matched, or -1 when the kernel would say -EINVAL. */
static int apply_query(char *q, struct site *sites, size_t n)
{
	char *words[10], *file = NULL, *func = NULL, *module = NULL, *format = NULL, *cls = NULL;
	unsigned int first = 0, last = 0, setbits = 0;
	int nw = 0, found = 0;
	char op;

	for (char *t = strtok(q, " \t"); t; t = strtok(NULL, " \t")) {
		if (nw == 9)
			return -1; /* MAXWORDS */
		words[nw++] = t;
	}
	if (nw < 1 || (nw - 1) % 2)
		return -1;
	op = words[nw - 1][0];
	if (op != '+' && op != '-' && op != '=')
		return -1;
	for (const char *c = words[nw - 1] + 1; *c; c++)
		if (!strchr(letters, *c) && *c != '_')
			return -1;
	if (!words[nw - 1][1])
		return -1;
	setbits = flag_bits(words[nw - 1] + 1);
	for (int i = 0; i + 1 < nw - 1; i += 2) {
		char *k = words[i], *v = words[i + 1];

		if (!strcmp(k, "file"))
			file = v;
		else if (!strcmp(k, "func"))
			func = v;
		else if (!strcmp(k, "module"))
			module = v;
		else if (!strcmp(k, "format"))
			format = v;
		else if (!strcmp(k, "class"))
			cls = v;
		else if (!strcmp(k, "line")) {
			char *dash = strchr(v, '-');

			first = (unsigned int)atoi(v);
			last = dash ? (dash[1] ? (unsigned int)atoi(dash + 1) : ~0u) : first;
		} else
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct site *s = &sites[i];
		const char *base = strrchr(s->file, '/') ? strrchr(s->file, '/') + 1 : s->file;
		unsigned int bits, newbits;
		char *o;

		if (module && !wildcard(module, s->module))
			continue;
		if (file && !wildcard(file, s->file) && !wildcard(file, base))
			continue;
		if (func && !wildcard(func, s->func))
			continue;
		if (format && !strstr(s->format, format))
			continue;
		if (first && s->line < first)
			continue;
		if (last && s->line > last)
			continue;
		if (cls ? strcmp(cls, s->class_name) : s->class_name[0] != '\0')
			continue;
		found++;
		bits = flag_bits(s->flags);
		newbits = op == '=' ? setbits : op == '+' ? bits | setbits : bits & ~setbits;
		o = s->flags;
		for (int b = 0; letters[b]; b++)
			if (newbits & (1u << b))
				*o++ = letters[b];
		*o = '\0';
	}
	return found;
}

static int apply(const char *path)
{
	static struct site sites[MAX_SITES];
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t n = 0;
	bool octal = false;
	int rc = 0;

	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		if (n < MAX_SITES &&
		    parse_listing_line(strcpy((char[1024]){0}, line), &sites[n], &octal)) {
			n++;
			continue;
		}
		if (apply_query(line, sites, n) < 0) {
			fprintf(stderr, "fake control: query rejected (-EINVAL): %s\n", line);
			rc = 1;
		}
	}
	fclose(f);
	if (write_listing(path, sites, n, octal))
		return 1;
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "generate"))
		return write_listing(argv[2], initial_sites,
				     sizeof(initial_sites) / sizeof(initial_sites[0]),
				     argc > 3 && !strcmp(argv[3], "--octal"));
	if (argc == 3 && !strcmp(argv[1], "apply"))
		return apply(argv[2]);
	fprintf(stderr, "usage: fake-ddebug-control generate FILE [--octal] | apply FILE\n");
	return 2;
}
