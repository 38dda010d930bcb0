package dev.runbook.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kernel.AuditEntry;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.StepProgress;
import dev.runbook.kernel.StepState;
import dev.runbook.testkit.browser.RenderedCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report the lab writes at the end of a rehearsal, for an Airflow run's outcome. */
class LabReportIT {

  @TempDir Path reports;

  @Test
  void writesTheRunsReportUnderItsWorkflowIdWithTheBatchTimeline() throws Exception {
    long t0 = 1_763_700_000_000L;
    Progress progress = new Progress("airflow-migration", "lab-airflow", RunbookStatus.COMPLETED, "decommission",
        List.of(new StepProgress("DAG parity of batch-1", "cutover batch-1", false, StepState.DONE, 1, t0, t0 + 4_000, null),
            new StepProgress("DAG parity of batch-2", "cutover batch-2", false, StepState.DONE, 1, t0 + 9_000, t0 + 12_000, null)),
        null, null,
        Map.of("batch-1.startedAt", String.valueOf(t0), "batch-1.readyAt", String.valueOf(t0 + 6_000),
            "batch-1.decidedAt", String.valueOf(t0 + 8_000), "batch-1.dagsMoved", "4",
            "batch-2.startedAt", String.valueOf(t0 + 9_000), "batch-2.readyAt", String.valueOf(t0 + 15_000),
            "batch-2.decidedAt", String.valueOf(t0 + 20_000), "batch-2.dagsMoved", "3"),
        List.of(new AuditEntry(t0 + 8_000, "operator", "batch-1", "APPROVE", "lab --auto-approve", "update", true, null)),
        "all phases done");

    Path page = Lab.writeReport(reports, "airflow-migration-lab", new RunbookOutcome(RunbookStatus.COMPLETED, "all phases done", progress),
        Map.of());

    assertEquals(reports.resolve("airflow-migration-lab/report.html"), page);
    RenderedCharts.Chart batches = RenderedCharts.fromDom(Files.readString(page)).titled("DAG batch timeline");
    assertEquals(4 + 2, batches.drawnRects(), batches.toString());
    assertTrue(batches.texts().containsAll(List.of("batch-1 (4 DAGs)", "batch-2 (3 DAGs)", "20")), batches.texts().toString());
    assertFalse(Files.readString(reports.resolve("airflow-migration-lab/report.md")).contains("Replication lag"),
        "an Airflow report carries no Kafka section");
    assertEquals(2, Files.readAllLines(reports.resolve("airflow-migration-lab/approvals.csv")).size());
  }
}
