package dev.runbook.kafka;

import dev.runbook.kernel.RunbookControl;
import dev.runbook.kernel.RunbookOutcome;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Moves a hosted Kafka cluster to Strimzi on Kubernetes: preflight, provision, replicate, catch up,
 * verify, go/no-go, cut consumers and producers over, final gate, decommission.
 */
@WorkflowInterface
public interface KafkaMigrationWorkflow extends RunbookControl {

  /** The runbook's name in its progress ({@link dev.runbook.kernel.Progress#runbook()}). */
  String RUNBOOK = "kafka-migration";
  /** The phase in which the consumer groups are cut over, each in its own child run. */
  String CONSUMERS_PHASE = "cutover consumers";

  String GO_LIVE = "go-live";
  String DECOMMISSION = "decommission";
  List<String> GATES = List.of(GO_LIVE, DECOMMISSION);

  @WorkflowMethod
  RunbookOutcome migrate(KafkaMigrationPlan plan);
}
