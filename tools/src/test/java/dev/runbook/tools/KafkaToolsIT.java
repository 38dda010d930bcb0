package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.cli.RunbookCli;
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
import java.util.concurrent.atomic.AtomicInteger;
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
class KafkaToolsIT {

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
      assertEquals(discovered.bootstrapServers() + ": 2 topics, 4 partitions, 2 consumer groups, 0 ACL bindings, 0 client quotas\n"
          + "biggest topics by records: orders 30, payments 4\n"
          + "active groups (each needs a cutover window): shipping (1 member(s), lag 0)\n"
          + "producers that wrote in the last hour: 2 on orders, payments\n"
          + "wrote " + dir.resolve("discovery/discovery.json") + ", " + dir.resolve("discovery/topics.csv") + ", "
          + dir.resolve("discovery/groups.csv") + ", " + dir.resolve("discovery/producers.csv") + ", "
          + dir.resolve("discovery/acls.csv") + ", " + dir.resolve("discovery/quotas.csv") + "\n", run.out());
      List<String> producers = Files.readAllLines(dir.resolve("discovery/producers.csv"));
      assertEquals("topic,partition,producer_id,epoch,last_write,transactional_id", producers.get(0));
      assertEquals(List.of("orders,0", "orders,1", "orders,2", "payments,0"), producers.subList(1, producers.size()).stream()
          .map(line -> line.substring(0, line.indexOf(',', line.indexOf(',') + 1))).toList(), producers.toString());
      assertTrue(producers.stream().skip(1).allMatch(line -> line.matches("[a-z]+,\\d,\\d+,0,20\\d\\d-[^,]+Z,")), producers.toString());
      assertEquals("principal,resource_type,resource_name,pattern_type,operation,permission,host\n",
          Files.readString(dir.resolve("discovery/acls.csv")));
      assertEquals("entity_type,entity_name,quota,value\n", Files.readString(dir.resolve("discovery/quotas.csv")));
      assertTrue(Files.readString(dir.resolve("discovery/discovery.json")).contains("\"aclBindings\" : 0"));
    }
  }

  @Test
  void translatedAndCommittedOffsetsInspectAsExactOnEveryPartition() throws Exception {
    replicatedGroup("inventory", "stock");

    Run translate = kafka("translate-offsets", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--group", "stock", "--commit", "--out", dir.resolve("offsets").toString());

    assertEquals(0, translate.exitCode(), translate.err());
    List<String> translated = Files.readAllLines(dir.resolve("offsets/stock-offsets.csv"));
    assertEquals(3, translated.size(), translated.toString());
    assertEquals("group,topic,partition,source_committed,target_offset,method,records_scanned,uncertainty_records,evidence",
        translated.get(0));
    assertTrue(translated.get(1).startsWith("stock,inventory,0,7,10,EXACT_MATCH,"), translated.get(1));
    assertTrue(translated.get(2).startsWith("stock,inventory,1,20,23,LOG_END,"), translated.get(2));
    assertTrue(Files.readString(dir.resolve("offsets/stock-offsets.json")).contains("\"targetOffset\" : 23"));
    assertTrue(translate.out().contains("\nwrote " + dir.resolve("offsets/stock-offsets.json") + ", "
        + dir.resolve("offsets/stock-offsets.csv") + "\n"), translate.out());
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

    assertEquals(ToolCommandLine.EXIT_NOT_EXACT, inspect.exitCode(), inspect.err());
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

    assertEquals(ToolCommandLine.EXIT_NOT_EXACT, run.exitCode());
    assertEquals("", run.out());
    assertEquals("error: topics [unreplicated.audit] do not exist on " + target.bootstrapServers()
        + "; nothing was committed\n", run.err());
    assertEquals(Map.of(), committed(target, "auditors"));
  }

  @Test
  void planDraftedFromADiscoveryNamesEveryPlaceholderAndPassesTheDryRunOnceTheyAreFilled() throws Exception {
    try (KafkaTestCluster planned = KafkaTestCluster.start("planned");
         RecordingConsumer shipping = new RecordingConsumer("shipping", List.of("payments"))) {
      planned.createTopic("orders", 3);
      planned.createTopic("payments", 1);
      planned.createTopic("_schemas", 1);
      produce(planned, "orders", 3, 10);
      produce(planned, "payments", 1, 4);
      produce(planned, "_schemas", 1, 2);
      produceInTransaction(planned, "orders", 2, "orders-exporter");
      commit(planned, "billing", Map.of(new TopicPartition("orders", 0), 4L, new TopicPartition("orders", 1), 10L));
      commit(planned, "audit", Map.of(new TopicPartition("orders", 0), 10L, new TopicPartition("orders", 1), 10L,
          new TopicPartition("orders", 2), 10L));
      commit(planned, "schema-reader", Map.of(new TopicPartition("_schemas", 0), 2L));
      shipping.start(planned.bootstrapServers());
      awaitStableWithOffset(planned, "shipping", new TopicPartition("payments", 0), 4);
      Path discovery = dir.resolve("discovery");
      assertEquals(0, kafka("discover", "--source", planned.bootstrapServers(), "--out", discovery.toString()).exitCode());
      Path plan = dir.resolve("plan.yaml");

      Run run = kafka("plan", "--from", discovery.toString(), "--out", plan.toString(),
          "--target-namespace", "kafka", "--target-cluster", "payments");

      assertEquals(0, run.exitCode(), run.err());
      assertEquals("# Kafka runbook plan drafted by ./runbook kafka plan from " + discovery.resolve("discovery.json")
          + " (" + planned.bootstrapServers() + ").\n" + """
          # Replace every FILL-ME (the validator names each one), then check it:
          #   ./runbook start kafka --plan <this file> --dry-run
          # Topics: the 2 discovered, internal ones left out.
          # Consumer groups in cutover order: without members first (nothing to stop), then by partitions
          # to translate and lag, smallest first (the shortest pauses first):
          #   1. billing: Empty, 0 member(s), 2 partition(s), lag 6
          #   2. audit: Empty, 0 member(s), 3 partition(s), lag 2
          #   3. shipping: Stable, 1 member(s), 1 partition(s), lag 0
          # Left out (no committed offsets on a migrated topic): schema-reader
          # Producers: 3 producer id(s) wrote to these topics in the last hour (producers.csv). The broker cannot
          # tie a producer id to an app: each drafted producer lists the topics written, one per transactional id and one
          # for the idempotent producers; split that one per app and name each app's Deployment.
          # Target: TLS with SCRAM-SHA-512 and a KafkaUser per app. Each app's credentials name the env vars
          # that receive the protocol, the mechanism, its Secret's sasl.jaas.config and the cluster CA; the apps
          # run in the target's namespace (a secretKeyRef reads its own namespace only). For a plaintext
          # target say so: tls: false, authentication: none.
          # Authorization: no source principal in the discovered ACL bindings or quotas, none mapped; without
          # authorization.principals every app's KafkaUser may use every topic and group.
          migrationId: payments-migration
          source:
            bootstrapServers: %s
            securityProtocol: PLAINTEXT
          target:
            namespace: kafka
            cluster: payments
            replicas: 3
            storageSize: FILL-ME
            listener: tls
            topicReplicas: 3
            tls: true
            authentication: scram-sha-512
          topics:
            include: orders|payments
          replication:
            offsetLagMax: 100
            syncIntervalSeconds: 60
            tasksMax: 2
            maxLagRecords: 1000
            catchUpTimeout: PT6H
          verification:
            digestWindow: 1000
          cutover:
            order: CONSUMERS_FIRST
            consumerGroups:
            - group: billing
              apps:
              - namespace: FILL-ME
                deployment: FILL-ME
                bootstrap:
                  env: FILL-ME
                credentials:
                  securityProtocol: FILL-ME
                  saslMechanism: FILL-ME
                  saslJaasConfig: FILL-ME
                  truststore: FILL-ME
            - group: audit
              apps:
              - namespace: FILL-ME
                deployment: FILL-ME
                bootstrap:
                  env: FILL-ME
                credentials:
                  securityProtocol: FILL-ME
                  saslMechanism: FILL-ME
                  saslJaasConfig: FILL-ME
                  truststore: FILL-ME
            - group: shipping
              apps:
              - namespace: FILL-ME
                deployment: FILL-ME
                bootstrap:
                  env: FILL-ME
                credentials:
                  securityProtocol: FILL-ME
                  saslMechanism: FILL-ME
                  saslJaasConfig: FILL-ME
                  truststore: FILL-ME
            producers:
            - namespace: FILL-ME
              deployment: FILL-ME
              bootstrap:
                env: FILL-ME
              credentials:
                securityProtocol: FILL-ME
                saslMechanism: FILL-ME
                saslJaasConfig: FILL-ME
                truststore: FILL-ME
              topics:
              - orders
              transactionalId: orders-exporter
            - namespace: FILL-ME
              deployment: FILL-ME
              bootstrap:
                env: FILL-ME
              credentials:
                securityProtocol: FILL-ME
                saslMechanism: FILL-ME
                saslJaasConfig: FILL-ME
                truststore: FILL-ME
              topics:
              - orders
              - payments
            parallelism: 1
          decommission:
            lockDownSource: false
          approvals:
            defaults:
              approvers:
              - FILL-ME
              minApprovers: 1
              timeout: PT4H
              onTimeout: KEEP_WAITING
          """.formatted(planned.bootstrapServers()), Files.readString(plan));
      StringBuilder toFill = new StringBuilder("  - target.storageSize: placeholder not filled\n");
      for (String app : List.of("consumerGroups[0].apps[0]", "consumerGroups[1].apps[0]", "consumerGroups[2].apps[0]",
          "producers[0]", "producers[1]")) {
        for (String field : List.of("namespace", "deployment", "credentials.securityProtocol", "credentials.truststore",
            "credentials.saslMechanism", "credentials.saslJaasConfig", "bootstrap.env")) {
          toFill.append("  - cutover.").append(app).append('.').append(field).append(": placeholder not filled\n");
        }
      }
      toFill.append("  - approvals.defaults.approvers: placeholder not filled\n");
      assertEquals("drafted " + plan + ": 2 topics, 3 consumer groups in cutover order (billing, audit, shipping); "
          + "left out: schema-reader\n37 to fill before ./runbook start kafka --plan " + plan + " --dry-run accepts it:\n"
          + toFill, run.out());

      Path filled = dir.resolve("filled.yaml");
      Files.writeString(filled, fillPlaceholders(Files.readString(plan)));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int dryRun = RunbookCli.run(new String[] {"start", "kafka", "--plan", filled.toString(), "--dry-run"},
          new PrintWriter(out, true), new PrintWriter(err, true));
      assertEquals(0, dryRun, err.toString());
      assertTrue(out.toString().startsWith("plan OK: would start KafkaMigrationWorkflow as kafka-migration-kafka-payments "),
          out.toString());
    }
  }

  @Test
  void verifyMatchesAMirroredTopicThenNamesThePartitionAndTheTopicThatDiffer() {
    source.createTopic("shipments", 2);
    produce(source, "shipments", 2, 5);
    mirrorMaker.awaitReplicated(List.of("shipments"), Duration.ofSeconds(60));
    Path report = dir.resolve("verification");

    Run matching = kafka("verify", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--topics", "shipments", "--out", report.toString());

    assertEquals(0, matching.exitCode(), matching.err());
    assertEquals("""
        TOPIC      PARTITION  SOURCE RECORDS  TARGET RECORDS  SOURCE END ON TARGET  DIGESTED  MATCH  NOTE
        shipments  0          5               5               5                     5         yes    last 5 records identical
        shipments  1          5               5               5                     5         yes    last 5 records identical
        MATCH: 1 topics, 2 partitions, 10 source / 10 target records, 10 digested; wrote %s, %s
        """.formatted(report.resolve("verification.json"), report.resolve("verification.csv")), matching.out());
    assertEquals(List.of(
            "topic,partition,source_start,source_end,target_start,target_end,target_position_of_source_end,digested,matches,note",
            "shipments,0,0,5,0,5,5,5,true,\"last 5 records identical\"",
            "shipments,1,0,5,0,5,5,5,true,\"last 5 records identical\""),
        readLines(report.resolve("verification.csv")));

    // Outside MirrorMaker 2's topics: partition 0 the same on both sides, partition 1 with two records
    // the target does not have before the two it shares; a third topic only on the source.
    source.createTopic("unreplicated.verify-returns", 2);
    target.createTopic("unreplicated.verify-returns", 2);
    source.createTopic("unreplicated.verify-gone", 1);
    produceAt(source, "unreplicated.verify-returns", 0, List.of("a", "b", "c"));
    produceAt(target, "unreplicated.verify-returns", 0, List.of("a", "b", "c"));
    produceAt(source, "unreplicated.verify-returns", 1, List.of("d", "e", "f", "g"));
    produceAt(target, "unreplicated.verify-returns", 1, List.of("x", "y", "f", "g"));

    Run differing = kafka("verify", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--topics", "shipments|unreplicated\\.verify-.*", "--out", report.toString());

    assertEquals(ToolCommandLine.EXIT_NOT_EXACT, differing.exitCode(), differing.err());
    assertEquals("""
        TOPIC                        PARTITION  SOURCE RECORDS  TARGET RECORDS  SOURCE END ON TARGET  DIGESTED  MATCH  NOTE
        shipments                    0          5               5               5                     5         yes    last 5 records identical
        shipments                    1          5               5               5                     5         yes    last 5 records identical
        unreplicated.verify-returns  0          3               3               3                     3         yes    last 3 records identical
        unreplicated.verify-returns  1          4               4               4                     4         NO     the last 4 source records differ from the target's records before offset 4
        mismatch: unreplicated.verify-gone: missing on the target
        mismatch: unreplicated.verify-returns-1: the last 4 source records differ from the target's records before offset 4
        MISMATCH: 3 topics, 4 partitions, 17 source / 17 target records, 17 digested; wrote %s, %s
        """.formatted(report.resolve("verification.json"), report.resolve("verification.csv")), differing.out());
  }

  @Test
  void verifyNamesAPartitionWhoseNewestRecordNeverReachedTheTarget() {
    source.createTopic("unreplicated.late-verify", 1);
    target.createTopic("unreplicated.late-verify", 1);
    produceAt(source, "unreplicated.late-verify", 0, List.of("a", "b", "c"));
    produceAt(target, "unreplicated.late-verify", 0, List.of("a", "b"));
    Path report = dir.resolve("verification");

    Run run = kafka("verify", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--topics", "unreplicated\\.late-verify", "--max-replication-wait", "PT1S", "--out", report.toString());

    assertEquals(ToolCommandLine.EXIT_NOT_EXACT, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(4, lines.size(), run.out());
    assertTrue(lines.get(1).startsWith("unreplicated.late-verify  0          3               -               -                     0         NO     "
        + "the source's last record is not on the target: copy of source record @2 "), lines.get(1));
    assertTrue(lines.get(2).startsWith("mismatch: unreplicated.late-verify-0: the source's last record is not on the target: "),
        lines.get(2));
    assertEquals("MISMATCH: 1 topics, 1 partitions, 3 source / 0 target records, 0 digested; wrote "
        + report.resolve("verification.json") + ", " + report.resolve("verification.csv"), lines.get(3));
  }

  @Test
  void verifyRefusesATopicSelectionThatMatchesNothingBeforeComparingAnything() {
    Run run = kafka("verify", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--topics", "no-such-topic", "--out", dir.resolve("never").toString());

    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("no topic on " + source.bootstrapServers()
        + " matches --topics 'no-such-topic'; nothing to verify\n"), run.err());
    assertTrue(Files.notExists(dir.resolve("never")));
  }

  @Test
  void translateOffsetsRefusesAnUnknownIsolationBeforeReadingAnything() {
    Run run = kafka("translate-offsets", "--source", source.bootstrapServers(), "--target", target.bootstrapServers(),
        "--group", "any", "--isolation", "committed");

    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("--isolation must be read_committed or read_uncommitted, not 'committed'\n"), run.err());
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

  /** One committed transaction of one record, as a transactional app writes (the record and its marker: 2 offsets). */
  private static void produceInTransaction(KafkaTestCluster cluster, String topic, int partition, String transactionalId) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, partition, null, "1".getBytes(), SequenceRecords.value(transactionalId, 1)));
      producer.commitTransaction();
    }
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

  /** The same records (key, value, timestamp) on whichever cluster: value {@code v} gets a timestamp derived from it. */
  private static void produceAt(KafkaTestCluster cluster, String topic, int partition, List<String> values) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, partition, 1_700_000_000_000L + value.charAt(0), value.getBytes(),
            ("record " + value).getBytes()));
      }
      producer.flush();
    }
  }

  /** One app per entry, a bootstrap variable, a storage size. */
  private static String fillPlaceholders(String drafted) {
    AtomicInteger apps = new AtomicInteger();
    return PlanPlaceholders.fill(drafted, field -> switch (field) {
      case "namespace" -> "kafka";
      case "deployment" -> "app-" + apps.incrementAndGet();
      case "env" -> "KAFKA_BOOTSTRAP_SERVERS";
      case "securityProtocol" -> "KAFKA_SECURITY_PROTOCOL";
      case "saslMechanism" -> "KAFKA_SASL_MECHANISM";
      case "saslJaasConfig" -> "KAFKA_SASL_JAAS_CONFIG";
      case "truststore" -> "KAFKA_SSL_TRUSTSTORE_CERTIFICATES";
      case "storageSize" -> "100Gi";
      default -> throw new AssertionError("unexpected placeholder field " + field);
    });
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
