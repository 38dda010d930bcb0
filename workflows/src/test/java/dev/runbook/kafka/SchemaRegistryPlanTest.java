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

  /** The plan's producer with its registry settings: the URL in a ConfigMap, the target's user info from a Secret. */
  static final String PRODUCER_WITH_REGISTRY = WITH_REGISTRY.replace("bootstrap: {configMap: checkout, key: bootstrap},",
      "bootstrap: {configMap: checkout, key: bootstrap}, schemaRegistry: {url: {configMap: checkout, key: schema.registry.url},"
          + " userInfoEnv: SR_USER_INFO, targetUserInfo: {secret: apicurio-checkout, key: user-info}},");

  @Test
  void readsAnAppsRegistrySettings() {
    KafkaMigrationPlan plan = PlanFiles.parse("plan.yaml", PRODUCER_WITH_REGISTRY, KafkaMigrationPlan.class);
    assertEquals(List.of(), KafkaPlanValidator.validate(plan));
    assertEquals(new KafkaMigrationPlan.AppSchemaRegistry(
            new KafkaMigrationPlan.ConfigLocation(null, "checkout", null, "schema.registry.url"), "SR_USER_INFO",
            new SecretRef(null, "apicurio-checkout", "user-info", null)),
        plan.cutover().producers().get(0).schemaRegistry());
  }

  static Stream<Arguments> badAppSettings() {
    String path = "cutover.producers[0].schemaRegistry";
    return Stream.of(
        bad("no registry section", p -> p.substring(0, p.indexOf("schemaRegistry:\n  source:")),
            path + ": the plan has no schemaRegistry section (the registry the app is pointed at)"),
        bad("no url", p -> p.replace("url: {configMap: checkout, key: schema.registry.url}, ", ""),
            path + ".url: missing (where the app keeps its Schema Registry URL)"),
        bad("two url locations", p -> p.replace("{configMap: checkout, key: schema.registry.url}",
                "{env: SR_URL, configMap: checkout, key: schema.registry.url}"),
            path + ".url: give exactly one of env, configMap or secret"),
        bad("user info from the worker's env", p -> p.replace("{secret: apicurio-checkout, key: user-info}", "{env: SR_INFO}"),
            path + ".targetUserInfo: must be {secret: NAME, key: KEY} of namespace 'shop' (the app reads it through a"
                + " secretKeyRef, never the worker's env)"),
        bad("user info of another namespace", p -> p.replace("{secret: apicurio-checkout, key: user-info}",
                "{secret: apicurio-checkout, key: user-info, namespace: registry}"),
            path + ".targetUserInfo.namespace: 'registry' is not the app's namespace 'shop' (a secretKeyRef reads its own"
                + " namespace only)"),
        bad("user info without its env var", p -> p.replace(" userInfoEnv: SR_USER_INFO,", ""),
            path + ".userInfoEnv: missing (the env var that gets targetUserInfo)"),
        bad("a target asking for credentials the app is not given", p -> p
                .replace(", targetUserInfo: {secret: apicurio-checkout, key: user-info}", "")
                .replace("kind: apicurio}", "kind: apicurio, username: {env: AP_USER}, password: {env: AP_PASSWORD}}")
                .replace("\"http://apicurio.registry:8080\"", "https://apicurio.registry"),
            path + ".targetUserInfo: missing (the target registry asks for credentials: a Secret key of namespace 'shop'"
                + " holding user:password, given to the app through userInfoEnv)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAppSettings")
  void namesTheAppsMistake(String name, UnaryOperator<String> mistake, String error) {
    String text = mistake.apply(PRODUCER_WITH_REGISTRY);
    assertEquals(List.of(error), KafkaPlanValidator.validate(PlanFiles.parse("plan.yaml", text, KafkaMigrationPlan.class)), text);
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
