package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.kafka.InProcessMirrorMaker2;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.kafka.RecordingConsumer;
import dev.runbook.testkit.kafka.SequenceRecords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code kafka} commands against real KRaft clusters: a lone cluster for discovery, and a
 * source and target with MirrorMaker 2 between them (it skips {@code unreplicated.*} topics and
 * syncs no group of these tests) for translation and inspection.
 */
class KafkaToolsTest {

  private static KafkaTestCluster discovered;
  private static KafkaTestCluster source;
  private static KafkaTestCluster target;
  private static InProcessMirrorMaker2 mirrorMaker;

  @TempDir Path dir;

  @BeforeAll
  static void startClusters() {
    discovered = KafkaTestCluster.start("discovered");
    source = KafkaTestCluster.start("source");
    target = KafkaTestCluster.start("target");
    Map<String, String> config = InProcessMirrorMaker2.migrationConfig(
        "source", source.bootstrapServers(), "target", target.bootstrapServers(), 100);
    config.put("source->target.topics.exclude", ".*[\\-\\.]internal,.*\\.replica,__.*,unreplicated\\..*");
    config.put("source->target.groups", "mm2\\..*");
    mirrorMaker = InProcessMirrorMaker2.start(config, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopClusters() {
    mirrorMaker.close();
    target.close();
    source.close();
    discovered.close();
  }

  /** What one command line printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private static Run kafka(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = KafkaTools.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void discoverWritesTopicsGroupsAndASummaryFromAClientPropertiesFile() throws Exception {
    discovered.createTopic("orders", 3);
    discovered.createTopic("payments", 1, Map.of("retention.ms", "86400000"));
    produce(discovered, "orders", 3, 10);
    produce(discovered, "payments", 1, 4);
    commit(discovered, "billing", Map.of(new TopicPartition("orders", 0), 4L, new TopicPartition("orders", 1), 10L));
    Path clientProperties = dir.resolve("client.properties");
    Files.writeString(clientProperties, "bootstrap.servers=" + discovered.bootstrapServers() + "\nclient.id=operator\n");
    try (RecordingConsumer shipping = new RecordingConsumer("shipping", List.of("payments"))) {
      shipping.start(discovered.bootstrapServers());
      awaitStableWithOffset(discovered, "shipping", new TopicPartition("payments", 0), 4);

      Run run = kafka("discover", "--source", clientProperties.toString(), "--out", dir.resolve("discovery").toString());

      assertEquals(0, run.exitCode(), run.err());
      assertEquals("""
          topic,partitions,replication_factor,records,configs
          orders,3,1,30,
          payments,1,1,4,retention.ms=86400000
          """, Files.readString(dir.resolve("discovery/topics.csv")));
      assertEquals("""
          group,state,members,topic,partition,committed,end,lag
          billing,Empty,0,orders,0,4,10,6
          billing,Empty,0,orders,1,10,10,0
          shipping,Stable,1,payments,0,4,4,0
          """, Files.readString(dir.resolve("discovery/groups.csv")));
      assertEquals(discovered.bootstrapServers() + ": 2 topics, 4 partitions, 2 consumer groups, 0 ACL bindings\n"
          + "biggest topics by records: orders 30, payments 4\n"
          + "active groups (each needs a cutover window): shipping (1 member(s), lag 0)\n"
          + "wrote " + dir.resolve("discovery/discovery.json") + ", " + dir.resolve("discovery/topics.csv") + ", "
          + dir.resolve("discovery/groups.csv") + "\n", run.out());
      assertTrue(Files.readString(dir.resolve("discovery/discovery.json")).contains("\"aclBindings\" : 0"));
    }
  }

  @Test
  void translatedAndCommittedOffsetsInspectAsExactOnEveryPartition() throws Exception {
    replicatedGroup("inventory", "stock");

    Run translate = kafka("translate-offsets", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--group", "stock", "--commit");

    assertEquals(0, translate.exitCode(), translate.err());
    assertTrue(translate.out().matches("(?s).*\\ninventory\\s+0\\s+7\\s+10\\s+EXACT_MATCH\\s.*"), translate.out());
    assertTrue(translate.out().matches("(?s).*\\ninventory\\s+1\\s+20\\s+23\\s+LOG_END\\s.*"), translate.out());
    assertTrue(translate.out().endsWith("2 partitions of stock committed on " + target.bootstrapServers()
        + "; verification passed\n"), translate.out());
    assertEquals(Map.of(new TopicPartition("inventory", 0), 10L, new TopicPartition("inventory", 1), 23L),
        committed(target, "stock"));

    Path report = dir.resolve("inspection.csv");
    Run inspect = kafka("inspect-offsets", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--groups", "stock", "--out", report.toString());

    assertEquals(0, inspect.exitCode(), inspect.err());
    List<String> rows = Files.readAllLines(report);
    assertEquals(3, rows.size(), rows.toString());
    assertTrue(rows.get(1).startsWith("stock,inventory,0,Empty,Empty,7,10,10,EXACT,0,0,\"EXACT_MATCH: "), rows.get(1));
    assertTrue(rows.get(2).startsWith("stock,inventory,1,Empty,Empty,20,23,23,EXACT,0,0,\"LOG_END: "), rows.get(2));
    assertTrue(inspect.out().endsWith("2 partitions of 1 groups: 2 exact, 0 not exact (0 records reprocessed, 0 skipped); wrote "
        + report + "\n"), inspect.out());
  }

  @Test
  void inspectionReportsTheRecordsAGroupMovedBackByHandWouldReprocess() throws Exception {
    replicatedGroup("ledger", "accounting");
    assertEquals(0, kafka("translate-offsets", "--source", source.bootstrapServers(), "--target",
        target.bootstrapServers(), "--group", "accounting", "--commit").exitCode());
    commit(target, "accounting", Map.of(new TopicPartition("ledger", 0), 6L));

    Path report = dir.resolve("inspection.csv");
    Run inspect = kafka("inspect-offsets", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--groups", "accounting", "--out", report.toString());

    assertEquals(KafkaTools.EXIT_NOT_EXACT, inspect.exitCode(), inspect.err());
    List<String> rows = Files.readAllLines(report);
    assertTrue(rows.get(1).startsWith("accounting,ledger,0,Empty,Empty,7,10,6,REPROCESSES,4,0,\"EXACT_MATCH: "), rows.get(1));
    assertTrue(rows.get(2).startsWith("accounting,ledger,1,Empty,Empty,20,23,23,EXACT,0,0,\"LOG_END: "), rows.get(2));
    assertTrue(inspect.out().contains("2 partitions of 1 groups: 1 exact, 1 not exact (4 records reprocessed, 0 skipped)"),
        inspect.out());
  }

  @Test
  void translationOfATopicMissingOnTheTargetFailsInOneLineAndCommitsNothing() {
    source.createTopic("unreplicated.audit", 1);
    produce(source, "unreplicated.audit", 1, 5);
    commit(source, "auditors", Map.of(new TopicPartition("unreplicated.audit", 0), 3L));

    Run run = kafka("translate-offsets", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--group", "auditors", "--commit");

    assertEquals(KafkaTools.EXIT_NOT_EXACT, run.exitCode());
    assertEquals("", run.out());
    assertEquals("error: topics [unreplicated.audit] do not exist on " + target.bootstrapServers()
        + "; nothing was committed\n", run.err());
    assertEquals(Map.of(), committed(target, "auditors"));
  }

  @Test
  void rejectsAClusterThatIsNeitherAPropertiesFileNorHostAndPort() {
    Run run = kafka("discover", "--source", "no-such-file.properties");

    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("Invalid value for option '--source': "
        + "'no-such-file.properties' is neither a client properties file nor host:port\n"), run.err());
  }

  /**
   * A topic of two partitions with 20 records each on the source, replicated behind 3 records of the
   * target's own (so a copied offset would be wrong), and a group that has consumed 7 of partition 0
   * and all of partition 1: its exact target offsets are 10 and 23.
   */
  private static void replicatedGroup(String topic, String group) {
    target.createTopic(topic, 2);
    produce(target, topic, 2, 3);
    source.createTopic(topic, 2);
    produce(source, topic, 2, 20);
    mirrorMaker.awaitReplicated(List.of(topic), Duration.ofSeconds(60));
    commit(source, group, Map.of(new TopicPartition(topic, 0), 7L, new TopicPartition(topic, 1), 20L));
  }

  private static void produce(KafkaTestCluster cluster, String topic, int partitions, int perPartition) {
    String producerId = cluster.bootstrapServers() + "-" + topic;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int partition = 0; partition < partitions; partition++) {
        for (int i = 0; i < perPartition; i++) {
          long sequence = partition * 1_000_000L + i;
          producer.send(new ProducerRecord<>(topic, partition, null, Long.toString(sequence).getBytes(),
              SequenceRecords.value(producerId, sequence)));
        }
      }
      producer.flush();
    }
  }

  private static void commit(KafkaTestCluster cluster, String group, Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
    try (Admin admin = cluster.admin()) {
      admin.alterConsumerGroupOffsets(group, commits).all().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not commit " + offsets + " for " + group, e);
    }
  }

  private static Map<TopicPartition, Long> committed(KafkaTestCluster cluster, String group) {
    try (Admin admin = cluster.admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
          .forEach((tp, o) -> offsets.put(tp, o.offset()));
      return offsets;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("could not list offsets of " + group, e);
    }
  }

  private static void awaitStableWithOffset(KafkaTestCluster cluster, String group, TopicPartition partition, long offset)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<String> seen = new ArrayList<>();
    try (Admin admin = cluster.admin()) {
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        Long committed = committed(cluster, group).get(partition);
        seen.add(description.groupState() + "/" + committed);
        if (description.members().size() == 1 && "Stable".equals(description.groupState().toString())
            && Long.valueOf(offset).equals(committed)) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError(group + " never became stable at offset " + offset + ": " + seen);
  }
}
