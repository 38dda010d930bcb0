package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaMigrationPlan.SchemaRegistry;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaCopyResult;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaRequest;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaVerificationReport;
import dev.runbook.kafka.SchemaRegistryActivities.SourceModeRequest;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.testkit.registry.ApicurioRegistry;
import dev.runbook.testkit.registry.SerdeRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The schema phase's activities against two real Apicurio registries: copy, verify, a second copy that
 * writes nothing, undo; a version registered after the copy synced by the next one with its ID; the
 * source's mode set and put back (Apicurio keeps the mode it is given but does not refuse
 * registrations in READONLY: Confluent's registry does).
 */
class SchemaRegistryActivitiesIT {

  @Test
  void copiesTheTopicsSubjectsVerifiesThemAndTheUndoRemovesOnlyThem() {
    try (ApicurioRegistry sourceRegistry = ApicurioRegistry.start("phase-source");
        ApicurioRegistry targetRegistry = ApicurioRegistry.start("phase-target")) {
      SerdeRegistryClient producer = new SerdeRegistryClient(sourceRegistry.confluentApi());
      producer.register("orders-value", "AVRO", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[]}");
      producer.register("orders-value", "AVRO",
          "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null}]}");
      producer.register("orders-key", "AVRO", "\"string\"");
      producer.register("audit-value", "AVRO", "\"bytes\"");
      ConfluentRegistryClient target = ConfluentRegistryClient.connect(ApicurioImportWriter.confluentApi(targetRegistry.baseUrl().toString()));
      new ApicurioImportWriter(ConfluentRegistryClient.defaultHttpClient(), targetRegistry.baseUrl().toString(), null, null)
          .write(new SchemaCopyPlan(List.of(new SchemaVersion("kept-value", 1, 100, "AVRO", "\"int\"", List.of(), false)),
              Set.of("kept-value"), Map.of(), null, List.of(), Map.of(), List.of(), 0));
      SchemaRegistryActivitiesImpl activities = new SchemaRegistryActivitiesImpl(ref -> {
        throw new AssertionError("no credentials in this plan");
      }, ConfluentRegistryClient.defaultHttpClient());
      SchemaRequest request = new SchemaRequest(new SchemaRegistry(
          new SchemaRegistryEndpoint(sourceRegistry.confluentApi().toString(), null, null, null),
          new SchemaRegistryEndpoint(targetRegistry.baseUrl().toString(), SchemaRegistryEndpoint.Kind.APICURIO, null, null),
          null, null), List.of("orders"));

      assertEquals(new SchemaCopyResult(2, 3, 0), activities.copySchemas(request));
      SchemaVerificationReport verified = activities.verifySchemas(request);
      assertEquals(List.of(), verified.differences());
      assertEquals("schemas match: 2 subjects, 3 versions, 3 schema ids", verified.summary());
      assertEquals(new SchemaCopyResult(2, 0, 3), activities.copySchemas(request));

      activities.removeCopiedSchemas(request);
      assertEquals(List.of("kept-value"), target.subjects(true));
      activities.removeCopiedSchemas(request);
      SchemaVerificationReport afterUndo = activities.verifySchemas(request);
      assertTrue(afterUndo.differences().contains("orders-value: on the source only"), afterUndo.summary());
    }
  }

  @Test
  void aVersionRegisteredAfterTheCopyArrivesWithItsIdOnTheNextCopyAndTheSourceModeIsSetAndPutBack() {
    try (ApicurioRegistry sourceRegistry = ApicurioRegistry.start("sync-source");
        ApicurioRegistry targetRegistry = ApicurioRegistry.start("sync-target")) {
      SerdeRegistryClient producer = new SerdeRegistryClient(sourceRegistry.confluentApi());
      producer.register("orders-value", "AVRO", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[]}");
      producer.register("unrelated-value", "AVRO", "\"int\"");
      SchemaRegistryActivitiesImpl activities = new SchemaRegistryActivitiesImpl(ref -> {
        throw new AssertionError("no credentials in this plan");
      }, ConfluentRegistryClient.defaultHttpClient());
      SchemaRegistry registry = new SchemaRegistry(
          new SchemaRegistryEndpoint(sourceRegistry.confluentApi().toString(), null, null, null),
          new SchemaRegistryEndpoint(targetRegistry.baseUrl().toString(), SchemaRegistryEndpoint.Kind.APICURIO, null, null),
          null, null);
      SchemaRequest request = new SchemaRequest(registry, List.of("orders"));
      assertEquals(new SchemaCopyResult(1, 1, 0), activities.copySchemas(request));

      int midRun = producer.register("orders-value", "AVRO",
          "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null}]}");
      assertEquals(List.of("orders-value/2: missing on the target", "schema id " + midRun + ": found on the source only"),
          activities.verifySchemas(request).differences());
      assertEquals(new SchemaCopyResult(1, 1, 1), activities.copySchemas(request));
      assertEquals("schemas match: 1 subjects, 2 versions, 2 schema ids", activities.verifySchemas(request).summary());
      ConfluentRegistryClient target = ConfluentRegistryClient.connect(ApicurioImportWriter.confluentApi(targetRegistry.baseUrl().toString()));
      assertEquals(midRun, target.version("orders-value", 2).orElseThrow().id());

      assertEquals("READWRITE", activities.readSourceMode(registry));
      activities.setSourceMode(new SourceModeRequest(registry, "READONLY"));
      activities.setSourceMode(new SourceModeRequest(registry, "READONLY"));
      assertEquals("READONLY", activities.readSourceMode(registry));
      assertEquals("READWRITE", target.mode());
      activities.setSourceMode(new SourceModeRequest(registry, "READWRITE"));
      assertEquals("READWRITE", activities.readSourceMode(registry));
    }
  }
}
