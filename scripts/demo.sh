#!/usr/bin/env bash
# The demo: what Berth can do today, run with the freshly built binary.
set -euo pipefail
berth=${1:-artifacts/bin/berth}
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
say berth version
"$berth" version
say berth info
"$berth" info
say "berth info --format '{{.Host.OCIRuntime.Name}} on cgroups {{.Host.CgroupsVersion}}, store at {{.Store.GraphRoot}}'"
"$berth" info --format '{{.Host.OCIRuntime.Name}} on cgroups {{.Host.CgroupsVersion}}, store at {{.Store.GraphRoot}}'
