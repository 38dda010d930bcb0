package dev.runbook.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's codec server protocol over the JDK's HTTP server, so the Temporal UI and CLI can show
 * encrypted payloads decoded: {@code POST /encode} and {@code POST /decode} (also under a namespace
 * prefix, {@code /{namespace}/decode}) take and return {@code {"payloads":[{"metadata":{..},"data":".."}]}}
 * in proto3 JSON (bytes as base64). Answers CORS preflights for the configured UI origins, refuses
 * requests for another namespace ({@code X-Namespace}) and, with a bearer token, requests without it.
 * Logs method, path and status only, never payloads.
 */
public final class CodecServer implements AutoCloseable {

  /**
   * Where to listen, which namespace's payloads it serves, which browser origins may call it, and
   * the bearer token callers must present (null: none, allowed only on a loopback address).
   */
  public record Settings(InetSocketAddress address, String namespace, Set<String> allowedOrigins, String bearerToken) {
    public Settings {
      allowedOrigins = Set.copyOf(allowedOrigins);
      if (bearerToken != null && bearerToken.isBlank()) {
        bearerToken = null;
      }
      if (bearerToken == null && !address.getAddress().isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to serve decoded payloads on " + address.getAddress().getHostAddress()
            + " without a bearer token: set " + TOKEN_ENVIRONMENT_VARIABLE + " or bind to 127.0.0.1");
      }
    }
  }

  public static final String TOKEN_ENVIRONMENT_VARIABLE = "RUNBOOK_CODEC_SERVER_TOKEN";
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  private static final Pattern OPERATION_PATH = Pattern.compile("(?:/[^/]+)?/(encode|decode)");
  private static final String ALLOWED_HEADERS = "Content-Type, X-Namespace, Authorization";
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);

  private final HttpServer server;
  private final PayloadCodec codec;
  private final Settings settings;

  private CodecServer(HttpServer server, PayloadCodec codec, Settings settings) {
    this.server = server;
    this.codec = codec;
    this.settings = settings;
  }

  /** Starts listening; {@code settings.address()} may name port 0 for any free port. */
  public static CodecServer start(PayloadCodec codec, Settings settings) throws IOException {
    CodecServer codecServer = new CodecServer(HttpServer.create(settings.address(), 0), codec, settings);
    codecServer.server.createContext("/", codecServer::handle);
    codecServer.server.start();
    return codecServer;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = respond(exchange);
      log.info("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), status);
    }
  }

  private int respond(HttpExchange exchange) throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    boolean corsAllowed = origin != null && settings.allowedOrigins().contains(origin);
    if (corsAllowed) {
      Headers headers = exchange.getResponseHeaders();
      headers.set("Access-Control-Allow-Origin", origin);
      headers.set("Access-Control-Allow-Credentials", "true");
      headers.set("Vary", "Origin");
    }
    String method = exchange.getRequestMethod();
    if (method.equals("OPTIONS")) {
      if (!corsAllowed) {
        return send(exchange, 403, "origin " + origin + " may not call this codec server");
      }
      exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
      exchange.getResponseHeaders().set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
      exchange.sendResponseHeaders(204, -1);
      return 204;
    }
    UnaryOperator<List<Payload>> operation = operation(exchange.getRequestURI().getPath());
    if (operation == null) {
      return send(exchange, 404, "not found: POST /encode or /decode");
    }
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
      return send(exchange, 405, "use POST");
    }
    if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      return send(exchange, 401, "a valid bearer token is required");
    }
    String namespace = exchange.getRequestHeaders().getFirst("X-Namespace");
    if (namespace != null && !namespace.equals(settings.namespace())) {
      return send(exchange, 403, "this codec server serves namespace '" + settings.namespace() + "', not '" + namespace + "'");
    }
    Payloads request;
    try {
      Payloads.Builder builder = Payloads.newBuilder();
      JsonFormat.parser().merge(readBody(exchange.getRequestBody()), builder);
      request = builder.build();
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return send(exchange, 400, "the body must be {\"payloads\":[{\"metadata\":{...},\"data\":\"base64\"}]}: " + e.getMessage());
    }
    List<Payload> result;
    try {
      result = operation.apply(request.getPayloadsList());
    } catch (PayloadCodecException e) {
      return send(exchange, 400, e.getMessage());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    return send(exchange, 200,
        JsonFormat.printer().omittingInsignificantWhitespace().print(Payloads.newBuilder().addAllPayloads(result).build()));
  }

  /** {@code /encode}, {@code /decode}, or either under a namespace prefix as the temporal CLI's {@code --codec-endpoint} templating builds. */
  private UnaryOperator<List<Payload>> operation(String path) {
    Matcher matcher = OPERATION_PATH.matcher(path);
    if (!matcher.matches()) {
      return null;
    }
    return matcher.group(1).equals("encode") ? codec::encode : codec::decode;
  }

  private boolean authorized(String authorization) {
    if (settings.bearerToken() == null) {
      return true;
    }
    byte[] expected = ("Bearer " + settings.bearerToken()).getBytes(StandardCharsets.UTF_8);
    byte[] given = (authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }

  private static String readBody(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("larger than " + MAX_BODY_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }
}
