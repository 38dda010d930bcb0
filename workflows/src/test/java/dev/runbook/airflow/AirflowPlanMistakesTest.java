package dev.runbook.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.plan.PlanFiles;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad Airflow plans as an operator writes them, one mistake each, and the exact errors they get. */
class AirflowPlanMistakesTest {

  static final String VALID = """
      migrationId: analytics-airflow
      source:
        api:
          url: https://acme.astronomer.run/d1a2b3c4
          token: {secret: astro-deployment-token, key: token, namespace: runbook}
        astro:
          organizationId: clx0org123
          deploymentId: clx0dep456
          apiToken: {secret: astro-api-token, key: token, namespace: runbook}
      target:
        api:
          url: http://airflow-api-server.airflow.svc:8080
          username: {secret: airflow-runbook-user, key: username}
          password: {secret: airflow-runbook-user, key: password}
        namespace: airflow
        release: airflow
      metadata:
        onConflict: FAIL
        variables:
          partner_api_key: {secret: airflow-migration, key: partner_api_key}
        connectionPasswords:
          warehouse_db: {env: WAREHOUSE_DB_PASSWORD}
      dags:
        order: [hourly_ingest, taskflow_etl, daily_report]
        batchSize: 2
        parseTimeout: PT10M
      cutover:
        drainTimeout: PT30M
        onIntervalRisk: MARK_DONE
        maxMarkedRuns: 100
      approvals:
        defaults: {approvers: [alice, bob], minApprovers: 1, timeout: PT4H}
        operators: [alice, bob, oncall]
      """;

  static Stream<Arguments> badPlans() {
    return Stream.of(
        bad("migration id with spaces", p -> p.replace("migrationId: analytics-airflow", "migrationId: Analytics Airflow"),
            "migrationId: 'Analytics Airflow' must be lower-case letters, digits and '-' (it names files and ids)"),
        bad("no migration id", p -> p.replace("migrationId: analytics-airflow\n", ""),
            "migrationId: missing"),
        bad("source URL that is not http", p -> p.replace("url: https://acme.astronomer.run/d1a2b3c4", "url: ftp://acme.astronomer.run"),
            "source.api.url: 'ftp://acme.astronomer.run' is not an http(s) URL"),
        bad("source without credentials", p -> p.replace("    token: {secret: astro-deployment-token, key: token, namespace: runbook}\n", ""),
            "source.api: give either token, or username and password (secret references)"),
        bad("source with a token and a password", p -> p.replace("    token: {secret: astro-deployment-token, key: token, namespace: runbook}\n",
                "    token: {env: ASTRO_TOKEN}\n    password: {env: ASTRO_PASSWORD}\n"),
            "source.api: give either token, or username and password (secret references)"),
        bad("bearer token over plain http", p -> p.replace("url: https://acme.astronomer.run/d1a2b3c4", "url: http://acme.astronomer.run/d1a2b3c4"),
            "source.api.url: 'http://acme.astronomer.run/d1a2b3c4' would send the bearer token in clear; use https "
                + "(a token goes over plain http only to a loopback address)"),
        bad("Astro API over plain http", p -> p.replace("    deploymentId: clx0dep456\n", "    deploymentId: clx0dep456\n    apiUrl: http://api.astronomer.io/v1\n"),
            "source.astro.apiUrl: 'http://api.astronomer.io/v1' would send the bearer token in clear; use https "
                + "(a token goes over plain http only to a loopback address)"),
        bad("CA certificate for a plain http target", p -> p.replace("  namespace: airflow\n", "    caCertificate: {env: AIRFLOW_CA}\n  namespace: airflow\n"),
            "target.api.caCertificate: only used with https; the url is http://airflow-api-server.airflow.svc:8080"),
        bad("CA certificate reference without key", p -> p.replace("    token: {secret: astro-deployment-token, key: token, namespace: runbook}\n",
                "    token: {secret: astro-deployment-token, key: token, namespace: runbook}\n    caCertificate: {secret: astro-ca}\n"),
            "source.api.caCertificate: a Secret reference needs both secret and key"),
        bad("token reference without key", p -> p.replace("token: {secret: astro-deployment-token, key: token, namespace: runbook}",
                "token: {secret: astro-deployment-token}"),
            "source.api.token: a Secret reference needs both secret and key"),
        bad("token reference naming env and secret", p -> p.replace("token: {secret: astro-deployment-token, key: token, namespace: runbook}",
                "token: {env: T, secret: s, key: k}"),
            "source.api.token: give either env, or secret and key"),
        bad("target with a username but no password", p -> p.replace("    password: {secret: airflow-runbook-user, key: password}\n", ""),
            "target.api.password: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})"),
        bad("no target URL", p -> p.replace("url: http://airflow-api-server.airflow.svc:8080", "url: ''"),
            "target.api.url: missing"),
        bad("target that is the source", p -> p.replace("url: http://airflow-api-server.airflow.svc:8080",
                "url: https://acme.astronomer.run/d1a2b3c4/api/v2"),
            "target.api.url: 'https://acme.astronomer.run/d1a2b3c4/api/v2' is the source itself (source.api.url)"),
        bad("invalid target namespace", p -> p.replace("namespace: airflow\n", "namespace: Airflow_Prod\n"),
            "target.namespace: 'Airflow_Prod' is not a valid Kubernetes name"),
        bad("no Helm release", p -> p.replace("  release: airflow\n", ""),
            "target.release: missing"),
        bad("Astro deployment without id", p -> p.replace("    deploymentId: clx0dep456\n", ""),
            "source.astro.deploymentId: missing"),
        bad("Astro without API token", p -> p.replace("    apiToken: {secret: astro-api-token, key: token, namespace: runbook}\n", ""),
            "source.astro.apiToken: missing (a reference: {env: NAME} or {secret: NAME, key: KEY})"),
        bad("Astro API URL that is not http", p -> p.replace("    deploymentId: clx0dep456\n", "    deploymentId: clx0dep456\n    apiUrl: api.astronomer.io\n"),
            "source.astro.apiUrl: 'api.astronomer.io' is not an http(s) URL"),
        bad("secret variable without a key", p -> p.replace("partner_api_key: {secret: airflow-migration, key: partner_api_key}",
                "partner_api_key: {secret: airflow-migration}"),
            "metadata.variables.partner_api_key: a Secret reference needs both secret and key"),
        bad("connection password with an empty reference", p -> p.replace("warehouse_db: {env: WAREHOUSE_DB_PASSWORD}", "warehouse_db: {}"),
            "metadata.connectionPasswords.warehouse_db: give either env, or secret and key"),
        bad("no DAGs section", p -> p.replace("dags:\n  order: [hourly_ingest, taskflow_etl, daily_report]\n  batchSize: 2\n  parseTimeout: PT10M\n", ""),
            "dags: missing"),
        bad("empty DAG list", p -> p.replace("order: [hourly_ingest, taskflow_etl, daily_report]", "order: []"),
            "dags.order: list at least one DAG id"),
        bad("DAG listed twice", p -> p.replace("order: [hourly_ingest, taskflow_etl, daily_report]", "order: [hourly_ingest, taskflow_etl, hourly_ingest]"),
            "dags.order[2]: 'hourly_ingest' is listed twice (also dags.order[0])"),
        bad("blank DAG id", p -> p.replace("order: [hourly_ingest, taskflow_etl, daily_report]", "order: [hourly_ingest, '', daily_report]"),
            "dags.order[1]: missing"),
        bad("batch size zero", p -> p.replace("batchSize: 2", "batchSize: 0"),
            "dags.batchSize: must be at least 1, got 0"),
        bad("zero parse timeout", p -> p.replace("parseTimeout: PT10M", "parseTimeout: PT0S"),
            "dags.parseTimeout: must be positive, got PT0S"),
        bad("negative drain timeout", p -> p.replace("drainTimeout: PT30M", "drainTimeout: -PT30M"),
            "cutover.drainTimeout: must be positive, got PT-30M"),
        bad("negative marked runs", p -> p.replace("maxMarkedRuns: 100", "maxMarkedRuns: -1"),
            "cutover.maxMarkedRuns: must be 0 or more, got -1"),
        bad("no approvals", p -> p.substring(0, p.indexOf("approvals:")),
            "approvals: missing (who may decide the gates)"),
        bad("gate nobody may decide", p -> p.replace("approvers: [alice, bob], minApprovers: 1", "approvers: []"),
            "approvals.defaults.approvers: lists nobody; a gate needs at least one approver"),
        bad("more approvals than approvers", p -> p.replace("minApprovers: 1", "minApprovers: 3"),
            "approvals.defaults.minApprovers: 3 approvals required but only 2 approver(s) listed"),
        bad("zero gate timeout", p -> p.replace("timeout: PT4H", "timeout: PT0S"),
            "approvals.defaults.timeout: must be positive"),
        bad("policy for a batch the plan does not have", p -> p + "  gates:\n    batch-3: {approvers: [carol]}\n",
            "approvals.gates.batch-3: unknown gate; this plan's gates are: metadata, batch-1, batch-2, decommission"),
        bad("approver naming an undefined group", p -> p.replace("approvers: [alice, bob]", "approvers: [alice, \"group:data-eng\"]"),
            "approvals.defaults.approvers[1]: unknown group 'data-eng'; approvals.groups defines none"),
        bad("operator naming a misspelt group", p -> p.replace("operators: [alice, bob, oncall]", "operators: [\"group:on-call\"]")
                + "  groups: {oncall: [dora]}\n",
            "approvals.operators[0]: unknown group 'on-call'; approvals.groups defines: oncall"),
        bad("two-person decommission without the starter", p -> p + "  gates:\n    decommission: {approvers: [alice, bob], twoPerson: true}\n",
            "approvals.gates.decommission.twoPerson: needs approvals.startedBy, the person who started the run "
                + "(runbook start records it; add it to a plan started another way)"),
        bad("two-person batch gate whose only other approver is the starter's group", p -> p
                + "  startedBy: bob\n  groups: {data-eng: [bob, carol]}\n  gates:\n    batch-1: {approvers: [\"group:data-eng\"], twoPerson: true}\n",
            "approvals.gates.batch-1.twoPerson: 2 approvers other than 'bob', who started the run, are required but only 1 listed"),
        bad("several mistakes at once, in the plan's order", p -> p.replace("batchSize: 2", "batchSize: -2")
                .replace("release: airflow", "release: Airflow").replace("minApprovers: 1", "minApprovers: 5"),
            "target.release: 'Airflow' is not a valid Kubernetes name",
            "dags.batchSize: must be at least 1, got -2",
            "approvals.defaults.minApprovers: 5 approvals required but only 2 approver(s) listed"));
  }

  static Arguments bad(String name, UnaryOperator<String> mistake, String... errors) {
    return Arguments.of(name, mistake, List.of(errors));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  void namesTheMistake(String name, UnaryOperator<String> mistake, List<String> expected) {
    String text = mistake.apply(VALID);
    assertEquals(expected, AirflowPlanValidator.validate(PlanFiles.parse("plan.yaml", text, AirflowMigrationPlan.class)), text);
  }

  @Test
  void acceptsATokenOverPlainHttpOnlyToThisMachine() {
    for (String url : List.of("http://localhost:28080", "http://127.0.0.1:28080/", "http://[::1]:8080")) {
      String local = VALID.replace("url: https://acme.astronomer.run/d1a2b3c4", "url: " + url);
      assertEquals(List.of(), AirflowPlanValidator.validate(PlanFiles.parse("plan.yaml", local, AirflowMigrationPlan.class)), url);
    }
  }

  @Test
  void acceptsTheValidPlanAndAGroupedTwoPersonGateWithItsStarter() {
    assertEquals(List.of(), AirflowPlanValidator.validate(PlanFiles.parse("plan.yaml", VALID, AirflowMigrationPlan.class)));
    String fourEyes = VALID + "  groups: {data-eng: [bob, carol, dora]}\n  gates:\n"
        + "    decommission: {approvers: [alice, \"group:data-eng\"], twoPerson: true}\n";
    AirflowMigrationPlan started = PlanFiles.startedBy(PlanFiles.parse("plan.yaml", fourEyes, AirflowMigrationPlan.class), "alice");
    assertEquals("alice", started.approvals().startedBy());
    assertEquals(List.of(), AirflowPlanValidator.validate(started));
    assertEquals(List.of("alice", "bob", "carol", "dora"), started.approvals().approversOf("decommission"));
  }
}
