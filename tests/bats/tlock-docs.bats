#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# tlock's man page and shell completions agree with its --help and with what it accepts: options, actions, values, usage, record format, environment, exit statuses; the page is short enough to read.

load helpers
load docs

setup() {
	TOOL=tlock
	BIN="$TOP/${B:-build}/$TOOL"
	BASH_COMP="$TOP/completions/bash/$TOOL"
	ZSH_COMP="$TOP/completions/zsh/_$TOOL"
	MAN="$TOP/man/$TOOL.1"
	# for accepts: the value of each option that needs one, and a lock
	# directory of this test's own on its command line
	declare -gA OPT_VALUES=(
		[--device]=/dev/null [--command]=true [--method]=pr [--key]=0x1111
		[--type]=ex-ac [--lock-dir]="$BATS_TEST_TMPDIR/locks" [--wait]=5
		[--timeout]=5 [--initiator-name]=iqn.2026-12.test.host:a [--conflict-exit]=5 [--owner]=1
		[--keys]=
	)
	ACCEPTS_ARGS=(-L "$BATS_TEST_TMPDIR/locks")
}

# ---- options -----------------------------------------------------------------

@test "every long option of --help is in both completions and an item of the man page's OPTIONS" {
	doc_long_options 12
}

@test "every short option of --help is in both completions and an item of the man page's OPTIONS" {
	doc_short_options 12
}

@test "every long option of --help is in the rendered man page" {
	doc_long_options_rendered 12 "$(man_text)"
}

@test "bash completion: before an action, every long option after --, and nothing else" {
	doc_bash_offers_long_options 12
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

@test "every action of --help is in the zsh completion and an item of the man page's SPLIT MODE, and vice versa" {
	doc_actions "SPLIT MODE" 3
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
	doc_bash_parses
}

@test "zsh -n accepts the zsh completion, which starts with #compdef tlock" {
	doc_zsh_parses
}

@test "mandoc -Tlint -W warning finds nothing in the man page" {
	doc_mandoc_lint
}

@test "the man page's SYNOPSIS mirrors the usage lines of --help" {
	doc_synopsis_mirrors_usage 2
}

@test "the man page's EXIT STATUS lists every exit status of exitstat.h and the command's, and no other" {
	doc_exit_statuses 126 127 "128+ Ns Ar N"
}

@test "the man page's ENVIRONMENT lists every variable tlock and its core read, and no other" {
	doc_environment 1
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

# ---- the record ------------------------------------------------------------------

@test "the man page's record example has lockrec_format's fields, in its order" {
	local want got
	# the "NAME: %..." fields of lockrec_format()'s format (the text lockrec_write()
	# stores), in order: "pid: %ld\njob: %ld\nstart: ..." -> pid job start ...
	want=$(sed -n '/^lockrec_format(/,/^}/p' "$TOP/common/lockrec.c" |
		grep -oE '(\\n|")[a-z]+: (0x)?%' | sed -E 's/^(\\n|")//; s/: .*//' | tr '\n' ' ')
	read_items "$(tr ' ' '\n' <<<"$want" | sed '/^$/d')" 8
	# the literal block after "The record is text"
	got=$(man_section "THE LOCK RECORD" | sed -n '/^\.Bd -literal/,/^\.Ed/p' |
		sed -n 's/^\([a-z]*\): .*/\1/p' | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "man: $got"; echo "lockrec_format: $want"; return 1; }
	# and its first line
	man_section "THE LOCK RECORD" |
		grep -qxF -- "# tlock: this logical unit is held; see tlock(1)"
	grep -qF -- '"# tlock: this logical unit is held; see tlock(1)\n"' "$TOP/common/lockrec.c"
}
