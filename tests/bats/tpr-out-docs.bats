#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tpr-out's man page and shell completions agree with its --help and with what it accepts: options, actions, types, TransportIDs, examples, environment, exit statuses; the page is short enough to read.

load helpers
load docs

setup() {
	TOOL=tpr-out
	BIN="$TOP/${B:-build}/$TOOL"
	BASH_COMP="$TOP/completions/bash/$TOOL"
	ZSH_COMP="$TOP/completions/zsh/_$TOOL"
	MAN="$TOP/man/$TOOL.1"
	TYPES="wr-ex ex-ac wr-ex-ro ex-ac-ro wr-ex-ar ex-ac-ar"
}

# man_item WORD: the mdoc source of the ACTIONS item of WORD, as one line
# of text: "-k" for ".Fl k", "(00h)" for ".Pq 00h", other macros dropped,
# blanks before punctuation removed ("REGISTER (00h). ... Takes -k, -s
# and --aptpl; needs -s.").
man_item() {
	man_section ACTIONS |
		awk -v it=".It Cm $1" '$0 == it { on = 1; next } /^\.(It Cm|El)( |$)/ { on = 0 } on' |
		sed -E 's/^\.Fl /-/; s/^\.Pq (.*[^ ]) ([.,;])$/(\1)\2/; s/^\.Pq (.*)$/(\1)/;
			s/^\.[A-Z][a-z] //; s/^\.[A-Z][a-z]$//' | tr '\n' ' ' |
		sed -E 's/ +([,;.)])/\1/g; s/ +/ /g'
}

# ---- options -----------------------------------------------------------------

@test "every long option of --help is in both completions and an item of the man page's OPTIONS" {
	doc_long_options 10
}

@test "every short option of --help is in both completions and an item of the man page's OPTIONS" {
	doc_short_options 10
}

@test "the bash completion offers every long option after --, and nothing else" {
	doc_bash_offers_long_options 10
}

@test "every long option of --help is in the rendered man page" {
	doc_long_options_rendered 10 "$(man_lines)"
}

# ---- actions ----------------------------------------------------------------

@test "every action of --help is offered by the bash completion, and only before the action" {
	read_items "$(help_actions)" 9
	complete_bash tpr-out -f /dev/null ""
	for word in "${ITEMS[@]}"; do
		has_line "$word"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra replies: ${lines[*]}"; return 1; }
	complete_bash tpr-out -T ex-ac -k 0x1 -f /dev/null pre
	lines_are preempt preempt-abort
	complete_bash tpr-out -f /dev/null clear ""
	for l in "${lines[@]}"; do
		[[ $l == -* ]] || { echo "offered $l after the action"; return 1; }
	done
}

@test "every action of --help is in the zsh completion and an item of the man page's ACTIONS, and vice versa" {
	doc_actions ACTIONS 9
}

@test "every action of --help is an item of the man page's ACTIONS, with its service action" {
	read_items "$(help_actions)" 9
	for word in "${ITEMS[@]}"; do
		man_section ACTIONS | grep -qx -- ".It Cm $word" ||
			{ echo ".It Cm $word missing from ACTIONS of $MAN"; return 1; }
		# the item starts with the service action that --dry-run names,
		# "REGISTER (00h)", from the first set of options it accepts
		local sa='' item args
		for args in "-k 1" "-s 1" "-k 1 -T 1" "-k 1 -s 1 -T 1" \
			"-k 1 -s 1 -T 1 -I sas,0x5001405bbbb00002 -R 1"; do
			# shellcheck disable=SC2086 # the options are several words on purpose
			sa=$("$BIN" -n $args "$word" 2>/dev/null | sed -n 's/^command: PERSISTENT RESERVE OUT, //p')
			[ -z "$sa" ] || break
		done
		[ -n "$sa" ] || { echo "no dry run found for $word"; return 1; }
		item=$(man_item "$word")
		[[ $item == "$sa"* ]] || { echo "$word: item does not start with '$sa': $item"; return 1; }
	done
}

# The option that stands for each name the man page uses in "Takes ...;
# needs ...", with a value the option accepts.
declare -gA OPT_ARGS=(
	[-k]="-k 0x1" [-s]="-s 0x2" [-T]="-T ex-ac" [--aptpl]="--aptpl" [--all-tg-pt]="--all-tg-pt"
	[--transport-id]="--transport-id sas,0x5001405bbbb00002" [--unreg]="--unreg"
	[--rel-tgt-port]="--rel-tgt-port 2" [--register]="--register" [--force]="--force"
	[--strict]="--strict" [--all-paths]="--all-paths"
)
declare -gA OPT_LONG=([-k]=--key [-s]=--sa-key [-T]=--type)

@test "the man page says which options each action takes and needs, as tpr-out enforces them" {
	read_items "$(help_actions)" 9
	local word item takes needs base o rest
	local re_takes='Takes ([^.;]*)[.;]' re_needs='Takes [^.;]*; needs ([^.]*)[.]'
	for word in "${ITEMS[@]}"; do
		item=$(man_item "$word")
		[[ $item =~ $re_takes ]] || { echo "$word: no 'Takes ...': $item"; return 1; }
		takes=$(grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' <<<"${BASH_REMATCH[1]}" | tr -d ' ')
		needs=""
		if [[ $item =~ $re_needs ]]; then
			needs=$(grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' <<<"${BASH_REMATCH[1]}" | tr -d ' ')
		fi
		[ -n "$takes" ] || { echo "$word: nothing parsed from: $item"; return 1; }
		for o in $takes $needs; do
			[ -n "${OPT_ARGS[$o]+x}" ] || { echo "$word: unknown option '$o' in the man page"; return 1; }
		done
		for o in $needs; do
			grep -qx -- "$o" <<<"$takes" || { echo "$word needs $o but does not take it"; return 1; }
		done
		# the least command: what it needs, and -k where it takes it
		base=""
		for o in $needs; do base+=" ${OPT_ARGS[$o]}"; done
		grep -qx -- -k <<<"$needs" || ! grep -qx -- -k <<<"$takes" || base+=" ${OPT_ARGS[-k]}"
		# shellcheck disable=SC2086 # the options are several words on purpose
		run --separate-stderr "$BIN" -n $base "$word"
		[ "$status" -eq 0 ] || { echo "$word$base: status $status: $stderr"; return 1; }
		# each option more: accepted when taken, else exit 31
		for o in "${!OPT_ARGS[@]}"; do
			[[ " $base " == *" ${OPT_ARGS[$o]} "* ]] && continue
			# shellcheck disable=SC2086
			run --separate-stderr "$BIN" -n $base ${OPT_ARGS[$o]} "$word"
			if grep -qx -- "$o" <<<"$takes"; then
				[ "$status" -eq 0 ] || { echo "$word takes $o, says the man page: $stderr"; return 1; }
			else
				[ "$status" -eq 31 ] && [ "$stderr" = "tpr-out: ${OPT_LONG[$o]:-$o} does not go with $word" ] ||
					{ echo "$word does not take $o, says the man page: status $status: $stderr"; return 1; }
			fi
		done
		# each needed option less: exit 1
		for o in $needs; do
			rest=${base/ ${OPT_ARGS[$o]}/}
			# shellcheck disable=SC2086
			run --separate-stderr "$BIN" -n $rest "$word"
			[ "$status" -eq 1 ] && [ "$stderr" = "tpr-out: $word needs ${OPT_LONG[$o]:-$o}" ] ||
				{ echo "$word needs $o, says the man page: status $status: $stderr"; return 1; }
		done
	done
}

@test "-s holder: for preempt and preempt-abort only, as the man page says" {
	man_section OPTIONS | tr '\n' ' ' | grep -q -- 'preempt and .Cm preempt-abort only' ||
		{ echo "OPTIONS no longer says holder is for preempt and preempt-abort only"; return 1; }
	run "$BIN" -n -k 1 -s holder -T 1 preempt
	[ "$status" -eq 0 ]
	run "$BIN" -n -k 1 -s holder -T 1 preempt-abort
	[ "$status" -eq 0 ]
	for word in register register-ignore register-move replace-lost; do
		run --separate-stderr "$BIN" -n -s holder -T 1 -I sas,0x5001405bbbb00002 -R 1 "$word"
		[ "$status" -eq 31 ] || { echo "$word -s holder: $status $stderr"; return 1; }
	done
}

# ---- types, keys, TransportIDs ------------------------------------------------

@test "the six types of --help are in the man page's table, both completions, and accepted" {
	"$BIN" --help | grep -qF -- "$TYPES" || { echo "--help no longer lists: $TYPES"; return 1; }
	local t code=(1 3 5 6 7 8) i=0
	for t in $TYPES; do
		man_section DESCRIPTION | grep -qx -- ".It $t Ta ${code[i]} Ta .*" ||
			{ echo "no row '$t Ta ${code[i]}' in the man page's type table"; return 1; }
		grep -qE -- "(^|[ '\"(])$t\\\\?:" "$ZSH_COMP" || { echo "$t missing from $ZSH_COMP"; return 1; }
		grep -qE -- "(^|[ '\"])$t( |'|\$)" "$BASH_COMP" || { echo "$t missing from $BASH_COMP"; return 1; }
		run "$BIN" -n -k 1 -T "$t" reserve
		[ "$status" -eq 0 ] && [[ $output == *"($t, ${code[i]})"* ]] || { echo "$t: $output"; return 1; }
		i=$((i + 1))
	done
}

@test "bash completion: the types after -T, --type, --type= and -vT" {
	complete_bash tpr-out -T ""
	# shellcheck disable=SC2086 # one word per type
	lines_are $TYPES
	complete_bash tpr-out -f /dev/null --type ""
	# shellcheck disable=SC2086
	lines_are $TYPES
	complete_bash tpr-out --type = ex-ac
	lines_are ex-ac ex-ac-ro ex-ac-ar
	complete_bash tpr-out --type=wr-ex-
	lines_are --type=wr-ex-ro --type=wr-ex-ar
	complete_bash tpr-out -vT w
	lines_are wr-ex wr-ex-ro wr-ex-ar
	# -T's value is not the action: actions come after it
	complete_bash tpr-out -T ex-ac re
	lines_are register register-ignore reserve release register-move replace-lost
}

@test "bash completion: holder and auto after -s and --sa-key, auto after -k, nothing after -R and -t" {
	complete_bash tpr-out -s ""
	lines_are holder auto
	complete_bash tpr-out -k 0x1 --sa-key = h
	lines_are holder
	complete_bash tpr-out -k 0x1 --sa-key = a
	lines_are auto
	complete_bash tpr-out --sa-key=
	lines_are --sa-key=holder --sa-key=auto
	complete_bash tpr-out -k ""
	lines_are auto
	complete_bash tpr-out --key = a
	lines_are auto
	complete_bash tpr-out -R ""
	lines_are
	complete_bash tpr-out -t ""
	lines_are
}

@test "bash completion: -f and --device complete file names; -I the start of each TransportID form" {
	complete_bash tpr-out -f /dev/nul
	has_line /dev/null
	complete_bash tpr-out -v --device = /dev/nul
	has_line /dev/null
	complete_bash tpr-out -I s
	lines_are sas,0x srp,0x sbp,0x sop, spi,
	complete_bash tpr-out --transport-id = i
	lines_are iqn.
}

@test "every TransportID example of the man page is accepted and printed back the same" {
	local ex n=0 form
	# each example follows a line that ends "for example"
	while read -r ex; do
		n=$((n + 1))
		run --separate-stderr "$BIN" -n -s 1 -I "$ex" register
		[ "$status" -eq 0 ] || { echo "$ex: $stderr"; return 1; }
		case $ex in
		hex,*) [[ $output == *$'\n'"transport id: sas,0x5001405bbbb00002"* ]] ;;
		*) [[ $output == *$'\n'"transport id: $ex"* ]] ;;
		esac || { echo "$ex printed back otherwise: $output"; return 1; }
	done < <(man_section "TRANSPORT IDS" | awk 'p && /^\.Ql / { print $2 } { p = /for example$/ }')
	[ "$n" -ge 12 ] || { echo "only $n examples found"; return 1; }
	# every form of tid_parse() has one, and the bash completion offers it
	for form in sas,0x fc,0x iqn. eui. naa. srp,0x sbp,0x sop, spi, hex, proto-0x; do
		man_section "TRANSPORT IDS" | awk 'p && /^\.Ql / { print $2 } { p = /for example$/ }' |
			grep -q "^$form" || { echo "no example of $form"; return 1; }
		[ "$form" = proto-0x ] || grep -qE -- "[ ']$form( |')" "$BASH_COMP" ||
			{ echo "$form not in $BASH_COMP"; return 1; }
	done
}

@test "the man page's -k names the auto key's application ID of keys.h" {
	local app
	app=$(sed -n 's/^#define KEYS_AUTO_APP_ID "\([0-9a-f]*\)"$/\1/p' "$TOP/common/keys.h")
	[ -n "$app" ]
	man_section OPTIONS | grep -qF -- "--app-specific=$app" ||
		{ echo "OPTIONS does not give --app-specific=$app"; return 1; }
}

# ---- the page as a whole --------------------------------------------------------

@test "the man page's SYNOPSIS mirrors the usage line of --help" {
	doc_synopsis_mirrors_usage
}

@test "the man page's EXIT STATUS lists every exit status of exitstat.h, and no other" {
	doc_exit_statuses
}

@test "the man page's ENVIRONMENT lists every variable tpr-out and its core read, and no other" {
	doc_environment 1
}

@test "DIAGNOSTICS finds each cause conflict_explain() can give by its first words" {
	local text lit cause n=0
	text=$(man_lines | sed -n '/^DIAGNOSTICS/,/^SEE ALSO/p')
	[ -n "$text" ] || { echo "no DIAGNOSTICS in $MAN"; return 1; }
	# each snprintf() of conflict_str() is one cause; the first piece
	# of three words or more of its format is what a reader searches for
	while IFS= read -r lit; do
		cause=$(sed 's/%[-0-9.]*[a-z]*/\n/g' <<<"$lit" |
			awk 'split($0, w, " ") >= 3 { sub(/^ +/, ""); sub(/ +$/, ""); print; exit }')
		[ -n "$cause" ] || { echo "no words in the format \"$lit\""; return 1; }
		n=$((n + 1))
		grep -qF -- "$cause" <<<"$text" || { echo "'$cause' is not in DIAGNOSTICS of $MAN"; return 1; }
	done < <(sed -n '/^conflict_str(/,/^}/p' "$TOP/common/conflict.c" |
		sed -n 's/.*snprintf(buf, len, //p' | sed -E 's/" PRI[a-zA-Z0-9]+ "//g' |
		grep -oE '^"([^"\\]|\\.)*"' | sed 's/^"//; s/"$//' |
		grep -v 'reading the reservation state failed')	# not a cause: the state is unread
	[ "$n" -ge 7 ] || { echo "only $n causes found in conflict.c"; return 1; }
}

@test "every tpr-out command of the man page's examples passes tpr-out's checks" {
	[ -r /etc/machine-id ] || skip "the examples use the auto key, which needs /etc/machine-id"
	local cmd n=0
	while IFS= read -r cmd; do
		n=$((n + 1))
		# shellcheck disable=SC2086 # the example's words
		eval "set -- $cmd"
		run --separate-stderr "$BIN" -n "$@"
		[ "$status" -eq 0 ] || { echo "example 'tpr-out $cmd': $status: $stderr"; return 1; }
	done < <(sed -e ':a' -e '/\\e$/{N;s/\\e\n */ /;ba' -e '}' "$MAN" |
		sed -n 's/^\([#$] \)\{0,1\}tpr-out \(.*\)$/\2/p' |
		sed 's/ ||.*//; s/"\$key"/0x1/; s/-f [^ ]* //')	# a dry run with -f reads the device
	[ "$n" -ge 10 ] || { echo "only $n example commands found"; return 1; }
}

@test "the --dry-run example of the man page is what tpr-out prints" {
	local cmd want got
	cmd=$(sed -n 's/^\$ tpr-out \(-n .*\)$/\1/p' "$MAN")
	[ -n "$cmd" ] || { echo "no '$ tpr-out -n' example"; return 1; }
	want=$(awk -v c="\$ tpr-out $cmd" '$0 == c { on = 1; next } /^\.Ed/ { on = 0 } on' "$MAN" | tr -s ' \n' '  ')
	# shellcheck disable=SC2086 # the example's words
	got=$("$BIN" $cmd | tr -s ' \n' '  ')
	[ "$want" = "$got" ] || { echo "man: $want"; echo "got: $got"; return 1; }
}

@test "the man page gives the note that --dry-run adds for clear and preempt-abort without --force" {
	local note
	note=$("$BIN" -n -k 1 clear | tail -n 1)
	[[ $note == "note: "* ]] || { echo "no note line: $note"; return 1; }
	[ "$("$BIN" -n -k 1 -s 2 -T 1 preempt-abort | tail -n 1)" = "$note" ]
	man_lines | grep -qF -- "$note" || { echo "'$note' is not in $MAN"; return 1; }
}

@test "bash -n and zsh -n accept the completions; zsh's starts with #compdef" {
	doc_bash_parses
	grep -qx 'complete -F _tpr_out tpr-out' "$BASH_COMP"
	doc_zsh_parses
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	doc_mandoc_lint
}

@test "the man page renders to at most 350 lines" {
	doc_rendered_lines 350
}

@test "the man page has NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ENVIRONMENT, EXIT STATUS, EXAMPLES, DIAGNOSTICS, SEE ALSO" {
	doc_sections
}

@test "every option an item of the man page's OPTIONS names is an option of --help" {
	doc_options_known 25
}

@test "after a lone -, both completions offer exactly the options of --help" {
	doc_completions_offer_exactly_help 25
}

@test "zsh completion: every action; the types after -T; holder and auto after -s; auto after -k" {
	read_items "$(help_actions)" 9
	complete_zsh tpr-out ""
	for word in "${ITEMS[@]}"; do
		has_line "$word"
	done
	[ "${#lines[@]}" -eq "${#ITEMS[@]}" ] || { echo "extra matches: ${lines[*]}"; return 1; }
	complete_zsh tpr-out -T ""
	# shellcheck disable=SC2086 # one word per type
	lines_are $TYPES
	complete_zsh tpr-out -s ""
	lines_are holder auto
	complete_zsh tpr-out -k ""
	lines_are auto
}

@test "zsh completion: every long option after --" {
	read_items "$(help_long_options)" 10
	complete_zsh tpr-out --
	for opt in "${ITEMS[@]}"; do
		has_line "$opt"
	done
}
