#!/usr/bin/env bash
# Benchmarks berth against podman (and `berth skopeo` against skopeo) side by side. Installs podman and skopeo
# (Debian's) here only: tests never need them, so they are not in the Makefile's deps.
# Usage: bench/run.sh [--reps N] [--only SCENARIO]   (SCENARIO is a scenario's full name, e.g. --only 'skopeo copy large (oci)')
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
for tool in podman skopeo; do
  command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
# Debian's podman 4.3 asks for rlimits above this machine's hard limits and defaults to crun; this drop-in fixes both.
conf=/etc/containers/containers.conf.d/50-berth-bench.conf
if [ ! -f "$conf" ]; then
  mkdir -p "$(dirname "$conf")"
  printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' > "$conf"
fi
make -s build
dotnet build bench/Berth.Bench -c Release --nologo -v quiet -o artifacts/bench >/dev/null
dotnet artifacts/bench/Berth.Bench.dll "$PWD/artifacts/bin/berth" "$@"
