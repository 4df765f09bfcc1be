/* SPDX-License-Identifier: MIT */
/*
 * rpmsg-scope doctor: the known rpmsg failure patterns, named, with their evidence and a fix.
 *
 * A doctor is attached to a collector (it is the collector's event observer) and keeps the little
 * the collector does not: name-service announcements per name and side, endpoints created and
 * announced, doorbells per ring and side, buffers returned, the last sign of life of the remote,
 * per-thread receive callbacks. rpmsg_doctor_evaluate() then runs every rule at a time @now_ns
 * (the events' clock: the last event of a trace, a live source's now) over the doctor's state
 * and the collector's snapshots, and returns one finding per rule and place.
 *
 * RULES (ids are stable, kebab-case; thresholds below, each named once)
 *	lost-events          the source lost or the collector refused events: every other finding
 *	                     is then "uncertain" (a lost event can fake an absence); never a guess
 *	ns-name-unbound      the remote announced a name and, RPMSG_DOCTOR_BIND_GRACE_NS later (or
 *	                     once the host bound a name announced after it), no host endpoint of
 *	                     that name exists, the host sent nothing to its address and took
 *	                     delivery of nothing from it (dropped messages are no binding)
 *	no-recipient         messages dropped because no endpoint has their destination address
 *	tx-starvation        a sender found no free TX buffer: waits that timed out or lasted at
 *	                     least RPMSG_DOCTOR_TX_WAIT_LONG_NS, or (both sides traced) the host's
 *TX ring empty while the remote returned nothing for RPMSG_DOCTOR_STALL_NS; the evidence says
 *whether the other side kept the buffers, returned them without a doorbell, or returned them to a
 *host that never reclaims missing-kicks        at least RPMSG_DOCTOR_MISSING_KICKS_MIN messages one
 *way and no doorbell that way at all, on a bus where doorbells are seen, and the messages were not
 *all delivered or their sender waited for buffers kick-storm           one doorbell per message
 *while the receiver was still busy: with both sides traced, at least RPMSG_DOCTOR_KICK_STORM_MIN
 *doorbells rung while the receiver had not yet taken the previous message, being at least
 *	                     RPMSG_DOCTOR_KICK_STORM_RATIO of the data doorbells; with one side,
 *	                     that ratio of doorbells per message over at least
 *	                     RPMSG_DOCTOR_KICK_STORM_MIN messages at RPMSG_DOCTOR_KICK_STORM_RATE
 *	oversize             messages dropped as too big for a buffer (RPMSG_EVENT_PAYLOAD_MAX
 *	                     bytes of payload); a capture shorter than the message (captured < len)
 *	                     is the tracer's limit, not the message's, and is never flagged
 *	ept-unannounced      a named endpoint of the remote, not announced
 *RPMSG_DOCTOR_BIND_GRACE_NS after it was created (the host cannot bind what it never heard of)
 *	ns-announced-twice   a name announced again by the same side with no destroy between
 *	destroyed-in-flight  an endpoint or channel destroyed while messages to it were sent and not
 *	                     yet delivered or dropped (both sides traced)
 *	remote-silent        the remote, alive before, gave no sign (no event of its own, no
 *message, doorbell or returned buffer seen by the host) for RPMSG_DOCTOR_SILENT_NS while the host
 *sent at least RPMSG_DOCTOR_SILENT_MIN_SENDS messages over that time slow-callback        at least
 *RPMSG_DOCTOR_SLOW_CALLBACK_MIN receive callbacks (msg_recv to the buffer's return, same thread)
 *took RPMSG_DOCTOR_SLOW_CALLBACK_NS
 *
 * A rule needs events some sources do not have (a kernel log has no vring events, a source may
 * not see drops or waits): rpmsg_doctor_rule_evaluated() says whether a rule could be evaluated
 * on what was seen, and why not.
 *
 * CONTRACT
 * - Threads: none inside; the doctor is used with its collector, under the collector's rules
 *   (one thread at a time). It reads no clock: replay and live give the same findings.
 * - Memory: the doctor owns its state; findings are plain values the caller owns. State grows
 *   with names, endpoints and buses (bounded by RPMSG_DOCTOR_TRACKED_MAX entries each; beyond
 *   that, entries are not tracked and the lost-events finding says so).
 * - Errors: functions return 0 (or a count) or a negative errno.
 */
#ifndef RPMSG_SCOPE_DOCTOR_H
#define RPMSG_SCOPE_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rpmsg-scope/collector.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Thresholds (the man page rpmsg-trace(1), DOCTOR, says the same). */
#define RPMSG_DOCTOR_BIND_GRACE_NS	 500000000ull /* 500 ms: announce->bind, create->announce */
#define RPMSG_DOCTOR_TX_WAIT_LONG_NS	 1000000000ull /* 1 s: a TX wait this long starves */
#define RPMSG_DOCTOR_STALL_NS		 2000000000ull /* 2 s: an empty TX ring, nothing returned */
#define RPMSG_DOCTOR_MISSING_KICKS_MIN	 16	       /* messages one way with no doorbell */
#define RPMSG_DOCTOR_KICK_STORM_MIN	 500	       /* doorbells (or messages, one side) */
#define RPMSG_DOCTOR_KICK_STORM_RATIO	 0.9	       /* doorbells per message */
#define RPMSG_DOCTOR_KICK_STORM_RATE	 1000.0	       /* messages per second (one side traced) */
#define RPMSG_DOCTOR_SILENT_NS		 2000000000ull /* 2 s without a sign of the remote */
#define RPMSG_DOCTOR_SILENT_MIN_SENDS	 10	       /* host messages sent over that time */
#define RPMSG_DOCTOR_SLOW_CALLBACK_NS	 20000000ull   /* 20 ms in a receive callback */
#define RPMSG_DOCTOR_SLOW_CALLBACK_MIN	 3	       /* slow callbacks per endpoint */
#define RPMSG_DOCTOR_SLOW_CALLBACK_SHARE 0.01	       /* ... and of its callbacks */
/* Names, endpoints, buses and receiving threads tracked at most, each. */
#define RPMSG_DOCTOR_TRACKED_MAX 4096

/* Bytes of a finding's evidence and fix lines (NUL included). */
#define RPMSG_DOCTOR_TEXT_LEN 320

/* RULE(ENUM, "id", "what it means, in a few words"), in the order findings come */
#define RPMSG_DOCTOR_RULES(RULE)                                                                   \
	RULE(LOST_EVENTS, "lost-events", "trace events lost or refused: diagnosis uncertain")      \
	RULE(NS_NAME_UNBOUND, "ns-name-unbound",                                                   \
	     "a name the remote announced, bound by no host "                                      \
	     "endpoint")                                                                           \
	RULE(NO_RECIPIENT, "no-recipient", "messages to an address with no endpoint")              \
	RULE(TX_STARVATION, "tx-starvation", "a sender without TX buffers")                        \
	RULE(MISSING_KICKS, "missing-kicks", "messages without doorbells")                         \
	RULE(KICK_STORM, "kick-storm", "one doorbell per message: notifications not suppressed")   \
	RULE(OVERSIZE, "oversize", "messages too big for a buffer")                                \
	RULE(EPT_UNANNOUNCED, "ept-unannounced", "a named remote endpoint never announced")        \
	RULE(NS_ANNOUNCED_TWICE, "ns-announced-twice", "a name announced twice without a destroy") \
	RULE(DESTROYED_IN_FLIGHT, "destroyed-in-flight",                                           \
	     "an endpoint destroyed with messages to "                                             \
	     "it in flight")                                                                       \
	RULE(REMOTE_SILENT, "remote-silent", "the remote went silent while the host sends")        \
	RULE(SLOW_CALLBACK, "slow-callback", "receive callbacks that hold the bus")

#define RPMSG_DOCTOR_RULE_(ENUM, id, what) RPMSG_DOCTOR_##ENUM,
enum rpmsg_doctor_rule { RPMSG_DOCTOR_RULES(RPMSG_DOCTOR_RULE_) RPMSG_DOCTOR_RULE_COUNT };
#undef RPMSG_DOCTOR_RULE_

enum rpmsg_doctor_severity {
	RPMSG_DOCTOR_INFO,    /* worth knowing; nothing is lost by it */
	RPMSG_DOCTOR_WARNING, /* slows or may lose traffic */
	RPMSG_DOCTOR_ERROR,   /* messages lost or senders stuck */
};

/* struct rpmsg_doctor_finding.local / .remote when the finding has no such address. */
#define RPMSG_DOCTOR_NO_ADDR 0xffffffffu

/**
 * struct rpmsg_doctor_finding - one rule that fired, at one place
 * @rule: which rule (rpmsg_doctor_rule_id() names it)
 * @severity: how bad
 * @uncertain: events were lost or refused: the finding may be an artefact of the loss
 * @bus: the bus ("" for a finding about the whole input, e.g. lost events)
 * @side: "host" or "remote" when the finding is about one side, else ""
 * @local, @remote: the row's host-side and remote-side addresses (collector key rule), or
 *                  RPMSG_DOCTOR_NO_ADDR
 * @row_id: the collector's row id, or -1 when the finding is not about one row
 * @name: the channel or endpoint name, "" if none
 * @count: the finding's main number (messages, waits, doorbells), for views that sort or flag
 * @evidence: one line of numbers
 * @fix: one line: what to change
 */
struct rpmsg_doctor_finding {
	enum rpmsg_doctor_rule rule;
	enum rpmsg_doctor_severity severity;
	bool uncertain;
	char bus[RPMSG_EVENT_BUS_LEN];
	const char *side;
	uint32_t local, remote;
	int64_t row_id;
	char name[RPMSG_EVENT_NAME_LEN];
	uint64_t count;
	char evidence[RPMSG_DOCTOR_TEXT_LEN];
	char fix[RPMSG_DOCTOR_TEXT_LEN];
};

/* What the source feeding the collector cannot show (struct rpmsg_doctor_options.blind). */
#define RPMSG_DOCTOR_BLIND_DROPS 0x1 /* no drop events: no-recipient and oversize not evaluated */
#define RPMSG_DOCTOR_BLIND_WAITS 0x2 /* no tx_wait events */

/**
 * struct rpmsg_doctor_options - zero means "sees everything"
 * @blind: RPMSG_DOCTOR_BLIND_* for what the source cannot deliver
 * @input: how rpmsg_doctor_rule_evaluated() names the input ("kernel log k.log"); NULL: "the
 *         input"
 */
struct rpmsg_doctor_options {
	unsigned int blind;
	const char *input;
};

struct rpmsg_doctor;

/**
 * rpmsg_doctor_create() - a doctor watching @c from now on (it becomes @c's event observer)
 * @c: the collector; it must outlive the doctor
 * @opts: copied (the @input string is not: it must live as long as the doctor); NULL: defaults
 * @out: the doctor
 * Return: 0, -EINVAL (@c or @out NULL), -ENOMEM.
 */
int rpmsg_doctor_create(struct rpmsg_collector *c, const struct rpmsg_doctor_options *opts,
			struct rpmsg_doctor **out);

/** rpmsg_doctor_destroy() - detach from the collector and free; NULL is allowed. */
void rpmsg_doctor_destroy(struct rpmsg_doctor *d);

/**
 * rpmsg_doctor_evaluate() - run every rule at @now_ns
 * @d: the doctor
 * @now_ns: the events' clock now (the last event's time for a finished trace); rules about an
 *          absence (no bind, no announce, silence) measure it up to here
 * @out: room for @max findings (NULL when @max is 0, to count them)
 * @max: size of @out
 *
 * Findings come in rule order, then in order of the rows' first appearance. When events were
 * lost, the lost-events finding comes first and every other one has @uncertain set.
 * Return: the number of findings (may exceed @max: then only @max were written), -ENOMEM.
 */
int rpmsg_doctor_evaluate(struct rpmsg_doctor *d, uint64_t now_ns, struct rpmsg_doctor_finding *out,
			  size_t max);

/**
 * rpmsg_doctor_rule_evaluated() - could @rule be evaluated on the events seen so far?
 * @why: when not, one line ("no doorbell events in kernel log k.log"); may be NULL
 * Return: true when it could (a rule with no finding then found nothing).
 */
bool rpmsg_doctor_rule_evaluated(const struct rpmsg_doctor *d, enum rpmsg_doctor_rule rule,
				 char *why, size_t why_size);

/** rpmsg_doctor_rule_id() - "tx-starvation", ...; NULL if out of range. */
const char *rpmsg_doctor_rule_id(enum rpmsg_doctor_rule rule);
/** rpmsg_doctor_rule_what() - what the rule means, in a few words; NULL if out of range. */
const char *rpmsg_doctor_rule_what(enum rpmsg_doctor_rule rule);
/** rpmsg_doctor_severity_name() - "info", "warning", "error". */
const char *rpmsg_doctor_severity_name(enum rpmsg_doctor_severity severity);

/**
 * rpmsg_doctor_print_text() - one block per finding: rule and severity, where, evidence, fix
 * Return: 0, -EIO.
 */
int rpmsg_doctor_print_text(FILE *f, const struct rpmsg_doctor_finding *findings, size_t count);

/**
 * rpmsg_doctor_print_json() - one JSON object per line per finding: {"type":"finding","rule",
 * "severity","uncertain","bus","side","local","remote","name","count","evidence","fix"}
 * (addresses null when absent). Strings escaped.
 * Return: 0, -EIO.
 */
int rpmsg_doctor_print_json(FILE *f, const struct rpmsg_doctor_finding *findings, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* RPMSG_SCOPE_DOCTOR_H */
