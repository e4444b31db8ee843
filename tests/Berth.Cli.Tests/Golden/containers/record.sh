#!/bin/sh
# Records podman 4.3.1's --help of the container commands into this folder (one file per command path, words
# joined by '-'). Run on the machine whose containers.conf drop-in (/etc/containers/containers.conf.d/50-berth-bench.conf)
# sets default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]: that list is printed as --ulimit's default.
set -eu
cd "$(dirname "$0")"
for path in \
    attach commit cp create exec export init kill logs mount pause port ps restart rm run start stats stop top \
    unmount unpause wait rename "healthcheck run" \
    "container inspect" "container prune" "container exists" "container cleanup" "container list" \
    "container ps" "container diff" "container rm" "container umount" "container run"
do
    # shellcheck disable=SC2086
    podman $path --help > "podman-$(echo "$path" | tr ' ' '-')-help.txt"
done
