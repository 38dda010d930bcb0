package dev.runbook.kafka.schemas;

import static dev.runbook.testing.KafkaTestEstate.SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaFacts;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kernel.GateDecision;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookStatus;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.testing.KafkaTestEstate;
import dev.runbook.testing.RunbookProbe;
import dev.runbook.testing.RunbookTestEnvironment;
import dev.runbook.testkit.registry.ApicurioRegistry;
import dev.runbook.testkit.registry.SerdeRegistryClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Kafka runbook's schema phase with the real Schema Registry activities between two real Apicurio
 * registries (the Kafka side in memory): versions a producer registers mid-run arrive on the target
 * with their IDs before the gates, the source turns read-only when the last producer moves, and
 * rollback gives it back its mode and removes the copy.
 */
class SchemaSyncRunbookIT {

  private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
      + "{\"name\":\"address\",\"type\":\"shop.Address\"}";

  @Test
  void versionsRegisteredMidRunArriveBeforeTheGatesAndRollbackLeavesTheSourceAsItWas() {
    try (ApicurioRegistry sourceRegistry = ApicurioRegistry.start("runbook-source");
        ApicurioRegistry targetRegistry = ApicurioRegistry.start("runbook-target")) {
      SerdeRegistryClient producer = new SerdeRegistryClient(sourceRegistry.confluentApi());
      producer.register("address-value", "AVRO", "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"shop\",\"fields\":[]}");
      SerdeRegistryClient.Reference address = new SerdeRegistryClient.Reference("shop.Address", "address-value", 1);
      producer.register("orders-value", "AVRO", ORDER + "]}", address);
      producer.register("billing-value", "AVRO", "\"string\"");
      producer.register("billing-value", "AVRO", "\"bytes\"");
      producer.softDelete("billing-value", 1);
      producer.register("orders-key", "AVRO", "\"long\"");
      producer.mode("orders-key", "READONLY");
      producer.compatibility("orders-value", "FULL");
      ConfluentRegistryClient source = ConfluentRegistryClient.connect(sourceRegistry.confluentApi().toString());
      ConfluentRegistryClient target = ConfluentRegistryClient.connect(
          ApicurioImportWriter.confluentApi(targetRegistry.baseUrl().toString()));

      InMemoryKafkaWorld world = KafkaTestEstate.world(SOURCE);
      AtomicInteger whileMirrorMakerStarts = new AtomicInteger();
      world.holding = step -> {
        if (step.startsWith("apply mirrormaker") && whileMirrorMakerStarts.get() == 0) {
          whileMirrorMakerStarts.set(producer.register("orders-value", "AVRO", ORDER + ",{\"name\":\"note\","
              + "\"type\":[\"null\",\"string\"],\"default\":null}]}", address));
        }
        return false;
      };
      SchemaRegistryActivitiesImpl schemas = new SchemaRegistryActivitiesImpl(ref -> {
        throw new AssertionError("no credentials in this plan");
      }, ConfluentRegistryClient.defaultHttpClient());
      KafkaMigrationPlan estate = KafkaTestEstate.plan(KafkaMigrationPlan.Cutover.Order.CONSUMERS_FIRST);
      KafkaMigrationPlan plan = new KafkaMigrationPlan(estate.migrationId(), estate.source(), estate.target(), estate.topics(),
          estate.replication(), estate.verification(), estate.cutover(), estate.decommission(), estate.approvals(), null,
          new KafkaMigrationPlan.SchemaRegistry(
              new SchemaRegistryEndpoint(sourceRegistry.confluentApi().toString(), null, null, null),
              new SchemaRegistryEndpoint(targetRegistry.baseUrl().toString(), SchemaRegistryEndpoint.Kind.APICURIO, null, null),
              null, null));

      try (RunbookTestEnvironment env = RunbookTestEnvironment.timeSkipping().start(world, schemas)) {
        WorkflowClient client = env.client();
        KafkaMigrationWorkflow run = client.newWorkflowStub(KafkaMigrationWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue(RunbookTestEnvironment.TASK_QUEUE).setWorkflowId(plan.workflowId()).build());
        WorkflowClient.start(run::migrate, plan);

        Progress atGoLive = RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.GO_LIVE, Duration.ofSeconds(60));
        assertTrue(whileMirrorMakerStarts.get() > 0, "the version registered while MirrorMaker 2 started");
        assertEquals(whileMirrorMakerStarts.get(), target.version("orders-value", 2).orElseThrow().id());
        assertEquals("schemas match: 4 subjects, 6 versions, 6 schema ids",
            KafkaFacts.SCHEMA_VERIFICATION.in(atGoLive.facts()).orElseThrow());
        assertEquals(List.of(2), target.versions("billing-value", false));
        assertEquals("READONLY", target.effectiveMode("orders-key"));

        int whileGoLiveWaits = producer.register("orders-value", "AVRO", ORDER + ",{\"name\":\"note\","
            + "\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null}]}",
            address);
        run.decide(GateDecision.approve(KafkaMigrationWorkflow.GO_LIVE, "alice", null));
        Progress atDecommission = RunbookProbe.awaitGate(run, KafkaMigrationWorkflow.DECOMMISSION, Duration.ofSeconds(60));
        assertEquals(whileGoLiveWaits, target.version("orders-value", 3).orElseThrow().id());
        assertEquals("READONLY", source.mode());
        assertEquals("READWRITE", KafkaFacts.SCHEMA_SOURCE_MODE.in(atDecommission.facts()).orElseThrow());
        assertEquals(List.of(), SchemaVerification.verify(source, target,
            List.of("address-value", "billing-value", "orders-key", "orders-value")).differences());

        run.decide(GateDecision.reject(KafkaMigrationWorkflow.DECOMMISSION, "alice", "rehearsal"));
        assertEquals(RunbookStatus.ROLLED_BACK, RunbookProbe.result(run, Duration.ofSeconds(60)).status());
        assertEquals("READWRITE", source.mode());
        assertEquals(List.of(), target.subjects(true));
        assertEquals(List.of(1, 2, 3), source.versions("orders-value", false));
      }
    }
  }
}
