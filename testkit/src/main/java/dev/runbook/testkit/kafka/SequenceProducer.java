package dev.runbook.testkit.kafka;

import dev.runbook.testkit.registry.SerdeRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A sample producer app: writes sequence-numbered records to one topic at a steady rate, can be
 * repointed to another cluster (stop, then start elsewhere; the sequence continues), and keeps a
 * log of every acknowledged record for exactly-once accounting. Given a Schema Registry, it writes
 * Avro in Confluent's wire format with the latest version of {@code <topic>-value} it finds there
 * when it starts ({@link AvroSequenceRecords}); without one, plain {@link SequenceRecords}.
 */
public final class SequenceProducer implements AutoCloseable {

  /** One acknowledged record; {@code schemaId} -1 for a plain one. */
  public record ProducedRecord(String bootstrapServers, String topic, int partition, long offset, long sequence, int schemaId) {}

  private final String topic;
  private final String producerId;
  private final int recordsPerSecond;
  private final int keySpace;
  private final AtomicLong nextSequence = new AtomicLong();
  private final List<ProducedRecord> produced = new ArrayList<>();
  private Thread thread;
  private volatile boolean running;

  /**
   * @param keySpace 0 for a distinct key per record; otherwise keys repeat every {@code keySpace}
   *     records (useful for compacted topics)
   */
  public SequenceProducer(String topic, String producerId, int recordsPerSecond, int keySpace) {
    this.topic = topic;
    this.producerId = producerId;
    this.recordsPerSecond = recordsPerSecond;
    this.keySpace = keySpace;
  }

  /** Starts producing to {@code bootstrapServers}. */
  public synchronized void start(String bootstrapServers) {
    start(bootstrapServers, Map.of());
  }

  /** Starts producing to {@code bootstrapServers} with the client's security settings ({@code security.protocol}, SASL, TLS). */
  public synchronized void start(String bootstrapServers, Map<String, String> security) {
    start(bootstrapServers, security, null);
  }

  /** As {@link #start(String, Map)}, writing Avro with a schema of {@code registry} (null: plain records). */
  public synchronized void start(String bootstrapServers, Map<String, String> security, SerdeRegistryClient registry) {
    if (running) {
      throw new IllegalStateException("already producing; stop first");
    }
    AvroSequenceRecords.Writer writer = writer(registry);
    running = true;
    thread = new Thread(() -> produceUntilStopped(bootstrapServers, security, writer), "sequence-producer-" + producerId);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops producing; every record sent before returning is acknowledged and logged. */
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

  /** Repoints the app: stop on the current cluster, start on the other. */
  public void switchTo(String bootstrapServers) {
    stop();
    start(bootstrapServers);
  }

  /**
   * Writes {@code recordsPerPartition} records to each partition of the topic now, as fast as the
   * cluster takes them (a backlog built up before the rehearsal), and returns once every one is
   * acknowledged and logged. The sequence continues where it stands; the producer must be stopped.
   * With {@code registry}, Avro as {@link #start(String, Map, SerdeRegistryClient)} writes it.
   */
  public synchronized void produceBacklog(String bootstrapServers, int recordsPerPartition, SerdeRegistryClient registry) {
    if (running) {
      throw new IllegalStateException("stop the producer before writing a backlog");
    }
    AvroSequenceRecords.Writer writer = writer(registry);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
        ProducerConfig.LINGER_MS_CONFIG, "5",
        ProducerConfig.BATCH_SIZE_CONFIG, "65536"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      int partitions = producer.partitionsFor(topic).size();
      for (int i = 0; i < recordsPerPartition && failure.get() == null; i++) {
        for (int partition = 0; partition < partitions; partition++) {
          long sequence = nextSequence.getAndIncrement();
          producer.send(new ProducerRecord<>(topic, partition, SequenceRecords.key(sequence, keySpace),
              value(writer, sequence)), (metadata, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                  return;
                }
                synchronized (produced) {
                  produced.add(new ProducedRecord(bootstrapServers, topic, metadata.partition(), metadata.offset(), sequence,
                      schemaId(writer)));
                }
              });
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("could not write the backlog of " + topic, failure.get());
    }
  }

  private AvroSequenceRecords.Writer writer(SerdeRegistryClient registry) {
    return registry == null ? null : AvroSequenceRecords.writer(registry, AvroSequenceRecords.valueSubject(topic));
  }

  private byte[] value(AvroSequenceRecords.Writer writer, long sequence) {
    return writer == null ? SequenceRecords.value(producerId, sequence) : writer.encode(producerId, sequence);
  }

  private static int schemaId(AvroSequenceRecords.Writer writer) {
    return writer == null ? -1 : writer.schemaId();
  }

  private void produceUntilStopped(String bootstrapServers, Map<String, String> security, AvroSequenceRecords.Writer writer) {
    long intervalNanos = 1_000_000_000L / Math.max(1, recordsPerSecond);
    try (KafkaProducer<byte[], byte[]> producer = newProducer(bootstrapServers, security)) {
      long next = System.nanoTime();
      while (running) {
        sendAndLog(producer, bootstrapServers, writer);
        next += intervalNanos;
        long sleepNanos = next - System.nanoTime();
        if (sleepNanos > 0) {
          Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sendAndLog(KafkaProducer<byte[], byte[]> producer, String bootstrapServers, AvroSequenceRecords.Writer writer) {
    long sequence = nextSequence.getAndIncrement();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
        topic, SequenceRecords.key(sequence, keySpace), value(writer, sequence));
    try {
      RecordMetadata metadata = producer.send(record).get();
      synchronized (produced) {
        produced.add(new ProducedRecord(bootstrapServers, topic, metadata.partition(), metadata.offset(), sequence,
            schemaId(writer)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing sequence " + sequence, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not produce sequence " + sequence, e.getCause());
    }
  }

  private static KafkaProducer<byte[], byte[]> newProducer(String bootstrapServers, Map<String, String> security) {
    Map<String, Object> properties = new HashMap<>(security);
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Every acknowledged record so far, in order of acknowledgement. */
  public List<ProducedRecord> produced() {
    synchronized (produced) {
      return List.copyOf(produced);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
