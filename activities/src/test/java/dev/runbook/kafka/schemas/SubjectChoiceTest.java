package dev.runbook.kafka.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which subjects move: the migrated topics' by default, the patterns' otherwise, and always what they reference. */
class SubjectChoiceTest {

  private static final RegistryContents SOURCE = new RegistryContents("BACKWARD", "READWRITE", List.of(
      subject("common-value"),
      subject("address-value", new SchemaReference("shop.Common", "common-value", 1)),
      subject("orders-key"),
      subject("orders-value", new SchemaReference("shop.Address", "address-value", 1)),
      subject("orders-test-value"),
      subject("payments-value")));

  @Test
  void byDefaultTheKeyAndValueSubjectsOfTheMigratedTopicsAndTheirReferencesTransitively() {
    assertEquals(Set.of("orders-key", "orders-value", "address-value", "common-value"),
        SubjectChoice.select(SOURCE, null, null, List.of("orders", "shipments")));
  }

  @Test
  void patternsReplaceTheTopicsButReferencesStillMoveEvenWhenExcluded() {
    assertEquals(Set.of("orders-key", "orders-value", "address-value", "common-value"),
        SubjectChoice.select(SOURCE, "orders-.*", "orders-test-.*|address-value", List.of()));
  }

  private static SubjectSchemas subject(String name, SchemaReference... references) {
    return new SubjectSchemas(name, null, null, List.of(new SchemaVersion(name, 1, name.hashCode(), "AVRO", "\"string\"",
        List.of(references), false)));
  }
}
