#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in's shell completions and man page agree with its --help and its code: every option, action, usage form, environment variable, exit status and JSON field is covered; the page is short enough to read.

load helpers
load docs

setup() {
	TOOL=tpr-in
	BIN="$TOP/${B:-build}/$TOOL"
	BASH_COMP="$TOP/completions/bash/$TOOL"
	ZSH_COMP="$TOP/completions/zsh/_$TOOL"
	MAN="$TOP/man/$TOOL.1"
}

@test "every long option of --help is in the bash completion" {
	read_items "$(help_long_options)"
	for opt in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$BASH_COMP" ||
			{ echo "$opt missing from $BASH_COMP"; return 1; }
	done
}

@test "the bash completion offers every long option after --" {
	read_items "$(help_long_options)"
	complete_bash tpr-in --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
}

@test "every long option of --help is in the zsh completion" {
	read_items "$(help_long_options)"
	for opt in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$ZSH_COMP" ||
			{ echo "$opt missing from $ZSH_COMP"; return 1; }
	done
}

@test "every long option of --help is in the man page" {
	read_items "$(help_long_options)"
	if command -v mandoc >/dev/null; then
		text=$(man_lines)
		for opt in "${ITEMS[@]}"; do
			grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<<"$text" ||
				{ echo "$opt missing from the rendered $MAN"; return 1; }
		done
	else
		# mdoc source: --device is written "Fl -device".
		for opt in "${ITEMS[@]}"; do
			grep -qE -- "Fl ${opt#-}([^a-z-]|\$)" "$MAN" ||
				{ echo "Fl ${opt#-} missing from $MAN"; return 1; }
		done
	fi
}

@test "every action of --help is offered by the bash completion" {
	read_items "$(help_actions)"
	complete_bash tpr-in -f /dev/null ""
	for word in "${ITEMS[@]}"; do
		has_line "$word"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra replies: ${lines[*]}"; return 1; }
}

@test "every action of --help is in the zsh completion" {
	read_items "$(help_actions)"
	for word in "${ITEMS[@]}"; do
		# an _describe entry 'word:description' (or (word\:...) in a value list)
		grep -qE -- "[\"'( ]$word\\\\?:" "$ZSH_COMP" ||
			{ echo "action $word missing from $ZSH_COMP"; return 1; }
	done
}

@test "every action of --help is an item of the man page's ACTIONS, and vice versa" {
	doc_actions ACTIONS 4
}

@test "bash -n accepts the bash completion" {
	doc_bash_parses
}

@test "bash completion: 'tpr-in -f /dev/null re' completes to reservation" {
	complete_bash tpr-in -f /dev/null re
	[ "${#lines[@]}" -eq 1 ] || { echo "want one reply, got: ${lines[*]}"; return 1; }
	[ "${lines[0]}" = reservation ]
}

@test "bash completion: no second action after one is given" {
	complete_bash tpr-in -f /dev/null keys ""
	for l in "${lines[@]}"; do
		[ "$l" != keys ] && [ "$l" != reservation ] ||
			{ echo "offered action $l again"; return 1; }
	done
}

@test "bash completion: -k and --key= offer auto, -t offers nothing" {
	complete_bash tpr-in -k ""
	[ "${#lines[@]}" -eq 1 ] && [ "${lines[0]}" = auto ] || { echo "got: ${lines[*]}"; return 1; }
	complete_bash tpr-in --key = a
	[ "${#lines[@]}" -eq 1 ] && [ "${lines[0]}" = auto ] || { echo "got: ${lines[*]}"; return 1; }
	complete_bash tpr-in -t ""
	[ "${#lines[@]}" -eq 0 ] || { echo "got: ${lines[*]}"; return 1; }
}

@test "bash completion: -f and --device complete file names" {
	complete_bash tpr-in -f /dev/nul
	has_line /dev/null
	complete_bash tpr-in -v --device = /dev/nul
	has_line /dev/null
}

@test "zsh -n accepts the zsh completion" {
	doc_zsh_parses
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	doc_mandoc_lint
}

@test "every short option of --help is in both completions and is an item of the man page" {
	read_items "$(help_short_options)"
	complete_bash tpr-in -
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
		grep -qE -- "(^|[^a-zA-Z-])$opt([^a-zA-Z-]|\$)" "$ZSH_COMP" ||
			{ echo "$opt missing from $ZSH_COMP"; return 1; }
		grep -qE -- "^\.It Fl ${opt#-}( |\$)" "$MAN" ||
			{ echo ".It Fl ${opt#-} missing from $MAN"; return 1; }
	done
}

@test "every long option of --help is an item of the man page's OPTIONS" {
	read_items "$(help_long_options)"
	for opt in "${ITEMS[@]}"; do
		man_section OPTIONS | grep -qE -- "^\.It .*Fl -${opt#--}( |\$)" ||
			{ echo "no .It with Fl -${opt#--} in OPTIONS of $MAN"; return 1; }
	done
}

@test "the man page's SYNOPSIS mirrors the usage lines of --help" {
	doc_synopsis_mirrors_usage
}

@test "the man page's EXIT STATUS lists every exit status of exitstat.h, and no other" {
	DOC_EXIT_NOT=36 doc_exit_statuses	# --strict is tpr-out's and tresv's
}

@test "the man page's JSON OUTPUT names every field tpr-in can emit" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local fields field text
	# the string literals of output.c's JSON writers, the REPORT
	# CAPABILITIES flags in lower case, and the top level's fields
	fields=$( {
		sed -n '/^\/\* ---- JSON/,/^\/\* ---- hex/p' "$TOP/common/output.c" |
			grep -oE '"[a-z][a-z0-9_]*"' | tr -d '"'
		sed -n 's/^[[:space:]]*CAPS_BIT("\([A-Z_]*\)".*/\1/p' "$TOP/common/prin.c" |
			tr '[:upper:]' '[:lower:]'
		grep -oE '"(tool|version|devices)"' "$TOP/tools/tpr-in.c" | tr -d '"'
	} | sort -u)
	read_items "$fields"
	text=$(man_lines | sed -n '/^JSON OUTPUT/,/^ENVIRONMENT/p')
	for field in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z0-9_])$field([^a-z0-9_]|\$)" <<<"$text" ||
			{ echo "JSON field $field missing from JSON OUTPUT of $MAN"; return 1; }
	done
}

@test "bash completion: -i and --inhex complete file names" {
	complete_bash tpr-in -i /dev/nul
	has_line /dev/null
	complete_bash tpr-in --inhex = /dev/nul
	has_line /dev/null
	complete_bash tpr-in -vi /dev/nul
	has_line /dev/null
	complete_bash tpr-in --inhex=/dev/nul
	has_line --inhex=/dev/null
}

@test "bash completion: after --inhex every action but status" {
	local form
	for form in "-i x" "--inhex x" "--inhex = x" "--inhex=x" "-ix" "-vix"; do
		# shellcheck disable=SC2086 # the form is several words on purpose
		complete_bash tpr-in $form ""
		[ "${#lines[@]}" -eq 4 ] || { echo "$form: got: ${lines[*]}"; return 1; }
		for word in keys reservation caps full; do
			has_line "$word"
		done
	done
	# a device path with an i in it is -f's value, not --inhex
	complete_bash tpr-in -f/dev/disk/by-id/wwn-x ""
	has_line status
}

@test "zsh completion: every action, but status after --inhex; auto for -k" {
	read_items "$(help_actions)"
	complete_zsh tpr-in ""
	for word in "${ITEMS[@]}"; do
		has_line "$word"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra matches: ${lines[*]}"; return 1; }
	complete_zsh tpr-in --inhex x ""
	[ "${#lines[@]}" -eq $((${#ITEMS[@]} - 1)) ] || { echo "got: ${lines[*]}"; return 1; }
	for l in "${lines[@]}"; do
		[ "$l" != status ] || { echo "status offered after --inhex"; return 1; }
	done
	complete_zsh tpr-in -k ""
	[ "${#lines[@]}" -eq 1 ] && [ "${lines[0]}" = auto ] || { echo "got: ${lines[*]}"; return 1; }
}

@test "zsh completion: every long option after --; files for -f and -i" {
	read_items "$(help_long_options)"
	complete_zsh tpr-in --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
	complete_zsh tpr-in -f /dev/nul
	has_line null
	complete_zsh tpr-in -i "$TOP/tests/data/full-two-"
	has_line full-two-sas.hex
}

@test "the man page's ENVIRONMENT lists every variable tpr-in and its core read, and no other" {
	doc_environment 1
}

@test "the man page renders to at most 350 lines" {
	doc_rendered_lines 350
}

@test "the man page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ENVIRONMENT, EXIT STATUS, EXAMPLES, DIAGNOSTICS, SEE ALSO" {
	doc_sections
}

@test "every option an item of the man page's OPTIONS names is an option of --help" {
	doc_options_known 15
}

@test "after a lone -, both completions offer exactly the options of --help" {
	doc_completions_offer_exactly_help 15
}
