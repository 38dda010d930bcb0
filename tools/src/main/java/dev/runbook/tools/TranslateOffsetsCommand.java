package dev.runbook.tools;

import dev.runbook.kafka.offsets.GroupIsolation;
import dev.runbook.kafka.offsets.GroupOffsetMigration;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.offsets.PartitionTranslation;
import dev.runbook.kafka.offsets.TranslationMode;
import dev.runbook.kafka.offsets.TranslationReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka translate-offsets}: the runbook's exact translation of one group's offsets, as a dry
 * run or, with {@code --commit}, committed all-or-nothing and verified.
 */
@Command(name = "translate-offsets", mixinStandardHelpOptions = true,
    description = "Translate a consumer group's committed offsets exactly; --commit writes them to the other cluster.")
final class TranslateOffsetsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TwoClusterOptions clusters;

  @Option(names = "--group", required = true, description = "The consumer group.")
  String group;

  @Option(names = "--commit", description = "Commit the translated offsets (refused while the group has members there).")
  boolean commit;

  @Option(names = "--reverse", description = "Translate from the target back to the source (rollback).")
  boolean reverse;

  @Option(names = "--max-replication-wait", defaultValue = "PT2M", paramLabel = "<ISO-8601 duration>",
      description = "How long to wait for a consumed record to be replicated (default: ${DEFAULT-VALUE}).")
  Duration maxReplicationWait;

  @Option(names = "--isolation", paramLabel = "read_committed|read_uncommitted",
      description = "The group's isolation.level on transactional topics (default: inferred from its offsets where they"
          + " can tell, read_committed where they cannot).")
  String isolation;

  @Option(names = "--out", paramLabel = "<dir>",
      description = "Also write the per-partition report as <group>-offsets.json and <group>-offsets.csv here.")
  Path out;

  @Override
  public Integer call() throws IOException {
    GroupIsolation groupIsolation = parseIsolation();
    GroupTranslationRequest request = new GroupTranslationRequest(group, clusters.source.endpoint(),
        clusters.target.endpoint(), List.of(), TranslationMode.EXACT, maxReplicationWait,
        GroupTranslationRequest.DEFAULT_MAX_RECORDS_SCANNED, commit,
        reverse ? MigrationDirection.TARGET_TO_SOURCE : MigrationDirection.SOURCE_TO_TARGET, null, groupIsolation);
    GroupTranslationReport report = new GroupOffsetMigration(clusters.clients(), KafkaTools.REPLICATION_POLL)
        .migrate(request, detail -> { });
    PrintWriter out = spec.commandLine().getOut();
    TextTable table = new TextTable("TOPIC", "PARTITION", "SOURCE COMMITTED", "TARGET OFFSET", "METHOD", "EVIDENCE");
    for (PartitionTranslation p : report.partitions()) {
      table.row(p.topic(), p.partition(), p.sourceCommitted(), p.targetOffset(), p.method(), p.evidence());
    }
    table.print(out);
    if (this.out != null) {
      Files.createDirectories(this.out);
      TranslationReportWriter writer = new TranslationReportWriter();
      String fileName = group.replaceAll("[^A-Za-z0-9._-]", "_");
      Path json = this.out.resolve(fileName + "-offsets.json");
      Path csv = this.out.resolve(fileName + "-offsets.csv");
      Files.writeString(json, writer.json(report));
      Files.writeString(csv, writer.csv(report));
      out.println("wrote " + json + ", " + csv);
    }
    String written = request.writeTo().bootstrapServers();
    out.println(report.partitions().size() + " partitions of " + group + (report.committed()
        ? " committed on " + written : " translated; dry run, nothing committed on " + written)
        + "; verification " + (report.verification().verified()
            ? "passed" : "failed: " + String.join("; ", report.verification().mismatches())));
    return report.verification().verified() ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
  }

  private GroupIsolation parseIsolation() {
    if (isolation == null) {
      return null;
    }
    for (GroupIsolation level : GroupIsolation.values()) {
      if (level.configValue().equals(isolation)) {
        return level;
      }
    }
    throw new ParameterException(spec.commandLine(),
        "--isolation must be read_committed or read_uncommitted, not '" + isolation + "'");
  }
}
