#!/bin/sh
# Records podman 4.3.1's --help of the network commands into this folder (one file per command path, words joined by
# '-'). The outputs of ls/inspect in this folder were recorded by hand with podman 4.3.1 and a private
# --network-config-dir (see the test that reads them); help does not depend on the machine.
set -eu
cd "$(dirname "$0")"
for path in network "network create" "network ls" "network inspect" "network rm" "network prune" "network exists" \
    "network connect" "network disconnect" "network reload"
do
    # shellcheck disable=SC2086
    podman $path --help > "podman-$(echo "$path" | tr ' ' '-')-help.txt"
done
