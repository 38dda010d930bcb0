package dev.runbook.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.plan.PlanFiles;
import dev.runbook.plan.SchemaRegistryEndpoint;
import dev.runbook.plan.SecretRef;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plan's optional {@code schemaRegistry} section: read, defaulted to absent, and its mistakes named in one line each. */
class SchemaRegistryPlanTest {

  static final String WITH_REGISTRY = KafkaPlanValidatorTest.VALID + """
      schemaRegistry:
        source:
          url: https://psrc-1.eu-west-1.aws.confluent.cloud
          username: {env: SR_KEY}
          password: {secret: schema-registry, key: secret}
        target: {url: "http://apicurio.registry:8080", kind: apicurio}
        subjects: {include: "orders.*", exclude: ".*-test-value"}
        lockSourceAtCutover: false
      """;

  @Test
  void readsTheSectionWithReferencesOnly() {
    KafkaMigrationPlan plan = PlanFiles.parse("plan.yaml", WITH_REGISTRY, KafkaMigrationPlan.class);
    assertEquals(List.of(), KafkaPlanValidator.validate(plan));
    assertEquals(new KafkaMigrationPlan.SchemaRegistry(
            new SchemaRegistryEndpoint("https://psrc-1.eu-west-1.aws.confluent.cloud", null,
                SecretRef.env("SR_KEY"), new SecretRef(null, "schema-registry", "secret", null)),
            new SchemaRegistryEndpoint("http://apicurio.registry:8080", SchemaRegistryEndpoint.Kind.APICURIO, null, null),
            new KafkaMigrationPlan.SubjectSelection("orders.*", ".*-test-value"), false),
        plan.schemaRegistry());
    assertFalse(plan.schemaRegistry().locksSourceAtCutover());
  }

  @Test
  void theSourceIsLockedAtCutoverUnlessThePlanSaysNot() {
    String unsaid = WITH_REGISTRY.replace("  lockSourceAtCutover: false\n", "");
    assertTrue(PlanFiles.parse("plan.yaml", unsaid, KafkaMigrationPlan.class).schemaRegistry().locksSourceAtCutover());
  }

  @Test
  void aPlanWithoutTheSectionHasNoSchemaPhase() {
    assertNull(PlanFiles.parse("plan.yaml", KafkaPlanValidatorTest.VALID, KafkaMigrationPlan.class).schemaRegistry());
  }

  static Stream<Arguments> badSections() {
    return Stream.of(
        bad("no target", p -> p.replace("  target: {url: \"http://apicurio.registry:8080\", kind: apicurio}\n", ""),
            "schemaRegistry.target: missing"),
        bad("target without kind", p -> p.replace(", kind: apicurio}", "}"),
            "schemaRegistry.target.kind: missing (confluent or apicurio)"),
        bad("Apicurio as the kind of a source", p -> p.replace("    url: https://psrc-1", "    kind: apicurio\n    url: https://psrc-1"),
            "schemaRegistry.source.kind: a source is read through Confluent's API; leave kind out"
                + " (an Apicurio source: url <root>/apis/ccompat/v7)"),
        bad("not a URL", p -> p.replace("url: https://psrc-1.eu-west-1.aws.confluent.cloud", "url: psrc-1"),
            "schemaRegistry.source.url: 'psrc-1' is not an http(s) URL"),
        bad("credentials over plain http", p -> p.replace("url: https://psrc-1", "url: http://psrc-1"),
            "schemaRegistry.source.url: credentials only go over https (or to a loopback address), not to "
                + "http://psrc-1.eu-west-1.aws.confluent.cloud"),
        bad("key without secret", p -> p.replace("    password: {secret: schema-registry, key: secret}\n", ""),
            "schemaRegistry.source.password: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})"),
        bad("target is the source", p -> p.replace("url: \"http://apicurio.registry:8080\"", "url: https://psrc-1.eu-west-1.aws.confluent.cloud/"),
            "schemaRegistry.target.url: the same registry as the source"),
        bad("unfilled URL", p -> p.replace("url: https://psrc-1.eu-west-1.aws.confluent.cloud", "url: FILL-ME"),
            "schemaRegistry.source.url: placeholder not filled"),
        bad("bad subject regex", p -> p.replace("include: \"orders.*\", exclude", "include: \"orders[\", exclude"),
            "schemaRegistry.subjects.include: 'orders[' is not a valid regular expression (Unclosed character class)"));
  }

  static Arguments bad(String name, UnaryOperator<String> mistake, String error) {
    return Arguments.of(name, mistake, error);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSections")
  void namesTheMistake(String name, UnaryOperator<String> mistake, String error) {
    String text = mistake.apply(WITH_REGISTRY);
    assertEquals(List.of(error), KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", text, KafkaMigrationPlan.class)), text);
  }

  @Test
  void anUnknownKindIsAStructureError() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PlanFiles.parse("plan.yaml",
        WITH_REGISTRY.replace("kind: apicurio", "kind: karapace"), KafkaMigrationPlan.class));
    assertEquals("plan.yaml: schemaRegistry.target.kind: 'karapace' is not one of confluent, apicurio", refused.getMessage());
  }
}
