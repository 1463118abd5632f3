#!/usr/bin/env bash
# Builds (once, cached) the Debian bookworm minbase tree the store and deploy benchmarks use:
#   .cache/minbase/rootfs   as mmdebstrap made it (about 6,000 files)
#   .cache/minbase/tree     the same in OSTree's layout: /etc moved to /usr/etc, no device nodes,
#                           and a placeholder kernel at /usr/lib/modules/KVER/ so it can be deployed
# Usage: bench/minbase-tree.sh   (prints the tree's path)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/minbase"
if [[ -f "$out/tree/.complete" ]]; then echo "$out/tree"; exit 0; fi
command -v mmdebstrap >/dev/null || { echo "bench: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
echo "bench: building a Debian bookworm minbase tree with mmdebstrap (a few minutes, once)..." >&2
mmdebstrap --quiet --variant=minbase --mode=root bookworm "$out/rootfs" >&2
cp -a "$out/rootfs" "$out/tree.tmp"
(
  cd "$out/tree.tmp"
  rm -rf dev/* proc/* sys/* run/* tmp/* boot/*
  mv etc usr/etc
  mkdir -p usr/lib/modules/6.1.0-bench
  head -c 8M /dev/urandom > usr/lib/modules/6.1.0-bench/vmlinuz
  head -c 16M /dev/urandom > usr/lib/modules/6.1.0-bench/initramfs.img
)
mv "$out/tree.tmp" "$out/tree"
touch "$out/tree/.complete"
echo "$out/tree"
