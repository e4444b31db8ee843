#!/usr/bin/env bash
# Interoperability with the real tools: images written by berth are read by podman and skopeo, and the other way
# round. Like run.sh it installs podman and skopeo (Debian's) itself: the test suite never needs them.
# Usage: bench/interop.sh        (exit status 0 when every check passed)
set -uo pipefail
cd "$(dirname "$0")/.."
for tool in podman skopeo; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"; }
done
conf=/etc/containers/containers.conf.d/50-berth-bench.conf
if [ ! -f "$conf" ]; then
  mkdir -p "$(dirname "$conf")"
  printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' > "$conf"
fi
make -s build
work=/tmp/berth-interop-$$  # lowercase: dir: and oci: paths become image names
rm -rf "$work" && mkdir -p "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
reg=127.0.0.1:$port
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s/registry\n  delete:\n    enabled: true\nhttp:\n  addr: %s\n' "$work" "$reg" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
podman_store=(--root "$work/podman-root" --runroot "$work/podman-run")
cleanup() { kill "$registry_pid" 2>/dev/null; podman "${podman_store[@]}" rmi -af >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 50); do curl -sf "http://$reg/v2/" >/dev/null && break; sleep 0.1; done

berth=("$PWD/artifacts/bin/berth" --root "$work/root" --runroot "$work/run")
podman=(podman "${podman_store[@]}")
failed=0
check() { # check NAME COMMAND...: runs the command, prints PASS or FAIL with its output
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "PASS  $name"; else echo "FAIL  $name"; echo "$out" | sed 's/^/      /'; failed=1; fi
}
same_id() { [ "$1" = "$2" ] || { echo "image IDs differ: $1 vs $2"; return 1; }; }

mkdir -p "$work/rootfs/bin" && cp /bin/busybox "$work/rootfs/bin/" && tar -C "$work/rootfs" -czf "$work/rootfs.tgz" .
"${berth[@]}" import -q "$work/rootfs.tgz" localhost/interop:1 >/dev/null
id=$("${berth[@]}" image inspect --format '{{.ID}}' localhost/interop:1)

check "berth push -> skopeo inspect" bash -c "'${berth[0]}' ${berth[*]:1} push -q --tls-verify=false localhost/interop:1 $reg/interop/box:1 && skopeo inspect --tls-verify=false docker://$reg/interop/box:1 >/dev/null"
check "berth push -> podman pull (same ID)" bash -c "same_id() { [ \"\$1\" = \"\$2\" ]; }; same_id \$(${podman[*]} pull -q --tls-verify=false $reg/interop/box:1) $id"
check "berth push --compression-format zstd -> podman pull" bash -c "'${berth[0]}' ${berth[*]:1} push -q --tls-verify=false --compression-format zstd localhost/interop:1 $reg/interop/zstd:1 && [ \$(${podman[*]} pull -q --tls-verify=false $reg/interop/zstd:1) = $id ]"
check "berth push --format v2s2 -> skopeo copy to oci" bash -c "'${berth[0]}' ${berth[*]:1} push -q --tls-verify=false --format v2s2 localhost/interop:1 $reg/interop/v2s2:1 && skopeo copy -q --src-tls-verify=false docker://$reg/interop/v2s2:1 oci:$work/from-v2s2:x"
check "berth save docker-archive -> podman load" bash -c "'${berth[0]}' ${berth[*]:1} save -o $work/b-docker.tar localhost/interop:1 && ${podman[*]} load -q -i $work/b-docker.tar | grep -q interop"
check "berth save oci-archive -> podman load" bash -c "'${berth[0]}' ${berth[*]:1} save --format oci-archive -o $work/b-oci.tar localhost/interop:1 && ${podman[*]} load -q -i $work/b-oci.tar >/dev/null"
check "berth push oci-archive -> skopeo inspect" bash -c "'${berth[0]}' ${berth[*]:1} push -q localhost/interop:1 oci-archive:$work/b-push.tar:boxy && skopeo inspect oci-archive:$work/b-push.tar:boxy >/dev/null"
check "berth skopeo copy dir -> skopeo copy dir to oci" bash -c "'${berth[0]}' skopeo copy -q --src-tls-verify=false docker://$reg/interop/box:1 dir:$work/bdir && skopeo copy -q dir:$work/bdir oci:$work/from-bdir:y"
check "podman save docker-archive -> berth load (same ID)" bash -c "${podman[*]} save -o $work/p-docker.tar $reg/interop/box:1 && '${berth[0]}' --root $work/root2 --runroot $work/run2 load -q -i $work/p-docker.tar >/dev/null && [ \$('${berth[0]}' --root $work/root2 --runroot $work/run2 image inspect --format '{{.ID}}' $reg/interop/box:1) = $id ]"
check "podman save oci-archive -> berth pull oci-archive:" bash -c "${podman[*]} save --format oci-archive -o $work/p-oci.tar $reg/interop/box:1 && [ \$('${berth[0]}' --root $work/root3 --runroot $work/run3 pull -q oci-archive:$work/p-oci.tar) = $id ]"
check "skopeo copy to dir -> berth pull dir:" bash -c "skopeo copy -q --src-tls-verify=false docker://$reg/interop/box:1 dir:$work/sdir && [ \$('${berth[0]}' --root $work/root4 --runroot $work/run4 pull -q dir:$work/sdir) = $id ]"
check "skopeo copy to oci -> berth pull oci:" bash -c "skopeo copy -q --src-tls-verify=false docker://$reg/interop/box:1 oci:$work/soci:x && [ \$('${berth[0]}' --root $work/root5 --runroot $work/run5 pull -q oci:$work/soci:x) = $id ]"
check "podman push -> berth skopeo inspect" bash -c "${podman[*]} push -q --tls-verify=false $reg/interop/box:1 $reg/interop/bypodman:1 && '${berth[0]}' skopeo inspect --tls-verify=false docker://$reg/interop/bypodman:1 >/dev/null"
exit $failed
