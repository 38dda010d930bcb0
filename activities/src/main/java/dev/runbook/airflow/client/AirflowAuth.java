package dev.runbook.airflow.client;

import java.util.Objects;

/**
 * How the client authenticates. Values are resolved from secret references at the edge and never
 * appear in {@code toString}, logs or exception messages.
 */
public sealed interface AirflowAuth {

  /**
   * A user of the Airflow deployment: on Airflow 3 exchanged for a JWT via {@code POST /auth/token}
   * (and exchanged again when the token expires), on Airflow 2 sent as HTTP basic auth.
   */
  record UsernamePassword(String username, String password) implements AirflowAuth {
    public UsernamePassword {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "UsernamePassword[username=" + username + ", password=<redacted>]";
    }
  }

  /** A ready bearer token, such as an Astronomer deployment API token, sent as is. */
  record BearerToken(String token) implements AirflowAuth {
    public BearerToken {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "BearerToken[<redacted>]";
    }
  }
}
