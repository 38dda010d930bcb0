package dev.runbook.bench;

import java.util.List;
import java.util.Locale;

/**
 * One row of a benchmark table: what was measured, the figure, the target it is held against (empty
 * when there is none) and whether the figure meets it.
 */
record Measure(String measure, String figure, String target, Boolean met) {

  static Measure of(String measure, String figure) {
    return new Measure(measure, figure, "", null);
  }

  static Measure against(String measure, String figure, String target, boolean met) {
    return new Measure(measure, figure, target, met);
  }

  String verdict() {
    return met == null ? "" : met ? "pass" : "**miss**";
  }

  /** A Markdown table of the rows under a heading. */
  static String table(String heading, String preamble, List<Measure> rows) {
    StringBuilder out = new StringBuilder("## ").append(heading).append("\n\n");
    if (!preamble.isEmpty()) {
      out.append(preamble).append("\n\n");
    }
    out.append("| measure | figure | target | result |\n|---|---|---|---|\n");
    rows.forEach(row -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n",
        row.measure(), row.figure(), row.target(), row.verdict())));
    return out.append('\n').toString();
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static String mbPerSecond(long bytes, long nanos) {
    return String.format(Locale.ROOT, "%.1f MB/s", megabytes(bytes) / (nanos / 1e9));
  }

  static double megabytes(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
