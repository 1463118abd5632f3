package dev.caisson.provision;

import dev.caisson.provision.fetch.ProxyChoice;
import java.net.Proxy;
import java.net.URI;

/** Asks a proxy choice where a URL would go. */
record ProxyProbe(ProxyChoice choice) {
  boolean direct(String url) {
    return dev.caisson.provision.fetch.ProxyChoiceAccess.select(choice, URI.create(url)).get(0) == Proxy.NO_PROXY;
  }
}
