package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.kafka.KafkaMigrationPlan.SchemaRegistry;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaCopyResult;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaRequest;
import dev.runbook.kafka.SchemaRegistryActivities.SchemaVerificationReport;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.testkit.registry.ApicurioRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schema phase's activities against two real Apicurio registries: copy, verify, a second copy that writes nothing, undo. */
class SchemaRegistryActivitiesIT {

  @Test
  void copiesTheTopicsSubjectsVerifiesThemAndTheUndoRemovesOnlyThem() {
    try (ApicurioRegistry sourceRegistry = ApicurioRegistry.start("phase-source");
        ApicurioRegistry targetRegistry = ApicurioRegistry.start("phase-target")) {
      SourceRegistry producer = new SourceRegistry(sourceRegistry.confluentApi());
      producer.register("orders-value", "AVRO", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[]}");
      producer.register("orders-value", "AVRO",
          "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null}]}");
      producer.register("orders-key", "AVRO", "\"string\"");
      producer.register("audit-value", "AVRO", "\"bytes\"");
      ConfluentRegistryClient target = ConfluentRegistryClient.connect(ApicurioImportWriter.confluentApi(targetRegistry.baseUrl().toString()));
      new ApicurioImportWriter(ConfluentRegistryClient.defaultHttpClient(), targetRegistry.baseUrl().toString(), null, null)
          .write(new SchemaCopyPlan(List.of(new SchemaVersion("kept-value", 1, 100, "AVRO", "\"int\"", List.of(), false)),
              Set.of("kept-value"), Map.of(), null, List.of(), 0));
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
}
