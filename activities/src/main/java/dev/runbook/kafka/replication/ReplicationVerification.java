package dev.runbook.kafka.replication;

import dev.runbook.kafka.KafkaActivities.PartitionRecords;
import dev.runbook.kafka.KafkaActivities.VerificationReport;
import dev.runbook.kafka.KafkaActivities.VerifyRequest;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.admin.ClusterAdmin;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.clients.NamedCluster;
import dev.runbook.metrics.RunbookMeters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Whether the target holds what the source holds: every topic exists with the source's partition
 * count and own configs, and each partition's newest records are on the target, identical (through
 * {@link ReplicationProgress}: positions found by content, so transaction markers and compaction
 * gaps never count). The runbook's verify step and the operator CLI run this same code.
 */
public final class ReplicationVerification {

  private final KafkaClientFactory clients;
  private final RunbookMeters meters;

  public ReplicationVerification(KafkaClientFactory clients, RunbookMeters meters) {
    this.clients = clients;
    this.meters = meters;
  }

  /**
   * Verification with its per-partition rows, the report files written to {@code dir}, waiting up to
   * {@code replicationWait} for the source's newest records to reach the target; {@code onProgress}
   * hears what is being compared or waited for.
   */
  public DetailedVerification verify(VerifyRequest request, Path dir, Duration replicationWait, Consumer<String> onProgress) {
    try (ReplicationProgress progress = new ReplicationProgress(clients, request.source(), request.target());
         ClusterAdmin targetAdmin = ClusterAdmin.open(clients, request.target(), NamedCluster.target(request.target()))) {
      List<String> mismatches = new ArrayList<>();
      List<String> names = request.topics().stream().map(TopicSpec::name).toList();
      Map<String, TopicDescription> onTarget = describeExisting(targetAdmin, names, mismatches);
      Map<String, Map<String, String>> targetConfigs = targetAdmin.topicConfigs(List.copyOf(onTarget.keySet()));
      for (TopicSpec topic : request.topics()) {
        TopicDescription description = onTarget.get(topic.name());
        if (description == null) {
          continue;
        }
        if (description.partitions().size() != topic.partitions()) {
          mismatches.add(topic.name() + ": " + topic.partitions() + " partitions on the source, "
              + description.partitions().size() + " on the target");
        }
        topic.configs().forEach((key, value) -> {
          String targetValue = targetConfigs.get(topic.name()).get(key);
          if (!value.equals(targetValue)) {
            mismatches.add(topic.name() + ": config " + key + " is '" + value + "' on the source, '" + targetValue + "' on the target");
          }
        });
      }
      List<PartitionComparison> partitions = progress.compare(
          request.topics().stream().filter(t -> onTarget.containsKey(t.name())).toList(), request.digestWindow(),
          replicationWait, onProgress);
      partitions.stream().filter(p -> !p.matches()).forEach(p -> mismatches.add(p.topic() + "-" + p.partition() + ": " + p.note()));
      VerificationFiles files = VerificationFiles.write(dir, partitions, mismatches);
      long sourceRecords = partitions.stream().mapToLong(PartitionComparison::sourceRecords).sum();
      meters.recordsVerified(request.meterTags(), sourceRecords);
      return new DetailedVerification(new VerificationReport(request.topics().size(), partitions.size(), sourceRecords,
          partitions.stream().mapToLong(PartitionComparison::targetRecords).sum(),
          partitions.stream().mapToLong(PartitionComparison::digested).sum(),
          mismatches, partitions.stream().map(p -> new PartitionRecords(p.topic(), p.partition(), p.sourceRecords(),
              p.targetRecords())).toList()), partitions, files.json(), files.csv());
    }
  }

  private static Map<String, TopicDescription> describeExisting(ClusterAdmin admin, List<String> names, List<String> mismatches) {
    Collection<String> existing = admin.call("list topics", a -> a.listTopics().names());
    names.stream().filter(name -> !existing.contains(name)).forEach(name -> mismatches.add(name + ": missing on the target"));
    List<String> present = names.stream().filter(existing::contains).toList();
    return present.isEmpty() ? Map.of() : admin.call("describe topics", a -> a.describeTopics(present).allTopicNames());
  }
}
