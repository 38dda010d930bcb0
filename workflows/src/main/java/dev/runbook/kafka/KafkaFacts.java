package dev.runbook.kafka;

import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.kernel.Fact;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures the Kafka runbook publishes in its progress, each with its key, label and encoding:
 * what the live views list, the migration report draws and the metrics count.
 */
public final class KafkaFacts {

  public static final Fact<Long> SOURCE_TOPICS = Fact.number("source.topics", "topics moved");
  public static final Fact<Long> SOURCE_PARTITIONS = Fact.number("source.partitions", "partitions moved");
  public static final Fact<Long> SOURCE_GROUPS = Fact.number("source.groups", "consumer groups on the source");
  public static final Fact<String> TARGET_BOOTSTRAP = Fact.text("target.bootstrap", "target bootstrap servers");
  public static final Fact<Long> MAX_LAG = Fact.number("replication.maxLag", "largest partition lag when caught up (records)");
  public static final Fact<Long> TOTAL_LAG = Fact.number("replication.totalLag", "total lag when caught up (records)");
  public static final Fact<List<LagSample>> LAG_SAMPLES = Fact.of("replication.lagSamples", "replication lag over the catch-up",
      LagSamples::encode, LagSamples::decode, LagSamples::summary);
  public static final Fact<Long> SCHEMA_VERSIONS_COPIED = Fact.number("schemas.versionsCopied", "schema versions copied with their IDs");
  public static final Fact<String> SCHEMA_SOURCE_MODE =
      Fact.text("schemas.sourceModeBeforeLock", "source registry mode before the lock (restored on rollback)");
  public static final Fact<String> SCHEMA_VERIFICATION = Fact.text("schemas.verification", "schema registry verification");
  public static final Fact<String> VERIFICATION = Fact.text("verify.summary", "verification");
  /** The records per partition verification counted; the first {@value #MAX_PARTITIONS_KEPT} partitions. */
  public static final Fact<List<PartitionRecords>> VERIFIED_PARTITIONS = Fact.of("verify.partitions",
      "records per partition, source / target", KafkaFacts::encodePartitions, KafkaFacts::decodePartitions,
      partitions -> partitions.size() + " partitions");
  public static final Fact<Long> VERIFIED_PARTITION_COUNT = Fact.number("verify.partitionCount", "partitions verified");
  public static final Fact<String> GROUPS_WORKFLOW = Fact.text("consumerGroups.workflow", "consumer groups' coordinator run");
  public static final Fact<String> GROUPS_CUT_OVER = Fact.text("consumerGroups.cutOver", "consumer groups on the target");
  public static final Fact<Long> GROUP_PARTITIONS = Fact.number("group.*.partitions", "group * partitions");
  public static final Fact<Long> GROUP_PAUSE = Fact.millis("group.*.pauseMillis", "group * paused");
  /** The latest client inventory of the source (at preflight, then before the go-live gate). */
  public static final Fact<String> SOURCE_CLIENTS = Fact.text("source.clients", "clients on the source");
  public static final Fact<String> FENCE_CHECK = Fact.text("fence.summary", "fence check of the source");
  public static final Fact<Long> FENCE_CHECK_TOOK = Fact.millis("fence.tookMillis", "fence check took");
  /** What the reverse flow had copied back when the last producer rolled back waited for it. */
  public static final Fact<String> COPIED_BACK = Fact.text("copyBack.summary", "copied back to the source");
  public static final Fact<Long> RECORDS_COPIED_BACK = Fact.number("copyBack.records", "records copied back to the source");
  public static final Fact<Long> COPY_BACK_DUPLICATES = Fact.number("copyBack.duplicates", "duplicates copied back to the source");
  public static final Fact<Long> COPY_BACK_WAIT = Fact.millis("copyBack.waitMillis", "wait for the copy-back");

  /** Every fact above, in the order views list them. */
  public static final List<Fact<?>> ALL = List.of(SOURCE_TOPICS, SOURCE_PARTITIONS, SOURCE_GROUPS, TARGET_BOOTSTRAP, MAX_LAG,
      TOTAL_LAG, LAG_SAMPLES, VERIFICATION, VERIFIED_PARTITIONS, VERIFIED_PARTITION_COUNT, GROUPS_WORKFLOW, GROUPS_CUT_OVER,
      GROUP_PARTITIONS, GROUP_PAUSE, SOURCE_CLIENTS, FENCE_CHECK, FENCE_CHECK_TOOK, COPIED_BACK, RECORDS_COPIED_BACK,
      COPY_BACK_DUPLICATES, COPY_BACK_WAIT);

  /** Partitions kept in {@link #VERIFIED_PARTITIONS}, so the progress query stays small on a large estate. */
  public static final int MAX_PARTITIONS_KEPT = 1_000;

  private KafkaFacts() {}

  /**
   * {@code topic:partition:source:target;...}: Kafka topic names hold only letters, digits and
   * {@code . _ -}, so the separators cannot clash with them.
   */
  static String encodePartitions(List<PartitionRecords> partitions) {
    StringBuilder text = new StringBuilder();
    for (PartitionRecords p : partitions.subList(0, Math.min(partitions.size(), MAX_PARTITIONS_KEPT))) {
      text.append(text.isEmpty() ? "" : ";").append(p.topic()).append(':').append(p.partition()).append(':')
          .append(p.sourceRecords()).append(':').append(p.targetRecords());
    }
    return text.toString();
  }

  static List<PartitionRecords> decodePartitions(String text) {
    List<PartitionRecords> partitions = new ArrayList<>();
    if (text.isBlank()) {
      return partitions;
    }
    for (String entry : text.split(";")) {
      String[] parts = entry.split(":");
      if (parts.length != 4) {
        throw new IllegalArgumentException("not a partition's records: '" + entry + "'");
      }
      partitions.add(new PartitionRecords(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
    }
    return partitions;
  }
}
