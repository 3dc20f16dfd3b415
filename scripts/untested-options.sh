#!/bin/sh
# untested-options.sh - the options of the man pages that no test runs.
#
# For every option of every man/lt-COMMAND.1 (the heads of the tagged
# lists of its DESCRIPTION or OPTIONS), look for a test that runs
# `lt COMMAND` with it: a line of tests/*.bats or tests/slow/*.bats (its
# continuation lines joined) that calls lt COMMAND ("lt", "$LT", or the
# expect helper of tests/status.bats) and has the option, by its short
# or its long name, as a word after it; or a case of
# testdata/expected/cases.  Prints "PAGE: OPTION" for each option none
# exercises; exits 1 if there is one, 0 if none.
#
#	scripts/untested-options.sh [PAGE ...]	(default: man/lt-*.1)
set -u

pages=
for page; do
	case $page in
	/*) pages="$pages $page" ;;
	*) pages="$pages $PWD/$page" ;;
	esac
done
cd "$(dirname "$0")/.." || exit 2
[ -n "$pages" ] || pages=$(echo man/lt-*.1)
tmp=${TMPDIR:-/tmp}/untested-options.$$
mkdir "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT

# Every call of lt in the tests, one a line, as "COMMAND ARGS": a test
# line's continuations joined; a call of a helper function of the file,
# or of a tests/NAME.bash it loads, that runs lt COMMAND with its "$@"
# taken for that; and the cases' arguments.
for f in tests/*.bats tests/slow/*.bats; do
	[ -f "$f" ] || continue
	{
		sed -n 's|^load \([a-z_]*\)$|tests/\1.bash|p' "$f" |
		    while read -r h; do cat "$h"; done
		cat "$f"
	} | awk '
	function lt_call(s) {
		return match(s, /(^|[[:space:]("'\''])(lt|"\$LT"|\$LT|expect [0-9])[[:space:]]+[a-z]+/)
	}
	{
		if (sub(/\\$/, "")) { part = part $0; next }
		line[++n] = part $0
		part = ""
	}
	END {
		# helpers: NAME() { ... lt COMMAND ... "$@" ... }
		for (i = 1; i <= n; i++) {
			if (line[i] !~ /^[a-z_]+\(\) \{/)
				continue
			name = line[i]
			sub(/\(.*/, "", name)
			for (j = i + 1; j <= n && line[j] != "}"; j++)
				if (line[j] ~ /"\$@"/ && lt_call(line[j])) {
					body = substr(line[j], RSTART)
					sub(/^[[:space:](]/, "", body)
					sub(/"\$@".*/, "", body)
					helper[name] = body
				}
		}
		for (i = 1; i <= n; i++) {
			s = line[i]
			for (name in helper) {
				out = ""
				while (match(s, "(^|[[:space:](])" name "[[:space:]]")) {
					k = RSTART
					if (substr(s, RSTART, 1) == substr(name, 1, 1))
						k--
					out = out substr(s, 1, k) helper[name]
					s = substr(s, RSTART + RLENGTH)
				}
				s = out s
			}
			# from each call of lt on the line: what follows it
			while (lt_call(s)) {
				head = substr(s, RSTART, RLENGTH)
				sub(/.*[[:space:]]/, "", head)
				s = substr(s, RSTART + RLENGTH)
				print head s
			}
		}
	}'
done >"$tmp/calls"
grep -v -e '^#' -e '^[[:space:]]*$' testdata/expected/cases |
    awk '{ $1 = ""; $2 = ""; sub(/^ +/, ""); print }' >>"$tmp/calls"

status=0
for man in $pages; do
	cmd=${man##*/lt-}
	cmd=${cmd%.1}
	# The options: heads of tagged lists, as scripts/check-options.sh
	# reads them, each spelling on its own.
	mandoc -T markdown "$man" |
	    awk '/^# / { on = $0 == "# DESCRIPTION" || $0 == "# OPTIONS" }
	    on' | awk '{
		if (head != "" && $0 == "")
			print head
		head = ""
		if (prev == "" && $0 ~ /^\*\*-/)
			head = $0
		prev = $0
	}' | sed -e 's/\*//g' -e 's/\\//g' -e 's/&#45;/-/g' |
	    awk -F', ' '{
		for (i = 1; i <= NF; i++) {
			w = $i
			sub(/^ +/, "", w)
			sub(/[ [].*/, "", w)
			if (w ~ /^-[^-]$/ && i < NF && $(i + 1) ~ /^ *--/) {
				l = $(i + 1)
				sub(/^ +/, "", l)
				sub(/[ [].*/, "", l)
				print w " " l
				i++
			} else
				print w
		}
	}' | grep -v -e '^--help$' -e '^-h --help$' >"$tmp/opts"
	grep "^${cmd}[[:space:]]" "$tmp/calls" >"$tmp/mine"
	while read -r a b; do
		found=0
		for o in $a ${b:-}; do
			if grep -qE "[[:space:]\"']$o([=[:space:]\"']|\$)" \
			    "$tmp/mine"; then
				found=1
				break
			fi
		done
		if [ $found -eq 0 ]; then
			echo "$man: $a${b:+ ($b)}"
			status=1
		fi
	done <"$tmp/opts"
done
exit $status
