package dev.runbook.kafka.offsets;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.plan.KafkaEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Reads the same partitions on two clusters with several threads, each with its own read_committed
 * consumer per cluster (a consumer is not thread-safe) working through its share of the partitions,
 * so that one partition's fetches overlap with another's; a thread opens a read_uncommitted
 * consumer of the cluster read from when a partition first needs that view. Offset translation and
 * verification both read this way; the consumers are kept open across passes (translate, then check).
 */
public final class PartitionReaders implements AutoCloseable {

  /** Partitions are read by this many threads at most. */
  public static final int MAX_READERS = 8;

  /** Work on one partition, given its log on each cluster. */
  @FunctionalInterface
  public interface PartitionTask<T> {
    T run(TopicPartition partition, PartitionLog from, PartitionLog to);
  }

  private final String name;
  private final KafkaClientFactory clients;
  private final KafkaEndpoint fromEndpoint;
  private final List<Consumer<byte[], byte[]>> from = new ArrayList<>();
  private final List<Consumer<byte[], byte[]>> to = new ArrayList<>();
  /** Per reader, its read_uncommitted consumer of the cluster read from, once opened. */
  private final List<Consumer<byte[], byte[]>> fromUncommitted = new ArrayList<>();

  private PartitionReaders(String name, KafkaClientFactory clients, KafkaEndpoint fromEndpoint) {
    this.name = name;
    this.clients = clients;
    this.fromEndpoint = fromEndpoint;
  }

  /**
   * Opens enough readers for {@code partitions} partitions, at most {@link #MAX_READERS}.
   *
   * @param name client id of the consumers and name of the reading threads
   */
  public static PartitionReaders open(KafkaClientFactory clients, KafkaEndpoint from, KafkaEndpoint to, String name,
      int partitions) {
    PartitionReaders readers = new PartitionReaders(name, clients, from);
    for (int i = 0; i < Math.max(1, Math.min(MAX_READERS, partitions)); i++) {
      readers.from.add(clients.readCommittedConsumer(from, name));
      readers.to.add(clients.readCommittedConsumer(to, name));
      readers.fromUncommitted.add(null);
    }
    return readers;
  }

  /**
   * Runs {@code task} for every partition, spread over the readers; results come back in
   * topic-partition order. The first failure cancels the rest and is rethrown.
   */
  public <T> List<T> run(Collection<TopicPartition> partitions, Set<String> compactedTopics, PartitionTask<T> task) {
    List<TopicPartition> ordered = new ArrayList<>(partitions);
    ordered.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    int count = from.size();
    ExecutorService pool = Executors.newFixedThreadPool(count, runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Map<TopicPartition, T>>> shares = new ArrayList<>();
      for (int reader = 0; reader < count; reader++) {
        List<TopicPartition> share = new ArrayList<>();
        for (int i = reader; i < ordered.size(); i += count) {
          share.add(ordered.get(i));
        }
        int index = reader;
        shares.add(pool.submit(() -> runShare(index, share, compactedTopics, task)));
      }
      Map<TopicPartition, T> results = new HashMap<>();
      for (Future<Map<TopicPartition, T>> share : shares) {
        results.putAll(share.get());
      }
      return ordered.stream().map(results::get).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(name + ": reading partitions failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private <T> Map<TopicPartition, T> runShare(int reader, List<TopicPartition> share, Set<String> compacted,
      PartitionTask<T> task) {
    Map<TopicPartition, T> results = new HashMap<>();
    if (share.isEmpty()) {
      return results;
    }
    Map<TopicPartition, KafkaPartitionLog> fromLogs = KafkaPartitionLog.of(from.get(reader), share, compacted,
        () -> uncommittedReader(reader));
    Map<TopicPartition, KafkaPartitionLog> toLogs = KafkaPartitionLog.of(to.get(reader), share, compacted, null);
    for (TopicPartition tp : share) {
      results.put(tp, task.run(tp, fromLogs.get(tp), toLogs.get(tp)));
    }
    return results;
  }

  /** Only the reader's own thread asks, so each slot is written by one thread; close() runs after the passes. */
  private Consumer<byte[], byte[]> uncommittedReader(int reader) {
    synchronized (fromUncommitted) {
      if (fromUncommitted.get(reader) == null) {
        fromUncommitted.set(reader, clients.partitionReader(fromEndpoint, name, GroupIsolation.READ_UNCOMMITTED));
      }
      return fromUncommitted.get(reader);
    }
  }

  @Override
  public void close() {
    from.forEach(Consumer::close);
    to.forEach(Consumer::close);
    synchronized (fromUncommitted) {
      fromUncommitted.stream().filter(Objects::nonNull).forEach(Consumer::close);
    }
  }
}
