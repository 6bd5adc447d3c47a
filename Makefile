# Sotay — the README's two commands are `make run` and `make test`.
# Both install what a fresh Debian 12 machine lacks, and are safe to run twice.

SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)

APT_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev xvfb xauth webkit2gtk-driver imagemagick epubcheck qpdf poppler-utils zbar-tools libreoffice-writer-nogui
# webkit2gtk-driver provides WebKitWebDriver; imagemagick's `import` takes the e2e screenshots;
# epubcheck validates the EPUB exports in the tests (SOTAY_REQUIRE_TOOLS makes them insist on it);
# zbar-tools' zbarimg reads the QR code printed on a copy back (the CLI test of copies' codes);
# libreoffice-writer-nogui opens the .docx documents as a clerk's office suite would (tests/cli/admin.rs).

.PHONY: help bench fuzz run test deps deps-system deps-ui deps-deny deps-driver ui bindings lint test-rust test-ui test-e2e fmt clean

help:
	@echo "make run    - build and start the Sotay app on your workspace (a sample on first start)"
	@echo "make test   - every test: fmt, clippy, Rust unit/integration/CLI, UI type-check and"
	@echo "              unit tests, generated-bindings check, WebDriver tests of the real window"

## ---- set-up -----------------------------------------------------------------

deps: deps-system deps-ui

# Debian packages, only those missing (so a second run does nothing).
deps-system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q -o DPkg::Lock::Timeout=600 && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 $$missing; \
	fi

# npm dependencies of the UI (npm install, not npm ci: see docs/architecture.md).
deps-ui:
	@cd ui && if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm install --no-audit --no-fund; fi

# cargo-deny (crates.io) for the licence and source checks of `make lint` (deny.toml).
deps-deny:
	@command -v cargo-deny >/dev/null 2>&1 || $(CARGO) install 'cargo-deny@^0.20' --locked

# tauri-driver (crates.io) for the WebDriver tests; never tauri-cli.
deps-driver:
	@command -v tauri-driver >/dev/null 2>&1 || $(CARGO) install 'tauri-driver@^2' --locked

ui: deps-ui
	cd ui && npm run build

## ---- the two commands ------------------------------------------------------

run: deps ui
	$(CARGO) build -p sotay-app
	./target/debug/sotay-app $(if $(DB),--db $(DB),)

# One `cargo test` over the whole workspace (one compilation), with the window tests enabled
# and an X server for them.
test: deps deps-driver deps-deny ui
	$(MAKE) lint
	$(MAKE) test-ui
	SOTAY_REQUIRE_TOOLS=1 TAURI_E2E=1 SOTAY_FUZZ_SECONDS=30 xvfb-run -a --server-args="-screen 0 1280x800x24" $(CARGO) test --workspace
	@echo "Screenshots of the window: test-output/e2e/"

## ---- pieces of `make test` -------------------------------------------------

lint: deps-deny
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) deny check licenses bans sources

test-ui:
	$(CARGO) build -p sotay-cli  # the component tests' backend: `sotay ipc` (ui/src/test/rust.ts)
	cd ui && npm run check && npm test

# Unit, store, template, CLI tests and the bindings-freshness check (crates/sotay/src/bindings.rs);
# the window tests skip themselves without TAURI_E2E.
test-rust:
	$(CARGO) test --workspace

# The real window: tauri-driver + WebKitWebDriver under Xvfb.
test-e2e:
	TAURI_E2E=1 xvfb-run -a --server-args="-screen 0 1280x800x24" $(CARGO) test -p sotay-app --test window -- --nocapture
	@echo "Screenshots: test-output/e2e/"

## ---- benchmarks (criterion; results in target/criterion) ---------------------

bench:
	$(CARGO) bench -p sotay --bench authoring
	$(CARGO) bench -p sotay --bench publish
	$(CARGO) bench -p sotay --bench verification
	$(CARGO) bench -p sotay-pdf --bench pdf
	$(CARGO) bench -p sotay-doc --bench export

## ---- fuzzing (crates/sotay/tests/fuzz.rs; `make test` gives each target 30 s) -----------

# Longer runs, optimised: FUZZ_SECONDS per target (default 600). Findings go to
# target/fuzz-findings/; fixed ones belong in tests/fuzz/corpus/<target>/.
FUZZ_SECONDS ?= 600
fuzz:
	SOTAY_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CARGO) test --release -p sotay --test fuzz -- --nocapture

## ---- developer conveniences -------------------------------------------------

bindings:
	SOTAY_UPDATE_BINDINGS=1 $(CARGO) test -p sotay --lib bindings

fmt:
	$(CARGO) fmt --all

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules test-output
