/* SPDX-License-Identifier: MIT */
/*
 * Command line of rpmsg-top. top_options_parse() fills struct top_options from argv and prints
 * one clear line to stderr on bad input; top_options_usage() is the --help text.
 */
#ifndef RPMSG_TOP_OPTIONS_H
#define RPMSG_TOP_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "table.h"

#define TOP_MAX_BUSES 16

struct top_options {
	double interval_s;     /* -i: seconds between refreshes */
	bool batch;	       /* -b (or -C): text tables, no escape sequences, no keys */
	bool no_clear;	       /* -C */
	long iterations;       /* -n: refreshes before exiting (0: until q / Ctrl-C / the end) */
	bool json;	       /* --json: one JSON object per interval (implies batch) */
	bool clock_seconds;    /* --clock-seconds: times as SECONDS.NS, not local HH:MM:SS.NS */
	bool clock_gmt;	       /* --clock-gmt: times in UTC */
	unsigned int max_rows; /* -r: rows shown at most (0: all that fit / all) */
	enum top_column sort;  /* -s */
	bool sort_given;
	bool reverse; /* -R */
	bool descending;
	int verbose;			  /* -v: libbpf messages */
	const char *buses[TOP_MAX_BUSES]; /* --bus, repeatable; none: every bus found */
	int bus_count;
	bool demo;	  /* --demo: run rpmsg-sim demo and watch it */
	char **demo_argv; /* arguments after "--", passed to rpmsg-sim demo */
	int demo_argc;
	const char *sim_path;	    /* --sim PATH */
	const char *demo_log;	    /* --demo-log FILE */
	bool introspect;	    /* --introspect: never BPF */
	bool kernel;		    /* --kernel */
	unsigned int virtio_device; /* --virtio-device N (kernel source filter, default 7) */
	const char *replay;	    /* --replay TRACE */
	double speed;		    /* --speed X (0: as fast as possible) */
	bool speed_given;
	const char *live_url;	   /* --live net://... */
	const char *kmsg;	   /* --kmsg FILE */
	const char *decoders_file; /* --decoders FILE */
	unsigned int capture;	   /* --capture BYTES (BPF payload capture) */
	bool ascii;		   /* --ascii: no Unicode even in a UTF-8 locale */
	bool help;
};

/* Return: 0, or -EINVAL after printing the problem to stderr. */
int top_options_parse(int argc, char **argv, struct top_options *o);
void top_options_usage(FILE *f);

#endif /* RPMSG_TOP_OPTIONS_H */
