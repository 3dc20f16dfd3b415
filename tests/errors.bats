#!/usr/bin/env bats
# The command line as a whole: unknown commands and options, missing
# values, help and version.

load test_helper

bats_require_minimum_version 1.5.0

@test "lt without a command prints its usage on stderr and exits 2" {
	run --separate-stderr lt
	assert_failure 2
	assert_output ''
	[[ $stderr == 'usage: lt COMMAND'* ]]
}

@test "an unknown command exits 2 with a one-line hint" {
	run --separate-stderr lt xyzzy
	assert_failure 2
	assert_output ''
	[ "$stderr" = "lt: unknown command 'xyzzy'; see 'lt help'" ]
}

@test "an unknown command suggests the nearest, as git does" {
	# a transposition, a letter left out, a beginning
	run --separate-stderr lt recrod
	assert_failure 2
	assert_output ''
	[ "$stderr" = "lt: unknown command 'recrod'; did you mean 'record'?" ]
	run --separate-stderr lt reprot
	[ "$stderr" = "lt: unknown command 'reprot'; did you mean 'report'?" ]
	run --separate-stderr lt tren
	[ "$stderr" = "lt: unknown command 'tren'; did you mean 'trend'?" ]
	run --separate-stderr lt re
	[ "$stderr" = "lt: unknown command 're'; did you mean 'record' or 'report'?" ]
	run --separate-stderr lt help curv
	assert_failure 2
	[ "$stderr" = "lt: unknown command 'curv'; did you mean 'curve'?" ]
}

@test "an unknown long option exits 2 naming it, with a hint, writing nothing" {
	run --separate-stderr lt record --bogus -f run.csv -t x -s 0.5 -r 0.1 \
	    -e 1 -c 0.1
	assert_failure 2
	[ "${stderr%%$'\n'*}" = "lt record: unknown option '--bogus'" ]
	[ "${stderr##*$'\n'}" = "Try 'lt record --help'." ]
	[ ! -e run.csv ]
}

@test "an unknown short option exits 2 naming it" {
	lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	before=$(checksum run.csv)
	run --separate-stderr lt record -Q -f run.csv -t x -s 0.5 -r 0.1 \
	    -e 1 -c 0.1
	assert_failure 2
	[[ $stderr == "lt record: unknown option '-Q'"* ]]
	[ "$(checksum run.csv)" = "$before" ]
}

@test "an option without its value exits 2 naming the option" {
	lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 -c 0.1 --time 1795600800
	before=$(checksum run.csv)
	run --separate-stderr lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 -c
	assert_failure 2
	[[ $stderr == "lt record: option '-c' needs a value"* ]]
	run --separate-stderr lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 \
	    -c 0.1 --time
	assert_failure 2
	[[ $stderr == "lt record: option '--time' needs a value"* ]]
	run --separate-stderr lt record -f
	assert_failure 2
	[[ $stderr == "lt record: option '-f' needs a value"* ]]
	[ "$(checksum run.csv)" = "$before" ]
}

@test "options that exclude each other are refused" {
	run --separate-stderr lt record --batch --stream -f run.csv </dev/null
	assert_failure 2
	[[ $stderr == *'--batch and --stream'* ]]
	run --separate-stderr lt record --skip-invalid -f run.csv -t x -s 0.5 \
	    -r 0.1 -e 1 -c 0.1
	assert_failure 2
	[[ $stderr == *'--skip-invalid goes with --batch'* ]]
	run --separate-stderr lt record --batch -f run.csv -t x </dev/null
	assert_failure 2
	[[ $stderr == *'--batch reads events from standard input'* ]]
	[ ! -e run.csv ]
}

@test "a number option that is not a number is refused, naming the value" {
	run --separate-stderr lt record -f run.csv -t x -s high -r 0.1 -e 1 \
	    -c 0.1
	assert_failure 2
	[[ $stderr == 'lt record: performance_score "high" is not a finite number'* ]]
	run --separate-stderr lt record -f run.csv -t x -s 0.5 -r 0.1 -e 1 \
	    -c 0.1 --time yesterday
	assert_failure 2
	[[ $stderr == *'"yesterday"'* ]]
	[ ! -e run.csv ]
}

@test "record --help prints the usage on stdout and exits 0" {
	run --separate-stderr lt record --help
	assert_success
	[ -z "$stderr" ]
	assert_line --index 0 --partial 'usage: lt record [-f FILE]'
	assert_output --partial 'lt record --batch [--skip-invalid]'
	assert_output --partial 'lt record --stream'
	assert_output --partial '--lenient'
}

@test "lt help COMMAND is the command's --help" {
	run --separate-stderr lt record --help
	want=$output
	run --separate-stderr lt help record
	assert_success
	[ -z "$stderr" ]
	assert_output "$want"
}

@test "lt help lists the commands on stdout and exits 0" {
	run --separate-stderr lt help
	assert_success
	[ -z "$stderr" ]
	assert_line --index 0 'usage: lt COMMAND [OPTIONS] [ARGS]'
	assert_line --regexp '^  record +append learning events to a log$'
	run lt --help
	assert_success
	assert_line --index 0 'usage: lt COMMAND [OPTIONS] [ARGS]'
}

@test "lt help of an unknown command exits 2" {
	run --separate-stderr lt help nosuch
	assert_failure 2
	assert_output ''
	[ "$stderr" = "lt: unknown command 'nosuch'; see 'lt help'" ]
}

@test "lt --version prints the version and exits 0" {
	run --separate-stderr lt --version
	assert_success
	[ -z "$stderr" ]
	assert_output --regexp '^lt [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "a full standard output is an error" {
	run --separate-stderr sh -c '"$0" help >/dev/full' "$LT"
	assert_failure 2
	[[ $stderr == *'cannot write the output'* ]]
}
