package dev.runbook.kafka.offsets;

import dev.runbook.plan.KafkaEndpoint;
import java.time.Duration;
import java.util.List;

/**
 * Translate one consumer group's committed offsets from one cluster to the other.
 *
 * @param group the consumer group id
 * @param source the cluster the group is migrating away from
 * @param target the cluster the group is migrating to
 * @param topics the topics to translate; empty means every topic the group has committed offsets for
 * @param mode exact matching, or MirrorMaker 2's checkpoints when the plan asks for them
 * @param maxReplicationWait how long to wait for a consumed record that has not reached the other cluster yet
 * @param maxRecordsScanned upper bound of records read per partition while searching
 * @param commit false for a dry run that translates and verifies without writing
 * @param direction SOURCE_TO_TARGET for cutover, TARGET_TO_SOURCE for rollback
 * @param mm2SourceAlias MirrorMaker 2's alias of the cluster read from; needed in MM2_CHECKPOINT mode only
 * @param isolation how the group's consumers read transactional topics; null: inferred from the
 *     offsets where they can tell, read_committed otherwise (absent in requests recorded before it existed)
 */
public record GroupTranslationRequest(
    String group,
    KafkaEndpoint source,
    KafkaEndpoint target,
    List<String> topics,
    TranslationMode mode,
    Duration maxReplicationWait,
    long maxRecordsScanned,
    boolean commit,
    MigrationDirection direction,
    String mm2SourceAlias,
    GroupIsolation isolation) {

  public static final long DEFAULT_MAX_RECORDS_SCANNED = 100_000;

  public GroupTranslationRequest {
    topics = topics == null ? List.of() : List.copyOf(topics);
    mode = mode == null ? TranslationMode.EXACT : mode;
    maxReplicationWait = maxReplicationWait == null ? Duration.ofMinutes(2) : maxReplicationWait;
    maxRecordsScanned = maxRecordsScanned <= 0 ? DEFAULT_MAX_RECORDS_SCANNED : maxRecordsScanned;
    direction = direction == null ? MigrationDirection.SOURCE_TO_TARGET : direction;
  }

  /** An exact, committing, forward translation of every topic the group consumes. */
  public static GroupTranslationRequest exact(
      String group, KafkaEndpoint source, KafkaEndpoint target, Duration maxReplicationWait) {
    return new GroupTranslationRequest(
        group, source, target, List.of(), TranslationMode.EXACT, maxReplicationWait,
        DEFAULT_MAX_RECORDS_SCANNED, true, MigrationDirection.SOURCE_TO_TARGET, null, null);
  }

  /** The cluster whose committed offsets are read. */
  public KafkaEndpoint readFrom() {
    return direction == MigrationDirection.SOURCE_TO_TARGET ? source : target;
  }

  /** The cluster whose committed offsets are written. */
  public KafkaEndpoint writeTo() {
    return direction == MigrationDirection.SOURCE_TO_TARGET ? target : source;
  }

  public GroupTranslationRequest withMode(TranslationMode newMode, String newMm2SourceAlias) {
    return new GroupTranslationRequest(group, source, target, topics, newMode, maxReplicationWait,
        maxRecordsScanned, commit, direction, newMm2SourceAlias, isolation);
  }

  public GroupTranslationRequest withCommit(boolean newCommit) {
    return new GroupTranslationRequest(group, source, target, topics, mode, maxReplicationWait,
        maxRecordsScanned, newCommit, direction, mm2SourceAlias, isolation);
  }

  public GroupTranslationRequest withDirection(MigrationDirection newDirection) {
    return new GroupTranslationRequest(group, source, target, topics, mode, maxReplicationWait,
        maxRecordsScanned, commit, newDirection, mm2SourceAlias, isolation);
  }

  /** The same request for a group whose isolation is {@code newIsolation} (null: inferred). */
  public GroupTranslationRequest withIsolation(GroupIsolation newIsolation) {
    return new GroupTranslationRequest(group, source, target, topics, mode, maxReplicationWait,
        maxRecordsScanned, commit, direction, mm2SourceAlias, newIsolation);
  }
}
