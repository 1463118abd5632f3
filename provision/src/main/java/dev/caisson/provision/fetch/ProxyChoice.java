package dev.caisson.provision.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Ignition's {@code ignition.proxy}: {@code httpProxy} for http URLs, {@code httpsProxy} for https
 * ones, none for hosts matching {@code noProxy} (exact names, {@code .suffix} or {@code suffix}
 * domains, or {@code *}).
 */
public record ProxyChoice(String httpProxy, String httpsProxy, List<String> noProxy) {
  public ProxyChoice {
    noProxy = List.copyOf(noProxy);
  }

  public boolean isEmpty() {
    return blank(httpProxy) && blank(httpsProxy);
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        String p = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (blank(p) || bypass(uri.getHost())) {
          return List.of(Proxy.NO_PROXY);
        }
        URI proxy = URI.create(p.contains("://") ? p : "http://" + p);
        int port = proxy.getPort() > 0 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 80;
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };
  }

  boolean bypass(String host) {
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    for (String n : noProxy) {
      String rule = n.trim().toLowerCase(Locale.ROOT);
      if (rule.equals("*") || h.equals(rule) || h.equals(rule.replaceFirst("^\\.", ""))
          || h.endsWith(rule.startsWith(".") ? rule : "." + rule)) {
        return true;
      }
    }
    return false;
  }
}
