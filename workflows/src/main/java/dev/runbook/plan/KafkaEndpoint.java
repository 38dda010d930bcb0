package dev.runbook.plan;

/**
 * How to reach a Kafka cluster. Credentials are references resolved by the worker at the moment
 * of use. {@code securityProtocol} is PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default
 * PLAINTEXT); {@code saslMechanism} is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 when SASL is used;
 * {@code caCertificate} is a PEM bundle to trust instead of the JVM's default trust store;
 * {@code clientCertificate} and {@code clientKey} (PEM, the key unencrypted PKCS#8) authenticate the
 * client with mutual TLS (securityProtocol SSL: MirrorMaker 2 on Strimzi authenticates with SASL or
 * with a certificate, not both). {@code saslJaasConfig}, when set, is a complete JAAS line (as a
 * Strimzi user Secret holds it under {@code sasl.jaas.config}) used instead of username and password.
 */
public record KafkaEndpoint(
    String bootstrapServers,
    String securityProtocol,
    String saslMechanism,
    SecretRef username,
    SecretRef password,
    SecretRef caCertificate,
    SecretRef clientCertificate,
    SecretRef clientKey,
    SecretRef saslJaasConfig) {

  public KafkaEndpoint(
      String bootstrapServers, String securityProtocol, String saslMechanism, SecretRef username, SecretRef password,
      SecretRef caCertificate) {
    this(bootstrapServers, securityProtocol, saslMechanism, username, password, caCertificate, null, null);
  }

  public KafkaEndpoint(
      String bootstrapServers, String securityProtocol, String saslMechanism, SecretRef username, SecretRef password,
      SecretRef caCertificate, SecretRef clientCertificate, SecretRef clientKey) {
    this(bootstrapServers, securityProtocol, saslMechanism, username, password, caCertificate, clientCertificate,
        clientKey, null);
  }

  public static KafkaEndpoint plaintext(String bootstrapServers) {
    return new KafkaEndpoint(bootstrapServers, "PLAINTEXT", null, null, null, null);
  }

  public String protocol() {
    return securityProtocol == null || securityProtocol.isBlank() ? "PLAINTEXT" : securityProtocol;
  }
}
