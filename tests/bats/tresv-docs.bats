#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tresv's man page and shell completions agree with its --help and with what it accepts: options, actions, usage, environment, exit statuses; the page is short enough to read.

load helpers
load docs

setup() {
	TOOL=tresv
	BIN="$TOP/${B:-build}/$TOOL"
	BASH_COMP="$TOP/completions/bash/$TOOL"
	ZSH_COMP="$TOP/completions/zsh/_$TOOL"
	MAN="$TOP/man/$TOOL.1"
	# for accepts: the value of each option that needs one; nothing more
	# on its command line
	declare -gA OPT_VALUES=([--wait]=5 [--timeout]=5 [--initiator-name]=iqn.2026-12.test.host:a
		[--keys]=)
	ACCEPTS_ARGS=()
}

# ---- options -----------------------------------------------------------------

@test "every long option of --help is in both completions and an item of the man page's OPTIONS" {
	doc_long_options 8
}

@test "every short option of --help is in both completions and an item of the man page's OPTIONS" {
	doc_short_options 5
}

@test "every long option of --help is in the rendered man page" {
	doc_long_options_rendered 8 "$(man_text)"
}

@test "bash completion: before the action, every long option after --, and nothing else" {
	doc_bash_offers_long_options 8
}

@test "bash completion: after an action, exactly the options tresv takes with it" {
	read_items "$(help_actions)" 3
	local -a opts
	mapfile -t opts < <(help_long_options)
	local action opt
	for action in "${ITEMS[@]}"; do
		complete_bash tresv -f /dev/null "$action" --
		for opt in "${opts[@]}"; do
			if accepts "$action" "$opt"; then
				has_line "$opt" || { echo "not offered with $action"; return 1; }
			else
				! has_line "$opt" >/dev/null ||
					{ echo "$opt offered with $action, which refuses it (31)"; return 1; }
			fi
		done
	done
	# the test is not vacuous: some pairs are refused, some taken
	! accepts probe --10 && ! accepts reserve --force && accepts reserve --wait && accepts break --target
}

# ---- actions ----------------------------------------------------------------

@test "every action of --help is offered by the bash completion, and only before the action" {
	read_items "$(help_actions)" 3
	complete_bash tresv -f /dev/null ""
	for word in "${ITEMS[@]}"; do
		has_line "$word"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra replies: ${lines[*]}"; return 1; }
	complete_bash tresv -t 5 -f /dev/null re
	lines_are reserve release
	complete_bash tresv --device = /dev/null --timeout=5 b
	lines_are break
	complete_bash tresv -vf /dev/null p
	lines_are probe
	complete_bash tresv -f /dev/null probe ""
	for l in "${lines[@]}"; do
		[[ $l == -* ]] || { echo "offered $l after the action"; return 1; }
	done
	complete_bash tresv -f /dev/null -- ""
	lines_are "${ITEMS[@]}"
}

@test "every action of --help is in the zsh completion and an item of the man page's ACTIONS, and vice versa" {
	doc_actions ACTIONS 3
}

@test "bash completion: -f and --device complete file names; -w and -t offer nothing" {
	complete_bash tresv -f /dev/nul
	has_line /dev/null
	complete_bash tresv -v --device = /dev/nul
	has_line /dev/null
	complete_bash tresv --device=/dev/nul
	has_line --device=/dev/null
	complete_bash tresv -w ""
	lines_are
	complete_bash tresv --timeout = ""
	lines_are
	# -t's value is not the action
	complete_bash tresv -t 5 ""
	lines_are reserve release probe break
}

@test "bash completion: after an option, only the actions tresv takes it with" {
	read_items "$(help_actions)" 3
	local -a opts want
	mapfile -t opts < <(help_long_options)
	local opt action form
	for opt in "${opts[@]}"; do
		[[ $opt == --help || $opt == --version || $opt == --device ]] && continue
		want=()
		for action in "${ITEMS[@]}"; do
			accepts "$action" "$opt" && want+=("$action")
		done
		complete_bash tresv "$(with_value "$opt")" ""
		lines_are "${want[@]}" || { echo "after $opt"; return 1; }
	done
	# the short forms, clustered, and a value split off at '='
	for form in "-w 5" "-w5" "-vn" "-vw 5" "--wait = 5"; do
		# shellcheck disable=SC2086 # the form is several words on purpose
		complete_bash tresv $form ""
		lines_are reserve || { echo "after $form"; return 1; }
	done
	complete_bash tresv -vf /dev/nwst0 -t 5 ""
	lines_are "${ITEMS[@]}"
	# options of different actions leave none
	complete_bash tresv --10 --force ""
	lines_are
}

@test "zsh completion: every action; after an option, only the actions tresv takes it with" {
	read_items "$(help_actions)" 3
	complete_zsh tresv ""
	lines_are "${ITEMS[@]}"
	local opt action
	local -a want
	for opt in --10 --force --target --bus -n -v; do
		want=()
		for action in "${ITEMS[@]}"; do
			accepts "$action" "$opt" && want+=("$action")
		done
		complete_zsh tresv "$opt" ""
		lines_are "${want[@]}" || { echo "after $opt"; return 1; }
	done
	want=()
	for action in "${ITEMS[@]}"; do
		accepts "$action" --wait && want+=("$action")
	done
	complete_zsh tresv -w 5 ""
	lines_are "${want[@]}"
}

@test "zsh completion: every long option after --; files for -f" {
	read_items "$(help_long_options)" 8
	complete_zsh tresv --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
	complete_zsh tresv -f /dev/nul
	has_line null
}

# ---- the files as a whole ---------------------------------------------------------

@test "bash -n accepts the bash completion" {
	doc_bash_parses
}

@test "zsh -n accepts the zsh completion, which starts with #compdef tresv" {
	doc_zsh_parses
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	doc_mandoc_lint
}

@test "the man page's SYNOPSIS mirrors the usage lines of --help" {
	doc_synopsis_mirrors_usage 1
}

@test "the man page's EXIT STATUS lists every exit status of exitstat.h, and no other" {
	doc_exit_statuses
}

@test "the man page's ENVIRONMENT lists every variable tresv and its core read, and no other" {
	doc_environment 1
}

@test "the man page renders to at most 350 lines" {
	doc_rendered_lines 350
}

@test "the man page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ENVIRONMENT, EXIT STATUS, EXAMPLES, DIAGNOSTICS, SEE ALSO" {
	doc_sections
}

@test "every option an item of the man page's OPTIONS names is an option of --help" {
	doc_options_known 12
}

@test "after a lone -, both completions offer exactly the options of --help" {
	doc_completions_offer_exactly_help 12
}

@test "the man page says which options go with which action, as tresv enforces them" {
	read_items "$(help_actions)" 3
	local -a opts
	mapfile -t opts < <(help_long_options)
	local opt action item expect
	local -a takers
	for opt in "${opts[@]}"; do
		takers=()
		for action in "${ITEMS[@]}"; do
			accepts "$action" "$opt" && takers+=("$action")
		done
		[ "${#takers[@]}" -lt "${#ITEMS[@]}" ] || continue
		# the OPTIONS item of opt says "Only with A" or "Only with A and B"
		item=$(man_section OPTIONS | awk -v o="Fl -${opt#--}" '
			/^\.It / { on = index($0, o " ") || substr($0, length($0) - length(o) + 1) == o; next }
			/^\.El/ { on = 0 } on' | tr '\n' ' ' | sed -E 's/\.Cm //g; s/ +/ /g')
		case ${#takers[@]} in
		1) expect="Only with ${takers[0]}" ;;
		2) expect="Only with ${takers[0]} and ${takers[1]}" ;;
		*) expect="Only with" ;;
		esac
		[[ $item == *"$expect"* ]] || { echo "$opt: OPTIONS should say '$expect': $item"; return 1; }
	done
}
