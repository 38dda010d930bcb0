package dev.runbook.airflow.client;

/**
 * An Airflow connection without its password, which the APIs never return: Airflow 2 omits it,
 * Airflow 3 masks it. {@code password} tells what the API revealed about it. {@code extra} is the
 * raw JSON string (sensitive keys inside it masked by Airflow 3).
 */
public record Connection(
    String connectionId,
    String connType,
    String description,
    String host,
    String login,
    String schema,
    Integer port,
    String extra,
    PasswordState password) {

  /** What the API revealed about a connection's password. */
  public enum PasswordState {
    /** Masked: a password is set. */
    SET,
    /** Explicitly empty. */
    NOT_SET,
    /** The API does not say (Airflow 2, or a request body). */
    UNKNOWN
  }

  /** A connection to create or update, before any API has seen it. */
  public static Connection of(String connectionId, String connType, String host, Integer port, String login,
      String schema, String extra, String description) {
    return new Connection(connectionId, connType, description, host, login, schema, port, extra, PasswordState.UNKNOWN);
  }
}
