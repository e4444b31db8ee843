#!/bin/sh
# Re-records the ps and inspect goldens with podman 4.3.1 in a private store (busybox-static image, --network none).
# c1 = created (label a=b), r1 = running then (sleep 1000), e1 = exited 3. now.txt = when ps ran (unix seconds).
set -e
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d)
P="podman --root $w/root --runroot $w/run"
mkdir -p "$w/rootfs/bin" && cp /bin/busybox "$w/rootfs/bin/" && tar -C "$w/rootfs" -cf "$w/box.tar" .
$P import "$w/box.tar" localhost/boxy:latest >/dev/null
$P create --network none --name c1 -l a=b localhost/boxy /bin/busybox sleep 1000 >/dev/null
$P run -d --network none --name r1 localhost/boxy /bin/busybox sleep 1000 >/dev/null
$P run --network none --name e1 localhost/boxy /bin/busybox sh -c 'exit 3' || true
sleep 2
$P container inspect r1 > "$here/../inspect/running.json"
$P container inspect r1 > "$here/../inspect/running-later-exited.json"  # taken with ps below, after r1 ended (sleep 1000)
$P container inspect c1 > "$here/../inspect/created.json"
$P container inspect e1 > "$here/../inspect/exited.json"
$P ps -a --format json > "$here/ps-a.json"
$P ps -a > "$here/ps-a.txt"
$P ps -a -s > "$here/ps-a-s.txt"
date -u +%s > "$here/now.txt"
$P ps -a --format 'table {{.ID}} {{.RunningFor}} {{.Pod}} {{.PodName}} {{.ExitCode}} {{.ImageID}} {{.IsInfra}} {{.AutoRemove}} {{.MNT}} {{.Cgroup}} {{.User}}' | head -1 > "$here/headers.txt"
$P rm -af >/dev/null; $P rmi -af >/dev/null; rm -rf "$w"
