package dev.runbook.kafka.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Fills a registry through its Confluent API as a producer's serializer or an operator would: register, soft-delete, configure. */
final class SourceRegistry {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI api;

  SourceRegistry(URI api) {
    this.api = api;
  }

  /** Registers a schema and returns the ID the registry gave it. */
  int register(String subject, String schemaType, String schema, SchemaReference... references) {
    Map<String, Object> body = Map.of("schemaType", schemaType, "schema", schema, "references", List.of(references));
    return JSON.valueToTree(call("POST", "/subjects/" + subject + "/versions", body)).path("id").asInt();
  }

  void softDelete(String subject, int version) {
    call("DELETE", "/subjects/" + subject + "/versions/" + version, null);
  }

  void mode(String subject, String mode) {
    call("PUT", "/mode/" + subject, Map.of("mode", mode));
  }

  void compatibility(String subject, String level) {
    call("PUT", subject == null ? "/config" : "/config/" + subject, Map.of("compatibility", level));
  }

  private Object call(String method, String path, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
          .header("Content-Type", "application/vnd.schemaregistry.v1+json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
      }
      return JSON.readValue(response.body(), Object.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
