package dev.caisson.compose;

import dev.caisson.store.ObjectId;
import java.util.Map;

/**
 * What a compose made.
 *
 * @param commit the new commit
 * @param ref the branch now pointing at it
 * @param version its {@code version}
 * @param kernel the kernel version ({@code usr/lib/modules/KVER})
 * @param rootfsCached whether the bootstrap came from the cache
 * @param treeBytes bytes of regular files in the tree (each inode once)
 * @param initramfsBytes size of the initramfs
 * @param seconds seconds per step, in order
 */
public record ComposeResult(ObjectId commit, String ref, String version, String kernel, boolean rootfsCached,
    long treeBytes, long initramfsBytes, Map<String, Double> seconds) {
  public ComposeResult {
    seconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(seconds));
  }
}
