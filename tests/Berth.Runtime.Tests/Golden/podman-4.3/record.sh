#!/bin/sh
# Re-records the config.json files podman 4.3.1 generates (as root, rootful, cgroups v1, runc, with
# /etc/containers/containers.conf.d/50-berth-bench.conf: default_ulimits nofile=20000:20000 nproc=4096:4096).
# seccomp.json is the system profile (/usr/share/containers/seccomp.json, golang-github-containers-common) they used.
# config.json is written by `podman init`; for "full" runc create fails on the nproc rlimit (podman does not clamp
# to the host's hard limit), but the file is already written. Images come from a busybox-static rootfs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'podman --root $W/r --runroot $W/rr rm -af >/dev/null 2>&1 || true; rm -rf "$W"' EXIT
mkdir -p "$W/rootfs/bin" && cp /bin/busybox "$W/rootfs/bin/" && ln -s busybox "$W/rootfs/bin/sh"
tar -C "$W/rootfs" -cf "$W/rootfs.tar" .
P="podman --root $W/r --runroot $W/rr"
$P import --change 'CMD ["/bin/sh"]' "$W/rootfs.tar" localhost/bb:1 >/dev/null
$P import --change 'ENTRYPOINT ["/bin/sh","-c"]' --change 'CMD ["echo hi"]' --change 'ENV PATH=/bin FOO=bar' \
  --change 'WORKDIR /tmp' --change 'USER 1000:1000' --change 'STOPSIGNAL SIGINT' "$W/rootfs.tar" localhost/bb:2 >/dev/null
$P create --name basic localhost/bb:1 >/dev/null
$P create --name full -t --cap-add NET_ADMIN --cap-drop CHOWN --read-only --security-opt no-new-privileges \
  --ulimit nofile=100:200 --sysctl net.ipv4.ip_forward=1 --shm-size 128m --hostname myhost -e A=1 -w /tmp -u 1:2 \
  localhost/bb:2 echo x >/dev/null
$P create --name priv --privileged localhost/bb:1 >/dev/null
$P create --name ep --entrypoint /bin/echo localhost/bb:2 >/dev/null
for c in basic full priv ep; do
  $P init "$c" >/dev/null 2>&1 || true
  id=$($P inspect "$c" --format '{{.ID}}')
  python3 -m json.tool --indent 1 "$W/r/overlay-containers/$id/userdata/config.json" > "$here/$c.json"
done
cp /usr/share/containers/seccomp.json "$here/seccomp.json"
