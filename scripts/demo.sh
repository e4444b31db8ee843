#!/usr/bin/env bash
# The demo: what Berth can do today, run with the freshly built binary.
set -euo pipefail
berth=${1:-artifacts/bin/berth}
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
say berth version
"$berth" version
say berth info
"$berth" info
say "berth info --format '{{.Host.OCIRuntime.Name}} on cgroups {{.Host.CgroupsVersion}}, store at {{.Store.GraphRoot}}'"
"$berth" info --format '{{.Host.OCIRuntime.Name}} on cgroups {{.Host.CgroupsVersion}}, store at {{.Store.GraphRoot}}'

# Images: a tiny image from the host's busybox-static, pushed to a registry of our own on loopback (no internet),
# inspected without pulling, copied between transports and pulled back into a second store.
work=$(mktemp -d /tmp/berth-demo.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s/registry\nhttp:\n  addr: 127.0.0.1:%s\n' "$work" "$port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry=$!
trap 'kill $registry 2>/dev/null; "$berth" "${store[@]}" rm -af -t 0 >/dev/null 2>&1; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
mkdir -p "$work/rootfs/bin" && cp /bin/busybox "$work/rootfs/bin/busybox" && tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
store=(--root "$work/store" --runroot "$work/run" --network-config-dir "$work/networks")
other=(--root "$work/store2" --runroot "$work/run2")
reg=127.0.0.1:$port
say "berth import rootfs.tar demo/busybox:1 --change 'CMD [\"/bin/busybox\", \"echo\", \"hi\"]'"
"$berth" "${store[@]}" import "$work/rootfs.tar" demo/busybox:1 --change 'CMD ["/bin/busybox", "echo", "hi"]'
say berth images
"$berth" "${store[@]}" images
say "berth push --tls-verify=false demo/busybox:1 $reg/demo/busybox:1"
"$berth" "${store[@]}" push --tls-verify=false localhost/demo/busybox:1 "$reg/demo/busybox:1"
say "berth skopeo inspect --tls-verify=false docker://$reg/demo/busybox:1"
"$berth" skopeo inspect --tls-verify=false "docker://$reg/demo/busybox:1"
say "berth skopeo copy docker://$reg/demo/busybox:1 oci:\$work/layout:v1"
"$berth" skopeo copy --src-tls-verify=false "docker://$reg/demo/busybox:1" "oci:$work/layout:v1"
say "berth pull oci:\$work/layout:v1   (into a second store)"
"$berth" "${other[@]}" pull "oci:$work/layout:v1"
say "berth image tree localhost/v1"
"$berth" "${other[@]}" image tree localhost/v1

# Containers: the same image run under conmon + runc, in the foreground and in the background.
say "berth run --rm demo/busybox:1 /bin/busybox sh -c 'echo hello from a container on \$(/bin/busybox hostname)'"
"$berth" "${store[@]}" run --rm demo/busybox:1 /bin/busybox sh -c 'echo hello from a container on $(/bin/busybox hostname)'
say "berth run -d --name ticker demo/busybox:1 /bin/busybox sh -c 'while true; do /bin/busybox date; /bin/busybox sleep 1; done'"
"$berth" "${store[@]}" run -d --name ticker demo/busybox:1 /bin/busybox sh -c 'while true; do /bin/busybox date; /bin/busybox sleep 1; done'
sleep 1.5
say berth ps
"$berth" "${store[@]}" ps
say "berth logs --tail 1 ticker"
"$berth" "${store[@]}" logs --tail 1 ticker
say "berth exec ticker /bin/busybox cat /etc/hostname"
"$berth" "${store[@]}" exec ticker /bin/busybox cat /etc/hostname
echo
say "berth top ticker"
"$berth" "${store[@]}" top ticker
say "berth stop -t 1 ticker && berth ps -a"
"$berth" "${store[@]}" stop -t 1 ticker
"$berth" "${store[@]}" ps -a
say "berth rm ticker"
"$berth" "${store[@]}" rm ticker

# Networks: a web server on the default bridge network with a published port, and a page fetched from the host.
port=$((20000 + RANDOM % 20000))
say "berth run -d --name web -p $port:80 demo/busybox:1 /bin/busybox sh -c '… httpd -f -p 80 -h /www'"
"$berth" "${store[@]}" run -d --name web -p "$port:80" demo/busybox:1 /bin/busybox sh -c \
  'mkdir -p /www && echo "Hello from a berth container on $(/bin/busybox hostname)" > /www/index.html && exec /bin/busybox httpd -f -p 80 -h /www'
say "berth port web"
"$berth" "${store[@]}" port web
say "berth inspect --format '{{.NetworkSettings.IPAddress}}' web"
"$berth" "${store[@]}" inspect --format '{{.NetworkSettings.IPAddress}}' web
say "wget -q -O - http://127.0.0.1:$port/"
for _ in 1 2 3 4 5 6 7 8 9 10; do /bin/busybox wget -q -O - "http://127.0.0.1:$port/" && break; sleep 0.2; done
say "berth network create demo-net"
"$berth" "${store[@]}" network create demo-net
"$berth" "${store[@]}" network ls
say "berth run -d --name db --network demo-net … && berth run --rm --network demo-net … nslookup db"
"$berth" "${store[@]}" run -d --name db --network demo-net demo/busybox:1 /bin/busybox sleep 60
"$berth" "${store[@]}" run --rm --network demo-net demo/busybox:1 /bin/busybox nslookup db
"$berth" "${store[@]}" rm -f -t 0 web db
"$berth" "${store[@]}" network rm demo-net

# Volumes: data that outlives its containers, served by a web server, backed up and restored into a new volume.
say "berth run --rm -v htdocs:/var/www/html demo/busybox:1 … > /var/www/html/index.html"
"$berth" "${store[@]}" run --rm -v htdocs:/var/www/html demo/busybox:1 /bin/busybox sh -c \
  'echo "Hello from the volume htdocs" > /var/www/html/index.html'
say "berth run -d --name web-vol -p $port:80 -v htdocs:/var/www/html:ro demo/busybox:1 … httpd"
"$berth" "${store[@]}" run -d --name web-vol -p "$port:80" -v htdocs:/var/www/html:ro demo/busybox:1 /bin/busybox httpd -f -p 80 -h /var/www/html
for _ in 1 2 3 4 5 6 7 8 9 10; do /bin/busybox wget -q -O - "http://127.0.0.1:$port/" && break; sleep 0.2; done
"$berth" "${store[@]}" rm -f -t 0 web-vol
say "berth volume export htdocs -o htdocs-backup.tar && berth volume create restored && berth volume import restored htdocs-backup.tar"
"$berth" "${store[@]}" volume export htdocs -o "$work/htdocs-backup.tar"
"$berth" "${store[@]}" volume create restored
"$berth" "${store[@]}" volume import restored "$work/htdocs-backup.tar"
"$berth" "${store[@]}" run --rm -v restored:/data demo/busybox:1 /bin/busybox cat /data/index.html
say "berth volume ls"
"$berth" "${store[@]}" volume ls
"$berth" "${store[@]}" volume rm htdocs restored
