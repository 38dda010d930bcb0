package dev.runbook.airflow.astro;

import java.util.List;

/**
 * An Astronomer deployment as the Astro API describes it: what the runbook's discovery needs to
 * find the source Airflow and to list the environment variables the target must provide.
 *
 * @param runtimeVersion the Astro Runtime version ({@code astroRuntimeVersion}, formerly {@code runtimeVersion})
 * @param webServerAirflowApiUrl the deployment's Airflow REST API as Astro reports it, usually without scheme
 * @param status e.g. {@code HEALTHY}, {@code UNHEALTHY}, {@code DEPLOYING}, {@code HIBERNATING}
 */
public record AstroDeploymentInfo(
    String id,
    String name,
    String airflowVersion,
    String runtimeVersion,
    String webServerAirflowApiUrl,
    String status,
    String executor,
    List<EnvironmentVariable> environmentVariables) {

  public AstroDeploymentInfo {
    environmentVariables = List.copyOf(environmentVariables);
  }

  /** {@link #webServerAirflowApiUrl} as a URL to connect to: {@code https://} added when Astro left it out. */
  public String airflowApiUrl() {
    return webServerAirflowApiUrl.contains("://") ? webServerAirflowApiUrl : "https://" + webServerAirflowApiUrl;
  }

  /**
   * One environment variable of the deployment. Secret ones carry no value (Astro never returns
   * it, and this record would drop it if it did): their values must come from the plan's secret
   * references.
   */
  public record EnvironmentVariable(String key, String value, boolean secret) {

    public EnvironmentVariable {
      if (secret) {
        value = null;
      }
    }
  }
}
