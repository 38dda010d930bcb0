package dev.runbook.kafka.replication;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the verification report: JSON (summary + rows) and CSV (one row per topic-partition). */
record VerificationFiles(Path json, Path csv) {

  static final String CSV_HEADER =
      "topic,partition,source_start,source_end,target_start,target_end,target_position_of_source_end,digested,matches,note";

  static VerificationFiles write(Path dir, List<PartitionComparison> partitions, List<String> mismatches) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("verification.json");
      Path csv = dir.resolve("verification.csv");
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("matches", mismatches.isEmpty());
      document.put("mismatches", mismatches);
      document.put("partitions", partitions);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), document);
      StringBuilder rows = new StringBuilder(CSV_HEADER).append('\n');
      for (PartitionComparison p : partitions) {
        rows.append(String.join(",", p.topic(), String.valueOf(p.partition()), String.valueOf(p.sourceStart()),
            String.valueOf(p.sourceEnd()), String.valueOf(p.targetStart()), String.valueOf(p.targetEnd()),
            String.valueOf(p.targetPositionOfSourceEnd()), String.valueOf(p.digested()), String.valueOf(p.matches()),
            '"' + p.note().replace("\"", "\"\"") + '"')).append('\n');
      }
      Files.writeString(csv, rows);
      return new VerificationFiles(json, csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the verification report to " + dir, e);
    }
  }
}
