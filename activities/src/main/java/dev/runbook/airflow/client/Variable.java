package dev.runbook.airflow.client;

/**
 * An Airflow Variable. {@code value} is {@code null} where the API does not list values (Airflow 2's
 * list endpoint) and {@value #MASK} where Airflow masks a sensitive one (key containing
 * {@code password}, {@code secret}, {@code api_key}, ...): such values must come from the plan's
 * secret references, never from the source.
 */
public record Variable(String key, String value, String description) {

  public static final String MASK = "***";

  public boolean isMasked() {
    return MASK.equals(value);
  }
}
