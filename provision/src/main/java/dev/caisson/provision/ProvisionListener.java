package dev.caisson.provision;

/** Receives one event per operation; the engine never prints. Messages never hold secrets. */
public interface ProvisionListener {
  void started(String stage, String op);

  void finished(String stage, String op);

  void failed(String stage, String op, String reason);

  void warning(String stage, String message);

  /** A listener that drops everything. */
  ProvisionListener NONE = new ProvisionListener() {
    @Override
    public void started(String stage, String op) {}

    @Override
    public void finished(String stage, String op) {}

    @Override
    public void failed(String stage, String op, String reason) {}

    @Override
    public void warning(String stage, String message) {}
  };
}
