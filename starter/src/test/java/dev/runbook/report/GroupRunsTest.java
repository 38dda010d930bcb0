package dev.runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.Cutover;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.testing.KafkaTestEstate;
import dev.runbook.testing.RunbookProbe;
import dev.runbook.testing.RunbookTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a real Kafka run on a test server: each consumer group's row comes from its own child run. */
class GroupRunsTest {

  @TempDir Path dir;

  @Test
  void readsEachGroupsChildRunForItsRowOfTheReport() throws Exception {
    try (RunbookTestEnvironment env = RunbookTestEnvironment.timeSkipping().start(KafkaTestEstate.world(KafkaTestEstate.SOURCE))) {
      WorkflowClient client = env.client();
      KafkaMigrationPlan plan = KafkaTestEstate.plan(Cutover.Order.CONSUMERS_FIRST);
      KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(RunbookTestEnvironment.TASK_QUEUE).setWorkflowId(plan.workflowId()).build());
      WorkflowClient.start(run::migrate, plan);
      for (String gate : KafkaMigrationWorkflow.GATES) {
        RunbookProbe.awaitGate(run, gate, Duration.ofSeconds(20));
        run.decide(GateDecision.approve(gate, "alice", null));
      }
      assertEquals(RunbookStatus.COMPLETED, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
      Progress progress = run.progress();

      Map<String, Progress> groupRuns = GroupRuns.read(client, plan.workflowId(), progress);

      assertEquals(List.of("billing-processor", "orders-processor"), groupRuns.keySet().stream().sorted().toList());
      Progress orders = groupRuns.get("orders-processor");
      assertEquals(List.of("stop apps/orders-consumer", "translate offsets of group orders-processor",
          "repoint apps/orders-consumer", "start apps/orders-consumer", "see group orders-processor consume on the target"),
          orders.steps().stream().map(step -> step.name()).toList());

      String html = Files.readString(MigrationReport.write(plan.workflowId(), progress, groupRuns, dir, Instant.now()).html());
      assertTrue(html.contains("<td>cutover consumers</td><td>group orders-processor (5 steps in its own run)</td><td>COMPLETED</td>"),
          html);
      assertTrue(html.contains("<td>cutover consumers</td><td>group billing-processor (5 steps in its own run)</td><td>COMPLETED</td>"),
          html);
      assertTrue(html.contains("<tr><th>consumer groups</th><td>2 of 2 on the target</td></tr>"), html);
      assertTrue(html.contains("<tr><th>gate go-live</th><td>approved by alice ("), html);
    }
  }
}
