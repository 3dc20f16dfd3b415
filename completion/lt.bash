# bash completion for lt(1).
#
# The words come from `lt complete WORD ...`, which reads the commands'
# options tables and the tasks and goals of the log the line names; the
# line ":files" asks for file names.  `lt complete` sees the words as
# typed, "--color=al" whole, so what bash split off into earlier words
# (at "=" or ":") is taken back off each word offered.

_lt()
{
	local line=${COMP_LINE:0:COMP_POINT} cur=${COMP_WORDS[COMP_CWORD]}
	local full pre cand
	local -a words
	local IFS=$' \t\n'

	COMPREPLY=()
	read -ra words <<<"$line"
	# A blank before the cursor: a new word.
	if [[ $line == *[[:space:]] ]]; then
		words+=("")
		cur=
	fi
	full=${words[${#words[@]} - 1]}
	pre=${full%"$cur"}
	while IFS= read -r cand; do
		if [[ $cand == :files ]]; then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			return 0
		fi
		cand=${cand%%$'\t'*}
		[[ -n $cand ]] && COMPREPLY+=("${cand#"$pre"}")
	done < <(command lt complete "${words[@]:1}" 2>/dev/null)
	return 0
}

complete -F _lt lt
