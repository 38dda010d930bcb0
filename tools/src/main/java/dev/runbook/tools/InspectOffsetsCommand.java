package dev.runbook.tools;

import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.discovery.DetailedInventory;
import dev.runbook.kafka.discovery.KafkaDiscovery;
import dev.runbook.kafka.offsets.GroupOffsetMigration;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kafka.offsets.PartitionTranslation;
import dev.runbook.kafka.offsets.TranslationException;
import dev.runbook.kafka.offsets.TranslationMode;
import dev.runbook.plan.KafkaEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kafka inspect-offsets}: for every group and partition, whether the target's committed offset
 * is exactly the translated one (computed by the runbook's translator in a dry run), and how many
 * records the group would reprocess or skip otherwise.
 */
@Command(name = "inspect-offsets", mixinStandardHelpOptions = true,
    description = "Check that every group's committed offsets on the target point at exactly the right record.")
final class InspectOffsetsCommand implements Callable<Integer> {

  private static final String ABSENT = "ABSENT";

  @Spec CommandSpec spec;

  @Mixin TwoClusterOptions clusters;

  @Option(names = "--groups", defaultValue = ".*", paramLabel = "<regex>",
      description = "Groups to inspect (default: every group with committed offsets on the source).")
  Pattern groups;

  @Option(names = "--out", defaultValue = "offset-inspection.csv", paramLabel = "<file>",
      description = "The CSV report (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--max-replication-wait", defaultValue = "PT10S", paramLabel = "<ISO-8601 duration>",
      description = "How long to wait for a consumed record to be replicated (default: ${DEFAULT-VALUE}).")
  Duration maxReplicationWait;

  @Override
  public Integer call() throws IOException {
    KafkaClientFactory clients = clusters.clients();
    KafkaDiscovery discovery = new KafkaDiscovery(clients);
    DetailedInventory source = discover(discovery, clusters.source.endpoint());
    DetailedInventory target = discover(discovery, clusters.target.endpoint());
    GroupOffsetMigration migration = new GroupOffsetMigration(clients, KafkaTools.REPLICATION_POLL);
    List<OffsetInspection> inspections = new ArrayList<>();
    for (GroupInfo group : source.inventory().groups()) {
      if (groups.matcher(group.group()).matches() && !group.topics().isEmpty()) {
        inspections.addAll(inspect(migration, group, source, target));
      }
    }
    Files.writeString(out, OffsetInspection.CSV_HEADER + "\n"
        + inspections.stream().map(i -> i.csvLine() + "\n").collect(Collectors.joining()));
    print(spec.commandLine().getOut(), inspections);
    return inspections.stream().allMatch(i -> i.status() == OffsetInspection.Status.EXACT) ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
  }

  private static DetailedInventory discover(KafkaDiscovery discovery, KafkaEndpoint cluster) {
    return discovery.discover(new DiscoveryRequest(cluster, null));
  }

  private List<OffsetInspection> inspect(GroupOffsetMigration migration, GroupInfo group, DetailedInventory source,
      DetailedInventory target) {
    String targetState = target.inventory().groups().stream().filter(g -> g.group().equals(group.group()))
        .map(GroupInfo::state).findFirst().orElse(ABSENT);
    Map<String, Long> committedOnTarget = new HashMap<>();
    target.committedOffsets().stream().filter(c -> c.group().equals(group.group()))
        .forEach(c -> committedOnTarget.put(c.topic() + "-" + c.partition(), c.committed()));
    GroupTranslationRequest dryRun = new GroupTranslationRequest(group.group(), clusters.source.endpoint(),
        clusters.target.endpoint(), List.of(), TranslationMode.EXACT, maxReplicationWait,
        GroupTranslationRequest.DEFAULT_MAX_RECORDS_SCANNED, false, MigrationDirection.SOURCE_TO_TARGET, null, null);
    try {
      GroupTranslationReport report = migration.migrate(dryRun, detail -> { });
      List<OffsetInspection> inspections = new ArrayList<>();
      for (PartitionTranslation exact : report.partitions()) {
        inspections.add(OffsetInspection.of(group.group(), group.state(), targetState, exact,
            committedOnTarget.get(exact.topic() + "-" + exact.partition())));
      }
      return inspections;
    } catch (TranslationException untranslatable) {
      return source.committedOffsets().stream().filter(c -> c.group().equals(group.group()))
          .map(c -> OffsetInspection.untranslatable(group.group(), c.topic(), c.partition(), group.state(), targetState,
              c.committed(), committedOnTarget.get(c.topic() + "-" + c.partition()), untranslatable.getMessage()))
          .toList();
    }
  }

  private void print(PrintWriter out, List<OffsetInspection> inspections) {
    TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "SOURCE STATE", "TARGET STATE", "SOURCE COMMITTED",
        "EXPECTED", "TARGET COMMITTED", "STATUS", "REPROCESSED", "SKIPPED");
    inspections.forEach(i -> table.row(i.group(), i.topic(), i.partition(), i.sourceState(), i.targetState(),
        i.sourceCommitted(), i.expectedTarget(), i.targetCommitted(), i.status(), i.reprocessed(), i.skipped()));
    table.print(out);
    long exact = inspections.stream().filter(i -> i.status() == OffsetInspection.Status.EXACT).count();
    out.println(inspections.size() + " partitions of " + inspections.stream().map(OffsetInspection::group).distinct().count()
        + " groups: " + exact + " exact, " + (inspections.size() - exact) + " not exact ("
        + inspections.stream().mapToLong(OffsetInspection::reprocessed).sum() + " records reprocessed, "
        + inspections.stream().mapToLong(OffsetInspection::skipped).sum() + " skipped); wrote " + this.out);
  }
}
