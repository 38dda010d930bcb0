package dev.runbook.tools;

import static dev.runbook.kafka.offsets.TranslationReportWriter.csvField;

import dev.runbook.airflow.AirflowActivities.ConnectionInfo;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What differs between two Airflow instances as the runbook's discovery sees them: DAGs missing or
 * failing to import, pause states, schedules, pools, variables, connection ids and types, import
 * errors. Each difference is one row: what, which one, how it is on each side.
 */
final class AirflowDiff {

  static final String ABSENT = "missing";
  static final String CSV_HEADER = "what,name,source,target";

  /** One difference; {@code source} and {@code target} say how it is on each side. */
  record Difference(String what, String name, String source, String target) {

    String csvLine() {
      return String.join(",", csvField(what), csvField(name), csvField(source), csvField(target));
    }
  }

  private AirflowDiff() {}

  static List<Difference> between(SourceInventory source, SourceInventory target) {
    List<Difference> differences = new ArrayList<>();
    dags(source, target, differences);
    names("pool", source.pools(), target.pools(), differences);
    names("variable", source.variables().stream().map(VariableInfo::key).toList(),
        target.variables().stream().map(VariableInfo::key).toList(), differences);
    Map<String, String> sourceConnections = byName(source.connections(), ConnectionInfo::connectionId, ConnectionInfo::type);
    Map<String, String> targetConnections = byName(target.connections(), ConnectionInfo::connectionId, ConnectionInfo::type);
    compare("connection", sourceConnections, targetConnections, ABSENT, differences);
    compare("import error", importErrors(source), importErrors(target), "none", differences);
    return differences;
  }

  private static void dags(SourceInventory source, SourceInventory target, List<Difference> differences) {
    Map<String, DagInfo> onSource = byName(source.dags(), DagInfo::dagId, Function.identity());
    Map<String, DagInfo> onTarget = byName(target.dags(), DagInfo::dagId, Function.identity());
    Map<String, String> targetErrors = importErrors(target);
    for (String dagId : union(onSource.keySet(), onTarget.keySet())) {
      DagInfo from = onSource.get(dagId);
      DagInfo to = onTarget.get(dagId);
      if (to == null && targetErrors.containsKey(from.fileLocation())) {
        differences.add(new Difference("dag", dagId, state(from), "not parsed: " + from.fileLocation() + " fails to import"));
      } else if (from == null || to == null) {
        differences.add(new Difference("dag", dagId, from == null ? ABSENT : state(from), to == null ? ABSENT : state(to)));
      } else {
        if (from.paused() != to.paused()) {
          differences.add(new Difference("pause state", dagId, state(from), state(to)));
        }
        if (!Objects.equals(from.schedule(), to.schedule())) {
          differences.add(new Difference("schedule", dagId, String.valueOf(from.schedule()), String.valueOf(to.schedule())));
        }
        if (from.hasImportErrors() != to.hasImportErrors()) {
          differences.add(new Difference("dag", dagId, from.hasImportErrors() ? "import error" : "parsed",
              to.hasImportErrors() ? "import error" : "parsed"));
        }
      }
    }
  }

  private static void names(String what, List<String> source, List<String> target, List<Difference> differences) {
    compare(what, source.stream().collect(Collectors.toMap(n -> n, n -> "present")),
        target.stream().collect(Collectors.toMap(n -> n, n -> "present")), ABSENT, differences);
  }

  private static void compare(String what, Map<String, String> source, Map<String, String> target, String absent,
      List<Difference> differences) {
    for (String name : union(source.keySet(), target.keySet())) {
      String from = source.getOrDefault(name, absent);
      String to = target.getOrDefault(name, absent);
      if (!from.equals(to)) {
        differences.add(new Difference(what, name, from, to));
      }
    }
  }

  /** Import errors by file: the runbook's discovery describes each as {@code file: last line of the traceback}. */
  private static Map<String, String> importErrors(SourceInventory inventory) {
    Map<String, String> byFile = new TreeMap<>();
    for (String error : inventory.importErrors()) {
      int colon = error.indexOf(": ");
      byFile.put(colon < 0 ? error : error.substring(0, colon), colon < 0 ? "" : error.substring(colon + 2));
    }
    return byFile;
  }

  private static String state(DagInfo dag) {
    return dag.paused() ? "paused" : "active";
  }

  private static <T, V> Map<String, V> byName(List<T> items, Function<T, String> name, Function<T, V> value) {
    Map<String, V> map = new TreeMap<>();
    items.forEach(item -> map.put(name.apply(item), value.apply(item)));
    return map;
  }

  private static TreeSet<String> union(Set<String> a, Set<String> b) {
    TreeSet<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
