#!/bin/sh
# TEST HELPER: derive damaged copies of a valid CTF trace, one directory per kind of damage.
#
#   make_corpus.sh VALID_TRACE OUT_DIR
#
# VALID_TRACE is a recording (rpmsg-trace record, or tests/bt2/record_fixture.sh) holding one
# CTF trace directory (a 'metadata' file and stream files) somewhere below it. OUT_DIR/NAME is
# created for every case below and OUT_DIR/cases lists them, one "NAME FILE" a line, FILE being
# the damaged file relative to OUT_DIR/NAME (or '.' when the damage is the whole directory).
# Nothing binary is kept in the source tree: the corpus is derived here, deterministically.
#
#   metadata-half        metadata cut in half
#   metadata-garbage     metadata replaced by text that is not TSDL
#   metadata-missing     metadata removed (the stream files stay)
#   not-a-trace          a directory holding a text file and nothing else
#   STREAM-flip-OFFSET   one byte of the stream file holding the most data inverted at OFFSET:
#                        the LTTng 64-bit packet header and context (magic 0, stream id 20,
#                        timestamp 37, content size 55/56, packet size 63) and the first event
#                        header (84); 55 and 63 make babeltrace2 2.0.4 abort
#                        (requested_offset_in_file), the others are errors it reports
#   STREAM-cut           stream file cut mid-packet (its index still promises the whole packet)
#   STREAM-cut-noindex   the same without the index files
#   STREAM-empty         stream file of zero bytes
. "$(dirname "$0")/../include/lib.sh"
set -eu

valid=$1
out=$2
metadata=$(find "$valid" -name metadata -type f | head -n 1)
[ -n "$metadata" ] || fail "make_corpus.sh: $valid: no metadata file below it"
tracedir=$(dirname "$metadata")
rel=${tracedir#"$valid"}
rel=${rel#/}
streams=$(cd "$tracedir" && find . -maxdepth 1 -type f ! -name metadata ! -name '.*' | sed 's|^\./||' | sort)
[ -n "$streams" ] || fail "make_corpus.sh: $tracedir: no stream files"

rm -rf "$out"
mkdir -p "$out"
: >"$out/cases"

# copy NAME: a fresh copy of the valid trace in OUT_DIR/NAME; prints the trace directory in it
copy() {
	cp -R "$valid" "$out/$1"
	echo "$out/$1${rel:+/$rel}"
}

# flip FILE OFFSET: invert the byte at OFFSET in place
flip() {
	byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((byte ^ 255)))" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null
}

note() {
	echo "$1 $2" >>"$out/cases"
}

size=$(wc -c <"$metadata")

d=$(copy metadata-half)
dd if="$metadata" of="$d/metadata" bs=1 count=$((size / 2)) 2>/dev/null
note metadata-half "${rel:+$rel/}metadata"

d=$(copy metadata-garbage)
yes 'this is not TSDL { ; } [ 0x' | head -c "$size" >"$d/metadata"
note metadata-garbage "${rel:+$rel/}metadata"

d=$(copy metadata-missing)
rm "$d/metadata"
note metadata-missing "${rel:+$rel/}metadata"

mkdir "$out/not-a-trace"
echo "just some notes, no trace" >"$out/not-a-trace/notes.txt"
note not-a-trace .

# the stream with the most content, by its index (first packet's content size, bytes 32-39)
busiest= most=-1
for s in $streams; do
	index="$tracedir/index/$s.idx"
	content=0
	[ -f "$index" ] && content=$((0x$(od -An -j 32 -N 8 -tx1 "$index" | tr -d ' \n')))
	[ "$content" -gt "$most" ] && busiest=$s most=$content
done
for offset in 0 20 37 55 56 63 84; do
	d=$(copy "$busiest-flip-$offset")
	flip "$d/$busiest" "$offset"
	note "$busiest-flip-$offset" "${rel:+$rel/}$busiest"
done

for s in $streams; do
	ssize=$(wc -c <"$tracedir/$s")
	d=$(copy "$s-cut")
	dd if="$tracedir/$s" of="$d/$s" bs=1 count=$((ssize / 2 + 3)) 2>/dev/null
	note "$s-cut" "${rel:+$rel/}$s"
	d=$(copy "$s-cut-noindex")
	dd if="$tracedir/$s" of="$d/$s" bs=1 count=$((ssize / 2 + 3)) 2>/dev/null
	rm -rf "$d/index"
	note "$s-cut-noindex" "${rel:+$rel/}$s"
	d=$(copy "$s-empty")
	: >"$d/$s"
	note "$s-empty" "${rel:+$rel/}$s"
done
