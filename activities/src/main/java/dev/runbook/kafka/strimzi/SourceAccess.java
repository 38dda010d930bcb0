package dev.runbook.kafka.strimzi;

/**
 * How the KafkaMirrorMaker2 resource reaches the source cluster's credentials: the SASL user name
 * (Strimzi takes it in clear) and the Kubernetes Secret keys holding the password, the CA bundle
 * and the client certificate and key (mutual TLS), each {@code null} when the source does not use it.
 */
public record SourceAccess(String username, SecretKey password, SecretKey caCertificate, ClientCertificate clientCertificate) {

  public SourceAccess(String username, SecretKey password, SecretKey caCertificate) {
    this(username, password, caCertificate, null);
  }

  /** A key of a Secret in the KafkaMirrorMaker2's own namespace. */
  public record SecretKey(String secretName, String key) {}

  /** A client certificate and its key: Strimzi wants both in one Secret of the KafkaMirrorMaker2's namespace. */
  public record ClientCertificate(String secretName, String certificateKey, String privateKeyKey) {}

  public static SourceAccess none() {
    return new SourceAccess(null, null, null);
  }
}
