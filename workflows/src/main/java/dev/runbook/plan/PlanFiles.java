package dev.runbook.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads plans strictly: YAML or JSON (JSON is YAML), unknown fields and wrong types are errors
 * that name the field's path, e.g. {@code plan.yaml: cutover.consumerGroups[0].grup: unknown field}.
 */
public final class PlanFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private PlanFiles() {}

  /** Reads a plan file. @throws IllegalArgumentException naming the file and the field */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return parse(file.toString(), Files.readString(file), type);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
  }

  /** Parses plan text; {@code origin} names it in errors. */
  public static <T> T parse(String origin, String text, Class<T> type) {
    try {
      return YAML.readValue(text, type);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(origin + ": " + path(e) + ": unknown field (known: "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
    } catch (InvalidFormatException e) {
      throw new IllegalArgumentException(origin + ": " + path(e) + ": " + invalidValue(e));
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(origin + ": " + path(e) + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
  }

  /** The plan as JSON, for {@code temporal workflow start --input}. */
  public static String toJson(Object plan) {
    try {
      return new ObjectMapper().registerModule(new JavaTimeModule())
          .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).writeValueAsString(plan);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the plan as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The plan with {@code approvals.startedBy} set to the person starting it, so that two-person
   * gates can refuse that person's approval; it travels in the workflow's input, which nobody can
   * change later. A plan without approvals is returned as it is (its validator reports that).
   *
   * @throws IllegalArgumentException when the plan already names someone else
   */
  @SuppressWarnings("unchecked")
  public static <T> T startedBy(T plan, String starter) {
    ObjectNode tree = YAML.valueToTree(plan);
    if (!(tree.get("approvals") instanceof ObjectNode approvals)) {
      return plan;
    }
    JsonNode named = approvals.get("startedBy");
    if (named != null && !named.isNull() && !named.asText().equals(starter)) {
      throw new IllegalArgumentException("approvals.startedBy: the plan says '" + named.asText()
          + "' but '" + starter + "' is starting it; remove the field (the CLI records who starts)");
    }
    approvals.put("startedBy", starter);
    try {
      return (T) YAML.treeToValue(tree, plan.getClass());
    } catch (IOException e) {
      throw new IllegalStateException("cannot record who started the plan: " + e.getMessage(), e);
    }
  }

  /** The plan as the YAML {@link #read} takes back: fields left null are left out, durations in ISO-8601. */
  public static String toYaml(Object plan) {
    try {
      return new ObjectMapper(new YAMLFactory()
              .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .registerModule(new JavaTimeModule())
          .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).writeValueAsString(plan);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the plan as YAML: " + e.getMessage(), e);
    }
  }

  /** An enum constant as a plan spells it: its {@code @JsonProperty} name, else its own. */
  private static String planName(Object constant) {
    String name = ((Enum<?>) constant).name();
    try {
      JsonProperty property = constant.getClass().getField(name).getAnnotation(JsonProperty.class);
      return property == null ? name : property.value();
    } catch (NoSuchFieldException e) {
      return name;
    }
  }

  /** What was wrong with a value, in the plan's words rather than Java's. */
  private static String invalidValue(InvalidFormatException e) {
    String value = "'" + e.getValue() + "'";
    Class<?> type = e.getTargetType();
    if (type.isEnum()) {
      return value + " is not one of " + Arrays.stream(type.getEnumConstants()).map(PlanFiles::planName)
          .collect(Collectors.joining(", "));
    }
    if (type == Duration.class) {
      return value + " is not an ISO-8601 duration (e.g. PT30M, PT6H)";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return value + " is not a whole number";
    }
    return value + " is not a valid " + type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      } else {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      }
    }
    return path.isEmpty() ? "(top level)" : path.toString();
  }
}
