# Thin wrapper: the toolchain (Deno, pinned in toolchain/package.json) is installed by the project itself.
DENO      := toolchain/node_modules/.bin/deno
PREFIX    ?= /usr/local
DESTDIR   ?=
LIBDIR    := $(DESTDIR)$(PREFIX)/lib/nut-ts
BINDIR    := $(DESTDIR)$(PREFIX)/bin
SBINDIR   := $(DESTDIR)$(PREFIX)/sbin
# NUT program names installed as symlinks to the launcher: the programs and the drivers of the catalogue
# (cmd/programs.ts, lib/drivers/catalog.ts), read when install or uninstall runs.
NUT_NAMES = $(shell $(DENO) run --quiet --no-prompt --cached-only tools/program_names.ts)
# Offline by construction (lib/os/child_env.ts): no Deno update check in anything a target starts, and
# `deno run --cached-only` (no module fetched at run time).
export DENO_NO_UPDATE_CHECK := 1

.PHONY: all toolchain demo test test-unit test-peers check fmt lint bench bench-shutdown bench-attack bench-usb fuzz compile install uninstall clean

all: toolchain

$(DENO): toolchain/package.json toolchain/package-lock.json
	cd toolchain && npm install --no-audit --no-fund --loglevel=error
	@test -x $(DENO) && touch $(DENO)

toolchain: $(DENO)

## demo: a simulated UPS (a real device dump) served on 127.0.0.1 and shown live
demo: $(DENO)
	$(DENO) run -A --cached-only main.ts demo

## test: everything CI runs: format, lint, type check, unit and cross-process tests
test: $(DENO) test-peers check
	$(DENO) test -A --no-prompt

test-unit: $(DENO)
	$(DENO) test -A --no-prompt lib config cmd

## test-peers: install Debian's NUT 2.8.0 and socat as interoperability peers when possible
test-peers:
	@sh tests/setup_peers.sh

check: $(DENO)
	$(DENO) fmt --check
	$(DENO) lint
	$(DENO) task check

fmt: $(DENO)
	$(DENO) fmt

lint: $(DENO)
	$(DENO) lint

## bench: benchmarks against NUT's upsd (on demand, never in CI)
bench: $(DENO) test-peers
	$(DENO) run -A --cached-only bench/server_bench.ts

## bench-shutdown: power cut to SHUTDOWNCMD, NUT's upsd + upsmon against ours (on demand, never in CI)
bench-shutdown: $(DENO) test-peers
	$(DENO) run -A --cached-only bench/shutdown_bench.ts

## bench-attack: a legitimate client through the attack mix of issue 7, NUT's upsd against ours (on demand)
bench-attack: $(DENO) test-peers
	$(DENO) run -A --cached-only bench/attack_bench.ts

## bench-usb: usbhid-ups on the emulated USB UPS, NUT 2.8.0's C driver beside ours (on demand, never in CI)
bench-usb: $(DENO) test-peers
	$(DENO) run -A --cached-only bench/usbhid_bench.ts

## fuzz: random and mutated inputs for every parser, 1,000,000 each (seeded; on demand, never in CI).
## FUZZ_CORPUS: further seed folders (NUT's installed configs, a Devices Dumps Library); FUZZ_ARGS: flags.
FUZZ_CORPUS ?= $(wildcard /etc/nut ../shared/data/ddl)
FUZZ_ARGS   ?=
fuzz: $(DENO)
	$(DENO) run --allow-read --cached-only fuzz/main.ts $(addprefix --corpus ,$(FUZZ_CORPUS)) $(FUZZ_ARGS)

## compile: one self-contained binary (needs Deno's runtime download, blocked on some networks)
compile: $(DENO)
	$(DENO) compile -A --v8-flags=--max-semi-space-size=2 --output build/nut main.ts

## install: the launcher (or build/nut when compiled) plus NUT program-name symlinks
install: $(DENO)
	mkdir -p $(LIBDIR) $(BINDIR) $(SBINDIR)
	if [ -x build/nut ]; then \
	  install -m 0755 build/nut $(BINDIR)/nut; \
	else \
	  cp -R main.ts deno.json cmd lib ffi config toolchain $(LIBDIR)/ && \
	  sed -e 's|@LIBDIR@|$(PREFIX)/lib/nut-ts|g' tools/nut.launcher > $(BINDIR)/nut && \
	  chmod 0755 $(BINDIR)/nut; \
	fi
	for n in $(NUT_NAMES); do ln -sf ../bin/nut $(SBINDIR)/$$n; done
	for n in upsc upscmd upsrw nut-scanner; do ln -sf nut $(BINDIR)/$$n; done

uninstall:
	rm -rf $(LIBDIR) $(BINDIR)/nut
	for n in $(NUT_NAMES); do rm -f $(SBINDIR)/$$n; done
	for n in upsc upscmd upsrw nut-scanner; do rm -f $(BINDIR)/$$n; done

clean:
	rm -rf build
