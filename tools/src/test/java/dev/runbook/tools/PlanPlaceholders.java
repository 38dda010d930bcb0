package dev.runbook.tools;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a drafted plan as an operator edits it: {@code field: FILL-ME} gets a value per field, {@code - FILL-ME} an approver. */
final class PlanPlaceholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("(\\w+): FILL-ME|- FILL-ME");

  private PlanPlaceholders() {}

  static String fill(String drafted, Function<String, String> valueOfField) {
    Matcher placeholder = PLACEHOLDER.matcher(drafted);
    StringBuilder filled = new StringBuilder();
    while (placeholder.find()) {
      String field = placeholder.group(1);
      String line = field == null ? "- alice" : field + ": " + valueOfField.apply(field);
      placeholder.appendReplacement(filled, Matcher.quoteReplacement(line));
    }
    return placeholder.appendTail(filled).toString();
  }
}
