package dev.runbook.testkit.kafka;

import dev.runbook.testkit.registry.SerdeRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A sample consumer app: a member of a consumer group that processes sequence records and commits
 * synchronously after each poll batch, the way careful apps do. It logs every processed record so a
 * test can count duplicates and losses against a {@link SequenceProducer}'s log. Given a Schema
 * Registry, it decodes every record through it ({@link AvroSequenceRecords}); a batch it cannot decode
 * is logged as a failure and read again after a pause, uncommitted, as a deserializer's exception
 * would have the app retry.
 */
public final class RecordingConsumer implements AutoCloseable {

  /**
   * One processed record; {@code registry} is the Confluent API it was decoded through and
   * {@code schemaId} the ID it carried (null and -1 for a plain record).
   */
  public record ProcessedRecord(String bootstrapServers, String topic, int partition, long offset, long sequence,
      String registry, int schemaId) {}

  private final String group;
  private final List<String> topics;
  private final List<ProcessedRecord> processed = new ArrayList<>();
  private final List<String> decodeFailures = new ArrayList<>();
  private Thread thread;
  private volatile boolean running;

  public RecordingConsumer(String group, List<String> topics) {
    this.group = group;
    this.topics = List.copyOf(topics);
  }

  /** Joins the group on {@code bootstrapServers} and starts processing. */
  public synchronized void start(String bootstrapServers) {
    start(bootstrapServers, Map.of());
  }

  /** As {@link #start(String)}, with the client's security settings ({@code security.protocol}, SASL, TLS). */
  public synchronized void start(String bootstrapServers, Map<String, String> security) {
    start(bootstrapServers, security, null);
  }

  /** As {@link #start(String, Map)}, decoding every record through {@code registry} (null: plain records). */
  public synchronized void start(String bootstrapServers, Map<String, String> security, SerdeRegistryClient registry) {
    if (running) {
      throw new IllegalStateException("already consuming; stop first");
    }
    Map<String, Object> properties = new HashMap<>(security);
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
    KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    running = true;
    AvroSequenceRecords.Reader reader = registry == null ? null : new AvroSequenceRecords.Reader(registry);
    thread = new Thread(() -> consumeUntilStopped(member, bootstrapServers, reader), "recording-consumer-" + group);
    thread.setDaemon(true);
    thread.start();
  }

  private void consumeUntilStopped(KafkaConsumer<byte[], byte[]> member, String bootstrapServers,
      AvroSequenceRecords.Reader reader) {
    try {
      member.subscribe(topics);
      while (running) {
        ConsumerRecords<byte[], byte[]> batch = member.poll(Duration.ofMillis(100));
        List<ProcessedRecord> batchLog;
        try {
          batchLog = decode(batch, bootstrapServers, reader);
        } catch (RuntimeException undecodable) {
          synchronized (processed) {
            decodeFailures.add(undecodable.getMessage());
          }
          rewind(member, batch);
          Thread.sleep(500);
          continue;
        }
        synchronized (processed) {
          processed.addAll(batchLog);
        }
        if (!batch.isEmpty()) {
          member.commitSync();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      member.close();
    }
  }

  private static List<ProcessedRecord> decode(ConsumerRecords<byte[], byte[]> batch, String bootstrapServers,
      AvroSequenceRecords.Reader reader) {
    List<ProcessedRecord> batchLog = new ArrayList<>(batch.count());
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      if (reader == null) {
        batchLog.add(new ProcessedRecord(bootstrapServers, record.topic(), record.partition(), record.offset(),
            SequenceRecords.sequenceOf(record.value()), null, -1));
      } else {
        AvroSequenceRecords.Decoded decoded = reader.decode(record.value());
        batchLog.add(new ProcessedRecord(bootstrapServers, record.topic(), record.partition(), record.offset(),
            decoded.sequence(), reader.registry().api().toString(), decoded.schemaId()));
      }
    }
    return batchLog;
  }

  /** Puts every partition of the batch back to its first record, so the next poll reads the batch again. */
  private static void rewind(KafkaConsumer<byte[], byte[]> member, ConsumerRecords<byte[], byte[]> batch) {
    for (TopicPartition partition : batch.partitions()) {
      member.seek(partition, batch.records(partition).get(0).offset());
    }
  }

  /** Stops processing and leaves the group, so the group is empty on this cluster. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why batches could not be decoded so far (each read again after it), oldest first. */
  public List<String> decodeFailures() {
    synchronized (processed) {
      return List.copyOf(decodeFailures);
    }
  }

  /** Every processed record so far, in processing order. */
  public List<ProcessedRecord> processed() {
    synchronized (processed) {
      return List.copyOf(processed);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
