package dev.runbook.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kernel.AuditEntry;
import dev.runbook.kernel.PendingGate;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.kernel.StepProgress;
import dev.runbook.kernel.StepState;
import dev.runbook.report.ReportCharts.Chart;
import dev.runbook.report.ReportData.Group;
import dev.runbook.report.ReportSummary.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's migration report, written from its {@code progress} query result (and its consumer groups'
 * child runs, {@link GroupRuns}) into one directory: a summary first, then the charts and tables of
 * its runbook only, as
 * {@value #MARKDOWN} and a self-contained {@value #HTML} (inline CSS and SVG charts, no script, no
 * network), the charts as SVG files for the Markdown, {@value #STEPS_CSV}, {@value #APPROVALS_CSV}
 * (every decision and action, refused ones too), {@value #PROGRESS_JSON} (the query result as it
 * came) and, for a run that verified, {@value #VERIFICATION_CSV} (records per partition on both
 * sides). Everything comes from the runs themselves, so it can be written wherever the CLI runs. The CLI's
 * {@code report} command and the lab both write it here.
 */
public final class MigrationReport {

  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String STEPS_CSV = "steps.csv";
  public static final String APPROVALS_CSV = "approvals.csv";
  public static final String PROGRESS_JSON = "progress.json";
  public static final String VERIFICATION_CSV = "verification.csv";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

  /** Every file written; {@code html} is the one to open. */
  public record Written(Path markdown, Path html, List<Path> files) {}

  private final String workflowId;
  private final Progress progress;
  private final Instant generatedAt;
  private final List<Chart> charts;
  private final ReportData data;
  private final List<StepRow> steps;
  private final List<AuditEntry> audit;
  private final List<Row> summary;

  /** A row of the steps table: one of the run's steps, or one consumer group's child run. */
  private record StepRow(String phase, String name, String state, int runs, long startedAt, long finishedAt, String error) {

    static StepRow of(StepProgress step, String phase) {
      return new StepRow(phase, (step.compensation() ? "(undo) " : "") + step.name(), step.state().name(), step.runs(),
          step.startedAt(), step.finishedAt(), step.lastError());
    }
  }

  private MigrationReport(String workflowId, Progress progress, Map<String, Progress> groupRuns, Instant generatedAt) {
    this.workflowId = workflowId;
    this.progress = progress;
    this.generatedAt = generatedAt.truncatedTo(ChronoUnit.SECONDS);
    this.data = ReportData.of(progress, groupRuns);
    this.charts = ReportCharts.of(data);
    this.steps = stepRows();
    this.audit = audit();
    this.summary = ReportSummary.of(progress, data, audit);
  }

  /** The report of a run whose consumer groups' child runs were not read: the groups as the run recorded them. */
  public static Written write(String workflowId, Progress progress, Path dir, Instant generatedAt) {
    return write(workflowId, progress, Map.of(), dir, generatedAt);
  }

  /** @param groupRuns each consumer group's child run by group name, as {@link GroupRuns#read} finds them */
  public static Written write(String workflowId, Progress progress, Map<String, Progress> groupRuns, Path dir, Instant generatedAt) {
    return new MigrationReport(workflowId, progress, groupRuns, generatedAt).writeTo(dir);
  }

  /** The run's steps, each consumer group's child run as one row after the step that cut them over. */
  private List<StepRow> stepRows() {
    List<StepRow> rows = new ArrayList<>();
    progress.steps().forEach(step -> rows.add(StepRow.of(step, step.phase())));
    List<StepRow> groups = data.groups().stream().filter(group -> group.run() != null).map(MigrationReport::groupRow).toList();
    int after = rows.size();
    for (int i = 0; i < progress.steps().size(); i++) {
      StepProgress step = progress.steps().get(i);
      if (!step.compensation() && KafkaMigrationWorkflow.CONSUMERS_PHASE.equals(step.phase())) {
        after = i + 1;
      }
    }
    rows.addAll(after, groups);
    return rows;
  }

  /** A group's child run as one row: its status, from its first step's start to its last step's end, its error if any. */
  private static StepRow groupRow(Group group) {
    Progress run = group.run();
    long started = run.steps().stream().mapToLong(StepProgress::startedAt).min().orElse(0);
    boolean ended = EnumSet.of(RunbookStatus.COMPLETED, RunbookStatus.ROLLED_BACK, RunbookStatus.ABORTED).contains(run.status());
    long finished = ended ? run.steps().stream().mapToLong(StepProgress::finishedAt).max().orElse(0) : 0;
    String error = run.steps().stream().filter(step -> step.lastError() != null && step.state() != StepState.DONE)
        .map(step -> step.name() + ": " + step.lastError()).findFirst().orElse(null);
    return new StepRow(KafkaMigrationWorkflow.CONSUMERS_PHASE, "group " + group.name() + " (" + run.steps().size() + " steps in its own run)",
        run.status().name(), run.steps().stream().mapToInt(StepProgress::runs).max().orElse(0), started, finished, error);
  }

  /** The run's decisions and actions with those taken in its groups' child runs, in time order. */
  private List<AuditEntry> audit() {
    List<AuditEntry> entries = new ArrayList<>(progress.audit());
    for (Group group : data.groups()) {
      if (group.run() != null) {
        group.run().audit().forEach(entry -> entries.add(new AuditEntry(entry.at(), entry.actor(),
            "group " + group.name() + ": " + entry.subject(), entry.decision(), entry.comment(), entry.channel(), entry.accepted(),
            entry.reason())));
      }
    }
    entries.sort(Comparator.comparingLong(AuditEntry::at));
    return entries;
  }

  private Written writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      Path markdown = write(dir, MARKDOWN, markdown(), files);
      Path html = write(dir, HTML, html(), files);
      for (Chart chart : charts) {
        if (chart.drawn()) {
          write(dir, chart.file(), chart.svg(), files);
        }
      }
      write(dir, STEPS_CSV, stepsCsv(), files);
      write(dir, APPROVALS_CSV, approvalsCsv(), files);
      write(dir, PROGRESS_JSON, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(progress), files);
      if (!data.partitions().isEmpty()) {
        write(dir, VERIFICATION_CSV, verificationCsv(), files);
      }
      return new Written(markdown, html, List.copyOf(files));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path write(Path dir, String name, String content, List<Path> files) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content);
    files.add(file);
    return file;
  }

  // ---- Markdown ----

  private String markdown() {
    StringBuilder md = new StringBuilder("# Migration report: ").append(workflowId).append("\n\n");
    md.append("- runbook: ").append(progress.runbook()).append("\n- migration: ").append(progress.migrationId())
        .append("\n- status: **").append(progress.status()).append("** (phase ").append(progress.phase()).append(")\n");
    if (progress.outcomeMessage() != null) {
      md.append("- outcome: ").append(progress.outcomeMessage()).append('\n');
    }
    md.append("- generated: ").append(TIME.format(generatedAt)).append("\n");
    gateAndParking(md);
    md.append("\n## Summary\n\n| | |\n|---|---|\n");
    summary.forEach(row -> md.append("| ").append(cell(row.label())).append(" | ").append(cell(row.value())).append(" |\n"));
    md.append("\n## Charts\n\n");
    for (Chart chart : charts) {
      md.append(chart.drawn() ? "![" + chart.title() + "](" + chart.file() + ")\n\n" : "*" + chart.title() + ":* " + chart.note() + "\n\n");
    }
    md.append("## Figures\n\n| figure | value |\n|---|---|\n");
    Figures.of(progress.facts()).forEach(row -> md.append("| ").append(cell(row.label())).append(" | ").append(cell(row.value()))
        .append(" |\n"));
    md.append("\n## Steps\n\n| phase | step | state | runs | started | duration | error |\n|---|---|---|---|---|---|---|\n");
    for (StepRow step : steps) {
      md.append("| ").append(cell(step.phase())).append(" | ").append(cell(step.name())).append(" | ").append(step.state())
          .append(" | ").append(step.runs()).append(" | ").append(time(step.startedAt())).append(" | ")
          .append(duration(step.startedAt(), step.finishedAt())).append(" | ").append(cell(step.error())).append(" |\n");
    }
    md.append("\n## Approvals audit\n\n| time | who | decision | gate / step | via | result | comment |\n|---|---|---|---|---|---|---|\n");
    for (AuditEntry entry : audit) {
      md.append("| ").append(time(entry.at())).append(" | ").append(cell(entry.actor())).append(" | ").append(cell(entry.decision()))
          .append(" | ").append(cell(entry.subject())).append(" | ").append(entry.channel()).append(" | ")
          .append(entry.accepted() ? "accepted" : "**refused**: " + cell(entry.reason())).append(" | ").append(cell(entry.comment()))
          .append(" |\n");
    }
    md.append("\n## Detail files\n\n");
    detailNames().forEach(name -> md.append("- [").append(name).append("](").append(name).append(")\n"));
    return md.toString();
  }

  private void gateAndParking(StringBuilder md) {
    PendingGate gate = progress.pendingGate();
    if (gate != null) {
      md.append("\n**Waiting at gate '").append(gate.name()).append("'** since ").append(time(gate.openedAt())).append(", approvals ")
          .append(gate.approvedBy().size()).append('/').append(gate.requiredApprovals()).append(": ").append(cell(gate.evidence()))
          .append('\n');
    }
    if (progress.parkedStep() != null) {
      md.append("\n**Parked:** step '").append(progress.parkedStep()).append("' failed and waits for an operator\n");
    }
  }

  // ---- HTML ----

  private String html() {
    StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Migration report: ")
        .append(Html.escape(workflowId)).append("</title>\n<style>\n").append(CSS).append("</style></head><body>\n");
    h.append("<h1>Migration report: ").append(Html.escape(workflowId)).append("</h1>\n<p class=\"meta\">runbook <b>")
        .append(Html.escape(progress.runbook())).append("</b> · migration <b>").append(Html.escape(progress.migrationId()))
        .append("</b> · status <b class=\"status-").append(progress.status().name().toLowerCase()).append("\">").append(progress.status())
        .append("</b> · phase ").append(Html.escape(progress.phase())).append(" · generated ").append(TIME.format(generatedAt)).append("</p>\n");
    if (progress.outcomeMessage() != null) {
      h.append("<p class=\"outcome\">").append(Html.escape(progress.outcomeMessage())).append("</p>\n");
    }
    PendingGate gate = progress.pendingGate();
    if (gate != null) {
      h.append("<p class=\"waiting\">Waiting at gate <b>").append(Html.escape(gate.name())).append("</b> since ").append(time(gate.openedAt()))
          .append(", approvals ").append(gate.approvedBy().size()).append('/').append(gate.requiredApprovals()).append("<br><pre>")
          .append(Html.escape(gate.evidence())).append("</pre></p>\n");
    }
    if (progress.parkedStep() != null) {
      h.append("<p class=\"waiting\">Parked: step <b>").append(Html.escape(progress.parkedStep())).append("</b> waits for an operator</p>\n");
    }
    h.append("<h2>Summary</h2>\n<table class=\"summary\">\n");
    summary.forEach(row -> h.append("<tr><th>").append(Html.escape(row.label())).append("</th><td>").append(Html.escape(row.value()))
        .append("</td></tr>\n"));
    h.append("</table>\n<h2>Charts</h2>\n");
    for (Chart chart : charts) {
      h.append(chart.drawn() ? "<figure>" + chart.svg() + "</figure>\n"
          : "<p class=\"no-chart\"><b>" + Html.escape(chart.title()) + ":</b> " + Html.escape(chart.note()) + "</p>\n");
    }
    h.append("<h2>Figures</h2>\n<table><tr><th>figure</th><th>value</th></tr>\n");
    Figures.of(progress.facts()).forEach(row -> h.append("<tr><td>").append(Html.escape(row.label())).append("</td><td>")
        .append(Html.escape(row.value())).append("</td></tr>\n"));
    h.append("</table>\n<h2>Steps</h2>\n<table><tr><th>phase</th><th>step</th><th>state</th><th>runs</th><th>started</th>"
        + "<th>duration</th><th>error</th></tr>\n");
    for (StepRow step : steps) {
      h.append("<tr class=\"").append(step.state().toLowerCase(Locale.ROOT)).append("\"><td>").append(Html.escape(step.phase()))
          .append("</td><td>").append(Html.escape(step.name())).append("</td><td>").append(step.state()).append("</td><td>")
          .append(step.runs()).append("</td><td>").append(time(step.startedAt())).append("</td><td>")
          .append(duration(step.startedAt(), step.finishedAt())).append("</td><td>").append(Html.escape(step.error()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Approvals audit</h2>\n<table><tr><th>time</th><th>who</th><th>decision</th><th>gate / step</th>"
        + "<th>via</th><th>result</th><th>comment</th></tr>\n");
    for (AuditEntry entry : audit) {
      h.append("<tr class=\"").append(entry.accepted() ? "accepted" : "refused").append("\"><td>").append(time(entry.at()))
          .append("</td><td>").append(Html.escape(entry.actor())).append("</td><td>").append(Html.escape(entry.decision()))
          .append("</td><td>").append(Html.escape(entry.subject())).append("</td><td>").append(Html.escape(entry.channel()))
          .append("</td><td>").append(entry.accepted() ? "accepted" : "refused: " + Html.escape(entry.reason()))
          .append("</td><td>").append(Html.escape(entry.comment())).append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Detail files</h2>\n<ul>\n");
    detailNames().forEach(name -> h.append("<li><a href=\"").append(Html.escape(name)).append("\">").append(Html.escape(name))
        .append("</a></li>\n"));
    return h.append("</ul>\n</body></html>\n").toString();
  }

  private static final String CSS = """
      body { font-family: sans-serif; margin: 24px; color: #1f2937; max-width: 1100px; }
      h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #e5e7eb; }
      table { border-collapse: collapse; font-size: 13px; width: 100%; }
      th, td { border: 1px solid #e5e7eb; padding: 3px 6px; text-align: left; vertical-align: top; }
      th { background: #f3f4f6; }
      tr.refused td, tr.parked td, tr.failed td { background: #fef2f2; }
      tr.skipped td, tr.cancelled td { background: #fffbeb; }
      .status-completed { color: #15803d; } .status-rolled_back, .status-aborted { color: #b91c1c; }
      table.summary { width: auto; font-size: 14px; } table.summary th { text-align: right; white-space: nowrap; }
      .no-chart { color: #6b7280; } .waiting { background: #eff6ff; padding: 8px; }
      figure { margin: 12px 0; } svg.chart { background: #fff; border: 1px solid #e5e7eb; }
      """;

  // ---- detail files ----

  /** Every step of the run, then every step of each group's child run (its phase: {@code group <name>}). */
  private String stepsCsv() {
    StringBuilder csv = new StringBuilder("phase,step,compensation,state,runs,started_at,finished_at,duration_ms,last_error\n");
    progress.steps().forEach(step -> csvStep(csv, step.phase(), step));
    data.groups().stream().filter(group -> group.run() != null)
        .forEach(group -> group.run().steps().forEach(step -> csvStep(csv, "group " + group.name(), step)));
    return csv.toString();
  }

  private static void csvStep(StringBuilder csv, String phase, StepProgress step) {
    csv.append(String.join(",", csvField(phase), csvField(step.name()), String.valueOf(step.compensation()),
        step.state().name(), String.valueOf(step.runs()), time(step.startedAt()), step.finishedAt() == 0 ? "" : time(step.finishedAt()),
        step.finishedAt() == 0 ? "" : String.valueOf(step.finishedAt() - step.startedAt()), csvField(step.lastError()))).append('\n');
  }

  private String approvalsCsv() {
    StringBuilder csv = new StringBuilder("at,actor,subject,decision,channel,accepted,reason,comment\n");
    for (AuditEntry entry : audit) {
      csv.append(String.join(",", time(entry.at()), csvField(entry.actor()), csvField(entry.subject()), csvField(entry.decision()),
          csvField(entry.channel()), String.valueOf(entry.accepted()), csvField(entry.reason()), csvField(entry.comment()))).append('\n');
    }
    return csv.toString();
  }

  private String verificationCsv() {
    StringBuilder csv = new StringBuilder("topic,partition,source_records,target_records\n");
    data.partitions().forEach(p -> csv.append(p.topic()).append(',').append(p.partition()).append(',').append(p.sourceRecords())
        .append(',').append(p.targetRecords()).append('\n'));
    return csv.toString();
  }

  private List<String> detailNames() {
    List<String> names = new ArrayList<>(List.of(STEPS_CSV, APPROVALS_CSV, PROGRESS_JSON));
    if (!data.partitions().isEmpty()) {
      names.add(VERIFICATION_CSV);
    }
    return names;
  }

  private static String time(long epochMillis) {
    return epochMillis <= 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  private static String duration(long startedAt, long finishedAt) {
    return finishedAt == 0 ? "running" : String.format(Locale.ROOT, "%.1f s", (finishedAt - startedAt) / 1000.0);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", "<br>");
  }

  private static String csvField(String text) {
    if (text == null) {
      return "";
    }
    return text.contains(",") || text.contains("\"") || text.contains("\n") ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
