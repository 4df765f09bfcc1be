// SPDX-License-Identifier: MIT
/*
 * bus_ns_handshake: the remote announces four services by name service; the host sees exactly
 * those channels (names and addresses), a registered driver's probe runs once per matching
 * channel (two channels share a name, one has no driver), each bound endpoint talks to its own
 * remote endpoint, and NS DESTROY / driver unregistration / remote close remove the channels and
 * run remove; a driver registered again is bound again to the channel still there. The host's own
 * announcement reaches the remote's ns_bind.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rpmsg/rpmsg.h>

#include "channels.h"
#include "harness.h"

#define ALPHA_ADDR_1 1100u
#define ALPHA_ADDR_2 1101u
#define GAMMA_ADDR   1200u

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;

/* --- remote --- */

static struct {
	pthread_mutex_t lock;
	char name[RPMSG_NAME_SIZE];
	uint32_t addr;
	int binds;
} host_services = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void remote_ns_bind(struct rpmsg_bus *bus, const char *name, uint32_t addr, void *priv)
{
	pthread_mutex_lock(&host_services.lock);
	snprintf(host_services.name, sizeof(host_services.name), "%s", name);
	host_services.addr = addr;
	host_services.binds++;
	pthread_mutex_unlock(&host_services.lock);
}

/* Each remote service answers "ack <its address>" to whoever wrote to it. */
static int remote_echo(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	char reply[64];
	int n = snprintf(reply, sizeof(reply), "ack %u", rpmsg_ept_addr(ept));

	CHECK(len == 4 && !memcmp(data, "ping", 4), "remote got %zu bytes", len);
	CHECK_RC(rpmsg_sendto(ept, reply, (size_t)n + 1, src), 0);
	return 0;
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;
	struct rpmsg_endpoint *alpha1, *alpha2, *beta, *gamma;
	int binds = 0;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	cfg.ns_bind = remote_ns_bind;
	bus = test_open_bus(&cfg);

	CHECK_RC(rpmsg_create_ept(bus, "svc-alpha", ALPHA_ADDR_1, RPMSG_ADDR_ANY, remote_echo, NULL,
				  &alpha1),
		 0);
	CHECK_RC(rpmsg_create_ept(bus, "svc-alpha", ALPHA_ADDR_2, RPMSG_ADDR_ANY, remote_echo, NULL,
				  &alpha2),
		 0);
	CHECK_RC(rpmsg_create_ept(bus, "svc-beta", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, remote_echo,
				  NULL, &beta),
		 0);
	CHECK_RC(rpmsg_create_ept(bus, "svc-gamma", GAMMA_ADDR, RPMSG_ADDR_ANY, remote_echo, NULL,
				  &gamma),
		 0);
	CHECK(rpmsg_ept_addr(beta) >= RPMSG_RESERVED_ADDRESSES &&
		      rpmsg_ept_addr(beta) != GAMMA_ADDR,
	      "dynamic address %u", rpmsg_ept_addr(beta));
	CHECK(!strcmp(rpmsg_ept_name(alpha2), "svc-alpha") && rpmsg_ept_bus(gamma) == bus);
	CHECK_RC(rpmsg_announce(alpha1), 0);
	CHECK_RC(rpmsg_announce(alpha2), 0);
	CHECK_RC(rpmsg_announce(beta), 0);
	CHECK_RC(rpmsg_announce(gamma), 0);
	test_link_send(&ctl, 'A', rpmsg_ept_addr(beta));

	test_link_expect(&ctl, 'D');
	rpmsg_destroy_ept(alpha1);
	test_link_send(&ctl, 'd', 0);

	test_link_expect(&ctl, 'H');
	for (int i = 0; i < TEST_WAIT_MS / 10 && !binds; i++) {
		pthread_mutex_lock(&host_services.lock);
		binds = host_services.binds;
		pthread_mutex_unlock(&host_services.lock);
		if (!binds)
			test_sleep_ms(10);
	}
	CHECK(binds == 1, "remote saw %d host announcements", binds);
	CHECK(!strcmp(host_services.name, "host-svc"), "remote saw \"%s\"", host_services.name);
	test_link_send(&ctl, 'h', host_services.addr);

	test_link_expect(&ctl, 'Q');
	CHECK_RC(rpmsg_bus_status(bus), 0);
	rpmsg_bus_close(bus); /* announces DESTROY for alpha2, beta, gamma */
	return 0;
}

/* --- host --- */

static struct {
	pthread_mutex_t lock;
	struct {
		uint32_t local, src;
		char text[32];
	} acks[8];
	int count;
} acks = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int host_rx(struct rpmsg_endpoint *ept, void *data, size_t len, uint32_t src, void *priv)
{
	pthread_mutex_lock(&acks.lock);
	if (acks.count < 8) {
		acks.acks[acks.count].local = rpmsg_ept_addr(ept);
		acks.acks[acks.count].src = src;
		snprintf(acks.acks[acks.count].text, sizeof(acks.acks[0].text), "%.*s",
			 (int)(len < 31 ? len : 31), (const char *)data);
		acks.count++;
	}
	pthread_mutex_unlock(&acks.lock);
	return 0;
}

static void check_ns_seen(struct test_channels *tc, const char *name, uint32_t addr)
{
	int seen = 0;

	for (int i = 0; i < tc->ns_count; i++)
		if (!strcmp(tc->ns[i].name, name) && tc->ns[i].addr == addr)
			seen++;
	CHECK(seen == 1, "ns_bind saw %s@%u %d times", name, addr, seen);
}

static void check_probed(struct test_channels *tc, const char *name, uint32_t addr, int probes,
			 int removes)
{
	struct test_channel_rec r;

	CHECK(channels_find(tc, name, addr, &r), "no channel %s@%u probed", name, addr);
	CHECK(r.probes == probes && r.removes == removes,
	      "channel %s@%u: %d probes, %d removes (expected %d, %d)", name, addr, r.probes,
	      r.removes, probes, removes);
}

/* Wait until @n replies arrived; acks.lock is not held on return. */
static void wait_acks(int n, const char *from)
{
	for (uint64_t end = test_deadline(TEST_WAIT_MS);; test_sleep_ms(1)) {
		pthread_mutex_lock(&acks.lock);
		int got = acks.count;

		pthread_mutex_unlock(&acks.lock);
		if (got >= n)
			return;
		CHECK(!test_expired(end), "no reply %s (%d of %d)", from, got, n);
	}
}

/* Each channel's endpoint reaches its own remote endpoint and gets that endpoint's reply. */
static void check_replies(struct test_channels *tc, uint32_t beta_addr)
{
	const uint32_t addrs[3] = {ALPHA_ADDR_1, ALPHA_ADDR_2, beta_addr};
	struct test_channel_rec r;
	char want[32], from[64];

	for (int i = 0; i < 3; i++) {
		CHECK(channels_find(tc, i < 2 ? "svc-alpha" : "svc-beta", addrs[i], &r));
		CHECK(rpmsg_ept_dst(r.ept) == addrs[i], "channel ept dst %u, announced %u",
		      rpmsg_ept_dst(r.ept), addrs[i]);
		CHECK(r.local_addr >= RPMSG_RESERVED_ADDRESSES && r.local_addr != RPMSG_ADDR_ANY);
		CHECK_RC(rpmsg_send(r.ept, "ping", 4), 0);
		snprintf(from, sizeof(from), "from %s@%u", r.name, addrs[i]);
		wait_acks(i + 1, from);
		snprintf(want, sizeof(want), "ack %u", addrs[i]);
		pthread_mutex_lock(&acks.lock);
		CHECK(acks.acks[i].src == addrs[i] && acks.acks[i].local == r.local_addr &&
			      !strcmp(acks.acks[i].text, want),
		      "reply \"%s\" from %u to %u, expected \"%s\" from %u to %u",
		      acks.acks[i].text, acks.acks[i].src, acks.acks[i].local, want, addrs[i],
		      r.local_addr);
		pthread_mutex_unlock(&acks.lock);
	}
}

int main(void)
{
	struct rpmsg_driver alpha_drv, beta_drv;
	struct rpmsg_bus_config cfg;
	struct test_channels tc;
	struct rpmsg_endpoint *host_svc;
	struct rpmsg_bus *bus;
	struct test_channel_rec r;
	uint32_t beta_addr;
	pid_t remote;

	remote =
		channels_host_start(&tc, &ctl, bus_name, sizeof(bus_name), "ns", remote_main, &cfg);
	cfg.ns_bind = channels_ns_bind;
	cfg.ns_unbind = channels_ns_unbind;
	cfg.priv = &tc;
	bus = test_open_bus(&cfg);
	CHECK(!strcmp(rpmsg_bus_name(bus), bus_name) && rpmsg_bus_role(bus) == RPMSG_ROLE_HOST);
	channels_register(bus, &alpha_drv, "svc-alpha", host_rx, &tc);
	CHECK_RC(rpmsg_bus_wait_peer(bus, TEST_WAIT_MS), 0);

	beta_addr = (uint32_t)test_link_expect(&ctl, 'A');
	channels_wait_ns(&tc, 4, 0);
	/* exactly the four announced channels, each once */
	pthread_mutex_lock(&tc.lock);
	CHECK(tc.ns_count == 4, "host saw %d channels", tc.ns_count);
	check_ns_seen(&tc, "svc-alpha", ALPHA_ADDR_1);
	check_ns_seen(&tc, "svc-alpha", ALPHA_ADDR_2);
	check_ns_seen(&tc, "svc-beta", beta_addr);
	check_ns_seen(&tc, "svc-gamma", GAMMA_ADDR);
	pthread_mutex_unlock(&tc.lock);

	/* a driver registered after its channel appeared is bound to it at once */
	channels_register(bus, &beta_drv, "svc-beta", host_rx, &tc);
	channels_wait_count(&tc, 3, 0);
	check_probed(&tc, "svc-alpha", ALPHA_ADDR_1, 1, 0);
	check_probed(&tc, "svc-alpha", ALPHA_ADDR_2, 1, 0);
	check_probed(&tc, "svc-beta", beta_addr, 1, 0);
	CHECK(!channels_find(&tc, "svc-gamma", RPMSG_ADDR_ANY, &r), "gamma has no driver");

	check_replies(&tc, beta_addr);

	/* NS DESTROY removes exactly that channel */
	test_link_send(&ctl, 'D', 0);
	test_link_expect(&ctl, 'd');
	channels_wait_count(&tc, 3, 1);
	channels_wait_ns(&tc, 4, 1);
	check_probed(&tc, "svc-alpha", ALPHA_ADDR_1, 1, 1);
	check_probed(&tc, "svc-alpha", ALPHA_ADDR_2, 1, 0);
	pthread_mutex_lock(&tc.lock);
	CHECK(tc.ns[0].unbound + tc.ns[1].unbound + tc.ns[2].unbound + tc.ns[3].unbound == 1);
	for (int i = 0; i < 4; i++)
		CHECK(!tc.ns[i].unbound || (!strcmp(tc.ns[i].name, "svc-alpha") &&
					    tc.ns[i].addr == ALPHA_ADDR_1),
		      "ns_unbind for %s@%u", tc.ns[i].name, tc.ns[i].addr);
	pthread_mutex_unlock(&tc.lock);

	/* the host offers a service: the remote's ns_bind sees it */
	host_svc = test_announce_ept(bus, "host-svc", host_rx, NULL);
	test_link_send(&ctl, 'H', 0);
	CHECK(test_link_expect(&ctl, 'h') == rpmsg_ept_addr(host_svc));

	/* unregistering a driver removes its channel */
	rpmsg_unregister_driver(bus, &beta_drv);
	channels_wait_count(&tc, 3, 2);
	check_probed(&tc, "svc-beta", beta_addr, 1, 1);
	/* and registering it again binds it to the channel that is still there */
	CHECK_RC(rpmsg_register_driver(bus, &beta_drv), 0);
	channels_wait_count(&tc, 4, 2);
	check_probed(&tc, "svc-beta", beta_addr, 2, 1);
	CHECK(channels_find(&tc, "svc-beta", beta_addr, &r) && r.ept);
	CHECK_RC(rpmsg_send(r.ept, "ping", 4), 0);
	wait_acks(4, "through the re-bound channel");
	pthread_mutex_lock(&acks.lock);
	CHECK(acks.count == 4, "%d replies to 4 pings", acks.count);
	pthread_mutex_unlock(&acks.lock);
	rpmsg_unregister_driver(bus, &beta_drv);
	channels_wait_count(&tc, 4, 3);

	/* the remote closes: its remaining services are destroyed, alpha@1101 is removed */
	test_link_send(&ctl, 'Q', 0);
	CHECK_RC(test_wait_child(remote, TEST_WAIT_MS, 0), 0);
	channels_wait_count(&tc, 4, 4);
	check_probed(&tc, "svc-alpha", ALPHA_ADDR_2, 1, 1);
	CHECK(tc.total_probes == 4, "%d probes in all", tc.total_probes);

	rpmsg_destroy_ept(host_svc);
	rpmsg_bus_close(bus);
	channels_destroy(&tc);
	test_log("PASS");
	return 0;
}
