# Rebound — make site builds the starter workbook into public/, make test runs the tests.
PREFIX ?= /usr/local
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE := .build/release/rebound

.PHONY: site test deps release install pdf bench test-sanitize clean

## Installs libcmark (and pkg-config) with apt-get when they are missing.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libcmark; then \
		echo "Installing libcmark-dev with apt-get…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev pkg-config; \
	fi

## The release binary carries the Swift runtime and Foundation inside it, which takes a third off
## its start-up. Foundation's networking, which Rebound never calls, would bring libcurl and some
## thirty libraries more into every start; the binary is linked without it instead, the functions
## it names standing in from Sources/NoNetwork, which halves the time a start takes again.
NO_CURL := -Xswiftc -Xfrontend -Xswiftc -disable-autolink-library -Xswiftc -Xfrontend -Xswiftc curl

release: deps
	$(SWIFT) build -c release --product rebound --static-swift-stdlib $(NO_CURL)

## Builds Rebound and generates public/ from content/.
site: release
	$(RELEASE) build

## Runs the whole test suite.
test: deps
	$(SWIFT) test

## Installs the rebound binary into $(PREFIX)/bin; it needs no source tree beside it.
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 $(RELEASE) "$(DESTDIR)$(PREFIX)/bin/rebound"

## Writes public/workbook.pdf with headless Chromium.
pdf: site
	scripts/make-pdf

## Times full and incremental builds beside the reference commands.
bench: release
	scripts/bench

## Runs the tests under the address sanitizer, then the thread sanitizer. Leak reports are off:
## the only leaks found are in XCTest and Foundation's Process, outside Rebound.
test-sanitize: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-asan .build-tsan public
