package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.testkit.registry.ApicurioRegistry;
import dev.runbook.testkit.registry.SerdeRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real Apicurio Registry 3.3.3 instances: the source read through its Confluent API (playing
 * Confluent Cloud), the target written through its admin import. Each test uses its own subjects.
 */
class SchemaCopyIT {

  private static ApicurioRegistry sourceRegistry;
  private static ApicurioRegistry targetRegistry;
  private static SerdeRegistryClient producer;
  private static ConfluentRegistryClient source;
  private static ConfluentRegistryClient target;
  private static ApicurioImportWriter writer;

  @BeforeAll
  static void startRegistries() {
    sourceRegistry = ApicurioRegistry.start("source");
    targetRegistry = ApicurioRegistry.start("target");
    producer = new SerdeRegistryClient(sourceRegistry.confluentApi());
    producer.compatibility(null, "BACKWARD");
    source = ConfluentRegistryClient.connect(sourceRegistry.confluentApi().toString());
    target = ConfluentRegistryClient.connect(ApicurioImportWriter.confluentApi(targetRegistry.baseUrl().toString()));
    writer = new ApicurioImportWriter(ConfluentRegistryClient.defaultHttpClient(), targetRegistry.baseUrl().toString(), null, null);
  }

  @AfterAll
  static void stopRegistries() {
    targetRegistry.close();
    sourceRegistry.close();
  }

  @Test
  void copiesEveryVersionWithItsIdReferencesSoftDeletesAndCompatibility() {
    int address = producer.register("address-value", "AVRO", record("Address", "street"));
    int orderV1 = producer.register("orders-value", "AVRO", order(""), new SerdeRegistryClient.Reference("shop.Address", "address-value", 1));
    int orderV2 = producer.register("orders-value", "AVRO", order(",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}"),
        new SerdeRegistryClient.Reference("shop.Address", "address-value", 1));
    producer.compatibility("orders-key", "NONE");
    int keyV1 = producer.register("orders-key", "AVRO", "\"string\"");
    int keyV2 = producer.register("orders-key", "AVRO", "\"long\"");
    producer.softDelete("orders-key", 2);
    producer.compatibility("orders-value", "FULL");
    int payment = producer.register("payments-value", "JSON", "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}}}");
    producer.register("unrelated-value", "AVRO", "\"bytes\"");

    RegistryContents all = RegistryDiscovery.readAll(source);
    Set<String> subjects = SubjectChoice.select(all, null, null, List.of("orders", "payments"));
    assertEquals(Set.of("address-value", "orders-key", "orders-value", "payments-value"), subjects);
    SchemaCopyPlan plan = SchemaCopy.plan(RegistryDiscovery.read(source, subjects), target);
    assertEquals(List.of("address-value/1", "orders-key/1", "orders-key/2", "orders-value/1", "orders-value/2", "payments-value/1"),
        plan.versions().stream().map(SchemaVersion::label).toList());
    assertEquals(Map.of("orders-key", "NONE", "orders-value", "FULL"), plan.subjectCompatibility());
    SchemaCopy.apply(plan, writer);

    assertEquals(orderV2, target.version("orders-value", 2).orElseThrow().id());
    assertEquals(List.of(1), target.versions("orders-key", false));
    assertEquals(List.of(1, 2), target.versions("orders-key", true));
    assertEquals("\"long\"", target.schemaById(keyV2).orElseThrow().schema());
    assertEquals("FULL", target.effectiveCompatibility("orders-value"));
    assertEquals("NONE", target.effectiveCompatibility("orders-key"));
    assertEquals("BACKWARD", target.compatibility());
    SchemaVerification.Result verified = SchemaVerification.verify(source, target, subjects);
    assertEquals(List.of(), verified.differences());
    assertEquals(6, verified.versions());
    assertEquals(Set.of(address, orderV1, orderV2, keyV1, keyV2, payment).size(), verified.ids());
    assertFalse(target.subjects(true).contains("unrelated-value"));

    SchemaCopyPlan again = SchemaCopy.plan(RegistryDiscovery.read(source, subjects), target);
    assertTrue(again.nothingToDo(), again.toString());
    assertEquals(6, again.alreadyPresent());
  }

  @Test
  void aVersionRegisteredOnTheSourceLaterArrivesWithItsId() {
    producer.register("invoices-value", "AVRO", record("Invoice", "number"));
    SchemaCopy.apply(SchemaCopy.plan(RegistryDiscovery.read(source, List.of("invoices-value")), target), writer);
    int later = producer.register("invoices-value", "AVRO", record("Invoice", "number") .replace("]}",
        ",{\"name\":\"due\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));

    SchemaCopyPlan plan = SchemaCopy.plan(RegistryDiscovery.read(source, List.of("invoices-value")), target);
    assertEquals(List.of("invoices-value/2"), plan.versions().stream().map(SchemaVersion::label).toList());
    SchemaCopy.apply(plan, writer);

    assertEquals(later, target.version("invoices-value", 2).orElseThrow().id());
    assertEquals(List.of(), SchemaVerification.verify(source, target, List.of("invoices-value")).differences());
  }

  @Test
  void aVersionSoftDeletedOnTheSourceAfterTheCopyIsSoftDeletedOnTheTargetAndTheSubjectKeepsItsMode() {
    producer.register("shipments-value", "AVRO", record("Shipment", "carrier"));
    int kept = producer.register("shipments-value", "AVRO", record("Shipment", "carrier").replace("]}",
        ",{\"name\":\"eta\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    producer.mode("shipments-value", "READONLY");
    SchemaCopyPlan first = SchemaCopy.plan(RegistryDiscovery.read(source, List.of("shipments-value")), target);
    assertEquals(Map.of("shipments-value", "READONLY"), first.subjectModes());
    SchemaCopy.apply(first, writer);
    assertEquals("READONLY", target.effectiveMode("shipments-value"));

    producer.softDelete("shipments-value", 1);
    SchemaCopyPlan plan = SchemaCopy.plan(RegistryDiscovery.read(source, List.of("shipments-value")), target);
    assertEquals(List.of(), plan.conflicts());
    assertEquals(List.of("shipments-value/1"), plan.softDeletes().stream().map(SchemaVersion::label).toList());
    assertEquals(Map.of(), plan.subjectModes());
    SchemaCopy.apply(plan, writer);

    assertEquals(List.of(2), target.versions("shipments-value", false));
    assertEquals(List.of(1, 2), target.versions("shipments-value", true));
    assertEquals(kept, target.version("shipments-value", 2).orElseThrow().id());
    assertEquals(List.of(), SchemaVerification.verify(source, target, List.of("shipments-value")).differences());
    assertTrue(SchemaCopy.plan(RegistryDiscovery.read(source, List.of("shipments-value")), target).nothingToDo());
  }

  @Test
  void refusesBeforeAnyWriteWhenAnIdIsTakenOnTheTargetByOtherContent() {
    int id = producer.register("refunds-value", "AVRO", record("Refund", "reason"));
    SchemaVersion squatter = new SchemaVersion("squatter-value", 1, id, "AVRO", record("Squatter", "x"), List.of(), false);
    writer.write(new SchemaCopyPlan(List.of(squatter), Set.of("squatter-value"), Map.of(), null, List.of(), Map.of(), List.of(), 0));

    SchemaCopyPlan plan = SchemaCopy.plan(RegistryDiscovery.read(source, List.of("refunds-value")), target);
    SchemaConflictException refused = assertThrows(SchemaConflictException.class, () -> SchemaCopy.apply(plan, writer));

    assertEquals("1 conflict(s) on " + targetRegistry.baseUrl() + ", nothing written: schema id " + id
        + " of refunds-value/1 is taken on the target by different content", refused.getMessage());
    assertEquals(List.of(), target.versions("refunds-value", true));
    List<String> differences = SchemaVerification.verify(source, target, List.of("refunds-value")).differences();
    assertTrue(differences.contains("refunds-value: on the source only"), differences.toString());
  }

  private static String record(String name, String field) {
    return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"" + field
        + "\",\"type\":\"string\"}]}";
  }

  private static String order(String extraFields) {
    return "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
        + "{\"name\":\"address\",\"type\":\"shop.Address\"}" + extraFields + "]}";
  }
}
