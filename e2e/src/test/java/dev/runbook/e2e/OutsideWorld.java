package dev.runbook.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testing.InMemoryKafkaWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kafka runbook's outside world as the worker processes leave it on disk, so that it outlives a
 * killed worker as a real cluster would: a journal of every change ({@code <pid> <change>}, in order),
 * the world's current {@link State}, and the steps a test holds in flight. A worker restores the state
 * when it starts and records after every activity; the test reads the journal and the state, and holds
 * or releases steps.
 */
record OutsideWorld(Path dir) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a rollback must give back: replicas and bootstrap servers per app, where each group's offsets live, target resources. */
  record State(Map<String, Integer> replicas, Map<String, String> bootstrap, Map<String, String> groupCluster,
      Set<String> targetResources) {

    static State of(InMemoryKafkaWorld world) {
      return new State(new TreeMap<>(world.replicas), new TreeMap<>(world.bootstrap), new TreeMap<>(world.groupCluster),
          new TreeSet<>(world.targetResources));
    }

    void applyTo(InMemoryKafkaWorld world) {
      world.replicas.clear();
      world.replicas.putAll(replicas);
      world.bootstrap.clear();
      world.bootstrap.putAll(bootstrap);
      world.groupCluster.clear();
      world.groupCluster.putAll(groupCluster);
      world.targetResources.clear();
      world.targetResources.addAll(targetResources);
    }
  }

  // ---- the worker's side ----

  /** The world as the last worker left it (or as given, the first time), holding the steps the test names. */
  InMemoryKafkaWorld restore(InMemoryKafkaWorld initial) {
    if (Files.exists(stateFile())) {
      read(stateFile(), State.class).applyTo(initial);
    }
    initial.holding = what -> held().stream().anyMatch(what::startsWith);
    return initial;
  }

  /** Appends the changes an activity made and saves the state it left; a kill before this is a change never made. */
  void record(long pid, List<String> changes, State state) {
    StringBuilder lines = new StringBuilder();
    changes.forEach(change -> lines.append(pid).append(' ').append(change).append('\n'));
    try {
      Files.writeString(journal(), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      Path next = dir.resolve("world.json.next");
      Files.write(next, JSON.writeValueAsBytes(state), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.SYNC);
      Files.move(next, stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the test's side ----

  /** Steps whose name starts with one of these wait (heartbeating) until {@link #release}. */
  void hold(String... steps) throws IOException {
    Files.write(holdsFile(), List.of(steps));
  }

  void release() throws IOException {
    Files.write(holdsFile(), List.of());
  }

  /** The journal's changes, in order, without the pid of the worker that made them. */
  List<String> changes() throws IOException {
    return lines().stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
  }

  /** The pids of the workers that made changes, in the order they first did. */
  List<String> pids() throws IOException {
    return lines().stream().map(OutsideWorld::pidOf).distinct().toList();
  }

  /** The pid of the worker that made each change, in order. */
  List<String> changedBy() throws IOException {
    return lines().stream().map(OutsideWorld::pidOf).toList();
  }

  State state() {
    return read(stateFile(), State.class);
  }

  private List<String> lines() throws IOException {
    return Files.exists(journal()) ? Files.readAllLines(journal()) : List.of();
  }

  private List<String> held() {
    try {
      return Files.exists(holdsFile()) ? Files.readAllLines(holdsFile()).stream().filter(line -> !line.isBlank()).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path journal() {
    return dir.resolve("journal.txt");
  }

  private Path stateFile() {
    return dir.resolve("world.json");
  }

  private Path holdsFile() {
    return dir.resolve("holds.txt");
  }

  private static String pidOf(String line) {
    return line.substring(0, line.indexOf(' '));
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
