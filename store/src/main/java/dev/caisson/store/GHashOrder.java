package dev.caisson.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which GLib's {@code GHashTable} (with {@code g_str_hash}) lists string keys, given the
 * order they were inserted in: bucket order, after open addressing with quadratic probing and any
 * in-place resizes. ostree builds a {@code --bootable} commit's metadata in a {@code GVariantDict},
 * whose serialized order is this one, so matching ostree's commit checksums needs it.
 */
public final class GHashOrder {
  private static final int MIN_SHIFT = 3;
  private static final int[] PRIME_MOD = {1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381,
      32749, 65521, 131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859,
      134217689, 268435399, 536870909, 1073741789, 2147483647};

  private int size;
  private int mod;
  private int mask;
  private int nodes;
  private int occupied;
  private int[] hashes;
  private String[] keys;

  private GHashOrder() {
    setShift(MIN_SHIFT);
    hashes = new int[size];
    keys = new String[size];
  }

  /** The keys in the order GLib iterates a table they were inserted into in this order. */
  public static List<String> of(List<String> insertionOrder) {
    var table = new GHashOrder();
    insertionOrder.forEach(table::insert);
    var out = new ArrayList<String>();
    for (String k : table.keys) {
      if (k != null) {
        out.add(k);
      }
    }
    return out;
  }

  /** {@code g_str_hash}: djb2 over the bytes as signed chars, 32-bit. */
  static int strHash(String s) {
    int h = 5381;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = h * 33 + b;
    }
    return h;
  }

  private void setShift(int shift) {
    size = 1 << shift;
    mod = PRIME_MOD[shift];
    mask = size - 1;
  }

  private int index(int hash) {
    return Integer.remainderUnsigned(hash * 11, mod);
  }

  private static boolean real(int hash) {
    return Integer.compareUnsigned(hash, 2) >= 0;
  }

  private void insert(String key) {
    int hash = strHash(key);
    if (!real(hash)) {
      hash = 2;
    }
    int i = index(hash);
    int step = 0;
    while (hashes[i] != 0) {
      if (hashes[i] == hash && keys[i].equals(key)) {
        return;
      }
      step++;
      i = (i + step) & mask;
    }
    hashes[i] = hash;
    keys[i] = key;
    nodes++;
    occupied++;
    if ((size > nodes * 4 && size > 1 << MIN_SHIFT) || size <= occupied + occupied / 16) {
      resize();
    }
  }

  /** GLib's in-place resize: buckets are re-placed in old index order, displacing as they go. */
  private void resize() {
    int oldSize = size;
    int n = (int) (nodes * 1.333);
    int shift = 0;
    while (n != 0) {
      n >>= 1;
      shift++;
    }
    setShift(Math.max(shift, MIN_SHIFT));
    if (size > oldSize) {
      hashes = java.util.Arrays.copyOf(hashes, size);
      keys = java.util.Arrays.copyOf(keys, size);
    }
    boolean[] placed = new boolean[Math.max(size, oldSize)];
    for (int i = 0; i < oldSize; i++) {
      int nodeHash = hashes[i];
      if (!real(nodeHash)) {
        hashes[i] = 0;
        continue;
      }
      if (placed[i]) {
        continue;
      }
      hashes[i] = 0;
      String key = keys[i];
      keys[i] = null;
      while (true) {
        int at = index(nodeHash);
        int step = 0;
        while (placed[at]) {
          step++;
          at = (at + step) & mask;
        }
        placed[at] = true;
        int replaced = hashes[at];
        hashes[at] = nodeHash;
        if (!real(replaced)) {
          keys[at] = key;
          break;
        }
        nodeHash = replaced;
        String evicted = keys[at];
        keys[at] = key;
        key = evicted;
      }
    }
    if (size < oldSize) {
      hashes = java.util.Arrays.copyOf(hashes, size);
      keys = java.util.Arrays.copyOf(keys, size);
    }
    occupied = nodes;
  }
}
