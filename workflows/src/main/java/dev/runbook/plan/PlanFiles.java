package dev.runbook.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads plans strictly: YAML or JSON (JSON is YAML), unknown fields and wrong types are errors
 * that name the field's path, e.g. {@code plan.yaml: cutover.consumerGroups[0].grup: unknown field}.
 */
public final class PlanFiles {

  /** The largest plan read: the biggest real plan is a few KiB; a larger file is a mistake or an attack. */
  public static final int MAX_BYTES = 1024 * 1024;
  /** How deep a plan may nest: the plan types go six levels down. */
  static final int MAX_DEPTH = 32;

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
          .loaderOptions(loaderOptions())
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .registerModule(new JavaTimeModule())
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private PlanFiles() {}

  /** Reads a plan file. @throws IllegalArgumentException naming the file and the field */
  public static <T> T read(Path file, Class<T> type) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new IllegalArgumentException(file + ": " + tooLarge(size));
      }
      return parse(file.toString(), Files.readString(file), type);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + PlanChecks.printable(firstLine(e.getMessage(), "unreadable")));
    }
  }

  /** Parses plan text; {@code origin} names it in errors. */
  public static <T> T parse(String origin, String text, Class<T> type) {
    if (text.length() > MAX_BYTES) {
      throw new IllegalArgumentException(origin + ": " + tooLarge(text.length()));
    }
    try {
      return YAML.readValue(text, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": " + problem(e));
    }
  }

  /**
   * What is wrong with a plan that cannot be read, as one line in the plan's words: the field's
   * path and the problem, e.g. {@code target.replicas: 'three' is not a whole number}; never a Java
   * type name. For the CLI and for a workflow whose input the data converter could not read.
   */
  public static String problem(IOException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return path(unknown) + ": unknown field (known: "
          + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }
    if (e instanceof InvalidFormatException invalid) {
      return path(invalid) + ": " + invalidValue(invalid);
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return path(mismatch) + ": expected " + expected(mismatch.getTargetType()) + found(mismatch);
    }
    if (e instanceof ValueInstantiationException instantiation) {
      return path(instantiation) + ": cannot be read as " + expected(instantiation.getType().getRawClass());
    }
    if (e instanceof JsonMappingException mapping && mapping.getCause() instanceof StreamConstraintsException) {
      return path(mapping) + ": " + tooDeep();
    }
    if (e instanceof JsonMappingException mapping && String.valueOf(mapping.getOriginalMessage()).startsWith("No fallback setter")) {
      return path(mapping) + ": given twice"; // a duplicate key where the reader is lenient (the SDK's JSON)
    }
    if (e instanceof JsonMappingException mapping) {
      return path(mapping) + ": " + PlanChecks.printable(firstLine(mapping.getOriginalMessage(), "unreadable"));
    }
    if (e instanceof StreamConstraintsException) {
      return tooDeep();
    }
    if (e instanceof StreamReadException read) {
      String where = read.getProcessor() != null ? pointerPath(read.getProcessor().getParsingContext()) : "(top level)";
      String line = read.getLocation() == null || read.getLocation().getLineNr() < 1 ? ""
          : " (line " + read.getLocation().getLineNr() + ")";
      String what = read.getOriginalMessage();
      if (what != null && what.startsWith("Duplicate field")) {
        return where + ": given twice" + line;
      }
      if (read instanceof InputCoercionException) {
        return where + ": the number is out of range for this field" + line;
      }
      return where + ": not valid YAML or JSON: "
          + PlanChecks.printable(firstLine(yamlProblem(read), "unreadable")) + line;
    }
    return PlanChecks.printable(firstLine(e.getMessage(), "unreadable"));
  }

  private static String tooDeep() {
    return "nested too deep (a plan needs fewer than ten levels; at most " + MAX_DEPTH + " are read)";
  }

  private static String tooLarge(long size) {
    return size + " bytes; a plan is at most " + MAX_BYTES + " bytes (1 MiB)";
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    return options;
  }

  /** SnakeYAML's own words, without the Java class names Jackson puts around them. */
  private static String yamlProblem(StreamReadException e) {
    Throwable cause = e.getCause();
    if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
      return marked.getProblem() == null ? firstLine(marked.getContext(), "unreadable") : marked.getProblem();
    }
    if (cause instanceof org.yaml.snakeyaml.error.YAMLException yaml) {
      return yaml.getMessage();
    }
    return e.getOriginalMessage();
  }

  private static String firstLine(String text, String otherwise) {
    return text == null ? otherwise : text.lines().findFirst().orElse(otherwise);
  }

  /** What a plan field of this type holds, in the plan's words. */
  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "text";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration (e.g. PT30M, PT6H)";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(PlanFiles::planName).collect(Collectors.joining(", "));
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a map of fields";
  }

  private static String found(MismatchedInputException e) {
    java.util.regex.Matcher from = java.util.regex.Pattern.compile("from (\\w+(-\\w+)?) value").matcher(e.getOriginalMessage());
    if (!from.find()) {
      return "";
    }
    return switch (from.group(1)) {
      case "Array" -> ", got a list";
      case "Object" -> ", got a map";
      case "String" -> ", got text";
      case "Integer", "Floating-point" -> ", got a number";
      case "Boolean" -> ", got true/false";
      case "Null" -> ", got nothing";
      default -> "";
    };
  }

  private static String pointerPath(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    java.util.Deque<JsonStreamContext> chain = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    for (JsonStreamContext c : chain) {
      if (c.inArray()) {
        path.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
      } else if (c.getCurrentName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
      }
    }
    return path.isEmpty() ? "(top level)" : PlanChecks.printable(path.toString());
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
    String value = PlanChecks.printable("'" + e.getValue() + "'");
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
    return path.isEmpty() ? "(top level)" : PlanChecks.printable(path.toString());
  }
}
