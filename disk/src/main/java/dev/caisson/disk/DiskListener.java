package dev.caisson.disk;

/** Progress of the disks stage, one event per operation; the library never prints. */
public interface DiskListener {
  void started(String op);

  void finished(String op);

  void failed(String op, String reason);

  /** Something worth saying that is not an operation: a kept partition, a command line. */
  void info(String message);

  DiskListener NONE = new DiskListener() {
    @Override
    public void started(String op) {}

    @Override
    public void finished(String op) {}

    @Override
    public void failed(String op, String reason) {}

    @Override
    public void info(String message) {}
  };
}
