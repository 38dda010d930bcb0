package dev.runbook.lab;

import dev.runbook.kernel.RunbookStatus;
import dev.runbook.testkit.kafka.DeliveryAccount;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a rehearsal proved: how the runbook ended, every consumer group's delivery figures,
 * each group's cutover pause, where every app runs now, and where the reports are.
 */
public record LabSummary(
    RunbookStatus kafkaStatus,
    String kafkaMessage,
    long wallMillis,
    Map<String, DeliveryAccount> deliveries,
    Map<String, Long> cutoverPauseMillis,
    Map<String, String> placements,
    String targetBootstrap,
    Path reports) {

  public boolean exactlyOnce() {
    return deliveries.values().stream().allMatch(account -> account.duplicates() == 0 && account.lost() == 0);
  }

  public boolean allAppsOnTarget() {
    return targetBootstrap != null && placements.values().stream().allMatch(targetBootstrap::equals);
  }

  public String render() {
    StringBuilder out = new StringBuilder("\n== Lab summary (" + wallMillis / 1000 + " s)\n");
    out.append("Kafka runbook: ").append(kafkaStatus).append(" - ").append(kafkaMessage).append('\n');
    deliveries.forEach((group, account) -> out.append(String.format(
        "  group %-18s produced %6d  processed %6d  duplicated %d  lost %d  cutover pause %s%n",
        group, account.produced(), account.processed(), account.duplicates(), account.lost(),
        cutoverPauseMillis.containsKey(group) ? String.format("%.1f s", cutoverPauseMillis.get(group) / 1000.0) : "-")));
    out.append("  apps: ").append(allAppsOnTarget() ? "all on the target (" + targetBootstrap + ")" : placements.toString()).append('\n');
    out.append("  ").append(exactlyOnce() ? "every record processed exactly once" : "RECORDS LOST OR DUPLICATED").append('\n');
    out.append("Reports: ").append(reports.toAbsolutePath()).append(" (kafka-plan.yaml, lab-kafka/verification.json, lab-kafka/verification.csv)\n");
    return out.toString();
  }
}
