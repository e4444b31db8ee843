# Berth — build, install, demo and test. Run as root on Debian 12 (see README.md).
SHELL := /bin/bash
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LINKS ?= 0
DOTNET ?= dotnet
RID ?= linux-x64
BIN := artifacts/bin/berth
GIT_COMMIT := $(shell git rev-parse HEAD 2>/dev/null)
BUILT := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

# Debian packages Berth drives or tests with. podman and skopeo are NOT here: only bench/ installs them.
DEB_PACKAGES := runc crun conmon netavark aardvark-dns catatonit uidmap fuse-overlayfs passt \
  slirp4netns criu iptables nftables docker-registry busybox-static golang-github-containers-common \
  git make clang zlib1g-dev libsqlite3-dev apache2-utils openssl sqlite3 procps util-linux iproute2 debootstrap

.PHONY: all deps build install uninstall demo test unit e2e bench clean

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "All Debian packages Berth needs are installed."; fi
	@command -v $(DOTNET) >/dev/null || { echo "Error: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2; exit 1; }

build: $(BIN)

$(BIN): $(shell find src -name '*.cs' -o -name '*.csproj' 2>/dev/null) Directory.Build.props Directory.Packages.props
	$(DOTNET) publish src/Berth.Cli/Berth.Cli.csproj -c Release -r $(RID) --nologo -v quiet \
	  -p:BerthGitCommit=$(GIT_COMMIT) -p:BerthBuilt=$(BUILT) -o artifacts/publish
	@mkdir -p artifacts/bin && cp artifacts/publish/berth $(BIN)
	@echo "built $(BIN)"

install: build
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/berth
	@if [ "$(LINKS)" = "1" ]; then for n in podman docker buildah skopeo; do \
	  ln -sf berth $(DESTDIR)$(BINDIR)/$$n; echo "linked $(BINDIR)/$$n -> berth"; done; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/berth
	@for n in podman docker buildah skopeo; do \
	  if [ "$$(readlink $(DESTDIR)$(BINDIR)/$$n)" = berth ]; then rm -f $(DESTDIR)$(BINDIR)/$$n; fi; done

demo: deps build
	@scripts/demo.sh $(BIN)

test: deps build
	BERTH_BINARY=$(CURDIR)/$(BIN) scripts/test.sh

unit:
	$(DOTNET) test Berth.slnx -c Release --nologo --filter 'FullyQualifiedName!~Berth.E2E'

e2e: build
	BERTH_BINARY=$(CURDIR)/$(BIN) $(DOTNET) test tests/Berth.E2E.Tests -c Release --nologo

bench: build
	bench/run.sh

clean:
	rm -rf artifacts
