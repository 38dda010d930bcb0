package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.registry.ApicurioRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The testkit's Apicurio Registry: starts empty on loopback, serves the Confluent API, and is gone after close. */
class ApicurioRegistryIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsEmptyServesTheConfluentApiAndStopsOnClose() throws Exception {
    URI subjects;
    try (ApicurioRegistry registry = ApicurioRegistry.start("launcher")) {
      subjects = URI.create(registry.confluentApi() + "/subjects");
      assertEquals("127.0.0.1", registry.baseUrl().getHost());
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(subjects).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals("[]", response.body().strip());
      long rss = registry.residentBytes();
      assertTrue(rss > 50L << 20, "resident size " + rss);
      System.out.printf("Apicurio Registry %s ready in %d ms, RSS %d MiB%n",
          ApicurioRegistry.VERSION, registry.startTime().toMillis(), rss >> 20);
    }
    URI stopped = subjects;
    assertThrows(ConnectException.class, () -> sendQuietly(stopped));
  }

  private void sendQuietly(URI uri) throws IOException, InterruptedException {
    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
  }
}
