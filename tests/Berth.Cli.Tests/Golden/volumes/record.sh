#!/bin/sh
# Records podman 4.3.1's --help of the volume commands into this folder (one file per command path, words joined by
# '-'); help does not depend on the machine. PODMAN may name a wrapper (a private store, see record-output.sh).
set -eu
cd "$(dirname "$0")"
for path in volume "volume create" "volume ls" "volume inspect" "volume rm" "volume prune" "volume exists" \
    "volume export" "volume import" "volume mount" "volume unmount" "volume reload"
do
    # shellcheck disable=SC2086
    ${PODMAN:-podman} $path --help > "podman-$(echo "$path" | tr ' ' '-')-help.txt"
done
