package dev.runbook.http;

/** Supplies the {@code Authorization} header of each attempt and may renew it after a 401. */
public interface RequestAuth {

  /** No {@code Authorization} header at all. */
  RequestAuth NONE = () -> null;

  /** The header value for the next attempt, or {@code null} to send none. */
  String authorizationHeader();

  /**
   * Called once per call after a 401: returns true when fresh credentials were obtained (an expired
   * token exchanged again) and the call is worth repeating.
   */
  default boolean renewAfterUnauthorized() {
    return false;
  }
}
