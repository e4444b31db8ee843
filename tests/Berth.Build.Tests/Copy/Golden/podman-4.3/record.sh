#!/bin/sh
# Records what podman 4.3.1 (buildah 1.28) does for COPY/ADD into copy.txt and errors.txt.
# Runs podman with a private store; never touches /var/lib/containers or /etc/containers.
# The context is made by make_context below; CopyGoldenTests builds the very same one in C#.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-/tmp/berth-copier-record}
rm -rf "$work"; mkdir -p "$work/pod" "$work/img/bin" "$work/img/etc" "$work/ctx"
cat > "$work/pod/containers.conf" <<'X'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
X
p() { CONTAINERS_CONF="$work/pod/containers.conf" podman --root "$work/pod/root" --runroot "$work/pod/run" --network-config-dir "$work/pod/net" "$@"; }
cleanup() { p rm -af >/dev/null 2>&1 || true; p rmi -af >/dev/null 2>&1 || true; rm -rf "$work" 2>/dev/null || true; }
trap cleanup EXIT

# The base image: busybox, a passwd/group, a directory, a file, symlinks (to a directory, climbing out, to a file).
cp /bin/busybox "$work/img/bin/busybox"
for a in $("$work/img/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$work/img/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1002:Alice:/home/alice:/bin/sh\nbob:x:1003:1003:Bob:/home/bob:/bin/sh\n' > "$work/img/etc/passwd"
printf 'root:x:0:\nalicegrp:x:1002:\nbob:x:1003:\nstaff:x:2000:alice\n' > "$work/img/etc/group"
mkdir -p "$work/img/data" "$work/img/target" "$work/img/x/top"
echo g > "$work/img/x/top/gone"; echo o > "$work/img/x/top/other"
ln -s /target "$work/img/applink"; ln -s ../../.. "$work/img/climb"; ln -s /etc/group "$work/img/grouplink"
tar -C "$work/img" -cf "$work/bb.tar" .
p import "$work/bb.tar" localhost/copier-base:latest >/dev/null

make_context() {
  cd "$1"
  echo hello > file.txt && chmod 0640 file.txt && touch -d '2001-02-03 04:05:06 UTC' file.txt
  mkdir -p dir/sub && echo a > dir/a && chmod 600 dir/a && echo b > dir/sub/b && chmod 755 dir/sub/b
  ln -s a dir/link && ln -s /etc/passwd dir/abslink && echo h > dir/hard1 && ln dir/hard1 dir/hard2 && mkfifo dir/fifo
  chmod 644 dir/hard1 dir/fifo && chmod 750 dir && chmod 700 dir/sub
  touch -d '2002-01-01 00:00:00 UTC' dir/a dir/sub/b dir/hard1 dir/fifo && touch -h -d '2003-01-01 00:00:00 UTC' dir/link dir/abslink
  touch -d '2004-01-01 00:00:00 UTC' dir/sub && touch -d '2005-01-01 00:00:00 UTC' dir
  ln -s file.txt toplink && echo x > exe && chmod 4755 exe && touch -d '2006-01-01 00:00:00 UTC' exe
  echo g > sgid && chmod 2755 sgid && touch -d '2007-01-01 00:00:00 UTC' sgid
  cp "$here"/archives/* . && touch -d '2008-01-01 00:00:00 UTC' ./*.tar* notatar.gz
  echo hi > text.tar && touch -d '2008-01-01 00:00:00 UTC' text.tar
  cd - >/dev/null
}
make_context "$work/ctx"

cat > "$work/ctx/Containerfile" <<'X'
FROM localhost/copier-base
COPY file.txt /new/deep/f1
COPY dir /d1
COPY dir/ /d2/
COPY toplink /tl
COPY file.txt exe /multi/
COPY --chown=alice dir /ca
COPY --chown=bob:staff file.txt /cb/
COPY --chown=1234 file.txt /cc/x/
COPY --chown=alice:5555 file.txt /cd
COPY --chown=1001 file.txt /ce
COPY --chmod=0700 dir /cm
COPY --chmod=0700 file.txt /cm2/
COPY --chmod=4755 sgid /cm3/
COPY --chown=alice file.txt /chownparents/a/b/
COPY file.txt /applink/
COPY file.txt /climb/x
COPY file.txt /grouplink
ADD file.txt /add1
ADD dir /add2
COPY exe sgid /data
COPY file.txt /target
ADD plain.tar /x/
ADD plain.tar.gz /g/
ADD plain.tar.bz2 /b/
ADD plain.tar.xz /xz/
ADD --chown=alice --chmod=0711 plain.tar.zst /z/
ADD notatar.gz text.tar /n/
ADD dotdot.tar abs.tar /dd/
COPY plain.tar.gz /c/
RUN for p in $(find / -xdev -path /proc -prune -o -path /sys -prune -o -path /bin -prune -o -path /dev -prune -o -path /run -prune -o -path /etc -prune -o -print | sort); do [ -e "$p" ] || [ -L "$p" ] || continue; printf '%s|%s\n' "$(stat -c '%n|%a|%u:%g|%Y|%F|%h' "$p")" "$(readlink "$p")"; done > /listing; cat /etc/group > /group-after
X
p build --network none --no-cache -t localhost/copier-result "$work/ctx" >/dev/null
p run --rm --network none localhost/copier-result cat /listing > "$here/copy.txt"
p run --rm --network none localhost/copier-result cat /group-after > "$here/group-after.txt"

# Errors: one build each, the message after 'building at STEP "...": '.
: > "$here/errors.txt"
for step in 'COPY missing /dest' 'COPY --chown=nobody file.txt /dest' 'COPY --chown=alice:nogroup file.txt /dest' \
    'COPY --chmod=999 file.txt /dest' 'COPY --chmod=u+x file.txt /dest' 'COPY dir /bin/busybox' 'COPY file.txt exe /etc/passwd' \
    'COPY file.txt /etc/passwd/' 'ADD plain.tar /etc/passwd' 'COPY http://127.0.0.1:9/x /dest'; do
  printf 'FROM localhost/copier-base\n%s\n' "$step" > "$work/ctx/Containerfile"
  out=$(p build --network none --no-cache "$work/ctx" 2>&1 || true)
  printf '%s\t%s\n' "$step" "$(printf '%s\n' "$out" | grep '^Error: ' | sed 's/^Error: building at STEP "[^"]*": //')" >> "$here/errors.txt"
done
