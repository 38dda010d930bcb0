package dev.runbook.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A sample consumer app: a member of a consumer group that processes sequence records and commits
 * synchronously after each poll batch, the way careful apps do. It logs every processed record so a
 * test can count duplicates and losses against a {@link SequenceProducer}'s log.
 */
public final class RecordingConsumer implements AutoCloseable {

  /** One processed record. */
  public record ProcessedRecord(String bootstrapServers, String topic, int partition, long offset, long sequence) {}

  private final String group;
  private final List<String> topics;
  private final List<ProcessedRecord> processed = new ArrayList<>();
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
    thread = new Thread(() -> consumeUntilStopped(member, bootstrapServers), "recording-consumer-" + group);
    thread.setDaemon(true);
    thread.start();
  }

  private void consumeUntilStopped(KafkaConsumer<byte[], byte[]> member, String bootstrapServers) {
    try {
      member.subscribe(topics);
      while (running) {
        ConsumerRecords<byte[], byte[]> batch = member.poll(Duration.ofMillis(100));
        List<ProcessedRecord> batchLog = new ArrayList<>(batch.count());
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          batchLog.add(new ProcessedRecord(bootstrapServers, record.topic(), record.partition(), record.offset(),
              SequenceRecords.sequenceOf(record.value())));
        }
        synchronized (processed) {
          processed.addAll(batchLog);
        }
        if (!batch.isEmpty()) {
          member.commitSync();
        }
      }
    } finally {
      member.close();
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
