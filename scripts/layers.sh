#!/bin/sh
# layers.sh OBJECT...: fail when the library's modules use each other in
# a circle.  A module uses another when its object file needs a symbol
# the other defines (nm); the modules left after peeling, again and
# again, those that use no module left are in or above a circle, and a
# walk along their uses shows one.  Run by make lint on build/lib/*.o.
set -eu

[ "$#" -gt 0 ] || { echo "usage: layers.sh OBJECT..." >&2; exit 2; }
tmp=${TMPDIR:-/tmp}/lt-layers.$$
trap 'rm -f "$tmp".*' EXIT
for o in "$@"; do
	m=$(basename "$o" .o)
	nm --defined-only "$o" | awk -v m="$m" \
	    '$2 ~ /^[TDBRV]$/ { print $3, m }' >>"$tmp.def"
	nm -u "$o" | awk -v m="$m" '{ print m, $2 }' >>"$tmp.use"
done
awk '
NR == FNR { def[$1] = $2; next }
($2 in def) && def[$2] != $1 { print $1, def[$2] }
' "$tmp.def" "$tmp.use" | sort -u >"$tmp.edges"
awk '
{ n[$1]; n[$2]; e[$1, $2] = 1; out[$1] = out[$1] " " $2 }
END {
	do {
		changed = 0
		for (a in n) {
			busy = 0
			k = split(out[a], s, " ")
			for (i = 1; i <= k; i++)
				if (s[i] in n)
					busy = 1
			if (!busy) {
				delete n[a]
				changed = 1
			}
		}
	} while (changed)
	for (a in n) {
		# Walk from a along uses that stay among the rest.
		len = 1; p[1] = a; seen[a] = 1; cur = a
		for (;;) {
			k = split(out[cur], s, " ")
			for (i = 1; i <= k; i++)
				if (s[i] in n)
					break
			cur = s[i]
			p[++len] = cur
			if (cur in seen)
				break
			seen[cur] = 1
		}
		for (i = 1; p[i] != cur; i++)
			continue
		path = p[i]
		for (i++; i <= len; i++)
			path = path " -> " p[i]
		print "layers: modules used in a circle: " path
		bad = 1
		break
	}
	exit bad
}' "$tmp.edges"
