package dev.runbook.kafka.replication;

import dev.runbook.kafka.KafkaActivities.VerificationReport;
import java.nio.file.Path;
import java.util.List;

/**
 * Verification as an operator reads it: the runbook's {@link VerificationReport} plus the
 * per-partition comparisons the runbook does not carry in its workflow history, and the JSON and
 * CSV files they were written to.
 */
public record DetailedVerification(VerificationReport report, List<PartitionComparison> partitions, Path json, Path csv) {}
