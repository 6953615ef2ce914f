#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tlock's man page and shell completions agree with its --help and with what it accepts: options, actions, values, usage, messages, record format, exit statuses.

load helpers

setup() {
	BIN="$TOP/${B:-build}/tlock"
	BASH_COMP="$TOP/completions/bash/tlock"
	ZSH_COMP="$TOP/completions/zsh/_tlock"
	MAN="$TOP/man/tlock.1"
}

# The long options that --help documents, one per line (--device, ...).
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

# The action words listed under "Actions" in --help, one per line: the
# first word of each entry, not of a description's continuation lines.
help_actions() {
	[ -x "$BIN" ] || { echo "$BIN is missing: run make" >&2; return 1; }
	"$BIN" --help | sed -n '/^Actions/,/^$/p' | awk 'NR > 1 && /^  [^ ]/ { print $1 }'
}

# Read a list (one item per line) into the array ITEMS; fail when it has
# no more than MIN items, so that a changed --help layout cannot make a
# test pass vacuously.
read_items() {
	mapfile -t ITEMS <<<"$1"
	[ -n "$1" ] && [ "${#ITEMS[@]}" -gt "${2:-0}" ] ||
		{ echo "too little parsed: '$1'" >&2; return 1; }
}

# An option as tlock takes it on a command line: with a value if it needs
# one.
with_value() {
	case $1 in
	--device) printf '%s\n' --device=/dev/null ;;
	--command) printf '%s\n' --command=true ;;
	--method) printf '%s\n' --method=pr ;;
	--key) printf '%s\n' --key=0x1111 ;;
	--type) printf '%s\n' --type=ex-ac ;;
	--lock-dir) printf '%s\n' "--lock-dir=$BATS_TEST_TMPDIR/locks" ;;
	--wait | --timeout | --conflict-exit) printf '%s=5\n' "$1" ;;
	--owner) printf '%s\n' --owner=1 ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# accepts ACTION OPTION [OPTION...]: tlock takes OPTION (and the other
# OPTIONs, as tlock takes them on a command line) with ACTION, that is,
# does not refuse them as options that do not go together (31).
# /dev/null stops every accepted run before anything is sent.
accepts() {
	local action=$1 opt st=0
	local -a args=()
	shift
	for opt in "$@"; do
		args+=("$(with_value "$opt")")
	done
	"$BIN" "${args[@]}" -L "$BATS_TEST_TMPDIR/locks" -f /dev/null "$action" \
		>/dev/null 2>&1 || st=$?
	[ "$st" -ne 31 ]
}

# complete_bash WORD...: run the bash completion for the command line
# WORD... (the last word is the one being completed) in a clean bash; the
# replies are in $lines.
complete_bash() {
	run bash --norc --noprofile -c '
		source "$1" || exit 99
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_tlock || exit 98
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

# The man page as text on one line (rendered 1000 columns wide, mandoc's
# most, a word broken after its hyphen joined again, then the lines
# joined, so that the folded lines of an example read as one), with bold
# and underline overstrikes removed and runs of blanks made one.
man_text() {
	command -v mandoc >/dev/null || { echo "mandoc is not installed" >&2; return 1; }
	mandoc -Tascii -O width=1000 "$MAN" 2>/dev/null | sed 's/.\x08//g' |
		sed -e ':a' -e '/[A-Za-z]-$/{N;s/-\n */-/;ba' -e '}' | tr '\n' ' ' |
		sed 's/[[:space:]][[:space:]]*/ /g'
}

# man_section NAME: the mdoc source of the man page's section NAME.
man_section() {
	awk -v sh=".Sh $1" '$0 == sh { on = 1; next } /^\.Sh / { on = 0 } on' "$MAN"
}

# c_literals FILE FUNCTION...: the string literals in the bodies of the
# C functions FUNCTION... of FILE, one per line, adjacent literals joined
# and PRIx64-style macros made plain conversions.
c_literals() {
	local file=$1
	shift
	FUNCS="$*" perl -0777 -ne '
		my %want = map { $_ => 1 } split / /, $ENV{FUNCS};
		while (/^([a-z_0-9]+)\([^)]*\)\n\{\n(.*?)^\}/msg) {
			next unless $want{$1};
			my $body = $2;
			$body =~ s/"\s*PRI[a-zA-Z0-9]+\s*"//g;	# %" PRIx64 " -> %
			$body =~ s/"\s*\n\s*"//g;		# "a" "b" -> "ab"
			print "$1\n" while $body =~ /"((?:[^"\\]|\\.)*)"/g;
		}
	' "$file"
}

# check_messages FILE FUNCTION...: every fixed piece (8 characters or
# more, between conversions) of every string literal of FUNCTION... in
# FILE is in the rendered man page.
check_messages() {
	local file=$1 lit piece n=0 text
	shift
	text=$(man_text)
	while IFS= read -r lit; do
		# \r, \n and conversions (%s, %ld, %.0f, %) split the literal
		while IFS= read -r piece; do
			[ "${#piece}" -ge 8 ] || continue
			n=$((n + 1))
			grep -qF -- "$piece" <<<"$text" ||
				{ echo "'$piece' (of \"$lit\", $file) is not in $MAN"; return 1; }
		done < <(sed -E 's/\\[rnt]/\n/g; s/%[-.0-9]*[a-z]*/\n/g' <<<"$lit")
	done < <(c_literals "$file" "$@")
	[ "$n" -ge "${MIN_PIECES:-5}" ] || { echo "only $n pieces found in $file"; return 1; }
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

# ---- options -----------------------------------------------------------------

@test "every long option of --help is in both completions and an item of the man page's OPTIONS" {
	read_items "$(help_long_options)" 12
	for opt in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z0-9-])$opt([^a-z0-9-]|\$)" "$BASH_COMP" ||
			{ echo "$opt missing from $BASH_COMP"; return 1; }
		grep -qE -- "(^|[^a-z0-9-])$opt([^a-z0-9-]|\$)" "$ZSH_COMP" ||
			{ echo "$opt missing from $ZSH_COMP"; return 1; }
		man_section OPTIONS | grep -qE -- "^\.It .*Fl -${opt#--}( |\$)" ||
			{ echo "no .It with Fl -${opt#--} in OPTIONS of $MAN"; return 1; }
	done
}

@test "every short option of --help is in both completions and an item of the man page's OPTIONS" {
	read_items "$(help_short_options)" 12
	complete_bash tlock -
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
		grep -qE -- "(^|[^a-zA-Z-])$opt([^a-zA-Z-]|\$)" "$ZSH_COMP" ||
			{ echo "$opt missing from $ZSH_COMP"; return 1; }
		man_section OPTIONS | grep -qE -- "^\.It Fl ${opt#-}( |\$)" ||
			{ echo ".It Fl ${opt#-} missing from OPTIONS of $MAN"; return 1; }
	done
}

@test "every long option of --help is in the rendered man page" {
	read_items "$(help_long_options)" 12
	text=$(man_text)
	for opt in "${ITEMS[@]}"; do
		grep -qE -- "(^|[^a-z0-9-])$opt([^a-z0-9-]|\$)" <<<"$text" ||
			{ echo "$opt missing from the rendered $MAN"; return 1; }
	done
}

@test "bash completion: before an action, every long option after --, and nothing else" {
	read_items "$(help_long_options)" 12
	complete_bash tlock --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra replies: ${lines[*]}"; return 1; }
}

@test "bash completion: after an action, the options tlock takes with it, and none it refuses" {
	read_items "$(help_actions)" 3
	local -a opts
	mapfile -t opts < <(help_long_options)
	local action opt
	for action in "${ITEMS[@]}"; do
		complete_bash tlock -f /dev/null "$action" --
		for opt in "${opts[@]}"; do
			if ! accepts "$action" "$opt"; then
				! has_line "$opt" >/dev/null ||
					{ echo "$opt offered with $action, which refuses it (31)"; return 1; }
			else
				has_line "$opt" || { echo "not offered with $action"; return 1; }
			fi
		done
	done
	# the test is not vacuous: some pairs are refused, some taken
	{ ! accepts status --force && ! accepts release --owner && ! accepts break --wait &&
		! accepts status --conflict-exit && accepts acquire --conflict-exit &&
		accepts acquire --owner && accepts break --force && accepts acquire --type; } ||
		{ echo "accepts() does not tell taken from refused"; return 1; }
}

@test "bash completion: after -m spc2, the options tlock takes with it, and none it refuses" {
	read_items "$(help_long_options)" 12
	local form opt
	for form in "-m spc2" "--method spc2" "--method = spc2" "--method=spc2" "-mspc2" "-vm spc2" "-vmspc2"; do
		# shellcheck disable=SC2086 # the form is several words on purpose
		complete_bash tlock $form -f /dev/null acquire --
		for opt in "${ITEMS[@]}"; do
			if ! accepts acquire --method=spc2 "$opt"; then
				! has_line "$opt" >/dev/null ||
					{ echo "$opt offered after $form, which refuses it (31)"; return 1; }
			else
				has_line "$opt" || { echo "not offered after $form"; return 1; }
			fi
		done
		# before the action too
		# shellcheck disable=SC2086
		complete_bash tlock $form -
		for opt in -k --key -T --type --force; do
			lacks_line "$opt" || { echo "after $form"; return 1; }
		done
		has_line --wait
	done
	# not vacuous: spc2 refuses some options and takes others
	{ ! accepts acquire --method=spc2 --key && ! accepts acquire --method=spc2 --force &&
		! accepts acquire --method=spc2 --type && accepts acquire --method=spc2 --wait &&
		accepts acquire --method=pr --key; } ||
		{ echo "accepts() does not tell taken from refused"; return 1; }
}

@test "bash completion: after -k, -T or --force, -m offers only the methods tlock takes with them" {
	local form m st
	local -a want
	for form in "-k 0x1" "--key=0x1" "-k0x1" "-T 3" "--type ex-ac" "-vT3" "--force"; do
		want=()
		for m in pr spc2 auto; do
			st=0
			# shellcheck disable=SC2086 # the form is several words on purpose
			"$BIN" $form -m "$m" -L "$BATS_TEST_TMPDIR/locks" -f /dev/null acquire \
				>/dev/null 2>&1 || st=$?
			[ "$st" -eq 31 ] || want+=("$m")
		done
		[ "${#want[@]}" -eq 2 ] || { echo "$form: tlock takes ${want[*]}"; return 1; }
		# shellcheck disable=SC2086
		complete_bash tlock $form -m ""
		lines_are "${want[@]}" || { echo "after $form"; return 1; }
	done
	complete_bash tlock -m ""
	lines_are pr spc2 auto
}

@test "bash completion: after -c, no action and no --owner, which wrap mode refuses" {
	local form
	for form in "-c true" "--command true" "--command = true" "--command=true" "-ctrue" "-vc true"; do
		# shellcheck disable=SC2086 # the form is several words on purpose
		complete_bash tlock $form ""
		for l in "${lines[@]}"; do
			[[ $l == -* ]] || { echo "$form: offered $l"; return 1; }
			[[ $l != --owner && $l != -o && $l != -c ]] || { echo "$form: offered $l"; return 1; }
		done
		has_line --wait
	done
	# a device path with a c in it is -f's value, not -c
	complete_bash tlock -f/dev/sch0 ""
	has_line acquire
}

# ---- actions ----------------------------------------------------------------

@test "every action of --help is offered by the bash completion, and only before the action" {
	read_items "$(help_actions)" 3
	complete_bash tlock -f /dev/null ""
	lines_are "${ITEMS[@]}"
	complete_bash tlock -f /dev/null acq
	lines_are acquire
	complete_bash tlock -w 5 -E 7 -k 0x1 -T ex-ac -m pr -o 1 -L /tmp -t 5 -f /dev/null a
	lines_are acquire
	complete_bash tlock --device = /dev/null --timeout=5 --lock-dir /tmp -vf /dev/null ""
	lines_are "${ITEMS[@]}"
	complete_bash tlock -f /dev/null status ""
	for l in "${lines[@]}"; do
		[[ $l == -* ]] || { echo "offered $l after the action"; return 1; }
	done
}

@test "every action of --help is in the zsh completion and an item of the man page's SPLIT MODE" {
	read_items "$(help_actions)" 3
	for word in "${ITEMS[@]}"; do
		# an _describe entry 'word:description'
		grep -qE -- "[\"']$word:" "$ZSH_COMP" ||
			{ echo "action $word missing from $ZSH_COMP"; return 1; }
		man_section "SPLIT MODE" | grep -qx -- ".It Cm $word" ||
			{ echo ".It Cm $word missing from SPLIT MODE of $MAN"; return 1; }
	done
}

# ---- option values ------------------------------------------------------------

@test "bash completion: -m offers pr, spc2 and auto, each of which tlock takes" {
	local form m
	for form in "-m" "--method" "--method =" "-vm"; do
		# shellcheck disable=SC2086
		complete_bash tlock $form ""
		lines_are pr spc2 auto || { echo "after $form"; return 1; }
	done
	complete_bash tlock --method=s
	lines_are --method=spc2
	for m in pr spc2 auto; do
		run --separate-stderr tlock -L "$BATS_TEST_TMPDIR/locks" -m "$m" -f /dev/null acquire
		[ "$status" -eq 15 ] || { echo "-m $m: $status $stderr"; return 1; }
	done
}

@test "bash completion: -T offers the six type names, each of which tlock takes and the man page lists" {
	local t
	complete_bash tlock -T ""
	lines_are wr-ex ex-ac wr-ex-ro ex-ac-ro wr-ex-ar ex-ac-ar
	complete_bash tlock --type = ex-ac-
	lines_are ex-ac-ro ex-ac-ar
	for t in "${lines[@]}" wr-ex ex-ac wr-ex-ro wr-ex-ar; do
		run --separate-stderr tlock -L "$BATS_TEST_TMPDIR/locks" -T "$t" -f /dev/null acquire
		[ "$status" -eq 15 ] || { echo "-T $t: $status $stderr"; return 1; }
		man_section OPTIONS | grep -qx -- ".Cm $t" || { echo "$t not in OPTIONS"; return 1; }
	done
}

@test "bash completion: -k offers auto; -w, -E and -t offer nothing" {
	complete_bash tlock -k ""
	lines_are auto
	complete_bash tlock --key = a
	lines_are auto
	complete_bash tlock -w ""
	lines_are
	complete_bash tlock --conflict-exit = ""
	lines_are
	complete_bash tlock -E ""
	lines_are
	complete_bash tlock --timeout ""
	lines_are
	# a value is not the action
	complete_bash tlock -w 5 -E 75 ""
	lines_are acquire release status break
}

@test "bash completion: -f completes device files, -L directories only" {
	complete_bash tlock -f /dev/nul
	has_line /dev/null
	complete_bash tlock -v --device = /dev/nul
	has_line /dev/null
	complete_bash tlock --device=/dev/nul
	has_line --device=/dev/null
	mkdir -p "$BATS_TEST_TMPDIR/lockdir-a" "$BATS_TEST_TMPDIR/lockdir-b"
	: >"$BATS_TEST_TMPDIR/lockfile-c"
	complete_bash tlock -L "$BATS_TEST_TMPDIR/lock"
	lines_are "$BATS_TEST_TMPDIR/lockdir-a" "$BATS_TEST_TMPDIR/lockdir-b"
	complete_bash tlock --lock-dir = "$BATS_TEST_TMPDIR/lockdir-"
	lines_are "$BATS_TEST_TMPDIR/lockdir-a" "$BATS_TEST_TMPDIR/lockdir-b"
}

@test "bash completion: -o offers the PIDs of running processes, and only them" {
	sleep 60 &
	local pid=$!
	complete_bash tlock -f /dev/null -o ""
	has_line "$pid" || { kill "$pid"; return 1; }
	has_line 1 || { kill "$pid"; return 1; }
	for l in "${lines[@]}"; do
		[[ $l =~ ^[0-9]+$ ]] || { kill "$pid"; echo "offered $l"; return 1; }
	done
	complete_bash tlock --owner = "$pid"
	kill "$pid"
	has_line "$pid"
	for l in "${lines[@]}"; do
		[[ $l =~ ^[0-9]+$ && $l == "$pid"* ]] || { echo "offered $l"; return 1; }
	done
}

@test "bash completion: after --, the command's name, then its arguments" {
	complete_bash tlock -f /dev/null -- bas
	has_line bash
	for l in "${lines[@]}"; do
		[[ $l == bas* ]] || { echo "offered $l"; return 1; }
	done
	# not tlock's actions or options: they belong to the command now
	complete_bash tlock -f /dev/null -- ""
	lacks_line acquire
	complete_bash tlock -f /dev/null -- tar -
	lacks_line --lock-dir
	complete_bash tlock -f /dev/null -- tar cf /dev/nul
	has_line /dev/null
	# "--" as an option's value is not the end of tlock's options
	complete_bash tlock -L -- ""
	lines_are acquire release status break
}

# ---- zsh ----------------------------------------------------------------------

@test "zsh completion: every action; after an option, only the actions tlock takes it with" {
	read_items "$(help_actions)" 3
	complete_zsh tlock ""
	lines_are "${ITEMS[@]}"
	local opt action
	local -a want
	for opt in --owner --force -n -p --method --wait --conflict-exit -v; do
		want=()
		for action in "${ITEMS[@]}"; do
			accepts "$action" "$opt" && want+=("$action")
		done
		# shellcheck disable=SC2046 # the option and its value are two words
		complete_zsh tlock $(with_value "$opt" | sed 's/=/ /') ""
		lines_are "${want[@]}" || { echo "after $opt"; return 1; }
	done
	complete_zsh tlock -c true ""
	lines_are
}

@test "zsh completion: -m spc2 leaves out -k, -T and --force; they leave spc2 out of -m" {
	local form opt
	for form in "-m spc2" "--method=spc2" "-mspc2" "-vm spc2"; do
		# shellcheck disable=SC2086 # the form is several words on purpose
		complete_zsh tlock $form -f /dev/null -
		# each short option with its long one, as tlock is asked
		for opt in -k:--key --key:--key -T:--type --type:--type --force:--force; do
			! accepts acquire --method=spc2 "${opt#*:}" ||
				{ echo "tlock takes ${opt#*:}"; return 1; }
			lacks_line "${opt%%:*}" || { echo "after $form"; return 1; }
		done
		for opt in -w:--wait --wait:--wait -n:--no-wait --prevent-removal:--prevent-removal \
			-E:--conflict-exit --lock-dir:--lock-dir; do
			accepts acquire --method=spc2 "${opt#*:}" ||
				{ echo "tlock refuses ${opt#*:}"; return 1; }
			has_line "${opt%%:*}" || { echo "after $form"; return 1; }
		done
	done
	for form in "-k 0x1" "--type=3" "--force"; do
		# shellcheck disable=SC2086
		complete_zsh tlock $form -m ""
		lines_are pr auto || { echo "after $form"; return 1; }
	done
	complete_zsh tlock -f /dev/null -
	has_line --key
	has_line --force
}

@test "zsh completion: -m, -T and -k values; every long option after --" {
	read_items "$(help_long_options)" 12
	complete_zsh tlock -m ""
	lines_are pr spc2 auto
	complete_zsh tlock --type=""
	lines_are wr-ex ex-ac wr-ex-ro ex-ac-ro wr-ex-ar ex-ac-ar
	complete_zsh tlock -k ""
	lines_are auto
	complete_zsh tlock --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
}

@test "zsh completion: files for -f, directories for -L, a command after --, PIDs for -o" {
	complete_zsh tlock -f /dev/nul
	has_line null
	mkdir -p "$BATS_TEST_TMPDIR/lockdir-a"
	: >"$BATS_TEST_TMPDIR/lockfile-c"
	complete_zsh tlock -L "$BATS_TEST_TMPDIR/lock"
	has_line lockdir-a
	lacks_line lockfile-c
	complete_zsh tlock -f /dev/null -- bas
	has_line bash
	lacks_line acquire
	sleep 60 &
	local pid=$!
	complete_zsh tlock -o "$pid"
	kill "$pid"
	has_line "$pid"
}

# ---- the files as a whole ---------------------------------------------------------

@test "bash -n accepts the bash completion" {
	run bash -n "$BASH_COMP"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "zsh -n accepts the zsh completion, which starts with #compdef tlock" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$ZSH_COMP"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(head -n 1 "$ZSH_COMP")" = "#compdef tlock" ] ||
		{ echo "the first line must be '#compdef tlock' for compinit"; return 1; }
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run mandoc -Tlint -W warning "$MAN"
	[ "$status" -eq 0 ] && [ -z "$output" ] || { echo "$output"; return 1; }
}

@test "the man page's SYNOPSIS mirrors the usage lines of --help" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	read_items "$(help_usage_lines)" 2
	local -a syn
	mapfile -t syn < <(mandoc -Tascii -O width=1000 "$MAN" | sed 's/.\x08//g' |
		sed -n '/^SYNOPSIS/,/^DESCRIPTION/{/^ *tlock /p}')
	[ "${#syn[@]}" -eq "${#ITEMS[@]}" ] ||
		{ echo "${#syn[@]} SYNOPSIS forms, ${#ITEMS[@]} usage lines"; return 1; }
	local i
	for i in "${!ITEMS[@]}"; do
		# case and blanks ignored: DEVICE is "device", "a|b" is "a | b"
		[ "$(tr -d ' ' <<<"${ITEMS[i],,}")" = "$(tr -d ' ' <<<"${syn[i],,}")" ] ||
			{ echo "usage:    ${ITEMS[i]}"; echo "SYNOPSIS: ${syn[i]}"; return 1; }
	done
}

@test "the man page's EXIT STATUS lists every exit status of exitstat.h and the command's" {
	local codes code
	codes=$(sed -n 's/^[[:space:]]*TR_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$TOP/common/exitstat.h")
	read_items "$codes" 10
	for code in "${ITEMS[@]}" 126 127 "128+ Ns Ar N"; do
		man_section "EXIT STATUS" | grep -qx -- ".It $code" ||
			{ echo "exit status $code missing from EXIT STATUS of $MAN"; return 1; }
	done
}

@test "the man page's ENVIRONMENT lists every variable tlock reads" {
	local vars var
	# tlock's own getenv() calls and those of the core it runs through
	vars=$(grep -ohE 'getenv\("[A-Z_][A-Z0-9_]*"\)' "$TOP/tools/tlock.c" \
		"$TOP/common/cli.c" "$TOP/common/lockrec.c" "$TOP/common/hold.c" \
		"$TOP/common/spc2.c" "$TOP/common/pr.c" "$TOP/common/prstate.c" \
		"$TOP/common/prin.c" "$TOP/common/lu.c" "$TOP/common/devid.c" \
		"$TOP/common/keys.c" "$TOP/common/sgio.c" "$TOP/common/sense.c" \
		"$TOP/common/cdb.c" "$TOP/common/prout.c" |
		sed 's/getenv("\(.*\)")/\1/' | sort -u)
	read_items "$vars"
	for var in "${ITEMS[@]}"; do
		man_section ENVIRONMENT | grep -qx -- ".It Ev $var" ||
			{ echo "$var missing from ENVIRONMENT of $MAN"; return 1; }
	done
}

# ---- messages and the record ------------------------------------------------------

@test "every line status can print, and every unit state, is in the man page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	MIN_PIECES=8 check_messages "$TOP/tools/tlock.c" do_status
	MIN_PIECES=9 check_messages "$TOP/common/spc2.c" spc2_probe_str
}

@test "every message of taking, waiting, stale recovery, release and break is in the man page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	MIN_PIECES=20 check_messages "$TOP/tools/tlock.c" open_lock describe_owner \
		recover_leftover try_host_lock make_record acquire do_wrap do_acquire \
		do_release run
	MIN_PIECES=3 check_messages "$TOP/common/lockrec.c" lockrec_open
}

@test "every message about bad command lines is in the man page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	MIN_PIECES=25 check_messages "$TOP/tools/tlock.c" check_values check_combination parse_args
}

@test "the man page's record example has lockrec_write's fields, in its order" {
	local fmt want got
	fmt=$(c_literals "$TOP/common/lockrec.c" lockrec_write | grep -m 1 'pid: ')
	# "pid: %ld\nstart: ..." -> pid start since ...
	want=$(sed 's/\\n/\n/g' <<<"$fmt" | sed -n 's/^\([a-z]*\): .*/\1/p' | tr '\n' ' ')
	read_items "$(tr ' ' '\n' <<<"$want" | sed '/^$/d')" 8
	# the literal block after "The record is text"
	got=$(man_section "THE LOCK RECORD" | sed -n '/^\.Bd -literal/,/^\.Ed/p' |
		sed -n 's/^\([a-z]*\): .*/\1/p' | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "man: $got"; echo "lockrec_write: $want"; return 1; }
	# and its first line
	man_section "THE LOCK RECORD" |
		grep -qxF -- "# tlock: this logical unit is held; see tlock(1)"
	grep -qF -- '"# tlock: this logical unit is held; see tlock(1)\n"' "$TOP/common/lockrec.c"
}
