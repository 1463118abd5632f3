package dev.caisson.store;

/** Hears about long store operations so that a CLI can draw progress; libraries never print. */
@FunctionalInterface
public interface StoreListener {
  StoreListener SILENT = (what, done, total) -> {};

  void progress(String what, long done, long total);
}
