package dev.runbook.tools;

import dev.runbook.plan.PlanFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Writes a drafted plan (a header comment, then the YAML {@code ./runbook start} reads) and lists
 * what the runbook's own validator still refuses in the file as written: the placeholders to fill.
 */
final class DraftedPlan {

  private DraftedPlan() {}

  static <P> void write(Path out, String header, P plan, Class<P> type, Function<P, List<String>> validator,
      String runbook, PrintWriter print) throws IOException {
    Files.writeString(out, header + PlanFiles.toYaml(plan));
    List<String> toFill = validator.apply(PlanFiles.read(out, type));
    print.println(toFill.size() + " to fill before ./runbook start " + runbook + " --plan " + out + " --dry-run accepts it:");
    toFill.forEach(line -> print.println("  - " + line));
  }
}
