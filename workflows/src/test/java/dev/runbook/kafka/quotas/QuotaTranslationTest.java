package dev.runbook.kafka.quotas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.kafka.quotas.QuotaTranslation.Dropped;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Source client quotas as KafkaUser quotas: what maps, and every quota that cannot with its reason. */
class QuotaTranslationTest {

  static final Map<String, String> PRINCIPALS =
      Map.of("User:sa-orders", "orders-processor", "User:sa-checkout", "checkout", "User:12345", "checkout");

  @Test
  void aMappedUsersQuotasBecomeItsKafkaUsersQuotas() {
    List<SourceQuota> source = List.of(
        new SourceQuota("user", "sa-orders", "producer_byte_rate", 1048576),
        new SourceQuota("user", "sa-orders", "consumer_byte_rate", 2097152),
        new SourceQuota("user", "sa-orders", "request_percentage", 50),
        new SourceQuota("user", "sa-orders", "controller_mutation_rate", 10.5),
        new SourceQuota("user", "sa-checkout", "consumer_byte_rate", 4096));

    QuotaTranslation translation = QuotaTranslation.translate(source, PRINCIPALS);

    assertEquals(Map.of("orders-processor", new UserQuotas(1048576, 2097152, 50, 10.5),
        "checkout", new UserQuotas(null, 4096, null, null)), translation.byUser());
    assertEquals(List.of(), translation.dropped());
  }

  @Test
  void whatAKafkaUserCannotHoldIsDroppedWithItsReason() {
    SourceQuota clientId = new SourceQuota("client-id", "checkout", "producer_byte_rate", 524288);
    SourceQuota userAndClientId = new SourceQuota("user+client-id", "sa-checkout+checkout", "producer_byte_rate", 262144);
    SourceQuota ip = new SourceQuota("ip", "10.0.0.7", "connection_creation_rate", 5);
    SourceQuota defaultUser = new SourceQuota("user", SourceQuota.DEFAULT_ENTITY, "request_percentage", 25);
    SourceQuota unmapped = new SourceQuota("user", "sa-billing", "producer_byte_rate", 1024);
    SourceQuota fraction = new SourceQuota("user", "sa-checkout", "request_percentage", 25.5);
    SourceQuota tooHigh = new SourceQuota("user", "sa-checkout", "producer_byte_rate", 3e9);
    SourceQuota unknown = new SourceQuota("user", "sa-orders", "connection_creation_rate", 5);

    QuotaTranslation translation = QuotaTranslation.translate(
        List.of(tooHigh, unknown, fraction, unmapped, defaultUser, ip, userAndClientId, clientId), PRINCIPALS);

    assertEquals(Map.of(), translation.byUser());
    assertEquals(List.of(
        new Dropped(clientId, "a client-id quota: a KafkaUser's quotas hold for the user whatever client id it connects with"),
        new Dropped(ip, "ip quota: a KafkaUser has none (set it on the target's brokers)"),
        new Dropped(defaultUser, "a default-entity quota: it holds for every user without its own, a KafkaUser's for that"
            + " user only (set it on the target's brokers)"),
        new Dropped(unmapped, "principal User:sa-billing is not mapped to a target user (authorization.principals)"),
        new Dropped(tooHigh, "a KafkaUser's producer_byte_rate is a whole number from 0 to 2147483647"),
        new Dropped(fraction, "a KafkaUser's request_percentage is a whole number from 0 to 2147483647"),
        new Dropped(unknown, "quota connection_creation_rate has no KafkaUser quota"),
        new Dropped(userAndClientId, "a client-id quota: a KafkaUser's quotas hold for the user whatever client id it"
            + " connects with")), translation.dropped());
  }

  @Test
  void principalsMappedToOneKafkaUserShareItsLowestQuotaAndTheHigherOneIsReported() {
    SourceQuota numeric = new SourceQuota("user", "12345", "producer_byte_rate", 524288);
    SourceQuota account = new SourceQuota("user", "sa-checkout", "producer_byte_rate", 1048576);
    SourceQuota sameConsumerRate = new SourceQuota("user", "12345", "consumer_byte_rate", 2048);

    QuotaTranslation translation = QuotaTranslation.translate(List.of(account, numeric, sameConsumerRate,
        new SourceQuota("user", "sa-checkout", "consumer_byte_rate", 2048)), PRINCIPALS);

    assertEquals(Map.of("checkout", new UserQuotas(524288, 2048, null, null)), translation.byUser());
    assertEquals(List.of(new Dropped(account, "KafkaUser 'checkout' gets the lower producer_byte_rate of another principal"
        + " mapped to it (its principals share one quota)")), translation.dropped());
    assertEquals("""
        Quotas: 1 users with quotas, 1 source quotas dropped
          checkout: producerByteRate=524288, consumerByteRate=2048
          dropped producer_byte_rate=1048576 of user 'sa-checkout': KafkaUser 'checkout' gets the lower producer_byte_rate\
         of another principal mapped to it (its principals share one quota)""", translation.describe());
  }
}
