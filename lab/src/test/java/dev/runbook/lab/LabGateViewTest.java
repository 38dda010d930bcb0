package dev.runbook.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.cli.ProgressView;
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lab's live view at a gate: each command ready to type in another terminal of this lab, shown once. */
class LabGateViewTest {

  @Test
  void theCommandsAtAGateNameTheLabsServerAndApprover() {
    Progress waiting = new Progress("kafka-migration", "lab-kafka", RunbookStatus.WAITING_FOR_GATE, "cutover consumers", List.of(),
        new PendingGate("go-live", "verified", 1_763_700_000_000L, List.of("operator"), 1, List.of()), null, Map.of(), List.of(),
        null);

    String view = ProgressView.render("kafka-migration-kafka-lab", waiting, 1_763_700_001_000L,
        command -> Lab.typedHere(command, "127.0.0.1:7300", Path.of("/nowhere/bin/temporal")));

    assertEquals(List.of(
        "  $ ./runbook approve kafka-migration-kafka-lab go-live --address 127.0.0.1:7300 --as operator --comment '...'",
        "  $ ./runbook reject kafka-migration-kafka-lab go-live --address 127.0.0.1:7300 --as operator --comment '...'",
        "  $ temporal workflow signal --address 127.0.0.1:7300 --workflow-id kafka-migration-kafka-lab --name decision --input "
            + "'{\"gate\":\"go-live\",\"approver\":\"operator\",\"verdict\":\"APPROVE\",\"comment\":\"\"}'",
        "  $ temporal workflow update execute --address 127.0.0.1:7300 --workflow-id kafka-migration-kafka-lab --name decide --input "
            + "'{\"gate\":\"go-live\",\"approver\":\"operator\",\"verdict\":\"APPROVE\",\"comment\":\"\"}'"),
        view.lines().filter(line -> line.startsWith("  $ ")).toList());
  }
}
