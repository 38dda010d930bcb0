package dev.runbook.kafka.admin;

import dev.runbook.activity.ActivityFailures;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.apps.TargetTraffic;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.discovery.KafkaDiscovery;
import dev.runbook.kafka.replication.ReplicationCatchUp;
import dev.runbook.kafka.replication.ReplicationVerification;
import dev.runbook.metrics.RunbookMeters;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka runbook's reads and waits on both clusters, adapted to Temporal: {@link KafkaDiscovery},
 * {@link ReplicationCatchUp}, {@link ReplicationVerification}, {@link TargetTraffic} and
 * {@link AclComparison} do the work,
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

  public KafkaActivitiesImpl(KafkaClientFactory clients, Path reportDir, Duration pollInterval, RunbookMeters meters) {
    this.reportDir = reportDir;
    this.discovery = new KafkaDiscovery(clients);
    this.catchUp = new ReplicationCatchUp(clients, pollInterval, meters);
    this.verification = new ReplicationVerification(clients, meters);
    this.traffic = new TargetTraffic(clients, pollInterval);
    this.acls = new AclComparison(clients);
  }

  @Override
  public java.util.List<String> compareAcls(AclsRequest request) {
    return ActivityFailures.call(() -> acls.compare(request));
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
}
