package dev.runbook.testkit.world;

import dev.runbook.testkit.airflow.AirflowLabPaths;
import dev.runbook.testkit.airflow.AirflowPair;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Airflow runbook's world on one machine: two real Airflow 3 instances (the source playing
 * Astronomer), the official chart's release workloads and the plan's Secrets in a Kubernetes API,
 * and the lab plan's DAG files deployed to the target as git-sync would.
 */
public final class AirflowRehearsal implements AutoCloseable {

  public static final String NAMESPACE = "airflow";
  public static final String RELEASE = "airflow";

  /** The sample DAG files of {@code deploy/examples/airflow-lab-plan.yaml}. */
  public static final List<String> LAB_DAG_FILES = List.of("hourly_ingest.py", "daily_backfill_week.py",
      "paused_on_arrival.py", "pool_bound_load.py", "every_15_minutes.py", "reads_variable.py", "uses_connection.py",
      "manual_trigger_only.py");

  private final AirflowPair pair;

  private AirflowRehearsal(AirflowPair pair) {
    this.pair = pair;
  }

  /** Whether the project's venv holds Airflow ({@code scripts/python-tools.sh} installs it). */
  public static boolean installed() {
    return AirflowLabPaths.discover().airflowInstalled();
  }

  /**
   * Starts a fresh pair at {@code placement} (instances an earlier pair left there are stopped and their
   * homes deleted), prepares {@code kubernetes} and deploys the lab's DAGs to the target.
   */
  public static AirflowRehearsal start(KubernetesClient kubernetes, AirflowLabPaths paths, AirflowPair.Placement placement) {
    AirflowPair pair = AirflowPair.startFresh(paths, placement);
    prepareKubernetes(kubernetes, pair);
    pair.deployToTarget(LAB_DAG_FILES.toArray(String[]::new));
    return new AirflowRehearsal(pair);
  }

  /** The release's workloads (all ready) and the Secrets the lab plan refers to. */
  public static void prepareKubernetes(KubernetesClient kubernetes, AirflowPair pair) {
    Map<String, String> labels = Map.of("tier", "airflow", "release", RELEASE);
    for (String component : List.of("scheduler", "api-server", "dag-processor")) {
      kubernetes.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
          .withNewMetadata().withName(RELEASE + "-" + component).withLabels(labels).addToLabels("component", component).endMetadata()
          .withNewSpec().withReplicas(1).endSpec()
          .withNewStatus().withReadyReplicas(1).withReplicas(1).endStatus()
          .build()).create();
    }
    kubernetes.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(RELEASE + "-triggerer").withLabels(labels).addToLabels("component", "triggerer").endMetadata()
        .withNewSpec().withReplicas(1).endSpec()
        .withNewStatus().withReadyReplicas(1).withReplicas(1).endStatus()
        .build()).create();
    kubernetes.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName("airflow-migration").endMetadata()
        .addToData("partner_api_key", base64("not-a-real-key-0001"))
        .addToData("warehouse_db_password", base64("not-a-real-password"))
        .build()).create();
    kubernetes.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName("airflow-admin").endMetadata()
        .addToData("password", base64(pair.target().password()))
        .build()).create();
  }

  /** The worker environment the lab plan's {@code env} references name. */
  public static Map<String, String> workerEnvironment(AirflowPair pair) {
    return Map.of("AIRFLOW_SOURCE_USER", pair.source().username(), "AIRFLOW_SOURCE_PASSWORD", pair.source().password(),
        "AIRFLOW_TARGET_USER", pair.target().username());
  }

  /** The lab plan's text with this pair's URLs filled in. */
  public static String plan(String template, AirflowPair pair) {
    return template.replace("SOURCE_URL", pair.source().baseUrl().toString())
        .replace("TARGET_URL", pair.target().baseUrl().toString());
  }

  public AirflowPair pair() {
    return pair;
  }

  @Override
  public void close() {
    pair.close();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
