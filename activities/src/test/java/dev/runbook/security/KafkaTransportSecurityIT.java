package dev.runbook.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaMigrationPlan.TopicSelection;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.admin.KafkaActivitiesImpl;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.KafkaTestCluster.SecureListener;
import dev.runbook.testkit.tls.TestCertificates;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka runbook's own client path (plan endpoint, secret references resolved at use, the
 * factory's properties, discovery) against a real broker's TLS listeners: SASL_SSL with PLAIN and
 * with SCRAM-SHA-512, and mutual TLS; wrong credentials and an untrusted server fail with Kafka's
 * reason and no secret value.
 */
class KafkaTransportSecurityIT {

  static final String PLAIN_PASSWORD = "plain-Secret-7d41";
  static final String SCRAM_PASSWORD = "scram-Secret-92be";
  static final String WRONG_PASSWORD = "not-the-Secret-11";

  static TestCertificates certificates;
  static KafkaTestCluster cluster;
  static final Map<String, String> environment = new HashMap<>();

  @TempDir Path reports;

  @BeforeAll
  static void startSecuredCluster() {
    certificates = TestCertificates.create("kafka");
    cluster = KafkaTestCluster.startSecured("secured", certificates, Map.of("migrator", PLAIN_PASSWORD));
    cluster.createScramUser("scram-migrator", SCRAM_PASSWORD);
    cluster.createTopic("orders", 3);
    environment.putAll(Map.of(
        "CA_PEM", certificates.authorityPem(),
        "OTHER_CA_PEM", TestCertificates.create("impostor").authorityPem(),
        "CLIENT_CRT", certificates.clientCertificatePem(),
        "CLIENT_KEY", certificates.clientKeyPem(),
        "PLAIN_USER", "migrator",
        "PLAIN_PASSWORD", PLAIN_PASSWORD,
        "SCRAM_USER", "scram-migrator",
        "SCRAM_PASSWORD", SCRAM_PASSWORD,
        "WRONG_PASSWORD", WRONG_PASSWORD));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void discoversOverSaslSslWithPlain() {
    assertEquals(List.of("orders"), topics(sasl("PLAIN", "PLAIN_USER", "PLAIN_PASSWORD", "CA_PEM")));
  }

  @Test
  void discoversOverSaslSslWithScram() {
    assertEquals(List.of("orders"), topics(sasl("SCRAM-SHA-512", "SCRAM_USER", "SCRAM_PASSWORD", "CA_PEM")));
  }

  @Test
  void discoversOverMutualTls() {
    assertEquals(List.of("orders"), topics(mutualTls("CLIENT_CRT", "CLIENT_KEY")));
  }

  @Test
  void aWrongPasswordFailsWithKafkasReasonAndNoSecret() {
    Map<String, String> reasons = Map.of(
        "PLAIN", "Authentication failed: Invalid username or password",
        "SCRAM-SHA-512", "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
    for (String mechanism : List.of("PLAIN", "SCRAM-SHA-512")) {
      ApplicationFailure failure = assertThrows(ApplicationFailure.class,
          () -> topics(sasl(mechanism, mechanism.equals("PLAIN") ? "PLAIN_USER" : "SCRAM_USER", "WRONG_PASSWORD", "CA_PEM")));
      assertEquals("org.apache.kafka.common.errors.SaslAuthenticationException", failure.getType());
      assertEquals("Kafka cluster " + cluster.bootstrapServers(SecureListener.SASL_SSL) + ": list topics failed: "
          + reasons.get(mechanism), failure.getOriginalMessage());
      assertNoSecretIn(failure);
    }
  }

  @Test
  void aServerSignedByAnotherAuthorityIsRefused() {
    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> topics(sasl("PLAIN", "PLAIN_USER", "PLAIN_PASSWORD", "OTHER_CA_PEM")));
    assertEquals("org.apache.kafka.common.errors.SslAuthenticationException", failure.getType());
    assertTrue(failure.getOriginalMessage().startsWith("Kafka cluster " + cluster.bootstrapServers(SecureListener.SASL_SSL)
        + ": list topics failed: SSL handshake failed"), failure.getOriginalMessage());
    assertNoSecretIn(failure);
  }

  @Test
  void theMutualTlsListenerRefusesAClientWithoutACertificate() {
    KafkaEndpoint anonymous = new KafkaEndpoint(cluster.bootstrapServers(SecureListener.MTLS), "SSL", null, null, null,
        SecretRef.env("CA_PEM"));
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> topics(anonymous));
    assertEquals("org.apache.kafka.common.errors.SslAuthenticationException", failure.getType());
    assertNoSecretIn(failure);
  }

  List<String> topics(KafkaEndpoint endpoint) {
    KafkaClientFactory clients = new KafkaClientFactory(ref -> {
      String value = environment.get(ref.env());
      if (value == null) {
        throw new IllegalArgumentException("no value for " + ref.describe());
      }
      return value;
    });
    KafkaActivitiesImpl activities = new KafkaActivitiesImpl(clients, reports, Duration.ofMillis(100), RunbookMeters.NONE);
    return activities.discover(new DiscoveryRequest(endpoint, new TopicSelection(".*", null))).topics().stream().map(TopicSpec::name).toList();
  }

  static KafkaEndpoint sasl(String mechanism, String user, String password, String ca) {
    return new KafkaEndpoint(cluster.bootstrapServers(SecureListener.SASL_SSL), "SASL_SSL", mechanism,
        SecretRef.env(user), SecretRef.env(password), SecretRef.env(ca));
  }

  static KafkaEndpoint mutualTls(String certificate, String key) {
    return new KafkaEndpoint(cluster.bootstrapServers(SecureListener.MTLS), "SSL", null, null, null,
        SecretRef.env("CA_PEM"), SecretRef.env(certificate), SecretRef.env(key));
  }

  static void assertNoSecretIn(ApplicationFailure failure) {
    String everything = failure.getOriginalMessage() + " " + failure.getType();
    for (String secret : List.of(PLAIN_PASSWORD, SCRAM_PASSWORD, WRONG_PASSWORD, "PRIVATE KEY")) {
      assertFalse(everything.contains(secret), "a secret leaked into: " + everything);
    }
  }
}
