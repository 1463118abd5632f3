#!/usr/bin/env bash
# Start-to-exit time of `caisson transpile`, whole process, on a small config and on the large one
# (2,000 files, 200 directories, 100 units, about 13,000 lines), with hyperfine.
# The real Butane is not a Debian package and cannot be built here (no Go toolchain from outside);
# its figures on this machine kind are the issue's: 1.46 s wall (2.25 s CPU) large, 0.012 s small.
# Usage: bench/transpile.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 bench/gen-large-butane.py > "$work/large.bu"
bin/caisson --version >/dev/null   # build and record the class-data archive first
hyperfine --warmup 3 --runs 20 --export-json "$work/small.json" \
  "bin/caisson transpile -d examples examples/hello.bu" >&2
hyperfine --warmup 2 --runs 10 --export-json "$work/large.json" \
  "bin/caisson transpile $work/large.bu" >&2
python3 - "$work" "$(wc -l < "$work/large.bu")" <<'PY'
import json, sys
work, lines = sys.argv[1], int(sys.argv[2])
small = json.load(open(f"{work}/small.json"))["results"][0]
large = json.load(open(f"{work}/large.json"))["results"][0]
butane_large, butane_small = 1.46, 0.012
print(f"small config:  {small['mean']:.3f} s mean (±{small['stddev']:.3f}), goal < 0.3 s")
print(f"large config ({lines} lines): {large['mean']:.3f} s mean (±{large['stddev']:.3f}), "
      f"user+sys {large['user'] + large['system']:.3f} s; ratio to Butane's 1.46 s: {large['mean'] / butane_large:.2f} (goal <= 0.5)")
PY
