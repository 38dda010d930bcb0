package dev.runbook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads an operator's payload (a gate decision, an action) field by field, so that a payload of the
 * wrong shape — a list, a bare string, a field holding a list — reaches the handler and is refused
 * there in one line naming the field, instead of failing in the data converter with Jackson's
 * multi-line message (an Update) or being dropped with only a worker log (a Signal).
 */
final class PayloadFields {

  private final JsonNode node;
  private final String what;
  private String problem;

  /** {@code what} names the payload and its shape for the message, e.g. "a decision {gate, approver, verdict, comment}". */
  PayloadFields(JsonNode node, String what) {
    this.node = node;
    this.what = what;
    if (node == null || !node.isObject()) {
      problem = what + " is a JSON object, got " + kind(node);
    }
  }

  /** The field's text; null when absent or null, or (with a problem recorded) when not a string. */
  String text(String field) {
    JsonNode value = node != null && node.isObject() ? node.get(field) : null;
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      problem(field + " must be a string, got " + kind(value));
      return null;
    }
    return value.asText();
  }

  /** The field's constant of {@code type}; null when absent or not one of them (the caller names the allowed values). */
  <E extends Enum<E>> E constant(String field, Class<E> type) {
    String name = text(field);
    return name == null ? null
        : Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(name)).findFirst().orElse(null);
  }

  /** The first thing wrong with the payload's shape, or null. */
  String problem() {
    return problem;
  }

  static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
  }

  private void problem(String text) {
    if (problem == null) {
      problem = what + ": " + text;
    }
  }

  private static String kind(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "an object";
    }
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    return value.isBoolean() ? "true/false" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
