package dev.runbook.airflow.runbook;

import dev.runbook.airflow.AirflowActivities.AstroSummary;
import dev.runbook.airflow.AirflowActivities.ConnectionInfo;
import dev.runbook.airflow.AirflowActivities.DagInfo;
import dev.runbook.airflow.AirflowActivities.DiscoveryRequest;
import dev.runbook.airflow.AirflowActivities.ProviderInfo;
import dev.runbook.airflow.AirflowActivities.SourceInventory;
import dev.runbook.airflow.AirflowActivities.VariableInfo;
import dev.runbook.airflow.AirflowMigrationPlan.AstroDeployment;
import dev.runbook.airflow.astro.AstroClient;
import dev.runbook.airflow.client.AirflowClient;
import dev.runbook.airflow.client.Connection;
import dev.runbook.airflow.client.Dag;
import dev.runbook.airflow.client.DagDetails;
import dev.runbook.airflow.client.Pool;
import dev.runbook.airflow.client.Variable;
import dev.runbook.http.RetryPolicy;
import dev.runbook.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * What an Airflow instance holds, read through its REST API (and its Astro deployment's, when
 * named): DAGs with their schedules, last automated run, owners and operator classes, pools,
 * variables and connections by name (never values), import errors, provider packages and plugins. The runbook's discovery step and the operator CLI run this
 * same code.
 */
public final class AirflowDiscovery {

  private final AirflowClients airflow;
  private final SecretResolver secrets;

  public AirflowDiscovery(AirflowClients airflow, SecretResolver secrets) {
    this.airflow = airflow;
    this.secrets = secrets;
  }

  public SourceInventory discover(DiscoveryRequest request) {
    AstroSummary astro = request.astro() == null ? null : astro(request.astro());
    AirflowClient source = airflow.connect(request.source());
    List<DagInfo> dags = new ArrayList<>();
    for (Dag dag : source.listDags()) {
      if (dag.stale()) {
        continue;
      }
      Optional<DagDetails> details = source.findDagDetails(dag.dagId());
      dags.add(new DagInfo(dag.dagId(), dag.paused(), dag.schedule(), details.map(DagDetails::periodic).orElse(false),
          details.map(DagDetails::catchup).orElse(false), dag.tags(), dag.fileLocation(),
          DagReads.lastAutomatedRun(source, dag.dagId()), dag.hasImportErrors(), dag.owners(),
          dag.hasImportErrors() ? List.of() : source.operatorClasses(dag.dagId())));
    }
    return new SourceInventory(astro, source.version().version(), source.api().name(), dags,
        source.listPools().stream().map(Pool::name).toList(),
        source.listVariables().stream().map(v -> new VariableInfo(v.key(), v.isMasked())).toList(),
        source.listConnections().stream().map(c -> new ConnectionInfo(c.connectionId(), c.connType(),
            c.password() == Connection.PasswordState.SET, c.extra() != null && c.extra().contains(Variable.MASK))).toList(),
        source.importErrors().stream().map(DagReads::describe).toList(), providers(source), source.plugins());
  }

  static List<ProviderInfo> providers(AirflowClient client) {
    return client.providers().entrySet().stream().map(entry -> new ProviderInfo(entry.getKey(), entry.getValue())).toList();
  }

  private AstroSummary astro(AstroDeployment ref) {
    AstroClient astro = AstroClient.create(ref.apiUrl() == null ? AstroClient.DEFAULT_BASE_URL : ref.apiUrl(),
        secrets.resolve(ref.apiToken()), RetryPolicy.standard(), new OkHttpClient());
    var deployment = astro.deployment(ref.organizationId(), ref.deploymentId());
    return new AstroSummary(deployment.id(), deployment.name(), deployment.airflowVersion(), deployment.runtimeVersion(),
        deployment.status(),
        deployment.environmentVariables().stream().map(variable -> variable.key()).toList(),
        deployment.environmentVariables().stream().filter(variable -> variable.secret()).map(variable -> variable.key()).toList());
  }
}
