// SPDX-License-Identifier: MIT
/*
 * bus_vring: white-box tests of the split-virtqueue code (bus/src/vring.h). Driver and device
 * halves run on one ring in ordinary memory; a "carve-out" array plays the buffer pool at device
 * address POOL_PA. Checks the virtio semantics (tokens, free list, 16-bit index wrap, event index
 * and flag suppression, indices published once per batch) and that every field the other side
 * writes is distrusted, also behind an index read once per batch: a bad value
 * marks the ring broken with an error naming the field and value, and the ring stays broken.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"
#include "vring.h"

#define POOL_PA	 0x10000000ull
#define BUF_SIZE 64

struct pair {
	struct virtqueue drv, dev;
	void *ring;
	uint8_t *pool;
	unsigned int num;
	struct vring_dma_window window;
};

static void pair_init(struct pair *p, unsigned int num, bool event_idx)
{
	size_t ring_size = vq_ring_size(num, 4096);

	memset(p, 0, sizeof(*p));
	p->num = num;
	p->ring = aligned_alloc(4096, (ring_size + 4095) & ~(size_t)4095);
	p->pool = calloc(num, BUF_SIZE);
	CHECK(p->ring && p->pool);
	p->window = (struct vring_dma_window){
		.pa_base = POOL_PA, .base = p->pool, .size = (size_t)num * BUF_SIZE};
	CHECK_RC(vq_driver_init(&p->drv, 1, num, p->ring, 4096, event_idx), 0);
	CHECK_RC(vq_device_init(&p->dev, 1, num, p->ring, 4096, event_idx, &p->window), 0);
}

static void pair_free(struct pair *p)
{
	vq_free(&p->drv);
	vq_free(&p->dev);
	free(p->ring);
	free(p->pool);
}

static uint64_t buf_pa(unsigned int i)
{
	return POOL_PA + (uint64_t)i * BUF_SIZE;
}

/* The ring's error must name the field and contain the offending value. */
static void check_broken(struct virtqueue *vq, int rc, const char *field, const char *value)
{
	CHECK_RC(rc, -EIO);
	CHECK(vq->broken);
	CHECK(test_contains_ci(vq->error, field), "error \"%s\" does not name \"%s\"", vq->error,
	      field);
	CHECK(test_contains_ci(vq->error, value), "error \"%s\" does not give the value %s",
	      vq->error, value);
}

static void test_tokens_free_list_and_out_of_order_completion(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;
	void *buf;
	int heads[8];

	pair_init(&p, 8, false);
	for (unsigned int i = 0; i < 8; i++) {
		heads[i] = vq_add_buf(&p.drv, buf_pa(i), BUF_SIZE, true, 100 + i);
		CHECK(heads[i] >= 0 && heads[i] < 8, "add %u: %d", i, heads[i]);
	}
	CHECK_RC(vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, true, 999), -ENOSPC);
	CHECK(p.dev.vr.desc[heads[3]].flags == VRING_DESC_F_WRITE);
	CHECK(vq_dev_avail_count(&p.dev) == 8);

	uint16_t taken[8];

	for (unsigned int i = 0; i < 8; i++) {
		CHECK_RC(vq_dev_get_avail(&p.dev, &taken[i], &buf, &len), 1);
		CHECK(taken[i] == heads[i], "device took head %u, driver added %d", taken[i],
		      heads[i]);
		CHECK(buf == p.pool + i * BUF_SIZE && len == BUF_SIZE);
	}
	CHECK_RC(vq_dev_get_avail(&p.dev, &head, &buf, &len), 0);
	/* complete in reverse order: the driver must map each head back to its own token */
	for (int i = 7; i >= 0; i--)
		CHECK_RC(vq_dev_push_used(&p.dev, taken[i], (uint32_t)i), 0);
	for (int i = 7; i >= 0; i--) {
		CHECK_RC(vq_get_buf(&p.drv, &len, &token, &head), 1);
		CHECK(token == 100u + (unsigned int)i && len == (uint32_t)i && head == taken[i],
		      "got token %u len %u head %u, expected token %d", token, len, head, 100 + i);
	}
	CHECK_RC(vq_get_buf(&p.drv, &len, &token, &head), 0);
	CHECK(p.drv.num_free == 8);
	/* every descriptor is reusable */
	for (unsigned int i = 0; i < 8; i++)
		CHECK(vq_add_buf(&p.drv, buf_pa(i), BUF_SIZE, false, i) >= 0);
	pair_free(&p);
}

static void test_indices_wrap_at_16_bits(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;
	void *buf;

	pair_init(&p, 4, true);
	for (uint32_t n = 0; n < 70000; n++) {
		CHECK(vq_add_buf(&p.drv, buf_pa(n % 4), 16, false, n) >= 0);
		CHECK_RC(vq_dev_get_avail(&p.dev, &head, &buf, &len), 1);
		CHECK(buf == p.pool + (n % 4) * BUF_SIZE);
		CHECK_RC(vq_dev_push_used(&p.dev, head, 0), 0);
		CHECK_RC(vq_get_buf(&p.drv, &len, &token, &head), 1);
		CHECK(token == n, "message %u came back as %u", n, token);
	}
	CHECK(p.drv.vr.avail->idx == (uint16_t)70000 && p.drv.vr.used->idx == (uint16_t)70000);
	pair_free(&p);
}

/* The device takes the next available buffer and gives it back unwritten (must work). */
static void dev_returns_next(struct pair *p)
{
	uint32_t len;
	uint16_t head;
	void *buf;

	CHECK(vq_dev_get_avail(&p->dev, &head, &buf, &len) == 1 &&
	      !vq_dev_push_used(&p->dev, head, 0));
}

/* One buffer in flight that the device has used; returns the used slot. */
static unsigned int one_used(struct pair *p)
{
	uint32_t len;
	uint16_t head;
	void *buf;

	CHECK(vq_add_buf(&p->drv, buf_pa(0), BUF_SIZE, true, 7) >= 0);
	CHECK(vq_add_buf(&p->drv, buf_pa(1), BUF_SIZE, true, 8) >= 0);
	CHECK_RC(vq_dev_get_avail(&p->dev, &head, &buf, &len), 1);
	CHECK_RC(vq_dev_push_used(&p->dev, head, 20), 0);
	return 0;
}

static void test_driver_distrusts_used_ring(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;

	pair_init(&p, 8, false);
	one_used(&p);
	p.drv.vr.used->idx = 50;
	check_broken(&p.drv, vq_get_buf(&p.drv, &len, &token, &head), "used idx", "50");
	/* broken is sticky */
	CHECK_RC(vq_add_buf(&p.drv, buf_pa(2), BUF_SIZE, true, 1), -EIO);
	CHECK_RC(vq_get_buf(&p.drv, &len, &token, &head), -EIO);
	CHECK(!vq_kick_prepare(&p.drv));
	pair_free(&p);

	pair_init(&p, 8, false);
	one_used(&p);
	p.drv.vr.used->ring[0].id = 1000;
	check_broken(&p.drv, vq_get_buf(&p.drv, &len, &token, &head), "id", "1000");
	pair_free(&p);

	pair_init(&p, 8, false);
	one_used(&p);
	p.drv.vr.used->ring[0].id = 5; /* in range, but never given to the device */
	check_broken(&p.drv, vq_get_buf(&p.drv, &len, &token, &head), "not in flight", "5");
	pair_free(&p);

	pair_init(&p, 8, false);
	one_used(&p);
	p.drv.vr.used->ring[0].len = BUF_SIZE + 1;
	check_broken(&p.drv, vq_get_buf(&p.drv, &len, &token, &head), "len", "65");
	pair_free(&p);
}

static void test_device_distrusts_avail_ring_and_descriptors(void)
{
	struct pair p;
	uint32_t len;
	uint16_t head;
	void *buf;
	int h;

	pair_init(&p, 8, false);
	CHECK(vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, false, 0) >= 0);
	p.drv.vr.avail->idx = 100;
	check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "avail idx", "100");
	CHECK_RC(vq_dev_push_used(&p.dev, 0, 0), -EIO);
	CHECK(vq_dev_avail_count(&p.dev) == 0 && !vq_dev_has_avail(&p.dev));
	pair_free(&p);

	pair_init(&p, 8, false);
	CHECK(vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, false, 0) >= 0);
	p.drv.vr.avail->ring[0] = 99;
	check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "head", "99");
	pair_free(&p);

	static const struct {
		uint64_t addr;
		uint32_t len;
		const char *value;
	} bad[] = {
		{POOL_PA + 8 * BUF_SIZE, 16, "0x10000200"},	       /* just past the pool */
		{POOL_PA - 16, 16, "0xffffff0"},		       /* just before it */
		{POOL_PA + 7 * BUF_SIZE + 32, BUF_SIZE, "0x100001e0"}, /* straddles the end */
		{0xffffffffffffff00ull, 0x200, "0xffffffffffffff00"},  /* wraps 64 bits */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pair_init(&p, 8, false);
		h = vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, false, 0);
		CHECK(h >= 0);
		p.drv.vr.desc[h].addr = bad[i].addr;
		p.drv.vr.desc[h].len = bad[i].len;
		check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "addr",
			     bad[i].value);
		pair_free(&p);
	}

	pair_init(&p, 8, false);
	h = vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, false, 0);
	p.drv.vr.desc[h].flags = VRING_DESC_F_NEXT;
	p.drv.vr.desc[h].next = (uint16_t)h; /* a chain that points at itself */
	check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "loop", "");
	pair_free(&p);

	pair_init(&p, 8, false);
	h = vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, false, 0);
	p.drv.vr.desc[h].flags = VRING_DESC_F_NEXT;
	p.drv.vr.desc[h].next = 4242;
	check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "next", "4242");
	pair_free(&p);

	pair_init(&p, 8, false);
	h = vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, false, 0);
	p.drv.vr.desc[h].flags = VRING_DESC_F_INDIRECT;
	check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "indirect", "");
	pair_free(&p);
}

static void test_flag_suppression_without_event_index(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;

	pair_init(&p, 8, false);
	CHECK(vq_add_buf(&p.drv, buf_pa(0), 16, false, 0) >= 0);
	CHECK(vq_kick_prepare(&p.drv), "a fresh ring must be kicked");
	vq_dev_disable_notify(&p.dev);
	CHECK(p.dev.vr.used->flags & VRING_USED_F_NO_NOTIFY);
	CHECK(vq_add_buf(&p.drv, buf_pa(1), 16, false, 1) >= 0);
	CHECK(!vq_kick_prepare(&p.drv), "device asked for NO_NOTIFY, driver still kicks");
	CHECK(!vq_dev_enable_notify(&p.dev), "buffers pending: not safe to sleep");
	dev_returns_next(&p);
	dev_returns_next(&p);
	CHECK(vq_dev_enable_notify(&p.dev));
	CHECK(vq_add_buf(&p.drv, buf_pa(2), 16, false, 2) >= 0);
	CHECK(vq_kick_prepare(&p.drv));

	vq_disable_cb(&p.drv);
	CHECK(p.drv.vr.avail->flags & VRING_AVAIL_F_NO_INTERRUPT);
	dev_returns_next(&p);
	CHECK(!vq_dev_need_interrupt(&p.dev), "driver asked for NO_INTERRUPT, device interrupts");
	CHECK(!vq_enable_cb(&p.drv), "a used buffer is pending: not safe to sleep");
	while (vq_get_buf(&p.drv, &len, &token, &head) == 1)
		;
	CHECK(vq_enable_cb(&p.drv));
	pair_free(&p);
}

static void test_event_index_suppression(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;

	pair_init(&p, 8, true);
	/* kicks: one per re-arm of avail_event, as the kernel does */
	CHECK(vq_dev_enable_notify(&p.dev));
	CHECK(vq_add_buf(&p.drv, buf_pa(0), 16, false, 0) >= 0);
	CHECK(vq_kick_prepare(&p.drv), "avail_event armed at 0: first add must kick");
	CHECK(vq_add_buf(&p.drv, buf_pa(1), 16, false, 1) >= 0);
	CHECK(!vq_kick_prepare(&p.drv), "already kicked past avail_event: no second kick");
	for (int i = 0; i < 2; i++)
		dev_returns_next(&p);
	CHECK(vq_dev_enable_notify(&p.dev));
	CHECK(p.dev.vr.used->flags == 0);
	CHECK(vring_avail_event(&p.dev.vr) == 2);
	CHECK(vq_add_buf(&p.drv, buf_pa(2), 16, false, 2) >= 0);
	CHECK(vq_kick_prepare(&p.drv));

	/* interrupts: the same with used_event */
	while (vq_get_buf(&p.drv, &len, &token, &head) == 1)
		;
	CHECK(vq_enable_cb(&p.drv));
	dev_returns_next(&p);
	CHECK(vq_dev_need_interrupt(&p.dev));
	CHECK(vq_add_buf(&p.drv, buf_pa(3), 16, false, 3) >= 0);
	dev_returns_next(&p);
	CHECK(!vq_dev_need_interrupt(&p.dev), "driver has not consumed: no second interrupt");
	while (vq_get_buf(&p.drv, &len, &token, &head) == 1)
		;
	CHECK(vring_used_event(&p.drv.vr) == p.drv.last_used_idx);
	CHECK(vq_add_buf(&p.drv, buf_pa(4), 16, false, 4) >= 0);
	dev_returns_next(&p);
	CHECK(vq_dev_need_interrupt(&p.dev), "driver consumed and re-armed: interrupt again");
	pair_free(&p);
}

/*
 * Batched publication (issue 14): a device returning several buffers in one pass writes the
 * used idx once; the driver sees none of them before that and all of them after, and a driver
 * that armed its interrupt gets exactly one for the batch.
 */
static void test_batched_used_publication_wakes_sleeping_driver(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head, heads[4];
	void *buf;

	pair_init(&p, 8, true);
	for (unsigned int i = 0; i < 4; i++)
		CHECK(vq_add_buf(&p.drv, buf_pa(i), BUF_SIZE, true, i) >= 0);
	for (unsigned int i = 0; i < 4; i++)
		CHECK(vq_dev_get_avail(&p.dev, &heads[i], &buf, &len) == 1);
	CHECK(vq_enable_cb(&p.drv), "nothing used yet: the driver may sleep");
	for (unsigned int i = 0; i < 4; i++)
		CHECK_RC(vq_dev_queue_used(&p.dev, heads[i], 8), 0);
	CHECK(p.dev.vr.used->idx == 0, "used idx %u written before the batch ended",
	      p.dev.vr.used->idx);
	CHECK(!vq_more_used(&p.drv));
	CHECK(vq_dev_need_interrupt(&p.dev), "the sleeping driver is woken for the batch");
	CHECK(p.dev.vr.used->idx == 4, "used idx %u after the batch, want 4", p.dev.vr.used->idx);
	CHECK(!vq_dev_need_interrupt(&p.dev), "one interrupt per batch");
	for (unsigned int i = 0; i < 4; i++) {
		CHECK(vq_get_buf_deferred(&p.drv, &len, &token, &head) == 1);
		CHECK(token == i && len == 8 && head == heads[i]);
	}
	CHECK_RC(vq_get_buf_deferred(&p.drv, &len, &token, &head), 0);
	pair_free(&p);
}

/* The same for the driver: buffers queued in one pass are published (and kicked) at once. */
static void test_batched_avail_publication_kicks_sleeping_device(void)
{
	struct pair p;
	uint32_t len;
	uint16_t head;
	void *buf;

	pair_init(&p, 8, true);
	CHECK(vq_dev_enable_notify(&p.dev), "nothing available: the device may sleep");
	for (unsigned int i = 0; i < 3; i++)
		CHECK(vq_queue_buf(&p.drv, buf_pa(i), BUF_SIZE, true, i) >= 0);
	CHECK(p.drv.vr.avail->idx == 0, "avail idx %u written before the batch ended",
	      p.drv.vr.avail->idx);
	CHECK(!vq_dev_has_avail(&p.dev));
	CHECK(vq_kick_prepare(&p.drv), "the sleeping device is kicked for the batch");
	CHECK(p.drv.vr.avail->idx == 3, "avail idx %u after the batch, want 3",
	      p.drv.vr.avail->idx);
	CHECK(!vq_kick_prepare(&p.drv), "one kick per batch");
	for (unsigned int i = 0; i < 3; i++)
		CHECK(vq_dev_get_avail(&p.dev, &head, &buf, &len) == 1 &&
		      buf == p.pool + i * BUF_SIZE);
	CHECK_RC(vq_dev_get_avail(&p.dev, &head, &buf, &len), 0);
	pair_free(&p);
}

/*
 * A bulk reclaim writes used_event once, after the batch, and only while the driver wants
 * interrupts: then the device's next buffer interrupts it (a waiting sender is woken).
 */
static void test_bulk_reclaim_publishes_used_event_once(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;

	pair_init(&p, 8, true);
	vq_disable_cb(&p.drv);
	for (unsigned int i = 0; i < 4; i++)
		CHECK(vq_add_buf(&p.drv, buf_pa(i), BUF_SIZE, false, i) >= 0);
	for (unsigned int i = 0; i < 4; i++)
		dev_returns_next(&p);
	while (vq_get_buf_deferred(&p.drv, &len, &token, &head) == 1)
		;
	vq_publish_used_event(&p.drv);
	CHECK(vring_used_event(&p.drv.vr) == 0, "interrupts off: used_event %u written",
	      vring_used_event(&p.drv.vr));

	CHECK(vq_enable_cb(&p.drv)); /* a sender waits: used_event = 4 */
	for (unsigned int i = 4; i < 8; i++)
		CHECK(vq_add_buf(&p.drv, buf_pa(i), BUF_SIZE, false, i) >= 0);
	for (unsigned int i = 0; i < 2; i++)
		dev_returns_next(&p);
	CHECK(vq_dev_need_interrupt(&p.dev));
	for (unsigned int i = 0; i < 2; i++)
		CHECK(vq_get_buf_deferred(&p.drv, &len, &token, &head) == 1);
	CHECK(vring_used_event(&p.drv.vr) == 4, "used_event %u written during the batch",
	      vring_used_event(&p.drv.vr));
	vq_publish_used_event(&p.drv);
	CHECK(vring_used_event(&p.drv.vr) == 6, "used_event %u after the batch, want 6",
	      vring_used_event(&p.drv.vr));
	dev_returns_next(&p);
	CHECK(vq_dev_need_interrupt(&p.dev), "the next buffer wakes the waiting driver");
	pair_free(&p);
}

/* Indices read once per batch: entries behind a cached index are still checked one by one. */
static void test_cached_indices_still_distrust_entries(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;
	void *buf;

	pair_init(&p, 8, true);
	CHECK(vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, true, 0) >= 0);
	CHECK(vq_add_buf(&p.drv, buf_pa(1), BUF_SIZE, true, 1) >= 0);
	CHECK(vq_dev_get_avail(&p.dev, &head, &buf, &len) == 1); /* avail idx 2 read */
	p.dev.vr.avail->ring[1] = 200;				 /* rewritten after that */
	check_broken(&p.dev, vq_dev_get_avail(&p.dev, &head, &buf, &len), "head", "200");
	pair_free(&p);

	pair_init(&p, 8, true);
	CHECK(vq_add_buf(&p.drv, buf_pa(0), BUF_SIZE, true, 0) >= 0);
	CHECK(vq_add_buf(&p.drv, buf_pa(1), BUF_SIZE, true, 1) >= 0);
	for (unsigned int i = 0; i < 2; i++)
		dev_returns_next(&p);
	CHECK(vq_get_buf_deferred(&p.drv, &len, &token, &head) == 1); /* used idx 2 read */
	p.dev.vr.used->ring[1].id = 99;				      /* rewritten after that */
	check_broken(&p.drv, vq_get_buf_deferred(&p.drv, &len, &token, &head), "id", "99");
	pair_free(&p);
}

/* Device: take every available buffer and give each back with its length, in ring order. */
static void dev_return_all(struct pair *p, unsigned int n)
{
	uint16_t head;
	uint32_t len;
	void *buf;

	for (unsigned int i = 0; i < n; i++) {
		CHECK_RC(vq_dev_get_avail(&p->dev, &head, &buf, &len), 1);
		CHECK_RC(vq_dev_queue_used(&p->dev, head, len), 0);
	}
	vq_dev_publish_used(&p->dev);
}

/*
 * Heads bound to tokens (the bus's rings): each token gets its own descriptor, and a lap that
 * repeats the last one writes neither descriptors nor avail entries (the ring's page is made
 * read-only while the buffers are queued: a write would fault). What the device scribbled over
 * is written again.
 */
static void test_bound_heads_write_only_what_changed(void)
{
	struct pair p;
	uint32_t len, token;
	uint16_t head;
	void *buf;

	pair_init(&p, 8, true);
	CHECK_RC(vq_driver_bind_heads(&p.drv), 0);
	for (unsigned int i = 0; i < 8; i++)
		CHECK_RC(vq_queue_buf(&p.drv, buf_pa(i), 32, false, i), (int)i);
	vq_publish_avail(&p.drv);
	dev_return_all(&p, 8);
	for (unsigned int i = 0; i < 8; i++) {
		CHECK_RC(vq_get_buf_deferred(&p.drv, &len, &token, &head), 1);
		CHECK(token == i && head == i && len == 32, "got token %u head %u len %u", token,
		      head, len);
	}

	/* The same lap again: not one store into the descriptors or the avail ring. */
	CHECK_RC(mprotect(p.ring, 4096, PROT_READ), 0);
	for (unsigned int i = 0; i < 8; i++)
		CHECK_RC(vq_queue_buf(&p.drv, buf_pa(i), 32, false, i), (int)i);
	CHECK_RC(mprotect(p.ring, 4096, PROT_READ | PROT_WRITE), 0);
	vq_publish_avail(&p.drv);
	dev_return_all(&p, 8);
	for (unsigned int i = 0; i < 8; i++)
		CHECK_RC(vq_get_buf_deferred(&p.drv, &len, &token, &head), 1);

	/* The device overwrote a descriptor and an avail entry: both are written again. */
	p.drv.vr.desc[3].addr = buf_pa(6);
	p.drv.vr.desc[3].len = 4096;
	p.drv.vr.avail->ring[(p.drv.avail_idx_shadow + 3) & 7] = 5;
	for (unsigned int i = 0; i < 8; i++)
		CHECK_RC(vq_queue_buf(&p.drv, buf_pa(i), i == 3 ? 48 : 32, false, i), (int)i);
	vq_publish_avail(&p.drv);
	for (unsigned int i = 0; i < 8; i++) {
		CHECK_RC(vq_dev_get_avail(&p.dev, &head, &buf, &len), 1);
		CHECK(head == i && buf == p.pool + i * BUF_SIZE && len == (i == 3 ? 48u : 32u),
		      "entry %u: head %u len %u", i, head, len);
		CHECK_RC(vq_dev_push_used(&p.dev, head, 0), 0);
	}

	/* A token in flight, or beyond the ring, has no descriptor to take. */
	CHECK_RC(vq_get_buf_deferred(&p.drv, &len, &token, &head), 1);
	CHECK(token == 0);
	CHECK_RC(vq_queue_buf(&p.drv, buf_pa(1), 32, false, 1), -EINVAL);
	CHECK_RC(vq_queue_buf(&p.drv, buf_pa(0), 32, false, 8), -EINVAL);
	CHECK_RC(vq_driver_bind_heads(&p.drv), -EBUSY);
	pair_free(&p);
}

static void test_bad_geometry_is_refused(void)
{
	struct virtqueue vq;
	static uint8_t ring[16384] __attribute__((aligned(4096)));
	struct vring_dma_window w = {.pa_base = POOL_PA, .base = ring, .size = sizeof(ring)};

	CHECK_RC(vq_driver_init(&vq, 0, 0, ring, 4096, false), -EINVAL);
	CHECK_RC(vq_driver_init(&vq, 0, 6, ring, 4096, false), -EINVAL);
	CHECK_RC(vq_driver_init(&vq, 0, 8, ring, 3, false), -EINVAL);
	CHECK_RC(vq_device_init(&vq, 0, 65536, ring, 4096, false, &w), -EINVAL);
	CHECK_RC(vq_device_init(&vq, 0, 8, ring, 4096, false, NULL), -EINVAL);
	CHECK(vq_ring_size(256, 4096) == vring_size(256, 4096));
}

int main(void)
{
	test_set_side("vring");
	test_tokens_free_list_and_out_of_order_completion();
	test_indices_wrap_at_16_bits();
	test_driver_distrusts_used_ring();
	test_device_distrusts_avail_ring_and_descriptors();
	test_flag_suppression_without_event_index();
	test_event_index_suppression();
	test_batched_used_publication_wakes_sleeping_driver();
	test_batched_avail_publication_kicks_sleeping_device();
	test_bulk_reclaim_publishes_used_event_once();
	test_cached_indices_still_distrust_entries();
	test_bound_heads_write_only_what_changed();
	test_bad_geometry_is_refused();
	test_log("PASS");
	return 0;
}
