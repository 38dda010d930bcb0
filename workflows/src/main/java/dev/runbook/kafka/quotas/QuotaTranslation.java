package dev.runbook.kafka.quotas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The source's client quotas as the target's KafkaUser quotas: each quota of a user entity whose
 * principal ({@code User:<name>}) the plan maps to a target user becomes that user's quota. What a
 * KafkaUser cannot hold is dropped, never silently: a client-id, ip or default entity's quota, an
 * unknown quota, a value Strimzi's field cannot carry. Principals mapped to one KafkaUser share its
 * quotas: the lowest value of each is kept. Pure and deterministic.
 */
public record QuotaTranslation(Map<String, UserQuotas> byUser, List<Dropped> dropped) {

  /** A source quota that has no place on the target, and why. */
  public record Dropped(SourceQuota quota, String reason) {}

  private static final List<String> KEYS =
      List.of("producer_byte_rate", "consumer_byte_rate", "request_percentage", "controller_mutation_rate");

  /** @param principals source principal ({@code User:sa-abc123}) to target KafkaUser name */
  public static QuotaTranslation translate(List<SourceQuota> quotas, Map<String, String> principals) {
    Map<String, Map<String, SourceQuota>> kept = new TreeMap<>();
    List<Dropped> dropped = new ArrayList<>();
    List<SourceQuota> sorted = quotas.stream().sorted(Comparator.comparing(SourceQuota::entityType)
        .thenComparing(SourceQuota::entityName).thenComparing(SourceQuota::key)).toList();
    for (SourceQuota quota : sorted) {
      String reason = unexpressible(quota, principals);
      if (reason != null) {
        dropped.add(new Dropped(quota, reason));
        continue;
      }
      String user = principals.get("User:" + quota.entityName());
      Map<String, SourceQuota> userQuotas = kept.computeIfAbsent(user, ignored -> new TreeMap<>());
      SourceQuota other = userQuotas.putIfAbsent(quota.key(), quota);
      if (other != null && other.value() != quota.value()) {
        SourceQuota lower = quota.value() < other.value() ? quota : other;
        userQuotas.put(quota.key(), lower);
        dropped.add(new Dropped(lower == quota ? other : quota, "KafkaUser '" + user + "' gets the lower "
            + quota.key() + " of another principal mapped to it (its principals share one quota)"));
      }
    }
    Map<String, UserQuotas> byUser = new TreeMap<>();
    kept.forEach((user, values) -> byUser.put(user, new UserQuotas(
        whole(values.get("producer_byte_rate")), whole(values.get("consumer_byte_rate")),
        whole(values.get("request_percentage")),
        values.containsKey("controller_mutation_rate") ? values.get("controller_mutation_rate").value() : null)));
    return new QuotaTranslation(byUser, List.copyOf(dropped));
  }

  /** Why the quota cannot become a KafkaUser quota, or null when it can. */
  private static String unexpressible(SourceQuota quota, Map<String, String> principals) {
    if (!quota.entityType().equals("user")) {
      return quota.entityType().contains("client-id")
          ? "a client-id quota: a KafkaUser's quotas hold for the user whatever client id it connects with"
          : quota.entityType() + " quota: a KafkaUser has none (set it on the target's brokers)";
    }
    if (quota.entityName().equals(SourceQuota.DEFAULT_ENTITY)) {
      return "a default-entity quota: it holds for every user without its own, a KafkaUser's for that user only"
          + " (set it on the target's brokers)";
    }
    if (!principals.containsKey("User:" + quota.entityName())) {
      return "principal User:" + quota.entityName() + " is not mapped to a target user (authorization.principals)";
    }
    if (!KEYS.contains(quota.key())) {
      return "quota " + quota.key() + " has no KafkaUser quota";
    }
    boolean whole = !quota.key().equals("controller_mutation_rate");
    if (whole && (quota.value() != Math.rint(quota.value()) || quota.value() < 0 || quota.value() > Integer.MAX_VALUE)) {
      return "a KafkaUser's " + quota.key() + " is a whole number from 0 to " + Integer.MAX_VALUE;
    }
    return null;
  }

  private static Integer whole(SourceQuota quota) {
    return quota == null ? null : (int) quota.value();
  }

  /** Every user's quotas, one line each, then every dropped quota with its reason: for the go-live gate. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("Quotas: ").append(byUser.size()).append(" users with quotas, ").append(dropped.size())
        .append(" source quotas dropped");
    byUser.forEach((user, quotas) -> {
      List<String> values = new ArrayList<>();
      if (quotas.producerByteRate() != null) {
        values.add("producerByteRate=" + quotas.producerByteRate());
      }
      if (quotas.consumerByteRate() != null) {
        values.add("consumerByteRate=" + quotas.consumerByteRate());
      }
      if (quotas.requestPercentage() != null) {
        values.add("requestPercentage=" + quotas.requestPercentage());
      }
      if (quotas.controllerMutationRate() != null) {
        values.add("controllerMutationRate=" + quotas.controllerMutationRate());
      }
      text.append("\n  ").append(user).append(": ").append(String.join(", ", values));
    });
    dropped.forEach(drop -> text.append("\n  dropped ").append(drop.quota().describe()).append(": ").append(drop.reason()));
    return text.toString();
  }
}
