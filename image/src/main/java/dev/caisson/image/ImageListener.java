package dev.caisson.image;

/** Hears what an image build is doing, so that the CLI can show it. Libraries never print. */
public interface ImageListener {
  ImageListener SILENT = new ImageListener() {
    @Override
    public void step(String message) {}

    @Override
    public void progress(String what, long done, long total) {}
  };

  /** A new step has started. */
  void step(String message);

  /** Progress within a long step (pulling objects). */
  void progress(String what, long done, long total);
}
