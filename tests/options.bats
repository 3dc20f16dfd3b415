#!/usr/bin/env bats
# Options declared in tables: --help, the synopsis on a usage error, the
# man pages that must say the same (scripts/check-options.sh), the
# suggestion of the nearest command, option, subcommand or task, and the
# selection options every command that reads logs takes.

load test_helper

ROOT=$HELPER_DIR/..
CHECK=$ROOT/scripts/check-options.sh
UNTESTED=$ROOT/scripts/untested-options.sh

# The commands, from lt help's list.
commands() {
	"$LT" help | awk '/^Commands:/ { on = 1; next } on && NF == 0 { exit }
	    on { print $1 }'
}

@test "every command's --help says what its man page's SYNOPSIS and option list say" {
	run sh "$CHECK" "$LT"
	assert_success
	assert_output ''
}

@test "the check fails when a man page leaves out an option of the table" {
	# --patience's item gone from the list of lt-trend(1)
	awk '/^\.It Fl -patience/ { skip = 1; next }
	    skip && /^\.It/ { skip = 0 } !skip' "$ROOT/man/lt-trend.1" >lt-trend.1
	! cmp -s lt-trend.1 "$ROOT/man/lt-trend.1"
	run sh "$CHECK" "$LT" "$PWD/lt-trend.1"
	assert_failure 1
	assert_line --index 0 "$PWD/lt-trend.1: the options differ from lt trend --help's (< help, > man page):"
	assert_line --index 1 '  < --patience N'
}

@test "the check fails when a man page's SYNOPSIS says another value" {
	sed 's/^\.Op Fl w Ar N$/.Op Fl w Ar COUNT/' "$ROOT/man/lt-trend.1" \
	    >lt-trend.1
	! cmp -s lt-trend.1 "$ROOT/man/lt-trend.1"
	run sh "$CHECK" "$LT" "$PWD/lt-trend.1"
	assert_failure 1
	assert_line --index 0 "$PWD/lt-trend.1: the SYNOPSIS is not what lt trend --help says"
	assert_line --index 1 --partial 'lttrend[TASK...][-wN]'
	assert_line --index 2 --partial 'lttrend[TASK...][-wCOUNT]'
}

@test "the check fails when the table has an option the man page lacks" {
	# lt-converge(1) under the name of lt-curve(1): curve's -w, -s, --x
	# and --metric are in no list of it
	cp "$ROOT/man/lt-converge.1" lt-curve.1
	run sh "$CHECK" "$LT" "$PWD/lt-curve.1"
	assert_failure 1
	assert_line '  < -w --window N'
	assert_line '  < --x index|episode|time'
	assert_line '  > --threshold T'
}

@test "a test runs every option of every man page" {
	run sh "$UNTESTED"
	assert_success
	assert_output ''
}

@test "an option no test runs is listed, by its page" {
	# an item for an option that no test can have run
	awk '{ print } /^\.It Fl -patience/ { print ".It Fl -frobnicate Ar N"; print "Frobnicate." }' \
	    "$ROOT/man/lt-trend.1" >lt-trend.1
	run sh "$UNTESTED" lt-trend.1
	assert_failure 1
	assert_output "$PWD/lt-trend.1: --frobnicate"
	# the helpers of the tests count: import.bats runs --skip-invalid
	# through its imp()
	run sh "$UNTESTED" "$ROOT/man/lt-import.1"
	assert_success
}

@test "every command prints its synopsis, the lines of its --help, on a usage error" {
	local n=0
	for c in $(commands); do
		n=$((n + 1))
		run --separate-stderr "$LT" "$c" --bogus
		[ "$status" -eq 2 ] || fail "lt $c --bogus: exit $status"
		[ -z "$output" ] || fail "lt $c --bogus wrote on stdout"
		synopsis=$("$LT" "$c" --help | sed '/^$/,$d')
		want="lt $c: unknown option '--bogus'
$synopsis
Try 'lt $c --help'."
		[ "$stderr" = "$want" ] || fail "lt $c --bogus: $stderr"
	done
	[ "$n" -ge 11 ]
}

@test "-h and --help print the help on standard output and exit 0, as lt help does" {
	for c in $(commands); do
		run --separate-stderr "$LT" "$c" -h
		assert_success
		[ -z "$stderr" ]
		[[ ${lines[0]} == "usage: lt $c "* ]]
		assert_line '  -h, --help               this help'
		[ "$("$LT" "$c" --help)" = "$output" ]
		[ "$("$LT" help "$c")" = "$output" ]
	done
}

@test "a mistyped long option suggests the nearest one" {
	run --separate-stderr lt trend --windw 3
	assert_failure 2
	[ "${lines[0]}" = '' ] || true
	[[ $stderr == "lt trend: unknown option '--windw'; did you mean '--window'?"$'\n'* ]]
	run --separate-stderr lt report --sinse 2h
	[[ $stderr == "lt report: unknown option '--sinse'; did you mean '--since'?"$'\n'* ]]
	run --separate-stderr lt goal list --complted
	[[ $stderr == "lt goal: unknown option '--complted'; did you mean '--completed'?"$'\n'* ]]
	# an abbreviation that fits two options names both
	run --separate-stderr lt trend --s 1
	[[ $stderr == "lt trend: unknown option '--s'; did you mean '--since' or '--strict'?"$'\n'* ]]
	# nothing near: no suggestion
	run --separate-stderr lt trend --zzzzzz
	[[ $stderr == "lt trend: unknown option '--zzzzzz'"$'\n'* ]]
}

@test "an unknown short option and a missing value are named" {
	run --separate-stderr lt trend -Z
	assert_failure 2
	[[ $stderr == "lt trend: unknown option '-Z'"$'\n'"usage: lt trend "* ]]
	run --separate-stderr lt curve x -w
	assert_failure 2
	[[ $stderr == "lt curve: option '-w' needs a value"$'\n'* ]]
	run --separate-stderr lt curve x --window
	[[ $stderr == "lt curve: option '--window' needs a value"$'\n'* ]]
}

@test "an option that takes no value refuses one" {
	run --separate-stderr lt trend --strict=yes
	assert_failure 2
	[[ $stderr == "lt trend: option '--strict' takes no value"$'\n'* ]]
}

@test "values are checked by the table: counts, numbers and choices" {
	run --separate-stderr lt trend --window -1
	assert_failure 2
	[[ $stderr == 'lt trend: --window "-1" is not a non-negative integer'$'\n'* ]]
	run --separate-stderr lt trend x --check plateau --patience 0
	[[ $stderr == 'lt trend: --patience "0" is not a positive integer'$'\n'* ]]
	run --separate-stderr lt trend x --check plateau --min-delta -0.1
	[[ $stderr == 'lt trend: --min-delta "-0.1" is not a number >= 0'$'\n'* ]]
	# --watch has a range of its own, parsed by its table entry
	run --separate-stderr lt metrics --watch 0
	[[ $stderr == 'lt metrics: --watch "0" is not a number of seconds from 0.1 to 86400'$'\n'* ]]
	run --separate-stderr lt converge --threshold inf
	[[ $stderr == 'lt converge: --threshold "inf" is not a number'$'\n'* ]]
	run --separate-stderr lt trend x --check rising
	[[ $stderr == 'lt trend: --check "rising" is not improving, declining, flat or plateau'$'\n'* ]]
	run --separate-stderr lt trend --color=sometimes
	[[ $stderr == 'lt trend: --color "sometimes" is not auto, always or never'$'\n'* ]]
}

@test "options of one group exclude each other" {
	run --separate-stderr lt trend --json --tsv
	assert_failure 2
	[[ $stderr == "lt trend: --json and --tsv exclude each other"$'\n'* ]]
	run --separate-stderr lt trend x --check plateau --min-delta 1 --rel-delta 1
	[[ $stderr == "lt trend: --min-delta and --rel-delta exclude each other"$'\n'* ]]
	run --separate-stderr lt goal list --active --completed
	[[ $stderr == "lt goal: --active and --completed exclude each other"$'\n'* ]]
	run --separate-stderr lt import --from auto --lr c --lr-value 1 x
	[[ $stderr == "lt import: --lr and --lr-value exclude each other"$'\n'* ]]
}

@test "a mistyped subcommand suggests the nearest, and shows the synopsis" {
	run --separate-stderr lt goal chek
	assert_failure 2
	[[ $stderr == "lt goal: unknown subcommand 'chek'; did you mean 'check'?"$'\n'"usage: lt goal add "* ]]
	run --separate-stderr lt goal
	assert_failure 2
	[[ $stderr == "lt goal: missing subcommand"$'\n'* ]]
}

@test "a subcommand refuses another's options, showing its own line alone" {
	run --separate-stderr lt goal add acc --target 0.9 --active
	assert_failure 2
	want="lt goal: add does not take --active
$("$LT" goal --help | grep -A2 '^usage: lt goal add' | sed '/^       lt goal update/,$d')
Try 'lt goal --help'."
	[ "$stderr" = "$want" ]
	[ ! -e lt.goals.jsonl ]
	run --separate-stderr lt goal show acc --tsv
	[[ $stderr == "lt goal: show does not take --tsv"$'\n'"usage: lt goal show ID "* ]]
	run --separate-stderr lt goal rm
	[[ $stderr == "lt goal: rm takes ID"$'\n'* ]]
	run --separate-stderr lt goal list extra
	[[ $stderr == "lt goal: list takes no arguments"$'\n'* ]]
}

@test "a task the log lacks is an error that names the log's nearest task" {
	cp "$TESTDATA/multi.csv" .
	for c in "trend clss" "curve clss" "report -t clss" "metrics -t clss" \
	    "trend -t tinny"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$LT" $c -f multi.csv
		[ "$status" -eq 2 ] || fail "lt $c: exit $status"
		[[ ${stderr##*$'\n'} == *': did you mean "cls"?' ||
		    ${stderr##*$'\n'} == *': did you mean "tiny"?' ]] ||
		    fail "lt $c: $stderr"
	done
	run --separate-stderr lt plot -f multi.csv -t tinny --script
	assert_failure 2
	[ "${stderr##*$'\n'}" = 'lt plot: did you mean "tiny"?' ]
	# nothing near, nothing suggested
	run --separate-stderr lt trend zzzzzz -f multi.csv
	assert_failure 2
	[ "$stderr" = 'lt trend: no events of task "zzzzzz"' ]
}

@test "every command that reads logs takes the same selection options" {
	for c in trend curve converge report metrics plot export goal; do
		run lt "$c" --help
		for o in '-t, --task TASK' '-f, --file FILE' '--since T' \
		    '--until T' '--strict'; do
			assert_line --regexp "^ +$o( |$)"
		done
	done
}
