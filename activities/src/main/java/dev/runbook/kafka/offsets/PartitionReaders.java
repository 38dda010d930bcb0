package dev.runbook.kafka.offsets;

import dev.runbook.kafka.clients.KafkaClientFactory;
import dev.runbook.plan.KafkaEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Work on one reader's share of the partitions before its partitions are worked on one by one. */
  @FunctionalInterface
  public interface ShareTask {
    void run(Share share);
  }

  /**
   * One reader's share: its consumer of each cluster and the logs of its partitions, kept across
   * passes so that records read once (see {@link KafkaPartitionLog}) are not read again.
   */
  public record Share(Consumer<byte[], byte[]> fromConsumer, Consumer<byte[], byte[]> toConsumer,
      Map<TopicPartition, KafkaPartitionLog> from, Map<TopicPartition, KafkaPartitionLog> to) {}

  /** A reading thread's consumers and the logs it has opened; used by one thread at a time. */
  private final class Reader {
    final Consumer<byte[], byte[]> from;
    final Consumer<byte[], byte[]> to;
    Consumer<byte[], byte[]> fromUncommitted;
    final Map<TopicPartition, KafkaPartitionLog> fromLogs = new HashMap<>();
    final Map<TopicPartition, KafkaPartitionLog> toLogs = new HashMap<>();

    Reader(Consumer<byte[], byte[]> from, Consumer<byte[], byte[]> to) {
      this.from = from;
      this.to = to;
    }

    Share share(List<TopicPartition> partitions, Set<String> compacted) {
      List<TopicPartition> unopened = partitions.stream().filter(tp -> !fromLogs.containsKey(tp)).toList();
      if (!unopened.isEmpty()) {
        fromLogs.putAll(KafkaPartitionLog.of(from, unopened, compacted, this::uncommittedReader));
        toLogs.putAll(KafkaPartitionLog.of(to, unopened, compacted, null));
      }
      Map<TopicPartition, KafkaPartitionLog> shareFrom = new HashMap<>();
      Map<TopicPartition, KafkaPartitionLog> shareTo = new HashMap<>();
      partitions.forEach(tp -> {
        shareFrom.put(tp, fromLogs.get(tp));
        shareTo.put(tp, toLogs.get(tp));
      });
      return new Share(from, to, shareFrom, shareTo);
    }

    private Consumer<byte[], byte[]> uncommittedReader() {
      if (fromUncommitted == null) {
        fromUncommitted = clients.partitionReader(fromEndpoint, name, GroupIsolation.READ_UNCOMMITTED, fetchBytes);
      }
      return fromUncommitted;
    }

    void close() {
      from.close();
      to.close();
      if (fromUncommitted != null) {
        fromUncommitted.close();
      }
    }
  }

  private final String name;
  private final KafkaClientFactory clients;
  private final KafkaEndpoint fromEndpoint;
  private final int fetchBytes;
  private final List<Reader> readers = new ArrayList<>();

  private PartitionReaders(String name, KafkaClientFactory clients, KafkaEndpoint fromEndpoint, int fetchBytes) {
    this.name = name;
    this.clients = clients;
    this.fromEndpoint = fromEndpoint;
    this.fetchBytes = fetchBytes;
  }

  /**
   * Opens a reader per partition, at most {@link #MAX_READERS}: for work that reads a few records of
   * each partition, on its own.
   *
   * @param name client id of the consumers and name of the reading threads
   */
  public static PartitionReaders open(KafkaClientFactory clients, KafkaEndpoint from, KafkaEndpoint to, String name,
      int partitions) {
    return open(clients, from, to, name, partitions, 1);
  }

  /**
   * Opens a reader per partition, at most {@link #MAX_READERS}, whose fetches are large
   * ({@link KafkaClientFactory#LONG_READ_FETCH_BYTES}): for work that reads each partition at length.
   */
  public static PartitionReaders openForLongReads(KafkaClientFactory clients, KafkaEndpoint from, KafkaEndpoint to,
      String name, int partitions) {
    return open(clients, from, to, name, partitions, 1, KafkaClientFactory.LONG_READ_FETCH_BYTES);
  }

  /**
   * Opens a reader per {@code partitionsPerReader} partitions, at most {@link #MAX_READERS}: for work
   * that reads a share's partitions together (a {@link ShareTask}), whose requests cost the same for
   * one partition or many, so that more readers would only add consumers to open.
   */
  public static PartitionReaders open(KafkaClientFactory clients, KafkaEndpoint from, KafkaEndpoint to, String name,
      int partitions, int partitionsPerReader) {
    return open(clients, from, to, name, partitions, partitionsPerReader, KafkaClientFactory.SHORT_READ_FETCH_BYTES);
  }

  private static PartitionReaders open(KafkaClientFactory clients, KafkaEndpoint from, KafkaEndpoint to, String name,
      int partitions, int partitionsPerReader, int fetchBytes) {
    PartitionReaders readers = new PartitionReaders(name, clients, from, fetchBytes);
    int count = Math.max(1, Math.min(MAX_READERS, (partitions + partitionsPerReader - 1) / partitionsPerReader));
    for (int i = 0; i < count; i++) {
      readers.readers.add(readers.new Reader(
          clients.partitionReader(from, name, GroupIsolation.READ_COMMITTED, fetchBytes),
          clients.partitionReader(to, name, GroupIsolation.READ_COMMITTED, fetchBytes)));
    }
    return readers;
  }

  /** {@link #run(Collection, Set, ShareTask, PartitionTask)} with nothing to do per share. */
  public <T> List<T> run(Collection<TopicPartition> partitions, Set<String> compactedTopics, PartitionTask<T> task) {
    return run(partitions, compactedTopics, share -> { }, task);
  }

  /**
   * Runs {@code prepare} for each reader's share of the partitions, then {@code task} for every
   * partition of it; results come back in topic-partition order. The first failure cancels the rest
   * and is rethrown.
   */
  public <T> List<T> run(Collection<TopicPartition> partitions, Set<String> compactedTopics, ShareTask prepare,
      PartitionTask<T> task) {
    List<TopicPartition> ordered = new ArrayList<>(partitions);
    ordered.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    int count = readers.size();
    ExecutorService pool = Executors.newFixedThreadPool(count, runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Map<TopicPartition, T>>> shares = new ArrayList<>();
      for (int index = 0; index < count; index++) {
        List<TopicPartition> share = new ArrayList<>();
        for (int i = index; i < ordered.size(); i += count) {
          share.add(ordered.get(i));
        }
        Reader reader = readers.get(index);
        shares.add(pool.submit(() -> runShare(reader, share, compactedTopics, prepare, task)));
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

  private static <T> Map<TopicPartition, T> runShare(Reader reader, List<TopicPartition> partitions, Set<String> compacted,
      ShareTask prepare, PartitionTask<T> task) {
    Map<TopicPartition, T> results = new HashMap<>();
    if (partitions.isEmpty()) {
      return results;
    }
    Share share = reader.share(partitions, compacted);
    prepare.run(share);
    for (TopicPartition tp : partitions) {
      results.put(tp, task.run(tp, share.from().get(tp), share.to().get(tp)));
    }
    return results;
  }

  @Override
  public void close() {
    readers.forEach(Reader::close);
  }
}
