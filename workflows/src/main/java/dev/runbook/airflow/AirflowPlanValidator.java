package dev.runbook.airflow;

import static dev.runbook.plan.PlanChecks.blank;
import static dev.runbook.plan.PlanChecks.isKubernetesName;
import static dev.runbook.plan.PlanChecks.kubernetesName;
import static dev.runbook.plan.PlanChecks.positive;
import static dev.runbook.plan.PlanChecks.require;
import static dev.runbook.plan.PlanChecks.secret;

import dev.runbook.airflow.AirflowActivities.ConnectionInfo;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import dev.runbook.kernel.ApprovalChecks;
import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.PlanChecks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks an Airflow plan before anything changes: {@link #validate} needs nothing but the plan (the
 * CLI's {@code --dry-run} and the workflow's first line), {@link #againstSource} compares it with
 * what discovery found. Each error names the field it concerns.
 */
public final class AirflowPlanValidator {

  private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s/]+(/\\S*)?");
  private static final Pattern LOOPBACK = Pattern.compile("(?i)http://(localhost|127(\\.\\d{1,3}){3}|\\[::1])(:\\d+)?(/\\S*)?");

  private AirflowPlanValidator() {}

  public static List<String> validate(AirflowMigrationPlan plan) {
    if (plan == null) {
      return List.of("the plan is empty");
    }
    List<String> errors = new ArrayList<>();
    if (require(errors, plan.migrationId(), "migrationId") && !isKubernetesName(plan.migrationId())) {
      errors.add("migrationId: '" + plan.migrationId() + "' must be lower-case letters, digits and '-' (it names files and ids)");
    }
    if (plan.source() == null) {
      errors.add("source: missing");
    } else {
      endpoint(errors, plan.source().api(), "source.api");
      astro(errors, plan.source().astro());
    }
    if (plan.target() == null) {
      errors.add("target: missing");
    } else {
      endpoint(errors, plan.target().api(), "target.api");
      kubernetesName(errors, plan.target().namespace(), "target.namespace");
      kubernetesName(errors, plan.target().release(), "target.release");
    }
    if (plan.source() != null && plan.target() != null && plan.source().api() != null && plan.target().api() != null
        && plan.source().api().url() != null
        && plan.source().api().normalizedUrl().equals(plan.target().api().normalizedUrl())) {
      errors.add("target.api.url: '" + plan.target().api().url() + "' is the source itself (source.api.url)");
    }
    if (plan.metadata() != null) {
      new TreeMap<>(plan.metadata().variables()).forEach((key, ref) -> secret(errors, ref, "metadata.variables." + key, true));
      new TreeMap<>(plan.metadata().connectionPasswords()).forEach((id, ref) -> secret(errors, ref, "metadata.connectionPasswords." + id, true));
    }
    dags(errors, plan.dags());
    if (plan.cutover() != null) {
      positive(errors, plan.cutover().drainTimeout(), "cutover.drainTimeout");
      if (plan.cutover().maxMarkedRuns() != null && plan.cutover().maxMarkedRuns() < 0) {
        errors.add("cutover.maxMarkedRuns: must be 0 or more, got " + plan.cutover().maxMarkedRuns());
      }
    }
    errors.addAll(ApprovalChecks.check(plan.approvals(), AirflowPlanDefaults.gates(plan)));
    return errors.stream().map(PlanChecks::printable).toList();
  }

  /** What the plan assumes about the source that discovery contradicts. */
  public static List<String> againstSource(AirflowMigrationPlan plan, SourceInventory source) {
    List<String> errors = new ArrayList<>();
    Set<String> dags = new HashSet<>(source.dags().stream().map(DagInfo::dagId).toList());
    if (AirflowPlanDefaults.shaped(plan)) {
      List<AirflowMigrationPlan.Batch> batches = plan.dags().batches();
      List<List<String>> resolved = AirflowPlanDefaults.batches(plan, source.dags());
      for (int i = 0; i < batches.size(); i++) {
        List<String> listed = batches.get(i).dags();
        for (int j = 0; j < listed.size(); j++) {
          if (!dags.contains(listed.get(j))) {
            errors.add("dags.batches[" + i + "].dags[" + j + "]: '" + listed.get(j) + "' is not a DAG of the source");
          }
        }
        if (resolved.get(i).isEmpty()) {
          errors.add("dags.batches[" + i + "]: selects no DAG of the source (tags " + batches.get(i).tags() + ", owners "
              + batches.get(i).owners() + ")");
        }
      }
    } else {
      List<String> order = plan.dags().order();
      for (int i = 0; i < order.size(); i++) {
        if (!dags.contains(order.get(i))) {
          errors.add("dags.order[" + i + "]: '" + order.get(i) + "' is not a DAG of the source");
        }
      }
    }
    if (plan.metadata() != null) {
      Set<String> variables = new HashSet<>(source.variables().stream().map(VariableInfo::key).toList());
      new TreeMap<>(plan.metadata().variables()).keySet().stream().filter(key -> !variables.contains(key))
          .forEach(key -> errors.add("metadata.variables." + key + ": the source has no variable '" + key + "'"));
      Set<String> connections = new HashSet<>(source.connections().stream().map(ConnectionInfo::connectionId).toList());
      new TreeMap<>(plan.metadata().connectionPasswords()).keySet().stream().filter(id -> !connections.contains(id))
          .forEach(id -> errors.add("metadata.connectionPasswords." + id + ": the source has no connection '" + id + "'"));
    }
    return errors;
  }

  private static void dags(List<String> errors, AirflowMigrationPlan.Dags dags) {
    if (dags == null) {
      errors.add("dags: missing");
      return;
    }
    if (dags.batches() != null && !dags.batches().isEmpty()) {
      shapedBatches(errors, dags);
    } else if (dags.order() == null || dags.order().isEmpty()) {
      errors.add("dags.order: list at least one DAG id");
    } else {
      Map<String, Integer> first = new HashMap<>();
      for (int i = 0; i < dags.order().size(); i++) {
        String dag = dags.order().get(i);
        String path = "dags.order[" + i + "]";
        if (require(errors, dag, path)) {
          Integer earlier = first.putIfAbsent(dag, i);
          if (earlier != null) {
            errors.add(path + ": '" + dag + "' is listed twice (also dags.order[" + earlier + "])");
          }
        }
      }
    }
    if (dags.batchSize() != null && dags.batchSize() < 1) {
      errors.add("dags.batchSize: must be at least 1, got " + dags.batchSize());
    }
    positive(errors, dags.parseTimeout(), "dags.parseTimeout");
  }

  /** Batches the operator shaped: each lists DAG ids or rules, no DAG id twice, and no order or batch size beside them. */
  private static void shapedBatches(List<String> errors, AirflowMigrationPlan.Dags dags) {
    if (dags.order() != null && !dags.order().isEmpty()) {
      errors.add("dags.order: give either order (with batchSize) or batches, not both");
    }
    if (dags.batchSize() != null) {
      errors.add("dags.batchSize: only with dags.order; dags.batches are sized by what they list");
    }
    Map<String, String> first = new HashMap<>();
    for (int i = 0; i < dags.batches().size(); i++) {
      AirflowMigrationPlan.Batch batch = dags.batches().get(i);
      String path = "dags.batches[" + i + "]";
      if (batch == null || (batch.dags().isEmpty() && batch.tags().isEmpty() && batch.owners().isEmpty())) {
        errors.add(path + ": list DAG ids (dags) or rules (tags, owners)");
        continue;
      }
      for (int j = 0; j < batch.dags().size(); j++) {
        String dag = batch.dags().get(j);
        String dagPath = path + ".dags[" + j + "]";
        if (require(errors, dag, dagPath)) {
          String earlier = first.putIfAbsent(dag, dagPath);
          if (earlier != null) {
            errors.add(dagPath + ": '" + dag + "' is listed twice (also " + earlier + ")");
          }
        }
      }
      for (int j = 0; j < batch.tags().size(); j++) {
        require(errors, batch.tags().get(j), path + ".tags[" + j + "]");
      }
      for (int j = 0; j < batch.owners().size(); j++) {
        require(errors, batch.owners().get(j), path + ".owners[" + j + "]");
      }
    }
  }

  private static void endpoint(List<String> errors, AirflowEndpoint endpoint, String path) {
    if (endpoint == null) {
      errors.add(path + ": missing");
      return;
    }
    if (require(errors, endpoint.url(), path + ".url") && !HTTP_URL.matcher(endpoint.url()).matches()) {
      errors.add(path + ".url: '" + endpoint.url() + "' is not an http(s) URL");
    }
    boolean token = endpoint.token() != null;
    boolean user = endpoint.username() != null || endpoint.password() != null;
    if (token == user) {
      errors.add(path + ": give either token, or username and password (secret references)");
      return;
    }
    secret(errors, endpoint.caCertificate(), path + ".caCertificate", false);
    if (endpoint.caCertificate() != null && plainHttp(endpoint.url())) {
      errors.add(path + ".caCertificate: only used with https; the url is " + endpoint.url());
    }
    if (token) {
      secret(errors, endpoint.token(), path + ".token", true);
      tokenOverHttps(errors, endpoint.url(), path + ".url");
    } else {
      secret(errors, endpoint.username(), path + ".username", true);
      secret(errors, endpoint.password(), path + ".password", true);
    }
  }

  private static void astro(List<String> errors, AirflowMigrationPlan.AstroDeployment astro) {
    if (astro == null) {
      return;
    }
    require(errors, astro.organizationId(), "source.astro.organizationId");
    require(errors, astro.deploymentId(), "source.astro.deploymentId");
    secret(errors, astro.apiToken(), "source.astro.apiToken", true);
    if (astro.apiUrl() != null && !HTTP_URL.matcher(astro.apiUrl()).matches()) {
      errors.add("source.astro.apiUrl: '" + astro.apiUrl() + "' is not an http(s) URL");
    } else {
      tokenOverHttps(errors, astro.apiUrl(), "source.astro.apiUrl");
    }
  }

  /** A bearer token works from anywhere it is replayed: it never travels in clear, except to this machine. */
  private static void tokenOverHttps(List<String> errors, String url, String path) {
    if (plainHttp(url) && !LOOPBACK.matcher(url).matches()) {
      errors.add(path + ": '" + url + "' would send the bearer token in clear; use https (a token goes over plain http "
          + "only to a loopback address)");
    }
  }

  private static boolean plainHttp(String url) {
    return url != null && HTTP_URL.matcher(url).matches() && url.regionMatches(true, 0, "http://", 0, 7);
  }
}
