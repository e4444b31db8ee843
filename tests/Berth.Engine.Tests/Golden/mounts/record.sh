#!/bin/sh
# Re-records podman 4.3.1's answers to the mount flags in cases.txt (one `podman create` per line, the line's words
# added before the image): results.txt gets each line's exit code and stderr; for the lines podman accepts, ok/N.json
# keeps what inspect shows of the mounts right after create, what it shows after `podman init`, and the mounts and
# devices of the config.json init wrote. Host fixtures live in /tmp/mf-host (the paths in the goldens).
# Runs rootful podman in a private store with its own containers.conf (never /var/lib/containers):
#   record.sh [WORKDIR]   (default /tmp/mf-record; removed at the end)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
W=${1:-/tmp/mf-record}
mkdir -p "$W/rootfs/bin" "$W/work/rel/sub" /tmp/mf-host/dir /tmp/mf-host/rel/sub
echo hi > /tmp/mf-host/file
cat > "$W/containers.conf" <<'C'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
C
P() { CONTAINERS_CONF="$W/containers.conf" podman --root "$W/root" --runroot "$W/run" --network-config-dir "$W/net" "$@"; }
cleanup() { P rm -af >/dev/null 2>&1 || true; P volume prune -f >/dev/null 2>&1 || true; rm -rf "$W"; }
trap cleanup EXIT; trap 'exit 1' INT TERM
cp /bin/busybox "$W/rootfs/bin/" && for a in sh true; do ln -sf busybox "$W/rootfs/bin/$a"; done
tar -C "$W/rootfs" -cf "$W/rootfs.tar" .
P import --change 'CMD ["/bin/sh"]' "$W/rootfs.tar" localhost/bb:1 >/dev/null 2>&1
# the container --volumes-from copies from
P create --name src1 --network none -v srcvol:/fromsrc -v /tmp/mf-host/dir:/frombind:ro --tmpfs /fromtmpfs localhost/bb:1 true >/dev/null
rm -rf "$here/ok" && mkdir -p "$here/ok"
: > "$here/results.txt"
n=0
cd /tmp/mf-host
while IFS= read -r line; do
  n=$((n + 1))
  eval "set -- $line"
  set +e
  id=$(P create --network none "$@" localhost/bb:1 true 2>"$W/err")
  rc=$?
  set -e
  printf '### %s\n%s\n' "$line" "$rc" >> "$here/results.txt"
  sed 's/^time="[^"]*" //' "$W/err" >> "$here/results.txt"
  if [ "$rc" = 0 ]; then
    filter='{Mounts: .[0].Mounts, Binds: .[0].HostConfig.Binds, Tmpfs: .[0].HostConfig.Tmpfs, Devices: .[0].HostConfig.Devices, VolumesFrom: .[0].HostConfig.VolumesFrom, ConfigVolumes: .[0].Config.Volumes}'
    P container inspect "$id" | jq "$filter" > "$W/created.json"
    P ps -a --filter id="$id" --format '{{.Mounts}}' > "$W/ps.txt"
    if P init "$id" >/dev/null 2>"$W/initerr"; then
      P container inspect "$id" | jq "$filter" > "$W/inited.json"
      jq '{mounts: .mounts, devices: .linux.devices, deviceRules: .linux.resources.devices}' "$W/root/overlay-containers/$id/userdata/config.json" > "$W/spec.json"
    else
      echo null > "$W/inited.json"; echo null > "$W/spec.json"
      sed 's/^time="[^"]*" //' "$W/initerr" >&2
    fi
    jq -n --arg args "$line" --rawfile ps "$W/ps.txt" --slurpfile c "$W/created.json" --slurpfile i "$W/inited.json" --slurpfile s "$W/spec.json" \
      '{args: $args, psMounts: ($ps | rtrimstr("\n")), created: $c[0], initialised: $i[0], spec: $s[0]}' > "$here/ok/$n.json"
    P rm -f -t0 "$id" >/dev/null 2>&1 || P rm -f --storage "$id" >/dev/null 2>&1 || true
  fi
done < "$here/cases.txt"
