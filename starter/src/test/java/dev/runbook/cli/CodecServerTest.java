package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.codec.AesGcmPayloadCodec;
import dev.runbook.codec.CodecKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The codec server over real HTTP on a loopback port: protocol, CORS, namespace and bearer-token checks. */
class CodecServerTest {

  static final String UI = "http://localhost:8233";
  static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  static final String TOKEN = "codec-token-for-tests";
  /** A json/plain payload {"ok":true}; proto3 JSON writes metadata values and data as base64. */
  static final String PLAIN = "{\"payloads\":[{\"metadata\":{\"encoding\":\"" + b64("json/plain") + "\"},\"data\":\""
      + b64("{\"ok\":true}") + "\"}]}";

  final HttpClient http = HttpClient.newHttpClient();
  CodecServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void encodesIntoEncryptedPayloadsAndDecodesThemBack() throws Exception {
    start(null);

    HttpResponse<String> encoded = post("/encode", PLAIN, Map.of("X-Namespace", "default"));
    assertEquals(200, encoded.statusCode());
    assertEquals(Optional.of("application/json"), encoded.headers().firstValue("Content-Type"));
    assertTrue(encoded.body().startsWith("{\"payloads\":[{\"metadata\":{\"encoding\":\"" + b64("binary/encrypted")
        + "\",\"encryption-key-id\":\"" + b64("k1") + "\"},\"data\":\""), encoded.body());

    HttpResponse<String> decoded = post("/decode", encoded.body(), Map.of("X-Namespace", "default"));
    assertEquals(200, decoded.statusCode());
    assertEquals(PLAIN, decoded.body());
  }

  @Test
  void servesTheNamespacePrefixedPathsOfTheTemporalCli() throws Exception {
    start(null);

    String encoded = post("/default/encode", PLAIN, Map.of()).body();

    assertEquals(PLAIN, post("/default/decode", encoded, Map.of()).body());
  }

  @Test
  void answersThePreflightOfTheConfiguredUiOrigin() throws Exception {
    start(TOKEN);

    HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/decode"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", UI)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-namespace,authorization"));

    assertEquals(204, preflight.statusCode());
    assertEquals(Optional.of(UI), preflight.headers().firstValue("Access-Control-Allow-Origin"));
    assertEquals(Optional.of("true"), preflight.headers().firstValue("Access-Control-Allow-Credentials"));
    assertEquals(Optional.of("POST, OPTIONS"), preflight.headers().firstValue("Access-Control-Allow-Methods"));
    assertEquals(Optional.of("Content-Type, X-Namespace, Authorization"),
        preflight.headers().firstValue("Access-Control-Allow-Headers"));
  }

  @Test
  void refusesThePreflightOfAnyOtherOrigin() throws Exception {
    start(null);

    HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/decode"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example"));

    assertEquals(403, preflight.statusCode());
    assertEquals(Optional.empty(), preflight.headers().firstValue("Access-Control-Allow-Origin"));
  }

  @Test
  void letsTheUiOriginReadTheDecodedAnswer() throws Exception {
    start(null);

    HttpResponse<String> response = post("/encode", PLAIN, Map.of("Origin", UI));

    assertEquals(200, response.statusCode());
    assertEquals(Optional.of(UI), response.headers().firstValue("Access-Control-Allow-Origin"));
  }

  @Test
  void requiresTheBearerTokenWhenOneIsConfigured() throws Exception {
    start(TOKEN);

    HttpResponse<String> without = post("/decode", PLAIN, Map.of());
    assertEquals(401, without.statusCode());
    assertEquals("a valid bearer token is required", without.body());
    assertEquals(Optional.of("Bearer"), without.headers().firstValue("WWW-Authenticate"));
    assertEquals(401, post("/decode", PLAIN, Map.of("Authorization", "Bearer wrong")).statusCode());

    HttpResponse<String> with = post("/decode", PLAIN, Map.of("Authorization", "Bearer " + TOKEN));
    assertEquals(200, with.statusCode());
    assertEquals(PLAIN, with.body());
  }

  @Test
  void refusesAnotherNamespace() throws Exception {
    start(null);

    HttpResponse<String> response = post("/decode", PLAIN, Map.of("X-Namespace", "payments"));

    assertEquals(403, response.statusCode());
    assertEquals("this codec server serves namespace 'default', not 'payments'", response.body());
  }

  @Test
  void explainsBadRequests() throws Exception {
    start(null);
    String unknownKey = "{\"payloads\":[{\"metadata\":{\"encoding\":\"" + b64("binary/encrypted")
        + "\",\"encryption-key-id\":\"" + b64("k0") + "\"},\"data\":\"" + b64("x".repeat(40)) + "\"}]}";

    HttpResponse<String> unknown = post("/decode", unknownKey, Map.of());
    assertEquals(400, unknown.statusCode());
    assertEquals("a payload was encrypted with key 'k0', which is not in RUNBOOK_CODEC_KEYS (known ids: [k1]); "
        + "add that key back to read it", unknown.body());
    HttpResponse<String> notJson = post("/decode", "payloads please", Map.of());
    assertEquals(400, notJson.statusCode());
    assertTrue(notJson.body().startsWith("the body must be {\"payloads\":[{\"metadata\":{...},\"data\":\"base64\"}]}: "),
        notJson.body());
    assertEquals(405, send(HttpRequest.newBuilder(uri("/decode")).GET()).statusCode());
    assertEquals(404, post("/a/b/decode", PLAIN, Map.of()).statusCode());
  }

  @Test
  void refusesToServeBeyondLoopbackWithoutAToken() throws Exception {
    InetSocketAddress everywhere = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new CodecServer.Settings(everywhere, "default", Set.of(UI), null));
    assertEquals("refusing to serve decoded payloads on 0.0.0.0 without a bearer token: "
        + "set RUNBOOK_CODEC_SERVER_TOKEN or bind to 127.0.0.1", refused.getMessage());
  }

  void start(String token) throws IOException {
    server = CodecServer.start(codec(), settings(token));
  }

  static AesGcmPayloadCodec codec() {
    return new AesGcmPayloadCodec(CodecKeys.parse("k1:" + K1));
  }

  static CodecServer.Settings settings(String token) {
    return new CodecServer.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "default", Set.of(UI), token);
  }

  HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request);
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
