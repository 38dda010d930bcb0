package dev.runbook.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.HeldDag;
import dev.runbook.airflow.AirflowActivities.ProviderInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.TargetReadiness;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformParityTest {

  static final ProviderInfo K8S = new ProviderInfo("apache-airflow-providers-cncf-kubernetes", "10.4.0");
  static final ProviderInfo STANDARD = new ProviderInfo("apache-airflow-providers-standard", "1.21.0");
  static final ProviderInfo SQL = new ProviderInfo("apache-airflow-providers-common-sql", "2.4.0");

  @Test
  void namesAnOlderAirflowAndEveryProviderOrPluginTheTargetLacksWithTheDagsWhoseTasksUseIt() {
    PlatformParity parity = PlatformParity.compare(source("3.3.2", List.of(K8S, STANDARD, SQL), List.of("astro_helpers")),
        target("3.2.10", List.of(STANDARD, new ProviderInfo("apache-airflow-providers-common-sql", "2.3.9"))));

    assertEquals(List.of("Airflow 3.2.10 on the target is older than the source's 3.3.2: DAGs written for the source may not "
            + "parse or run there; upgrade the target's image first",
        "provider apache-airflow-providers-cncf-kubernetes 10.4.0: missing on the target (DAGs whose tasks use it: pod_job)",
        "provider apache-airflow-providers-common-sql: 2.3.9 on the target, older than the source's 2.4.0",
        "plugin astro_helpers: missing on the target (DAGs importing it fail there)"), parity.gaps());
    assertEquals(List.of(new HeldDag("pod_job", "its tasks use provider apache-airflow-providers-cncf-kubernetes 10.4.0, "
        + "missing on the target")), parity.needingMissingProviders(source("3.3.2", List.of(K8S), List.of()), List.of("pod_job", "etl")));
  }

  @Test
  void anImportErrorNamingAMissingProvidersModuleNamesTheProvider() {
    PlatformParity parity = PlatformParity.compare(source("3.3.2", List.of(K8S, STANDARD), List.of()), target("3.3.2", List.of(STANDARD)));

    assertEquals("needs provider apache-airflow-providers-cncf-kubernetes 10.4.0, missing on the target: etl.py: "
            + "ModuleNotFoundError: No module named 'airflow.providers.cncf.kubernetes.operators'",
        parity.explain(new HeldDag("etl", "etl.py: ModuleNotFoundError: No module named 'airflow.providers.cncf.kubernetes.operators'"))
            .reason());
    HeldDag other = new HeldDag("etl", "etl.py: ModuleNotFoundError: No module named 'astro_helpers'");
    assertEquals(other, parity.explain(other));
  }

  @Test
  void aNewerTargetAndRunsFromBeforeProvidersWereReadShowNoGap() {
    assertEquals(List.of(), PlatformParity.compare(source("2.10.5+astro.1", List.of(STANDARD), List.of()),
        target("3.3.2", List.of(new ProviderInfo("apache-airflow-providers-standard", "1.21.1")))).gaps());
    assertTrue(PlatformParity.compare(source("3.3.2", null, null), target("3.3.2", null)).gaps().isEmpty());
    assertTrue(PlatformParity.compareVersions("3.10.0", "3.9.9") > 0);
  }

  static SourceInventory source(String version, List<ProviderInfo> providers, List<String> plugins) {
    return new SourceInventory(null, version, "V2", List.of(
        dag("pod_job", List.of("airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator")),
        dag("etl", List.of("airflow.providers.standard.operators.python.PythonOperator"))),
        List.of(), List.of(), List.of(), List.of(), providers, plugins);
  }

  static TargetReadiness target(String version, List<ProviderInfo> providers) {
    return new TargetReadiness(List.of(), version, List.of(), providers, List.of());
  }

  static DagInfo dag(String id, List<String> operators) {
    return new DagInfo(id, false, null, false, false, List.of(), id + ".py", null, false, List.of("data"), operators);
  }
}
