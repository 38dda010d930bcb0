package dev.runbook.kernel;

import dev.runbook.plan.PlanChecks;
import dev.runbook.plan.PlanFiles;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import java.io.IOException;

/**
 * Fails a run whose input the data converter cannot read (a plan sent as JSON by
 * {@code temporal workflow start --input} with a wrong type or an unknown enum value) at once, as
 * {@link FailureType#INVALID_PLAN} with one line naming the field. Without it the SDK fails the
 * workflow task instead, and retries it forever: a run that never starts and never ends. Every
 * worker serving the runbooks registers it.
 */
public final class UnreadableInputInterceptor extends WorkerInterceptorBase {

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
        try {
          super.init(outboundCalls);
        } catch (DataConverterException e) {
          throw FailureType.INVALID_PLAN.failure("the plan is unreadable: " + problem(e));
        }
      }
    };
  }

  /** The Jackson problem beneath the converter's wrapping, in the plan's words. */
  static String problem(DataConverterException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return PlanFiles.problem(io);
      }
    }
    return PlanChecks.printable(e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable"));
  }
}
