package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.http.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code confluent} target as Confluent's documented API answers: IMPORT mode per subject,
 * registrations with explicit {@code id} and {@code version}, soft deletes, compatibility; the exact
 * requests the copy sends, and the ones it never sends when it must refuse.
 */
@Timeout(30)
class ConfluentImportWriterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADDRESS = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"shop\",\"fields\":[]}";
  private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":"
      + "[{\"name\":\"address\",\"type\":\"shop.Address\"}]}";
  private static final SchemaReference TO_ADDRESS = new SchemaReference("shop.Address", "address-value", 1);

  @StartStop
  private final MockWebServer server = new MockWebServer();
  private final FakeConfluent confluent = new FakeConfluent();

  /** Source: address-value/1 (id 7), orders-value/1 (id 8, FULL) referencing it, orders-key/1 (id 3) and /2 (id 9, soft-deleted). */
  private static final RegistryContents SOURCE = new RegistryContents("BACKWARD", "READWRITE", List.of(
      new SubjectSchemas("address-value", null, null, List.of(new SchemaVersion("address-value", 1, 7, "AVRO", ADDRESS, List.of(), false))),
      new SubjectSchemas("orders-key", null, null, List.of(
          new SchemaVersion("orders-key", 1, 3, "AVRO", "\"string\"", List.of(), false),
          new SchemaVersion("orders-key", 2, 9, "AVRO", "\"long\"", List.of(), true))),
      new SubjectSchemas("orders-value", "FULL", null, List.of(
          new SchemaVersion("orders-value", 1, 8, "AVRO", ORDER, List.of(TO_ADDRESS), false)))));

  private ConfluentRegistryClient target() {
    server.setDispatcher(confluent);
    return ConfluentRegistryClient.connect(server.url("/").toString(), "key", "secret",
        ConfluentRegistryClient.defaultHttpClient(), new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void importsTheMissingVersionsWithTheirIdsAndVersionsReferencesFirstThenSoftDeletesAndCompatibility() throws Exception {
    confluent.reads.put("GET /subjects/address-value/versions?deleted=true", "[1]");
    confluent.reads.put("GET /subjects/address-value/versions", "[1]");
    confluent.reads.put("GET /subjects/address-value/versions/1?deleted=true",
        "{\"subject\":\"address-value\",\"version\":1,\"id\":7,\"schema\":" + JSON.writeValueAsString(ADDRESS) + "}");
    confluent.reads.put("GET /config/address-value?defaultToGlobal=true", "{\"compatibilityLevel\":\"NONE\"}");
    confluent.reads.put("GET /mode/address-value?defaultToGlobal=true", "{\"mode\":\"READWRITE\"}");
    ConfluentRegistryClient target = target();

    SchemaCopy.apply(SchemaCopy.plan(SOURCE, target), new ConfluentImportWriter(target));

    assertEquals(List.of(
            "PUT /mode/orders-key?force=true {\"mode\":\"IMPORT\"}",
            "PUT /mode/orders-value?force=true {\"mode\":\"IMPORT\"}",
            "POST /subjects/orders-key/versions {\"schemaType\":\"AVRO\",\"schema\":\"\\\"string\\\"\",\"references\":[],\"id\":3,\"version\":1}",
            "POST /subjects/orders-key/versions {\"schemaType\":\"AVRO\",\"schema\":\"\\\"long\\\"\",\"references\":[],\"id\":9,\"version\":2}",
            "POST /subjects/orders-value/versions {\"schemaType\":\"AVRO\",\"schema\":" + JSON.writeValueAsString(ORDER)
                + ",\"references\":[{\"name\":\"shop.Address\",\"subject\":\"address-value\",\"version\":1}],\"id\":8,\"version\":1}",
            "DELETE /mode/orders-key ",
            "DELETE /mode/orders-value ",
            "DELETE /subjects/orders-key/versions/2 ",
            "PUT /config {\"compatibility\":\"BACKWARD\"}",
            "PUT /config/orders-value {\"compatibility\":\"FULL\"}"),
        confluent.writes);
    assertEquals("Basic a2V5OnNlY3JldA==", confluent.authorization);
  }

  @Test
  void softDeletesWhatTheSourceSoftDeletedSinceTheCopyAndSetsTheSubjectsOwnMode() {
    confluent.reads.put("GET /subjects/orders-key/versions?deleted=true", "[1]");
    confluent.reads.put("GET /subjects/orders-key/versions", "[1]");
    confluent.reads.put("GET /subjects/orders-key/versions/1?deleted=true",
        "{\"subject\":\"orders-key\",\"version\":1,\"id\":3,\"schema\":\"\\\"string\\\"\"}");
    confluent.reads.put("GET /config/orders-key?defaultToGlobal=true", "{\"compatibilityLevel\":\"BACKWARD\"}");
    confluent.reads.put("GET /config", "{\"compatibilityLevel\":\"BACKWARD\"}");
    confluent.reads.put("GET /mode/orders-key?defaultToGlobal=true", "{\"mode\":\"READWRITE\"}");
    ConfluentRegistryClient target = target();
    RegistryContents source = new RegistryContents("BACKWARD", "READWRITE", List.of(new SubjectSchemas("orders-key", null,
        "READONLY", List.of(new SchemaVersion("orders-key", 1, 3, "AVRO", "\"string\"", List.of(), true)))));

    SchemaCopyPlan plan = SchemaCopy.plan(source, target);
    SchemaCopy.apply(plan, new ConfluentImportWriter(target));

    assertEquals(List.of(), plan.conflicts());
    assertEquals(List.of("DELETE /subjects/orders-key/versions/1 ", "PUT /mode/orders-key {\"mode\":\"READONLY\"}"),
        confluent.writes);
  }

  @Test
  void aVersionSoftDeletedOnTheTargetOnlyIsAConflict() {
    confluent.reads.put("GET /subjects/orders-key/versions?deleted=true", "[1]");
    confluent.reads.put("GET /subjects/orders-key/versions", "[]");
    confluent.reads.put("GET /subjects/orders-key/versions/1?deleted=true",
        "{\"subject\":\"orders-key\",\"version\":1,\"id\":3,\"schema\":\"\\\"string\\\"\"}");
    confluent.reads.put("GET /config/orders-key?defaultToGlobal=true", "{\"compatibilityLevel\":\"NONE\"}");
    confluent.reads.put("GET /mode/orders-key?defaultToGlobal=true", "{\"mode\":\"READWRITE\"}");
    RegistryContents source = new RegistryContents("NONE", "READWRITE", List.of(new SubjectSchemas("orders-key", null, null,
        List.of(new SchemaVersion("orders-key", 1, 3, "AVRO", "\"string\"", List.of(), false)))));

    assertEquals(List.of("orders-key/1 is soft-deleted on the target only"), SchemaCopy.plan(source, target()).conflicts());
  }

  @Test
  void refusesBeforeAnyWriteWhenAnIdIsTakenByOtherContent() {
    confluent.reads.put("GET /schemas/ids/8", "{\"schema\":\"\\\"int\\\"\"}");
    ConfluentRegistryClient target = target();

    SchemaCopyPlan plan = SchemaCopy.plan(SOURCE, target);
    SchemaConflictException refused = assertThrows(SchemaConflictException.class,
        () -> SchemaCopy.apply(plan, new ConfluentImportWriter(target)));

    assertEquals("1 conflict(s) on " + server.url("/") + ", nothing written: schema id 8 of orders-value/1 is taken on the "
        + "target by different content", refused.getMessage());
    assertEquals(List.of(), confluent.writes);
  }

  @Test
  void failsWhenTheTargetGivesAnotherIdAndStillReturnsTheSubjectToItsMode() {
    confluent.idGiven = 42;
    ConfluentRegistryClient target = target();
    RegistryContents one = new RegistryContents("BACKWARD", "READWRITE", List.of(SOURCE.subjects().get(0)));

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> SchemaCopy.apply(SchemaCopy.plan(one, target), new ConfluentImportWriter(target)));

    assertEquals(server.url("/") + " registered address-value/1 as schema id 42 instead of 7: it does not honour IMPORT mode",
        refused.getMessage());
    assertEquals(List.of("PUT /mode/address-value?force=true {\"mode\":\"IMPORT\"}",
        "POST /subjects/address-value/versions {\"schemaType\":\"AVRO\",\"schema\":" + quoted(ADDRESS)
            + ",\"references\":[],\"id\":7,\"version\":1}",
        "DELETE /mode/address-value "), confluent.writes);
  }

  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers reads from a table (404 with Confluent's error codes otherwise) and records every write with its body. */
  private static final class FakeConfluent extends Dispatcher {
    final Map<String, String> reads = new HashMap<>(Map.of(
        "GET /config", "{\"compatibilityLevel\":\"NONE\"}",
        "GET /mode", "{\"mode\":\"READWRITE\"}"));
    final List<String> writes = new ArrayList<>();
    Integer idGiven;
    String authorization;

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
      authorization = request.getHeaders().get("Authorization");
      String call = request.getMethod() + " " + request.getTarget();
      if (request.getMethod().equals("GET")) {
        String body = reads.get(call);
        if (body != null) {
          return json(200, body);
        }
        int code = request.getTarget().startsWith("/schemas/ids/") ? 40403 : 40401;
        return json(404, "{\"error_code\":" + code + ",\"message\":\"not found\"}");
      }
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      writes.add(call + " " + body);
      if (call.startsWith("POST ")) {
        try {
          int id = idGiven != null ? idGiven : JSON.readTree(body).path("id").asInt();
          return json(200, "{\"id\":" + id + "}");
        } catch (Exception e) {
          return json(422, "{\"error_code\":42201,\"message\":\"bad body\"}");
        }
      }
      if (call.startsWith("DELETE /subjects/")) {
        return json(200, call.substring(call.lastIndexOf('/') + 1));
      }
      if (call.startsWith("DELETE /mode/")) {
        return json(200, "{\"mode\":\"READWRITE\"}");
      }
      return json(200, body);
    }

    private static MockResponse json(int code, String body) {
      return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
          .body(body).build();
    }
  }
}
