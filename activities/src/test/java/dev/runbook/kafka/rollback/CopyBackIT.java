package dev.runbook.kafka.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.activity.ServiceFailure;
import dev.runbook.kafka.ProvenanceHeaders;
import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.kafka.fence.FenceReport;
import dev.runbook.kafka.fence.FenceRequest;
import dev.runbook.kafka.fence.SourceFenceWatch;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The copy-back wait and the fence check on two real clusters, with the reverse flow's copies
 * written by hand as MirrorMaker 2 writes them (same timestamp, key, value and headers, plus
 * {@code runbook.copied-to-source}): so the cases MirrorMaker 2 produces only now and then (a
 * redelivered record, a record skipped) can be made on purpose.
 */
class CopyBackIT {

  private static final KafkaClientFactory CLIENTS = new KafkaClientFactory(ref -> {
    throw new IllegalStateException("the test clusters need no secrets: " + ref.describe());
  });

  private KafkaTestCluster source;
  private KafkaTestCluster target;
  private CopyBackRequest window;

  @BeforeEach
  void start() {
    source = KafkaTestCluster.start("copy-back-source");
    target = KafkaTestCluster.start("copy-back-target");
    source.createTopic("orders", 1);
    target.createTopic("orders", 1);
    write(source, "orders", 1, "before", null);
    write(target, "orders", 1, "before", ProvenanceHeaders.COPIED_TO_TARGET);
    CopyBackRequest empty = new CopyBackRequest(endpoint(source), endpoint(target), List.of("orders"), List.of());
    window = new CopyBackRequest(empty.source(), empty.target(), empty.topics(), new CopyBack(CLIENTS, Duration.ZERO).mark(empty));
  }

  @AfterEach
  void stop() {
    source.close();
    target.close();
  }

  @Test
  void waitsUntilEveryRecordWrittenOnTheTargetIsCopiedBackAndCountsARedeliveredOneAsADuplicate() throws Exception {
    assertEquals(List.of(new PartitionEnds("orders", 0, 1, 1)), window.from());
    write(target, "orders", 1_000, "written-on-target-0", null);
    write(target, "orders", 1_001, "forward-copy", ProvenanceHeaders.COPIED_TO_TARGET);
    write(target, "orders", 1_002, "written-on-target-1", null);
    List<String> heard = new CopyOnWriteArrayList<>();
    CompletableFuture<CopyBackReport> waiting = CompletableFuture.supplyAsync(
        () -> new CopyBack(CLIENTS, Duration.ofMillis(100)).await(window, heard::add));

    write(source, "orders", 1_001, "forward-copy", null);  // the original, written on the source: not a copy
    write(source, "orders", 1_000, "written-on-target-0", ProvenanceHeaders.COPIED_TO_SOURCE);
    Thread.sleep(1_000);
    assertTrue(!waiting.isDone(), "one record is not copied back yet");
    write(source, "orders", 1_000, "written-on-target-0", ProvenanceHeaders.COPIED_TO_SOURCE);  // redelivered
    write(source, "orders", 1_002, "written-on-target-1", ProvenanceHeaders.COPIED_TO_SOURCE);

    CopyBackReport report = waiting.get(30, TimeUnit.SECONDS);
    assertTrue(heard.contains("1 of 2 records written on the target not yet on the source"), heard.toString());
    assertEquals(2, report.written());
    assertEquals(3, report.copied());
    assertEquals(1, report.duplicates());
    assertTrue(report.duplicateRecords().get(0).startsWith("orders-0 @3 (ts 1000, sha256 "), report.duplicateRecords().toString());
  }

  @Test
  void copiesThatSkipARecordWrittenOnTheTargetFailForGood() {
    write(target, "orders", 1_000, "written-on-target-0", null);
    write(target, "orders", 1_001, "written-on-target-1", null);
    write(source, "orders", 1_001, "written-on-target-1", ProvenanceHeaders.COPIED_TO_SOURCE);

    ServiceFailure failure = assertThrows(ServiceFailure.class, () -> new CopyBack(CLIENTS, Duration.ofMillis(100)).await(window, s -> { }));
    assertTrue(failure.getMessage().startsWith("the reverse flow's copies of orders-0 are not the records written on the target:"
        + " source @1 (ts 1001, "), failure.getMessage());
  }

  @Test
  void theFenceCheckCountsNoCopyBackAsGrowthButAnyOtherWrite() {
    SourceFenceWatch watch = new SourceFenceWatch(CLIENTS, Duration.ofMillis(250));
    FenceRequest request = new FenceRequest(endpoint(source), List.of("orders"), Duration.ofSeconds(4),
        ProvenanceHeaders.COPIED_TO_SOURCE);
    CompletableFuture<FenceReport> copiesOnly = CompletableFuture.supplyAsync(() -> watch.watch(request, s -> { }));
    sleep(1_500);
    write(source, "orders", 2_000, "copied", ProvenanceHeaders.COPIED_TO_SOURCE);
    assertTrue(copiesOnly.join().fenced(), copiesOnly.join().describe());

    CompletableFuture<FenceReport> stray = CompletableFuture.supplyAsync(() -> watch.watch(request, s -> { }));
    sleep(1_500);
    write(source, "orders", 2_001, "copied", ProvenanceHeaders.COPIED_TO_SOURCE);
    write(source, "orders", 2_002, "stray", null);
    assertEquals(List.of("orders-0 +2 (2 -> 4)"),
        stray.join().grown().stream().map(FenceReport.PartitionGrowth::describe).toList());
  }

  private static KafkaEndpoint endpoint(KafkaTestCluster cluster) {
    return KafkaEndpoint.plaintext(cluster.bootstrapServers());
  }

  private static void write(KafkaTestCluster cluster, String topic, long timestamp, String value, String header) {
    try (var producer = new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, timestamp, "k".getBytes(StandardCharsets.UTF_8),
          value.getBytes(StandardCharsets.UTF_8));
      record.headers().add("app", "sample".getBytes(StandardCharsets.UTF_8));
      if (header != null) {
        record.headers().add(header, null);
      }
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
