# Every numeric option of rpmsg-top refuses non-finite, negative, zero-where-meaningless and
# absurd values with one line naming the option and the value, at once (-i nan used to hang).
. "$(dirname "$0")/lib.sh"

# refused OPTION VALUE [NAME]: NAME is how the message names the option (default OPTION)
refused() {
	opt=$1
	val=$2
	name=${3:-$1}
	timeout 10 "$TOP" -b --introspect --bus "vtnone$$" "$opt" "$val" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc -ne 124 ] || fail "'$opt $val' hung"
	[ $rc -ne 0 ] || fail "'$opt $val' was accepted"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "'$opt $val': not one line: $(cat "$TMP/err")"
	grep -q -- "^rpmsg-top: $name: '$val' " "$TMP/err" ||
		fail "'$opt $val': '$(cat "$TMP/err")' does not name the option and value"
}
for form in -i:-i --interval:-i -d:-d --delay:-d; do
	for val in nan NaN -nan inf -inf -1 0 0.01 3601 1e308 abc 1x ''; do
		refused "${form%:*}" "$val" "${form#*:}"
	done
done
for val in nan inf -1 1e7; do
	refused --speed "$val"
done
for val in -1 0 1e3 1.5 nan 1000000001 99999999999999999999; do
	refused -n "$val"
done
for val in -1 nan 1000001 2x; do
	refused -r "$val"
done
for val in -1 497 nan; do
	refused --capture "$val"
done
for val in -1 256 nan; do
	refused --virtio-device "$val"
done
# the limits themselves are accepted: one refresh of a missing bus, 0.05 s apart (which then
# exits 1 naming the bus: not a usage error, 2)
timeout 60 "$TOP" -b -n 1 -d 0.05 --introspect --bus "vtnone$$" >"$TMP/out" 2>&1
[ $? -eq 1 ] && grep -q "^rpmsg-top refresh 1 " "$TMP/out" &&
	grep -q "^rpmsg-top: bus vtnone$$ not found" "$TMP/out" || fail "-d 0.05 -n 1 failed"
echo "ok: numeric options refused"
