/* SPDX-License-Identifier: MIT */
/*
 * Fault injection in rpmsg-sim: each fault reproduces one known rpmsg failure pattern on demand
 * (rpmsg-sim demo|remote|host|board --fault NAME[=ARG], repeatable), so that the tools, and
 * rpmsg-trace doctor in particular, can be shown to name it.
 *
 * The table in sim-faults.c is the one place that names a fault, its argument, the side that
 * misbehaves, what it does and the doctor rule that should name it; --help is printed from it.
 * The roles ask sim_fault_on() / the argument fields where they misbehave.
 *
 * Threads: a struct sim_faults is filled by option parsing and only read afterwards.
 */
#ifndef RPMSG_SIM_FAULTS_H
#define RPMSG_SIM_FAULTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg/bus.h>

enum sim_fault {
	SIM_FAULT_STALL_RETURNS,     /* the firmware keeps every host buffer after N messages */
	SIM_FAULT_SILENT_REMOTE,     /* the firmware stops everything after N messages */
	SIM_FAULT_WRONG_NS_NAME,     /* rpmsg-tty announced under a name no host driver binds */
	SIM_FAULT_OVERSIZE,	     /* the firmware sends one message larger than a buffer */
	SIM_FAULT_SLOW_CALLBACK,     /* the firmware's receive callbacks take MS ms */
	SIM_FAULT_DESTROY_IN_FLIGHT, /* rpmsg-echo destroyed while requests are in flight */
	SIM_FAULT_NS_TWICE,	     /* rpmsg-echo announced twice */
	SIM_FAULT_DROP_KICKS,	     /* the host rings no doorbell */
	SIM_FAULT_NO_EVENT_IDX,	     /* both sides ring a doorbell per message */
	SIM_FAULT_COUNT,
};

/* The address the wrong-ns-name firmware sends its lines to: no host endpoint has it. */
#define SIM_FAULT_GUESSED_HOST_ADDR 1280u

/**
 * struct sim_faults - the faults asked for
 * @mask: bit (1u << enum sim_fault) per fault given
 * @arg: each fault's numeric argument (messages, ms, bytes), its default when not given
 * @ns_name: wrong-ns-name: the name rpmsg-tty is announced as
 */
struct sim_faults {
	unsigned int mask;
	uint64_t arg[SIM_FAULT_COUNT];
	const char *ns_name;
};

/** sim_fault_on() - was @fault asked for? */
static inline bool sim_fault_on(const struct sim_faults *f, enum sim_fault fault)
{
	return f->mask & (1u << fault);
}

/**
 * sim_faults_parse() - add "NAME[=ARG]" to @f
 * @f: the faults so far
 * @value: the option's value (not copied: argv outlives the options)
 * @why: on failure, one phrase saying what is wrong ("unknown fault 'x' (expected ...)")
 * @why_size: size of @why
 * Return: 0, -EINVAL with @why filled.
 */
int sim_faults_parse(struct sim_faults *f, const char *value, char *why, size_t why_size);

/** sim_faults_init() - no fault; every argument at its default. */
void sim_faults_init(struct sim_faults *f);

/** sim_faults_usage() - the --fault lines of --help, one block per fault. */
void sim_faults_usage(FILE *out);

/**
 * sim_faults_bus() - the bus's test faults (RPMSG_BUS_TEST_*) that @f asks of side @role
 * (drop-kicks: the host; no-event-idx: both); rpmsg_bus_test_faults() takes them.
 */
unsigned int sim_faults_bus(const struct sim_faults *f, enum rpmsg_role role);

/** sim_faults_describe() - "stall-returns=100, slow-callback=50" into @buf ("" for none). */
void sim_faults_describe(const struct sim_faults *f, char *buf, size_t size);

#endif /* RPMSG_SIM_FAULTS_H */
