package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.StepProgress;
import dev.runbook.kernel.StepState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view's advice for a parked step: only the actions the runbook accepts there. */
class ProgressViewTest {

  static final String ID = "kafka-migration-kafka-payments";

  @Test
  void suggestsNoSkipForAStepWhoseResultLaterStepsNeed() {
    String view = ProgressView.render(ID, parkedAt("discover source", List.of(OperatorAction.Kind.RETRY,
        OperatorAction.Kind.ROLLBACK, OperatorAction.Kind.ABORT)), 2_000);
    assertEquals(List.of(
        "  $ runbook retry " + ID + " 'discover source' --as YOUR_NAME",
        "  $ runbook rollback " + ID + " --as YOUR_NAME",
        "  $ runbook abort " + ID + " --as YOUR_NAME",
        "  $ temporal workflow signal --workflow-id " + ID + " --name action --input "
            + "'{\"action\":\"RETRY\",\"step\":\"discover source\",\"operator\":\"YOUR_NAME\"}'"), commands(view));
  }

  @Test
  void suggestsEveryActionWhenAnOlderWorkerDoesNotSay() {
    List<String> commands = commands(ProgressView.render(ID, parkedAt("discover source", null), 2_000));
    assertEquals(5, commands.size(), commands.toString());
    assertEquals("  $ runbook skip " + ID + " 'discover source' --as YOUR_NAME", commands.get(1));
  }

  private static Progress parkedAt(String step, List<OperatorAction.Kind> allowed) {
    return new Progress("kafka-migration", "payments-kafka", RunbookStatus.PARKED, "preflight",
        List.of(new StepProgress(step, "preflight", false, StepState.PARKED, 3, 1_000, 0, "KafkaTimeout: no answer")),
        null, step, Map.of(), List.of(), null, allowed);
  }

  private static List<String> commands(String view) {
    return view.lines().filter(line -> line.startsWith("  $ ")).toList();
  }
}
