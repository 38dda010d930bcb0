package dev.runbook.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Makes an HTTP client trust the certificate authorities of a PEM bundle (a private CA in front of a
 * self-hosted Airflow) instead of the JVM's default ones. The bundle comes from a secret reference
 * resolved at the moment of use; only its certificates are kept.
 */
public final class TrustedAuthorities {

  private TrustedAuthorities() {}

  /** {@code builder}, trusting exactly the certificates of {@code pemBundle}. */
  public static OkHttpClient.Builder trust(OkHttpClient.Builder builder, String pemBundle) {
    try {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pemBundle.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("the caCertificate bundle holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new javax.net.ssl.TrustManager[] {trustManager}, null);
      return builder.sslSocketFactory(tls.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("the caCertificate bundle is not a PEM certificate bundle: " + e.getMessage());
    }
  }
}
