package dev.runbook.tools;

import dev.runbook.plan.AirflowEndpoint;
import dev.runbook.plan.SecretRef;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an operator names an Airflow instance and its credentials: the URL, and either an environment
 * variable holding a bearer token (an Astronomer deployment API token) or two holding a username and
 * password. Checked before anything is called; only variable names appear in errors.
 */
record AirflowLogin(String url, String tokenEnv, String userEnv, String passwordEnv) {

  private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s/]+(/\\S*)?");

  /** The endpoint as the runbook's plans name it; @throws IllegalArgumentException saying which option to fix */
  AirflowEndpoint endpoint(Map<String, String> environment, String optionPrefix) {
    if (!HTTP_URL.matcher(url).matches()) {
      throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
    }
    boolean token = tokenEnv != null;
    boolean user = userEnv != null || passwordEnv != null;
    if (token == user || (user && (userEnv == null || passwordEnv == null))) {
      throw new IllegalArgumentException("give --" + optionPrefix + "token-env VAR, or --" + optionPrefix
          + "user-env VAR and --" + optionPrefix + "password-env VAR");
    }
    if (token) {
      present(environment, tokenEnv, optionPrefix + "token-env");
      return new AirflowEndpoint(url, SecretRef.env(tokenEnv), null, null);
    }
    present(environment, userEnv, optionPrefix + "user-env");
    present(environment, passwordEnv, optionPrefix + "password-env");
    return new AirflowEndpoint(url, null, SecretRef.env(userEnv), SecretRef.env(passwordEnv));
  }

  private static void present(Map<String, String> environment, String variable, String option) {
    if (environment.get(variable) == null || environment.get(variable).isEmpty()) {
      throw new IllegalArgumentException("environment variable " + variable + " (--" + option + ") is not set");
    }
  }
}
