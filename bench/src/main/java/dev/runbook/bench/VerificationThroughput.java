package dev.runbook.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaActivities.VerificationReport;
import dev.runbook.kafka.KafkaActivities.VerifyRequest;
import dev.runbook.kafka.KafkaPlanDefaults;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.offsets.RecordDigest;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The verify phase's throughput against plain consumers on the same data. The same records (same
 * partition, timestamp, key and value) are written to both clusters directly, not through
 * MirrorMaker 2: the copy is identical either way and writing twice is much faster than
 * replicating. Then, in one run: plain consumers read everything from both clusters at once (raw);
 * the runbook's verify activity compares the clusters with a digest window covering every record,
 * then with the plan's default window. A topic whose copy differs in one record checks that verify
 * really compares content.
 */
final class VerificationThroughput {

  static final int VALUE_BYTES = 1024;
  private static final int TOPICS = 4;
  private static final int PARTITIONS = 8;
  private static final String TAMPERED = "bench.verify.tampered";
  private static final int TAMPERED_RECORDS = 2_000;

  private final KafkaTestCluster source;
  private final KafkaTestCluster target;
  private final KafkaActivities kafka;
  private final long records;

  VerificationThroughput(KafkaTestCluster source, KafkaTestCluster target, KafkaActivities kafka, int megabytes) {
    this.source = source;
    this.target = target;
    this.kafka = kafka;
    this.records = (long) megabytes * 1024 * 1024 / VALUE_BYTES;
  }

  List<Measure> run() throws Exception {
    List<TopicSpec> topics = new ArrayList<>();
    for (int t = 0; t < TOPICS; t++) {
      topics.add(new TopicSpec("bench.verify." + t, PARTITIONS, 1, Map.of()));
    }
    topics.forEach(topic -> {
      source.createTopic(topic.name(), topic.partitions());
      target.createTopic(topic.name(), topic.partitions());
    });
    long produceStarted = System.nanoTime();
    long bytesPerSide = produceToBoth(topics);
    long produceNanos = System.nanoTime() - produceStarted;

    long rawStarted = System.nanoTime();
    CompletableFuture<long[]> fromSource = CompletableFuture.supplyAsync(() -> readAll(source, topics));
    CompletableFuture<long[]> fromTarget = CompletableFuture.supplyAsync(() -> readAll(target, topics));
    long[] sourceRead = fromSource.join();
    long[] targetRead = fromTarget.join();
    long rawNanos = System.nanoTime() - rawStarted;
    DataPathBenchmark.check(sourceRead[0] == records && targetRead[0] == records && sourceRead[1] == bytesPerSide
        && targetRead[1] == bytesPerSide, "plain consumers read " + sourceRead[0] + " / " + targetRead[0]
        + " records, " + records + " were written to each cluster");

    long fullStarted = System.nanoTime();
    VerificationReport full = verify("bench-verify-full", topics, Integer.MAX_VALUE);
    long fullNanos = System.nanoTime() - fullStarted;
    DataPathBenchmark.check(full.matches() && full.recordsDigested() == records && full.sourceRecords() == records,
        "verify over every record: " + full.summary());

    int window = KafkaPlanDefaults.DIGEST_WINDOW;
    long perPartition = records / (TOPICS * PARTITIONS);
    long windowStarted = System.nanoTime();
    VerificationReport planned = verify("bench-verify-window", topics, window);
    long windowNanos = System.nanoTime() - windowStarted;
    DataPathBenchmark.check(planned.matches() && planned.recordsDigested() == Math.min(window, perPartition) * TOPICS * PARTITIONS,
        "verify with the default window: " + planned.summary());

    long hashingNanos = hashBothSides();

    VerificationReport tampered = verifyTamperedCopy();
    DataPathBenchmark.check(!tampered.matches(), "verify missed a record that differs on the target: " + tampered.summary());

    long comparedBytes = 2 * bytesPerSide;
    double rawRate = Measure.megabytes(comparedBytes) / (rawNanos / 1e9);
    double fullRate = Measure.megabytes(comparedBytes) / (fullNanos / 1e9);
    double ratio = fullRate / rawRate;
    return List.of(
        Measure.of("data, the same on both clusters", String.format(Locale.ROOT,
            "%,d records of %d B in %d topics x %d partitions, %.0f MB per cluster (written to both in %s)",
            records, VALUE_BYTES, TOPICS, PARTITIONS, Measure.megabytes(bytesPerSide), Measure.seconds(produceNanos))),
        Measure.of("raw: plain consumers read both clusters at once", Measure.mbPerSecond(comparedBytes, rawNanos)
            + " (" + Measure.seconds(rawNanos) + ")"),
        Measure.of("verify as planned (last " + window + " records per partition)", Measure.seconds(windowNanos)
            + String.format(Locale.ROOT, ", %,d records digested per side", planned.recordsDigested())),
        Measure.of("verify over every record", Measure.mbPerSecond(comparedBytes, fullNanos) + " ("
            + Measure.seconds(fullNanos) + String.format(Locale.ROOT, ", %,d records digested per side)", full.recordsDigested())),
        Measure.of("where verify's time goes", String.format(Locale.ROOT,
            "reading alone (fetch + deserialise: raw) %s; digesting alone (RecordDigest over both sides' records in"
                + " memory, one thread per side) %s; verify does both on the same 2 cores in %s",
            Measure.seconds(rawNanos), Measure.seconds(hashingNanos), Measure.seconds(fullNanos))),
        Measure.against("verify over every record / raw", String.format(Locale.ROOT, "%.0f %%", 100 * ratio), ">= 90 %",
            ratio >= 0.90),
        Measure.of("a copy differing in 1 of " + TAMPERED_RECORDS + " records", "detected: " + tampered.mismatches().get(0)));
  }

  private VerificationReport verify(String migrationId, List<TopicSpec> topics, int window) {
    return kafka.verify(new VerifyRequest(migrationId, KafkaEndpoint.plaintext(source.bootstrapServers()),
        KafkaEndpoint.plaintext(target.bootstrapServers()), topics, window, null));
  }

  /** Writes every record to the same partition of both clusters with the same timestamp; returns bytes per cluster. */
  private long produceToBoth(List<TopicSpec> topics) {
    byte[][] bodies = randomBodies();
    long timestamp = System.currentTimeMillis();
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> toSource = producer(source); KafkaProducer<byte[], byte[]> toTarget = producer(target)) {
      for (long i = 0; i < records; i++) {
        TopicSpec topic = topics.get((int) (i % TOPICS));
        int partition = (int) ((i / TOPICS) % PARTITIONS);
        byte[] key = Long.toString(i).getBytes(UTF_8);
        byte[] value = bodies[(int) (i % bodies.length)].clone();
        ByteBuffer.wrap(value).putLong(i);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic.name(), partition, timestamp + i / 1000, key, value);
        toSource.send(record);
        toTarget.send(record);
        bytes += key.length + value.length;
      }
      toSource.flush();
      toTarget.flush();
    }
    return bytes;
  }

  /**
   * Digests every record of both sides as verify does, from memory, one thread per side: the cost of
   * hashing alone, beside the cost of reading (raw).
   */
  private long hashBothSides() {
    byte[][] bodies = randomBodies();
    long started = System.nanoTime();
    CompletableFuture<Long> sourceSide = CompletableFuture.supplyAsync(() -> digestAll(bodies));
    CompletableFuture<Long> targetSide = CompletableFuture.supplyAsync(() -> digestAll(bodies));
    DataPathBenchmark.check(sourceSide.join() + targetSide.join() > 0, "no record digested");
    return System.nanoTime() - started;
  }

  private long digestAll(byte[][] bodies) {
    long digested = 0;
    for (long i = 0; i < records; i++) {
      byte[] value = bodies[(int) (i % bodies.length)].clone();
      ByteBuffer.wrap(value).putLong(i);
      digested += RecordDigest.of(Long.toString(i).getBytes(UTF_8), value, new Header[0]).length > 0 ? 1 : 0;
    }
    return digested;
  }

  private static byte[][] randomBodies() {
    Random random = new Random(42);
    byte[][] bodies = new byte[256][VALUE_BYTES];
    for (byte[] body : bodies) {
      random.nextBytes(body);
    }
    return bodies;
  }

  private static KafkaProducer<byte[], byte[]> producer(KafkaTestCluster cluster) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, "20",
        ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024),
        ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024)),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A plain consumer with default settings reads every partition from the start to the end: {records, key+value bytes}. */
  private static long[] readAll(KafkaTestCluster cluster, List<TopicSpec> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    topics.forEach(topic -> {
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
    });
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long count = 0;
      long bytes = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        DataPathBenchmark.check(System.nanoTime() < deadline, "plain consumer did not reach the end of " + cluster.bootstrapServers());
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          count++;
          bytes += record.key().length + record.value().length;
        }
      }
      return new long[] {count, bytes};
    }
  }

  /** One partition whose copy has one record with other content (same key and timestamp). */
  private VerificationReport verifyTamperedCopy() {
    source.createTopic(TAMPERED, 1);
    target.createTopic(TAMPERED, 1);
    long timestamp = System.currentTimeMillis();
    try (KafkaProducer<byte[], byte[]> toSource = producer(source); KafkaProducer<byte[], byte[]> toTarget = producer(target)) {
      for (int i = 0; i < TAMPERED_RECORDS; i++) {
        byte[] key = Integer.toString(i).getBytes(UTF_8);
        toSource.send(new ProducerRecord<>(TAMPERED, 0, timestamp, key, key));
        byte[] copy = i == TAMPERED_RECORDS / 2 ? "changed".getBytes(UTF_8) : key;
        toTarget.send(new ProducerRecord<>(TAMPERED, 0, timestamp, key, copy));
      }
    }
    return verify("bench-verify-tampered", List.of(new TopicSpec(TAMPERED, 1, 1, Map.of())), Integer.MAX_VALUE);
  }
}
