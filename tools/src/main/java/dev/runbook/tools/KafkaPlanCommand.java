package dev.runbook.tools;

import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationPlan.ConsumerGroupCutover;
import dev.runbook.kafka.KafkaPlanValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kafka plan}: a Kafka runbook plan drafted from {@code kafka discover}'s output, placeholders named. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Draft a Kafka runbook plan (YAML) from a discovery; lists the placeholders left to fill.")
final class KafkaPlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "<dir>", description = "What kafka discover --out wrote.")
  Path from;

  @Option(names = "--out", defaultValue = "kafka-plan.yaml", paramLabel = "<file>",
      description = "The drafted plan (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--target-namespace", paramLabel = "<namespace>", description = "The Strimzi cluster's namespace.")
  String targetNamespace;

  @Option(names = "--target-cluster", paramLabel = "<name>", description = "The Strimzi cluster's name.")
  String targetCluster;

  @Override
  public Integer call() throws IOException {
    KafkaDiscoveryFile discovery;
    try {
      discovery = KafkaDiscoveryFile.read(from);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    KafkaPlanDraft.Draft draft = KafkaPlanDraft.draft(discovery, targetNamespace, targetCluster);
    PrintWriter print = spec.commandLine().getOut();
    print.println("drafted " + out + ": " + draft.topics().size() + " topics, " + draft.plan().cutover().consumerGroups().size()
        + " consumer groups in cutover order (" + draft.plan().cutover().consumerGroups().stream()
            .map(ConsumerGroupCutover::group).collect(Collectors.joining(", ")) + ")"
        + (draft.skipped().isEmpty() ? "" : "; left out: " + String.join(", ", draft.skipped())));
    DraftedPlan.write(out, KafkaPlanDraft.header(draft, from.resolve(DiscoveryJson.NAME) + " ("
        + discovery.cluster().bootstrapServers() + ")"), draft.plan(), KafkaMigrationPlan.class,
        KafkaPlanValidator::validate, "kafka", print);
    return 0;
  }
}
