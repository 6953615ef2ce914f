#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-in's shell completions and man page agree with its --help and its code: every option, action, usage form, exit status and JSON field is covered.

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

# The short options that --help documents, one per line (-f, ...).
help_short_options() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | grep -oE -- '^  -[a-zA-Z],' | tr -d ' ,'
}

# The usage lines of --help ("Usage: " and the indentation removed).
help_usage_lines() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | sed -n '1,/^$/{/^$/d;s/^Usage: //;s/^ *//;p}'
}

# The action words listed under "Actions:" in --help, one per line: the
# first word of each entry, not of a description's continuation lines.
help_actions() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | sed -n '/^Actions:/,/^$/p' | awk 'NR > 1 && /^  [^ ]/ { print $1 }'
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

# man_section NAME: the mdoc source of the man page's section NAME.
man_section() {
	awk -v sh=".Sh $1" '$0 == sh { on = 1; next } /^\.Sh / { on = 0 } on' "$MAN"
}

# complete_zsh WORD...: the matches zsh's completion system offers for the
# command line WORD... (the last word is the one being completed), from a
# clean interactive zsh on a pseudo-terminal; the matches are in $lines.
# Skips the test when zsh or its zpty module is missing.
complete_zsh() {
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zpty module"
	local script="$BATS_TEST_TMPDIR/complete.zsh" out="$BATS_TEST_TMPDIR/zsh-matches"
	cat >"$script" <<'ZSH'
# zsh -f complete.zsh COMPFILE OUT WORD...: type WORD... and TAB in a
# zsh on a pty; every match a completion function adds goes to OUT.
zmodload zsh/zpty || exit 97
comp=$1 out=$2
shift 2
: >$out
zpty z zsh -f -i
zpty -w z "PROMPT=; fpath=(${comp:h} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "out=${(q)out}"
# (one line: a TAB typed into zle would complete)
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a hits; builtin compadd -A hits "$@"; (( $#hits )) || return 1; print -rl -- $hits >>$out; builtin compadd "$@"; }'
zpty -w z 'bindkey "^I" complete-word; LISTMAX=100000'
# the line and TAB, then clear the line and wait for a marker: keys are
# handled in order, so the completion has run when the marker appears
zpty -n -w z "$*"$'\t\C-a\C-k'
zpty -w z 'print MARK-$((40+2))'
zpty -r -m z line '*MARK-42*' || exit 96
zpty -d z
ZSH
	run timeout 30 zsh -f "$script" "$ZSH_COMP" "$out" "$@"
	[ "$status" -eq 0 ] || { echo "zsh completion failed ($status): $output"; return 1; }
	mapfile -t lines < <(sort -u "$out")
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
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	read_items "$(help_usage_lines)"
	# each SYNOPSIS form, continuation lines joined; case and blanks ignored
	mapfile -t syn < <(man_text | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' |
		awk '/^     tpr-in / { if (l != "") print l; l = $0; next }
		     /^      / && l != "" { l = l " " $0 } END { if (l != "") print l }')
	[ "${#syn[@]}" -eq "${#ITEMS[@]}" ] ||
		{ echo "${#syn[@]} SYNOPSIS forms, ${#ITEMS[@]} usage lines"; return 1; }
	local i u m
	for i in "${!ITEMS[@]}"; do
		u=$(tr -d ' ' <<<"${ITEMS[i],,}")
		m=$(tr -d ' ' <<<"${syn[i],,}")
		[ "$u" = "$m" ] || { echo "usage:    ${ITEMS[i]}"; echo "SYNOPSIS: ${syn[i]}"; return 1; }
	done
}

@test "the man page's EXIT STATUS lists every exit status of exitstat.h" {
	local codes code
	codes=$(sed -n 's/^[[:space:]]*TR_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$ROOT/common/exitstat.h")
	read_items "$codes"
	for code in "${ITEMS[@]}"; do
		man_section "EXIT STATUS" | grep -qx -- ".It $code" ||
			{ echo "exit status $code missing from EXIT STATUS of $MAN"; return 1; }
	done
}

@test "the man page's JSON OUTPUT names every field tpr-in can emit" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local fields field text
	# the string literals of output.c's JSON writers, the REPORT
	# CAPABILITIES flags in lower case, and the top level's fields
	fields=$( {
		sed -n '/^\/\* ---- JSON/,/^\/\* ---- hex/p' "$ROOT/common/output.c" |
			grep -oE '"[a-z][a-z0-9_]*"' | tr -d '"'
		sed -n 's/^[[:space:]]*CAPS_BIT("\([A-Z_]*\)".*/\1/p' "$ROOT/common/prin.c" |
			tr '[:upper:]' '[:lower:]'
		grep -oE '"(tool|version|devices)"' "$ROOT/tools/tpr-in.c" | tr -d '"'
	} | sort -u)
	read_items "$fields"
	text=$(man_text | sed -n '/^JSON OUTPUT/,/^ENVIRONMENT/p')
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
	complete_zsh tpr-in -i "$ROOT/tests/data/full-two-"
	has_line full-two-sas.hex
}

@test "the man page's ENVIRONMENT lists every variable tpr-in reads" {
	local vars var
	# tpr-in's own getenv() calls and those of the core it runs through
	vars=$(grep -ohE 'getenv\("[A-Z_][A-Z0-9_]*"\)' "$ROOT/tools/tpr-in.c" \
		"$ROOT/common/cli.c" "$ROOT/common/pr.c" "$ROOT/common/prstate.c" \
		"$ROOT/common/lu.c" "$ROOT/common/devid.c" "$ROOT/common/keys.c" \
		"$ROOT/common/sgio.c" "$ROOT/common/output.c" "$ROOT/common/hex.c" |
		sed 's/getenv("\(.*\)")/\1/' | sort -u)
	read_items "$vars"
	for var in "${ITEMS[@]}"; do
		man_section ENVIRONMENT | grep -qx -- ".It Ev $var" ||
			{ echo "$var missing from ENVIRONMENT of $MAN"; return 1; }
	done
}
