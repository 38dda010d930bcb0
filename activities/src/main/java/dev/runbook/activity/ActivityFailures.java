package dev.runbook.activity;

import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/** Runs a service inside an activity: a {@link ServiceFailure} becomes the ApplicationFailure of the same message and type. */
public final class ActivityFailures {

  private ActivityFailures() {}

  public static <T> T call(Supplier<T> service) {
    try {
      return service.get();
    } catch (ServiceFailure e) {
      throw of(e);
    }
  }

  public static void run(Runnable service) {
    try {
      service.run();
    } catch (ServiceFailure e) {
      throw of(e);
    }
  }

  public static ApplicationFailure of(ServiceFailure failure) {
    return failure.nonRetryable()
        ? ApplicationFailure.newNonRetryableFailure(failure.getMessage(), failure.type())
        : ApplicationFailure.newFailure(failure.getMessage(), failure.type());
  }
}
