package dev.runbook.bench;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.offsets.GroupOffsetMigration;
import dev.runbook.kafka.offsets.GroupTranslationReport;
import dev.runbook.kafka.offsets.GroupTranslationRequest;
import dev.runbook.kafka.offsets.PartitionTranslation;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.kafka.InProcessMirrorMaker2;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.PartitionContents;
import dev.runbook.testkit.kafka.SequenceRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Compares, on the same data, our exact offset translation with MirrorMaker 2's own group-offset
 * sync: for every group and partition, how many records the group would process again
 * (duplicates) or never (losses) after moving to the target. Judged against record contents, not
 * against either method.
 *
 * Every comparison runs twice, on fresh clusters: under a MirrorMaker 2 reading the source committed
 * (as the runbook configures it) and under one reading uncommitted (MirrorMaker's default). Also
 * times one 100-partition group, translated, committed and verified, and one replication-lag sample
 * over its partitions with a backlog ({@link LagSampleCost}).
 *
 * <p>Arguments: {@code --small} (CI setting), or any of {@code --groups N --partitions N --records N
 * --wide-partitions N --lag-records N --offset-lag-max N --out FILE}.
 */
public final class OffsetTranslationBenchmark {

  /** The kinds of topic the groups consume; group {@code g} consumes kind {@code g % 4}. */
  enum Workload {
    PLAIN, COMPACTED, TRANSACTIONAL, BURST;

    String topic() {
      return "bench." + name().toLowerCase(Locale.ROOT);
    }
  }

  record Settings(int groups, int partitions, int recordsPerPartition, int widePartitions, int lagRecords, int offsetLagMax,
      Path out) {

    static Settings parse(String[] args) {
      Map<String, String> options = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--small")) {
          options.putIfAbsent("groups", "4");
          options.putIfAbsent("records", "300");
          options.putIfAbsent("partitions", "6");
          options.putIfAbsent("lag-records", "500");
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          options.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Settings(
          Integer.parseInt(options.getOrDefault("groups", "10")),
          Integer.parseInt(options.getOrDefault("partitions", "12")),
          Integer.parseInt(options.getOrDefault("records", "2000")),
          Integer.parseInt(options.getOrDefault("wide-partitions", "100")),
          Integer.parseInt(options.getOrDefault("lag-records", "2000")),
          Integer.parseInt(options.getOrDefault("offset-lag-max", "100")),
          Path.of(options.getOrDefault("out", "target/bench/offset-translation.md")));
    }
  }

  /** One partition of one group: where each method puts the group, and what that costs. */
  record PartitionOutcome(String group, TopicPartition partition, long committed, long exact,
      long ours, String oursMethod, Long mm2, long oursDuplicates, long oursLosses, long mm2Duplicates, long mm2Losses) {}

  record GroupOutcome(String group, Workload workload, List<PartitionOutcome> partitions, long oursMillis) {}

  private static final String WIDE_TOPIC = "bench.wide";
  private static final String WIDE_GROUP = "wide-group";

  private final Settings settings;
  private final KafkaTestCluster source;
  private final KafkaTestCluster target;
  private final KafkaClientFactory clients = new KafkaClientFactory(ref -> {
    throw new IllegalArgumentException("the benchmark uses no secrets: " + ref.describe());
  });
  private final GroupOffsetMigration migration = new GroupOffsetMigration(clients, Duration.ofMillis(100));

  private OffsetTranslationBenchmark(Settings settings, KafkaTestCluster source, KafkaTestCluster target) {
    this.settings = settings;
    this.source = source;
    this.target = target;
  }

  /** How the replicator reads the source's transactional topics; each setting runs on clusters of its own. */
  enum Replicator {
    READ_COMMITTED("read_committed", "MirrorMaker 2 reading committed (the runbook's configuration)"),
    READ_UNCOMMITTED("read_uncommitted", "MirrorMaker 2 reading uncommitted (its default: copies of aborted records"
        + " reach the target, as with a replicator set up by someone else)");

    final String isolationLevel;
    final String description;

    Replicator(String isolationLevel, String description) {
      this.isolationLevel = isolationLevel;
      this.description = description;
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    StringBuilder report = new StringBuilder(header(settings));
    for (Replicator replicator : Replicator.values()) {
      try (KafkaTestCluster source = KafkaTestCluster.start("source");
           KafkaTestCluster target = KafkaTestCluster.start("target");
           InProcessMirrorMaker2 mirrorMaker = InProcessMirrorMaker2.start(
               mirrorConfig(settings, replicator, source, target), Duration.ofSeconds(120))) {
        report.append(new OffsetTranslationBenchmark(settings, source, target).run(replicator, mirrorMaker));
      }
    }
    System.out.println(report);
    Files.createDirectories(settings.out().toAbsolutePath().getParent());
    Files.writeString(settings.out(), report, StandardCharsets.UTF_8);
    System.out.println("written to " + settings.out().toAbsolutePath());
  }

  private static Map<String, String> mirrorConfig(Settings settings, Replicator replicator, KafkaTestCluster source,
      KafkaTestCluster target) {
    Map<String, String> config = InProcessMirrorMaker2.migrationConfig(
        "source", source.bootstrapServers(), "target", target.bootstrapServers(), settings.offsetLagMax());
    config.put("source.consumer.isolation.level", replicator.isolationLevel);
    config.put("source->target.groups.exclude", WIDE_GROUP);
    config.put("source->target.topics.exclude",
        ".*[\\-\\.]internal,.*\\.replica,__.*," + LagSampleCost.TOPIC.replace(".", "\\."));
    return config;
  }

  /** Both methods on every group; under the runbook's own setting also the 100-partition group and a lag sample. */
  private String run(Replicator replicator, InProcessMirrorMaker2 mirrorMaker) throws Exception {
    List<String> topics = new ArrayList<>();
    for (Workload workload : Workload.values()) {
      createTopics(workload);
      produce(workload);
      topics.add(workload.topic());
    }
    mirrorMaker.awaitReplicated(topics, Duration.ofMinutes(5));
    compactSource();
    mirrorMaker.awaitReplicated(topics, Duration.ofMinutes(5));

    Map<String, Workload> groups = new LinkedHashMap<>();
    for (int g = 0; g < settings.groups(); g++) {
      Workload workload = Workload.values()[g % Workload.values().length];
      String group = "group-" + g + "-" + workload.name().toLowerCase(Locale.ROOT);
      groups.put(group, workload);
      commit(source, group, variedCommits(workload, g));
    }
    Map<String, Map<TopicPartition, Long>> mm2Offsets = awaitMirrorMakerSync(groups.keySet());

    Map<TopicPartition, PartitionContents[]> contents = new HashMap<>();
    List<GroupOutcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Workload> entry : groups.entrySet()) {
      GroupTranslationReport ours = migration.migrate(request(entry.getKey()).withCommit(false), detail -> { });
      List<PartitionOutcome> partitions = new ArrayList<>();
      for (PartitionTranslation translation : ours.partitions()) {
        TopicPartition tp = new TopicPartition(translation.topic(), translation.partition());
        PartitionContents[] sides = contents.computeIfAbsent(tp, p -> new PartitionContents[] {
            PartitionContents.read(source.bootstrapServers(), p), PartitionContents.read(target.bootstrapServers(), p)});
        partitions.add(outcome(entry.getKey(), tp, translation, mm2Offsets.get(entry.getKey()).get(tp), sides));
      }
      outcomes.add(new GroupOutcome(entry.getKey(), entry.getValue(), partitions, ours.durationMillis()));
    }
    String timings = replicator == Replicator.READ_COMMITTED ? timeWideGroup(mirrorMaker)
        + new LagSampleCost(source, target, clients, settings.widePartitions(), settings.lagRecords()).run() : "";
    return render(replicator, outcomes, timings);
  }

  private GroupTranslationRequest request(String group) {
    return GroupTranslationRequest.exact(group, KafkaEndpoint.plaintext(source.bootstrapServers()),
        KafkaEndpoint.plaintext(target.bootstrapServers()), Duration.ofSeconds(60));
  }

  private void createTopics(Workload workload) {
    Map<String, String> configs = workload == Workload.COMPACTED
        ? Map.of("cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.001",
            "min.compaction.lag.ms", "0")
        : Map.of();
    source.createTopic(workload.topic(), settings.partitions(), configs);
    target.createTopic(workload.topic(), settings.partitions(),
        workload == Workload.COMPACTED ? Map.of("cleanup.policy", "compact") : Map.of());
  }

  /** Writes the workload's records; MirrorMaker replicates while they are written. */
  private void produce(Workload workload) {
    Map<String, Object> config = new HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, "5"));
    if (workload == Workload.TRANSACTIONAL) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-transactional");
    }
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      if (workload == Workload.TRANSACTIONAL) {
        producer.initTransactions();
      }
      int batch = 25;
      long burstTimestamp = System.currentTimeMillis();
      for (int first = 0, round = 0; first < settings.recordsPerPartition(); first += batch, round++) {
        if (workload == Workload.TRANSACTIONAL) {
          producer.beginTransaction();
        }
        if (workload == Workload.BURST && first % 250 == 0) {
          burstTimestamp = System.currentTimeMillis();
        }
        for (int partition = 0; partition < settings.partitions(); partition++) {
          for (int i = first; i < Math.min(first + batch, settings.recordsPerPartition()); i++) {
            long sequence = (long) partition * 1_000_000 + i;
            String key = workload == Workload.COMPACTED ? "key-" + (i % 40) : Long.toString(sequence);
            Long timestamp = workload == Workload.BURST ? burstTimestamp : null;
            producer.send(new ProducerRecord<>(workload.topic(), partition, timestamp,
                key.getBytes(StandardCharsets.UTF_8), SequenceRecords.value(workload.topic(), sequence)));
          }
        }
        producer.flush();
        if (workload == Workload.TRANSACTIONAL) {
          if (round % 4 == 3) {
            producer.abortTransaction();
          } else {
            producer.commitTransaction();
          }
        }
      }
    }
  }

  /** Rolls the compacted topic's segments and gives the cleaner time, so source and target differ. */
  private void compactSource() throws InterruptedException {
    Thread.sleep(300);
    List<ProducerRecord<byte[], byte[]>> rollers = new ArrayList<>();
    for (int partition = 0; partition < settings.partitions(); partition++) {
      rollers.add(new ProducerRecord<>(Workload.COMPACTED.topic(), partition, null, "roll".getBytes(StandardCharsets.UTF_8),
          SequenceRecords.value(Workload.COMPACTED.topic(), (long) partition * 1_000_000 + settings.recordsPerPartition())));
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      rollers.forEach(producer::send);
    }
    TopicPartition first = new TopicPartition(Workload.COMPACTED.topic(), 0);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (PartitionContents.read(source.bootstrapServers(), first).size() > 41 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }

  /** Partition 0 has consumed nothing, partition 1 everything, the others stop somewhere in between. */
  private Map<TopicPartition, Long> variedCommits(Workload workload, int group) {
    Random random = new Random(1_000L * group);
    Map<TopicPartition, Long> commits = new HashMap<>();
    try (Admin admin = source.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < settings.partitions(); p++) {
        latest.put(new TopicPartition(workload.topic(), p), OffsetSpec.latest());
      }
      admin.listOffsets(latest).all().get().forEach((tp, info) -> {
        long end = info.offset();
        long committed = tp.partition() == 0 ? 0 : tp.partition() == 1 ? end : 1 + (long) (random.nextDouble() * (end - 1));
        commits.put(tp, workload == Workload.TRANSACTIONAL ? readCommittedPosition(tp, committed) : committed);
      });
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not read end offsets of " + workload.topic(), e);
    }
    return commits;
  }

  /**
   * The groups read committed, and a read_committed consumer stops right after a record it read,
   * never inside an aborted transaction (only a read_uncommitted one can, and the translator infers
   * that from such an offset): the position after the last committed record below {@code offset}.
   */
  private long readCommittedPosition(TopicPartition tp, long offset) {
    PartitionContents contents = PartitionContents.read(source.bootstrapServers(), tp);
    for (long below = offset - 1; below >= contents.logStartOffset(); below--) {
      String next = contents.nextValueFrom(below);
      long read = next == null ? offset : contents.offsetOf(next).orElseThrow();
      if (read < offset) {
        return read + 1;
      }
    }
    return contents.logStartOffset();
  }

  private static void commit(KafkaTestCluster cluster, String group, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
    try (Admin admin = cluster.admin()) {
      admin.alterConsumerGroupOffsets(group, commits).all().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not commit offsets of " + group, e);
    }
  }

  /** Waits until MirrorMaker's offsets for the groups on the target stop changing (it never converges further). */
  private Map<String, Map<TopicPartition, Long>> awaitMirrorMakerSync(Iterable<String> groups) throws Exception {
    Map<String, Map<TopicPartition, Long>> last = Map.of();
    int unchangedPolls = 0;
    long started = System.nanoTime();
    try (Admin admin = target.admin()) {
      while (System.nanoTime() - started < Duration.ofMinutes(2).toNanos()) {
        Map<String, Map<TopicPartition, Long>> current = new LinkedHashMap<>();
        for (String group : groups) {
          Map<TopicPartition, Long> offsets = new HashMap<>();
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
              .forEach((tp, o) -> offsets.put(tp, o == null ? null : o.offset()));
          current.put(group, offsets);
        }
        unchangedPolls = current.equals(last) ? unchangedPolls + 1 : 0;
        last = current;
        if (unchangedPolls >= 8 && System.nanoTime() - started > Duration.ofSeconds(15).toNanos()) {
          break;
        }
        Thread.sleep(1_000);
      }
    }
    return last;
  }

  private static PartitionOutcome outcome(String group, TopicPartition tp, PartitionTranslation ours, Long mm2,
      PartitionContents[] sides) {
    PartitionContents targetContents = sides[1];
    long exact = PartitionContents.exactResumeOffset(sides[0], targetContents, ours.sourceCommitted());
    long mm2Duplicates = mm2 == null ? 0 : targetContents.recordsBetween(mm2, exact);
    long mm2Losses = mm2 == null ? 0 : targetContents.recordsBetween(exact, mm2);
    return new PartitionOutcome(group, tp, ours.sourceCommitted(), exact, ours.targetOffset(), ours.method().name(), mm2,
        targetContents.recordsBetween(ours.targetOffset(), exact), targetContents.recordsBetween(exact, ours.targetOffset()),
        mm2Duplicates, mm2Losses);
  }

  /** A 100-partition group translated, committed and verified: cold (first) and warm (second) run. */
  private String timeWideGroup(InProcessMirrorMaker2 mirrorMaker) {
    source.createTopic(WIDE_TOPIC, settings.widePartitions());
    int records = Math.max(50, settings.recordsPerPartition() / 10);
    List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
    Map<TopicPartition, Long> commits = new HashMap<>();
    Random random = new Random(7);
    for (int p = 0; p < settings.widePartitions(); p++) {
      for (int i = 0; i < records; i++) {
        long sequence = (long) p * 1_000_000 + i;
        batch.add(new ProducerRecord<>(WIDE_TOPIC, p, null, Long.toString(sequence).getBytes(StandardCharsets.UTF_8),
            SequenceRecords.value(WIDE_TOPIC, sequence)));
      }
      commits.put(new TopicPartition(WIDE_TOPIC, p), (long) random.nextInt(records + 1));
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, "5"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      batch.forEach(producer::send);
    }
    mirrorMaker.awaitReplicated(List.of(WIDE_TOPIC), Duration.ofMinutes(5));
    commit(source, WIDE_GROUP, commits);
    GroupTranslationReport cold = migration.migrate(request(WIDE_GROUP), detail -> { });
    GroupTranslationReport warm = migration.migrate(request(WIDE_GROUP), detail -> { });
    long exact = 0;
    for (PartitionTranslation translation : warm.partitions()) {
      TopicPartition tp = new TopicPartition(translation.topic(), translation.partition());
      long expected = PartitionContents.exactResumeOffset(PartitionContents.read(source.bootstrapServers(), tp),
          PartitionContents.read(target.bootstrapServers(), tp), translation.sourceCommitted());
      exact += expected == translation.targetOffset() ? 1 : 0;
    }
    return String.format(Locale.ROOT,
        "%d-partition group (%d records each), translated + committed + verified: cold %d ms (%s), warm %d ms (%s);"
            + " verified=%s; exact %d/%d%n", settings.widePartitions(), records, cold.durationMillis(), split(cold),
        warm.durationMillis(), split(warm), warm.verification().verified(), exact, warm.partitions().size());
  }

  /** Where one run's time went: committed offsets read and partitions translated, offsets written, verified. */
  private static String split(GroupTranslationReport report) {
    GroupTranslationReport.Timings timings = report.timings();
    return String.format(Locale.ROOT, "translate %d, commit %d, verify %d", timings.translateMillis(),
        timings.commitMillis(), timings.verifyMillis());
  }

  private static String header(Settings settings) {
    return String.format(Locale.ROOT, "# Offset translation: exact (ours) vs MirrorMaker 2 group-offset sync%n%n"
            + "%d groups x %d partitions, %d records per partition, offset.lag.max=%d, under each replicator setting."
            + " Duplicates = records the group would process again on the target, losses = records it would never"
            + " process, both counted against record contents. MM2 'no offset' = MirrorMaker wrote nothing for the"
            + " partition (the group would fall back to auto.offset.reset). On the compacted topic the target keeps"
            + " records the source has compacted away; reading them counts as duplicates.%n%n",
        settings.groups(), settings.partitions(), settings.recordsPerPartition(), settings.offsetLagMax());
  }

  private static String render(Replicator replicator, List<GroupOutcome> outcomes, String timings) {
    StringBuilder out = new StringBuilder();
    out.append("## ").append(replicator.description).append("\n\n");
    out.append("| group | topic | ours exact | ours dup | ours loss | ours ms | MM2 exact | MM2 dup | MM2 loss | MM2 no offset |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    long[] totals = new long[8];
    for (GroupOutcome group : outcomes) {
      long oursExact = group.partitions().stream().filter(p -> p.ours() == p.exact()).count();
      long oursDup = group.partitions().stream().mapToLong(PartitionOutcome::oursDuplicates).sum();
      long oursLoss = group.partitions().stream().mapToLong(PartitionOutcome::oursLosses).sum();
      long mm2Exact = group.partitions().stream().filter(p -> p.mm2() != null && p.mm2() == p.exact()).count();
      long mm2Dup = group.partitions().stream().mapToLong(PartitionOutcome::mm2Duplicates).sum();
      long mm2Loss = group.partitions().stream().mapToLong(PartitionOutcome::mm2Losses).sum();
      long mm2Missing = group.partitions().stream().filter(p -> p.mm2() == null).count();
      int n = group.partitions().size();
      out.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %d | %d | %d | %d/%d | %d | %d | %d |%n",
          group.group(), group.workload().topic(), oursExact, n, oursDup, oursLoss, group.oursMillis(),
          mm2Exact, n, mm2Dup, mm2Loss, mm2Missing));
      long[] row = {oursExact, n, oursDup, oursLoss, mm2Exact, mm2Dup, mm2Loss, mm2Missing};
      for (int i = 0; i < totals.length; i++) {
        totals[i] += row[i];
      }
    }
    out.append(String.format(Locale.ROOT, "| **total** | | %d/%d | %d | %d | | %d/%d | %d | %d | %d |%n%n",
        totals[0], totals[1], totals[2], totals[3], totals[4], totals[1], totals[5], totals[6], totals[7]));
    out.append(timings).append(timings.isEmpty() ? "" : "\n");
    out.append("### Per partition\n\n| group | partition | committed on source | exact on target | ours | method | MM2 |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (GroupOutcome group : outcomes) {
      for (PartitionOutcome p : group.partitions()) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s |%n", p.group(), p.partition(),
            p.committed(), p.exact(), p.ours(), p.oursMethod(), p.mm2() == null ? "no offset" : p.mm2().toString()));
      }
    }
    return out.append('\n').toString();
  }
}
