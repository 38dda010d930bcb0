package dev.runbook.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kernel.RunbookStatus;
import dev.runbook.testkit.world.AirflowRehearsal;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lab run unattended, as a newcomer's first command would, with its figures checked. */
class LabTest {

  @TempDir Path out;

  @Test
  void unattendedRehearsalRunsBothRunbooksWithEveryRecordProcessedExactlyOnce() throws Exception {
    System.setProperty("runbook.home", "..");
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Lab lab = new Lab(new PrintStream(screen, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader("")));
    new CommandLine(lab).parseArgs("--auto-approve", "--temporal-port", "0", "--out", out.toString());

    LabSummary summary = lab.rehearse();

    assertEquals(RunbookStatus.COMPLETED, summary.kafkaStatus(), summary.kafkaMessage());
    assertTrue(summary.allAppsOnTarget(), summary.placements().toString());
    assertEquals(2, summary.deliveries().size());
    summary.deliveries().forEach((group, account) -> {
      assertTrue(account.produced() > 100, group + ": " + account);
      assertEquals(0, account.duplicates(), group + ": " + account);
      assertEquals(0, account.lost(), group + ": " + account);
      assertTrue(summary.cutoverPauseMillis().get(group) > 0, group + " has no measured cutover pause");
    });
    assertTrue(Files.exists(out.resolve("lab-kafka/verification.csv")));
    assertTrue(summary.render().contains("every record processed exactly once"), summary.render());
    assertTrue(screen.toString(StandardCharsets.UTF_8).contains("WAITING AT GATE 'go-live'"));
    if (AirflowRehearsal.installed()) {
      assertEquals(RunbookStatus.COMPLETED, summary.airflow().status(), summary.airflow().message());
      assertTrue(summary.render().contains("batch-2: "), summary.render());
    } else {
      assertTrue(System.getenv("RUNBOOK_REQUIRE_AIRFLOW") == null, "Airflow is required here but not installed");
      assertTrue(summary.render().contains("Airflow runbook: not rehearsed"), summary.render());
    }
    System.out.println(summary.render());
  }
}
