package dev.runbook.kafka.strimzi;

import dev.runbook.activity.PollingWait.Poll;
import dev.runbook.kernel.FailureType;
import io.fabric8.kubernetes.client.CustomResource;
import io.strimzi.api.kafka.model.common.Condition;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.Status;
import io.strimzi.api.kafka.model.kafka.listener.ListenerStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what the Strimzi operators report: a resource is ready when its status has
 * {@code Ready=True} for the current generation (an older {@code observedGeneration} means the
 * operator has not looked at the latest spec yet). A {@code Ready=False} whose reason says the
 * resource itself is wrong fails at once: waiting will not fix it.
 */
public final class StrimziReadiness {

  /** Reasons with which Strimzi rejects a resource's content rather than reporting progress. */
  static final Set<String> REJECTION_REASONS = Set.of(
      "InvalidResourceException", "InvalidConfigParameterException", "InvalidConfigurationException", "NotSupported");

  private StrimziReadiness() {}

  /** Done (with the resource) when ready; pending with the operator's latest word otherwise. */
  public static <R extends CustomResource<?, ? extends Status>> Poll<R> poll(R resource, String description) {
    if (resource == null) {
      return Poll.pending(description + " does not exist");
    }
    Status status = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    if (status == null || status.getConditions() == null) {
      return Poll.pending(description + " has no status yet");
    }
    if (generation != null && status.getObservedGeneration() < generation) {
      return Poll.pending(description + " status is for generation " + status.getObservedGeneration()
          + ", spec is at " + generation);
    }
    Condition ready = status.getConditions().stream()
        .filter(condition -> "Ready".equals(condition.getType()))
        .findFirst()
        .orElse(null);
    if (ready == null) {
      return Poll.pending(description + " has no Ready condition yet");
    }
    if ("True".equals(ready.getStatus())) {
      return Poll.done(resource);
    }
    String said = "Ready=" + ready.getStatus() + " (" + ready.getReason() + ": " + ready.getMessage() + ")";
    if ("False".equals(ready.getStatus()) && REJECTION_REASONS.contains(ready.getReason())) {
      throw FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("Strimzi rejected " + description + ": " + said);
    }
    return Poll.pending(description + " " + said);
  }

  /** The bootstrap address of {@code listener} from a ready Kafka's status. */
  public static String bootstrapServers(Kafka kafka, String listener) {
    List<ListenerStatus> listeners = kafka.getStatus().getListeners() == null ? List.of() : kafka.getStatus().getListeners();
    return listeners.stream()
        .filter(status -> listener.equals(status.getName()))
        .map(ListenerStatus::getBootstrapServers)
        .filter(address -> address != null && !address.isBlank())
        .findFirst()
        .orElseThrow(() -> FailureType.PLAN_DOES_NOT_MATCH_REALITY.failure("Kafka " + kafka.getMetadata().getNamespace() + "/"
            + kafka.getMetadata().getName() + " is Ready but reports no bootstrap address for listener '" + listener
            + "' (listeners: " + listeners.stream().map(ListenerStatus::getName).collect(Collectors.joining(", ")) + ")"));
  }
}
