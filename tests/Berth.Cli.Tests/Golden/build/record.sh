#!/bin/sh
# Records podman 4.3.1's --help of the build commands into this folder (one file per command path, words joined by
# '-'). PODMAN may name a wrapper (a private store whose containers.conf sets default_ulimits nofile=20000:20000 and
# nproc=4096:4096, which build's --ulimit help shows as its default).
set -eu
cd "$(dirname "$0")"
for path in "build"
do
    # shellcheck disable=SC2086
    ${PODMAN:-podman} $path --help > "podman-$(echo "$path" | tr ' ' '-')-help.txt"
done
