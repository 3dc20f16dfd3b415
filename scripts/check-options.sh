#!/bin/sh
# check-options.sh - the options each command declares against its man
# page.  For every man/lt-COMMAND.1, `lt COMMAND --help` (made of the
# command's tables) and the page must agree: the SYNOPSIS says what the
# help's usage lines say (blanks aside), and the options listed in the
# DESCRIPTION are the help's options, each with the same short letter,
# long name and value.  Prints every difference; exits 1 if there is one,
# 2 on trouble.
#
#	scripts/check-options.sh [LT [PAGE ...]]
#
# LT is the binary (default: build/lt), the pages man/lt-*.1 by default.
set -u

lt=${1:-build/lt}
[ $# -gt 0 ] && shift
[ -x "$lt" ] || { echo "check-options: no $lt; run make" >&2; exit 2; }
case $lt in
/*) ;;
*) lt=$PWD/$lt ;;
esac
if [ $# -eq 0 ]; then
	cd "$(dirname "$0")/.." || exit 2
	set -- man/lt-*.1
fi

tmp=${TMPDIR:-/tmp}/check-options.$$
mkdir "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT

# Markdown as mandoc writes it, to text: no emphasis, no escapes.
demark() {
	sed -e 's/\*//g' -e 's/\\//g' -e 's/&nbsp;/ /g' -e 's/&#45;/-/g' \
	    -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}

# Option heads ("-w, --window N", "--since T, --until T"), one option a
# line: "-w --window N", "--since T"; the value without blanks.
options() {
	awk '{
		n = split($0, part, /, /)
		for (i = 1; i <= n; i++) {
			w = part[i]
			sub(/^ +/, "", w)
			opt = w; sub(/ .*/, "", opt)
			arg = w; sub(/^[^ ]* ?/, "", arg); gsub(/ /, "", arg)
			if (opt ~ /^-[^-]$/ && i < n && part[i + 1] ~ /^ *--/) {
				long = part[i + 1]; sub(/^ +/, "", long)
				larg = long; sub(/^[^ ]* ?/, "", larg)
				gsub(/ /, "", larg)
				sub(/ .*/, "", long)
				opt = opt " " long
				arg = larg
				i++
			}
			if (opt != "--help" && opt != "-h --help")
				print opt (arg != "" ? " " arg : "")
		}
	}' | sort
}

status=0
for man; do
	cmd=${man##*/lt-}
	cmd=${cmd%.1}
	# lt complete has no options: every word, --help too, is a word of
	# the line to complete.
	[ "$cmd" = complete ] && continue
	if ! "$lt" "$cmd" --help >"$tmp/help" 2>"$tmp/err"; then
		echo "$man: lt $cmd --help failed: $(cat "$tmp/err")"
		status=1
		continue
	fi
	mandoc -T markdown "$man" >"$tmp/md" || exit 2

	# The usage lines up to the blank line; the SYNOPSIS section.
	sed -n '1,/^$/p' "$tmp/help" | sed 's/^usage://' |
	    tr -d ' \n' >"$tmp/help.syn"
	sed -n '/^# SYNOPSIS/,/^# /p' "$tmp/md" | sed '1d;$d' | demark |
	    tr -d ' \n' >"$tmp/man.syn"
	if ! cmp -s "$tmp/help.syn" "$tmp/man.syn"; then
		echo "$man: the SYNOPSIS is not what lt $cmd --help says"
		echo "  lt $cmd --help: $(cat "$tmp/help.syn")"
		echo "  $man:  $(cat "$tmp/man.syn")"
		status=1
	fi

	# The help's option lines: the option up to two blanks.
	sed -n '/^$/,$p' "$tmp/help" |
	    grep -E '^  -[[:alnum:]], --|^      --' |
	    sed -e 's/^ *//' -e 's/   *.*//' | options >"$tmp/help.opt"
	# The man page's: the heads of the tagged lists of its DESCRIPTION
	# or OPTIONS that name an option (a line alone between blank lines,
	# starting with one).
	awk '/^# / { on = $0 == "# DESCRIPTION" || $0 == "# OPTIONS" }
	    on' "$tmp/md" | awk '{
		if (head != "" && $0 == "")
			print head
		head = ""
		if (prev == "" && $0 ~ /^\*\*-/)
			head = $0
		prev = $0
	}' | demark | options >"$tmp/man.opt"
	if ! cmp -s "$tmp/help.opt" "$tmp/man.opt"; then
		echo "$man: the options differ from lt $cmd --help's" \
		    "(< help, > man page):"
		diff "$tmp/help.opt" "$tmp/man.opt" | grep '^[<>]' |
		    sed 's/^/  /'
		status=1
	fi
done
exit $status
