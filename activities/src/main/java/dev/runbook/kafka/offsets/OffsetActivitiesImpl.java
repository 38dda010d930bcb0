package dev.runbook.kafka.offsets;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;

/**
 * Temporal adapter over {@link GroupOffsetMigration}: progress becomes heartbeats, permanent
 * problems become non-retryable failures typed by {@link OffsetFailureType}. Kafka errors that may
 * pass (timeouts, unavailable brokers) stay retryable.
 */
public final class OffsetActivitiesImpl implements OffsetActivities {

  private final GroupOffsetMigration migration;

  public OffsetActivitiesImpl(GroupOffsetMigration migration) {
    this.migration = migration;
  }

  @Override
  public GroupTranslationReport translateGroup(GroupTranslationRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      return migration.migrate(request, context::heartbeat);
    } catch (TranslationException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type().name());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), OffsetFailureType.INVALID_REQUEST.name());
    }
  }
}
