package dev.runbook.http;

/**
 * A call to an outside REST API (Airflow, Astro, ...) that failed for good. The message names the
 * method, the endpoint and the server's reason; never a credential or a value sent in the body.
 */
public final class HttpApiException extends RuntimeException {

  /** Why the call failed, so callers can decide without parsing messages. */
  public enum Reason {
    /** 401: credentials missing, wrong or expired. */
    UNAUTHORIZED,
    /** 403: authenticated, but not allowed to do this. */
    FORBIDDEN,
    /** 404: the resource or the endpoint does not exist. */
    NOT_FOUND,
    /** 409: it already exists. */
    CONFLICT,
    /** 400 or 422: the request was malformed or failed validation. */
    INVALID_REQUEST,
    /** 429, 5xx or I/O errors persisted through every attempt. */
    RETRIES_EXHAUSTED,
    /** The server's certificate is not trusted (or names another host): repeating cannot help. */
    UNTRUSTED_SERVER,
    /** Any other status, or a response that cannot be read. */
    UNEXPECTED
  }

  private final Reason reason;
  private final int status;
  private final String endpoint;

  public HttpApiException(Reason reason, int status, String endpoint, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.status = status;
    this.endpoint = endpoint;
  }

  public Reason reason() {
    return reason;
  }

  /** The last HTTP status seen, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** Method and path of the failed call, e.g. {@code PATCH /api/v2/dags/etl}. */
  public String endpoint() {
    return endpoint;
  }

  static Reason reasonFor(int status) {
    return switch (status) {
      case 401 -> Reason.UNAUTHORIZED;
      case 403 -> Reason.FORBIDDEN;
      case 404 -> Reason.NOT_FOUND;
      case 409 -> Reason.CONFLICT;
      case 400, 422 -> Reason.INVALID_REQUEST;
      default -> Reason.UNEXPECTED;
    };
  }
}
