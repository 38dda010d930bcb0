package dev.runbook.kafka.rollback;

import dev.runbook.plan.KafkaEndpoint;
import java.util.List;

/**
 * What the reverse flow must have copied back: every record written on the target (without the
 * forward flow's header) since {@code from}, found in the same order among the records the reverse
 * flow wrote to the source since then.
 */
public record CopyBackRequest(KafkaEndpoint source, KafkaEndpoint target, List<String> topics, List<PartitionEnds> from) {

  public CopyBackRequest {
    topics = List.copyOf(topics);
    from = from == null ? List.of() : List.copyOf(from);
  }
}
