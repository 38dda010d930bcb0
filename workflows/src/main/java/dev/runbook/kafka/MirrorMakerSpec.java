package dev.runbook.kafka;

import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.plan.KafkaEndpoint;

/**
 * The KafkaMirrorMaker2 resource the runbook wants: named {@code name} in the target cluster's
 * namespace, replicating {@code topicsPattern} and {@code groupsPattern} from {@code source}
 * (alias {@code sourceAlias}) into the target cluster with the identity replication policy, as
 * its own KafkaUser (named {@code name}) over the target's {@code targetSecurity}. The
 * {@code direction} says which cluster it writes to: the target ({@code SOURCE_TO_TARGET}), or, for
 * the reverse flow, the source (topics only, no groups); with {@code provenanceHeaders} it stamps
 * what it copies and drops what the other flow copied ({@link ProvenanceHeaders}).
 */
public record MirrorMakerSpec(
    String namespace,
    String name,
    String targetCluster,
    String targetAlias,
    String targetBootstrapServers,
    String sourceAlias,
    KafkaEndpoint source,
    String topicsPattern,
    String groupsPattern,
    int offsetLagMax,
    int syncIntervalSeconds,
    int tasksMax,
    TargetSecurity targetSecurity,
    MigrationDirection direction,
    boolean provenanceHeaders) {

  /** The forward flow without provenance headers, as runs before the reverse flow had it. */
  public MirrorMakerSpec(String namespace, String name, String targetCluster, String targetAlias, String targetBootstrapServers,
      String sourceAlias, KafkaEndpoint source, String topicsPattern, String groupsPattern, int offsetLagMax,
      int syncIntervalSeconds, int tasksMax, TargetSecurity targetSecurity) {
    this(namespace, name, targetCluster, targetAlias, targetBootstrapServers, sourceAlias, source, topicsPattern, groupsPattern,
        offsetLagMax, syncIntervalSeconds, tasksMax, targetSecurity, MigrationDirection.SOURCE_TO_TARGET, false);
  }

  /** Its Connect cluster's config, offset and status topics, on the cluster it writes to. */
  public java.util.List<String> connectTopics() {
    return java.util.List.of(name + "-connect-configs", name + "-connect-offsets", name + "-connect-status");
  }

  public boolean reverse() {
    return direction == MigrationDirection.TARGET_TO_SOURCE;
  }
}
