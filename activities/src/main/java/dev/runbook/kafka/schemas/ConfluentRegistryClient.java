package dev.runbook.kafka.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.http.HttpApiException;
import dev.runbook.http.JsonHttpClient;
import dev.runbook.http.RequestAuth;
import dev.runbook.http.RetryPolicy;
import dev.runbook.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Confluent Schema Registry's REST API (also served by Apicurio under {@code /apis/ccompat/v7}):
 * subjects, versions with soft-deleted ones, schemas by ID, compatibility and modes, and the writes
 * of an ID-preserving copy (IMPORT mode, registration with explicit {@code id} and {@code version}).
 */
public final class ConfluentRegistryClient {

  private static final Map<String, List<String>> NONE = Map.of();
  private static final Map<String, List<String>> DELETED = Map.of("deleted", List.of("true"));
  private static final Map<String, List<String>> DEFAULT_TO_GLOBAL = Map.of("defaultToGlobal", List.of("true"));

  private final JsonHttpClient api;
  private final String url;

  public ConfluentRegistryClient(JsonHttpClient api, String url) {
    this.api = api;
    this.url = url;
  }

  /** A client for the API at {@code url}; {@code username}/{@code password} as basic auth, or {@code null} for none. */
  public static ConfluentRegistryClient connect(String url, String username, String password, OkHttpClient http, RetryPolicy retry) {
    HttpUrl base = HttpUrl.parse(url);
    if (base == null) {
      throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
    }
    RequestAuth auth = username == null ? RequestAuth.NONE : () -> Credentials.basic(username, password);
    return new ConfluentRegistryClient(new JsonHttpClient(http, base, auth, retry, Sleeper.REAL, new ObjectMapper()), url);
  }

  /** A client with no credentials, as the tools and tests use on loopback. */
  public static ConfluentRegistryClient connect(String url) {
    return connect(url, null, null, defaultHttpClient(), RetryPolicy.standard());
  }

  public static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60)).build();
  }

  public String url() {
    return url;
  }

  /** Every subject, the soft-deleted ones too when {@code withDeleted}. */
  public List<String> subjects(boolean withDeleted) {
    return strings(api.get("/subjects", withDeleted ? DELETED : NONE));
  }

  /** The subject's version numbers, soft-deleted ones too when {@code withDeleted}; empty when there is none. */
  public List<Integer> versions(String subject, boolean withDeleted) {
    return orEmpty(() -> integers(api.get("/subjects/" + JsonHttpClient.segment(subject) + "/versions",
        withDeleted ? DELETED : NONE)));
  }

  /** One version, soft-deleted or not ({@code deleted} is left false: only the listings tell). */
  public Optional<SchemaVersion> version(String subject, int version) {
    return found(() -> {
      JsonNode node = api.get("/subjects/" + JsonHttpClient.segment(subject) + "/versions/" + version, DELETED);
      return new SchemaVersion(subject, version, node.path("id").asInt(), type(node), node.path("schema").asText(),
          references(node), false);
    });
  }

  /** The schema an ID stands for, as {@code /schemas/ids/{id}} answers: type, text, references. */
  public Optional<SchemaById> schemaById(int id) {
    return found(() -> {
      JsonNode node = api.get("/schemas/ids/" + id, NONE);
      return new SchemaById(id, type(node), node.path("schema").asText(), references(node));
    });
  }

  /** What {@code /schemas/ids/{id}} returns: the content behind a schema ID. */
  public record SchemaById(int id, String schemaType, String schema, List<SchemaReference> references) {}

  public String compatibility() {
    return api.get("/config", NONE).path("compatibilityLevel").asText();
  }

  /** The compatibility a subject is checked with (its own, else the global one). */
  public String effectiveCompatibility(String subject) {
    return api.get("/config/" + JsonHttpClient.segment(subject), DEFAULT_TO_GLOBAL).path("compatibilityLevel").asText();
  }

  public String mode() {
    return api.get("/mode", NONE).path("mode").asText();
  }

  /** The mode a subject is in (its own, else the global one). */
  public String effectiveMode(String subject) {
    return api.get("/mode/" + JsonHttpClient.segment(subject), DEFAULT_TO_GLOBAL).path("mode").asText();
  }

  /** Sets the registry's global mode, e.g. {@code READONLY} so that nobody registers any more. */
  public void setMode(String mode) {
    api.call("PUT", "/mode", NONE, Map.of("mode", mode));
  }

  /** Sets one subject's own mode. */
  public void setMode(String subject, String mode) {
    api.call("PUT", "/mode/" + JsonHttpClient.segment(subject), NONE, Map.of("mode", mode));
  }

  /** Puts one subject in IMPORT mode (forced: it may hold versions already), so explicit IDs are accepted. */
  public void importMode(String subject) {
    api.call("PUT", "/mode/" + JsonHttpClient.segment(subject), Map.of("force", List.of("true")), Map.of("mode", "IMPORT"));
  }

  /** Lets the subject follow the registry's mode again. */
  public void clearMode(String subject) {
    api.call("DELETE", "/mode/" + JsonHttpClient.segment(subject), NONE, null);
  }

  /** Registers a version with its own ID and version number (the subject must be in IMPORT mode). */
  public void registerWithId(SchemaVersion version) {
    JsonNode answer = api.call("POST", "/subjects/" + JsonHttpClient.segment(version.subject()) + "/versions", NONE,
        new ImportRegistration(version.schemaType(), version.schema(), version.references(), version.id(), version.version()));
    if (answer.path("id").asInt() != version.id()) {
      throw new IllegalStateException(url + " registered " + version.label() + " as schema id " + answer.path("id").asInt()
          + " instead of " + version.id() + ": it does not honour IMPORT mode");
    }
  }

  /** The body of an ID-preserving registration, in the field order Confluent documents. */
  record ImportRegistration(String schemaType, String schema, List<SchemaReference> references, int id, int version) {}

  /** Soft-deletes one version: it stays readable by ID and with {@code ?deleted=true}. */
  public void softDelete(String subject, int version) {
    api.call("DELETE", "/subjects/" + JsonHttpClient.segment(subject) + "/versions/" + version, NONE, null);
  }

  /** Deletes a subject for good: soft first, as the API requires, then permanently (its IDs are free again). */
  public void deleteSubject(String subject) {
    String path = "/subjects/" + JsonHttpClient.segment(subject);
    found(() -> api.call("DELETE", path, NONE, null));
    found(() -> api.call("DELETE", path, Map.of("permanent", List.of("true")), null));
  }

  public void setCompatibility(String subject, String level) {
    api.call("PUT", "/config/" + JsonHttpClient.segment(subject), NONE, Map.of("compatibility", level));
  }

  public void setCompatibility(String level) {
    api.call("PUT", "/config", NONE, Map.of("compatibility", level));
  }

  private static String type(JsonNode node) {
    return node.path("schemaType").asText("AVRO");
  }

  private static List<SchemaReference> references(JsonNode node) {
    List<SchemaReference> references = new ArrayList<>();
    for (JsonNode reference : node.path("references")) {
      references.add(new SchemaReference(reference.path("name").asText(), reference.path("subject").asText(),
          reference.path("version").asInt()));
    }
    return references;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static List<Integer> integers(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asInt()));
    return values;
  }

  private static <T> List<T> orEmpty(java.util.function.Supplier<List<T>> read) {
    return found(read).orElse(List.of());
  }

  private static <T> Optional<T> found(java.util.function.Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (HttpApiException e) {
      if (e.reason() == HttpApiException.Reason.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
