// SPDX-License-Identifier: MIT
/*
 * bus_api_errors: bad input gets a clear error. rpmsg_bus_open() refuses invalid configurations
 * with -EINVAL and an rpmsg_last_error() that names the offending setting; a second host of the
 * same name gets -EEXIST, a remote with no host -ENOENT/-ETIMEDOUT, a second remote on an
 * attached bus -EBUSY. Endpoints: names longer than 31 characters and the name-service address
 * are refused (-EINVAL), an address in use is -EBUSY, dynamic addresses start at 1024 and are
 * unique. rpmsg_bus_unlink() clears a stale bus.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rpmsg/rpmsg.h>

#include "harness.h"

static char bus_name[RPMSG_BUS_NAME_MAX];
static struct test_link ctl;

/* Open must fail with @want and a message containing @word. */
static void refused(const struct rpmsg_bus_config *cfg, int want, const char *word)
{
	struct rpmsg_bus *bus = NULL;
	int rc = rpmsg_bus_open(cfg, &bus);

	CHECK(rc == want, "open returned %s, expected %s (%s)", test_errname(rc),
	      test_errname(want), rpmsg_last_error());
	CHECK(test_contains_ci(rpmsg_last_error(), word), "error \"%s\" does not mention \"%s\"",
	      rpmsg_last_error(), word);
	test_log("refused as expected: %s", rpmsg_last_error());
}

static void test_invalid_configs(void)
{
	struct rpmsg_bus_config cfg;

	rpmsg_bus_config_init(&cfg, "bad/name", RPMSG_ROLE_HOST);
	refused(&cfg, -EINVAL, "name");
	rpmsg_bus_config_init(&cfg, "this-name-is-far-too-long-for-a-bus", RPMSG_ROLE_HOST);
	refused(&cfg, -EINVAL, "name");
	rpmsg_bus_config_init(&cfg, "", RPMSG_ROLE_HOST);
	refused(&cfg, -EINVAL, "name");

	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	cfg.vring_num = 100;
	refused(&cfg, -EINVAL, "vring_num");
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	cfg.buf_count = 1024;
	refused(&cfg, -EINVAL, "buf_count");
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	cfg.buf_size = 12;
	refused(&cfg, -EINVAL, "buf_size");
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	cfg.mbox = (enum rpmsg_mbox_kind)42;
	refused(&cfg, -EINVAL, "mailbox");
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	cfg.role = (enum rpmsg_role)7;
	refused(&cfg, -EINVAL, "role");
	/* nothing was left behind by the refusals */
	CHECK(access("/dev/shm/rpmsg-bad/name", F_OK) != 0);
}

static void test_endpoint_rules(struct rpmsg_bus *bus)
{
	struct rpmsg_endpoint *a, *b, *c, *ept = NULL;

	CHECK_RC(rpmsg_create_ept(bus, "a-name-of-exactly-32-characters!", RPMSG_ADDR_ANY,
				  RPMSG_ADDR_ANY, NULL, NULL, &ept),
		 -EINVAL);
	CHECK_RC(rpmsg_create_ept(bus, "ns", RPMSG_NS_ADDR, RPMSG_ADDR_ANY, NULL, NULL, &ept),
		 -EINVAL);
	CHECK_RC(rpmsg_create_ept(bus, "fixed", 2000, RPMSG_ADDR_ANY, NULL, NULL, &a), 0);
	CHECK_RC(rpmsg_create_ept(bus, "fixed2", 2000, RPMSG_ADDR_ANY, NULL, NULL, &ept), -EBUSY);
	CHECK_RC(rpmsg_create_ept(bus, "dyn1", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, NULL, NULL, &b), 0);
	CHECK_RC(rpmsg_create_ept(bus, "dyn2", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY, NULL, NULL, &c), 0);
	CHECK(rpmsg_ept_addr(b) >= RPMSG_RESERVED_ADDRESSES &&
		      rpmsg_ept_addr(c) >= RPMSG_RESERVED_ADDRESSES,
	      "dynamic addresses %u, %u", rpmsg_ept_addr(b), rpmsg_ept_addr(c));
	CHECK(rpmsg_ept_addr(b) != rpmsg_ept_addr(c) && rpmsg_ept_addr(b) != 2000 &&
	      rpmsg_ept_addr(c) != 2000);
	CHECK(rpmsg_ept_dst(b) == RPMSG_ADDR_ANY && !strcmp(rpmsg_ept_name(c), "dyn2"));
	/* the address is free again once its endpoint is gone */
	rpmsg_destroy_ept(a);
	CHECK_RC(rpmsg_create_ept(bus, "fixed3", 2000, RPMSG_ADDR_ANY, NULL, NULL, &a), 0);
	rpmsg_destroy_ept(a);
	rpmsg_destroy_ept(b);
	rpmsg_destroy_ept(c);
}

static int second_remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;

	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_REMOTE);
	cfg.attach_timeout_ms = 2000;
	refused(&cfg, -EBUSY, "remote");
	return 0;
}

static int remote_main(void *arg)
{
	struct rpmsg_bus_config cfg;
	struct rpmsg_bus *bus;

	test_config(&cfg, bus_name, RPMSG_ROLE_REMOTE, RPMSG_MBOX_FUTEX, NULL);
	bus = test_open_bus(&cfg);
	CHECK(rpmsg_bus_role(bus) == RPMSG_ROLE_REMOTE);
	test_endpoint_rules(bus);
	test_link_send(&ctl, 'A', 0);
	test_link_expect(&ctl, 'Q');
	rpmsg_bus_close(bus);
	return 0;
}

/* A host that dies without closing: its shm stays behind. */
static int stale_host_main(void *arg)
{
	test_open_bus(arg);
	_exit(0); /* like a crash: no clean-up, no leak check of the bus it still holds */
}

int main(void)
{
	struct rpmsg_bus_config cfg, nobody;
	struct rpmsg_bus *bus, *dup = NULL;
	char ghost[RPMSG_BUS_NAME_MAX];
	pid_t remote;

	test_set_side("host");
	test_bus_name(bus_name, sizeof(bus_name), "api");
	test_cleanup_bus(bus_name, NULL);
	test_invalid_configs();

	/* a remote with nobody to attach to gives up */
	test_bus_name(ghost, sizeof(ghost), "ghost");
	rpmsg_bus_config_init(&nobody, ghost, RPMSG_ROLE_REMOTE);
	nobody.attach_timeout_ms = 50;
	{
		int rc = rpmsg_bus_open(&nobody, &dup);

		CHECK(rc == -ENOENT || rc == -ETIMEDOUT, "remote without host: %s (%s)",
		      test_errname(rc), rpmsg_last_error());
	}

	test_link_init(&ctl);
	remote = test_spawn("remote", &ctl, remote_main, NULL);
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	bus = test_open_bus(&cfg);
	CHECK_RC(rpmsg_bus_open(&cfg, &dup), -EEXIST);
	test_endpoint_rules(bus);
	CHECK_RC(rpmsg_bus_wait_peer(bus, TEST_WAIT_MS), 0);
	test_link_expect(&ctl, 'A');
	/* one remote per bus */
	CHECK_RC(test_wait_child(test_spawn("remote2", NULL, second_remote_main, NULL),
				 TEST_WAIT_MS, 0),
		 0);
	test_pair_finish(&ctl, remote, bus);

	/* a stale bus (its host died without closing) is cleared by name */
	rpmsg_bus_config_init(&cfg, bus_name, RPMSG_ROLE_HOST);
	CHECK_RC(test_wait_child(test_spawn("stale-host", NULL, stale_host_main, &cfg),
				 TEST_WAIT_MS, 0),
		 0);
	CHECK_RC(rpmsg_bus_open(&cfg, &dup), -EEXIST);
	CHECK_RC(rpmsg_bus_unlink(bus_name), 0);
	bus = test_open_bus(&cfg);
	rpmsg_bus_close(bus);
	CHECK(rpmsg_bus_unlink(bus_name) < 0, "unlinking a bus that is gone must fail");
	test_log("PASS");
	return 0;
}
