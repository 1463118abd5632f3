package dev.caisson.store.delta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Finds the runs of a new file that already exist in an old one, rsync-style: the old file's
 * aligned blocks are indexed by a rolling hash, the new file is scanned a byte at a time, and each
 * block found is extended as far as the bytes keep matching. The delta then copies those runs from
 * the old object ({@code r}/{@code w} opcodes) and ships only the rest.
 */
final class BlockMatch {
  static final int BLOCK = 1024;
  private static final long PRIME = 1_000_003L;

  /** A run: {@code length} bytes at {@code to} in the new file equal those at {@code from} in the old. */
  record Run(int to, int from, int length) {}

  private BlockMatch() {}

  static List<Run> runs(byte[] old, byte[] now) {
    var out = new ArrayList<Run>();
    if (old.length < BLOCK || now.length < BLOCK) {
      return out;
    }
    long pow = 1;
    for (int i = 0; i < BLOCK - 1; i++) {
      pow *= PRIME;
    }
    var index = new HashMap<Long, Integer>();
    for (int at = 0; at + BLOCK <= old.length; at += BLOCK) {
      index.putIfAbsent(hash(old, at), at);
    }
    int i = 0;
    long h = hash(now, 0);
    int lastEnd = 0;
    while (i + BLOCK <= now.length) {
      Integer at = index.get(h);
      if (at != null && Arrays.equals(old, at, at + BLOCK, now, i, i + BLOCK)) {
        int from = at;
        int to = i;
        // extend backwards into bytes not yet covered, then forwards
        while (to > lastEnd && from > 0 && old[from - 1] == now[to - 1]) {
          to--;
          from--;
        }
        int len = i + BLOCK - to;
        while (to + len < now.length && from + len < old.length && old[from + len] == now[to + len]) {
          len++;
        }
        out.add(new Run(to, from, len));
        lastEnd = to + len;
        i = lastEnd;
        if (i + BLOCK <= now.length) {
          h = hash(now, i);
        }
        continue;
      }
      if (i + BLOCK < now.length) {
        h = (h - (now[i] & 0xff) * pow) * PRIME + (now[i + BLOCK] & 0xff);
      }
      i++;
    }
    return out;
  }

  private static long hash(byte[] b, int at) {
    long h = 0;
    for (int k = 0; k < BLOCK; k++) {
      h = h * PRIME + (b[at + k] & 0xff);
    }
    return h;
  }

  static long matched(List<Run> runs) {
    return runs.stream().mapToLong(Run::length).sum();
  }
}
