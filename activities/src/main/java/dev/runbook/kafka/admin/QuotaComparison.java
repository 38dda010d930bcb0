package dev.runbook.kafka.admin;

import dev.runbook.kafka.KafkaActivities.QuotasRequest;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.kafka.quotas.UserQuotas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;

/**
 * The target's client quotas of the given users ({@code describeClientQuotas}, entities of the user
 * type alone, as Strimzi's User Operator writes a KafkaUser's {@code spec.quotas}) against the quotas
 * they must have, exactly.
 */
public final class QuotaComparison {

  private final KafkaClientFactory clients;

  public QuotaComparison(KafkaClientFactory clients) {
    this.clients = clients;
  }

  /** One line per quota missing, different or unexpected on the target; empty when equal. */
  public List<String> compare(QuotasRequest request) {
    Map<String, Map<String, Double>> actual = new TreeMap<>();
    try (ClusterAdmin cluster = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      cluster.call("describe client quotas", a -> a.describeClientQuotas(ClientQuotaFilter.containsOnly(
              List.of(ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.USER)))).entities())
          .forEach((entity, quotas) -> {
            String user = entity.entries().get(ClientQuotaEntity.USER);
            if (user != null && request.expected().containsKey(user)) {
              actual.put(user, new TreeMap<>(quotas));
            }
          });
    }
    List<String> differences = new ArrayList<>();
    for (String user : new TreeSet<>(request.expected().keySet())) {
      Map<String, Double> expected = kafkaQuotas(request.expected().get(user));
      Map<String, Double> found = actual.getOrDefault(user, Map.of());
      TreeSet<String> keys = new TreeSet<>(expected.keySet());
      keys.addAll(found.keySet());
      for (String key : keys) {
        Double want = expected.get(key);
        Double have = found.get(key);
        if (have == null) {
          differences.add("missing on the target: user " + user + " " + key + "=" + format(want));
        } else if (want == null) {
          differences.add("unexpected on the target: user " + user + " " + key + "=" + format(have));
        } else if (!want.equals(have)) {
          differences.add("different on the target: user " + user + " " + key + "=" + format(have) + ", expected " + format(want));
        }
      }
    }
    return differences;
  }

  /** A KafkaUser's quotas in Kafka's keys; an absent field is no quota. */
  static Map<String, Double> kafkaQuotas(UserQuotas quotas) {
    Map<String, Double> keys = new TreeMap<>();
    if (quotas == null) {
      return keys;
    }
    if (quotas.producerByteRate() != null) {
      keys.put("producer_byte_rate", quotas.producerByteRate().doubleValue());
    }
    if (quotas.consumerByteRate() != null) {
      keys.put("consumer_byte_rate", quotas.consumerByteRate().doubleValue());
    }
    if (quotas.requestPercentage() != null) {
      keys.put("request_percentage", quotas.requestPercentage().doubleValue());
    }
    if (quotas.controllerMutationRate() != null) {
      keys.put("controller_mutation_rate", quotas.controllerMutationRate());
    }
    return keys;
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
