# Sourced by the benchmarks. scratch_fs DIR SIZE prints where a benchmark writes: by default a fresh
# journaled ext4 (the filesystem a node's root has), loop-mounted at DIR/fs and sized SIZE; with
# BENCH_FS=host, DIR itself. This machine's own root filesystem is an ext4 without a journal, where
# every inode allocation skips, one by one, the inodes freed in the last 30 s (the kernel's
# recently_deleted check): a benchmark that deletes its previous run's files there mostly measures
# that, for both tools alike. Needs root. scratch_fs_release DIR unmounts it.
scratch_fs() {
  local dir=$1 size=$2
  if [[ "${BENCH_FS:-ext4}" == host ]]; then
    echo "$dir"
    return
  fi
  truncate -s "$size" "$dir/fs.img"
  # inode tables and journal written now, not by a background thread during the timing
  mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$dir/fs.img"
  mkdir -p "$dir/fs"
  mount -o loop "$dir/fs.img" "$dir/fs"
  echo "$dir/fs"
}

scratch_fs_release() {
  if mountpoint -q "$1/fs"; then umount "$1/fs"; fi
}
