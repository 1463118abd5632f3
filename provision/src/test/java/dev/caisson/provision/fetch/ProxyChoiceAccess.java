package dev.caisson.provision.fetch;

import java.net.Proxy;
import java.net.URI;
import java.util.List;

/** Test access to the package-private selector. */
public final class ProxyChoiceAccess {
  private ProxyChoiceAccess() {}

  public static List<Proxy> select(ProxyChoice c, URI uri) {
    return c.selector().select(uri);
  }
}
