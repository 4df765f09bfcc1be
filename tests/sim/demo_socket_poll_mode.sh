# The socket doorbell and polling mode (no interrupt thread) carry the same exact counts, with a
# small ring so senders must wait for buffers.
. "$(dirname "$0")/lib.sh"
N=200

"$SIM" demo --bus "$BUS" --mbox socket --poll-mode --buf-count 16 --vring-num 8 \
	--messages $N --rate 0 >"$TMP/demo.out" 2>"$TMP/demo.err" ||
	fail "demo exited with status $?"
for ch in rpmsg-echo rpmsg-raw; do
	expect_counts "$TMP/demo.out" host $ch $N $N
	expect_counts "$TMP/demo.out" firmware $ch $N $N
done
expect_counts "$TMP/demo.out" host rpmsg-sensor 1 $N
expect_counts "$TMP/demo.out" host rpmsg-tty 1 $N
[ ! -e "/dev/shm/rpmsg-$BUS" ] || fail "the demo left /dev/shm/rpmsg-$BUS behind"
[ ! -e "/tmp/rpmsg-sim-$BUS.sock" ] || fail "the demo left its socket behind"
echo "ok: socket doorbell + poll mode, exact counts"
