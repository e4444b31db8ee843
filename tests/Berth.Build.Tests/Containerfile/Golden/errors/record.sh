#!/bin/sh
# Re-records what podman 4.3.1 answers to each bad Containerfile in cases/: podman/NAME.txt gets the exit code on its
# first line ("exit N") and then podman's stderr without the time="…" prefix of log lines (stdout, the STEP lines and
# image IDs, is dropped). Each case is built with `-f Containerfile` from a directory holding only that file, so the
# file name podman prints is "Containerfile". The image the cases name, localhost/bb:1, is imported from the host's
# busybox. Runs rootful podman in a private store with its own containers.conf (never /var/lib/containers):
#   record.sh [WORKDIR]   (default /tmp/containerfile-errors-record; removed at the end)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
W=${1:-/tmp/containerfile-errors-record}
mkdir -p "$W/rootfs/bin" "$W/ctx"
cat > "$W/containers.conf" <<'C'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
C
P() { CONTAINERS_CONF="$W/containers.conf" podman --root "$W/root" --runroot "$W/run" --network-config-dir "$W/net" "$@"; }
cleanup() { P rm -af >/dev/null 2>&1 || true; P rmi -af >/dev/null 2>&1 || true; rm -rf "$W"; }
trap cleanup EXIT; trap 'exit 1' INT TERM
cp /bin/busybox "$W/rootfs/bin/" && for a in sh true echo; do ln -sf busybox "$W/rootfs/bin/$a"; done
tar -C "$W/rootfs" -cf "$W/rootfs.tar" .
P import --change 'CMD ["/bin/sh"]' "$W/rootfs.tar" localhost/bb:1 >/dev/null 2>&1
rm -rf "$here/podman" && mkdir -p "$here/podman"
for f in "$here"/cases/*.Containerfile; do
  name=$(basename "$f" .Containerfile)
  cp "$f" "$W/ctx/Containerfile"
  set +e
  (cd "$W/ctx" && P build --network none -q -f Containerfile . >/dev/null 2>"$W/err")
  rc=$?
  set -e
  { echo "exit $rc"; sed 's/^time="[^"]*" //' "$W/err"; } > "$here/podman/$name.txt"
done
