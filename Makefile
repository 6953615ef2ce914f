# SPDX-License-Identifier: GPL-2.0-or-later
# tresv: build, test, install.  `make V=1` shows the commands.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR ?=

# The one version: --version, make dist's tarball and make deb's package take it from here.
VERSION := $(shell cat VERSION)
# SANITIZE=1 builds apart, so sanitized and plain objects never mix.
ifeq ($(SANITIZE),1)
B := build/san
else
B := build
endif
export B

# Only tools that really work are listed here.
TOOLS := tresv tpr-in tpr-out tlock
CORE := dlib fault cdb sense xport_sg iscsi_url xport_iscsi dev cmd prin prout num keys cli sink tid hex prstate output out_json vpd sysfs ports lu holder conflict spc2 lockrec hold hostlock job noop keymap keyscheme keynames audit paths allpaths
UNIT := fault job lockrec cdb sense prin prout num keys sink tid hex iscsi_url prstate vpd sysfs ports conflict hold cmd holder hostlock noop lu keymap keyscheme keynames audit paths allpaths

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
	-Wstrict-prototypes -Wpointer-arith -Wundef -Wvla
# Libraries come with their flags from pkg-config, except libsgutils2, which
# ships no .pc file (Debian 12's libsgutils2-dev 1.46 has none): it alone is
# named by hand.  The pkg-config answers are asked for when a rule uses them,
# so deps, clean and dist work before the libraries are installed.
PKG_CONFIG ?= pkg-config
PC_TOOL := popt
# Only headers of these: libsystemd (the auto key), libiscsi (iscsi://) and
# libjansson (--json) are loaded with dlopen(3) when a run needs them
# (common/dlib.c), since linked they would load twelve more libraries at
# every start (issue 16).
PC_DLOPEN := libsystemd libiscsi jansson
pc = $(shell $(PKG_CONFIG) $(1))
ALL_CFLAGS := -std=gnu11 $(WARNINGS) $(CFLAGS) -MMD -MP
ALL_CPPFLAGS = -D_GNU_SOURCE -DTRESV_VERSION='"$(VERSION)"' -Icommon \
	$(call pc,--cflags $(PC_TOOL) $(PC_DLOPEN)) $(CPPFLAGS)
LDLIBS_CORE = -lsgutils2
LDLIBS_TOOL = $(LDLIBS_CORE) $(call pc,--libs $(PC_TOOL))
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

LIB := $(B)/libtresv.a
CORE_OBJ := $(CORE:%=$(B)/common/%.o)
TOOL_BIN := $(TOOLS:%=$(B)/%)
UNIT_BIN := $(UNIT:%=$(B)/tests/unit/test_%)

all: $(TOOL_BIN)

# --version is compiled in: objects follow the VERSION file.
$(B)/common/%.o: common/%.c VERSION
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tools/%.o: tools/%.c VERSION
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(CORE_OBJ)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/%: $(B)/tools/%.o $(LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS_TOOL)

$(B)/tests/unit/%.o: tests/unit/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(call pc,--cflags cmocka) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

# Every unit test links the scripted transport (tests/unit/script.c).
$(B)/tests/unit/test_%: $(B)/tests/unit/test_%.o $(B)/tests/unit/script.o $(LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(B)/tests/unit/script.o $(LIB) $(LDLIBS_TOOL) $(call pc,--libs cmocka)

# Keep the objects of pattern-chained tools and tests (without listing
# targets, .SECONDARY would also skip rebuilding missing core objects).
.PRECIOUS: $(B)/tools/%.o $(B)/tests/unit/%.o

# --- tests -----------------------------------------------------------------
# check: every suite (unit, CLI, the real-device lab on both lab kernels);
# check-host: no lab. The last line of either is "N passed, N failed" over all suites.
LAB_BATS := $(wildcard tests/lab/*.bats)
# The one lab kernel make demo and make bench boot (tests/lab/run --kernel):
# stable (Debian 12's 6.1) or newest (the newest of trixie-backports, whose
# scsi_debug tape moves data, so the demo's backup job really writes).
DEMO_KERNEL ?= newest

deps:
	$(Q)scripts/install-deps

# check's suites: unit, CLI, the fuzz smoke (every libFuzzer target built
# and run over its corpus, a few seconds each) and the lab on both kernels.
# With SANITIZE=1 the ASan+UBSan builds (build/san) run in all of them,
# the lab guest included (tests/lab/run copies their runtime libraries in;
# tests/lab/zzz-sanitizers.bats counts the sanitized runs), LeakSanitizer on.
CHECK_SUITES := unit bats fuzz lab-stable lab-newest
ifeq ($(SANITIZE),1)
export ASAN_OPTIONS := detect_leaks=1:abort_on_error=0:exitcode=23
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
endif

# Under check, tests/bats/dist.bats runs all of make check-host in the
# unpacked source tarball (make distcheck); check-host skips that to stay quick.
check: export TRESV_PKG_TESTS ?= full
check: deps
	$(Q)$(MAKE) --no-print-directory all unit-bins
	$(Q)tests/run-suites $(CHECK_SUITES)

# check-host installs nothing (issue 11): it, and every make its suites run
# (make deb in tests/bats), only say which packages are missing.
check-host: export TRESV_DEPS_CHECK := 1
check-host:
	$(Q)scripts/install-deps build test deb
	$(Q)$(MAKE) --no-print-directory all unit-bins
	$(Q)tests/run-suites unit bats

unit-bins: $(UNIT_BIN)

unit: $(UNIT_BIN)
	$(Q)tests/run-suites unit

demo: deps all
	$(Q)tests/lab/run --kernel $(DEMO_KERNEL) --script demo/demo.sh

# libFuzzer targets (clang, ASan+UBSan), FUZZ_SECONDS each (default 20).
fuzz: deps
	$(Q)tests/fuzz/run

# Benchmarks run in the lab guest (on DEMO_KERNEL); results also go to build/bench.txt.
# floor-static and floor-dynamic only print: what a process start costs there at least;
# parts adds one C library service, parts-sgutils2 and parts-popt one more library (section g).
BENCH_BIN := $(B)/bench/maxrss $(B)/bench/floor-static $(B)/bench/floor-dynamic \
	$(B)/bench/parts $(B)/bench/parts-sgutils2 $(B)/bench/parts-popt
bench: deps all $(BENCH_BIN)
	$(Q)tests/lab/run --kernel $(DEMO_KERNEL) --timeout 1200 --script bench/compare.sh \
		$(BENCH_BIN) | tee $(B)/bench.txt
	$(Q)tests/lab/run --kernel $(DEMO_KERNEL) --script bench/tpr-in-status.sh | tee -a $(B)/bench.txt

$(B)/bench/maxrss: bench/maxrss.c
$(B)/bench/floor-static $(B)/bench/floor-dynamic: bench/floor.c
$(B)/bench/floor-static: BENCH_LDFLAGS := -static
$(B)/bench/parts $(B)/bench/parts-sgutils2 $(B)/bench/parts-popt: bench/parts.c
# linked, never called: --no-as-needed keeps the library a start loads
$(B)/bench/parts-sgutils2: BENCH_LDLIBS := -Wl,--no-as-needed -lsgutils2
$(B)/bench/parts-popt: BENCH_LDLIBS := -Wl,--no-as-needed -lpopt
$(BENCH_BIN):
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(BENCH_LDFLAGS) -o $@ $< $(BENCH_LDLIBS)

lint:
	$(Q)for m in man/*.1; do mandoc -Tlint -W warning $$m || exit 1; done

# --- packages --------------------------------------------------------------
# dist: DISTDIR/tresv-VERSION.tar.gz, every tracked file (scripts/mkdist).
# deb: the Debian package, built from that tarball with debhelper and
# checked with lintian, into DEBDIR (scripts/mkdeb); DEB_REVISION (default 1)
# is the part of its version after VERSION.  make check's suites test both.
DISTDIR ?= build
DEBDIR ?= build/deb

dist:
	$(quiet) DIST $(DISTDIR)/tresv-$(VERSION).tar.gz
	$(Q)scripts/mkdist $(DISTDIR) >/dev/null

# distcheck: the tarball, unpacked in a temporary directory, passes make
# check-host there.  TRESV_PKG_TESTS=off: its suites leave dist and deb to
# this run, which would otherwise start again inside it.
distcheck: dist
	$(Q)d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	tar -xzf $(DISTDIR)/tresv-$(VERSION).tar.gz -C "$$d" && \
	TRESV_PKG_TESTS=off $(MAKE) --no-print-directory -C "$$d/tresv-$(VERSION)" check-host

deb:
	$(Q)scripts/install-deps build deb
	$(quiet) DEB $(DEBDIR)
	$(Q)V=$(V) scripts/mkdeb $(DEBDIR)

# --- install ---------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(TOOL_BIN) $(DESTDIR)$(BINDIR)/
	for t in $(TOOLS); do \
		install -m 0644 man/$$t.1 $(DESTDIR)$(MANDIR)/man1/ && \
		install -m 0644 completions/bash/$$t $(DESTDIR)$(BASHCOMPDIR)/ && \
		install -m 0644 completions/zsh/_$$t $(DESTDIR)$(ZSHCOMPDIR)/ || exit 1; \
	done

uninstall:
	for t in $(TOOLS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/man1/$$t.1 \
			$(DESTDIR)$(BASHCOMPDIR)/$$t $(DESTDIR)$(ZSHCOMPDIR)/_$$t; \
	done

clean:
	rm -rf build

.PHONY: all deps check check-host unit unit-bins demo bench fuzz lint dist distcheck deb install uninstall clean

-include $(wildcard $(B)/*/*.d $(B)/*/*/*.d)
