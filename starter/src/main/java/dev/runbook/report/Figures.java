package dev.runbook.report;

import dev.runbook.airflow.AirflowFacts;
import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kernel.Fact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run's facts as people read them: each known fact with its label and its value described (the
 * lag samples as a summary, not a thousand numbers), in the order its runbook declares them; facts
 * no runbook declares (written by an older version) after them under their key.
 */
public final class Figures {

  /** One row: the fact's key, its label, its value for people. */
  public record Figure(String key, String label, String value) {}

  private static final List<Fact<?>> KNOWN = Stream.concat(KafkaFacts.ALL.stream(), AirflowFacts.ALL.stream()).toList();

  private Figures() {}

  public static List<Figure> of(Map<String, String> facts) {
    Map<String, String> left = new TreeMap<>(facts);
    List<Figure> rows = new ArrayList<>();
    for (Fact<?> fact : KNOWN) {
      for (String key : List.copyOf(left.keySet())) {
        Optional<String> subject = fact.subjectOf(key);
        if (subject.isPresent()) {
          rows.add(new Figure(key, fact.label(subject.get()), describe(fact, left.remove(key))));
        }
      }
    }
    left.forEach((key, value) -> rows.add(new Figure(key, key, value)));
    return rows;
  }

  /** The figures as label → value, for views that show them as a list. */
  public static Map<String, String> byLabel(Map<String, String> facts) {
    Map<String, String> labelled = new LinkedHashMap<>();
    of(facts).forEach(row -> labelled.put(row.label(), row.value()));
    return labelled;
  }

  private static String describe(Fact<?> fact, String stored) {
    try {
      return fact.describe(stored);
    } catch (RuntimeException unreadable) {
      return stored;
    }
  }
}
