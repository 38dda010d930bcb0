package dev.runbook.kafka;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.runbook.kafka.KafkaMigrationPlan.TopicSelection;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.fence.ClientInventoryRequest;
import dev.runbook.kafka.fence.FenceReport;
import dev.runbook.kafka.fence.FenceRequest;
import dev.runbook.kafka.fence.SourceClients;
import dev.runbook.kafka.quotas.SourceQuota;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.kafka.rollback.CopyBackReport;
import dev.runbook.kafka.rollback.CopyBackRequest;
import dev.runbook.kafka.rollback.PartitionEnds;
import dev.runbook.kernel.MeterTags;
import dev.runbook.kernel.StepOptions;
import dev.runbook.plan.KafkaEndpoint;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads and waits on the Kafka clusters themselves, through the Admin and consumer APIs. */
@ActivityInterface
public interface KafkaActivities {

  /**
   * The stub workflows call these through, each method with its own options: reads retry
   * patiently; the catch-up waits up to {@code catchUpLimit}, the consuming wait up to
   * {@code consumingLimit} (its request's own timeout), the producing wait up to
   * {@link KafkaPlanDefaults#PRODUCING_TIMEOUT}, each plus a minute for the activity to say why.
   */
  static KafkaActivities stub(Duration catchUpLimit, Duration consumingLimit) {
    return StepOptions.stub(KafkaActivities.class, Map.ofEntries(
        Map.entry("discover", StepOptions.read(Duration.ofMinutes(10))),
        Map.entry("verify", StepOptions.read(Duration.ofMinutes(10))),
        Map.entry("compareAcls", StepOptions.read(Duration.ofMinutes(5))),
        Map.entry("compareQuotas", StepOptions.read(Duration.ofMinutes(5))),
        Map.entry("awaitCatchUp", StepOptions.longWait(catchUpLimit)),
        Map.entry("awaitGroupConsuming", StepOptions.longWait(consumingLimit.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("awaitProducing", StepOptions.longWait(KafkaPlanDefaults.PRODUCING_TIMEOUT.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("inventoryClients", StepOptions.read(Duration.ofMinutes(5))),
        Map.entry("watchSourceFence", StepOptions.longWait(KafkaPlanDefaults.MAX_FENCE_WINDOW.plus(StepOptions.WAIT_MARGIN))),
        Map.entry("markCopyBackStart", StepOptions.read(Duration.ofMinutes(5))),
        Map.entry("awaitCopiedBack", StepOptions.longWait(catchUpLimit)),
        Map.entry("deleteSourceTopics", StepOptions.change(Duration.ofMinutes(5), 3))));
  }

  /**
   * The source's clients compared with the plan: live members of consumer groups the plan does not
   * move that read migrated topics, and every producer that wrote to a migrated partition lately.
   */
  SourceClients inventoryClients(ClientInventoryRequest request);

  /**
   * Watches every partition of the topics on the source for the request's whole window, heartbeating
   * each sample, and reports which grew and which producers wrote meanwhile. It only reads; a restarted
   * attempt watches a whole window again.
   */
  FenceReport watchSourceFence(FenceRequest request);

  /** The end offsets of every partition of the topics on both clusters: where the reverse flow's copy-back window opens. */
  List<PartitionEnds> markCopyBackStart(CopyBackRequest request);

  /**
   * Waits, heartbeating how many records are still to copy, until every record written on the target
   * since the request's window opened is on the source, in order per partition; counts duplicates.
   */
  CopyBackReport awaitCopiedBack(CopyBackRequest request);

  /**
   * Deletes the named topics from the source where they exist: the reverse flow's Connect topics, so
   * that a later reverse flow under the same name starts from the beginning, not from stale positions.
   */
  void deleteSourceTopics(SourceTopicsRequest request);

  /** Topics of the source the runbook created there itself. */
  record SourceTopicsRequest(KafkaEndpoint source, List<String> topics) {}

  /** Topics (partitions, configs), consumer groups (state, members, topics, lag) and ACL count of the source. */
  SourceInventory discover(DiscoveryRequest request);

  /**
   * Waits, heartbeating its latest lag figures, until every partition of the topics lags the source
   * by at most the threshold. A restarted attempt resumes from the heartbeat's figures.
   */
  CatchUpReport awaitCatchUp(CatchUpRequest request);

  /** Compares topics, partitions, configs, end offsets, record counts and content digests; writes JSON + CSV. */
  VerificationReport verify(VerifyRequest request);

  /**
   * The differences between the target's ACLs of the users in {@code expected} ({@code describeAcls})
   * and the bindings expected for them, one line each; empty when they are exactly the same.
   */
  List<String> compareAcls(AclsRequest request);

  /**
   * The differences between the target's client quotas of the users in {@code expected}
   * ({@code describeClientQuotas}, user entities) and the quotas expected for them, one line each;
   * empty when they are exactly the same.
   */
  List<String> compareQuotas(QuotasRequest request);

  /** Waits until the group has members on the target and commits offsets there. */
  void awaitGroupConsuming(GroupConsumingRequest request);

  /** Waits until the topics grow on the target (the repointed producers write there). */
  void awaitProducing(ProducingRequest request);

  /** What to discover. */
  record DiscoveryRequest(KafkaEndpoint source, TopicSelection topics) {}

  /** The target and the bindings each principal must have there, exactly. */
  record AclsRequest(KafkaEndpoint target, Map<String, List<SourceAcl>> expected) {}

  /** The target and the quotas each user (its quota entity name: the principal without {@code User:}) must have there, exactly. */
  record QuotasRequest(KafkaEndpoint target, Map<String, UserQuotas> expected) {}

  /**
   * The source as found: selected topics, every consumer group, the number of ACL bindings and the
   * bindings, the client quotas; {@code quotasUnreadable} says why the quotas could not be read (a
   * hosted cluster that manages them through its own API), null when they were.
   */
  record SourceInventory(List<TopicSpec> topics, List<GroupInfo> groups, int aclBindings, List<SourceAcl> acls,
      List<SourceQuota> quotas, String quotasUnreadable) {

    public SourceInventory(List<TopicSpec> topics, List<GroupInfo> groups, int aclBindings) {
      this(topics, groups, aclBindings, List.of());
    }

    public SourceInventory(List<TopicSpec> topics, List<GroupInfo> groups, int aclBindings, List<SourceAcl> acls) {
      this(topics, groups, aclBindings, acls, List.of(), null);
    }

    public SourceInventory {
      acls = acls == null ? List.of() : acls;
      quotas = quotas == null ? List.of() : quotas;
    }
  }

  /** A consumer group on the source. */
  record GroupInfo(String group, String state, int members, List<String> topics, long lag) {}

  /**
   * The topics to watch and when to stop: every partition within {@code maxLagRecords} of the
   * source's end, or ({@code toSnapshot}) every record present on the source when the wait began
   * replicated — what a producer cutover needs while other producers keep writing. With
   * {@code meterTags} the wait also records the lag per topic as a metric.
   */
  record CatchUpRequest(
      KafkaEndpoint source, KafkaEndpoint target, List<String> topics, long maxLagRecords, boolean toSnapshot,
      MeterTags meterTags) {

    public static CatchUpRequest withinLag(
        KafkaEndpoint source, KafkaEndpoint target, List<String> topics, long maxLag, MeterTags meterTags) {
      return new CatchUpRequest(source, target, topics, maxLag, false, meterTags);
    }

    public static CatchUpRequest toCurrentEnd(KafkaEndpoint source, KafkaEndpoint target, List<String> topics) {
      return new CatchUpRequest(source, target, topics, 0, true, null);
    }
  }

  /**
   * Lag when the wait ended, how long it took, and the lag as it was measured along the way
   * ({@code samples}, oldest first, thinned out evenly on long waits), which the report charts.
   */
  record CatchUpReport(int partitions, long maxLag, long totalLag, long waitedMillis, List<LagSample> samples) {

    public CatchUpReport {
      samples = samples == null ? List.of() : List.copyOf(samples);
    }
  }

  /** Records not yet on the target per topic, measured at {@code at} (epoch milliseconds). */
  record LagSample(long at, Map<String, Long> byTopic) {

    public long total() {
      return byTopic.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * What to compare, over the last {@code digestWindow} records of each partition; with
   * {@code meterTags} the records compared are counted as a metric.
   */
  record VerifyRequest(
      String migrationId, KafkaEndpoint source, KafkaEndpoint target, List<TopicSpec> topics, int digestWindow,
      MeterTags meterTags) {}

  /**
   * The comparison's result; {@code mismatches} is empty when the target matches the source.
   * {@code records} counts each partition on both sides, for the report.
   */
  @JsonIgnoreProperties({"jsonReport", "csvReport"})  // paths on the worker's disk, recorded by runs before the report drew from the run
  record VerificationReport(
      int topics,
      int partitions,
      long sourceRecords,
      long targetRecords,
      long recordsDigested,
      List<String> mismatches,
      List<PartitionRecords> records) {

    public VerificationReport {
      mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
      records = records == null ? List.of() : List.copyOf(records);
    }

    public boolean matches() {
      return mismatches.isEmpty();
    }

    public String summary() {
      return topics + " topics, " + partitions + " partitions, " + sourceRecords + " source / " + targetRecords
          + " target records, " + recordsDigested + " digested: "
          + (matches() ? "identical" : mismatches.size() + " mismatch(es): " + String.join("; ", mismatches));
    }
  }

  /** Records of one partition on each side, as verification counted them. */
  record PartitionRecords(String topic, int partition, long sourceRecords, long targetRecords) {}

  /** Which group must be seen consuming on the target, within {@code timeout}. */
  record GroupConsumingRequest(KafkaEndpoint target, String group, Duration timeout) {}

  /** Which topics must be seen growing on the target, within {@code timeout}. */
  record ProducingRequest(KafkaEndpoint target, List<String> topics, Duration timeout) {}
}
