package dev.runbook.testkit.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.testkit.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol, for pages that keep changing ({@link HeadlessChromium}
 * renders a static file in one call): it opens a page, waits until the rendered text
 * shows what the test expects, then saves a screenshot and the rendered DOM. The Temporal UI is a
 * single-page app that keeps polling the server, so Chromium's own {@code --virtual-time-budget}
 * never settles on it and {@code --dump-dom} alone returns before it has rendered.
 */
public final class ChromiumSession implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final Replies replies;

  private ChromiumSession(Process process, Path profile, WebSocket page, Replies replies) {
    this.process = process;
    this.profile = profile;
    this.page = page;
    this.replies = replies;
  }

  /**
   * Chromium, or empty with the reason in {@code skipReason}; fails when it is missing on CI
   * ({@code CI=true} or {@code RUNBOOK_REQUIRE_AIRFLOW} set), where {@code scripts/test.sh} installs it.
   */
  public static Optional<Path> findBinary(StringBuilder skipReason) {
    if (Files.isExecutable(BINARY)) {
      return Optional.of(BINARY);
    }
    String message = "no " + BINARY + ": scripts/test.sh installs it (apt-get install chromium)";
    if ("true".equals(System.getenv("CI")) || System.getenv("RUNBOOK_REQUIRE_AIRFLOW") != null) {
      throw new IllegalStateException(message + "; on CI this is a failure");
    }
    skipReason.append(message);
    return Optional.empty();
  }

  /** Starts Chromium with a fresh profile in {@code dir}, a window of {@code width} x {@code height}, logging to {@code dir}. */
  public static ChromiumSession start(Path binary, Path dir, int width, int height) throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("chromium.log").toFile()))
        .start();
    try {
      int port = devToolsPort(process, profile.resolve("DevToolsActivePort"));
      HttpClient http = HttpClient.newHttpClient();
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      String pageSocket = null;
      for (JsonNode target : targets) {
        if ("page".equals(target.path("type").asText())) {
          pageSocket = target.get("webSocketDebuggerUrl").asText();
        }
      }
      if (pageSocket == null) {
        throw new IllegalStateException("Chromium opened no page: " + targets);
      }
      Replies replies = new Replies();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), replies).join();
      return new ChromiumSession(process, profile, socket, replies);
    } catch (IOException | RuntimeException | InterruptedException e) {
      stop(process);
      throw e;
    }
  }

  /**
   * Opens {@code url}, waits until the page's rendered text passes {@code rendered}, saves a PNG of the
   * window to {@code screenshot} and the rendered DOM beside it ({@code .html}); returns the page's text.
   */
  public String capture(String url, Predicate<String> rendered, Duration timeout, Path screenshot) throws IOException {
    call("Page.navigate", Map.of("url", url));
    String text = Eventually.await(url + " shows what the test expects", timeout, this::renderedText, rendered);
    Files.createDirectories(screenshot.getParent());
    Files.write(screenshot, Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText()));
    Files.writeString(screenshot.resolveSibling(screenshot.getFileName().toString().replaceFirst("\\.png$", "") + ".html"),
        evaluate("document.documentElement.outerHTML"));
    return text;
  }

  /** Stops Chromium and removes the socket directory it keeps outside its profile ({@code /tmp/org.chromium.Chromium.*}). */
  @Override
  public void close() throws IOException {
    page.abort();
    Path singleton = profile.resolve("SingletonSocket");
    Path socketDir = Files.isSymbolicLink(singleton) ? Files.readSymbolicLink(singleton).getParent() : null;
    stop(process);
    if (socketDir != null && socketDir.getFileName().toString().startsWith("org.chromium.Chromium.")) {
      try (Stream<Path> files = Files.list(socketDir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(socketDir);
    }
  }

  /** The page's text; empty while the page being navigated to has no document to ask yet. */
  private String renderedText() {
    try {
      return evaluate("document.body ? document.body.innerText : ''");
    } catch (IllegalStateException betweenDocuments) {
      return "";
    }
  }

  private String evaluate(String expression) {
    return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true)).path("result").path("value").asText();
  }

  private JsonNode call(String method, Map<String, Object> params) {
    int id = replies.next.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.waiting.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    page.sendText(message.toString(), true).join();
    try {
      JsonNode answer = reply.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (answer.has("error")) {
        throw new IllegalStateException(method + " failed: " + answer.get("error"));
      }
      return answer.get("result");
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " got no answer within " + CALL_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      replies.waiting.remove(id);
    }
  }

  /** Chromium writes its DevTools port to the profile once it listens. */
  private static int devToolsPort(Process process, Path activePort) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + "; see chromium.log");
      }
      if (Files.exists(activePort)) {
        List<String> lines = Files.readAllLines(activePort);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).trim());
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Chromium opened no DevTools port within " + CALL_TIMEOUT);
  }

  /** SIGTERM lets Chromium end its own helpers; any still alive after 10 s are killed, the browser last. */
  private static void stop(Process process) {
    List<ProcessHandle> helpers = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Matches the protocol's answers to the calls waiting for them; events are ignored. */
  private static final class Replies implements WebSocket.Listener {
    final AtomicInteger next = new AtomicInteger();
    final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode message = parse(partial.toString());
        partial.setLength(0);
        CompletableFuture<JsonNode> reply = message.has("id") ? waiting.get(message.get("id").asInt()) : null;
        if (reply != null) {
          reply.complete(message);
        }
      }
      socket.request(1);
      return null;
    }

    private static JsonNode parse(String text) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
