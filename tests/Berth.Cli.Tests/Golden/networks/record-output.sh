#!/bin/bash
# Records podman 4.3.1's network definitions and ls/inspect outputs over them: defs/ holds the files podman wrote,
# out/ what podman printed. Uses a private --network-config-dir (never /etc/containers/networks). The tests load defs/
# and expect out/ (nested pointers print as addresses in Go; the tests replace them by Berth's stand-in).
set -eu
cd "$(dirname "$0")"
dir=$(mktemp -d)
p() { podman --network-config-dir "$dir" "$@"; }
p network create --subnet 10.89.5.0/24 --gateway 10.89.5.1 --ip-range 10.89.5.128/25 --label a=b --label c -o mtu=1400 -o vlan=5 -o isolate=1 full >/dev/null
p network create -d macvlan -o parent=lo --subnet 192.168.77.0/24 mac2 >/dev/null
p network create --subnet 10.97.5.0/24 --subnet fd01::/64 v6 >/dev/null
p network create --internal --disable-dns --subnet 10.97.6.0/24 int2 >/dev/null
p network create --ipam-driver none ipn >/dev/null
rm -rf defs out && mkdir -p defs out
cp "$dir"/*.json defs/
fields='{{.Name}} {{.ID}} {{.Driver}} {{.Labels}} {{.NetworkInterface}} {{.Created}} {{.Subnets}} {{.IPv6Enabled}} {{.Internal}} {{.DNSEnabled}} {{.Options}} {{.IPAMOptions}}'
p network inspect full mac2 v6 int2 ipn > out/inspect.txt
p network ls --no-trunc -f 'name=^[fimv]' > out/ls-no-trunc.txt
p network ls -f 'name=^[fimv]' --format json > out/ls-json.txt
p network ls -f 'name=^[fimv]' --format "$fields" > out/ls-fields.txt
p network ls -f 'name=^[fimv]' --format 'table {{.Name}}\t{{.Subnets}}\t{{.IPv6Enabled}}\t{{.DNSEnabled}}\t{{.Internal}}\t{{.Options}}\t{{.IPAMOptions}}\t{{.NetworkInterface}}' > out/ls-table.txt
p network inspect --format "$fields" full mac2 v6 int2 ipn > out/inspect-fields.txt
p network inspect --format '{{range .Subnets}}{{.Subnet}} {{.Gateway}} {{.LeaseRange}} {{.Subnet.IP}} {{.Subnet.Mask}};{{end}}' full v6 int2 > out/inspect-subnets.txt
rm -rf "$dir"
