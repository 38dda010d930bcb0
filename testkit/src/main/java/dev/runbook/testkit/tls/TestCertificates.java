package dev.runbook.testkit.tls;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A certificate authority made at test time, a server certificate it signed for {@code localhost}
 * and {@code 127.0.0.1}, and a client certificate it signed (for mutual TLS), all as PEM: what real
 * TLS endpoints in tests (Kafka listeners, HTTPS servers, gRPC) present and trust. Nothing is
 * written to disk and nothing outlives the JVM.
 */
public final class TestCertificates {

  private final HeldCertificate authority;
  private final HeldCertificate server;
  private final HeldCertificate client;

  private TestCertificates(HeldCertificate authority, HeldCertificate server, HeldCertificate client) {
    this.authority = authority;
    this.server = server;
    this.client = client;
  }

  /** A new authority with its own server and client certificates; {@code name} goes into the subjects. */
  public static TestCertificates create(String name) {
    HeldCertificate authority = new HeldCertificate.Builder()
        .certificateAuthority(0).commonName(name + " test CA").rsa2048().build();
    HeldCertificate server = new HeldCertificate.Builder()
        .commonName("localhost").addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
        .rsa2048().signedBy(authority).build();
    HeldCertificate client = new HeldCertificate.Builder()
        .commonName(name + "-client").rsa2048().signedBy(authority).build();
    return new TestCertificates(authority, server, client);
  }

  public String authorityPem() {
    return authority.certificatePem();
  }

  public String serverCertificatePem() {
    return server.certificatePem();
  }

  public String serverKeyPem() {
    return server.privateKeyPkcs8Pem();
  }

  public String clientCertificatePem() {
    return client.certificatePem();
  }

  public String clientKeyPem() {
    return client.privateKeyPkcs8Pem();
  }

  /** The client certificate's subject, as a broker names the authenticated principal. */
  public String clientCommonName() {
    return client.certificate().getSubjectX500Principal().getName();
  }

  /** What an HTTPS server presents: the server certificate; it trusts client certificates of this authority. */
  public HandshakeCertificates serverHandshake() {
    return new HandshakeCertificates.Builder()
        .heldCertificate(server)
        .addTrustedCertificate(authority.certificate())
        .build();
  }
}
