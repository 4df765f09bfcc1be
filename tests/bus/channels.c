// SPDX-License-Identifier: MIT
/*
 * Host-side channel record for the tests. See channels.h.
 */
#include "channels.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

void channels_init(struct test_channels *tc)
{
	pthread_condattr_t attr;

	memset(tc, 0, sizeof(*tc));
	pthread_mutex_init(&tc->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&tc->changed, &attr);
	pthread_condattr_destroy(&attr);
}

void channels_destroy(struct test_channels *tc)
{
	pthread_cond_destroy(&tc->changed);
	pthread_mutex_destroy(&tc->lock);
}

static struct test_channels *record_of(struct rpmsg_channel *ch)
{
	return rpmsg_channel_driver_priv(ch);
}

static int channels_probe(struct rpmsg_channel *ch)
{
	struct test_channels *tc = record_of(ch);
	struct test_channel_rec *r = NULL;
	struct rpmsg_endpoint *ept = rpmsg_channel_ept(ch);

	pthread_mutex_lock(&tc->lock);
	for (int i = 0; i < tc->count; i++)
		if (tc->rec[i].ch == ch ||
		    (!strcmp(tc->rec[i].name, rpmsg_channel_name(ch)) &&
		     tc->rec[i].remote_addr == rpmsg_channel_remote_addr(ch)))
			r = &tc->rec[i];
	if (!r && tc->count < TEST_MAX_CHANNELS)
		r = &tc->rec[tc->count++];
	if (r) {
		snprintf(r->name, sizeof(r->name), "%s", rpmsg_channel_name(ch));
		r->remote_addr = rpmsg_channel_remote_addr(ch);
		r->ch = ch;
		r->ept = ept;
		r->local_addr = ept ? rpmsg_ept_addr(ept) : RPMSG_ADDR_ANY;
		r->probes++;
	}
	tc->total_probes++;
	pthread_cond_broadcast(&tc->changed);
	pthread_mutex_unlock(&tc->lock);
	return 0;
}

static void channels_remove(struct rpmsg_channel *ch)
{
	struct test_channels *tc = record_of(ch);

	pthread_mutex_lock(&tc->lock);
	for (int i = 0; i < tc->count; i++)
		if (tc->rec[i].ch == ch) {
			tc->rec[i].removes++;
			tc->rec[i].ch = NULL;
			tc->rec[i].ept = NULL;
		}
	tc->total_removes++;
	pthread_cond_broadcast(&tc->changed);
	pthread_mutex_unlock(&tc->lock);
}

void channels_driver(struct rpmsg_driver *drv, const char *name, rpmsg_rx_cb_t cb,
		     struct test_channels *tc)
{
	test_driver(drv, name, channels_probe, cb, tc);
	drv->remove = channels_remove;
}

pid_t channels_host_start(struct test_channels *tc, struct test_link *link, char *bus_name,
			  size_t size, const char *tag, int (*remote_main)(void *arg),
			  struct rpmsg_bus_config *cfg)
{
	pid_t remote;

	channels_init(tc);
	remote = test_pair_start(link, bus_name, size, tag, NULL, remote_main, NULL);
	rpmsg_bus_config_init(cfg, bus_name, RPMSG_ROLE_HOST);
	return remote;
}

void channels_register(struct rpmsg_bus *bus, struct rpmsg_driver *drv, const char *name,
		       rpmsg_rx_cb_t cb, struct test_channels *tc)
{
	channels_driver(drv, name, cb, tc);
	CHECK_RC(rpmsg_register_driver(bus, drv), 0);
}

void channels_ns_bind(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv)
{
	struct test_channels *tc = priv;

	pthread_mutex_lock(&tc->lock);
	if (tc->ns_count < TEST_MAX_CHANNELS) {
		snprintf(tc->ns[tc->ns_count].name, RPMSG_NAME_SIZE, "%s", name);
		tc->ns[tc->ns_count].addr = addr;
		tc->ns_count++;
	}
	pthread_cond_broadcast(&tc->changed);
	pthread_mutex_unlock(&tc->lock);
}

void channels_ns_unbind(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv)
{
	struct test_channels *tc = priv;

	pthread_mutex_lock(&tc->lock);
	for (int i = 0; i < tc->ns_count; i++)
		if (!strcmp(tc->ns[i].name, name) && tc->ns[i].addr == addr)
			tc->ns[i].unbound = true;
	tc->ns_unbind_count++;
	pthread_cond_broadcast(&tc->changed);
	pthread_mutex_unlock(&tc->lock);
}

/* Wait on the record's condition until @done(tc, arg) holds; the lock is held on return. */
static void wait_locked(struct test_channels *tc, bool (*done)(struct test_channels *, void *),
			void *arg, const char *what)
{
	struct timespec deadline;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += TEST_WAIT_MS / 1000;
	while (!done(tc, arg)) {
		int rc = pthread_cond_timedwait(&tc->changed, &tc->lock, &deadline);

		if (rc == ETIMEDOUT && !done(tc, arg)) {
			pthread_mutex_unlock(&tc->lock);
			check_fail(__FILE__, __LINE__, what, " not reached after %d ms",
				   TEST_WAIT_MS);
		}
	}
}

struct find_arg {
	const char *name;
	uint32_t addr;
	struct rpmsg_endpoint *ept;
};

static bool ept_bound(struct test_channels *tc, void *arg)
{
	struct find_arg *f = arg;

	for (int i = 0; i < tc->count; i++)
		if (!strcmp(tc->rec[i].name, f->name) && tc->rec[i].ept &&
		    (f->addr == RPMSG_ADDR_ANY || tc->rec[i].remote_addr == f->addr)) {
			f->ept = tc->rec[i].ept;
			return true;
		}
	return false;
}

struct rpmsg_endpoint *channels_wait_ept(struct test_channels *tc, const char *name, uint32_t addr)
{
	struct find_arg f = {.name = name, .addr = addr};
	char what[96];

	snprintf(what, sizeof(what), "channel %s to be probed", name);
	pthread_mutex_lock(&tc->lock);
	wait_locked(tc, ept_bound, &f, what);
	pthread_mutex_unlock(&tc->lock);
	return f.ept;
}

/* Two counters of the record, each at least a wanted value. */
struct counts_wanted {
	const int *a, *b;
	int want_a, want_b;
};

static bool counts_reached(struct test_channels *tc, void *arg)
{
	const struct counts_wanted *w = arg;

	return *w->a >= w->want_a && *w->b >= w->want_b;
}

static void wait_counts(struct test_channels *tc, struct counts_wanted *w, const char *what)
{
	pthread_mutex_lock(&tc->lock);
	wait_locked(tc, counts_reached, w, what);
	pthread_mutex_unlock(&tc->lock);
}

void channels_wait_count(struct test_channels *tc, int probes, int removes)
{
	struct counts_wanted w = {&tc->total_probes, &tc->total_removes, probes, removes};
	char what[96];

	snprintf(what, sizeof(what), "%d probes and %d removes", probes, removes);
	wait_counts(tc, &w, what);
}

void channels_wait_ns(struct test_channels *tc, int binds, int unbinds)
{
	struct counts_wanted w = {&tc->ns_count, &tc->ns_unbind_count, binds, unbinds};
	char what[96];

	snprintf(what, sizeof(what), "%d name-service binds and %d unbinds", binds, unbinds);
	wait_counts(tc, &w, what);
}

bool channels_find(struct test_channels *tc, const char *name, uint32_t addr,
		   struct test_channel_rec *out)
{
	bool found = false;

	pthread_mutex_lock(&tc->lock);
	for (int i = 0; i < tc->count && !found; i++)
		if (!strcmp(tc->rec[i].name, name) &&
		    (addr == RPMSG_ADDR_ANY || tc->rec[i].remote_addr == addr)) {
			*out = tc->rec[i];
			found = true;
		}
	pthread_mutex_unlock(&tc->lock);
	return found;
}
