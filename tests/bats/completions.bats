#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in's shell completions and man page agree with its --help: every long option and action is covered.

setup() {
	ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	BIN="$ROOT/${B:-build}/tpr-in"
	BASH_COMP="$ROOT/completions/bash/tpr-in"
	ZSH_COMP="$ROOT/completions/zsh/_tpr-in"
	MAN="$ROOT/man/tpr-in.1"
}

# The long options that --help documents, one per line (--device, ...).
help_long_options() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

# The action words listed under "Actions:" in --help, one per line.
help_actions() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | sed -n '/^Actions:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'
}

# Read a list (one item per line) into the array ITEMS; fail when empty,
# so that a changed --help layout cannot make a test pass vacuously.
read_items() {
	mapfile -t ITEMS <<<"$1"
	[ -n "$1" ] && [ "${#ITEMS[@]}" -gt 0 ] ||
		{ echo "nothing parsed from tpr-in --help" >&2; return 1; }
}

# complete WORD...: run the bash completion for the command line WORD...
# (the last word is the one being completed) in a clean bash; the replies
# are in $lines.
complete_bash() {
	run bash --norc --noprofile -c '
		source "$1" || exit 99
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_tpr_in || exit 98
		if ((${#COMPREPLY[@]} > 0)); then printf "%s\n" "${COMPREPLY[@]}"; fi
	' bash "$BASH_COMP" "$@"
	[ "$status" -eq 0 ] || { echo "completion failed ($status): $output"; return 1; }
}

# has_line WORD: WORD is one of $lines.
has_line() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" = "$1" ] && return 0
	done
	echo "'$1' not among: ${lines[*]}"
	return 1
}

# The man page as text, with bold and underline overstrikes removed.
man_text() {
	mandoc -Tascii "$MAN" 2>/dev/null | sed 's/.\x08//g'
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
		text=$(man_text)
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

@test "every action of --help is an item of the man page" {
	read_items "$(help_actions)"
	for word in "${ITEMS[@]}"; do
		grep -qE -- "^\.It Cm $word( |\$)" "$MAN" ||
			{ echo ".It Cm $word missing from $MAN"; return 1; }
	done
}

@test "bash -n accepts the bash completion" {
	run bash -n "$BASH_COMP"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
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
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$ZSH_COMP"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(head -n 1 "$ZSH_COMP")" = "#compdef tpr-in" ] ||
		{ echo "the first line must be '#compdef tpr-in' for compinit"; return 1; }
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -Tlint -W warning "$MAN"
	[ "$status" -eq 0 ] && [ -z "$output" ] || { echo "$output"; return 1; }
}
