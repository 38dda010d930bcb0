package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import dev.runbook.codec.AesGcmPayloadCodec;
import dev.runbook.connect.TemporalConnection;
import dev.runbook.kafka.offsets.MigrationDirection;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.OperatorAction;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.plan.KafkaEndpoint;
import dev.runbook.plan.SecretRef;
import dev.runbook.secrets.ReferenceResolver;
import dev.runbook.kafka.groups.GroupCutoverWorkflow;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.testing.KafkaTestEstate;
import dev.runbook.testing.RunbookTestEnvironment;
import dev.runbook.testing.RunbookProbe;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With {@code RUNBOOK_CODEC_KEYS} set, a whole Kafka runbook leaves nothing readable in Temporal's
 * history: neither the secrets its references point at nor the plan's own fields nor a failure's
 * message, yet the history decodes back to the plan with the keys.
 */
class EncryptedHistoryTest {

  static final String API_KEY = "HSCAN-apikey-7f3c91e2b4";
  static final String API_SECRET = "HSCAN-secret-Zq8vW2xYk5pL0mN3";
  static final String SOURCE = "pkc-hscan42.eu-west-1.aws.confluent.cloud:9092";
  static final Map<String, String> WORKER_ENVIRONMENT = Map.of(
      "RUNBOOK_CODEC_KEYS", "k2:" + key(2) + ",k1:" + key(1),
      "CONFLUENT_API_KEY", API_KEY,
      "CONFLUENT_API_SECRET", API_SECRET);

  @Test
  void historyHoldsNoSecretOrPlanFieldInClearTextAndDecodesBackToThePlan() {
    TemporalConnection connection = TemporalConnection.fromEnvironment(WORKER_ENVIRONMENT);
    KafkaMigrationPlan plan = planWithCredentials();
    ReferenceResolver resolver = new ReferenceResolver(WORKER_ENVIRONMENT, null);
    List<String> secrets = List.of(resolver.resolve(plan.source().username()), resolver.resolve(plan.source().password()));
    assertEquals(List.of(API_KEY, API_SECRET), secrets);

    History history;
    History groupHistory;
    InMemoryKafkaWorld world = KafkaTestEstate.world(SOURCE);
    world.failing.add("translate orders-processor");
    try (RunbookTestEnvironment env = RunbookTestEnvironment.timeSkipping().clientOptions(connection.clientOptions()).start(world)) {
      WorkflowClient client = env.client();
      KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue("runbooks").setWorkflowId(plan.workflowId()).build());
      WorkflowClient.start(run::migrate, plan);
      approve(run, KafkaMigrationWorkflow.GO_LIVE);
      // The group's step parks in the group's own child runbook, which has a history of its own.
      String groupId = GroupCutoverWorkflow.workflowId(
          plan.workflowId(), "orders-processor", MigrationDirection.SOURCE_TO_TARGET);
      GroupCutoverWorkflow group = client.newWorkflowStub(GroupCutoverWorkflow.class, groupId);
      RunbookProbe.awaitProgress(group, progress -> progress.parkedStep() != null, Duration.ofSeconds(20));
      world.failing.clear();
      group.act(new OperatorAction(OperatorAction.Kind.RETRY, null, "alice", null));
      approve(run, KafkaMigrationWorkflow.DECOMMISSION);
      assertEquals(RunbookStatus.COMPLETED, RunbookProbe.result(run, Duration.ofSeconds(30)).status());
      history = client.fetchHistory(plan.workflowId()).getHistory();
      groupHistory = client.fetchHistory(groupId).getHistory();
    }

    // Search attributes stay readable (Temporal indexes them): they name phases, steps and gates, never endpoints or secrets.
    for (History each : List.of(history, groupHistory)) {
      String raw = each.toByteString().toString(StandardCharsets.ISO_8859_1);
      for (String clearText : List.of(API_KEY, API_SECRET, SOURCE, KafkaTestEstate.TARGET,
          "CONFLUENT_API_KEY", "failing on purpose", "alice")) {
        assertFalse(raw.contains(clearText), "history contains '" + clearText + "' in clear text");
      }
      // The SDK writes a Workflow.getVersion marker (change id and version, names from our code) without the codec.
      List<Payload> payloads = each.getEventsList().stream()
          .filter(event -> !isVersionMarker(event))
          .flatMap(event -> payloadsOutsideSearchAttributes(event).stream())
          .toList();
      assertTrue(payloads.size() > 10, "only " + payloads.size() + " payloads found");
      payloads.forEach(payload -> assertEquals(AesGcmPayloadCodec.ENCODING,
          payload.getMetadataOrThrow("encoding").toStringUtf8(), "unencrypted payload: " + payload));
    }

    List<Failure> failures = failures(groupHistory);
    assertEquals(1, failures.size());
    assertEquals("Encoded failure", failures.get(0).getMessage());
    assertTrue(failures.get(0).hasEncodedAttributes());

    Payloads input = history.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
    DataConverter converter = connection.dataConverter();
    assertEquals(plan, converter.fromPayloads(0, Optional.of(input), KafkaMigrationPlan.class, KafkaMigrationPlan.class));
  }

  static void approve(KafkaMigrationWorkflow run, String gate) {
    RunbookProbe.awaitGate(run, gate, Duration.ofSeconds(20));
    run.decide(GateDecision.approve(gate, "alice", null));
  }

  static KafkaMigrationPlan planWithCredentials() {
    KafkaMigrationPlan plan = KafkaTestEstate.plan(KafkaMigrationPlan.Cutover.Order.CONSUMERS_FIRST);
    KafkaEndpoint source = new KafkaEndpoint(SOURCE, "SASL_SSL", "PLAIN",
        SecretRef.env("CONFLUENT_API_KEY"), SecretRef.env("CONFLUENT_API_SECRET"), null);
    return new KafkaMigrationPlan(plan.migrationId(), source, plan.target(), plan.topics(), plan.replication(),
        plan.verification(), plan.cutover(), plan.decommission(), plan.approvals());
  }

  /** Every Payload anywhere in the history except search attributes, which Temporal must index and codecs never touch. */
  static List<Payload> payloadsOutsideSearchAttributes(Message message) {
    List<Payload> found = new ArrayList<>();
    if (message instanceof Payload payload) {
      found.add(payload);
    } else if (!(message instanceof SearchAttributes)) {
      message.getAllFields().values().forEach(value -> {
        for (Object element : value instanceof List<?> list ? list : List.of(value)) {
          if (element instanceof Message child) {
            found.addAll(payloadsOutsideSearchAttributes(child));
          }
        }
      });
    }
    return found;
  }

  static boolean isVersionMarker(HistoryEvent event) {
    return event.hasMarkerRecordedEventAttributes() && "Version".equals(event.getMarkerRecordedEventAttributes().getMarkerName());
  }

  static List<Failure> failures(History history) {
    return history.getEventsList().stream()
        .filter(HistoryEvent::hasActivityTaskFailedEventAttributes)
        .map(event -> event.getActivityTaskFailedEventAttributes().getFailure())
        .toList();
  }

  static String key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }
}
