# rpmsg-sim demo --messages N: every channel is shown by name with exact counts on both sides,
# the demo exits 0 and leaves no shared memory behind.
. "$(dirname "$0")/lib.sh"
N=300

"$SIM" demo --bus "$BUS" --messages $N --rate 0 >"$TMP/demo.out" 2>"$TMP/demo.err" ||
	fail "demo exited with status $?"

for side in host firmware; do
	grep -q "^$side summary: bus $BUS" "$TMP/demo.out" || fail "no $side summary"
done
# Host to firmware: N echo requests, one start message each on tty and sensor, N raw blocks.
expect_counts "$TMP/demo.out" host rpmsg-echo $N $N
expect_counts "$TMP/demo.out" host rpmsg-tty 1 $N
expect_counts "$TMP/demo.out" host rpmsg-sensor 1 $N
expect_counts "$TMP/demo.out" host rpmsg-raw $N $N
expect_counts "$TMP/demo.out" firmware rpmsg-echo $N $N
expect_counts "$TMP/demo.out" firmware rpmsg-tty $N 1
expect_counts "$TMP/demo.out" firmware rpmsg-sensor $N 1
expect_counts "$TMP/demo.out" firmware rpmsg-raw $N $N
# Sensor samples are 32 bytes; raw blocks 496.
[ "$(summary_field "$TMP/demo.out" host rpmsg-sensor 7)" = $((N * 32)) ] ||
	fail "sensor bytes are not $N x 32"
[ "$(summary_field "$TMP/demo.out" host rpmsg-raw 5)" = $((N * 496)) ] ||
	fail "raw bytes are not $N x 496"
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the demo left /dev/shm/rpmsg-$BUS behind"
echo "ok: demo with --messages $N shows exact counts"
