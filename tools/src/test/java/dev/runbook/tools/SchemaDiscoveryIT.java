package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testkit.kafka.KafkaTestCluster;
import dev.runbook.testkit.registry.ApicurioRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kafka discover --schema-registry} and the {@code schemaRegistry} section {@code kafka plan}
 * drafts from it, against a real KRaft cluster and a real Apicurio Registry read through its
 * Confluent API: references, a soft-deleted version, per-subject compatibility and mode.
 */
class SchemaDiscoveryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static KafkaTestCluster cluster;
  private static ApicurioRegistry registry;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    cluster = KafkaTestCluster.start("schema-discovery");
    cluster.createTopic("orders", 2);
    cluster.createTopic("payments", 1);
    registry = ApicurioRegistry.start("discovered");
    send("PUT", "/config", Map.of("compatibility", "BACKWARD"));
    register("address-value", "{\"type\":\"record\",\"name\":\"Address\",\"fields\":[]}", List.of());
    register("orders-value", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"a\",\"type\":\"Address\"}]}",
        List.of(Map.of("name", "Address", "subject", "address-value", "version", 1)));
    register("orders-value", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"a\",\"type\":\"Address\"},"
        + "{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null}]}",
        List.of(Map.of("name", "Address", "subject", "address-value", "version", 1)));
    send("DELETE", "/subjects/orders-value/versions/1", null);
    register("orders-key", "\"string\"", List.of());
    register("legacy-value", "\"int\"", List.of());
    send("PUT", "/config/orders-value", Map.of("compatibility", "FULL"));
    send("PUT", "/mode/orders-key", Map.of("mode", "READONLY"));
  }

  @AfterAll
  static void stop() {
    registry.close();
    cluster.close();
  }

  @Test
  void discoverListsEveryVersionBesideTheTopicsAndPlanDraftsTheRegistrySection() throws Exception {
    Path discovery = dir.resolve("discovery");
    Run discover = kafka("discover", "--source", cluster.bootstrapServers(), "--out", discovery.toString(),
        "--schema-registry", registry.confluentApi().toString());

    assertEquals(0, discover.exitCode(), discover.err());
    assertEquals("""
        subject,version,id,type,deleted,compatibility,mode,references
        address-value,1,1,AVRO,false,BACKWARD,READWRITE,
        legacy-value,1,5,AVRO,false,BACKWARD,READWRITE,
        orders-key,1,4,AVRO,false,BACKWARD,READONLY,
        orders-value,1,2,AVRO,true,FULL,READWRITE,Address=address-value/1
        orders-value,2,3,AVRO,false,FULL,READWRITE,Address=address-value/1
        """, Files.readString(discovery.resolve("schemas.csv")));
    List<String> lines = discover.out().lines().toList();
    assertEquals(registry.confluentApi() + ": 4 subjects, 5 versions (1 soft-deleted), 5 schema ids; compatibility BACKWARD,"
        + " mode READWRITE", lines.get(lines.size() - 2));
    assertEquals("wrote " + discovery.resolve("discovery.json") + ", " + discovery.resolve("topics.csv") + ", "
        + discovery.resolve("groups.csv") + ", " + discovery.resolve("producers.csv") + ", " + discovery.resolve("acls.csv") + ", "
        + discovery.resolve("quotas.csv") + ", "
        + discovery.resolve("schemas.csv"), lines.get(lines.size() - 1));

    Path plan = dir.resolve("plan.yaml");
    Run drafted = kafka("plan", "--from", discovery.toString(), "--out", plan.toString(),
        "--target-namespace", "kafka", "--target-cluster", "payments");
    assertEquals(0, drafted.exitCode(), drafted.err());
    String yaml = Files.readString(plan);
    assertTrue(yaml.contains("""
        # Schema Registry: 3 subjects move (the topics' <topic>-key and <topic>-value, and what they reference): \
        address-value, orders-key, orders-value
        # Left out (no migrated topic; name them in schemaRegistry.subjects.include to move them): legacy-value
        # schemaRegistry.target: an Apicurio Registry (kind apicurio) is assumed; kind confluent for a
        # registry with Confluent's API and IMPORT mode.
        """), yaml);
    assertTrue(yaml.endsWith("""
        schemaRegistry:
          source:
            url: %s
          target:
            url: FILL-ME
            kind: apicurio
          lockSourceAtCutover: true
        """.formatted(registry.confluentApi())), yaml);
    assertTrue(drafted.out().contains("  - schemaRegistry.target.url: placeholder not filled\n"), drafted.out());
  }

  @Test
  void anUnsetCredentialVariableIsOneLineAndNothingIsWritten() {
    Path discovery = dir.resolve("never");
    Run run = kafka("discover", "--source", cluster.bootstrapServers(), "--out", discovery.toString(),
        "--schema-registry", registry.confluentApi().toString(), "--schema-registry-user-env", "NO_SUCH_SR_KEY");

    assertEquals(3, run.exitCode());
    assertEquals("error: environment variable NO_SUCH_SR_KEY (--schema-registry-user-env) is not set\n", run.err());
    assertFalse(Files.exists(discovery));
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run kafka(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = KafkaTools.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static void register(String subject, String schema, List<Map<String, Object>> references) throws Exception {
    send("POST", "/subjects/" + subject + "/versions", Map.of("schema", schema, "references", references));
  }

  private static void send(String method, String path, Object body) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.confluentApi() + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
  }
}
