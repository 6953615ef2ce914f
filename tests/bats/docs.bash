# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the suites that test a tool's man page and shell completions against the tool.

# A suite that loads this file sets, in setup():
#   TOOL       the tool's name (tresv); its bash completion function is
#              _TOOL with '-' made '_' (_tpr_in)
#   BIN        the built tool
#   BASH_COMP  its bash completion file
#   ZSH_COMP   its zsh completion file
#   MAN        its man page (mdoc)
# and, for with_value and accepts only:
#   OPT_VALUES  an associative array (declare -gA): the value each long
#               option that needs one is given ([--wait]=5)
#   ACCEPTS_ARGS  an array: what accepts adds before -f /dev/null (may be
#               empty)

# ---- what --help documents ------------------------------------------------------

# The long options that --help documents, one per line (--device, --10, ...).
help_long_options() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | grep -oE -- '--[a-z0-9][a-z0-9-]*' | sort -u
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

# The action words listed under "Actions:" (or "Actions (...):") in
# --help, one per line: the first word of each entry, not of a
# description's continuation lines.
help_actions() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | sed -n '/^Actions/,/^$/p' | awk 'NR > 1 && /^  [^ ]/ { print $1 }'
}

# read_items LIST [MIN]: read LIST (one item per line) into the array
# ITEMS; fail when it has no more than MIN items (default 0), so that a
# changed --help layout cannot make a test pass vacuously.
read_items() {
	mapfile -t ITEMS <<<"$1"
	[ -n "$1" ] && [ "${#ITEMS[@]}" -gt "${2:-0}" ] ||
		{ echo "too little parsed (want more than ${2:-0} items): '$1'" >&2; return 1; }
}

# ---- what the tool accepts ------------------------------------------------------

# with_value OPTION: OPTION as the tool takes it on a command line: with
# its value from OPT_VALUES (--wait=5) if it needs one.
with_value() {
	[[ ${OPT_VALUES@a} == *A* ]] || { echo "with_value: setup() must declare -gA OPT_VALUES" >&2; return 1; }
	if [ -n "${OPT_VALUES[$1]+x}" ]; then
		printf '%s=%s\n' "$1" "${OPT_VALUES[$1]}"
	else
		printf '%s\n' "$1"
	fi
}

# accepts ACTION OPTION [OPTION...]: the tool takes OPTION (and the other
# OPTIONs, each as with_value gives it) with ACTION, that is, does not
# refuse them as options that do not go together (31).  /dev/null stops
# every accepted run before anything is sent.
accepts() {
	local action=$1 opt st=0
	local -a args=()
	shift
	for opt in "$@"; do
		args+=("$(with_value "$opt")") || return 2
	done
	"$BIN" "${args[@]}" "${ACCEPTS_ARGS[@]}" -f /dev/null "$action" >/dev/null 2>&1 || st=$?
	[ "$st" -ne 31 ]
}

# ---- the completions ------------------------------------------------------------

# complete_bash WORD...: run the bash completion for the command line
# WORD... (the last word is the one being completed) in a clean bash; the
# replies are in $lines.
complete_bash() {
	run bash --norc --noprofile -c '
		source "$1" || exit 99
		func=$2
		shift 2
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$func" || exit 98
		if ((${#COMPREPLY[@]} > 0)); then printf "%s\n" "${COMPREPLY[@]}"; fi
	' bash "$BASH_COMP" "_${TOOL//-/_}" "$@"
	[ "$status" -eq 0 ] || { echo "completion failed ($status): $output"; return 1; }
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

# has_line WORD: WORD is one of $lines.
has_line() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" = "$1" ] && return 0
	done
	echo "'$1' not among: ${lines[*]}"
	return 1
}

# lacks_line WORD: WORD is not one of $lines.
lacks_line() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" != "$1" ] || { echo "'$1' offered: ${lines[*]}"; return 1; }
	done
}

# lines_are WORD...: $lines holds exactly WORD..., in any order.
lines_are() {
	local w
	[ "${#lines[@]}" -eq "$#" ] || { echo "want $*; got: ${lines[*]}"; return 1; }
	for w in "$@"; do
		has_line "$w" || return 1
	done
}

# ---- the man page -----------------------------------------------------------------

# The man page as text on long lines (rendered 1000 columns wide, mandoc's
# most, and a word broken after its hyphen joined again), with bold and
# underline overstrikes removed and runs of blanks made one: a section's
# text can be picked out by its heading (sed -n '/^SYNOPSIS/,/^DESCRIPTION/p').
man_lines() {
	command -v mandoc >/dev/null || { echo "mandoc is not installed" >&2; return 1; }
	mandoc -Tascii -O width=1000 "$MAN" 2>/dev/null | sed 's/.\x08//g' |
		sed -e ':a' -e '/[A-Za-z]-$/{N;s/-\n */-/;ba' -e '}' | sed 's/[[:space:]][[:space:]]*/ /g'
}

# The man page as text on one line: man_lines joined, so that the folded
# lines of an example read as one, runs of blanks made one.
man_text() {
	command -v mandoc >/dev/null || { echo "mandoc is not installed" >&2; return 1; }
	man_lines | tr '\n' ' ' | sed 's/[[:space:]][[:space:]]*/ /g'
}

# man_section NAME: the mdoc source of the man page's section NAME.
man_section() {
	awk -v sh=".Sh $1" '$0 == sh { on = 1; next } /^\.Sh / { on = 0 } on' "$MAN"
}

# ---- checks every tool's docs share ----------------------------------------

# doc_bash_parses: bash -n accepts the bash completion.
doc_bash_parses() {
	run bash -n "$BASH_COMP"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

# doc_zsh_parses: zsh -n accepts the zsh completion (skipped without zsh),
# and its first line is "#compdef TOOL", as compinit needs.
doc_zsh_parses() {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$ZSH_COMP"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(head -n 1 "$ZSH_COMP")" = "#compdef $TOOL" ] ||
		{ echo "the first line must be '#compdef $TOOL' for compinit"; return 1; }
}

# doc_mandoc_lint: mandoc -Tlint -W warning finds nothing in the man page
# (skipped without mandoc).
doc_mandoc_lint() {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -Tlint -W warning "$MAN"
	[ "$status" -eq 0 ] && [ -z "$output" ] || { echo "$output"; return 1; }
}

# doc_synopsis_mirrors_usage [MIN]: the man page's SYNOPSIS forms (each one
# line of man_lines) are the usage lines of --help (more than MIN), one for
# one and in order, case and blanks ignored: DEVICE is "device", "a|b" is
# "a | b".  Skipped without mandoc.
doc_synopsis_mirrors_usage() {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	read_items "$(help_usage_lines)" "${1:-0}"
	local -a syn
	local i
	mapfile -t syn < <(man_lines | sed -n "/^SYNOPSIS/,/^DESCRIPTION/{/^ *$TOOL /p}")
	[ "${#syn[@]}" -eq "${#ITEMS[@]}" ] ||
		{ echo "${#syn[@]} SYNOPSIS forms, ${#ITEMS[@]} usage lines"; return 1; }
	for i in "${!ITEMS[@]}"; do
		[ "$(tr -d ' ' <<<"${ITEMS[i],,}")" = "$(tr -d ' ' <<<"${syn[i],,}")" ] ||
			{ echo "usage:    ${ITEMS[i]}"; echo "SYNOPSIS: ${syn[i]}"; return 1; }
	done
}

# doc_long_options MIN: every long option of --help (at least MIN) is a
# word of both completions and an .It Fl item of the man page's OPTIONS.
doc_long_options() {
	local opt
	read_items "$(help_long_options)" "$1"
	for opt in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z0-9-])$opt([^a-z0-9-]|\$)" "$BASH_COMP" ||
			{ echo "$opt missing from $BASH_COMP"; return 1; }
		grep -qE -- "(^|[^a-z0-9-])$opt([^a-z0-9-]|\$)" "$ZSH_COMP" ||
			{ echo "$opt missing from $ZSH_COMP"; return 1; }
		man_section OPTIONS | grep -qE -- "^\.It .*Fl -${opt#--}( |\$)" ||
			{ echo "no .It with Fl -${opt#--} in OPTIONS of $MAN"; return 1; }
	done
}

# doc_short_options MIN: every short option of --help (at least MIN) is
# offered by the bash completion, a word of the zsh one, and an .It Fl
# item of the man page's OPTIONS.
doc_short_options() {
	local opt
	read_items "$(help_short_options)" "$1"
	complete_bash "$TOOL" -
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
		grep -qE -- "(^|[^a-zA-Z-])$opt([^a-zA-Z-]|\$)" "$ZSH_COMP" ||
			{ echo "$opt missing from $ZSH_COMP"; return 1; }
		man_section OPTIONS | grep -qE -- "^\.It Fl ${opt#-}( |\$)" ||
			{ echo ".It Fl ${opt#-} missing from OPTIONS of $MAN"; return 1; }
	done
}

# doc_long_options_rendered MIN TEXT: every long option of --help (at
# least MIN) is a word of TEXT, the man page as rendered.
doc_long_options_rendered() {
	local opt
	read_items "$(help_long_options)" "$1"
	for opt in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z0-9-])$opt([^a-z0-9-]|\$)" <<<"$2" ||
			{ echo "$opt missing from the rendered $MAN"; return 1; }
	done
}

# doc_bash_offers_long_options MIN: after "--" before any action the bash
# completion offers every long option of --help (at least MIN), nothing else.
doc_bash_offers_long_options() {
	local opt
	read_items "$(help_long_options)" "$1"
	complete_bash "$TOOL" --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra replies: ${lines[*]}"; return 1; }
}

# doc_options_known MIN: every option that an .It line of the man page's
# OPTIONS names (Fl f, Fl -device; at least MIN) is an option of --help.
doc_options_known() {
	local help opt n=0
	help=$( { help_short_options && help_long_options; } ) || return 1
	while IFS= read -r opt; do
		n=$((n + 1))
		grep -qxF -- "$opt" <<<"$help" ||
			{ echo "OPTIONS of $MAN has an item for $opt, which --help does not document"; return 1; }
	done < <(man_section OPTIONS | sed -n 's/^\.It //p' | grep -oE -- '(^| )Fl [^ ]+' |
		sed -E 's/^ ?Fl /-/' | sort -u)
	[ "$n" -gt "$1" ] || { echo "only $n options found in OPTIONS of $MAN"; return 1; }
}

# doc_completions_offer_exactly_help MIN: after a lone "-" before any
# action, the bash and the zsh completion each offer exactly the options
# of --help, short and long (at least MIN): none missing, none that
# --help does not document.
doc_completions_offer_exactly_help() {
	read_items "$( { help_short_options && help_long_options; } )" "$1"
	complete_bash "$TOOL" -
	lines_are "${ITEMS[@]}" || { echo "(bash completion)"; return 1; }
	complete_zsh "$TOOL" -
	lines_are "${ITEMS[@]}" || { echo "(zsh completion)"; return 1; }
}

# doc_actions SECTION MIN: every action of --help (at least MIN) is an
# _describe entry of the zsh completion and an .It Cm item of the man
# page's SECTION, and every .It Cm item of SECTION is an action of --help.
doc_actions() {
	local section=$1 word
	read_items "$(help_actions)" "$2"
	for word in "${ITEMS[@]}"; do
		# an _describe entry 'word:description' (or (word\:...) in a value list)
		grep -qE -- "[\"'( ]$word\\\\?:" "$ZSH_COMP" ||
			{ echo "action $word missing from $ZSH_COMP"; return 1; }
		man_section "$section" | grep -qx -- ".It Cm $word" ||
			{ echo ".It Cm $word missing from $section of $MAN"; return 1; }
	done
	while IFS= read -r word; do
		printf '%s\n' "${ITEMS[@]}" | grep -qxF -- "$word" ||
			{ echo "$section of $MAN has an item for $word, which --help does not list"; return 1; }
	done < <(man_section "$section" | sed -n 's/^\.It Cm \([^ ]*\)$/\1/p')
}

# The environment variables the tool reads, one per line: the getenv()
# names of tools/TOOL.c and of every core object linked into BIN (one
# whose global symbols BIN defines), so a getenv() added anywhere in the
# core is found without a list of files here.
tool_env_vars() {
	local src obj syms
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	syms=$(nm --defined-only "$BIN" | awk 'NF == 3 { print $3 }' | sort -u)
	[ -n "$syms" ] || { echo "nm finds no symbols in $BIN" >&2; return 1; }
	{
		grep -ohE 'getenv\("[A-Z_][A-Z0-9_]*"\)' "$TOP/tools/$TOOL.c"
		for src in "$TOP"/common/*.c; do
			obj="$TOP/${B:-build}/common/$(basename "$src" .c).o"
			[ -f "$obj" ] || continue
			if nm --defined-only -g "$obj" | awk 'NF == 3 { print $3 }' |
				grep -qxFf - <(printf '%s\n' "$syms"); then
				grep -ohE 'getenv\("[A-Z_][A-Z0-9_]*"\)' "$src"
			fi
		done
	} | sed 's/getenv("\(.*\)")/\1/' | sort -u
}

# doc_environment MIN: the man page's ENVIRONMENT has an .It Ev item for
# every variable the tool reads (tool_env_vars, more than MIN), and for no
# other.
doc_environment() {
	local vars var
	vars=$(tool_env_vars) || return 1
	read_items "$vars" "$1"
	for var in "${ITEMS[@]}"; do
		man_section ENVIRONMENT | grep -qx -- ".It Ev $var" ||
			{ echo "$TOOL reads $var, which ENVIRONMENT of $MAN does not list"; return 1; }
	done
	while IFS= read -r var; do
		grep -qxF -- "$var" <<<"$vars" ||
			{ echo "ENVIRONMENT of $MAN lists $var, which $TOOL does not read"; return 1; }
	done < <(man_section ENVIRONMENT | sed -n 's/^\.It Ev //p')
}

# doc_exit_statuses [EXTRA...]: the man page's EXIT STATUS has an .It item
# for every status of exitstat.h and for each EXTRA (as the mdoc source
# writes it: "128+ Ns Ar N"), and for no other.
doc_exit_statuses() {
	local codes code
	# DOC_EXIT_NOT: statuses of exitstat.h this tool never returns
	codes=$(sed -n 's/^[[:space:]]*TR_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$TOP/common/exitstat.h" |
		grep -vxF -e "${DOC_EXIT_NOT:-none}")
	read_items "$codes" 10
	ITEMS+=("$@")
	for code in "${ITEMS[@]}"; do
		man_section "EXIT STATUS" | grep -qx -- ".It $code" ||
			{ echo "exit status $code missing from EXIT STATUS of $MAN"; return 1; }
	done
	while IFS= read -r code; do
		printf '%s\n' "${ITEMS[@]}" | grep -qxF -- "$code" ||
			{ echo "EXIT STATUS of $MAN lists $code, which $TOOL does not return"; return 1; }
	done < <(man_section "EXIT STATUS" | sed -n 's/^\.It //p')
}

# ---- the page as a whole ------------------------------------------------------

# The sections every page has, in this order (mdoc's, with OPTIONS after
# the description); others may come between.
DOC_SECTIONS=(NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT "EXIT STATUS" EXAMPLES
	DIAGNOSTICS "SEE ALSO")

# doc_sections: the man page has each of DOC_SECTIONS, in that order.
doc_sections() {
	local -a got
	local sh i=0
	mapfile -t got < <(sed -n 's/^\.Sh //p' "$MAN")
	for sh in "${DOC_SECTIONS[@]}"; do
		while [ "$i" -lt "${#got[@]}" ] && [ "${got[i]}" != "$sh" ]; do
			i=$((i + 1))
		done
		[ "$i" -lt "${#got[@]}" ] ||
			{ echo "no section $sh after the ones before it in $MAN: ${got[*]}"; return 1; }
	done
}

# doc_rendered_lines MAX: mandoc -Tutf8 renders the man page, as man(1)
# shows it, to at most MAX lines (and to some: it rendered at all).
doc_rendered_lines() {
	command -v mandoc >/dev/null || { echo "mandoc is not installed" >&2; return 1; }
	local n
	n=$(mandoc -Tutf8 "$MAN" | wc -l)
	[ "$n" -gt 50 ] && [ "$n" -le "$1" ] ||
		{ echo "$MAN renders to $n lines; at most $1 are read"; return 1; }
}
