#!/usr/bin/env bats
# Shell completion: lt complete (the words, made of the tables and the
# log), the bash script driven through COMP_WORDS, the zsh script in a
# real terminal, and make install putting both where the shells look.

load test_helper

ROOT=$HELPER_DIR/..
SOCK=

teardown() {
	if [ -n "$SOCK" ]; then
		tmux -S "$SOCK" kill-server 2>/dev/null || true
	fi
}

# words ARGS...: the words lt complete offers, descriptions left off.
words() {
	"$LT" complete "$@" | cut -f1
}

# A bin directory with lt in it, first on PATH, for the scripts.
lt_on_path() {
	mkdir -p bin
	ln -sf "$LT" bin/lt
	PATH=$PWD/bin:$PATH
}

@test "complete offers the commands, with their summaries, and help" {
	run "$LT" complete re
	assert_success
	assert_output "record	append learning events to a log
report	the whole picture of a log"
	run words ''
	assert_line trend
	assert_line help
	[ "$(words '' | grep -cvx -e help -e --help -e --version)" -eq \
	    "$("$LT" help | awk '/^Commands:/ { on = 1; next }
	    on && NF == 0 { exit } on' | wc -l)" ]
	run words help cu
	assert_output curve
}

@test "complete offers each command's options, those of its table and no other" {
	for c in $("$LT" help | awk '/^Commands:/ { on = 1; next }
	    on && NF == 0 { exit } on { print $1 }'); do
		# the long options --help lists
		want=$("$LT" "$c" --help | sed -n '/^$/,$p' |
		    grep -oE '^ +(-[[:alnum:]], )?--[[:alnum:]-]+' |
		    sed 's/.*--/--/' | sort)
		got=$(words "$c" -- | sort)
		[ "$got" = "$want" ] || fail "lt complete $c --: $got"
	done
	run "$LT" complete trend --wi
	assert_output '--window	the last N points of each task (default 50; 0: all)'
}

@test "complete offers a subcommand's options alone, and the subcommands" {
	run words goal ''
	assert_output "$(printf '%s\n' add update list show summary check rm)"
	run words goal add --
	assert_line --target
	assert_line --task
	refute_line --active
	refute_line --json
	run words goal check --q
	assert_output --quiet
}

@test "complete offers the values of an option that has a few" {
	run words trend --x ''
	assert_output "$(printf '%s\n' index episode time)"
	run words trend --check de
	assert_output declining
	run words trend --color=a
	assert_output "$(printf '%s\n' --color=auto --color=always)"
	# bash splits at "=": the value alone
	run words trend --color = al
	assert_output ''
	run words import --from t
	assert_output tensorboard
	run words plot -o ''
	assert_output :files
	run words trend -f ''
	assert_output :files
}

@test "complete offers the tasks of the log the line names, and its goals" {
	cp "$TESTDATA/multi.csv" "$TESTDATA/multi.goals.jsonl" .
	run words trend -f multi.csv ''
	assert_output "$(printf '%s\n' cls det,v2 tiny)"
	run words trend --file=multi.csv -t t
	assert_output tiny
	run words curve -fmulti.csv d
	assert_output det,v2
	# else the default log
	cp multi.csv lt.csv
	run env LT_FILE=lt.csv "$LT" complete metrics -t c
	assert_output cls
	run words goal show -f multi.csv ''
	assert_output "$(printf '%s\n' acc80 loss val det)"
	run words goal check -f multi.csv l
	assert_output loss
	# after "--", logs
	run words trend -- ''
	assert_output :files
	# a log that is not there: nothing, and no message
	run --separate-stderr "$LT" complete trend -f nope.jsonl ''
	assert_success
	assert_output ''
	[ -z "$stderr" ]
}

@test "the bash script is registered for lt and completes from COMP_WORDS" {
	cp "$TESTDATA/multi.csv" .
	lt_on_path
	# shellcheck disable=SC1091
	source "$ROOT/completion/lt.bash"
	run complete -p lt
	assert_output 'complete -F _lt lt'
	# comp LINE WORD...: _lt on LINE split into COMP_WORDS as bash
	# splits it (at blanks, "=" and ":")
	comp() {
		COMP_LINE=$1
		COMP_POINT=${#1}
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_lt
		printf '%s\n' "${COMPREPLY[@]}"
	}
	run comp 'lt rep' lt rep
	assert_output report
	run comp 'lt trend --win' lt trend --win
	assert_output --window
	run comp 'lt trend -f multi.csv ' lt trend -f multi.csv ''
	assert_output "$(printf '%s\n' cls det,v2 tiny)"
	run comp 'lt trend --color=al' lt trend --color = al
	assert_output always
	run comp 'lt trend --color=' lt trend --color =
	assert_output "$(printf '%s\n' =auto =always =never)"
	run comp 'lt trend -f mul' lt trend -f mul
	assert_output multi.csv
}

# zsh_pane WANT KEYS...: type KEYS (tmux send-keys; Tab and Enter as
# keys) into an interactive zsh with lt's completion, in a tmux pane, once
# it prompts; wait (10 s at most) for a line of the screen that is WANT
# (a grep -x pattern).  The screen in screen.txt; fails without WANT.
zsh_pane() {
	local want=$1 i k
	shift
	SOCK=$BATS_TEST_TMPDIR/tmux.sock
	cat >zshrc <<EOF
fpath=('$ROOT/completion' \$fpath)
autoload -U compinit && compinit -u -D
PS1='%% '
EOF
	tmux -S "$SOCK" -f /dev/null new-session -d -x 100 -y 20 \
	    "PATH='$PATH' HOME='$HOME' zsh -f -i"
	tmux -S "$SOCK" send-keys -t 0 -l "source '$PWD/zshrc'"
	tmux -S "$SOCK" send-keys -t 0 Enter
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p -t 0 >screen.txt
		grep -qx '% *' screen.txt && break
		sleep 0.1
	done
	for k in "$@"; do
		if [ "$k" = Tab ] || [ "$k" = Enter ]; then
			tmux -S "$SOCK" send-keys -t 0 "$k"
		else
			tmux -S "$SOCK" send-keys -t 0 -l "$k"
		fi
	done
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p -t 0 >screen.txt
		grep -qx "$want" screen.txt && break
		sleep 0.1
	done
	tmux -S "$SOCK" kill-server
	SOCK=
	grep -qx "$want" screen.txt || fail "no '$want' on: $(cat screen.txt)"
}

@test "the zsh script completes commands, options and tasks in a real terminal" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	command -v tmux >/dev/null || skip "tmux is not installed"
	cp "$TESTDATA/multi.csv" .
	lt_on_path
	zsh_pane '% lt trend *' 'lt tre' Tab
	zsh_pane '% lt trend -f multi.csv tiny *' 'lt trend -f multi.csv ti' Tab
	zsh_pane '% lt curve --smooth *' 'lt curve --smo' Tab
}

@test "make install puts the scripts where bash-completion and zsh look" {
	# the binary under test, already built: nothing is compiled
	run make -C "$ROOT" -s install DESTDIR="$PWD/root" PREFIX=/usr \
	    BUILD="$(dirname "$LT")"
	assert_success
	cmp "$PWD/root/usr/share/bash-completion/completions/lt" \
	    "$ROOT/completion/lt.bash"
	cmp "$PWD/root/usr/share/zsh/site-functions/_lt" \
	    "$ROOT/completion/_lt"
	[ -x "$PWD/root/usr/bin/lt" ]
	run make -C "$ROOT" -s uninstall DESTDIR="$PWD/root" PREFIX=/usr
	assert_success
	[ ! -e "$PWD/root/usr/share/zsh/site-functions/_lt" ]
	[ ! -e "$PWD/root/usr/share/bash-completion/completions/lt" ]
}
