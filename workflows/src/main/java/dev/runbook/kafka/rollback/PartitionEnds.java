package dev.runbook.kafka.rollback;

/** One partition's end offsets on both clusters when the reverse flow started: where the copy-back window opens. */
public record PartitionEnds(String topic, int partition, long sourceEnd, long targetEnd) {}
