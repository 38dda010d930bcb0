package dev.runbook.kafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientFactoryTest {

  private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

  private final Map<String, String> secretValues = Map.of(
      "env:USER", "migrator",
      "env:PASSWORD", "pa\"ss\\word",
      "secret:kafka/ca#ca.crt", PEM);
  private final KafkaClientFactory factory = new KafkaClientFactory(ref -> {
    String value = secretValues.get(ref.describe());
    if (value == null) {
      throw new IllegalArgumentException("unknown " + ref.describe());
    }
    return value;
  });

  @Test
  void scramOverSslGetsJaasLineAndPemTrustStore() {
    KafkaEndpoint endpoint = new KafkaEndpoint("broker:9093", "sasl_ssl", "SCRAM-SHA-512",
        SecretRef.env("USER"), SecretRef.env("PASSWORD"), SecretRef.kubernetes("kafka", "ca", "ca.crt"));

    Map<String, Object> properties = factory.connectionProperties(endpoint);

    assertEquals("SASL_SSL", properties.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", properties.get("sasl.mechanism"));
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"migrator\""
        + " password=\"pa\\\"ss\\\\word\";", properties.get("sasl.jaas.config"));
    assertEquals("PEM", properties.get("ssl.truststore.type"));
    assertEquals(PEM, properties.get("ssl.truststore.certificates"));
  }

  @Test
  void plainSaslWithoutCaKeepsTheJvmTrustStore() {
    KafkaEndpoint endpoint = new KafkaEndpoint("pkc.example:9092", "SASL_SSL", "PLAIN",
        SecretRef.env("USER"), SecretRef.env("PASSWORD"), null);

    Map<String, Object> properties = factory.connectionProperties(endpoint);

    assertEquals("PLAIN", properties.get("sasl.mechanism"));
    assertEquals(true, ((String) properties.get("sasl.jaas.config")).startsWith(
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"migrator\""));
    assertFalse(properties.containsKey("ssl.truststore.type"));
  }

  @Test
  void plaintextNeedsNoSecrets() {
    assertEquals(Map.of("bootstrap.servers", "localhost:9092", "security.protocol", "PLAINTEXT"),
        factory.connectionProperties(KafkaEndpoint.plaintext("localhost:9092")));
  }

  @Test
  void rejectsUnknownMechanismAndMissingCredentialReferences() {
    KafkaEndpoint gssapi = new KafkaEndpoint("b:9092", "SASL_PLAINTEXT", "GSSAPI", SecretRef.env("USER"),
        SecretRef.env("PASSWORD"), null);
    KafkaEndpoint noPassword = new KafkaEndpoint("b:9092", "SASL_PLAINTEXT", "PLAIN", SecretRef.env("USER"), null, null);

    assertThrows(IllegalArgumentException.class, () -> factory.connectionProperties(gssapi));
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> factory.connectionProperties(noPassword));
    assertEquals("endpoint b:9092 has no password reference", missing.getMessage());
  }

  @Test
  void clientPropertiesFilesPassThroughVerbatimForTheirBootstrapAddress() {
    Map<String, Object> confluent = Map.of("bootstrap.servers", "pkc-1.confluent.cloud:9092",
        "security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER", "sasl.jaas.config", "oauth-login required;");
    Map<String, Object> strimzi = Map.of("bootstrap.servers", "strimzi:9092");
    KafkaClientFactory fromFiles = KafkaClientFactory.forClientProperties(List.of(confluent, strimzi));

    assertEquals(confluent, fromFiles.connectionProperties(new KafkaEndpoint("pkc-1.confluent.cloud:9092", "SASL_SSL",
        null, null, null, null)));
    assertEquals(strimzi, fromFiles.connectionProperties(KafkaEndpoint.plaintext("strimzi:9092")));
    assertEquals(Map.of("bootstrap.servers", "other:9092", "security.protocol", "PLAINTEXT"),
        fromFiles.connectionProperties(KafkaEndpoint.plaintext("other:9092")));
  }

  @Test
  void aShorterCallTimeoutBoundsEveryRequestAndCallUnlessTheOperatorsFileSetsItsOwn() {
    Map<String, Object> ownTimeout = Map.of("bootstrap.servers", "strimzi:9092", "request.timeout.ms", "9000");
    KafkaClientFactory quick = KafkaClientFactory.forClientProperties(List.of(ownTimeout)).withCallTimeout(Duration.ofSeconds(2));

    assertEquals(Map.of("bootstrap.servers", "other:9092", "security.protocol", "PLAINTEXT",
        "request.timeout.ms", 2000, "default.api.timeout.ms", 4000), quick.connectionProperties(KafkaEndpoint.plaintext("other:9092")));
    assertEquals(Map.of("bootstrap.servers", "strimzi:9092", "request.timeout.ms", "9000", "default.api.timeout.ms", 4000),
        quick.connectionProperties(KafkaEndpoint.plaintext("strimzi:9092")));
    assertEquals(Duration.ofSeconds(2), quick.callTimeout());
    assertThrows(IllegalArgumentException.class, () -> factory.withCallTimeout(Duration.ZERO));
  }
}
