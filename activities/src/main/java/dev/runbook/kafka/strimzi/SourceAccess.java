package dev.runbook.kafka.strimzi;

/**
 * How the KafkaMirrorMaker2 resource reaches the source cluster's credentials: the SASL user name
 * (Strimzi takes it in clear) and the Kubernetes Secret keys holding the password and the CA
 * bundle, each {@code null} when the source does not use it.
 */
public record SourceAccess(String username, SecretKey password, SecretKey caCertificate) {

  /** A key of a Secret in the KafkaMirrorMaker2's own namespace. */
  public record SecretKey(String secretName, String key) {}

  public static SourceAccess none() {
    return new SourceAccess(null, null, null);
  }
}
