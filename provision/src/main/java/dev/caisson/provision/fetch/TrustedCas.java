package dev.caisson.provision.fetch;

import dev.caisson.provision.ProvisionException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** An SSL context trusting the JDK's CAs plus those a config lists. */
final class TrustedCas {
  private TrustedCas() {}

  static SSLContext context(List<byte[]> pems) throws ProvisionException {
    try {
      if (pems.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      int n = 0;
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            ks.setCertificateEntry("jdk" + n++, c);
          }
        }
      }
      var cf = CertificateFactory.getInstance("X.509");
      for (byte[] pem : pems) {
        for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(pem))) {
          ks.setCertificateEntry("config" + n++, c);
        }
      }
      var custom = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      custom.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, custom.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new ProvisionException("ignition.security.tls.certificateAuthorities: invalid certificate: "
          + e.getMessage(), e);
    }
  }
}
