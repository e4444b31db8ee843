#!/bin/sh
# Re-records what podman 4.3.1 prints for `podman stats` and `podman top` (as root, rootful, cgroups v1 hybrid,
# runc, cgroupfs manager, /etc/containers/containers.conf.d/50-berth-bench.conf), with a throw-away store and a
# busybox-static image. Values move between runs; the tests read headers, field names and shapes, and the
# cgroup-v1/ files (the container's own cgroup files at recording time) feed the parser tests.
# Output goes here (stats) and to ../top.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top="$here/../top"
mkdir -p "$top" "$here/cgroup-v1"
W=$(mktemp -d)
P="podman --root $W/r --runroot $W/rr"
trap '$P rm -af -t 0 >/dev/null 2>&1 || true; rm -rf "$W"' EXIT
mkdir -p "$W/rootfs/bin" "$W/rootfs/etc" && cp /bin/busybox "$W/rootfs/bin/" && ln -s busybox "$W/rootfs/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/bin/sh\n' > "$W/rootfs/etc/passwd"
printf 'root:x:0:\nbin:x:1:\n' > "$W/rootfs/etc/group"
tar -C "$W/rootfs" -cf "$W/rootfs.tar" .
$P import --change 'CMD ["/bin/sh"]' "$W/rootfs.tar" localhost/bb:1 >/dev/null 2>&1
$P run -d --name t localhost/bb:1 sh -c 'sleep 1000 & while :; do :; done' >/dev/null 2>&1
sleep 2
$P stats --no-stream 2>/dev/null > "$here/no-stream.txt"
$P stats --no-stream --format json 2>/dev/null > "$here/no-stream.json"
$P stats --no-stream --format '{{json .}}' 2>/dev/null > "$here/no-stream-json-template.txt"
$P stats --no-stream --format 'table {{.ID}} {{.MemUsageBytes}} {{.UpTime}} {{.AVGCPU}}' 2>/dev/null > "$here/no-stream-table-template.txt"
id=$($P inspect t --format '{{.ID}}')
for f in cpuacct/cpuacct.usage cpuacct/cpuacct.usage_sys cpuacct/cpuacct.usage_percpu memory/memory.usage_in_bytes \
  memory/memory.limit_in_bytes memory/memory.stat blkio/blkio.throttle.io_service_bytes_recursive pids/pids.current \
  freezer/freezer.state; do
  cp "/sys/fs/cgroup/${f%%/*}/libpod_parent/libpod-$id/${f#*/}" "$here/cgroup-v1/${f#*/}"
done
pid=$($P inspect t --format '{{.State.Pid}}')
cp "/proc/$pid/net/dev" "$here/cgroup-v1/net-dev"
$P top t 2>/dev/null > "$top/default.txt"
$P top t pid,user group comm 2>/dev/null > "$top/comma.txt"
$P top t %C %G %P %U %a %c %g %n %p %r %t %u %x %y %z 2>/dev/null > "$top/aix.txt"
$P top t capamb capbnd capeff capinh capprm huser hgroup hpid label seccomp state stime 2>/dev/null > "$top/extra.txt"
$P top t groups hgroups rss vsz nice pgid ruser rgroup args 2>/dev/null > "$top/more.txt"
$P top t uid > "$top/unknown.txt" 2>&1 || true
$P pause t >/dev/null 2>&1
cp "/sys/fs/cgroup/freezer/libpod_parent/libpod-$id/freezer.state" "$here/cgroup-v1/freezer.state.paused"
$P stats --no-stream 2>/dev/null > "$here/no-stream-paused.txt"
$P unpause t >/dev/null 2>&1
$P stop -t 0 t >/dev/null 2>&1
$P stats --no-stream --format json t > "$here/stopped.txt" 2>&1 || true
