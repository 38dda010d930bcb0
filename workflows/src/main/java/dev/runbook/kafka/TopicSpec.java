package dev.runbook.kafka;

import java.util.Map;

/** A topic as found on the source and as it must exist on the target: partitions and non-default configs. */
public record TopicSpec(String name, int partitions, int replicas, Map<String, String> configs) {}
