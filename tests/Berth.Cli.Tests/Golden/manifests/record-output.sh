#!/bin/sh
# Records podman 4.3.1's manifest outputs and messages into out/. PODMAN names a wrapper running podman with a private
# store (--root/--runroot and a containers.conf, see AGENTS.md); BB_TAR a busybox rootfs tar (/bin/busybox + links).
# The image's manifest digest depends on the tar, so inspect-*.txt name it and the tests rebuild the entries from it.
set -u
cd "$(dirname "$0")/out"
P=${PODMAN:?}
$P import "${BB_TAR:?}" localhost/bb:latest >/dev/null
digest=$($P image inspect --format '{{.Digest}}' localhost/bb)
run() { name=$1; shift; "$@" > "$name.stdout" 2> "$name.stderr"; echo $? > "$name.rc"; }
run create $P manifest create localhost/list1
run create-again $P manifest create localhost/list1
run create-image-name $P manifest create localhost/bb
run inspect-empty $P manifest inspect localhost/list1
run add $P manifest add localhost/list1 containers-storage:localhost/bb
run inspect-one $P manifest inspect localhost/list1
run annotate $P manifest annotate --arch arm64 --os freebsd --variant v8 --os-version 1.2 --annotation a=b --annotation c=d localhost/list1 "$digest"
run inspect-annotated $P manifest inspect localhost/list1
run annotate-bad-annotation $P manifest annotate --annotation bad localhost/list1 "$digest"
run annotate-not-digest $P manifest annotate localhost/list1 localhost/bb
run remove-unlisted $P manifest remove localhost/list1 sha256:0000000000000000000000000000000000000000000000000000000000000000
run remove-not-digest $P manifest remove localhost/list1 notadigest
run remove-unknown-list $P manifest remove nolist "$digest"
run add-unknown-list $P manifest add nolist containers-storage:localhost/bb
run add-not-a-list $P manifest add localhost/bb containers-storage:localhost/bb
run exists $P manifest exists localhost/list1
run exists-unknown $P manifest exists nolist
run exists-not-a-list $P manifest exists localhost/bb
run rm-not-a-list $P manifest rm localhost/bb
run rm-unknown $P manifest rm nolist
run rm-unknown-two $P manifest rm nolist nolist2
run push-not-a-list $P manifest push localhost/bb localhost:1/x:1
run push-unknown $P manifest push nolist localhost:1/x:1
run remove $P manifest remove localhost/list1 "$digest"
run inspect-removed $P manifest inspect localhost/list1
run rm $P manifest rm localhost/list1
echo "$digest" > digest.txt
$P rmi localhost/bb >/dev/null
