# Check the rpmsg message events of a babeltrace2 text dump (sink.text.pretty) against what
# record_workload sends (see record_workload.c): per endpoint, count host sends, remote receives,
# remote echoes and host receives, and check every event's len, captured length and payload
# bytes (name-service messages to address 53 are not counted). Endpoint addresses are learned from the remote's ns_announce events, as a reader would.
#   awk -v capture=64 -f check_trace.awk TRACE_DUMP TRACE_DUMP   (two passes: names, then messages)
# Prints one line per endpoint:
#   NAME host_send N remote_recv N remote_send N host_recv N bad_payloads N
# and "contexts_missing N" (events without vpid/vtid/procname).
function field(line, name,    re, s) {
	re = "[{,] " name " = [-0-9]+"  # "[{,] ": "name" must not match "procname"
	if (!match(line, re))
		return ""
	s = substr(line, RSTART, RLENGTH)
	sub(/^[^=]*= /, "", s)
	return s + 0
}
function strfield(line, name,    re, s) {
	re = "[{,] " name " = \"[^\"]*\""
	if (!match(line, re))
		return ""
	s = substr(line, RSTART, RLENGTH)
	sub(/^[^"]*"/, "", s)
	sub(/"$/, "", s)
	return s
}
function hex(s,    i, c, v) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
# Fills bytes[] from "payload = [ [0] = 0x61, [1] = 0x2, ... ]"; returns the element count.
function payload(line, bytes,    s, n) {
	n = index(line, "payload = [")
	if (!n)
		return 0
	s = substr(line, n + 11)
	n = 0
	while (match(s, /\[[0-9]+\] = 0x[0-9A-Fa-f]+/)) {
		bytes[n++] = hex(substr(s, RSTART + index(substr(s, RSTART), "0x") - 1,
					RLENGTH - index(substr(s, RSTART), "0x") + 1))
		s = substr(s, RSTART + RLENGTH)
	}
	return n
}
function min(a, b) { return a < b ? a : b }
# Checks one message event of endpoint e; returns 1 when it is as the workload sent it.
function good_message(line, e,    len, cap, bytes, n, idx, k) {
	len = field(line, "len")
	cap = field(line, "_payload_length")
	n = payload(line, bytes)
	if (n != cap || cap != min(len, capture))
		return 0
	if (bytes[0] != 97 + e)
		return 0
	idx = bytes[1] + 256 * bytes[2] + 65536 * bytes[3] + 16777216 * bytes[4]
	if (len != 8 + (7 * idx) % 120)
		return 0
	for (k = 5; k < cap; k++)
		if (bytes[k] != (idx + k) % 256)
			return 0
	return 1
}
BEGIN { names[0] = "tp-alpha"; names[1] = "tp-beta" }
NR == FNR {
	if ($0 ~ / rpmsg:ns_announce: / && field($0, "role") == 1 &&
	    field($0, "direction") == 1 && field($0, "flags") == 0)
		addr[strfield($0, "name")] = field($0, "addr")
	next
}
/ rpmsg:msg_(send|recv): / {
	line = $0
	if (line !~ /vpid = [0-9]+/ || line !~ /vtid = [0-9]+/ || line !~ /procname = "/)
		contexts_missing++
	role = field(line, "role")
	src = field(line, "src")
	dst = field(line, "dst")
	send = line ~ / rpmsg:msg_send: /
	for (e = 0; e < 2; e++) {
		a = addr[names[e]]
		if (a == "")
			continue
		kind = ""
		if (role == 0 && send && dst == a) kind = "host_send"
		else if (role == 1 && !send && dst == a) kind = "remote_recv"
		else if (role == 1 && send && src == a && dst != 53) kind = "remote_send"
		else if (role == 0 && !send && src == a && dst != 53) kind = "host_recv"
		if (kind == "")
			continue
		count[e, kind]++
		if (!good_message(line, e))
			bad[e]++
	}
}
END {
	for (e = 0; e < 2; e++)
		printf "%s host_send %d remote_recv %d remote_send %d host_recv %d bad_payloads %d\n",
			names[e], count[e, "host_send"], count[e, "remote_recv"],
			count[e, "remote_send"], count[e, "host_recv"], bad[e]
	printf "contexts_missing %d\n", contexts_missing
}
