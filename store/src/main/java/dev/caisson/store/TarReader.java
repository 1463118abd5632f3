package dev.caisson.store;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads a tar archive (gzip-compressed or not) entry by entry: ustar and GNU headers, GNU long
 * names ({@code L}, {@code K}), PAX extended headers ({@code x}, {@code g}: path, linkpath, uid,
 * gid, size, and {@code SCHILY.xattr.NAME} extended attributes), base-256 numbers.
 */
final class TarReader implements AutoCloseable {
  /** One entry; {@code type} is the ustar type flag ('0' file, '1' hard link, '2' symlink, '5' directory, ...). */
  record Entry(String path, char type, int mode, int uid, int gid, long size, String link,
      List<FileMeta.Xattr> xattrs) {}

  private final InputStream in;
  private long remaining;
  private long padding;
  private final Map<String, byte[]> global = new LinkedHashMap<>();

  TarReader(InputStream raw) throws IOException {
    var buffered = new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    int a = buffered.read();
    int b = buffered.read();
    buffered.reset();
    this.in = a == 0x1f && b == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
        : buffered;
  }

  /** The next entry, its data readable through {@link #data}; empty at the end of the archive. */
  Optional<Entry> next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, byte[]> pax = new LinkedHashMap<>(global);
    String longName = null;
    String longLink = null;
    while (true) {
      byte[] h = in.readNBytes(512);
      if (h.length == 0) {
        return Optional.empty();
      }
      if (h.length < 512) {
        throw new StoreException("the tar archive is truncated");
      }
      if (allZero(h)) {
        return Optional.empty();
      }
      checkSum(h);
      char type = (char) (h[156] == 0 ? '0' : h[156]);
      long size = number(h, 124, 12);
      switch (type) {
        case 'x', 'g' -> {
          Map<String, byte[]> records = paxRecords(readFully(size));
          if (type == 'g') {
            global.putAll(records);
          }
          pax.putAll(records);
          continue;
        }
        case 'L' -> {
          longName = cString(readFully(size));
          continue;
        }
        case 'K' -> {
          longLink = cString(readFully(size));
          continue;
        }
        default -> { }
      }
      String name = string(h, 0, 100);
      boolean ustar = string(h, 257, 6).startsWith("ustar");
      if (ustar && h[345] != 0 && !string(h, 257, 8).equals("ustar  ")) {
        name = string(h, 345, 155) + "/" + name;
      }
      if (longName != null) {
        name = longName;
      }
      String link = longLink != null ? longLink : string(h, 157, 100);
      int uid = (int) number(h, 108, 8);
      int gid = (int) number(h, 116, 8);
      var xattrs = new ArrayList<FileMeta.Xattr>();
      for (var e : pax.entrySet()) {
        switch (e.getKey()) {
          case "path" -> name = new String(e.getValue(), StandardCharsets.UTF_8);
          case "linkpath" -> link = new String(e.getValue(), StandardCharsets.UTF_8);
          case "uid" -> uid = (int) Long.parseLong(new String(e.getValue(), StandardCharsets.UTF_8));
          case "gid" -> gid = (int) Long.parseLong(new String(e.getValue(), StandardCharsets.UTF_8));
          case "size" -> size = Long.parseLong(new String(e.getValue(), StandardCharsets.UTF_8));
          default -> {
            if (e.getKey().startsWith("SCHILY.xattr.")) {
              xattrs.add(new FileMeta.Xattr(e.getKey().substring("SCHILY.xattr.".length()), e.getValue()));
            }
          }
        }
      }
      int mode = (int) number(h, 100, 8) & 07777;
      if (type == '0' || type == '7') {
        remaining = size;
        padding = pad(size);
      } else {
        skip(size + pad(size));
      }
      return Optional.of(new Entry(name, type == '7' ? '0' : type, mode, uid, gid, type == '0' || type == '7' ? size : 0,
          link, xattrs));
    }
  }

  /** The current entry's bytes (read them before calling {@link #next} again). */
  InputStream data() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int b = in.read();
        if (b < 0) {
          throw new EOFException("the tar archive is truncated");
        }
        remaining--;
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(buf, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new EOFException("the tar archive is truncated");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private byte[] readFully(long size) throws IOException {
    if (size > 1 << 24) {
      throw new StoreException("a tar extended header of " + size + " bytes is too large");
    }
    byte[] b = in.readNBytes((int) size);
    if (b.length != size) {
      throw new StoreException("the tar archive is truncated");
    }
    skip(pad(size));
    return b;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new StoreException("the tar archive is truncated");
        }
        s = 1;
      }
      left -= s;
    }
  }

  private static long pad(long size) {
    return (512 - size % 512) % 512;
  }

  private static boolean allZero(byte[] h) {
    for (byte b : h) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkSum(byte[] h) throws StoreException {
    long want = number(h, 148, 8);
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
    }
    if (sum != want) {
      throw new StoreException("not a tar archive (header checksum mismatch)");
    }
  }

  /** An octal field, or GNU base-256 when the top bit of its first byte is set. */
  private static long number(byte[] h, int at, int len) {
    if ((h[at] & 0x80) != 0) {
      long v = h[at] & 0x7f;
      for (int i = 1; i < len; i++) {
        v = (v << 8) | (h[at + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    boolean digits = false;
    for (int i = at; i < at + len; i++) {
      int c = h[i];
      if (c >= '0' && c <= '7') {
        v = v * 8 + (c - '0');
        digits = true;
      } else if (digits) {
        break;
      }
    }
    return v;
  }

  private static String string(byte[] h, int at, int len) {
    int end = at;
    while (end < at + len && h[end] != 0) {
      end++;
    }
    return new String(h, at, end - at, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] b) {
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  /** PAX records: "LEN KEY=VALUE\n", values kept as bytes (xattr values are binary). */
  private static Map<String, byte[]> paxRecords(byte[] data) throws StoreException {
    var out = new LinkedHashMap<String, byte[]>();
    int pos = 0;
    while (pos < data.length) {
      int sp = pos;
      while (sp < data.length && data[sp] != ' ') {
        sp++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, pos, sp - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new StoreException("malformed tar PAX header");
      }
      int end = pos + len;
      if (len <= 0 || end > data.length) {
        throw new StoreException("malformed tar PAX header");
      }
      int eq = sp + 1;
      while (eq < end && data[eq] != '=') {
        eq++;
      }
      String key = new String(data, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
      byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end - 1);
      out.put(key, value);
      pos = end;
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
