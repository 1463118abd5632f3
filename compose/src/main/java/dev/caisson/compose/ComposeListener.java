package dev.caisson.compose;

/** Hears what a compose is doing, so that a CLI can draw it; the library never prints. */
public interface ComposeListener {
  ComposeListener SILENT = new ComposeListener() {
    @Override
    public void step(String name, String detail) {}

    @Override
    public void progress(String what, long done, long total) {}
  };

  /** A step starts ({@code bootstrap}, {@code layout}, {@code commit}, ...), with a short detail. */
  void step(String name, String detail);

  /** Progress inside a step; {@code total} is 0 when unknown. */
  void progress(String what, long done, long total);
}
