package dev.runbook.kafka.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a group's per-partition translation report as JSON (for machines) or CSV (for spreadsheets). */
public final class TranslationReportWriter {

  private static final String CSV_HEADER =
      "group,topic,partition,source_committed,target_offset,method,records_scanned,uncertainty_records,evidence";

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String json(GroupTranslationReport report) {
    try {
      return json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a translation report is plain records and always serializable", e);
    }
  }

  public String csv(GroupTranslationReport report) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (PartitionTranslation p : report.partitions()) {
      csv.append(csvField(report.group())).append(',').append(csvField(p.topic())).append(',').append(p.partition())
          .append(',').append(p.sourceCommitted()).append(',').append(p.targetOffset()).append(',').append(p.method())
          .append(',').append(p.recordsScanned()).append(',')
          .append(p.uncertaintyRecords() == null ? "" : p.uncertaintyRecords()).append(',')
          .append(csvField(p.evidence())).append('\n');
    }
    return csv.toString();
  }

  /** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
  public static String csvField(String value) {
    if (value == null) {
      return "";
    }
    if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
