/* SPDX-License-Identifier: MIT */
/* Texts shared by the loadable plugin and the in-process classes. */
#ifndef RPMSG_BT2_DESCRIPTIONS_H
#define RPMSG_BT2_DESCRIPTIONS_H

#define DECODE_DESCRIPTION "Add endpoint names and decoded payloads to rpmsg message events."
#define DECODE_HELP                                                                                \
	"Parameters: decoders=PATH (a decoder file, see decoders/README.md), "                     \
	"endpoint=NAME|ADDR (keep only that endpoint's events).\n"                                 \
	"Each rpmsg:msg_send/msg_recv event is re-emitted with src_name, dst_name, decoder, "      \
	"truncated, decoded_text, decoded_json and decoded[{name,type,value}]."
#define STATS_DESCRIPTION "Print per-endpoint rpmsg statistics when the trace ends."
#define STATS_HELP                                                                                 \
	"Parameters: json=BOOL (one JSON object instead of a table), endpoint=NAME|ADDR.\n"        \
	"Messages, bytes, rate, size min/avg/max, send->receive latency (when both sides are "     \
	"traced), TX waits, drops, and the events the tracer discarded."
#define PRINT_DESCRIPTION "Print rpmsg events one per line (text or JSON lines)."
#define PRINT_HELP	  "Parameters: json=BOOL. Put filter.rpmsg.decode before it for decoded payloads."

#endif /* RPMSG_BT2_DESCRIPTIONS_H */
