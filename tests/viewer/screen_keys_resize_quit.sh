# rpmsg-top on a terminal (tmux, 120x40, UTF-8) over its own demo: the channels appear by name
# with moving rates and ring bars; sorting, filtering, the detail pane, a resize to 80x24 and
# back, pause, the refresh interval keys and help do what they say; q exits 0 and gives the
# terminal back (echo and canonical mode).
. "$(dirname "$0")/lib.sh"
need_root "the BPF source (the detail pane's decoded messages)"
command -v tmux >/dev/null || fail "tmux is needed"
BUS=$(bus_name s)

# The shell around rpmsg-top reports its exit status and the terminal modes after it (then
# sleeps to keep the pane open for reading: the tmux server is killed on exit).
tmux_start 120 40 sh -c "LANG=C.UTF-8 '$TOP' --demo --bus $BUS --demo-log '$TMP/demo.log';
	echo EXIT=\$?; stty -a; sleep 600"

wait_screen 'rpmsg-raw +1027→1027 +[0-9.]+k? '
screen >"$TMP/out"
grep -q "rpmsg-top  demo bus $BUS  source: BPF" "$TMP/out" || fail "header"
grep -q "^msgs/s tx [0-9]" "$TMP/out" || fail "no totals line"
grep -Eq "vq0 RX posted +\[.*\] +[0-9]+/256 with remote +[0-9]+ " "$TMP/out" || fail "no vq0 bar"
grep -Eq "vq1 TX unreclaimed +\[.*\] +[0-9]+/256 with remote +[0-9]+ free TX +[0-9]+" "$TMP/out" ||
	fail "no vq1 bar"
grep -q "SIZE, P50, P99: since start" "$TMP/out" || fail "the latency window is not said"
for name in rpmsg-echo rpmsg-tty rpmsg-sensor rpmsg-raw; do
	grep -q "^$name " "$TMP/out" || fail "no row for $name"
done
# every line fits the terminal
[ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le 120 ] ||
	fail "a line is wider than 120 columns"

# Sort by TX/s (">" moves from ADDR to the next column, TX/s): the busiest TX channel, rpmsg-raw, first
keys '>'
wait_screen 'TX/s▾'
first=$(screen | awk '/^NAME/ { getline; print $1; exit }')
[ "$first" = rpmsg-raw ] || { screen >"$TMP/out"; fail "sorted by TX/s, first row is '$first'"; }
# reversed: the idle name-service rows come first
keys r
wait_screen 'TX/s▴'
first=$(screen | awk '/^NAME/ { getline; print $1; exit }')
[ "$first" = name-service ] || { screen >"$TMP/out"; fail "reversed, first row is '$first'"; }

# Filter by name: only rpmsg-sensor stays in the table
keys / s e n s o r Enter
wait_screen 'filter: "sensor" \(1 of [0-9]+ rows\)'
rows=$(screen | awk '/^NAME/ { t = 1; next } t && /^rpmsg-|^name-service/ { n++ } END { print n + 0 }')
[ "$rows" -eq 1 ] || { screen >"$TMP/out"; fail "filtered table has $rows rows"; }
# the detail pane (open by default) shows the selected channel's decoded samples, each at its
# time as decode and live --messages print it
wait_screen '^ rpmsg-sensor  bus '"$BUS"
wait_screen '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9} rx +32 .*seq='
# ... and where its messages' time goes: on 40 lines the pane is short, so it says how to get
# the stage table (t); then the table (the sensor streams remote -> host, so its rx column
# counts every message taken) and its TX buffers and waits
wait_screen '^stage breakdown: t '
keys t
wait_screen '^stage +tx count +p50 +p99 +skip +rx count +p50 +p99 +skip'
wait_screen '^get>recv +[0-9]+ .* [1-9][0-9]* +[0-9.]+[mun]?s '
wait_screen '^TX buffers of this channel: [0-9]+ unreclaimed by the host, [0-9?]+ with the remote'
wait_screen '^TX waits: host '
keys t
wait_screen '^stage breakdown: t '
keys '\'
# back to address order ("<": the column to the left): the four channels first
keys '<'
wait_screen 'ADDR▴'
wait_screen '^rpmsg-echo '

# Resize to 80x24: header, table header and key bar stay, nothing wider than 80
tmux -L "$TMUX_SOCKET" resize-window -t top -x 80 -y 24
wait_screen '^NAME +ADDR'
# the redraw at the new size is done when the title is on the first line and the key bar on the
# last (24th) one
redrawn_at_80x24() {
	screen >"$TMP/out" && [ "$(wc -l <"$TMP/out")" -eq 24 ] &&
		head -1 "$TMP/out" | grep -q "rpmsg-top" && tail -1 "$TMP/out" | grep -q "h Help"
}
wait_for "a redraw at 80x24" 60 redrawn_at_80x24
screen >"$TMP/out"
[ "$(LC_ALL=C.UTF-8 wc -L <"$TMP/out")" -le 80 ] ||
	fail "a line is wider than 80 columns after the resize"
head -1 "$TMP/out" | grep -q "rpmsg-top" || fail "no title line at 80x24"
tail -1 "$TMP/out" | grep -q "h Help" || fail "no key bar on the last line at 80x24"
grep -q "^rpmsg-raw " "$TMP/out" || fail "rpmsg-raw not visible at 80x24"
tmux -L "$TMUX_SOCKET" resize-window -t top -x 120 -y 40
wait_screen 'RXMSGS'

# p pauses (the header says so, and the uptime stops moving), p resumes
keys p
wait_screen 'every 1s  PAUSED'
keys p
wait_for "p to resume" 30 screen_lacks PAUSED
# + lengthens the refresh interval, - shortens it, d sets it
keys +
wait_screen 'every 2s'
keys -
wait_screen 'every 1s'
keys d 0 . 5 Enter
wait_screen 'every 0.5s'
# Enter hides the detail pane and shows it again
keys Enter
wait_for "Enter to hide the detail pane" 30 screen_lacks '^last messages'
keys Enter
wait_screen '^last messages'

# Help lists the keys; any key returns
keys h
wait_screen 'rpmsg-top help'
screen | grep -q "filter rows by name" || fail "help does not describe /"
keys x
wait_screen '^NAME +ADDR'

# q: clean exit, terminal restored
keys q
wait_screen 'EXIT='
screen >"$TMP/out"
grep -q "EXIT=0" "$TMP/out" || fail "rpmsg-top did not exit 0"
grep -q " icanon " "$TMP/out" || grep -q "^icanon\| icanon" "$TMP/out" || fail "terminal left without icanon"
grep -q " echo " "$TMP/out" || grep -Eq "(^| )echo( |$)" "$TMP/out" || fail "terminal left without echo"
! grep -q -- "-icanon\|-echo " "$TMP/out" || fail "terminal modes not restored"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the demo's bus was left behind"
echo "ok: screen, keys, resize and quit"
