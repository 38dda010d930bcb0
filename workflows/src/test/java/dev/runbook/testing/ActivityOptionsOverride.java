package dev.runbook.testing;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import java.util.Map;

/**
 * A worker interceptor that merges options over those the workflow gives some activity types, by
 * activity type name: a test's worker shortens a heartbeat timeout (a killed worker is noticed in
 * seconds) or a retry policy (a park is seen in seconds) without the workflow code knowing.
 */
public final class ActivityOptionsOverride extends WorkerInterceptorBase {

  private final Map<String, ActivityOptions> byActivityType;

  public ActivityOptionsOverride(Map<String, ActivityOptions> byActivityType) {
    this.byActivityType = Map.copyOf(byActivityType);
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
          @Override
          public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
            ActivityOptions override = byActivityType.get(input.getActivityName());
            if (override == null) {
              return super.executeActivity(input);
            }
            ActivityOptions merged = ActivityOptions.newBuilder(input.getOptions()).mergeActivityOptions(override).build();
            return super.executeActivity(new ActivityInput<>(input.getActivityName(), input.getResultClass(),
                input.getResultType(), input.getArgs(), merged, input.getHeader()));
          }
        });
      }
    };
  }
}
