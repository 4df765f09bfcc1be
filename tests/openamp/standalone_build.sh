# The installed examples build on their own: the sources and Makefile as installed, compiled with
# -Wall -Wextra -Werror against only the headers librpmsgbus installs (rpmsg/*.h and the
# rpmsg-scope/event*.h that wire.h includes), so they use nothing private; the programs run.
# Arguments: source-dir-of-examples bus-include common-include librpmsgbus.so
. "$(dirname "$0")/../include/lib.sh"
set -u
tmpdir_make openamp-standalone
mkdir -p "$TMP/src" "$TMP/include/rpmsg" "$TMP/include/rpmsg-scope"
cp "$1"/openamp-linux-machine.h "$1"/example-args.h "$1"/openamp-echo-host.c \
	"$1"/openamp-ping-remote.c "$1"/Makefile "$TMP/src/"
cp "$2"/rpmsg/*.h "$TMP/include/rpmsg/"
cp "$3"/rpmsg-scope/event.h "$3"/rpmsg-scope/event-list.h "$TMP/include/rpmsg-scope/"
LIBDIR=$(dirname "$4")
make -C "$TMP/src" CFLAGS="-O2 -Wall -Wextra -Werror" RPMSG_CFLAGS="-I$TMP/include" \
	RPMSG_LIBS="-L$LIBDIR -lrpmsgbus" >"$TMP/make.out" 2>&1 ||
	fail "the examples do not build on their own: $(cat "$TMP/make.out")"
for prog in openamp-echo-host openamp-ping-remote; do
	LD_LIBRARY_PATH=$LIBDIR "$TMP/src/$prog" --help >"$TMP/help.out" 2>&1 ||
		fail "$prog --help (standalone build): status $?"
	grep -q "^Usage: $prog " "$TMP/help.out" || fail "$prog --help: no usage line"
done
echo "ok: both examples build with only librpmsgbus's installed headers"
