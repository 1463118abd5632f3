#!/usr/bin/env bash
# Benchmark: `caisson provision` against the real Ignition 2.14 files stage (fetch-offline + files),
# whole process, on fresh copies of the same skeleton root, with a 2,000-file config
# (200 directories, 100 units, one user). Prints the median of RUNS runs each and the ratio.
# Needs root (the real engine chowns and runs useradd). Usage: bench/provision.sh [RUNS]
set -euo pipefail
runs="${1:-5}"
here="$(cd "$(dirname "$0")/.." && pwd)"
ign=/usr/lib/dracut/modules.d/30ignition/ignition
w="$(mktemp -d)"
trap 'rm -rf "$w"' EXIT
chmod 755 "$w"

python3 - >"$w/config.ign" <<'PY'
import json
files, dirs, units = [], [], []
for d in range(200):
    dirs.append({"path": f"/var/lib/bench/dir{d:03}", "mode": 0o750, "user": {"name": "core"}})
for f in range(2000):
    files.append({"path": f"/var/lib/bench/dir{f % 200:03}/file{f:04}.conf", "mode": 0o644,
                  "contents": {"source": f"data:,key{f}%20%3D%20value{f * 7919 % 100003}%0A"}})
for u in range(100):
    units.append({"name": f"bench{u:03}.service", "enabled": True,
                  "contents": f"[Unit]\nDescription=Benchmark unit {u}\n[Service]\nExecStart=/bin/true\n"
                              "[Install]\nWantedBy=multi-user.target\n"})
print(json.dumps({"ignition": {"version": "3.3.0"}, "passwd": {"users": [{"name": "core"}]},
                  "storage": {"files": files, "directories": dirs}, "systemd": {"units": units}}))
PY

skel() {
  local r=$1
  mkdir -p "$r/etc/selinux" "$r/etc/skel"
  printf 'root:x:0:0:root:/root:/bin/bash\n' >"$r/etc/passwd"
  printf 'root:x:0:\nusers:x:100:\n' >"$r/etc/group"
  printf 'root:*:19000:0:99999:7:::\n' >"$r/etc/shadow"
  printf 'root:*::\nusers:*::\n' >"$r/etc/gshadow"
  chmod 640 "$r/etc/shadow" "$r/etc/gshadow"
  printf 'USERGROUPS_ENAB yes\nHOME_MODE 0700\n' >"$r/etc/login.defs"
  echo SELINUXTYPE=targeted >"$r/etc/selinux/config"
}
mkdir -p "$w/stubs"
printf '#!/bin/sh\ncat >/dev/null\n' >"$w/stubs/setfiles"
chmod +x "$w/stubs/setfiles"

"$here/bin/caisson" --version >/dev/null  # build once, outside the timing

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ours=() theirs=() ratios=()
for i in $(seq "$runs"); do
  rm -rf "$w/a" "$w/b" "$w/st"; mkdir -p "$w/st"; skel "$w/a"; skel "$w/b"; sync
  t0=$(now)
  "$here/bin/caisson" provision --root "$w/a" --config "$w/config.ign" --base-dir "$w/none" \
    --fw-cfg-dir "$w/none" --cmdline "$w/none" >/dev/null 2>&1
  t1=$(now)
  IGNITION_CONFIG_FILE="$w/config.ign" "$ign" -platform file -stage fetch-offline -config-cache "$w/st/cache" \
    -state-file "$w/st/state" -neednet "$w/st/neednet" -log-to-stdout -root "$w/b" >/dev/null 2>&1
  PATH="$w/stubs:$PATH" "$ign" -platform file -stage files -config-cache "$w/st/cache" -state-file "$w/st/state" \
    -log-to-stdout -root "$w/b" >/dev/null 2>&1
  t2=$(now)
  ours+=("$(echo "$t1 - $t0" | bc)"); theirs+=("$(echo "$t2 - $t1" | bc)")
  ratios+=("$(echo "($t1 - $t0) / ($t2 - $t1)" | bc -l)")
done
o=$(printf '%s\n' "${ours[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
files_a=$(find "$w/a" | wc -l); files_b=$(find "$w/b" | wc -l)
printf 'caisson provision: %.3f s (median of %d), tree %d entries\n' "$o" "$runs" "$files_a"
printf 'ignition 2.14 fetch-offline+files: %.3f s (median of %d), tree %d entries\n' "$t" "$runs" "$files_b"
r=$(printf '%s\n' "${ratios[@]}" | median)
printf 'ratio: %.2f (median of the per-run ratios; each run times both engines back to back; goal <= 0.7)\n' "$r"
