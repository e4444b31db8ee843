#!/bin/sh
# Records podman 4.3.1's and buildah 1.28's --help of the manifest commands into this folder (one file per command
# path, words joined by '-'); help does not depend on the machine. PODMAN may name a wrapper with a private store.
set -eu
cd "$(dirname "$0")"
for path in manifest "manifest create" "manifest add" "manifest remove" "manifest annotate" "manifest inspect" \
    "manifest push" "manifest rm" "manifest exists"
do
    # shellcheck disable=SC2086
    ${PODMAN:-podman} $path --help > "podman-$(echo "$path" | tr ' ' '-')-help.txt"
    # shellcheck disable=SC2086
    buildah $path --help > "buildah-$(echo "$path" | tr ' ' '-')-help.txt"
done
