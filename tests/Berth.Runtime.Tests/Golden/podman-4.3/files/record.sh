#!/bin/sh
# Re-records what podman 4.3.1 writes into containers (/etc/hosts, /etc/resolv.conf, /etc/hostname, /run/.containerenv,
# generated passwd/group lines) and what `podman logs` prints, as root, from a busybox-static image. Facts of this
# machine (host /etc/hosts, /etc/resolv.conf, host address) are recorded next to them (host-*.txt).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
P="podman --root $W/r --runroot $W/rr"
trap '$P rm -af >/dev/null 2>&1 || true; umount "$W/r/overlay" 2>/dev/null || true; rm -rf "$W"' EXIT
mkdir -p "$W/rootfs/bin" "$W/rootfs/etc" && cp /bin/busybox "$W/rootfs/bin/" && for a in sh cat tail id; do ln -s busybox "$W/rootfs/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nal:x:1001:1001:Al:/home/al:/bin/sh\n' > "$W/rootfs/etc/passwd"
printf 'root:x:0:\nal:x:1001:\nstaff:x:50:al,bob\nwheel:x:10:al\n' > "$W/rootfs/etc/group"
tar -C "$W/rootfs" -cf "$W/rootfs.tar" .
$P import --change 'CMD ["/bin/sh"]' "$W/rootfs.tar" localhost/bb:1 >/dev/null 2>&1
cp /etc/hosts "$here/host-hosts.txt"; cp /etc/resolv.conf "$here/host-resolv.conf.txt"
R="$P run --rm localhost/bb:1"
$P run --rm --network none --name c1 --hostname myh localhost/bb:1 cat /etc/hosts > "$here/hosts-none.txt"
$P run --rm --network host localhost/bb:1 cat /etc/hosts > "$here/hosts-host.txt"
$P run --rm --network none --name c2 --hostname myh --add-host foo:1.2.3.4 --add-host localhost:9.9.9.9 localhost/bb:1 cat /etc/hosts > "$here/hosts-addhost.txt"
$P run --rm --network host localhost/bb:1 cat /etc/resolv.conf > "$here/resolv-host.txt"
$P run --rm --network host --dns 1.1.1.1 --dns-search example.com --dns-option ndots:2 localhost/bb:1 cat /etc/resolv.conf > "$here/resolv-dns.txt"
$P run --rm --network none --hostname myh localhost/bb:1 cat /etc/hostname > "$here/hostname.txt"
$P run --rm --network none localhost/bb:1 cat /run/.containerenv > "$here/containerenv-unprivileged.txt"
$P run --rm --network none --privileged --name pc localhost/bb:1 cat /run/.containerenv > "$here/containerenv-privileged.txt"
$P inspect localhost/bb:1 --format '{{.ID}}' > "$here/containerenv-privileged.imageid"
for u in 1000 1000:50 1000:staff al 1001; do
  f=$(echo "$u" | tr : _)
  $P run --rm --network none --user "$u" localhost/bb:1 sh -c 'id; tail -1 /etc/passwd 2>&1; tail -1 /etc/group 2>&1' > "$here/user-$f.txt"
done
# logs: a fixed log file (conmon's format, copied from a real run) read by podman logs
$P run --name l1 --network none localhost/bb:1 sh -c 'echo out1; echo err1 >&2; printf partial; sleep 0.1; echo " more"; printf noeol' >/dev/null 2>&1
$P run --name l2 --network none localhost/bb:1 sh -c 'echo two' >/dev/null 2>&1
for c in l1 l2; do cp "$($P inspect $c --format '{{.HostConfig.LogConfig.Path}}')" "$here/$c.log"; $P inspect $c --format '{{.ID}}' > "$here/$c.id"; done
$P logs l1 > "$here/logs-plain.out" 2> "$here/logs-plain.err"
$P logs -t l1 > "$here/logs-t.out" 2> "$here/logs-t.err"
$P logs --tail 2 l1 > "$here/logs-tail2.out" 2> "$here/logs-tail2.err"
$P logs --tail 3 l1 > "$here/logs-tail3.out" 2> "$here/logs-tail3.err"
$P logs -n l1 > "$here/logs-n-single.out" 2> "$here/logs-n-single.err"
# several containers: podman reads them concurrently, so only each container's own lines are in a fixed order
$P logs -n l1 l2 > "$here/logs-names.out" 2> "$here/logs-names.err"
$P logs l1 l2 > "$here/logs-multi.out" 2> "$here/logs-multi.err"
$P create --name 'bad name' localhost/bb:1 > /dev/null 2> "$here/name-invalid.err" || true
