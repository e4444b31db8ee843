#!/bin/bash
# Records podman 4.3.1's volume ls/inspect outputs over a fixed set of volumes in a private store (never
# /var/lib/containers): out/ holds what podman printed. The tests rebuild the same volumes from out/inspect.txt (names,
# times, labels, options, UID/GID, flags) and expect out/; times are compared at 100 ns (.NET's precision).
# Needs an image named localhost/bb (any image with `true`) for the anonymous volume's container.
set -eu
cd "$(dirname "$0")"
dir=/tmp/berth-volume-golden
rm -rf "$dir"; mkdir -p "$dir"
printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' > "$dir/containers.conf"
p() { CONTAINERS_CONF="$dir/containers.conf" podman --root "$dir/root" --runroot "$dir/run" --network-config-dir "$dir/net" "$@"; }
p import "${BB_TAR:?a busybox rootfs tar}" localhost/bb >/dev/null
p volume create plain >/dev/null
p volume create -l a=b -l c --label 'x=y,z=w' labelled >/dev/null
p volume create -o o=uid=1000,gid=1001 owned >/dev/null
p volume create -o type=tmpfs -o device=tmpfs -o o=nodev,noexec tmpfs1 >/dev/null
p volume create -o nocopy -o o=noquota quota1 >/dev/null
p create --name anon --network none -v /data localhost/bb true >/dev/null
p volume mount tmpfs1 >/dev/null
anon=$(p volume ls -q --filter dangling=false)
rm -rf out && mkdir -p out
fields='{{.Name}}|{{.Driver}}|{{.Mountpoint}}|{{.CreatedAt}}|{{.Labels}}|{{.Scope}}|{{.Options}}|{{.UID}}|{{.GID}}|{{.Anonymous}}|{{.MountCount}}|{{.NeedsCopyUp}}|{{.NeedsChown}}|{{.Timeout}}|{{.StorageID}}|{{.Status}}'
p volume inspect plain labelled owned tmpfs1 quota1 "$anon" > out/inspect.txt
p volume inspect --all > out/inspect-all.txt
p volume inspect --format "$fields" plain labelled owned tmpfs1 quota1 "$anon" > out/inspect-fields.txt
p volume inspect --format '{{.}}' labelled owned > out/inspect-dot.txt
p volume inspect --format '{{json .}}' labelled owned > out/inspect-json-dot.txt
p volume ls > out/ls.txt
p volume ls --noheading > out/ls-noheading.txt
p volume ls -q > out/ls-quiet.txt
p volume ls --format json > out/ls-json.txt
p volume ls --format "$fields" > out/ls-fields.txt
p volume ls --format '{{.}}' > out/ls-dot.txt
p volume ls --format '{{json .}}' > out/ls-json-dot.txt
p volume ls --format 'table {{.Name}}\t{{.Driver}}\t{{.Mountpoint}}\t{{.CreatedAt}}\t{{.Labels}}\t{{.Scope}}\t{{.Options}}\t{{.UID}}\t{{.GID}}\t{{.Anonymous}}\t{{.MountCount}}\t{{.NeedsCopyUp}}\t{{.NeedsChown}}\t{{.Timeout}}\t{{.StorageID}}\t{{.Status}}' > out/ls-table.txt
p volume ls --format 'table {{.Name}}' --filter label=a --filter opt=type > out/ls-filters.txt
p volume unmount tmpfs1 >/dev/null
p rm -af >/dev/null
p volume rm -af >/dev/null
p rmi -af >/dev/null 2>&1 || true
rm -rf "$dir"
