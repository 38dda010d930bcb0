package dev.runbook.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.kafka.KafkaActivities.LagSample;
import dev.runbook.kafka.LagSamples;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.StepProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report charts, read from a run's progress: the catch-up's lag samples, the records per
 * partition of the verification file the verify step wrote (fact {@value #VERIFY_FACT}), each
 * consumer group's cutover pause ({@code group.<g>.pauseMillis}) and each DAG batch's times
 * ({@code <batch>.startedAt / readyAt / decidedAt}). Absent data stays empty, with the reason.
 */
record ReportData(
    List<LagSample> lag,
    List<PartitionRecords> partitions,
    Optional<Path> verificationFile,
    String partitionsNote,
    Map<String, Long> pauses,
    List<Batch> batches) {

  static final String VERIFY_FACT = "verify.report";

  /** Records of one partition on each side, as the verification counted them. */
  record PartitionRecords(String topic, int partition, long source, long target) {}

  /** A DAG batch: when its cutover began, when it was ready for its gate, when the gate was decided (0: not yet). */
  record Batch(String name, long dags, long startedAt, long readyAt, long decidedAt) {}

  private static final Pattern PAUSE = Pattern.compile("group\\.(.+)\\.pauseMillis");
  private static final Pattern BATCH_START = Pattern.compile("(.+)\\.startedAt");

  static ReportData of(Progress progress) {
    Map<String, String> facts = progress.facts();
    Map<String, Long> pauses = new TreeMap<>();
    List<Batch> batches = new ArrayList<>();
    facts.forEach((key, value) -> {
      Matcher pause = PAUSE.matcher(key);
      if (pause.matches()) {
        pauses.put(pause.group(1), Long.parseLong(value));
      }
      Matcher batch = BATCH_START.matcher(key);
      if (batch.matches()) {
        String name = batch.group(1);
        batches.add(new Batch(name, number(facts, name + ".dagsMoved"), Long.parseLong(value),
            readyAt(progress, name), number(facts, name + ".decidedAt")));
      }
    });
    batches.sort((a, b) -> Long.compare(a.startedAt(), b.startedAt()));
    String verifyPath = facts.get(VERIFY_FACT);
    List<PartitionRecords> partitions = new ArrayList<>();
    String note = null;
    Optional<Path> file = Optional.empty();
    if (verifyPath == null) {
      note = "this run has no verification report";
    } else {
      Path path = Path.of(verifyPath);
      try {
        for (JsonNode p : new ObjectMapper().readTree(path.toFile()).path("partitions")) {
          partitions.add(new PartitionRecords(p.path("topic").asText(), p.path("partition").asInt(),
              p.path("sourceRecords").asLong(), p.path("targetRecords").asLong()));
        }
        file = Optional.of(path);
      } catch (IOException e) {
        note = "the verification report " + verifyPath + " cannot be read from here (it is on the worker that verified): "
            + e.getClass().getSimpleName();
      }
    }
    return new ReportData(LagSamples.decode(facts.get(LagSamples.FACT)), partitions, file, note, pauses, batches);
  }

  /** The gate's opening, or while the batch is still cutting over, the end of its last finished step. */
  private static long readyAt(Progress progress, String batch) {
    long ready = number(progress.facts(), batch + ".readyAt");
    if (ready > 0) {
      return ready;
    }
    return progress.steps().stream().filter(step -> step.phase().equals("cutover " + batch))
        .mapToLong(StepProgress::finishedAt).max().orElse(0);
  }

  private static long number(Map<String, String> facts, String key) {
    String value = facts.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** The verification CSV written beside the JSON, when there is one. */
  Optional<Path> verificationCsv() {
    return verificationFile.map(json -> json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", ".csv")))
        .filter(Files::isReadable);
  }
}
