package dev.runbook.kafka.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.http.RetryPolicy;
import dev.runbook.plan.SchemaRegistryEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Writes onto Apicurio Registry 3 through its admin import ({@code POST /apis/registry/v3/admin/import}),
 * the one way into Apicurio that keeps IDs: its Confluent-compatible API ignores explicit IDs. The
 * zip it sends holds one content per schema ID (Apicurio's content ID is the Confluent schema ID),
 * the new subjects as artifacts, every version (soft-deleted ones DISABLED) and the compatibility
 * rules; {@code requireEmptyRegistry=false} lets it into a registry that holds other subjects. What an
 * import cannot change, a version soft-deleted on the source after it was copied and the subjects'
 * own modes, goes through the Confluent-compatible API (Apicurio keeps a mode it is given, though it
 * does not enforce READONLY). Apicurio refuses a zip of more than 10,000 entries, so the versions go
 * in imports of {@value #VERSIONS_PER_IMPORT} at most (up to five entries each), in reference order,
 * and the rules in one import after them.
 */
public final class ApicurioImportWriter implements SchemaTargetWriter {

  /** Versions per import: at most five zip entries each keeps a zip under Apicurio's limit of 10,000 entries. */
  static final int VERSIONS_PER_IMPORT = 1_500;
  private static final MediaType ZIP = MediaType.get("application/zip");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient http;
  private final HttpUrl root;
  private final String authorization;
  private final ConfluentRegistryClient confluentApi;

  /** {@code root} is the registry's root URL; {@code username}/{@code password} basic auth, or {@code null}. */
  public ApicurioImportWriter(OkHttpClient http, String root, String username, String password) {
    this.http = http;
    this.root = HttpUrl.get(root.replaceAll("/+$", ""));
    this.authorization = username == null ? null : Credentials.basic(username, password);
    this.confluentApi = ConfluentRegistryClient.connect(confluentApi(root), username, password, http, RetryPolicy.standard());
  }

  /** The Confluent-compatible API of an Apicurio registry at {@code root}. */
  public static String confluentApi(String root) {
    return SchemaRegistryEndpoint.apicurioConfluentApi(root);
  }

  @Override
  public String target() {
    return root.toString().replaceAll("/$", "");
  }

  @Override
  public void write(SchemaCopyPlan plan) {
    Set<String> created = new HashSet<>();
    for (int from = 0; from < plan.versions().size(); from += VERSIONS_PER_IMPORT) {
      List<SchemaVersion> batch = plan.versions().subList(from, Math.min(plan.versions().size(), from + VERSIONS_PER_IMPORT));
      Set<String> newHere = new HashSet<>();
      batch.stream().map(SchemaVersion::subject).filter(plan.newSubjects()::contains).filter(created::add).forEach(newHere::add);
      importZip(new SchemaCopyPlan(batch, newHere, Map.of(), null, List.of(), Map.of(), List.of(), 0));
    }
    if (!plan.subjectCompatibility().isEmpty() || plan.globalCompatibility() != null) {
      importZip(new SchemaCopyPlan(List.of(), Set.of(), plan.subjectCompatibility(), plan.globalCompatibility(), List.of(),
          Map.of(), List.of(), 0));
    }
    plan.softDeletes().forEach(v -> confluentApi.softDelete(v.subject(), v.version()));
    new TreeMap<>(plan.subjectModes()).forEach(confluentApi::setMode);
  }

  private void importZip(SchemaCopyPlan plan) {
    HttpUrl url = root.newBuilder().addPathSegments("apis/registry/v3/admin/import")
        .addQueryParameter("requireEmptyRegistry", "false").build();
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(zip(plan, System.currentTimeMillis()), ZIP))
        .header("Accept", "application/json")
        .header("X-Registry-Preserve-GlobalId", "false")
        .header("X-Registry-Preserve-ContentId", "true");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        String body = response.body().string().strip();
        throw new IllegalStateException("POST " + url.encodedPath() + " failed with HTTP " + response.code()
            + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + url.encodedPath() + " failed: " + e.getMessage(), e);
    }
  }

  /** The import zip: contents first, then artifacts, versions in reference order, rules. */
  static byte[] zip(SchemaCopyPlan plan, long now) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      entry(zip, "manifest.Manifest.json", ordered("systemName", "runbook", "systemDescription", "schemas copied by the runbook",
          "systemVersion", "n/a", "exportVersion", "3.0", "exportedOn", now, "exportedBy", "runbook"));
      Set<Integer> written = new HashSet<>();
      for (SchemaVersion version : plan.versions()) {
        if (!written.add(version.id())) {
          continue;
        }
        byte[] content = version.schema().getBytes(StandardCharsets.UTF_8);
        String hash = sha256(content);
        entry(zip, "content/" + version.id() + ".Content.json", ordered("contentId", version.id(), "canonicalHash", null,
            "contentHash", hash, "artifactType", version.schemaType(), "contentType", contentType(version.schemaType()),
            "serializedReferences", references(version.references())));
        entry(zip, "content/" + version.id() + ".Content.data", content);
      }
      Map<String, List<String>> branchVersions = new TreeMap<>();
      Set<String> artifacts = new HashSet<>();
      for (SchemaVersion version : plan.versions()) {
        String folder = "groups/default/artifacts/" + version.subject() + "/";
        if (plan.newSubjects().contains(version.subject()) && artifacts.add(version.subject())) {
          entry(zip, folder + "MetaData.Artifact.json", ordered("groupId", null, "artifactId", version.subject(),
              "artifactType", version.schemaType(), "owner", "", "createdOn", now, "modifiedBy", "", "modifiedOn", now));
        }
        entry(zip, folder + "versions/" + version.version() + ".ArtifactVersion.json", ordered("globalId", -1, "groupId", null,
            "artifactId", version.subject(), "version", String.valueOf(version.version()), "versionOrder", version.version(),
            "state", version.deleted() ? "DISABLED" : "ENABLED", "owner", "", "createdOn", now, "modifiedBy", "",
            "modifiedOn", now, "contentId", version.id()));
        if (plan.newSubjects().contains(version.subject())) {
          branchVersions.computeIfAbsent(version.subject(), s -> new ArrayList<>()).add(String.valueOf(version.version()));
        }
      }
      for (Map.Entry<String, List<String>> branch : branchVersions.entrySet()) {
        entry(zip, "groups/default/artifacts/" + branch.getKey() + "/branches/latest.Branch.json", ordered("groupId", null,
            "artifactId", branch.getKey(), "branchId", "latest", "systemDefined", true, "owner", "", "createdOn", now,
            "modifiedBy", "", "modifiedOn", now, "versions", branch.getValue()));
      }
      for (Map.Entry<String, String> rule : new TreeMap<>(plan.subjectCompatibility()).entrySet()) {
        entry(zip, "groups/default/artifacts/" + rule.getKey() + "/rules/COMPATIBILITY.ArtifactRule.json", ordered("groupId", null,
            "artifactId", rule.getKey(), "type", "COMPATIBILITY", "configuration", rule.getValue()));
      }
      if (plan.globalCompatibility() != null) {
        entry(zip, "rules/COMPATIBILITY.GlobalRule.json", ordered("ruleType", "COMPATIBILITY", "configuration",
            plan.globalCompatibility()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the import zip", e);
    }
    return bytes.toByteArray();
  }

  private static String contentType(String schemaType) {
    return "PROTOBUF".equals(schemaType) ? "application/x-protobuf" : "application/json";
  }

  private static String references(List<SchemaReference> references) throws JsonProcessingException {
    if (references.isEmpty()) {
      return null;
    }
    List<Map<String, Object>> serialized = new ArrayList<>();
    for (SchemaReference reference : references) {
      serialized.add(ordered("groupId", null, "artifactId", reference.subject(), "version", String.valueOf(reference.version()),
          "name", reference.name()));
    }
    return JSON.writeValueAsString(serialized);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static void entry(ZipOutputStream zip, String name, Object json) throws IOException {
    entry(zip, name, JSON.writeValueAsBytes(json));
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
