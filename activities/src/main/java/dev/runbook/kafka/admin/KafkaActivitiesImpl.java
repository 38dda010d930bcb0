package dev.runbook.kafka.admin;

import dev.runbook.activity.ActivityFailures;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.apps.TargetTraffic;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.discovery.KafkaDiscovery;
import dev.runbook.kafka.fence.ClientInventoryRequest;
import dev.runbook.kafka.fence.FenceReport;
import dev.runbook.kafka.fence.FenceRequest;
import dev.runbook.kafka.fence.SourceClientInventory;
import dev.runbook.kafka.fence.SourceClients;
import dev.runbook.kafka.fence.SourceFenceWatch;
import dev.runbook.kafka.replication.ReplicationCatchUp;
import dev.runbook.kafka.replication.ReplicationVerification;
import dev.runbook.kafka.rollback.CopyBack;
import dev.runbook.kafka.rollback.CopyBackReport;
import dev.runbook.kafka.rollback.CopyBackRequest;
import dev.runbook.kafka.rollback.PartitionEnds;
import dev.runbook.metrics.RunbookMeters;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Kafka runbook's reads and waits on both clusters, adapted to Temporal: {@link KafkaDiscovery},
 * {@link ReplicationCatchUp}, {@link ReplicationVerification}, {@link TargetTraffic},
 * {@link AclComparison}, {@link QuotaComparison}, {@link SourceClientInventory} and {@link SourceFenceWatch} do the work,
 * this class heartbeats what they report and turns their failures into activity failures.
 */
public final class KafkaActivitiesImpl implements KafkaActivities {

  /** How long verification waits for the source's newest records to reach the target. */
  private static final Duration VERIFY_REPLICATION_WAIT = Duration.ofMinutes(2);

  private final Path reportDir;
  private final KafkaDiscovery discovery;
  private final ReplicationCatchUp catchUp;
  private final ReplicationVerification verification;
  private final TargetTraffic traffic;
  private final AclComparison acls;
  private final QuotaComparison quotas;
  private final SourceClientInventory clientInventory;
  private final SourceFenceWatch fenceWatch;
  private final CopyBack copyBack;

  public KafkaActivitiesImpl(KafkaClientFactory clients, Path reportDir, Duration pollInterval, RunbookMeters meters) {
    this.reportDir = reportDir;
    this.discovery = new KafkaDiscovery(clients);
    this.catchUp = new ReplicationCatchUp(clients, pollInterval, meters);
    this.verification = new ReplicationVerification(clients, meters);
    this.traffic = new TargetTraffic(clients, pollInterval);
    this.acls = new AclComparison(clients);
    this.quotas = new QuotaComparison(clients);
    this.clientInventory = new SourceClientInventory(clients);
    this.fenceWatch = new SourceFenceWatch(clients, pollInterval);
    this.copyBack = new CopyBack(clients, pollInterval);
  }

  @Override
  public java.util.List<String> compareAcls(AclsRequest request) {
    return ActivityFailures.call(() -> acls.compare(request));
  }

  @Override
  public java.util.List<String> compareQuotas(QuotasRequest request) {
    return ActivityFailures.call(() -> quotas.compare(request));
  }

  @Override
  public SourceInventory discover(DiscoveryRequest request) {
    return ActivityFailures.call(() -> discovery.discover(request).inventory());
  }

  @Override
  public CatchUpReport awaitCatchUp(CatchUpRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return ActivityFailures.call(() -> catchUp.await(request, context::heartbeat));
  }

  @Override
  public VerificationReport verify(VerifyRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return ActivityFailures.call(() -> verification.verify(request, reportDir.resolve(request.migrationId()),
        VERIFY_REPLICATION_WAIT, context::heartbeat).report());
  }

  @Override
  public void awaitGroupConsuming(GroupConsumingRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityFailures.run(() -> traffic.awaitGroupConsuming(request, context::heartbeat));
  }

  @Override
  public void awaitProducing(ProducingRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityFailures.run(() -> traffic.awaitProducing(request, context::heartbeat));
  }

  @Override
  public SourceClients inventoryClients(ClientInventoryRequest request) {
    return ActivityFailures.call(() -> clientInventory.take(request));
  }

  @Override
  public FenceReport watchSourceFence(FenceRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return ActivityFailures.call(() -> fenceWatch.watch(request, context::heartbeat));
  }

  @Override
  public List<PartitionEnds> markCopyBackStart(CopyBackRequest request) {
    return ActivityFailures.call(() -> copyBack.mark(request));
  }

  @Override
  public CopyBackReport awaitCopiedBack(CopyBackRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return ActivityFailures.call(() -> copyBack.await(request, context::heartbeat));
  }

  @Override
  public void deleteSourceTopics(SourceTopicsRequest request) {
    ActivityFailures.run(() -> copyBack.deleteSourceTopics(request.source(), request.topics()));
  }
}
