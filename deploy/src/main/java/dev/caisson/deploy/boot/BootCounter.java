package dev.caisson.deploy.boot;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The boot-counting part of an entry's file name, as systemd-boot reads it: {@code NAME+LEFT.conf}
 * or {@code NAME+LEFT-DONE.conf}. An entry with no counter has been blessed (or never counted).
 *
 * @param left tries left; 0 marks the entry bad
 * @param done tries made so far
 */
public record BootCounter(int left, int done) {
  private static final Pattern SUFFIX = Pattern.compile("^(.*)\\+(\\d+)(?:-(\\d+))?$");

  public BootCounter {
    if (left < 0 || done < 0) {
      throw new IllegalArgumentException("negative boot counter " + left + "-" + done);
    }
  }

  /** Splits a file name ({@code .conf} included or not) into its id and its counter, if any. */
  public static Split split(String fileName) {
    String stem = fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName;
    var m = SUFFIX.matcher(stem);
    if (!m.matches()) {
      return new Split(stem, Optional.empty());
    }
    int left = Integer.parseInt(m.group(2));
    int done = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new Split(m.group(1), Optional.of(new BootCounter(left, done)));
  }

  /** The counter after one more attempt, as systemd-boot renames the entry before booting it. */
  public BootCounter attempt() {
    return left == 0 ? this : new BootCounter(left - 1, done + 1);
  }

  public boolean bad() {
    return left == 0;
  }

  /** The suffix written into a file name: {@code +3} or {@code +2-1}. */
  public String suffix() {
    return done == 0 ? "+" + left : "+" + left + "-" + done;
  }

  /** An entry id and the counter its file name carried. */
  public record Split(String id, Optional<BootCounter> counter) {
    /** The file name with this counter (or none), {@code .conf} appended. */
    public String fileName() {
      return id + counter.map(BootCounter::suffix).orElse("") + ".conf";
    }
  }
}
