# Times as the tools print them (docs/events.md, Time), for the bt2 scripts to set aside:
# text lines start with [HH:MM:SS.nnnnnnnnn] (local), JSON has "ts_ns" as a decimal string.
strip_text_time() { sed 's/^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{9\}\] //'; }
strip_json_time() { sed 's/"ts_ns":"[0-9]*",//'; }
# The time of each line, as printed: [HH:MM:SS.nnnnnnnnn] -> HH:MM:SS.nnnnnnnnn
line_times() { sed -n 's/^\[\([0-9:.]*\)\].*/\1/p'; }
