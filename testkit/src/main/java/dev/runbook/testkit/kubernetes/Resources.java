package dev.runbook.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** What the kinds' reconcilers share: keys and generations of resources, Strimzi's Ready condition, base64. */
final class Resources {

  private Resources() {}

  /** {@code namespace/name}. */
  static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  /** {@code namespace} and {@code name} of a {@link #key}. */
  static String[] namespaceAndName(String key) {
    return key.split("/", 2);
  }

  static long generation(HasMetadata resource) {
    return Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 1L);
  }

  /** Changes when the resource is recreated or its spec changes. */
  static String marker(HasMetadata resource) {
    return resource.getMetadata().getUid() + ":" + generation(resource);
  }

  static String clusterLabel(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels == null ? "" : Objects.requireNonNullElse(labels.get("strimzi.io/cluster"), "");
  }

  /** The keys known that are no longer present. */
  static List<String> without(Set<String> known, Set<String> present) {
    return known.stream().filter(key -> !present.contains(key)).toList();
  }

  static <T extends CustomResource<?, ? extends Status>> boolean isReadyForCurrentGeneration(T resource) {
    Status status = resource.getStatus();
    return status != null && status.getObservedGeneration() == generation(resource) && status.getConditions() != null
        && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Writes a not-ready condition only when it differs from what is stored, so polling does not churn. */
  static <T extends CustomResource<?, ? extends Status>> void setStatusIfChanged(
      StrimziV1Resources strimzi, T resource, Condition condition, Consumer<Condition> setStatus) {
    Status status = resource.getStatus();
    boolean same = status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> Objects.equals(c.getStatus(), condition.getStatus()) && Objects.equals(c.getReason(), condition.getReason()));
    if (!same) {
      setStatus.accept(condition);
      strimzi.updateStatus(resource);
    }
  }

  /** Strimzi's {@code Ready} condition. */
  static Condition condition(String status, String reason, String message) {
    return new ConditionBuilder()
        .withType("Ready")
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(Instant.now().toString())
        .build();
  }

  static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
