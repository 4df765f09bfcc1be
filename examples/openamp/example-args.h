/* SPDX-License-Identifier: MIT */
/*
 * What both OpenAMP example programs do with their command line and their clock: strict
 * numbers, a checked shm name, deadlines on CLOCK_MONOTONIC. The examples build against the
 * installed library alone (pkg-config rpmsgbus), so they carry these few lines instead of the
 * tools' option table.
 *
 * Contract: example_parse_uint(), example_check_shm_name() and example_parse_options() print one
 * line naming the option and the problem on stderr and return -EINVAL; nothing here allocates.
 */
#ifndef OPENAMP_EXAMPLE_ARGS_H
#define OPENAMP_EXAMPLE_ARGS_H

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "openamp-linux-machine.h"

/**
 * example_parse_uint() - parse a decimal option value in [@min, @max]
 * @prog:   program name for the error line
 * @option: the option's name, for the error line ("--messages")
 * @text:   the value as typed
 * @min:    smallest value accepted
 * @max:    largest value accepted
 * @out:    the value
 * Return: 0, or -EINVAL after printing "PROG: OPTION: ..." on stderr.
 */
static inline int example_parse_uint(const char *prog, const char *option, const char *text,
				     unsigned long min, unsigned long max, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (!*text || *end || text[0] == '-' || errno || v < min || v > max || v > UINT_MAX) {
		fprintf(stderr, "%s: %s '%s': expected a whole number from %lu to %lu\n", prog,
			option, text, min, max);
		return -EINVAL;
	}
	*out = (unsigned int)v;
	return 0;
}

/**
 * example_check_shm_name() - a POSIX shm name: a leading slash and no other one
 * @prog: program name for the error line
 * @name: the --shm value
 * Return: 0, or -EINVAL after printing the reason (OpenAMP writes "openamp.shm" without the slash;
 * shm_open() here needs "/openamp.shm").
 */
static inline int example_check_shm_name(const char *prog, const char *name)
{
	if (name[0] != '/' || !name[1] || strchr(name + 1, '/') || strlen(name) > 200) {
		fprintf(stderr,
			"%s: --shm '%s': a shm name is '/' and a file name in /dev/shm "
			"(OpenAMP's openamp.shm is /openamp.shm)\n",
			prog, name);
		return -EINVAL;
	}
	return 0;
}

/* Where the OpenAMP machine is and how long to wait for it: the options both examples take. */
struct example_machine {
	unsigned int timeout_ms;
	const char *shm, *socket, *bus;
};

/* OpenAMP's demo paths (openamp-linux-machine.h) and a wait of @timeout ms. */
#define EXAMPLE_MACHINE_DEFAULTS(timeout)                                                          \
	{                                                                                          \
		.timeout_ms = (timeout), .shm = OPENAMP_SHM_NAME, .socket = OPENAMP_SOCKET_PATH,   \
		.bus = "openamp"                                                                   \
	}

/* @cfg for the machine @m names, as @role (openamp_linux_machine_config()); @m must outlive it. */
static inline void example_machine_config(struct rpmsg_bus_config *cfg,
					  const struct example_machine *m, enum rpmsg_role role)
{
	openamp_linux_machine_config(cfg, m->bus, role, m->shm, m->socket, m->timeout_ms);
}

/* getopt_long() values of the shared options; a program's own ones start at EXAMPLE_OPT_OWN. */
enum {
	EXAMPLE_OPT_SHM = 256,
	EXAMPLE_OPT_SOCKET,
	EXAMPLE_OPT_TIMEOUT,
	EXAMPLE_OPT_BUS,
	EXAMPLE_OPT_OWN,
};

/* The shared options' rows of a getopt_long() table (--help included); end it with {NULL}. */
#define EXAMPLE_MACHINE_LONGOPTS                                                                   \
	{"shm", required_argument, NULL, EXAMPLE_OPT_SHM},                                         \
		{"socket", required_argument, NULL, EXAMPLE_OPT_SOCKET},                           \
		{"timeout", required_argument, NULL, EXAMPLE_OPT_TIMEOUT},                         \
		{"bus", required_argument, NULL, EXAMPLE_OPT_BUS},                                 \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}

/**
 * example_parse_options() - read a command line of the shared options and a program's own
 * @prog:     program name for the error lines
 * @argc:     as main() got it
 * @argv:     as main() got it
 * @longopts: EXAMPLE_MACHINE_LONGOPTS, the program's own rows, {NULL}
 * @m:        the shared options' values (preset to their defaults)
 * @own:      takes the program's own option @c with @arg (NULL when it has none); returns 0 or
 *            -EINVAL after printing the problem
 * @ctx:      for @own
 * @usage:    prints the program's help on a stream
 * Return: 0 to run, 1 after --help, -EINVAL after printing the problem (no operand is taken).
 */
static inline int example_parse_options(const char *prog, int argc, char **argv,
					const struct option *longopts, struct example_machine *m,
					int (*own)(int c, const char *arg, void *ctx), void *ctx,
					void (*usage)(FILE *out))
{
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int err = 0;

		switch (c) {
		case EXAMPLE_OPT_TIMEOUT:
			err = example_parse_uint(prog, "--timeout", optarg, 1, 3600000,
						 &m->timeout_ms);
			break;
		case EXAMPLE_OPT_SHM:
			m->shm = optarg;
			err = example_check_shm_name(prog, optarg);
			break;
		case EXAMPLE_OPT_SOCKET:
			m->socket = optarg;
			break;
		case EXAMPLE_OPT_BUS:
			m->bus = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			if (own && c >= EXAMPLE_OPT_OWN) {
				err = own(c, optarg, ctx);
				break;
			}
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return -EINVAL;
		}
		if (err)
			return err;
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'; try '%s --help'\n", prog,
			argv[optind], prog);
		return -EINVAL;
	}
	return 0;
}

/* A deadline @ms from now on CLOCK_MONOTONIC (the clock the examples' condvars wait on). */
static inline struct timespec example_deadline(unsigned int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* Has @deadline passed? */
static inline int example_deadline_passed(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

/* A condition variable that waits on CLOCK_MONOTONIC, so a clock change cannot stretch a wait. */
static inline void example_cond_init(pthread_cond_t *cond)
{
	pthread_condattr_t attr;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
}

/* Set by SIGINT or SIGTERM once example_start() ran: the programs' waits stop on it. */
static volatile sig_atomic_t example_interrupted;

static inline void example_on_signal(int sig)
{
	(void)sig;
	example_interrupted = 1;
}

/* What both programs do before opening the bus: catch SIGINT and SIGTERM, set up @cond. */
static inline void example_start(pthread_cond_t *cond)
{
	signal(SIGINT, example_on_signal);
	signal(SIGTERM, example_on_signal);
	example_cond_init(cond);
}

/*
 * Wait on @cond for at most 100 ms (or until @deadline, if sooner), so a caller re-checks the
 * bus's health and signals between wake-ups. The caller holds @lock.
 */
static inline void example_cond_wait_slice(pthread_cond_t *cond, pthread_mutex_t *lock,
					   const struct timespec *deadline)
{
	struct timespec slice = example_deadline(100);

	if (slice.tv_sec > deadline->tv_sec ||
	    (slice.tv_sec == deadline->tv_sec && slice.tv_nsec > deadline->tv_nsec))
		slice = *deadline;
	pthread_cond_timedwait(cond, lock, &slice);
}

#endif /* OPENAMP_EXAMPLE_ARGS_H */
