package dev.runbook.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testkit.registry.ApicurioRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code kafka schemas diff} and {@code kafka schemas copy} against two real Apicurio Registry
 * instances: a source read through its Confluent API and an Apicurio target; exact output and exit codes.
 */
class SchemaToolsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApicurioRegistry source;
  private static ApicurioRegistry target;

  @BeforeAll
  static void startRegistries() throws Exception {
    source = ApicurioRegistry.start("tools-source");
    target = ApicurioRegistry.start("tools-target");
    put("/config", Map.of("compatibility", "BACKWARD"));
    register("address-value", "{\"type\":\"record\",\"name\":\"Address\",\"fields\":[]}", List.of());
    register("orders-value", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"a\",\"type\":\"Address\"}]}",
        List.of(Map.of("name", "Address", "subject", "address-value", "version", 1)));
    put("/config/orders-value", Map.of("compatibility", "FULL"));
  }

  @AfterAll
  static void stopRegistries() {
    target.close();
    source.close();
  }

  @Test
  void diffFindsTheMissingSubjectsDryRunWritesNothingCopyMakesThemEqual() {
    String[] registries = {"--source", source.confluentApi().toString(), "--target", target.baseUrl().toString(),
        "--target-kind", "apicurio"};

    Run before = run(concat(new String[] {"schemas", "diff"}, registries));
    assertEquals(1, before.exitCode, before.err);
    assertEquals(List.of(
        "difference: global compatibility: BACKWARD on the source, NONE on the target",
        "difference: address-value: on the source only",
        "difference: orders-value: on the source only",
        "difference: schema id 1: found on the source only",
        "difference: schema id 2: found on the source only",
        "DIFFERENT: 5 differences; 2 subjects, 2 versions, 2 schema ids compared"), before.out.lines().toList());

    Run dryRun = run(concat(new String[] {"schemas", "copy", "--dry-run"}, registries));
    assertEquals(0, dryRun.exitCode, dryRun.err);
    assertEquals(List.of(
        "new subject: address-value",
        "new subject: orders-value",
        "write address-value/1 as schema id 1 (AVRO)",
        "write orders-value/1 as schema id 2 (AVRO, references address-value/1)",
        "set global compatibility BACKWARD",
        "set compatibility of orders-value FULL",
        "2 versions to write, 0 already on the target, 0 conflicts",
        "dry run: nothing written"), dryRun.out.lines().toList());
    assertEquals(1, run(concat(new String[] {"schemas", "diff"}, registries)).exitCode);

    Run copy = run(concat(new String[] {"schemas", "copy"}, registries));
    assertEquals(0, copy.exitCode, copy.err);
    assertEquals("COPIED: 2 versions written to " + target.baseUrl() + "; 2 subjects, 2 versions, 2 schema ids verified",
        copy.out.lines().reduce((a, b) -> b).orElseThrow());

    Run after = run(concat(new String[] {"schemas", "diff"}, registries));
    assertEquals(0, after.exitCode, after.out + after.err);
    assertEquals("MATCH: 2 subjects, 2 versions, 2 schema ids compared\n", after.out);
    assertEquals("", after.err);
  }

  @Test
  void aBadUrlIsAUsageErrorInOneLine() {
    Run bad = run("schemas", "diff", "--source", "psrc-1", "--target", target.baseUrl().toString());
    assertEquals(2, bad.exitCode);
    assertEquals("Invalid value for option '--source': 'psrc-1' is not an http(s) URL", bad.err.lines().findFirst().orElseThrow());
  }

  @Test
  void aMissingCredentialVariableIsOneLine() {
    Run missing = run("schemas", "diff", "--source", source.confluentApi().toString(), "--source-user-env", "NO_SUCH_SR_KEY",
        "--target", target.baseUrl().toString());
    assertEquals(3, missing.exitCode);
    assertEquals("error: environment variable NO_SUCH_SR_KEY (--source-user-env) is not set\n", missing.err);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = KafkaTools.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static void register(String subject, String schema, List<Map<String, Object>> references) throws Exception {
    send("POST", "/subjects/" + subject + "/versions", Map.of("schema", schema, "references", references));
  }

  private static void put(String path, Object body) throws Exception {
    send("PUT", path, body);
  }

  private static void send(String method, String path, Object body) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(source.confluentApi() + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
  }
}
