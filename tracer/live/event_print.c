// SPDX-License-Identifier: MIT
/* Text and JSON forms of one event (see event_print.h). */
#include <ctype.h>
#include <string.h>

#include "event_print.h"

static const char *const event_names[] = RPMSG_EVENT_NAMES;

const char *role_name(unsigned int role)
{
	switch (role) {
	case RPMSG_EVENT_ROLE_HOST:
		return "host";
	case RPMSG_EVENT_ROLE_REMOTE:
		return "remote";
	case RPMSG_EVENT_ROLE_KERNEL:
		return "kernel";
	}
	return "?";
}

void json_string(FILE *out, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* Payload as hex, then as text with unprintable bytes as '.', as a hex dump line does. */
static void payload_text(FILE *out, const struct rpmsg_event *ev)
{
	unsigned int n = ev->msg.captured;

	if (n > RPMSG_EVENT_PAYLOAD_MAX)
		n = RPMSG_EVENT_PAYLOAD_MAX;
	fputs(" payload=", out);
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, "%02x", ev->payload[i]);
	fputs(" \"", out);
	for (unsigned int i = 0; i < n; i++)
		fputc(isprint(ev->payload[i]) ? ev->payload[i] : '.', out);
	fprintf(out, "\"%s", n < ev->msg.len ? "..." : "");
}

static void print_text(FILE *out, const struct rpmsg_event *ev, const char *name,
		       const char *decoded)
{
	fprintf(out, "%llu.%09llu %-11s bus=%.*s role=%s pid=%u",
		(unsigned long long)ev->ts_ns / 1000000000ull,
		(unsigned long long)ev->ts_ns % 1000000000ull, event_names[ev->type],
		RPMSG_EVENT_BUS_LEN, ev->bus, role_name(ev->role), ev->pid);
	switch (ev->type) {
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		fprintf(out, " vq=%u head=%u len=%u %s=%u num_free=%u", ev->vring.vq,
			ev->vring.head, ev->vring.len,
			ev->type == RPMSG_EV_VRING_ADD ? "avail_idx" : "used_idx", ev->vring.idx,
			ev->vring.num_free);
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		fprintf(out, " channel=%u", ev->mbox.channel);
		break;
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV:
		fprintf(out, " src=%u dst=%u len=%u flags=%u", ev->msg.src, ev->msg.dst,
			ev->msg.len, ev->msg.flags);
		if (name)
			fprintf(out, " name=%s", name);
		if (decoded)
			fprintf(out, " decoded: %s", decoded);
		else
			payload_text(out, ev);
		break;
	case RPMSG_EV_NS_ANNOUNCE:
		fprintf(out, " name=%.*s addr=%u flags=%s direction=%s", RPMSG_EVENT_NAME_LEN,
			ev->ns.name, ev->ns.addr,
			ev->ns.flags == RPMSG_EVENT_NS_DESTROY ? "destroy" : "create",
			ev->ns.direction == RPMSG_EVENT_DIR_TX ? "sent" : "received");
		break;
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		fprintf(out, " name=%.*s addr=%u", RPMSG_EVENT_NAME_LEN, ev->ept.name,
			ev->ept.addr);
		break;
	case RPMSG_EV_TX_WAIT:
		fprintf(out, " src=%u dst=%u waited_ns=%llu outcome=%d", ev->tx_wait.src,
			ev->tx_wait.dst, (unsigned long long)ev->tx_wait.waited_ns,
			ev->tx_wait.outcome);
		break;
	case RPMSG_EV_DROP:
		fprintf(out, " src=%u dst=%u len=%u reason=%u", ev->drop.src, ev->drop.dst,
			ev->drop.len, ev->drop.reason);
		break;
	}
	fputc('\n', out);
}

static void print_json(FILE *out, const struct rpmsg_event *ev, const char *name,
		       const char *decoded)
{
	fprintf(out, "{\"event\":\"%s\",\"ts_ns\":%llu,\"bus\":", event_names[ev->type],
		(unsigned long long)ev->ts_ns);
	json_string(out, ev->bus, RPMSG_EVENT_BUS_LEN);
	fprintf(out, ",\"role\":%u,\"vpid\":%u,\"vtid\":%u", ev->role, ev->pid, ev->tid);
	switch (ev->type) {
	case RPMSG_EV_VRING_ADD:
	case RPMSG_EV_VRING_GET:
		fprintf(out, ",\"vq\":%u,\"head\":%u,\"len\":%u,\"%s\":%u,\"num_free\":%u",
			ev->vring.vq, ev->vring.head, ev->vring.len,
			ev->type == RPMSG_EV_VRING_ADD ? "avail_idx" : "used_idx", ev->vring.idx,
			ev->vring.num_free);
		break;
	case RPMSG_EV_MBOX_KICK:
	case RPMSG_EV_MBOX_RX:
		fprintf(out, ",\"channel\":%u", ev->mbox.channel);
		break;
	case RPMSG_EV_MSG_SEND:
	case RPMSG_EV_MSG_RECV: {
		unsigned int n = ev->msg.captured;

		if (n > RPMSG_EVENT_PAYLOAD_MAX)
			n = RPMSG_EVENT_PAYLOAD_MAX;
		fprintf(out, ",\"src\":%u,\"dst\":%u,\"len\":%u,\"flags\":%u", ev->msg.src,
			ev->msg.dst, ev->msg.len, ev->msg.flags);
		if (name) {
			fputs(",\"name\":", out);
			json_string(out, name, RPMSG_EVENT_NAME_LEN);
		}
		fputs(",\"payload\":\"", out);
		for (unsigned int i = 0; i < n; i++)
			fprintf(out, "%02x", ev->payload[i]);
		fputc('"', out);
		if (decoded)
			fprintf(out, ",\"decoded\":%s", decoded);
		break;
	}
	case RPMSG_EV_NS_ANNOUNCE:
		fputs(",\"name\":", out);
		json_string(out, ev->ns.name, RPMSG_EVENT_NAME_LEN);
		fprintf(out, ",\"addr\":%u,\"flags\":%u,\"direction\":%u", ev->ns.addr,
			ev->ns.flags, ev->ns.direction);
		break;
	case RPMSG_EV_EPT_CREATE:
	case RPMSG_EV_EPT_DESTROY:
		fputs(",\"name\":", out);
		json_string(out, ev->ept.name, RPMSG_EVENT_NAME_LEN);
		fprintf(out, ",\"addr\":%u", ev->ept.addr);
		break;
	case RPMSG_EV_TX_WAIT:
		fprintf(out, ",\"src\":%u,\"dst\":%u,\"waited_ns\":%llu,\"outcome\":%d",
			ev->tx_wait.src, ev->tx_wait.dst, (unsigned long long)ev->tx_wait.waited_ns,
			ev->tx_wait.outcome);
		break;
	case RPMSG_EV_DROP:
		fprintf(out, ",\"src\":%u,\"dst\":%u,\"len\":%u,\"reason\":%u", ev->drop.src,
			ev->drop.dst, ev->drop.len, ev->drop.reason);
		break;
	}
	fputs("}\n", out);
}

void event_print(FILE *out, const struct rpmsg_event *ev, const char *name, const char *decoded,
		 bool json)
{
	if (ev->type == 0 || ev->type >= RPMSG_EV_TYPE_COUNT) {
		fprintf(out, json ? "{\"event\":\"unknown\",\"type\":%u}\n" : "unknown event %u\n",
			ev->type);
		return;
	}
	if (json)
		print_json(out, ev, name, decoded);
	else
		print_text(out, ev, name, decoded);
}
