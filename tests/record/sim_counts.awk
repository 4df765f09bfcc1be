# Compare a babeltrace2 text dump of an `rpmsg-sim demo` trace with the demo's own summary.
#   awk -f sim_counts.awk DEMO_OUTPUT TRACE_DUMP
# From the summary (host role 0, firmware role 1), each channel row gives local and remote
# addresses and its tx / rx message counts and bytes; the trace must hold exactly as many
# msg_send events (role, src = local, dst = remote) and msg_recv events (role, dst = local),
# and their len fields must add up to the same bytes. Prints one line per side and channel:
#   SIDE CHANNEL tx N/N rx N/N tx_bytes N/N rx_bytes N/N   (trace/summary)
# and "mismatches N" at the end.
function field(line, name,    s) {
	if (!match(line, "[{,] " name " = [-0-9]+"))
		return ""
	s = substr(line, RSTART, RLENGTH)
	sub(/^[^=]*= /, "", s)
	return s + 0
}
NR == FNR {
	if ($1 == "host" && $2 == "summary:")
		role = 0
	else if ($1 == "firmware" && $2 == "summary:")
		role = 1
	else if ($1 ~ /^rpmsg-/ && NF >= 7 && role != "") {
		n = rows++
		side[n] = role ? "firmware" : "host"
		row_role[n] = role
		name[n] = $1
		local_addr[n] = $2
		remote_addr[n] = $3
		tx[n] = $4
		tx_bytes[n] = $5
		rx[n] = $6
		rx_bytes[n] = $7
	}
	next
}
/ rpmsg:msg_send: / {
	key = "send " field($0, "role") " " field($0, "src") " " field($0, "dst")
	sends[key]++
	send_bytes[key] += field($0, "len")
}
/ rpmsg:msg_recv: / {
	key = "recv " field($0, "role") " " field($0, "dst")
	recvs[key]++
	recv_bytes[key] += field($0, "len")
}
END {
	for (n = 0; n < rows; n++) {
		s = "send " row_role[n] " " local_addr[n] " " remote_addr[n]
		r = "recv " row_role[n] " " local_addr[n]
		printf "%s %s tx %d/%d rx %d/%d tx_bytes %d/%d rx_bytes %d/%d\n", side[n], name[n],
			sends[s], tx[n], recvs[r], rx[n], send_bytes[s], tx_bytes[n],
			recv_bytes[r], rx_bytes[n]
		if (sends[s] != tx[n] || recvs[r] != rx[n] || send_bytes[s] != tx_bytes[n] ||
		    recv_bytes[r] != rx_bytes[n])
			mismatches++
	}
	if (rows != 8)
		mismatches++
	printf "mismatches %d\n", mismatches
}
