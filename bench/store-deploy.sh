#!/usr/bin/env bash
# Ours against the real ostree, whole process, on a Debian bookworm minbase tree (bench/minbase-tree.sh):
# commit (bare-user cold and warm, archive), hardlink checkout, fsck, and admin deploy.
# ostree's admin verbs run inside `unshare -U` with identity-mapped ids (so its FIFREEZE of /boot's
# filesystem fails harmlessly); ours run in the same namespace for fairness.
# HTTP pull: ostree pulls from nginx, we from `caisson repo serve`, one archive repo both serve.
# Both write into a loop-mounted journaled ext4 unless BENCH_FS=host (bench/scratch-fs.sh says why).
# Usage: bench/store-deploy.sh   (needs root, hyperfine, ostree, mmdebstrap, nginx; ONLY=deploy runs one row)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tree="$(bench/minbase-tree.sh)"
C="$root/bin/caisson"
$C --version >/dev/null
base="$(mktemp -d)"
servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.2; scratch_fs_release "$base"; rm -rf "$base"' EXIT
# shellcheck source=bench/scratch-fs.sh
. "$root/bench/scratch-fs.sh"
w="$(scratch_fs "$base" 12G)"
chmod 755 "$w"
echo "scratch on: $(findmnt -n -o FSTYPE,OPTIONS --target "$w")" >&2
U="$root/bench/userns-run"
files=$(find "$tree" -type f | wc -l)
echo "tree: $tree ($files files, $(du -sm "$tree" | cut -f1) MiB)" >&2
res=()
run() { # name, ours-cmd, theirs-cmd, prepare
  if [[ -n "${ONLY:-}" && "$1" != *"$ONLY"* ]]; then return 0; fi
  # one checked run of each first, so a failure shows its message instead of hyperfine's
  bash -c "$4" >/dev/null 2>&1 || true
  bash -c "$2" >/dev/null 2>"$w/err" || { echo "bench: '$2' failed:" >&2; cat "$w/err" >&2; exit 1; }
  bash -c "$4" >/dev/null 2>&1 || true
  hyperfine --style basic --warmup 1 --runs "${RUNS:-5}" --prepare "$4" --export-json "$w/$1.json" \
    -n ours "$2" -n ostree "$3" >&2
  python3 - "$w/$1.json" "$1" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"| {sys.argv[2]} | {r['ours']:.3f} s | {r['ostree']:.3f} s | {r['ours'] / r['ostree']:.2f} |")
PY
}
echo "| operation | ours | ostree 2022.7 | ratio |"
echo "|---|---|---|---|"
run "commit bare-user (cold)" \
  "$C repo commit --repo=$w/o -b m --timestamp=2024-01-01T00:00:00Z --tree=dir=$tree" \
  "ostree --repo=$w/t commit -b m --timestamp=2024-01-01T00:00:00Z --tree=dir=$tree" \
  "rm -rf $w/o $w/t; $C repo init --repo=$w/o --mode=bare-user; ostree init --repo=$w/t --mode=bare-user"
run "commit bare-user (warm)" \
  "$C repo commit --repo=$w/o -b m2 --tree=dir=$tree" \
  "ostree --repo=$w/t commit -b m2 --tree=dir=$tree" "true"
run "commit archive" \
  "$C repo commit --repo=$w/oa -b m --timestamp=2024-01-01T00:00:00Z --tree=dir=$tree" \
  "ostree --repo=$w/ta commit -b m --timestamp=2024-01-01T00:00:00Z --tree=dir=$tree" \
  "rm -rf $w/oa $w/ta; $C repo init --repo=$w/oa --mode=archive; ostree init --repo=$w/ta --mode=archive"
run "hardlink checkout (-U, bare-user)" \
  "$C repo checkout --repo=$w/o -U m2 $w/co-o" "ostree --repo=$w/t checkout -U -H m2 $w/co-t" \
  "rm -rf $w/co-o $w/co-t"
run "fsck (bare-user)" "$C repo fsck --repo=$w/o" "ostree fsck --repo=$w/t" "true"
# HTTP pull of the whole tree into an empty bare-user repo, from one archive repo (written by ostree,
# summary updated) that nginx serves to ostree and `caisson repo serve` serves to us
if [[ -z "${ONLY:-}" || "http pull" == *"${ONLY}"* ]]; then
  command -v nginx >/dev/null || { echo "bench: the pull row needs nginx (apt-get install nginx-light)" >&2; exit 1; }
  ostree init --repo="$w/pa" --mode=archive
  ostree --repo="$w/pa" commit -b m --timestamp=2024-01-01T00:00:00Z --tree=dir="$tree" >/dev/null
  ostree --repo="$w/pa" summary -u
  port_n=$((20000 + RANDOM % 20000)); port_c=$((port_n + 1))
  mkdir -p "$w/nginx"
  cat > "$w/nginx/nginx.conf" <<EOF
user root;
daemon off;
worker_processes 2;
error_log $w/nginx/error.log;
pid $w/nginx/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $w/nginx; proxy_temp_path $w/nginx; fastcgi_temp_path $w/nginx;
  uwsgi_temp_path $w/nginx; scgi_temp_path $w/nginx;
  types { }
  default_type application/octet-stream;
  server { listen 127.0.0.1:$port_n; root $w/pa; }
}
EOF
  nginx -p "$w/nginx" -c "$w/nginx/nginx.conf" & servers+=($!)
  $C repo serve --repo="$w/pa" --listen="127.0.0.1:$port_c" >/dev/null 2>&1 & servers+=($!)
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port_n/config" >/dev/null && curl -sf "http://127.0.0.1:$port_c/config" >/dev/null && break
    sleep 0.1
  done
fi
run "http pull (whole tree, into bare-user)" \
  "$C repo pull --repo=$w/po s m" "ostree --repo=$w/pt pull s m" \
  "rm -rf $w/po $w/pt; $C repo init --repo=$w/po --mode=bare-user; \
$C repo remote add --repo=$w/po --no-gpg-verify s http://127.0.0.1:${port_c:-0}; \
ostree init --repo=$w/pt --mode=bare-user; ostree remote add --repo=$w/pt --no-gpg-verify s http://127.0.0.1:${port_n:-0}"
# admin deploy into a sysroot whose bare repo holds the commit
prep="rm -rf $w/so $w/st; mkdir -p $w/so $w/st; $C admin init-fs $w/so; $C admin os-init --sysroot=$w/so caisson; \
$C repo commit --repo=$w/so/ostree/repo -b os --timestamp=2024-01-01T00:00:00Z --tree=dir=$tree >/dev/null; \
$U ostree admin init-fs $w/st >/dev/null; $U ostree admin os-init --sysroot=$w/st caisson >/dev/null; \
ostree --repo=$w/st/ostree/repo commit -b os --timestamp=2024-01-01T00:00:00Z --tree=dir=$tree >/dev/null"
run "admin deploy" \
  "$U $C admin deploy --sysroot=$w/so --os=caisson --karg=root=LABEL=root os" \
  "$U ostree admin deploy --sysroot=$w/st --os=caisson --karg=root=LABEL=root os" "$prep"
# static delta A -> B: B is the tree with every 10th file of usr/ appended to and 2 MB of new files;
# both commits in one archive repo (written by ostree), copied so each tool writes its own deltas/
if [[ -z "${ONLY:-}" || "static delta" == *"${ONLY}"* ]]; then
  rm -rf "$w/treeB" && cp -a "$tree" "$w/treeB"
  find "$w/treeB/usr" -type f | sort | awk 'NR % 10 == 0' | while read -r f; do
    printf 'update %s\n' "$f" >> "$f"; done
  mkdir -p "$w/treeB/usr/share/caisson-bench" && head -c 2M /dev/urandom > "$w/treeB/usr/share/caisson-bench/new"
  ostree init --repo="$w/dt" --mode=archive
  A=$(ostree --repo="$w/dt" commit -b m --timestamp=2024-01-01T00:00:00Z --tree=dir="$tree")
  B=$(ostree --repo="$w/dt" commit -b m --timestamp=2024-01-02T00:00:00Z --tree=dir="$w/treeB")
  cp -a "$w/dt" "$w/do"
fi
run "static delta A->B generate (archive)" \
  "$C repo static-delta --repo=$w/do generate --from=${A:-} --to=${B:-}" \
  "ostree --repo=$w/dt static-delta generate --from=${A:-} --to=${B:-}" "true"
