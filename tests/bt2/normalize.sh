# What changes with every recording, set aside so the bt2 scripts compare the rest exactly.
# Times as the tools print them (docs/events.md, Time): text lines start with
# [HH:MM:SS.nnnnnnnnn] (local), JSON has "ts_ns" as a decimal string.
strip_text_time() { sed 's/^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{9\}\] //'; }
strip_json_time() { sed 's/"ts_ns":"[0-9]*",//'; }
# The time of each line, as printed: [HH:MM:SS.nnnnnnnnn] -> HH:MM:SS.nnnnnnnnn
line_times() { sed -n 's/^\[\([0-9:.]*\)\].*/\1/p'; }
# report's table: its duration and time span, rates and latencies depend on timing; every count
# and size column is kept.
report_counts() {
	sed 's/over [^,]*,/over T,/; s/^time span \[[0-9:.]*\] to \[[0-9:.]*\]$/time span [T] to [T]/' |
		awk '$5 == "tx" || $5 == "rx" { print $1, $2, $3, $4, $5, $6, $7, $9, $(NF-1), $NF; next } { print }'
}
