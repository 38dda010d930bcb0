package dev.runbook.tools;

import dev.runbook.kafka.KafkaActivities.AclsRequest;
import dev.runbook.kafka.KafkaActivities.DiscoveryRequest;
import dev.runbook.kafka.KafkaActivities.QuotasRequest;
import dev.runbook.kafka.KafkaActivities.SourceInventory;
import dev.runbook.kafka.KafkaActivities.VerificationReport;
import dev.runbook.kafka.KafkaActivities.VerifyRequest;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.TopicSelection;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.TargetSecurity;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.acls.AclTranslation;
import dev.runbook.kafka.acls.SourceAcl;
import dev.runbook.kafka.admin.AclComparison;
import dev.runbook.kafka.admin.QuotaComparison;
import dev.runbook.kafka.quotas.QuotaTranslation;
import dev.runbook.kafka.quotas.UserQuotas;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.discovery.KafkaDiscovery;
import dev.runbook.kafka.replication.DetailedVerification;
import dev.runbook.kafka.replication.PartitionComparison;
import dev.runbook.kafka.replication.ReplicationVerification;
import dev.runbook.metrics.RunbookMeters;
import dev.runbook.plan.PlanFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka verify}: the runbook's verify phase on its own: topics present, partition counts,
 * configs, where each partition's end lands on the target, record counts and the digests of the
 * last records, with the same JSON and CSV report; with {@code --plan}, also the runbook's checks
 * of the target's ACLs and user quotas against the source's as the plan's authorization translates them.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Compare the target with the source as the runbook's verify phase does; exit 1 on any mismatch.")
final class VerifyCommand implements Callable<Integer> {

  private static final String REPORT_ID = "kafka-verify";

  @Spec CommandSpec spec;

  @Mixin TwoClusterOptions clusters;

  @Option(names = "--topics", paramLabel = "<regex>",
      description = "Source topics to compare (default: every topic but the internal ones).")
  Pattern topics;

  @Option(names = "--digest-window", defaultValue = "" + KafkaPlanDefaults.DIGEST_WINDOW, paramLabel = "<records>",
      description = "Compare the digests of this many last records per partition (default: ${DEFAULT-VALUE}).")
  int digestWindow;

  @Option(names = "--max-replication-wait", defaultValue = "PT2M", paramLabel = "<ISO-8601 duration>",
      description = "How long to wait for the source's newest records to reach the target (default: ${DEFAULT-VALUE}).")
  Duration maxReplicationWait;

  @Option(names = "--plan", paramLabel = "<plan.yaml>",
      description = "Also compare the target's ACLs (describeAcls) and user quotas (describeClientQuotas) with the source's"
          + " as this plan's authorization.principals translate them.")
  Path plan;

  @Option(names = "--out", defaultValue = "kafka-verification", paramLabel = "<dir>",
      description = "Where verification.json and verification.csv go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    if (digestWindow < 1) {
      throw new ParameterException(spec.commandLine(), "--digest-window must be at least 1, got " + digestWindow);
    }
    KafkaMigrationPlan authorized = plan == null ? null : authorizedPlan();
    KafkaClientFactory clients = clusters.clients();
    SourceInventory inventory = new KafkaDiscovery(clients).discover(new DiscoveryRequest(clusters.source.endpoint(),
            new TopicSelection(topics == null ? null : topics.pattern(), KafkaPlanDraft.NOT_MIGRATED.pattern())))
        .inventory();
    List<TopicSpec> selected = inventory.topics();
    if (selected.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no topic on " + clusters.source.bootstrapServers()
          + (topics == null ? "" : " matches --topics '" + topics.pattern() + "'") + "; nothing to verify");
    }
    DetailedVerification verification = new ReplicationVerification(clients, RunbookMeters.NONE).verify(new VerifyRequest(REPORT_ID, clusters.source.endpoint(),
        clusters.target.endpoint(), selected, digestWindow, null), out, maxReplicationWait, progress -> { });
    print(spec.commandLine().getOut(), verification);
    boolean authorizationMatches = authorized == null || printAuthorization(spec.commandLine().getOut(), authorized, inventory, clients);
    return verification.report().matches() && authorizationMatches ? 0 : ToolCommandLine.EXIT_NOT_EXACT;
  }

  /** The plan of {@code --plan}, read and checked to carry source principals; bad usage otherwise, before anything is read. */
  private KafkaMigrationPlan authorizedPlan() {
    KafkaMigrationPlan read;
    try {
      read = PlanFiles.read(plan, KafkaMigrationPlan.class);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (read.target() == null || read.authorization() == null || read.authorization().principals() == null
        || read.authorization().principals().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--plan " + plan + " maps no source principal"
          + " (authorization.principals): there are no translated ACLs or quotas to compare");
    }
    return read;
  }

  /** The target's ACLs and quotas against the translation, a line per difference; whether they are exactly it. */
  private boolean printAuthorization(PrintWriter out, KafkaMigrationPlan authorized, SourceInventory inventory,
      KafkaClientFactory clients) {
    AclTranslation acls = KafkaPlanDefaults.aclTranslation(authorized, inventory);
    QuotaTranslation quotas = KafkaPlanDefaults.quotaTranslation(authorized, inventory);
    TargetSecurity security = TargetSecurity.of(authorized.target());
    Map<String, List<SourceAcl>> bindings = acls.kafkaBindings(security::principal);
    List<String> aclDifferences = new AclComparison(clients).compare(new AclsRequest(clusters.target.endpoint(), bindings));
    Map<String, UserQuotas> expectedQuotas = KafkaPlanDefaults.expectedQuotas(authorized, quotas);
    List<String> quotaDifferences = new QuotaComparison(clients).compare(new QuotasRequest(clusters.target.endpoint(), expectedQuotas));
    aclDifferences.forEach(difference -> out.println("ACL mismatch: " + difference));
    quotaDifferences.forEach(difference -> out.println("quota mismatch: " + difference));
    int expectedBindings = bindings.values().stream().mapToInt(List::size).sum();
    out.println((aclDifferences.isEmpty() ? "ACLs MATCH: " : "ACLs MISMATCH: ") + expectedBindings + " bindings of "
        + bindings.size() + " users as translated; " + acls.dropped().size() + " source bindings not translatable");
    long usersWithQuotas = expectedQuotas.values().stream().filter(q -> !q.equals(new UserQuotas(null, null, null, null))).count();
    out.println((quotaDifferences.isEmpty() ? "quotas MATCH: " : "quotas MISMATCH: ") + usersWithQuotas + " of "
        + expectedQuotas.size() + " users with quotas as translated; " + quotas.dropped().size() + " source quotas not translatable"
        + (inventory.quotasUnreadable() == null ? "" : " (source quotas not read: " + inventory.quotasUnreadable() + ")"));
    return aclDifferences.isEmpty() && quotaDifferences.isEmpty();
  }

  private static void print(PrintWriter out, DetailedVerification verification) {
    TextTable table = new TextTable("TOPIC", "PARTITION", "SOURCE RECORDS", "TARGET RECORDS", "SOURCE END ON TARGET",
        "DIGESTED", "MATCH", "NOTE");
    for (PartitionComparison p : verification.partitions()) {
      boolean found = p.targetPositionOfSourceEnd() >= 0;
      table.row(p.topic(), p.partition(), p.sourceRecords(), found ? p.targetRecords() : null,
          found ? p.targetPositionOfSourceEnd() : null, p.digested(), p.matches() ? "yes" : "NO", p.note());
    }
    table.print(out);
    VerificationReport report = verification.report();
    report.mismatches().forEach(mismatch -> out.println("mismatch: " + mismatch));
    out.println((report.matches() ? "MATCH: " : "MISMATCH: ") + report.topics() + " topics, " + report.partitions()
        + " partitions, " + report.sourceRecords() + " source / " + report.targetRecords() + " target records, "
        + report.recordsDigested() + " digested; wrote " + verification.json() + ", " + verification.csv());
  }
}
