package dev.runbook.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.world.KafkaRehearsal;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lab's size options and the plan it writes for that size; bad sizes are refused before anything starts. */
class LabOptionsTest {

  static final Path TEMPLATE = Path.of("../deploy/examples/kafka-lab-plan.yaml");

  @TempDir Path home;

  @Test
  void theDefaultWorldGivesTheExamplePlanAsWritten() throws Exception {
    String template = Files.readString(TEMPLATE);
    assertEquals(template.replace("SOURCE_BOOTSTRAP", "127.0.0.1:9092"),
        KafkaRehearsal.plan(template, KafkaRehearsal.FLOWS, "127.0.0.1:9092"));
  }

  @Test
  void aLargerWorldPutsEveryTopicInThePlanAndEveryGroupAndProducerInTheCutover() throws Exception {
    List<KafkaRehearsal.Flow> flows = KafkaRehearsal.flows(3, 5);
    String plan = KafkaRehearsal.plan(Files.readString(TEMPLATE), flows, "127.0.0.1:9092");

    assertEquals(List.of("orders-processor", "payments-ledger", "events-3-reader-3", "orders-reader-4", "payments-reader-5"),
        flows.stream().map(KafkaRehearsal.Flow::consumerGroup).toList());
    assertEquals(List.of("orders", "payments", "events-3", "orders", "payments"), flows.stream().map(KafkaRehearsal.Flow::topic).toList());
    assertTrue(plan.contains("  include: \"orders|payments|events-3\"\n"), plan);
    assertEquals(5, plan.split("    - group: ", -1).length - 1, plan);
    assertTrue(plan.contains("    - group: orders-reader-4\n      apps:\n        - {namespace: shop, deployment: orders-reader-4, "
        + "container: app, bootstrap: {configMap: orders-reader-4, key: bootstrap.servers},\n           credentials: "
        + "{securityProtocol: KAFKA_SECURITY_PROTOCOL, saslMechanism: KAFKA_SASL_MECHANISM, saslJaasConfig: KAFKA_SASL_JAAS_CONFIG,"
        + " truststore: KAFKA_SSL_TRUSTSTORE_CERTIFICATES}}\n"), plan);
    assertEquals(3, plan.split("deployment: [a-z0-9-]+-producer,", -1).length - 1, "one producer per topic: " + plan);
  }

  @Test
  void fewerGroupsThanTopicsIsRefusedInOneLineBeforeAnythingStarts() {
    assertRefused("runbook lab: need at least one topic and at least as many consumer groups as topics (got 3 topics, 2 groups)\n",
        "--topics", "3", "--groups", "2");
  }

  @Test
  void aNegativeBacklogIsRefusedInOneLineBeforeAnythingStarts() {
    assertRefused("runbook lab: --backlog cannot be negative (got -1)\n", "--backlog", "-1");
  }

  private void assertRefused(String expectedScreen, String... args) {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    System.setProperty("runbook.home", home.toString());
    try {
      int exit = new CommandLine(new Lab(new PrintStream(screen, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader(""))))
          .execute(args);
      assertEquals(2, exit);
      assertEquals(expectedScreen, screen.toString(StandardCharsets.UTF_8));
      assertFalse(Files.exists(home.resolve(".lab")), "nothing may be created for a refused lab");
    } finally {
      System.clearProperty("runbook.home");
    }
  }
}
