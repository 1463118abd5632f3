package dev.caisson.agent;

import dev.caisson.agent.graph.Release;
import dev.caisson.deploy.BootHealth;
import dev.caisson.deploy.DeployListener;
import dev.caisson.deploy.DeployRequest;
import dev.caisson.deploy.Deployment;
import dev.caisson.deploy.HealthCheck;
import dev.caisson.deploy.StagedDeployment;
import dev.caisson.deploy.Sysroot;
import dev.caisson.store.Commit;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreListener;
import dev.caisson.store.transport.Puller;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The node as a sysroot: the booted deployment, pulls from the update server's repository into
 * {@code ostree/repo}, {@code deploy --stage} with boot counting, health checks and boot-ok.
 */
public final class SysrootNode implements Node {
  /** Commit metadata keys naming the stream, first match wins. */
  public static final String[] STREAM_KEYS = {"caisson.stream", "fedora-coreos.stream"};

  private final Sysroot sysroot;
  private final Repo repo;
  private final Optional<URI> remote;
  private final HealthCheck checks;
  private final int tries;
  private final Clock clock;
  private final StoreListener pullListener;

  public SysrootNode(Sysroot sysroot, Repo repo, Optional<URI> remote, HealthCheck checks, int tries, Clock clock,
      AgentListener listener) {
    this.sysroot = sysroot;
    this.repo = repo;
    this.remote = remote;
    this.checks = checks;
    this.tries = tries;
    this.clock = clock;
    this.pullListener = StoreListener.SILENT;
  }

  private Deployment bootedDeployment() throws IOException {
    return sysroot.state().booted().orElseThrow(() -> new IOException(
        "this system did not boot a deployment of " + sysroot.layout().root() + " (no ostree= kernel argument?)"));
  }

  @Override
  public Booted booted() throws IOException {
    Deployment d = bootedDeployment();
    Commit c = Commit.read(repo, ObjectId.fromString(d.checksum()));
    Optional<String> stream = Optional.empty();
    for (String key : STREAM_KEYS) {
      stream = stream.or(() -> c.string(key));
    }
    return new Booted(d.checksum(), c.string("version").orElse(d.checksum().substring(0, 10)), stream);
  }

  @Override
  public Set<String> otherDeployments() throws IOException {
    var out = new HashSet<String>();
    Deployment booted = bootedDeployment();
    for (Deployment d : sysroot.state().deployments()) {
      if (!d.sameDeployment(booted)) {
        out.add(d.checksum());
      }
    }
    return out;
  }

  @Override
  public void stage(Release target) throws IOException {
    Optional<StagedDeployment> staged = sysroot.staged();
    if (staged.isPresent() && staged.get().checksum().equals(target.payload()) && sysroot.finalizationLocked()) {
      return;
    }
    URI from = remote.orElseThrow(() -> new IOException("no repository to pull from (agent.repo.url)"));
    new Puller(repo, from, pullListener).pull(target.payload(), Optional.empty());
    Deployment booted = bootedDeployment();
    sysroot.deploy(DeployRequest.of(booted.stateroot(), target.payload()).withTries(tries).withLockedFinalization());
  }

  @Override
  public void discardStaged() throws IOException {
    sysroot.discardStaged();
  }

  @Override
  public void unlockFinalization() throws IOException {
    sysroot.unlockFinalization();
  }

  @Override
  public Health checkHealth() throws IOException {
    HealthCheck.Report r = new BootHealth(sysroot, clock).check(checks);
    return new Health(r.healthy(), r.healthy() ? "healthy" : r.summary());
  }

  @Override
  public Optional<String> rollbackReason() throws IOException {
    return new BootHealth(sysroot, clock).rollbackReason();
  }

  @Override
  public Optional<String> finalizeFailure() throws IOException {
    return sysroot.finalizeFailure();
  }

  /** For callers that want deploy steps as agent events. */
  public static DeployListener deployListener(AgentListener l) {
    return l::event;
  }
}
