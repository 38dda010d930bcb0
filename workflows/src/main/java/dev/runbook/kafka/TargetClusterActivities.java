package dev.runbook.kafka;

import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import dev.runbook.kafka.acls.TargetAcl;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.kernel.StepOptions;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The target side on Kubernetes, through Strimzi {@code kafka.strimzi.io/v1} resources. Every
 * method is idempotent: it adopts what already exists and converges it to the wanted state, and
 * every delete succeeds when the resource is already gone.
 */
@ActivityInterface
public interface TargetClusterActivities {

  /**
   * The stub workflows call these through: creating the cluster and every delete are changes (3
   * attempts); applies that wait for Strimzi's {@code Ready} are long waits of up to 30 minutes.
   */
  static TargetClusterActivities stub() {
    ActivityOptions change = StepOptions.change(Duration.ofMinutes(5), 3);
    ActivityOptions untilReady = StepOptions.longWait(Duration.ofMinutes(30));
    return StepOptions.stub(TargetClusterActivities.class, Map.of(
        "applyCluster", change,
        "awaitClusterReady", untilReady,
        "applyTopics", untilReady,
        "applyUsers", untilReady,
        "applyMirrorMaker", untilReady,
        "deleteMirrorMaker", change,
        "deleteTopics", change,
        "deleteUsers", change,
        "deleteCluster", change));
  }

  /** Creates or adopts the Kafka and KafkaNodePool resources. */
  void applyCluster(TargetCluster target);

  /** Waits (heartbeating) until the Kafka resource is Ready; returns the plan listener's bootstrap address. */
  String awaitClusterReady(TargetCluster target);

  /** One KafkaTopic per topic with the same partitions and configs; waits until each is Ready. */
  void applyTopics(TopicsRequest request);

  /** KafkaUsers for the apps and for MirrorMaker 2; waits until each is Ready. */
  void applyUsers(UsersRequest request);

  /** Creates or updates the KafkaMirrorMaker2 resource and waits until it is Ready. */
  void applyMirrorMaker(MirrorMakerSpec spec);

  void deleteMirrorMaker(MirrorMakerSpec spec);

  void deleteTopics(TopicsRequest request);

  void deleteUsers(UsersRequest request);

  void deleteCluster(TargetCluster target);

  /** Topics of the target cluster {@code target} to create or delete. */
  record TopicsRequest(TargetCluster target, List<TopicSpec> topics) {}

  /**
   * Users of the target cluster: each app's user and MirrorMaker 2's; {@code acls}, by user, the
   * source's ACLs translated (null: the plan carries no ACLs over, each user may use every topic and group);
   * {@code quotas}, by user, the source's client quotas translated (null or a user absent: no quotas).
   */
  record UsersRequest(TargetCluster target, List<String> users, Map<String, List<TargetAcl>> acls,
      Map<String, UserQuotas> quotas) {

    public UsersRequest(TargetCluster target, List<String> users) {
      this(target, users, null);
    }

    public UsersRequest(TargetCluster target, List<String> users, Map<String, List<TargetAcl>> acls) {
      this(target, users, acls, null);
    }
  }
}
