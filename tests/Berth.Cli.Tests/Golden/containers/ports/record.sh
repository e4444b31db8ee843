#!/bin/sh
# Re-records the published-ports goldens with podman 4.3.1: one created container (never started, podman's default
# bridge network) with -p, a range, a random port on 127.0.0.1, -P and --expose; one with --expose only.
# Usage: record.sh IMAGE (any local image without EXPOSE), with podman's store options in $PODMAN_OPTS.
set -e
here=$(cd "$(dirname "$0")" && pwd)
image=${1:?usage: record.sh IMAGE}
P="podman $PODMAN_OPTS"
$P create --name ports-c1 -p 8092:80 -p 9000-9002:9000-9002/udp -p 127.0.0.1::53 -P --expose 7000 "$image" sleep 30 >/dev/null
$P create --name ports-c2 --expose 7000/udp --expose 80-81 -p 1.2.3.4:8080:80 -p 8081:81 "$image" sleep 30 >/dev/null
for c in ports-c1 ports-c2; do
  $P container inspect $c > "$here/$c.inspect.json"
  $P ps -a --filter name=$c --format json > "$here/$c.ps.json"
  $P ps -a --filter name=$c --format '{{.Ports}}' > "$here/$c.ps.txt"
done
$P rm -f -t0 ports-c1 ports-c2 >/dev/null
