package dev.runbook.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Hostile variants of a plan, the same for every run (seeded): fields dropped, types swapped, huge,
 * empty and unicode strings, absurd numbers, duplicated keys, deep nesting, YAML anchors, aliases
 * and an alias bomb, and one 10 MB file. Each comes as YAML (what {@code runbook start} reads) and,
 * where JSON can say the same, as JSON (what {@code temporal workflow start --input} sends).
 */
public final class PlanMutations {

  /** One variant of a plan: {@code kind} says what was done and where; {@code json} is null for YAML-only tricks. */
  public record Mutation(String kind, String yaml, String json) {
    @Override
    public String toString() {
      return kind;
    }
  }

  /** An example plan: its file, the runbook that reads it ({@code kafka} or {@code airflow}) and its text. */
  public record ExamplePlan(Path file, String runbook, String text) {}

  /**
   * Variants per plan: 1,000 in the long suite ({@code scripts/long-tests.sh}), fewer in the test
   * command to keep CI short ({@code -Drunbook.fuzz.perPlan=N}); the same seed, so the short run is the
   * first part of the long one.
   */
  public static final int PER_PLAN = Integer.getInteger("runbook.fuzz.perPlan", 1_000);
  static final int HUGE = 100_000;
  static final int TEN_MB = 10 * 1024 * 1024;
  static final int DEEP = 1_000;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final StreamWriteConstraints DEEPER = StreamWriteConstraints.builder().maxNestingDepth(2 * DEEP).build();
  private static final JsonFactory JSON_FACTORY = JsonFactory.builder().streamWriteConstraints(DEEPER).build();
  private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder().streamWriteConstraints(DEEPER)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> STRINGS = List.of(
      "", " ", "\u202Egnp.exe\u202C", "مرحبا-עולם", "🚀💥🔥", "a\u0000b", "\u0007\u001b[31mred\u001b[0m", "line1\nline2",
      "tab\there\r\n", "e\u0301\u0301\u0301", "\uFEFFbom", "FILL-ME", "${jndi:ldap://x}", "../../etc/passwd", "'; DROP --",
      "null", "true", "NaN", "-Infinity", "0x1F", "１２３");
  private static final List<String> NUMBERS = List.of(
      "-1", "0", "-0", "9223372036854775808", "-9223372036854775809", "2147483648", "1e308", "-1e308", "1e-308",
      "3.7", ".nan", ".inf", "-.inf", "0o17", "1_000");

  private PlanMutations() {}

  /** The example plans of {@code deploy/examples}, kafka and airflow by file name, the lab's URLs filled in as the lab does. */
  public static List<ExamplePlan> examples(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted()
          .map(file -> new ExamplePlan(file, file.getFileName().toString().startsWith("airflow") ? "airflow" : "kafka",
              read(file).replace("SOURCE_URL", "http://127.0.0.1:28080").replace("TARGET_URL", "http://127.0.0.1:28180")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #PER_PLAN} variants of the plan, the same ones for the same plan text. */
  public static List<Mutation> of(String planYaml) {
    JsonNode plan = parse(planYaml);
    Random random = new Random(planYaml.hashCode());
    List<String> paths = new ArrayList<>();
    collectPaths(plan, "", paths);
    List<Mutation> mutations = new ArrayList<>();
    mutations.add(tenMegabytes(plan));
    mutations.add(aliasBomb(plan));
    while (mutations.size() < PER_PLAN) {
      String path = paths.get(random.nextInt(paths.size()));
      int kind = mutations.size() % 12;
      mutations.add(switch (kind) {
        case 0 -> replaced(plan, path, null, "drop " + path);
        case 1 -> swapType(plan, path, random);
        case 2 -> replaced(plan, path, NODES.textNode(huge(random)), "huge string at " + path);
        case 3 -> replaced(plan, path, NODES.textNode(""), "empty string at " + path);
        case 4 -> {
          String text = STRINGS.get(random.nextInt(STRINGS.size()));
          yield replaced(plan, path, NODES.textNode(text), "string " + escape(text) + " at " + path);
        }
        case 5 -> {
          String number = NUMBERS.get(random.nextInt(NUMBERS.size()));
          yield rawScalar(plan, path, number, "number " + number + " at " + path);
        }
        case 6 -> duplicateKey(plan, random);
        case 7 -> replaced(plan, path, deep(random.nextBoolean()), "1000 levels deep at " + path);
        case 8 -> anchorAndAlias(plan, random);
        case 9 -> replaced(plan, path, NODES.textNode(STRINGS.get(random.nextInt(STRINGS.size())) + huge(random)),
            "huge unicode string at " + path);
        case 10 -> replaced(plan, path, NODES.nullNode(), "null at " + path);
        default -> replaced(plan, path, NODES.arrayNode().add(NODES.nullNode()).add(plan.at(path).deepCopy()),
            "list with null at " + path);
      });
    }
    return mutations;
  }

  // ---- the kinds of mutation ----

  private static Mutation swapType(JsonNode plan, String path, Random random) {
    JsonNode[] others = {
        NODES.textNode("x"), NODES.numberNode(42), NODES.arrayNode().add("x").add(1),
        NODES.objectNode().put("x", 1), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode()};
    JsonNode other = others[random.nextInt(others.length)];
    return replaced(plan, path, other, "type " + other.getNodeType() + " at " + path);
  }

  /** A scalar written as it stands in YAML (so {@code .nan} and {@code 0o17} stay YAML's) and as the nearest JSON. */
  private static Mutation rawScalar(JsonNode plan, String path, String scalar, String kind) {
    String marker = "RAW-SCALAR-MARKER";
    Mutation marked = replaced(plan, path, NODES.textNode(marker), kind);
    String json = scalar.matches("-?\\d+(\\.\\d+)?(e-?\\d+)?") ? scalar : "\"" + scalar + "\"";
    return new Mutation(kind, marked.yaml.replace("\"" + marker + "\"", scalar).replace(marker, scalar), marked.json.replace("\"" + marker + "\"", json));
  }

  private static Mutation duplicateKey(JsonNode plan, Random random) {
    List<String> objects = new ArrayList<>();
    collectObjects(plan, "", objects);
    String path = objects.get(random.nextInt(objects.size()));
    ObjectNode object = (ObjectNode) plan.at(path);
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    String field = names.get(random.nextInt(names.size()));
    String kind = "duplicate key " + (path.isEmpty() ? "" : path + ".") + field;
    return new Mutation(kind, write(YAML_FACTORY, plan, path, field), write(JSON_FACTORY, plan, path, field));
  }

  /** Replaces a top-level section by an alias of another (an anchor defined on the first), and a merge key. */
  private static Mutation anchorAndAlias(JsonNode plan, Random random) {
    List<String> top = new ArrayList<>();
    plan.fieldNames().forEachRemaining(top::add);
    String anchored = top.get(random.nextInt(top.size()));
    String aliased = top.get(random.nextInt(top.size()));
    StringBuilder yaml = new StringBuilder();
    for (String name : top) {
      if (name.equals(aliased) && !name.equals(anchored)) {
        yaml.append(name).append(": *shared\n");
        continue;
      }
      ObjectNode section = NODES.objectNode().set(name, plan.get(name).deepCopy());
      String text = toYaml(section);
      if (name.equals(anchored)) {
        text = text.replaceFirst("^" + java.util.regex.Pattern.quote(name) + ":", name + ": &shared");
        if (name.equals(aliased) && plan.get(name).isObject()) {
          text = text + "  <<: *shared\n";
        }
      }
      yaml.append(text);
    }
    return new Mutation("anchor on " + anchored + ", alias at " + aliased, yaml.toString(), null);
  }

  /** The billion laughs: ten levels of ten aliases each, 10^9 strings if expanded. */
  private static Mutation aliasBomb(JsonNode plan) {
    StringBuilder bomb = new StringBuilder("lol0: &a0 [\"lol\"]\n");
    for (int i = 1; i <= 9; i++) {
      bomb.append("lol").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    String yaml = toYaml(plan).replaceFirst("(?m)^migrationId: .*$", "migrationId: *a9");
    return new Mutation("billion laughs alias bomb", bomb + yaml, null);
  }

  private static Mutation tenMegabytes(JsonNode plan) {
    StringBuilder padding = new StringBuilder(TEN_MB + 100);
    while (padding.length() < TEN_MB) {
      padding.append("# ").append("padding ".repeat(16)).append('\n');
    }
    String yaml = padding + toYaml(plan);
    ObjectNode big = plan.deepCopy();
    big.put("migrationId", "x".repeat(TEN_MB));
    return new Mutation("10 MB file", yaml, write(JSON_FACTORY, big, null, null));
  }

  // ---- trees ----

  private static Mutation replaced(JsonNode plan, String path, JsonNode value, String kind) {
    JsonNode copy = plan.deepCopy();
    String parentPath = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    String last = path.substring(path.lastIndexOf('/') + 1);
    JsonNode parent = copy.at(parentPath);
    if (parent instanceof ObjectNode object) {
      if (value == null) {
        object.remove(last);
      } else {
        object.set(last, value);
      }
    } else if (parent instanceof ArrayNode array) {
      int index = Integer.parseInt(last);
      if (value == null) {
        array.remove(index);
      } else {
        array.set(index, value);
      }
    }
    return new Mutation(kind, toYaml(copy), write(JSON_FACTORY, copy, null, null));
  }

  private static JsonNode deep(boolean lists) {
    JsonNode node = NODES.textNode("bottom");
    for (int i = 0; i < DEEP; i++) {
      node = lists ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
    }
    return node;
  }

  private static void collectPaths(JsonNode node, String path, List<String> paths) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path + "/" + field.getKey();
        paths.add(child);
        collectPaths(field.getValue(), child, paths);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        paths.add(path + "/" + i);
        collectPaths(node.get(i), path + "/" + i, paths);
      }
    }
  }

  private static void collectObjects(JsonNode node, String path, List<String> objects) {
    if (node.isObject() && node.size() > 0) {
      objects.add(path);
    }
    if (node.isContainerNode()) {
      List<String> names = new ArrayList<>();
      if (node.isObject()) {
        node.fieldNames().forEachRemaining(names::add);
      } else {
        for (int i = 0; i < node.size(); i++) {
          names.add(String.valueOf(i));
        }
      }
      names.forEach(name -> collectObjects(node.at(path + "/" + name), path + "/" + name, objects));
    }
  }

  /** Writes the tree; in the object at {@code dupPath}, {@code dupField} comes twice (first with a swapped value). */
  private static String write(JsonFactory factory, JsonNode tree, String dupPath, String dupField) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = factory.createGenerator(out).setCodec(YAML)) {
      writeNode(generator, tree, "", dupPath, dupField);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeNode(JsonGenerator generator, JsonNode node, String path, String dupPath, String dupField)
      throws IOException {
    if (node.isObject()) {
      generator.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (path.equals(dupPath) && field.getKey().equals(dupField)) {
          generator.writeFieldName(field.getKey());
          generator.writeString("duplicate");
        }
        generator.writeFieldName(field.getKey());
        writeNode(generator, field.getValue(), path + "/" + field.getKey(), dupPath, dupField);
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (int i = 0; i < node.size(); i++) {
        writeNode(generator, node.get(i), path + "/" + i, dupPath, dupField);
      }
      generator.writeEndArray();
    } else {
      generator.writeTree(node);
    }
  }

  private static String toYaml(JsonNode tree) {
    return write(YAML_FACTORY, tree, null, null);
  }

  private static String huge(Random random) {
    return String.valueOf((char) ('a' + random.nextInt(26))).repeat(HUGE);
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder("'");
    text.codePoints().forEach(c -> escaped.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : Character.toString(c)));
    return escaped.append("'").toString();
  }

  private static JsonNode parse(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
