package dev.runbook.lab;

import dev.runbook.airflow.AirflowFacts;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kernel.RunbookOutcome;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.testkit.kafka.DeliveryAccount;
import dev.runbook.testkit.world.KafkaRehearsal;
import dev.runbook.testkit.world.RehearsalRegistries;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a rehearsal proved: how the Kafka runbook ended, the replication lag sampled while MirrorMaker 2
 * caught up, every consumer group's delivery figures, each group's cutover pause, where every app runs
 * now, what moved of the Schema Registry and how the consumers decoded on the target (null without
 * registries); how the Airflow runbook ended (null when it was not rehearsed); where the reports are,
 * and each run's migration report page (by workflow id).
 */
public record LabSummary(
    RunbookStatus kafkaStatus,
    String kafkaMessage,
    long wallMillis,
    List<LagSample> lagSamples,
    Map<String, DeliveryAccount> deliveries,
    Map<String, Long> cutoverPauseMillis,
    Map<String, String> placements,
    String targetBootstrap,
    String copiedBack,
    Schemas schemas,
    RunbookOutcome airflow,
    Path reports,
    Map<String, Path> reportPages) {

  /** Batches in the order they ran: batch-2 before batch-10 (the query's facts come in no order). */
  private static final Comparator<String> BATCH_ORDER = Comparator.comparingInt((String batch) -> batch.length())
      .thenComparing(Comparator.naturalOrder());

  /**
   * The registry's part: the source's subjects and versions, the runbook's verification, the ID of the
   * version registered mid-run, and per consumer group how its records were decoded on the target.
   */
  public record Schemas(int subjects, int versions, String verification, int lateVersionId,
      Map<String, KafkaRehearsal.Decoding> decodings) {

    static Schemas of(RehearsalRegistries registries, RunbookOutcome kafka, Map<String, KafkaRehearsal.Decoding> decodings) {
      return new Schemas(registries.subjects(), registries.versions(),
          KafkaFacts.SCHEMA_VERIFICATION.in(kafka.progress().facts()).orElse("not verified"), registries.lateVersionId(), decodings);
    }

    public boolean everyRecordThroughTheTarget() {
      return decodings.values().stream().allMatch(KafkaRehearsal.Decoding::everyRecordThroughTheTarget);
    }
  }

  public boolean exactlyOnce() {
    return deliveries.values().stream().allMatch(account -> account.duplicates() == 0 && account.lost() == 0);
  }

  public boolean allAppsOnTarget() {
    return targetBootstrap != null && placements.values().stream().allMatch(targetBootstrap::equals);
  }

  public String render() {
    StringBuilder out = new StringBuilder("\n== Lab summary (" + wallMillis / 1000 + " s)\n");
    out.append("Kafka runbook: ").append(kafkaStatus).append(" - ").append(kafkaMessage).append('\n');
    if (!lagSamples.isEmpty()) {
      out.append("  replication catch-up: ").append(lagSamples.size()).append(" lag samples, from ")
          .append(lagSamples.get(0).total()).append(" to ").append(lagSamples.get(lagSamples.size() - 1).total())
          .append(" records\n");
    }
    deliveries.forEach((group, account) -> out.append(String.format(
        "  group %-18s produced %6d  processed %6d  duplicated %d  lost %d  cutover pause %s%n",
        group, account.produced(), account.processed(), account.duplicates(), account.lost(),
        cutoverPauseMillis.containsKey(group) ? String.format("%.1f s", cutoverPauseMillis.get(group) / 1000.0) : "-")));
    if (copiedBack != null) {
      out.append("  copied back by the reverse flow: ").append(copiedBack).append('\n');
    }
    out.append("  apps: ").append(allAppsOnTarget() ? "all on the target (" + targetBootstrap + ")" : placements.toString()).append('\n');
    out.append("  ").append(exactlyOnce() ? "every record processed exactly once" : "RECORDS LOST OR DUPLICATED").append('\n');
    if (schemas == null) {
      out.append("  schema registry: not rehearsed (--no-schema-registry, or Apicurio Registry cannot run here)\n");
    } else {
      out.append("  schema registry: ").append(schemas.subjects()).append(" subjects, ").append(schemas.versions())
          .append(" versions on the source and one registered mid-run (id ").append(schemas.lateVersionId()).append("); ")
          .append(schemas.verification()).append('\n');
      schemas.decodings().forEach((group, decoding) -> out.append(String.format(
          "  group %-18s decoded on the target %6d  through the target registry %6d  with id %d %5d  undecodable batches %d%n",
          group, decoding.onTarget(), decoding.throughTargetRegistry(), schemas.lateVersionId(), decoding.withLateVersion(),
          decoding.failures().size())));
      out.append("  ").append(schemas.everyRecordThroughTheTarget() ? "every record on the target decoded through the target registry"
          : "RECORDS NOT DECODED THROUGH THE TARGET REGISTRY").append('\n');
    }
    if (airflow == null) {
      out.append("Airflow runbook: not rehearsed (Airflow not installed, or --no-airflow)\n");
    } else {
      out.append("Airflow runbook: ").append(airflow.status()).append(" - ").append(airflow.message()).append('\n');
      Map<String, String> facts = airflow.progress().facts();
      AirflowFacts.BATCH_SUMMARY.allIn(facts).entrySet().stream().sorted(Map.Entry.comparingByKey(BATCH_ORDER))
          .forEach(batch -> out.append("  ").append(batch.getKey()).append(": ").append(batch.getValue()).append('\n'));
      AirflowFacts.METADATA.in(facts).ifPresent(metadata -> out.append("  metadata: ").append(metadata).append('\n'));
      AirflowFacts.FINAL_REPORT.in(facts).ifPresent(report -> out.append("  report: ").append(report).append('\n'));
    }
    out.append("Reports: ").append(reports.toAbsolutePath()).append(" (kafka-plan.yaml, lab-kafka/verification.json, lab-kafka/verification.csv)\n");
    reportPages.forEach((workflowId, page) -> out.append("  migration report of ").append(workflowId).append(": ")
        .append(page.toAbsolutePath()).append('\n'));
    return out.toString();
  }
}
