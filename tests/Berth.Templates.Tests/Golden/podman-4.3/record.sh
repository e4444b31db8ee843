#!/usr/bin/env bash
# Records the podman 4.3 Go-template golden corpus in this folder.
#
# Needs (Debian 12, as root): apt-get install -y podman skopeo busybox-static
# and the drop-in /etc/containers/containers.conf.d/50-berth-bench.conf
# (created below if missing).
#
# Everything runs against an isolated, throw-away store:
#   podman --root $R/root --runroot $R/run --tmpdir $R/tmp --storage-driver vfs
# The images are hand-written OCI layouts with fixed contents and timestamps,
# so re-running produces byte-identical files (no network is used).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in podman skopeo python3; do
    command -v "$tool" >/dev/null || { echo "record.sh: $tool not found (apt-get install -y podman skopeo busybox-static)" >&2; exit 1; }
done
[ -x /bin/busybox ] || { echo "record.sh: /bin/busybox missing (apt-get install -y busybox-static)" >&2; exit 1; }

case "$(podman --version)" in
    "podman version 4.3."*) ;;
    *) if [ "${FORCE:-}" != 1 ]; then
           echo "record.sh: this corpus is for podman 4.3 but found '$(podman --version)'; set FORCE=1 to record anyway" >&2
           exit 1
       fi ;;
esac

DROPIN=/etc/containers/containers.conf.d/50-berth-bench.conf
if [ ! -f "$DROPIN" ]; then
    mkdir -p "$(dirname "$DROPIN")"
    printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\n' > "$DROPIN"
fi

WORK="$(mktemp -d /tmp/berth-golden.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# Fixed environment: time zone and locale influence time printing.
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8

python3 - "$HERE" "$WORK" <<'PY'
import hashlib, io, json, os, random, subprocess, sys, tarfile

OUT, WORK = sys.argv[1], sys.argv[2]
R = os.path.join(WORK, "store")
LAY = os.path.join(WORK, "layouts")
PODMAN = ["podman", "--root", R + "/root", "--runroot", R + "/run", "--tmpdir", R + "/tmp",
          "--storage-driver", "vfs", "--events-backend", "none"]
STORE = "containers-storage:[vfs@%s/root+%s/run]" % (R, R)

# ---------------------------------------------------------------- images ---

def sha(b):
    return hashlib.sha256(b).hexdigest()

def make_tar(entries):
    """entries: (path, data, mode); data None = directory, '->target' = symlink."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for path, data, mode in entries:
            ti = tarfile.TarInfo(path)
            ti.mtime = 1700000000
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            ti.mode = mode
            if data is None:
                ti.type = tarfile.DIRTYPE
                tf.addfile(ti)
            elif isinstance(data, str) and data.startswith("->"):
                ti.type = tarfile.SYMTYPE
                ti.linkname = data[2:]
                tf.addfile(ti)
            else:
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()

def write_layout(name, tag, config, layers):
    outdir = os.path.join(LAY, name)
    blobs = os.path.join(outdir, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    def put(b):
        d = sha(b)
        with open(os.path.join(blobs, d), "wb") as f:
            f.write(b)
        return d
    config = dict(config)
    config["rootfs"] = {"type": "layers", "diff_ids": ["sha256:" + sha(l) for l in layers]}
    cb = json.dumps(config, separators=(",", ":")).encode()
    cd = put(cb)
    man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + cd, "size": len(cb)},
           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + put(l), "size": len(l)}
                      for l in layers]}
    mb = json.dumps(man, separators=(",", ":")).encode()
    md = put(mb)
    idx = {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "sha256:" + md, "size": len(mb), "annotations": {"org.opencontainers.image.ref.name": tag}}]}
    with open(os.path.join(outdir, "index.json"), "w") as f:
        f.write(json.dumps(idx, separators=(",", ":")))
    with open(os.path.join(outdir, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    return "oci:%s:%s" % (outdir, tag)

def rnd(seed, n):
    return random.Random(seed).randbytes(n)

with open("/bin/busybox", "rb") as f:
    busybox = f.read()

# A: the main image localhost/golden/demo:1.0 (busybox layer + text layer, ~2 MB)
a1 = make_tar([("bin/", None, 0o755), ("bin/busybox", busybox, 0o755), ("bin/sh", "->busybox", 0o777)])
a2 = make_tar([("etc/", None, 0o755), ("etc/motd", b"Welcome to the golden demo image.\n", 0o644),
               ("srv/", None, 0o755), ("srv/README.txt", b"golden corpus for Berth template tests\n", 0o644)])
demo = write_layout("demo", "1.0", {
    "created": "2024-03-05T10:20:30Z",
    "author": "Jane <jane@example.com>",
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "User": "1000:1000",
        "ExposedPorts": {"80/tcp": {}, "443/tcp": {}},
        "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "FOO=bar baz", "EMPTY="],
        "Entrypoint": ["/bin/sh", "-c"],
        "Cmd": ["echo hello"],
        "Volumes": {"/data": {}},
        "WorkingDir": "/srv",
        "Labels": {"org.opencontainers.image.title": "demo", "maintainer": "Jane <jane@example.com>",
                   "a": "1", "b": "two words", "html": "<b>&amp;</b>", "empty": ""},
        "StopSignal": "SIGTERM",
    },
    "history": [
        {"created": "2024-03-05T10:20:00.1234567Z", "created_by": "/bin/sh -c #(nop) ADD file:busybox in /bin/",
         "author": "Jane <jane@example.com>", "comment": "busybox layer"},
        {"created": "2024-03-05T10:20:10.5Z", "created_by": "/bin/sh -c #(nop)  LABEL a=1 b=\"two words\"",
         "author": "Jane <jane@example.com>", "comment": "metadata only", "empty_layer": True},
        {"created": "2024-03-05T10:20:30Z", "created_by": "/bin/sh -c #(nop) COPY dir:text in /",
         "author": "John <john@example.com>", "comment": "text files"},
    ],
}, [a1, a2])

# B: tiny text image (~11 kB), created with a fractional timestamp
tiny = write_layout("tiny", "b", {
    "created": "2023-11-12T13:14:15.1234567Z", "author": "Tiny Author",
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/bin"], "Cmd": ["/hello.txt"], "Labels": {"tiny": "yes"}},
    "history": [{"created": "2023-11-12T13:14:15.1234567Z", "created_by": "COPY hello.txt /", "comment": "tiny"}],
}, [make_tar([("hello.txt", b"hello from the tiny image\n", 0o644)])])

# C: big image with 40 MB of seeded pseudo-random (incompressible) data
big = write_layout("big", "v2.0.1-beta", {
    "created": "2022-06-07T08:09:10Z", "author": "Big Author",
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/bin"], "Labels": {"size": "big"}},
    "history": [{"created": "2022-06-07T08:09:10Z", "created_by": "ADD random.bin /data/"}],
}, [make_tar([("data/", None, 0o755), ("data/random.bin", rnd(42, 40 * 1000 * 1000), 0o644)])])

# D: minimal config (no labels/env/history), ~300 kB
minimal = write_layout("minimal", "latest", {
    "created": "2021-01-01T00:00:00Z", "architecture": "amd64", "os": "linux", "config": {},
}, [make_tar([("blob.bin", rnd(7, 300 * 1000), 0o644)])])

# E: ~30 kB image that is untagged afterwards (dangling, shows as <none>)
dangling = write_layout("dangling", "gone", {
    "created": "2020-02-29T23:59:59Z", "architecture": "amd64", "os": "linux",
    "config": {"Labels": {"dangling": "true"}},
    "history": [{"created": "2020-02-29T23:59:59Z", "created_by": "ADD e.bin /"}],
}, [make_tar([("e.bin", rnd(99, 20 * 1000), 0o644)])])

def run(args, check=True):
    r = subprocess.run(args, capture_output=True)
    if check and r.returncode != 0:
        sys.stderr.write("command failed: %r\n%s%s" % (args, r.stdout.decode(), r.stderr.decode()))
        sys.exit(1)
    return r

def load(src, name):
    run(["skopeo", "copy", "--quiet", src, STORE + name])

load(demo, "localhost/golden/demo:1.0")
load(tiny, "localhost/a:b")
load(big, "quay.io/someone/a-very-long-repository-name-for-alignment:v2.0.1-beta")
load(minimal, "localhost/golden/minimal:latest")
load(dangling, "localhost/golden/dangling:gone")
run(PODMAN + ["tag", "localhost/golden/demo:1.0", "localhost/golden/demo:latest"])
run(PODMAN + ["tag", "quay.io/someone/a-very-long-repository-name-for-alignment:v2.0.1-beta", "docker.io/library/big:2"])
run(PODMAN + ["untag", "localhost/golden/dangling:gone"])

# ------------------------------------------------------------- recording ---

def write_raw(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)

def write_cases(name, cases):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(cases, indent=2, ensure_ascii=False))
        f.write("\n")

skipped = []

def record(name, argv, extra=None):
    r = run(argv, check=False)
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    if "0xc0" in out or "0xc0" in err:   # pointer addresses: not deterministic
        skipped.append(name)
        return None
    case = {"name": name}
    if extra:
        case.update(extra)
    case.update({"stdout": out, "stderr": err, "exitCode": r.returncode})
    return case

def check_unique(cases):
    names = [c[0] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("duplicate case names: %s" % sorted(dup))

MAIN = "localhost/golden/demo:1.0"
TAB = "\t"
NL = "\n"

# Templates are given exactly as a user would type them inside single quotes
# in a shell: r'\t' is backslash + t, TAB is a real tab character.
INSPECT = [
    # --- plain and nested fields
    ("field-os", "{{.Os}}"),
    ("field-architecture", "{{.Architecture}}"),
    ("field-size", "{{.Size}}"),
    ("field-virtualsize", "{{.VirtualSize}}"),
    ("field-id-lower-rewritten", "{{.Id}}"),
    ("field-id-lower-spaced", "{{ .Id }}"),
    ("field-id-upper", "{{.ID}}"),
    ("inspect-normalize-substring-replace", '{{printf "%s" ".Src .Dst .ImageID .Config.Healthcheck {{.Id}}"}}'),
    ("field-digest", "{{.Digest}}"),
    ("field-author", "{{.Author}}"),
    ("field-comment", "{{.Comment}}"),
    ("field-parent-empty", "{{.Parent}}|"),
    ("field-version-empty", "{{.Version}}|"),
    ("field-user", "{{.User}}"),
    ("field-manifesttype", "{{.ManifestType}}"),
    ("nested-config-user", "{{.Config.User}}"),
    ("nested-config-workingdir", "{{.Config.WorkingDir}}"),
    ("nested-config-stopsignal", "{{.Config.StopSignal}}"),
    ("nested-rootfs-type", "{{.RootFS.Type}}"),
    ("nested-graphdriver-name", "{{.GraphDriver.Name}}"),
    ("nested-graphdriver-data-nil-map", "{{.GraphDriver.Data}}"),
    ("nested-config-healthcheck-nil-rewritten", "{{.Config.Healthcheck}}"),
    ("field-healthcheck-nil", "{{.HealthCheck}}"),
    ("map-key-as-field", "{{.Labels.a}}"),
    ("map-key-as-field-dotted-path", "{{.Config.Labels.html}}"),
    ("map-missing-key-as-field", "{{.Labels.nope}}|"),
    ("map-empty-value", "{{.Labels.empty}}|"),
    # --- maps, slices and structs printed whole
    ("map-labels", "{{.Labels}}"),
    ("map-config-labels", "{{.Config.Labels}}"),
    ("map-exposedports", "{{.Config.ExposedPorts}}"),
    ("map-volumes", "{{.Config.Volumes}}"),
    ("map-annotations-empty", "{{.Annotations}}"),
    ("slice-env", "{{.Config.Env}}"),
    ("slice-cmd", "{{.Config.Cmd}}"),
    ("slice-entrypoint", "{{.Config.Entrypoint}}"),
    ("slice-repotags", "{{.RepoTags}}"),
    ("slice-repodigests", "{{.RepoDigests}}"),
    ("slice-rootfs-layers", "{{.RootFS.Layers}}"),
    ("slice-history", "{{.History}}"),
    ("slice-nameshistory", "{{.NamesHistory}}"),
    ("struct-config", "{{.Config}}"),
    ("struct-graphdriver", "{{.GraphDriver}}"),
    ("struct-rootfs", "{{.RootFS}}"),
    ("struct-history-item", "{{index .History 1}}"),
    ("struct-dot-whole", "{{.}}"),
    # --- index
    ("index-map", '{{index .Labels "b"}}'),
    ("index-map-dotted-key", '{{index .Labels "org.opencontainers.image.title"}}'),
    ("index-map-missing-key", '{{index .Labels "nope"}}|'),
    ("index-map-struct-value", '{{index .Config.ExposedPorts "80/tcp"}}'),
    ("index-slice-0", "{{index .RepoTags 0}}"),
    ("index-slice-1", "{{index .Config.Env 1}}"),
    ("index-paren-field", "{{(index .History 1).Comment}}"),
    ("slice-func-string", "{{slice .Os 1 3}}"),
    # --- json
    ("json-string", "{{json .Os}}"),
    ("json-string-html-not-escaped", "{{json .Labels.html}}"),
    ("json-map", "{{json .Labels}}"),
    ("json-slice", "{{json .RepoTags}}"),
    ("json-int", "{{json .Size}}"),
    ("json-time", "{{json .Created}}"),
    ("json-nil", "{{json nil}}"),
    ("json-nil-pointer", "{{json .Config.Healthcheck}}"),
    ("json-struct-nil-map", "{{json .GraphDriver}}"),
    ("json-history", "{{json .History}}"),
    ("json-config", "{{json .Config}}"),
    ("json-dot-isjson", "{{json .}}"),
    ("json-dot-spaced-isjson", "{{ json . }}"),
    ("json-bare-word", "json"),
    ("json-dot-with-suffix", "{{json .}}|"),
    # --- range
    ("range-slice", "{{range .RepoTags}}{{.}};{{end}}"),
    ("range-slice-index", "{{range $i, $e := .RepoTags}}{{$i}}={{$e}};{{end}}"),
    ("range-slice-separator", "{{range $i, $e := .RepoTags}}{{if $i}}, {{end}}{{$e}}{{end}}"),
    ("range-map-values", "{{range .Labels}}[{{.}}]{{end}}"),
    ("range-map-kv", "{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}"),
    ("range-map-struct-values", "{{range $p, $_ := .Config.ExposedPorts}}{{$p}} {{end}}"),
    ("range-else-empty-map", "{{range .Annotations}}x{{else}}none{{end}}"),
    ("range-else-nil-map", "{{range .GraphDriver.Data}}x{{else}}nil map{{end}}"),
    ("range-history-fields", "{{range .History}}{{.CreatedBy}}|{{.EmptyLayer}}{{end}}"),
    ("range-history-index", "{{range $i, $h := .History}}{{$i}}:{{$h.Author}};{{end}}"),
    ("range-history-if", "{{range .History}}{{if .EmptyLayer}}{{.Comment}}{{end}}{{end}}"),
    ("range-history-created", "{{range .History}}{{.Created}};{{end}}"),
    ("range-break", "{{range .RepoTags}}{{.}}{{break}}{{end}}"),
    ("range-continue", "{{range .RepoTags}}{{continue}}{{.}}{{end}}"),
    ("range-env-tab-escape", r"{{range .Config.Env}}{{.}}\t|{{end}}"),
    ("range-explicit-dot", "{{range .}}{{.Os}}{{end}}"),
    ("range-explicit-dot-spaced", "{{range . }}[{{.Architecture}}]{{end}}"),
    ("range-explicit-dot-twice", "{{range .}}{{.Os}}{{end}}{{range .}}{{.Architecture}}{{end}}"),
    ("range-explicit-dot-trim-end", "x{{range .}}{{.Os}}{{end -}}"),
    ("range-explicit-dot-then-len", "{{range .}}{{.Os}}{{end}} {{len .}}"),
    ("top-level-break", "{{break}}"),
    ("top-level-break-after-text", "{{.Os}}{{break}}"),
    ("top-level-else", "{{else}}"),
    ("dollar-len", "{{len $}}"),
    # --- if / with
    ("if-else-true", "{{if .Labels.a}}yes{{else}}no{{end}}"),
    ("if-else-if-chain", '{{if eq .Os "windows"}}win{{else if eq .Os "linux"}}lin{{else}}other{{end}}'),
    ("if-empty-map-falsy", "{{if .Annotations}}has{{else}}empty{{end}}"),
    ("if-empty-string-falsy", "{{if .Labels.empty}}t{{else}}f{{end}}"),
    ("if-zero-falsy", "{{if 0}}t{{else}}f{{end}}"),
    ("if-and-paren", '{{if and (eq .Os "linux") (gt .Size 1000)}}big linux{{end}}'),
    ("with-value", "{{with .Config.WorkingDir}}wd={{.}}{{end}}"),
    ("with-else-empty", "{{with .Parent}}p={{.}}{{else}}no parent{{end}}"),
    ("with-else-nil-pointer", "{{with .Config.Healthcheck}}hc{{else}}no healthcheck{{end}}"),
    # --- comparisons and logic
    ("eq-string", '{{eq .Os "linux"}}'),
    ("eq-multi-args", '{{eq .Os "a" "b" "linux"}}'),
    ("eq-multi-args-false", '{{eq .Os "a" "b"}}'),
    ("eq-int64-vs-const", "{{eq .Size 1999097}}"),
    ("ne", '{{ne .Architecture "arm64"}}'),
    ("lt-int", "{{lt .Size 2000000}}"),
    ("le-int", "{{le .Size 1999097}}"),
    ("gt-int", "{{gt .Size 2000000}}"),
    ("ge-int", "{{ge .Size 1999098}}"),
    ("lt-string", '{{lt "abc" "abd"}}'),
    ("and-or-not", '{{and 1 0 "x"}}|{{or 0 "" .Os}}|{{not .Parent}}|{{and .Parent .Os}}|{{not .Labels}}'),
    ("and-returns-last", "{{and .Os .Architecture}}"),
    # --- variables
    ("var-declare", "{{$x := .Os}}{{$x}}-{{$x | upper}}"),
    ("var-assign", "{{$x := 1}}{{$x = 2}}{{$x}}"),
    ("var-scope-if", "{{$x := 1}}{{if true}}{{$x = 3}}{{$y := 9}}{{end}}{{$x}}"),
    # --- trimming
    ("trim-both", "[ {{- .Os -}} ]"),
    ("trim-left-text", "a  {{- .Os}}  b"),
    ("trim-escaped-newline", r"{{.Os}}\n{{- .Architecture}}"),
    ("trim-final-newline", "{{.Os -}}"),
    ("trim-comment", "a {{- /* x */ -}} b"),
    # --- printf
    ("printf-verbs", '{{printf "%s %d %v %q %x %X %5d|%-10s|%05.2f %t %%" .Os .Size .Config.Cmd .Os .Os .Size 42 .Architecture 3.14159 true}}'),
    ("printf-pad-right", '{{printf "%-10s|" .Architecture}}'),
    ("printf-zero-pad-float", '{{printf "%05.2f" 3.14159}}'),
    ("printf-bad-verb", '{{printf "%d" .Os}}'),
    ("printf-missing-arg", '{{printf "%s %s" .Os}}'),
    ("printf-extra-arg", '{{printf "%s" .Os .Architecture}}'),
    ("printf-slices", '{{printf "%v|%s|%d" .RepoTags .Config.Cmd .RepoTags}}'),
    ("printf-quote-slice", '{{printf "%q" .Config.Env}}'),
    ("printf-hex", '{{printf "%x %X" .Os .Size}}'),
    ("printf-v-time", '{{printf "%v" .Created}}'),
    ("printf-v-struct-pointer", '{{printf "%v" .Config}}'),
    ("printf-plusv-struct-pointer", '{{printf "%+v" .GraphDriver}}'),
    ("printf-gosyntax-string", '{{printf "%#v" .Os}}'),
    ("printf-types", '{{printf "%T %T %T %T" .Size .Labels .Created .Config}}'),
    ("printf-v-nil-pointer", '{{printf "%v" .Config.Healthcheck}}'),
    ("printf-escaped-newline-fallback", r'{{printf "%s\n" .Os}}'),
    # --- len / print / println
    ("len-string", "{{len .Os}}"),
    ("len-slice", "{{len .RepoTags}}"),
    ("len-map", "{{len .Labels}}"),
    ("len-utf8-bytes", '{{len "héllo"}}'),
    ("print-strings", "{{print .Os .Architecture}}|{{print 1 2}}|{{print .Os 1 \"x\"}}"),
    ("println", "{{println .Os .Size}}"),
    # --- pipelines and parentheses
    ("pipe-upper", "{{.Os | upper}}"),
    ("pipe-chain", "{{.Labels.b | upper | lower}}"),
    ("pipe-printf-last-arg", '{{.Os | printf "%s-%s" "x"}}'),
    ("pipe-len", "{{.RepoTags | len}}"),
    ("pipe-join-swapped", '{{"," | join .Config.Env}}'),
    ("paren-upper-index", '{{upper (index .Labels "b")}}'),
    ("paren-printf-len", '{{printf "%d" (len .RepoTags)}}'),
    ("pipe-trailing-bar", "{{.Os | }}"),
    # --- literals
    ("literal-string-escapes", r'{{"a\tb\"c"}}|'),
    ("literal-raw-string", r"{{`x\ty`}}|"),
    ("literal-numbers", "{{42}} {{-3}} {{1.5}} {{1e3}} {{0x1F}} {{0o17}} {{0b101}} {{1_000}} {{1i}}"),
    ("literal-char", "{{'a'}}"),
    ("literal-char-escape", r"{{'\t'}}|"),
    ("literal-bool", "{{true}} {{false}}"),
    ("literal-nil-printf", '{{printf "%v" nil}}'),
    ("literal-string-escaped-newline-fallback", r'{{"a\nb"}}|'),
    ("literal-raw-string-escaped-newline", r"{{`a\nb`}}|"),
    # --- comments
    ("comment-only", "{{/* x */}}"),
    ("comment-inline", "a{{/* x */}}b"),
    # --- podman functions
    ("fn-join", '{{join .RepoTags ", "}}'),
    ("fn-lower", '{{lower "ÀBC Mixed"}}'),
    ("fn-upper", "{{upper .Os}}"),
    ("fn-title", '{{title "hello wORLD foo-bar"}}'),
    ("fn-truncate-short", "{{truncate .Os 3}}"),
    ("fn-truncate-long", "{{truncate .Os 10}}"),
    ("fn-truncate-zero", "{{truncate .Os 0}}|"),
    ("fn-pad", "{{pad .Os 2 0}}|{{pad .Os 3 1}}|"),
    ("fn-split", '{{split "a,b,,c" ","}}'),
    ("fn-split-empty-sep", '{{split .Os ""}}'),
    ("fn-split-len", '{{len (split "a,b,,c" ",")}}'),
    ("fn-split-index", '{{index (split .Config.User ":") 1}}'),
    ("fn-html-js-urlquery", "{{html .Labels.html}}|{{js .Labels.maintainer}}|{{urlquery .Labels.b}}"),
    # --- time
    ("time-created", "{{.Created}}"),
    ("time-year", "{{.Created.Year}}"),
    ("time-format", '{{.Created.Format "2006-01-02 15:04"}}'),
    ("time-format-long", '{{.Created.Format "Mon Jan 2 15:04:05 MST 2006"}}'),
    ("time-unix", "{{.Created.Unix}}"),
    ("time-utc", "{{.Created.UTC}}"),
    ("time-parts", "{{.Created.Month}} {{.Created.Weekday}} {{.Created.YearDay}} {{.Created.UnixNano}} {{.Created.IsZero}}"),
    ("time-add-nanosecond", "{{.Created.Add 1}}"),
    ("time-history-fraction", "{{(index .History 0).Created}}|{{(index .History 1).Created.Format \"15:04:05.000\"}}"),
    # --- escapes as typed in a shell, newlines
    ("escape-backslash-t-n", r"{{.Os}}\t{{.Architecture}}\n{{.Size}}\t{{.User}}"),
    ("escape-real-tab", "{{.Os}}" + TAB + "X"),
    ("escape-real-newline", "x" + NL + "y"),
    ("escape-no-tabwriter", r"a\tb\nccccccccccccccc\td"),
    ("escape-double-backslash", r"x\\ty"),
    ("escape-backslash-r-untouched", r"a\rb"),
    ("escape-mixed-fallback", r'{{.Os}}\t{{printf "\n"}}'),
    ("newline-none", "{{.Os}}"),
    ("newline-real-trailing", "{{.Os}}" + NL),
    ("newline-escaped-trailing", r"{{.Os}}\n"),
    ("newline-escaped-double", r"{{.Os}}\n\n"),
    ("empty-format", ""),
    # --- table prefix
    ("table-tab-escape", r"table {{.Os}}\t{{.Size}}"),
    ("table-space-becomes-tab", "table {{.Os}} {{.Architecture}}"),
    ("table-space-in-string-literal", 'table {{printf "%s %s" .Os .Architecture}}'),
    ("table-aligns-lines", r"table a\tb\nccccccccccccccc\td"),
    ("table-range-aligned", r"table {{range .RepoTags}}{{.}}\t{{len .}}\n{{end}}"),
    ("table-fallback-not-stripped", r'table {{.Os}}\t{{printf "%s\n" .Architecture}}'),
    ("table-word-only", "table"),
    ("table-with-space-only", "table "),
    ("table-no-space", "table{{.Os}}"),
    ("table-uppercase", "TABLE {{.Os}}"),
    ("table-leading-space", " table {{.Os}}"),
    # --- errors
    ("error-unknown-field", "{{.Nope}}"),
    ("error-unknown-nested-field", "{{.Config.Nope}}"),
    ("error-field-of-string", "{{.Os.Foo}}"),
    ("error-unknown-function", "{{nope .Os}}"),
    ("error-unclosed-action", "{{.Os"),
    ("error-unclosed-action-after-text", "{{.Os}} {{.Os"),
    ("error-unterminated-string", '{{"abc}}'),
    ("error-unclosed-if", "{{if true}}x"),
    ("error-unexpected-end", "{{end}}"),
    ("error-bad-pipeline-leading-bar", "{{| upper}}"),
    ("error-pipe-join-wrong-arg-order", '{{.Config.Env | join ","}}'),
    ("error-wrong-arg-count-pad", "{{pad .Os 10}}"),
    ("error-wrong-arg-count-join", "{{join .Config.Env}}"),
    ("error-wrong-arg-count-upper", '{{upper "a" "b"}}'),
    ("error-wrong-arg-type-join", '{{join .Os ","}}'),
    ("error-method-missing-arg", "{{.Created.Format}}"),
    ("error-field-with-args", "{{.Os 1}}"),
    ("error-index-out-of-range", "{{index .RepoTags 5}}"),
    ("error-index-string-with-string", '{{index .Os "x"}}'),
    ("error-eq-incompatible", '{{eq .Size "x"}}'),
    ("error-eq-int-float", "{{eq 1 1.0}}"),
    ("error-lt-incompatible", "{{lt .Os 3}}"),
    ("error-undefined-variable", "{{$x}}"),
    ("error-dollar-is-slice", "{{$.Os}}"),
    ("error-len-int", "{{len .Size}}"),
    ("error-range-int", "{{range 5}}x{{end}}"),
    ("error-nil-command", "{{nil}}"),
    ("error-call-non-function", "{{call .Os}}"),
    ("error-truncate-negative", "{{truncate .Os -1}}"),
    ("error-template-not-defined", '{{template "x"}}'),
    ("error-define-inside-range", '{{define "t"}}T{{end}}{{template "t"}}'),
    ("error-comment-with-spaces", "{{ /* x */ }}"),
    ("error-partial-output", "A{{.Os}}{{.Nope}}"),
    ("error-partial-output-table", "table A{{.Os}}{{.Nope}}"),
]
check_unique(INSPECT)

IMAGES = [
    ("table-columns-escaped-tab", ["--format", r"table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}"]),
    ("table-columns-real-tab", ["--format", "table {{.Repository}}" + TAB + "{{.Tag}}" + TAB + "{{.ID}}" + TAB + "{{.Size}}"]),
    ("table-columns-space", ["--format", "table {{.Repository}} {{.Tag}} {{.Size}}"]),
    ("table-all-fields", ["--format", r"table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Size}}\t{{.Digest}}\t{{.Containers}}\t{{.ReadOnly}}\t{{.History}}\t{{.Labels}}"]),
    ("table-single-repository", ["--format", "table {{.Repository}}"]),
    ("table-single-tag", ["--format", "table {{.Tag}}"]),
    ("table-single-id", ["--format", "table {{.ID}}"]),
    ("table-single-size", ["--format", "table {{.Size}}"]),
    ("table-single-digest", ["--format", "table {{.Digest}}"]),
    ("table-single-labels", ["--format", "table {{.Labels}}"]),
    ("table-single-containers", ["--format", "table {{.Containers}}"]),
    ("table-single-readonly", ["--format", "table {{.ReadOnly}}"]),
    ("table-single-history", ["--format", "table {{.History}}"]),
    ("table-more-headers", ["--format", r"table {{.Dangling}}\t{{.VirtualSize}}\t{{.SharedSize}}\t{{.Names}}\t{{.RepoDigests}}"]),
    ("table-method-fields-no-header", ["--format", r"table {{.Id}}\t{{.CreatedAt}}\t{{.IsReadOnly}}"]),
    ("table-noheading", ["--format", r"table {{.Repository}}\t{{.Tag}}", "--noheading"]),
    ("table-no-trunc-id", ["--format", r"table {{.ID}}\t{{.Tag}}", "--no-trunc"]),
    ("table-sort-size", ["--format", r"table {{.Repository}}\t{{.Tag}}\t{{.Size}}", "--sort", "size"]),
    ("table-sort-repository", ["--format", r"table {{.Repository}}\t{{.Tag}}", "--sort", "repository"]),
    ("table-sort-tag", ["--format", r"table {{.Repository}}\t{{.Tag}}", "--sort", "tag"]),
    ("table-custom-header-text", ["--format", "table Repo={{.Repository}}:{{.Tag}}"]),
    ("table-custom-header-words", ["--format", r"table NAME {{.Repository}}\t{{.Size}} bytes"]),
    ("table-printf-column", ["--format", r'table {{printf "%.12s" .Repository}}\t{{.Tag}}']),
    ("table-word-only", ["--format", "table"]),
    # the header row is the same template executed against a map of header strings
    ("header-row-function-lower", ["--format", r"table {{lower .Repository}}\t{{.Tag}}"]),
    ("header-row-json", ["--format", "table {{json .Labels}}"]),
    ("header-row-len", ["--format", "table {{.Size}} {{len .Repository}}"]),
    ("header-row-if-truthy", ["--format", "table {{if .Dangling}}D{{else}}{{.Repository}}{{end}}"]),
    ("error-header-row-map-field", ["--format", "table {{.Labels.a}}"]),
    ("table-filter-reference", ["--format", r"table {{.Repository}}\t{{.Tag}}", "--filter", "reference=localhost/golden/*"]),
    ("table-filter-dangling", ["--format", r"table {{.ID}}\t{{.Repository}}\t{{.Tag}}", "--filter", "dangling=true"]),
    ("table-filter-label", ["--format", r"table {{.Repository}}\t{{.Tag}}", "--filter", "label=a=1"]),
    ("plain-id", ["--format", "{{.ID}}"]),
    ("plain-id-no-trunc", ["--format", "{{.ID}}", "--no-trunc"]),
    ("plain-id-sort-size", ["--format", "{{.ID}}", "--sort", "size"]),
    ("plain-size", ["--format", "{{.Size}}"]),
    ("plain-repo-tag", ["--format", "{{.Repository}}:{{.Tag}} {{.Size}}"]),
    ("plain-escaped-tab-not-aligned", ["--format", r"{{.Repository}}\t{{.Tag}}"]),
    ("plain-noheading", ["--format", "{{.Repository}}", "--noheading"]),
    ("plain-labels", ["--format", "{{.Labels}}"]),
    ("plain-label-field", ["--format", "{{.Labels.a}}|{{index .Labels \"size\"}}"]),
    ("error-range-over-history-string", ["--format", "{{range .History}}{{.}},{{end}}"]),
    ("plain-if-dangling", ["--format", "{{if .Dangling}}dangling {{.ID}}{{else}}{{.Repository}}:{{.Tag}}{{end}}"]),
    ("plain-printf", ["--format", '{{printf "%-30.30s|%8s|" .Repository .Size}}']),
    ("plain-containers-readonly", ["--format", "{{.Containers}} {{.ReadOnly}}"]),
    ("plain-dot-struct", ["--format", "{{.}}"]),
    ("plain-fallback-escaped-newline", ["--format", r'{{.Repository}}\t{{printf "\n"}}']),
    ("json-labels", ["--format", "{{json .Labels}}"]),
    ("json-dot", ["--format", "{{json .}}"]),
    ("json-dot-suffix", ["--format", "{{json .}}|", "--filter", "reference=localhost/a"]),
    ("format-json", ["--format", "json"]),
    ("quiet", ["-q"]),
    ("quiet-no-trunc", ["-q", "--no-trunc"]),
    ("error-unknown-field", ["--format", "{{.Nope}}"]),
    ("error-parse", ["--format", "{{.Repository"]),
    ("error-unknown-function", ["--format", "{{nope .Repository}}"]),
    ("error-table-unknown-field", ["--format", "table {{.Repository}}\t{{.Nope}}"]),
]
check_unique(IMAGES)

VERSION = [
    ("client-version", "{{.Client.Version}}"),
    ("client-apiversion", "{{.Client.APIVersion}}"),
    ("client-osarch", "{{.Client.OsArch}}"),
    ("client-os", "{{.Client.Os}}"),
    ("client-goversion", "{{.Client.GoVersion}}"),
    ("client-gitcommit-empty", "{{.Client.GitCommit}}|"),
    ("client-builttime", "{{.Client.BuiltTime}}"),
    ("client-built", "{{.Client.Built}}"),
    ("client-struct", "{{.Client}}"),
    ("json-client", "{{json .Client}}"),
    ("json-dot", "{{json .}}"),
    ("server-nil", "{{.Server}}"),
    ("server-if-nil", "{{if .Server}}remote{{else}}local{{end}}"),
    ("server-field-fallback", "{{.Server.Version}}"),
    ("server-field-fallback-double-output", "A{{.Server.Version}}B"),
    ("dot-struct", "{{.}}"),
    ("table-client-version", "table {{.Client.Version}}"),
    ("error-unknown-field", "{{.Nope}}"),
    ("error-unknown-client-field", "{{.Client.Nope}}"),
    ("error-fallback-partial-output", "{{.Server.Os}} {{.Client.Os}}"),
    ("error-fallback-partial-output-both-attempts", "X{{.Server}}{{.Client.Nope}}"),
    ("escape-backslash-t", r"{{.Client.Version}}\t{{.Client.Os}}"),
]
check_unique(VERSION)

# raw JSON documents
write_raw("image-inspect.json", run(PODMAN + ["image", "inspect", MAIN]).stdout)
write_raw("images.json", run(PODMAN + ["images", "--format", "json"]).stdout)
write_raw("version.json", run(PODMAN + ["version", "--format", "json"]).stdout)

cases = []
for name, tmpl in INSPECT:
    c = record(name, PODMAN + ["image", "inspect", "--format", tmpl, MAIN], {"template": tmpl})
    if c: cases.append(c)
write_cases("inspect-cases.json", cases)
n_inspect = len(cases)

cases = []
for name, args in IMAGES:
    c = record(name, PODMAN + ["images"] + args, {"args": args, "template": args[args.index("--format") + 1] if "--format" in args else ""})
    if c: cases.append(c)
write_cases("images-cases.json", cases)
n_images = len(cases)

cases = []
for name, tmpl in VERSION:
    c = record(name, PODMAN + ["version", "--format", tmpl], {"template": tmpl})
    if c: cases.append(c)
write_cases("version-cases.json", cases)
n_version = len(cases)

print("inspect-cases.json: %d cases, images-cases.json: %d cases, version-cases.json: %d cases"
      % (n_inspect, n_images, n_version))
if skipped:
    print("skipped (pointer addresses in output): " + ", ".join(skipped))
PY
