#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# make deb: the package an admin installs, unpacked with dpkg -x into a private root, and the tools, man pages and completions run from there.

load helpers
load docs
load pkg

# One make deb for the file; its results live in BATS_FILE_TMPDIR.
setup_file() {
	! pkg_tests_off || return 0
	export DEB_OUT="$BATS_FILE_TMPDIR/deb" XROOT="$BATS_FILE_TMPDIR/root"
	touch "$BATS_FILE_TMPDIR/before"
	sleep 1 # mtimes have one-second steps on some file systems
	local deb
	pkg_make deb DEBDIR="$DEB_OUT"
	for deb in "$DEB_OUT"/tresv_*.deb; do
		[ -f "$deb" ] && dpkg -x "$deb" "$XROOT"
	done
	return 0
}

setup() {
	pkg_setup
	DEB=$(printf '%s\n' "$DEB_OUT"/tresv_"$VERSION"-1_*.deb)
	pkg_made "$DEB"
}

@test "make deb builds the package into DEBDIR, lintian keeps only the overridden warnings, the tree stays clean" {
	local base=${DEB%.deb}
	[ -f "$base.changes" ] && [ -f "$base.buildinfo" ] && [ -f "$base.build" ]
	[ ! -e "$DEB_OUT/src" ]
	# lintian ran (its O: lines are the overrides, so the probe shows itself)
	# and reported no error or warning beyond them
	if grep -E '^[EW]: ' "$BATS_FILE_TMPDIR/make.log"; then return 1; fi
	run grep -c '^O: tresv: ' "$BATS_FILE_TMPDIR/make.log"
	[ "$output" = "$(grep -c '^tresv: ' "$TOP/debian/tresv.lintian-overrides")" ]
	# every override says why, in a comment right above it
	run awk '/^tresv: / && prev !~ /^#/ { print } { prev = $0 }' "$TOP/debian/tresv.lintian-overrides"
	[ -z "$output" ]
	# nothing was written into the source tree or next to it (dpkg-buildpackage's ..)
	run find "$TOP" -path "$TOP/.git" -prune -o -newer "$BATS_FILE_TMPDIR/before" -print
	[ -z "$output" ] || { echo "written in the tree: $output"; return 1; }
	run find "$TOP/.." -maxdepth 1 -name 'tresv*' -newer "$BATS_FILE_TMPDIR/before"
	[ -z "$output" ]
}

@test "the package holds exactly the tools, man pages, completions, copyright and changelog" {
	local want=() t
	for t in "${TOOLS[@]}"; do
		want+=("usr/bin/$t" "usr/share/man/man1/$t.1.gz"
			"usr/share/bash-completion/completions/$t" "usr/share/zsh/vendor-completions/_$t")
	done
	want+=(usr/share/doc/tresv/copyright usr/share/doc/tresv/changelog.Debian.gz
		usr/share/lintian/overrides/tresv)
	diff -u <(printf '%s\n' "${want[@]}" | sort) \
		<(cd "$XROOT" && find . \( -type f -o -type l \) -printf '%P\n' | sort)
	# ... and they are the tree's own files
	for t in "${TOOLS[@]}"; do
		cmp "$TOP/completions/bash/$t" "$XROOT/usr/share/bash-completion/completions/$t"
		cmp "$TOP/completions/zsh/_$t" "$XROOT/usr/share/zsh/vendor-completions/_$t"
		zcat "$XROOT/usr/share/man/man1/$t.1.gz" | cmp "$TOP/man/$t.1" -
	done
}

@test "one version: the package, its changelog and every installed tool's --version say VERSION" {
	[ "$(dpkg-deb -f "$DEB" Package)" = tresv ]
	[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION-1" ]
	run zcat "$XROOT/usr/share/doc/tresv/changelog.Debian.gz"
	[[ ${lines[0]} == "tresv ($VERSION-1) "* ]]
	local t
	for t in "${TOOLS[@]}"; do
		run --separate-stderr "$XROOT/usr/bin/$t" --version
		[ "$status" -eq 0 ] && [ "$output" = "$t $VERSION" ] || { echo "$t: $status '$output'"; return 1; }
	done
}

@test "Depends comes from shlibs: a versioned package for every library the tools link against" {
	# debian/control leaves it to dh_shlibdeps
	grep -qx 'Depends: ${misc:Depends}, ${shlibs:Depends}' "$TOP/debian/control"
	local depends lib pkgs p found
	depends=$(dpkg-deb -f "$DEB" Depends)
	run objdump -p "$XROOT"/usr/bin/*
	mapfile -t libs < <(printf '%s\n' "${lines[@]}" | awk '$1 == "NEEDED" { print $2 }' | sort -u)
	# libc, libsgutils2, libpopt; libsystemd, libiscsi and libjansson are loaded
	# with dlopen(3) only when a run needs them (issue 16), so Recommended
	[ "${#libs[@]}" -ge 3 ] || { echo "NEEDED: ${libs[*]}"; return 1; }
	for lib in libsystemd libiscsi libjansson; do
		[[ " ${libs[*]} " != *" $lib.so"* ]] || { echo "linked: ${libs[*]}"; return 1; }
	done
	for p in libiscsi7 libjansson4 libsystemd0; do
		[[ ", $(dpkg-deb -f "$DEB" Recommends)," == *", $p,"* ]] ||
			{ echo "Recommends: $(dpkg-deb -f "$DEB" Recommends)"; return 1; }
	done
	for lib in "${libs[@]}"; do
		pkgs=$(dpkg -S "*/$lib" | cut -d: -f1 | sort -u)
		found=
		for p in $pkgs; do
			[[ ", $depends," =~ ,\ $p\ \(\>=\ [^\)]+\), ]] && found=1
		done
		[ -n "$found" ] || { echo "$lib ($pkgs) not in Depends: $depends"; return 1; }
	done
}

@test "the installed tools run from the unpacked root: --help" {
	local t
	for t in "${TOOLS[@]}"; do
		run --separate-stderr "$XROOT/usr/bin/$t" --help
		[ "$status" -eq 0 ] || { echo "$t --help: $status $stderr"; return 1; }
		[[ ${lines[0]} == "Usage: $t "* ]] || { echo "$t: ${lines[0]}"; return 1; }
	done
}

@test "the installed man pages render and lint clean with mandoc" {
	local t
	for t in "${TOOLS[@]}"; do
		run mandoc -Tlint -W warning "$XROOT/usr/share/man/man1/$t.1.gz"
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
		run mandoc -Tascii "$XROOT/usr/share/man/man1/$t.1.gz"
		[[ $(sed 's/.\x08//g' <<<"$output") == *"NAME"*"$t - "*"SYNOPSIS"* ]] || { echo "$output" | head; return 1; }
	done
}

@test "the installed completions parse, sit where bash and zsh look, and complete the installed tools" {
	# zsh on Debian looks in vendor-completions; bash-completion loads by command name
	zsh -fc 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions
	local t
	for t in "${TOOLS[@]}"; do
		bash -n "$XROOT/usr/share/bash-completion/completions/$t"
		zsh -n "$XROOT/usr/share/zsh/vendor-completions/_$t"
		[ "$(head -n 1 "$XROOT/usr/share/zsh/vendor-completions/_$t")" = "#compdef $t" ]
		# the installed completion offers every long option of the installed tool
		TOOL=$t BIN="$XROOT/usr/bin/$t" BASH_COMP="$XROOT/usr/share/bash-completion/completions/$t"
		read_items "$(help_long_options)" 2
		complete_bash "$t" --
		for opt in "${ITEMS[@]}"; do
			has_line "$opt"
		done
	done
}

@test "the installed tools carry the package build's hardening (hardening-check)" {
	# Bookworm's dpkg-buildflags has no control-flow protection flag
	# (-fcf-protection came with dpkg 1.22): not asked for, so not checked.
	run hardening-check --nocfprotection "$XROOT"/usr/bin/*
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ $output == *"Position Independent Executable: yes"* ]]
	[ "$(grep -c 'Fortify Source functions: yes' <<<"$output")" -eq "${#TOOLS[@]}" ]
	[ "$(grep -c 'Immediate binding: yes' <<<"$output")" -eq "${#TOOLS[@]}" ]
}
