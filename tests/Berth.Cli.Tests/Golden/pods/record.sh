#!/bin/sh
# Records podman 4.3.1's --help of the pod commands into this folder (one file per command path, words joined by
# '-'); help does not depend on the machine. PODMAN may name a wrapper (a private store).
# "pod" is the group's own help; it lists clone, which Berth defines without implementing it yet.
set -eu
cd "$(dirname "$0")"
for path in "pod create" "pod start" "pod stop" "pod restart" "pod rm" "pod ls" "pod inspect" "pod exists" \
    "pod kill" "pod pause" "pod unpause" "pod prune" "pod logs" "pod top" "pod stats" "pod"
do
    # shellcheck disable=SC2086
    ${PODMAN:-podman} $path --help > "podman-$(echo "$path" | tr ' ' '-')-help.txt"
done
