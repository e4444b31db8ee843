#!/bin/bash
# Re-records the build-context goldens from podman 4.3.1 (facts only; never run by the tests).
#   ignore/cases/NAME.expected  what `COPY . /ctx` put in the image for ignore/tree.txt with --ignorefile NAME.ignore
#   errors/NAME.expected           podman's error line for a COPY in errors/tree.txt's context ($CTX = the context dir)
# Needs podman and busybox. Uses a private store under $WORK (default /tmp/berth-context-golden); removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/berth-context-golden}
rm -rf "$WORK" && mkdir -p "$WORK/pod" "$WORK/bb/bin"
cat > "$WORK/pod/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
pod() {
  CONTAINERS_CONF="$WORK/pod/containers.conf" podman --root "$WORK/pod/root" --runroot "$WORK/pod/run" \
    --network-config-dir "$WORK/pod/net" "$@"
}
cleanup() {
  pod rm -af >/dev/null 2>&1 || true
  pod rmi -af >/dev/null 2>&1 || true
  grep -o " $WORK/pod/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cp /bin/busybox "$WORK/bb/bin/"
for a in $("$WORK/bb/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$WORK/bb/bin/$a"; done
tar -C "$WORK/bb" -cf "$WORK/bb.tar" .
pod import "$WORK/bb.tar" localhost/golden-bb:latest >/dev/null

# make_tree TREE DIR: f path / d path / l path target, '#' comments.
make_tree() {
  while IFS= read -r line; do
    case "$line" in
      '#'*|'') continue ;;
      'f '*) p=${line#f }; mkdir -p "$2/$(dirname "$p")"; printf '%s' "$p" > "$2/$p" ;;
      'd '*) mkdir -p "$2/${line#d }" ;;
      'l '*) rest=${line#l }; p=${rest%% *}; mkdir -p "$2/$(dirname "$p")"; ln -s "${rest#* }" "$2/$p" ;;
    esac
  done < "$1"
}

# The listing: one "kind path" line per entry below /ctx, sorted (d directory, f file, l symlink).
cat > "$WORK/Containerfile" <<'EOF'
FROM localhost/golden-bb
COPY . /ctx
RUN cd /ctx && find . -mindepth 1 | sort | while read -r f; do if [ -L "$f" ]; then echo "l ${f#./}"; elif [ -d "$f" ]; then echo "d ${f#./}"; else echo "f ${f#./}"; fi; done > /listing
EOF
make_tree "$here/ignore/tree.txt" "$WORK/ctx"
for ignore in "$here"/ignore/cases/*.ignore; do
  name=$(basename "$ignore" .ignore)
  pod build -q --no-cache --network none -f "$WORK/Containerfile" --ignorefile "$ignore" -t "localhost/golden-$name" "$WORK/ctx" >/dev/null
  pod run --rm --network none "localhost/golden-$name" cat /listing > "$here/ignore/cases/$name.expected"
  pod rmi "localhost/golden-$name" >/dev/null
  echo "recorded ignore/$name"
done

# Error texts: each errors/NAME.copy holds a COPY line; the context is errors/tree.txt with errors/ignore as its .containerignore.
rm -rf "$WORK/ectx" && make_tree "$here/errors/tree.txt" "$WORK/ectx"
cp "$here/errors/ignore" "$WORK/ectx/.containerignore"
for copy in "$here"/errors/*.copy; do
  name=$(basename "$copy" .copy)
  printf 'FROM localhost/golden-bb\n%s\n' "$(cat "$copy")" > "$WORK/Containerfile.err"
  if out=$(pod build -q --no-cache --network none -f "$WORK/Containerfile.err" "$WORK/ectx" 2>&1 >/dev/null); then
    echo "errors/$name: podman succeeded" >&2; exit 1
  fi
  printf '%s\n' "$out" | grep '^Error: ' | sed "s#$WORK/ectx#\$CTX#g" > "$here/errors/$name.expected"
  echo "recorded errors/$name"
done
