#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs last: under make check SANITIZE=1, every tool run of the lab suites was sanitized; count the runs, fail on any report.

load lib/lab

# The guest's init points ASAN_OPTIONS and UBSAN_OPTIONS at /run/lab-san
# when the tools are ASan+UBSan builds: one file per sanitized process that
# exited (ASan's exit statistics, atexit=1), and any report in a file of
# its own process.
SAN=/run/lab-san

@test "sanitizers: the tools ran under ASan+UBSan in every lab suite, with no report" {
	[[ ${LAB_SANITIZED:-0} == 1 ]] || skip "plain tools in the guest (make check SANITIZE=1 runs them sanitized)"
	# the probe works: a run now leaves its file
	local before after
	before=$(ls "$SAN" | grep -c '^asan\.tpr-in\.' || true)
	tpr-in --version >/dev/null
	after=$(ls "$SAN" | grep -c '^asan\.tpr-in\.' || true)
	[ "$after" -eq $((before + 1)) ]
	local runs reports t per=""
	runs=$(ls "$SAN" | grep -c '^asan\.' || true)
	for t in tresv tpr-in tpr-out tlock; do
		per+="$t $(ls "$SAN" | grep -c "^asan\.$t\." || true), "
	done
	reports=$(grep -l -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$SAN"/* 2>/dev/null || true)
	echo "# sanitized: $runs tool runs under ASan+UBSan on $LAB_KERNEL (${per%, }),"\
		"$(printf '%s' "$reports" | grep -c . || true) reports" >&3
	if [[ -n $reports ]]; then
		local f
		for f in $reports; do
			echo "--- $f"
			head -n 40 "$f"
		done
		return 1
	fi
}
