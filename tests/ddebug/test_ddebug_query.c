// SPDX-License-Identifier: MIT
/*
 * The control-file pieces of rpmsg-ddebug on their own: listing lines as ddebug_proc_show()
 * prints them (Linux 6.1+: "%s:%u [%s]%s =%s \"" + escaped format + "\"" [+ " class:%s"];
 * before 5.13 the format was octal-escaped; much older kernels printed flags without '=' and
 * "-" for none), the query language of ddebug_parse_query() (wildcards via match_wildcard(),
 * "file NAME:func" and "file NAME:line-range" tails), and ddebug_parse_flags().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg-test/check.h>

#include "ddebug_control.h"

/* Which of the first four sites of @l @query selects, as bits (site i: bit i). */
static unsigned int selected(const struct ddebug_listing *l, const char *query)
{
	struct ddebug_query q;
	const char *why;
	unsigned int bits = 0;

	CHECK(ddebug_query_parse(query, &q, &why) == 0, "'%s': %s", query, why);
	for (unsigned int i = 0; i < 4 && i < l->nr_sites; i++)
		if (ddebug_query_matches(&q, &l->sites[i]))
			bits |= 1u << i;
	ddebug_query_free(&q);
	return bits;
}

static const char listing_text[] =
	"# filename:lineno [module]function flags format\n"
	"drivers/rpmsg/virtio_rpmsg_bus.c:652 [virtio_rpmsg_bus]rpmsg_send_offchannel_raw =_ \"TX "
	"From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d\\n\"\n"
	"drivers/rpmsg/virtio_rpmsg_bus.c:727 [virtio_rpmsg_bus]rpmsg_recv_single =pflt "
	"\"rpmsg_virtio RX: \"\n"
	"drivers/rpmsg/rpmsg_core.c:480 [rpmsg_core]rpmsg_dev_probe =m \"probing \"%s\"\\012\"\n"
	"drivers/gpu/drm/drm_vblank.c:1500 [drm]drm_vblank_enable =p \"enabling vblank on crtc "
	"%u\\n\" class:DRM_UT_VBL\n"
	"this line is not a call site\n";

static void test_listing(void)
{
	char path[] = "/tmp/rpmsg-ddebug-listing.XXXXXX";
	int fd = mkstemp(path);
	struct ddebug_listing l;

	CHECK(fd >= 0);
	CHECK(write(fd, listing_text, sizeof(listing_text) - 1) ==
	      (ssize_t)sizeof(listing_text) - 1);
	close(fd);
	CHECK(ddebug_listing_read(path, &l) == 0);
	unlink(path);
	CHECK(l.nr_sites == 4);
	CHECK(l.unparsed_lines == 1);
	CHECK(l.none_marker == '_');
	CHECK(!strcmp(l.sites[0].filename, "drivers/rpmsg/virtio_rpmsg_bus.c"));
	CHECK(l.sites[0].lineno == 652);
	CHECK(!strcmp(l.sites[0].module, "virtio_rpmsg_bus"));
	CHECK(!strcmp(l.sites[0].function, "rpmsg_send_offchannel_raw"));
	CHECK(l.sites[0].flags == 0);
	CHECK(!strcmp(l.sites[0].format, "TX From 0x%x, To 0x%x, Len %d, Flags %d, Reserved %d\n"));
	/* p f l t = bits 0 2 4 5 of "pmfslt" */
	CHECK(l.sites[1].flags == (1u << 0 | 1u << 2 | 1u << 4 | 1u << 5));
	CHECK(!strcmp(l.sites[2].format, "probing \"%s\"\n"));
	CHECK(l.sites[2].class_name == NULL);
	CHECK(l.sites[3].class_name && !strcmp(l.sites[3].class_name, "DRM_UT_VBL"));

	/* what a query selects: bit i set for site i (sites 0-3) */
	CHECK_EQ(selected(&l, "file virtio_rpmsg_bus.c") & 0x7, 0x3);
	CHECK_EQ(selected(&l, "file drivers/rpmsg/* func *_single") & 0x3, 0x2);
	CHECK_EQ(selected(&l, "file virtio_rpmsg_bus.c:700-800") & 0x3, 0x2);
	CHECK_EQ(selected(&l, "file virtio_rpmsg_bus.c:rpmsg_send*") & 0x3, 0x1);
	CHECK_EQ(selected(&l, "format 'TX From' module virtio_*") & 0x3, 0x1);
	CHECK_EQ(selected(&l, "format ^rpmsg_virtio") & 0x3, 0x2);
	/* since 6.1, a site in a class is only reached by naming the class */
	CHECK_EQ(selected(&l, "module drm") & 0x8, 0);
	CHECK_EQ(selected(&l, "module drm class DRM_UT_VBL") & 0x8, 0x8);
	CHECK_EQ(selected(&l, "line 600-") & 0x5, 0x1);
	{
		struct ddebug_query q;
		const char *why;

		CHECK(ddebug_query_parse("file", &q, &why) == -EINVAL && strstr(why, "pairs"));
		CHECK(ddebug_query_parse("frob x.c", &q, &why) == -EINVAL &&
		      strstr(why, "keyword"));
		CHECK(ddebug_query_parse("file a.c file b.c", &q, &why) == -EINVAL);
		CHECK(ddebug_query_parse("format 'unclosed", &q, &why) == -EINVAL);
		CHECK(ddebug_query_parse("line 20-10", &q, &why) == -EINVAL);
	}

	/* the restore query names exactly one site and its flags */
	{
		char *q = ddebug_site_restore_query(&l.sites[1], l.sites[1].flags, '_');

		CHECK(q &&
		      !strcmp(q, "module virtio_rpmsg_bus file drivers/rpmsg/virtio_rpmsg_bus.c "
				 "line 727 func rpmsg_recv_single =pflt"));
		free(q);
		q = ddebug_site_restore_query(&l.sites[0], 0, '_');
		CHECK(q && strstr(q, " line 652 func rpmsg_send_offchannel_raw =_"));
		free(q);
		q = ddebug_site_restore_query(&l.sites[0], 0, '-');
		CHECK(q && strstr(q, " -pmflt")); /* old kernels know no "_" */
		free(q);
		q = ddebug_site_restore_query(&l.sites[3], 1, '_');
		CHECK(q && !strncmp(q, "class DRM_UT_VBL file ", 22) && strstr(q, " =p"));
		free(q);
	}
	ddebug_listing_free(&l);
}

static void test_old_listing(void)
{
	static const char old[] =
		"init/main.c:1179 [main]initcall_blacklist - \"blacklisting initcall %s\\012\"\n"
		"init/main.c:1218 [main]initcall_blacklisted p \"initcall %s blacklisted\\012\"\n";
	char path[] = "/tmp/rpmsg-ddebug-listing.XXXXXX";
	int fd = mkstemp(path);
	struct ddebug_listing l;

	CHECK(fd >= 0);
	CHECK(write(fd, old, sizeof(old) - 1) == (ssize_t)sizeof(old) - 1);
	close(fd);
	CHECK(ddebug_listing_read(path, &l) == 0);
	unlink(path);
	CHECK(l.nr_sites == 2 && l.none_marker == '-');
	CHECK(l.nr_sites == 2 && l.sites[1].flags == 1 &&
	      !strcmp(l.sites[1].format, "initcall %s blacklisted\n"));
	ddebug_listing_free(&l);
}

static void test_flags(void)
{
	struct ddebug_flags f;
	char buf[8];

	CHECK(ddebug_parse_flags("+pflmt", &f) == 0 && f.op == '+');
	CHECK(!strcmp(ddebug_flags_string(f.flags, '_', buf), "pmflt"));
	CHECK(ddebug_apply_flags(1u << 1, &f) == f.flags);
	CHECK(ddebug_parse_flags("-p", &f) == 0 && ddebug_apply_flags(0x3, &f) == 0x2);
	CHECK(ddebug_parse_flags("=_", &f) == 0 && ddebug_apply_flags(0x3f, &f) == 0);
	CHECK(!strcmp(ddebug_flags_string(0, '_', buf), "_"));
	CHECK(ddebug_parse_flags("p", &f) == -EINVAL);	 /* no operator */
	CHECK(ddebug_parse_flags("+", &f) == -EINVAL);	 /* no flag */
	CHECK(ddebug_parse_flags("+px", &f) == -EINVAL); /* unknown flag */
}

int main(void)
{
	test_listing();
	test_old_listing();
	test_flags();
	printf("all checks passed\n");
	return 0;
}
