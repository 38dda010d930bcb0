package dev.runbook.kafka;

import dev.runbook.plan.KafkaEndpoint;

/**
 * The KafkaMirrorMaker2 resource the runbook wants: named {@code name} in the target cluster's
 * namespace, replicating {@code topicsPattern} and {@code groupsPattern} from {@code source}
 * (alias {@code sourceAlias}) into the target cluster with the identity replication policy, as
 * its own KafkaUser (named {@code name}) over the target's {@code targetSecurity}.
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
    TargetSecurity targetSecurity) {}
